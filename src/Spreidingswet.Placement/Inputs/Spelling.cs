namespace Spreidingswet.Placement.Inputs;

/// <summary>
/// Which known name a misspelt column or field most likely meant, for "Maybe 'keep_apart'?" hints.
/// A name is <em>close</em> to a known one when they are equal apart from case and the characters
/// other than letters and digits (<c>Keep-Apart</c>, <c>keepApart</c> and <c>keep_apart</c> are one
/// name), or when the edit distance (insertions, deletions, substitutions, transpositions) is at most
/// 2 for known names of 8 characters or more, 1 for 4 to 7 characters, and 0 below that.
/// </summary>
internal static class Spelling
{
    /// <summary>The known name <paramref name="name"/> is close to (see the class), or null.</summary>
    public static string? Close(string name, IEnumerable<string> known)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(known);
        var squashed = Squash(name);
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var k in known)
        {
            if (Squash(k) == squashed)
            {
                return k;
            }

            var d = Distance(name.ToLowerInvariant(), k.ToLowerInvariant());
            if (d <= Tolerance(k) && d < bestDistance)
            {
                best = k;
                bestDistance = d;
            }
        }

        return best;
    }

    /// <summary>The hint for an unknown name: "Maybe 'x'?" when one is close, otherwise the list of known names.</summary>
    public static string Hint(string name, IReadOnlyCollection<string> known, string what)
        => Close(name, known) is { } close ? $"Maybe '{close}'?" : $"The {what} are: {string.Join(", ", known)}.";

    private static int Tolerance(string known) => known.Length >= 8 ? 2 : known.Length >= 4 ? 1 : 0;

    private static string Squash(string s) => new([.. s.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant)]);

    /// <summary>The optimal string alignment distance (Damerau-Levenshtein without repeated edits of one substring).</summary>
    internal static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}

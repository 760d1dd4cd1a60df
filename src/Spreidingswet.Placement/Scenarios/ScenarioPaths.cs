using System.Text;
using Spreidingswet.Placement.Model;

namespace Spreidingswet.Placement.Scenarios;

/// <summary>
/// The files a scenario names: whether a path stays inside the scenario's folder (after <c>..</c> and
/// symbolic links), and errors about those files with the files' contents taken out.
/// </summary>
internal static class ScenarioPaths
{
    /// <summary>Longest value of an error about a file a scenario names that is shown as it is.</summary>
    internal const int MaxShownValue = 40;

    /// <summary>Shortest run of a file's characters in a hint that counts as quoting the file.</summary>
    private const int QuoteWindow = 16;

    /// <summary>True when <paramref name="path"/> lies inside <paramref name="folder"/>, both as written and with every symbolic link resolved.</summary>
    public static bool Inside(string path, string folder)
    {
        var full = Path.GetFullPath(path);
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder));
        return Under(full, root) && Under(Real(full), Real(root));
    }

    private static bool Under(string path, string root)
        => path.StartsWith(Path.EndsInDirectorySeparator(root) ? root : root + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    /// <summary>The path with every symbolic link along it resolved (as realpath(3); missing parts are kept as written).</summary>
    internal static string Real(string path, int depth = 0)
    {
        var full = Path.GetFullPath(path);
        var root = Path.GetPathRoot(full) ?? "/";
        var current = root;
        foreach (var part in full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            var next = Path.Combine(current, part);
            FileSystemInfo info = Directory.Exists(next) ? new DirectoryInfo(next) : new FileInfo(next);
            if (info.LinkTarget is { } target && depth < 40)
            {
                next = Real(Path.IsPathRooted(target) ? target : Path.Combine(current, target), depth + 1);
            }

            current = next;
        }

        return current;
    }

    /// <summary>
    /// Errors about files a scenario names, without those files' contents: a long value is cut to its
    /// length, and a hint or message that quotes the file's text is replaced. A scenario may name any
    /// file (with --allow-outside-paths), so a reader's "the header has: ..." must not echo, say,
    /// /proc/self/environ.
    /// </summary>
    public static IReadOnlyList<InputError> WithoutContents(IEnumerable<InputError> errors, string scenarioFile)
    {
        var texts = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var result = new List<InputError>();
        foreach (var e in errors)
        {
            if (e.File == scenarioFile || !File.Exists(e.File))
            {
                result.Add(e);
                continue;
            }

            if (!texts.TryGetValue(e.File, out var windows))
            {
                texts[e.File] = windows = Windows(Normalise(Head(e.File)));
            }

            var value = e.Value is { Length: > MaxShownValue } v ? $"({v.Length} characters, not shown)" : e.Value;
            var message = Quotes(e.Message, windows) ? "could not be read (its contents are not shown)." : e.Message;
            var hint = e.Hint is { } h && Quotes(h, windows) ? "(The file's contents are not shown in errors.)" : e.Hint;
            result.Add(e with { Value = value, Message = message, Hint = hint });
        }

        return result;
    }

    /// <summary>Every run of <see cref="QuoteWindow"/> characters of a file's text.</summary>
    private static HashSet<string> Windows(string text)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i + QuoteWindow <= text.Length; i++)
        {
            set.Add(text.Substring(i, QuoteWindow));
        }

        return set;
    }

    /// <summary>True when <paramref name="said"/> holds a run of <see cref="QuoteWindow"/> characters of the file (separators and spaces ignored).</summary>
    private static bool Quotes(string said, HashSet<string> windows)
    {
        var s = Normalise(said);
        var lookup = windows.GetAlternateLookup<ReadOnlySpan<char>>();
        for (var i = 0; i + QuoteWindow <= s.Length; i++)
        {
            if (lookup.Contains(s.AsSpan(i, QuoteWindow)))
            {
                return true;
            }
        }

        return false;
    }

    private static string Normalise(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (!char.IsWhiteSpace(c) && !char.IsControl(c) && c is not (',' or ';' or '"' or '\'' or '|'))
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    /// <summary>The first 64 KB of a file as text (what a reader's messages could quote: headers, first lines).</summary>
    private static string Head(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            var buffer = new byte[65_536];
            var n = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            return Encoding.UTF8.GetString(buffer, 0, n);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }
}

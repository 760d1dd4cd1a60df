namespace Spreidingswet.Placement.Solving;

/// <summary>Lexicographic comparison of tier vectors.</summary>
internal static class Lex
{
    public static readonly IComparer<long[]> Comparer = Comparer<long[]>.Create(Compare);

    public static int Compare(long[] a, long[] b)
    {
        for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
        {
            var c = a[i].CompareTo(b[i]);
            if (c != 0)
            {
                return c;
            }
        }

        return a.Length.CompareTo(b.Length);
    }
}

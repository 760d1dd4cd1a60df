namespace Spreidingswet.Placement.Solving.BranchAndBound;

/// <summary>A short vector of tier-group values compared lexicographically (unused entries are 0).</summary>
[System.Runtime.CompilerServices.InlineArray(MaxLength)]
internal struct LexVec : IComparable<LexVec>
{
    public const int MaxLength = 6;

    private long _element;

    /// <summary>Larger than any real value: marks an infeasible choice.</summary>
    public static LexVec Infinite
    {
        get
        {
            var v = default(LexVec);
            v[0] = long.MaxValue / 4;
            return v;
        }
    }

    public static LexVec From(long[] values)
    {
        var v = default(LexVec);
        for (var i = 0; i < values.Length; i++)
        {
            v[i] = values[i];
        }

        return v;
    }

    public readonly long[] ToArray(int length)
    {
        var a = new long[length];
        for (var i = 0; i < length; i++)
        {
            a[i] = this[i];
        }

        return a;
    }

    /// <summary>Compares every element; the elements past a search's tier groups are always 0, so this equals the comparison over the groups (and needs no comparer object: the priority queue's default comparer inlines it).</summary>
    public readonly int CompareTo(LexVec other) => CompareTo(other, MaxLength);

    public readonly int CompareTo(LexVec other, int length)
    {
        for (var i = 0; i < length; i++)
        {
            var c = this[i].CompareTo(other[i]);
            if (c != 0)
            {
                return c;
            }
        }

        return 0;
    }

    public readonly LexVec Add(LexVec other)
    {
        var v = default(LexVec);
        for (var i = 0; i < MaxLength; i++)
        {
            v[i] = checked(this[i] + other[i]);
        }

        return v;
    }

    public readonly LexVec Subtract(LexVec other)
    {
        var v = default(LexVec);
        for (var i = 0; i < MaxLength; i++)
        {
            v[i] = checked(this[i] - other[i]);
        }

        return v;
    }

    public readonly LexVec Scale(long factor)
    {
        var v = default(LexVec);
        for (var i = 0; i < MaxLength; i++)
        {
            v[i] = checked(this[i] * factor);
        }

        return v;
    }

    public static LexVec Min(LexVec a, LexVec b) => a.CompareTo(b, MaxLength) <= 0 ? a : b;
}

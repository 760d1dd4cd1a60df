namespace Spreidingswet.Placement.Solving.Flow;

/// <summary>A pool's identity: its open locations and (where charges differ) the school region; hashed once.</summary>
internal readonly struct PoolKey(int hash, int[] locations, string? region) : IEquatable<PoolKey>
{
    public bool Equals(PoolKey other) => hash == other.GetHashCode() && string.Equals(region, other.Region, StringComparison.Ordinal) && locations.AsSpan().SequenceEqual(other.Locations);

    public override bool Equals(object? obj) => obj is PoolKey other && Equals(other);

    public override int GetHashCode() => hash;

    private int[] Locations => locations;

    private string? Region => region;
}

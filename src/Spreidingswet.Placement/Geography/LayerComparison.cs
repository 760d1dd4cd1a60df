namespace Spreidingswet.Placement.Geography;

/// <summary>The share of points that a geography assigns to the same region as a reference layer.</summary>
/// <param name="Role">The role compared.</param>
/// <param name="Points">Number of points sampled.</param>
/// <param name="Agreeing">Points assigned to the same region code.</param>
/// <param name="Outside">Points the candidate put outside every region of the role.</param>
internal sealed record LayerAgreement(RegionRole Role, int Points, int Agreeing, int Outside)
{
    public double Share => Points == 0 ? 0 : Agreeing / (double)Points;
}

/// <summary>Measures how well a geography's lookups reproduce a reference layer.</summary>
internal static class LayerComparison
{
    /// <summary>
    /// Draws <paramref name="points"/> seeded uniform random points inside the reference layer
    /// (rejection sampling in its envelope) and counts those the candidate's full lookup (municipality,
    /// then membership) assigns to the same code of the reference's role.
    /// </summary>
    public static LayerAgreement Measure(RegionLayer reference, RegionMap candidate, int points, int seed)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        return Measure(reference, (x, y) => candidate.Lookup(GeoPoint.FromRd(x, y))[reference.Role], points, seed);
    }

    /// <summary>As above, with a second layer's own point-in-polygon as the candidate.</summary>
    public static LayerAgreement Measure(RegionLayer reference, RegionLayer candidate, int points, int seed)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        return Measure(reference, candidate.Locate, points, seed);
    }

    private static LayerAgreement Measure(RegionLayer reference, Func<double, double, Region?> candidate, int points, int seed)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var envelope = new NetTopologySuite.Geometries.Envelope();
        foreach (var g in reference.Geometries)
        {
            envelope.ExpandToInclude(g.EnvelopeInternal);
        }

        var random = new Random(seed);
        int drawn = 0, agreeing = 0, outside = 0;
        while (drawn < points)
        {
            var x = envelope.MinX + (random.NextDouble() * envelope.Width);
            var y = envelope.MinY + (random.NextDouble() * envelope.Height);
            var truth = reference.Locate(x, y);
            if (truth is null)
            {
                continue;
            }

            drawn++;
            var got = candidate(x, y);
            if (got is null)
            {
                outside++;
            }
            else if (string.Equals(got.Code, truth.Code, StringComparison.OrdinalIgnoreCase))
            {
                agreeing++;
            }
        }

        return new LayerAgreement(reference.Role, drawn, agreeing, outside);
    }
}

using Spreidingswet.Placement.Geography;
using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Preparation;

namespace Spreidingswet.Placement.Rules.Criteria;

/// <summary>
/// Km of a move from the current location, times the weight: when a youth must move, a nearby
/// location keeps more of its network (guardian, activities) than a far one.
/// </summary>
internal sealed class MoveDistanceCriterion : Criterion
{
    public override string Name => "moveDistance";

    public override long Cost(ResolvedYouth youth, ResolvedLocation location, ScoringContext context)
        => context.Current(youth) is { } current && current.Index != location.Index
            ? Cost(current.Location.Point.DistanceKm(location.Location.Point), context.Weights)
            : 0;

    public override void AddCosts(ResolvedYouth youth, ReadOnlySpan<int> locations, long weight, Span<long> costs, ScoringContext context)
    {
        var c = youth.CurrentLocation;
        if (c < 0)
        {
            return;
        }

        var (xs, ys) = (context.LocationX, context.LocationY);
        for (var k = 0; k < locations.Length; k++)
        {
            var l = locations[k];
            if (l != c)
            {
                costs[k] = checked(costs[k] + (weight * Cost(GeoPoint.DistanceKm(xs[c], ys[c], xs[l], ys[l]), context.Weights)));
            }
        }
    }

    private static long Cost(double km, Weights weights) => (long)Math.Round(km * weights.MoveDistance, MidpointRounding.AwayFromZero);
}

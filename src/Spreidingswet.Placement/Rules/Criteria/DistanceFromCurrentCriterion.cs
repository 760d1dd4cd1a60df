using Spreidingswet.Placement.Geography;
using Spreidingswet.Placement.Preparation;

namespace Spreidingswet.Placement.Rules.Criteria;

/// <summary>
/// Capacity-only practice: distance in units of 0.1 km from the current location, or from the Ter
/// Apel registration centre for a new arrival. No education criterion.
/// </summary>
internal sealed class DistanceFromCurrentCriterion : Criterion
{
    public override string Name => "distanceFromCurrent";

    public override long Cost(ResolvedYouth youth, ResolvedLocation location, ScoringContext context)
    {
        var origin = context.Current(youth)?.Location.Point ?? ScoringContext.TerApel;
        return Cost(origin.DistanceKm(location.Location.Point));
    }

    public override void AddCosts(ResolvedYouth youth, ReadOnlySpan<int> locations, long weight, Span<long> costs, ScoringContext context)
    {
        var origin = context.Current(youth)?.Location.Point ?? ScoringContext.TerApel;
        var (xs, ys) = (context.LocationX, context.LocationY);
        for (var k = 0; k < locations.Length; k++)
        {
            var l = locations[k];
            costs[k] = checked(costs[k] + (weight * Cost(GeoPoint.DistanceKm(origin.X, origin.Y, xs[l], ys[l]))));
        }
    }

    private static long Cost(double km) => (long)Math.Round(km * 10, MidpointRounding.AwayFromZero);
}

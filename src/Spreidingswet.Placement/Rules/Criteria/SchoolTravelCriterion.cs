using Spreidingswet.Placement.Geography;
using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Preparation;

namespace Spreidingswet.Placement.Rules.Criteria;

/// <summary>
/// Straight-line km from the location to the current school beyond the free radius, times the
/// weight: within the region a long daily trip still threatens school attendance, so among
/// placements that keep the region the nearer one wins; the free radius keeps short trips equal.
/// </summary>
internal sealed class SchoolTravelCriterion : Criterion
{
    public override string Name => "schoolTravel";

    public override long Cost(ResolvedYouth youth, ResolvedLocation location, ScoringContext context)
    {
        if (youth.SchoolPoint is not { } school)
        {
            return 0;
        }

        return Cost(location.Location.Point.DistanceKm(school), context.Weights);
    }

    public override void AddCosts(ResolvedYouth youth, ReadOnlySpan<int> locations, long weight, Span<long> costs, ScoringContext context)
    {
        if (youth.SchoolPoint is not { } school)
        {
            return;
        }

        var (xs, ys) = (context.LocationX, context.LocationY);
        for (var k = 0; k < locations.Length; k++)
        {
            var l = locations[k];
            costs[k] = checked(costs[k] + (weight * Cost(GeoPoint.DistanceKm(xs[l], ys[l], school.X, school.Y), context.Weights)));
        }
    }

    private static long Cost(double km, Weights weights)
    {
        var beyond = km - weights.SchoolTravelFreeKm;
        return beyond <= 0 ? 0 : (long)Math.Round(beyond * weights.SchoolTravel, MidpointRounding.AwayFromZero);
    }
}

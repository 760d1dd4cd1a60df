using Spreidingswet.Placement.Geography;
using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Preparation;

namespace Spreidingswet.Placement.Rules.Criteria;

/// <summary>
/// The youth's own views (UN CRC art. 12; Reception Conditions Directive art. 26): a cost when the
/// placement misses the stated wish, graded from the most specific part to the widest: another
/// location than the wished one (<see cref="ViewsOptions.WishLocation"/>), outside the wished
/// municipality (<see cref="ViewsOptions.WishMunicipality"/>, on top), outside the wished education
/// region (<see cref="ViewsOptions.WishRegion"/>, on top), and per km beyond the free radius from the
/// place the youth wants to be near. A youth without a wish costs nothing. A wish is a preference,
/// never a hard rule: the criterion only ranks placements the hard rules allow.
/// </summary>
internal sealed class ViewsCriterion : Criterion
{
    public override string Name => "views";

    public override long Cost(ResolvedYouth youth, ResolvedLocation location, ScoringContext context)
    {
        if (youth.Views is not { HasWish: true } v)
        {
            return 0;
        }

        var o = context.Views;
        long cost = 0;
        if (v.WishLocation >= 0 && location.Site != v.WishLocation)
        {
            cost += o.WishLocation;
        }

        if (v.WishMunicipality is { } gm && !string.Equals(location.Municipality?.Code, gm, StringComparison.OrdinalIgnoreCase))
        {
            cost += o.WishMunicipality;
        }

        if (v.WishRegion is { } rmc && !EducationRegion.Same(location.EducationRegion?.Code, rmc))
        {
            cost += o.WishRegion;
        }

        if (v.WishNear is { } near)
        {
            cost += NearCost(location.Location.Point.DistanceKm(near), o);
        }

        return cost;
    }

    public override void AddCosts(ResolvedYouth youth, ReadOnlySpan<int> locations, long weight, Span<long> costs, ScoringContext context)
    {
        if (youth.Views is not { HasWish: true } v)
        {
            return;
        }

        var o = context.Views;
        var wishLocation = v.WishLocation;
        var (gm, rmc) = (v.WishMunicipality is null ? -2 : context.MunicipalityId(v.WishMunicipality), v.WishRegion is null ? -2 : context.EducationRegionId(v.WishRegion));
        var (municipalities, regions) = (context.LocationMunicipality, context.LocationEducationRegion);
        var (xs, ys) = (context.LocationX, context.LocationY);
        var sites = context.LocationSite;
        var near = v.WishNear;
        for (var k = 0; k < locations.Length; k++)
        {
            var l = locations[k];
            long cost = 0;
            if (wishLocation >= 0 && sites[l] != wishLocation)
            {
                cost += o.WishLocation;
            }

            // -2: no such wish; -1: a wished code no location lies in (never met).
            if (gm != -2 && (gm < 0 || municipalities[l] != gm))
            {
                cost += o.WishMunicipality;
            }

            if (rmc != -2 && (rmc < 0 || regions[l] != rmc))
            {
                cost += o.WishRegion;
            }

            if (near is { } p)
            {
                cost += NearCost(GeoPoint.DistanceKm(xs[l], ys[l], p.X, p.Y), o);
            }

            costs[k] = checked(costs[k] + (weight * cost));
        }
    }

    /// <summary>True when the placement meets every part of the youth's wish (the criterion costs nothing there); null without a wish.</summary>
    public static bool? Met(ResolvedYouth youth, ResolvedLocation location, ViewsOptions options)
    {
        if (youth.Views is not { HasWish: true } v)
        {
            return null;
        }

        return (v.WishLocation < 0 || location.Site == v.WishLocation)
            && (v.WishMunicipality is null || string.Equals(location.Municipality?.Code, v.WishMunicipality, StringComparison.OrdinalIgnoreCase))
            && (v.WishRegion is null || EducationRegion.Same(location.EducationRegion?.Code, v.WishRegion))
            && (v.WishNear is not { } near || location.Location.Point.DistanceKm(near) <= options.WishNearFreeKm);
    }

    /// <summary>
    /// Per km beyond the free radius, rounded, and at least 1 when the place is missed at all (unless
    /// its weight is 0), so that the criterion costs nothing exactly where <see cref="Met"/> holds: a
    /// placement 30 m beyond the radius misses the wish and is not free.
    /// </summary>
    private static long NearCost(double km, ViewsOptions options)
    {
        var beyond = km - options.WishNearFreeKm;
        return beyond <= 0 || options.WishNearPerKm == 0 ? 0 : Math.Max(1, (long)Math.Round(beyond * options.WishNearPerKm, MidpointRounding.AwayFromZero));
    }
}

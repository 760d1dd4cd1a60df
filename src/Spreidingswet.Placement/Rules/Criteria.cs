using Spreidingswet.Placement.Geography;
using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Preparation;

namespace Spreidingswet.Placement.Rules;

/// <summary>
/// One soft criterion: a named, stateless unit that gives the integer cost of placing a youth in a
/// location (and, for <see cref="UnplacedCriterion"/>, of leaving the youth without a bed).
/// </summary>
internal abstract class Criterion
{
    /// <summary>Stable name, as in proposal.json's <c>criteria</c>.</summary>
    public abstract string Name { get; }

    /// <summary>Cost of placing <paramref name="youth"/> in <paramref name="location"/>.</summary>
    public abstract long Cost(ResolvedYouth youth, ResolvedLocation location, ScoringContext context);

    /// <summary>Cost of leaving the youth unplaced (only the unplaced criterion has one).</summary>
    public virtual long UnplacedCost(ResolvedYouth youth, ScoringContext context) => 0;

    /// <summary>
    /// Adds <paramref name="weight"/> x <see cref="Cost"/> for every location index in
    /// <paramref name="locations"/> to <paramref name="costs"/> (the hot path of candidate scoring;
    /// overrides compute the same integers from the context's flat arrays).
    /// </summary>
    public virtual void AddCosts(ResolvedYouth youth, ReadOnlySpan<int> locations, long weight, Span<long> costs, ScoringContext context)
    {
        var all = context.Problem.Locations;
        for (var k = 0; k < locations.Length; k++)
        {
            costs[k] = checked(costs[k] + (weight * Cost(youth, all[locations[k]], context)));
        }
    }
}

/// <summary>A criterion whose per-arc cost is always 0 (it acts on unplaced youths or on region loads).</summary>
internal abstract class NoArcCostCriterion : Criterion
{
    public sealed override long Cost(ResolvedYouth youth, ResolvedLocation location, ScoringContext context) => 0;

    public sealed override void AddCosts(ResolvedYouth youth, ReadOnlySpan<int> locations, long weight, Span<long> costs, ScoringContext context)
    {
    }
}

/// <summary>What criteria may read besides youth and location: the weights and shared facts.</summary>
internal sealed record ScoringContext(Weights Weights, ResolvedProblem Problem)
{
    /// <summary>Learned school-continuity probabilities of the run, when a model is used.</summary>
    public Learning.LearnedScores? Learned { get; init; }

    /// <summary>Ter Apel registration centre, the origin of new arrivals (capacity-only distance).</summary>
    public static readonly GeoPoint TerApel = GeoPoint.FromWgs84(52.8776, 7.0667);

    public ResolvedLocation? Current(ResolvedYouth youth) => youth.CurrentLocation >= 0 ? Problem.Locations[youth.CurrentLocation] : null;

    /// <summary>Per location: RD New x (m).</summary>
    public double[] LocationX { get; } = [.. Problem.Locations.Select(l => l.Location.Point.X)];

    /// <summary>Per location: RD New y (m).</summary>
    public double[] LocationY { get; } = [.. Problem.Locations.Select(l => l.Location.Point.Y)];

    /// <summary>Per location: small-scale flag.</summary>
    public bool[] LocationSmallScale { get; } = [.. Problem.Locations.Select(l => l.Location.SmallScale)];

    /// <summary>Education region codes of the locations, numbered (case-insensitive).</summary>
    public IReadOnlyDictionary<string, int> EducationRegionIds { get; } = Problem.Locations
        .Select(l => l.EducationRegion?.Code).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase)
        .Select((code, i) => (code, i)).ToDictionary(x => x.code, x => x.i, StringComparer.OrdinalIgnoreCase);

    /// <summary>Per location: number of its education region in <see cref="EducationRegionIds"/>, -1 = none.</summary>
    public int[] LocationEducationRegion => _locationEducationRegion ??= [.. Problem.Locations.Select(l => EducationRegionId(l.EducationRegion?.Code))];

    private int[]? _locationEducationRegion;

    /// <summary>The number of an education region code, -1 when no location lies in it (or null).</summary>
    public int EducationRegionId(string? code) => code is not null && EducationRegionIds.TryGetValue(code, out var id) ? id : -1;
}

/// <summary>A youth without a bed: 1 per unplaced youth.</summary>
internal sealed class UnplacedCriterion : NoArcCostCriterion
{
    public override string Name => "unplaced";

    public override long UnplacedCost(ResolvedYouth youth, ScoringContext context) => 1;
}

/// <summary>
/// Which youths stay without a bed when not all can be placed: leaving a youth unplaced costs its
/// priority rank (protected > intensive > standard care, then younger, then longer waiting, then a
/// stable hash of id and seed), so the tier keeps the highest-priority youths placed.
/// </summary>
internal sealed class UnplacedPriorityCriterion : NoArcCostCriterion
{
    public override string Name => "unplacedPriority";

    public override long UnplacedCost(ResolvedYouth youth, ScoringContext context) => youth.PriorityRank;
}

/// <summary>
/// A school-going youth placed outside the education region of its school, counted only when the
/// placement is a change: staying where one already is costs nothing here.
/// </summary>
internal sealed class EducationRegionBreakCriterion : Criterion
{
    public override string Name => "educationRegionBreak";

    public override long Cost(ResolvedYouth youth, ResolvedLocation location, ScoringContext context)
        => youth.SchoolRegion is { } school
           && location.Index != youth.CurrentLocation
           && !string.Equals(location.EducationRegion?.Code, school, StringComparison.OrdinalIgnoreCase) ? 1 : 0;

    public override void AddCosts(ResolvedYouth youth, ReadOnlySpan<int> locations, long weight, Span<long> costs, ScoringContext context)
    {
        if (youth.SchoolRegion is not { } school)
        {
            return;
        }

        var id = context.EducationRegionId(school);
        var regions = context.LocationEducationRegion;
        for (var k = 0; k < locations.Length; k++)
        {
            var l = locations[k];
            if (l != youth.CurrentLocation && (id < 0 || regions[l] != id))
            {
                costs[k] = checked(costs[k] + weight);
            }
        }
    }
}

/// <summary>A youth placed somewhere other than its current location.</summary>
internal sealed class MoveCriterion : Criterion
{
    public override string Name => "move";

    public override long Cost(ResolvedYouth youth, ResolvedLocation location, ScoringContext context)
        => youth.CurrentLocation >= 0 && location.Index != youth.CurrentLocation ? 1 : 0;

    public override void AddCosts(ResolvedYouth youth, ReadOnlySpan<int> locations, long weight, Span<long> costs, ScoringContext context)
    {
        if (youth.CurrentLocation < 0)
        {
            return;
        }

        for (var k = 0; k < locations.Length; k++)
        {
            if (locations[k] != youth.CurrentLocation)
            {
                costs[k] = checked(costs[k] + weight);
            }
        }
    }
}

/// <summary>Straight-line km from the location to the current school beyond the free radius, times the weight.</summary>
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

/// <summary>Km of a move from the current location, times the weight.</summary>
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

/// <summary>An under-15 placed in a location that is not small-scale.</summary>
internal sealed class SmallScaleCriterion : Criterion
{
    public override string Name => "smallScale";

    public override long Cost(ResolvedYouth youth, ResolvedLocation location, ScoringContext context)
        => youth.Age < 15 && !location.Location.SmallScale ? context.Weights.SmallScaleUnder15 : 0;

    public override void AddCosts(ResolvedYouth youth, ReadOnlySpan<int> locations, long weight, Span<long> costs, ScoringContext context)
    {
        if (youth.Age >= 15)
        {
            return;
        }

        var small = context.LocationSmallScale;
        var cost = checked(weight * context.Weights.SmallScaleUnder15);
        for (var k = 0; k < locations.Length; k++)
        {
            if (!small[locations[k]])
            {
                costs[k] = checked(costs[k] + cost);
            }
        }
    }
}

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

/// <summary>
/// Spreidingswet balance: a convex cost on each municipality's or province's load (residents
/// counted in <c>reserved</c> plus youths placed) above its target from targets.csv: the weight per
/// youth over target. Not separable per youth, so its per-arc cost is 0; the flow network, CP-SAT
/// and the LP export model it on the region's load.
/// </summary>
internal sealed class BalanceCriterion : NoArcCostCriterion
{
    public override string Name => "balance";
}

/// <summary>
/// ISK seats (isk_seats.csv): a youth needs a free seat in an international switch class (ISK) in the
/// education region of its new location when the placement is a change (a new arrival or a move) and
/// the youth either has no school yet or leaves its school's education region. Placements beyond a
/// region's free seats cost the weight each. Regions not listed in isk_seats.csv are not limited.
/// Like the balance criterion it acts on a region's total, so its per-arc cost is 0; the solver prices
/// it (Lagrangian prices per region, bound reported) and counts it exactly in every reported value.
/// </summary>
internal sealed class IskSeatsCriterion : NoArcCostCriterion
{
    public override string Name => "iskSeats";

    /// <summary>Whether placing the youth in the location takes a free ISK seat in the location's region.</summary>
    public static bool NeedsSeat(ResolvedYouth youth, ResolvedLocation location)
        => location.Index != youth.CurrentLocation
           && (youth.SchoolRegion is not { } school || !string.Equals(location.EducationRegion?.Code, school, StringComparison.OrdinalIgnoreCase));
}

/// <summary>A lexicographic tier: criteria summed with weights (weight 1 in lexicographic tiers).</summary>
internal sealed record Tier(string Name, (Criterion Criterion, long Weight)[] Terms);

/// <summary>The tiers of each policy (DESIGN.md "Criteria and the objective").</summary>
internal static class Policies
{
    public static readonly UnplacedCriterion Unplaced = new();
    public static readonly UnplacedPriorityCriterion UnplacedPriority = new();
    public static readonly EducationRegionBreakCriterion EducationRegionBreak = new();
    public static readonly MoveCriterion Move = new();
    public static readonly SchoolTravelCriterion SchoolTravel = new();
    public static readonly MoveDistanceCriterion MoveDistance = new();
    public static readonly SmallScaleCriterion SmallScale = new();
    public static readonly DistanceFromCurrentCriterion DistanceFromCurrent = new();
    public static readonly BalanceCriterion Balance = new();
    public static readonly IskSeatsCriterion IskSeats = new();
    public static readonly Learning.LearnedContinuityCriterion LearnedContinuity = new();

    /// <summary>Criteria reported in every assignment's breakdown.</summary>
    public static readonly IReadOnlyList<Criterion> Reported = [EducationRegionBreak, Move, SchoolTravel, MoveDistance, SmallScale, DistanceFromCurrent];

    public static IReadOnlyList<Tier> Tiers(Policy policy, Weights weights) => policy switch
    {
        Policy.EducationFirst =>
        [
            new Tier("unplaced", [(Unplaced, 1)]),
            new Tier("unplacedPriority", [(UnplacedPriority, 1)]),
            new Tier("educationRegionBreaks", [(EducationRegionBreak, 1)]),
            new Tier("moves", [(Move, 1)]),
            new Tier("weighted", [(SchoolTravel, 1), (MoveDistance, 1), (SmallScale, 1), (Balance, weights.Balance), (IskSeats, weights.IskSeats), (LearnedContinuity, 1)]),
        ],
        Policy.CapacityOnly =>
        [
            new Tier("unplaced", [(Unplaced, 1)]),
            new Tier("unplacedPriority", [(UnplacedPriority, 1)]),
            new Tier("moves", [(Move, 1)]),
            new Tier("distanceFromCurrent", [(DistanceFromCurrent, 1)]),
        ],
        Policy.Weighted =>
        [
            new Tier("weighted", [(Unplaced, weights.Unplaced), (UnplacedPriority, 1), (EducationRegionBreak, weights.EducationRegionBreak), (Move, weights.Move),
                (SchoolTravel, 1), (MoveDistance, 1), (SmallScale, 1), (Balance, weights.Balance), (IskSeats, weights.IskSeats), (LearnedContinuity, 1)]),
        ],
        _ => throw new ArgumentOutOfRangeException(nameof(policy), policy, "Unknown policy."),
    };
}

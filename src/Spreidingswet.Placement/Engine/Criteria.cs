using Spreidingswet.Placement.Geography;

namespace Spreidingswet.Placement.Engine;

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
}

/// <summary>What criteria may read besides youth and location: the weights and shared facts.</summary>
internal sealed record ScoringContext(Weights Weights, ResolvedProblem Problem)
{
    /// <summary>Learned school-continuity probabilities of the run, when a model is used.</summary>
    public Learning.LearnedScores? Learned { get; init; }

    /// <summary>Ter Apel registration centre, the origin of new arrivals (capacity-only distance).</summary>
    public static readonly GeoPoint TerApel = GeoPoint.FromWgs84(52.8776, 7.0667);

    public ResolvedLocation? Current(ResolvedYouth youth) => youth.CurrentLocation >= 0 ? Problem.Locations[youth.CurrentLocation] : null;
}

/// <summary>A youth without a bed: 1 per unplaced youth.</summary>
internal sealed class UnplacedCriterion : Criterion
{
    public override string Name => "unplaced";

    public override long Cost(ResolvedYouth youth, ResolvedLocation location, ScoringContext context) => 0;

    public override long UnplacedCost(ResolvedYouth youth, ScoringContext context) => 1;
}

/// <summary>
/// Which youths stay without a bed when not all can be placed: leaving a youth unplaced costs its
/// priority rank (protected > intensive > standard care, then younger, then longer waiting, then a
/// stable hash of id and seed), so the tier keeps the highest-priority youths placed.
/// </summary>
internal sealed class UnplacedPriorityCriterion : Criterion
{
    public override string Name => "unplacedPriority";

    public override long Cost(ResolvedYouth youth, ResolvedLocation location, ScoringContext context) => 0;

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
}

/// <summary>A youth placed somewhere other than its current location.</summary>
internal sealed class MoveCriterion : Criterion
{
    public override string Name => "move";

    public override long Cost(ResolvedYouth youth, ResolvedLocation location, ScoringContext context)
        => youth.CurrentLocation >= 0 && location.Index != youth.CurrentLocation ? 1 : 0;
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

        var beyond = location.Location.Point.DistanceKm(school) - context.Weights.SchoolTravelFreeKm;
        return beyond <= 0 ? 0 : (long)Math.Round(beyond * context.Weights.SchoolTravel, MidpointRounding.AwayFromZero);
    }
}

/// <summary>Km of a move from the current location, times the weight.</summary>
internal sealed class MoveDistanceCriterion : Criterion
{
    public override string Name => "moveDistance";

    public override long Cost(ResolvedYouth youth, ResolvedLocation location, ScoringContext context)
        => context.Current(youth) is { } current && current.Index != location.Index
            ? (long)Math.Round(current.Location.Point.DistanceKm(location.Location.Point) * context.Weights.MoveDistance, MidpointRounding.AwayFromZero)
            : 0;
}

/// <summary>An under-15 placed in a location that is not small-scale.</summary>
internal sealed class SmallScaleCriterion : Criterion
{
    public override string Name => "smallScale";

    public override long Cost(ResolvedYouth youth, ResolvedLocation location, ScoringContext context)
        => youth.Age < 15 && !location.Location.SmallScale ? context.Weights.SmallScaleUnder15 : 0;
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
        return (long)Math.Round(origin.DistanceKm(location.Location.Point) * 10, MidpointRounding.AwayFromZero);
    }
}

/// <summary>
/// Spreidingswet balance: a convex cost on each municipality's or province's load (residents
/// counted in <c>reserved</c> plus youths placed) above its target from targets.csv: the weight per
/// youth over target. Not separable per youth, so its per-arc cost is 0; the flow network, CP-SAT
/// and the LP export model it on the region's load.
/// </summary>
internal sealed class BalanceCriterion : Criterion
{
    public override string Name => "balance";

    public override long Cost(ResolvedYouth youth, ResolvedLocation location, ScoringContext context) => 0;
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
            new Tier("weighted", [(SchoolTravel, 1), (MoveDistance, 1), (SmallScale, 1), (Balance, weights.Balance), (LearnedContinuity, 1)]),
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
                (SchoolTravel, 1), (MoveDistance, 1), (SmallScale, 1), (Balance, weights.Balance), (LearnedContinuity, 1)]),
        ],
        _ => throw new ArgumentOutOfRangeException(nameof(policy), policy, "Unknown policy."),
    };
}

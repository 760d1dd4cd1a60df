using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Rules.Criteria;

namespace Spreidingswet.Placement.Rules;

/// <summary>The tiers of each policy (docs/design.md, "Criteria and policies").</summary>
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

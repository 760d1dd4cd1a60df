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
    public static readonly ViewsCriterion Views = new();
    public static readonly StabilityCriterion Stability = new();
    public static readonly Turning18Criterion Turning18 = new();

    /// <summary>Criteria reported in every assignment's breakdown.</summary>
    public static readonly IReadOnlyList<Criterion> Reported = [EducationRegionBreak, Move, SchoolTravel, MoveDistance, SmallScale, DistanceFromCurrent];

    /// <summary>
    /// The tiers of a policy; with <paramref name="views"/> (the run's views options, when the views
    /// criteria apply) education-first and weighted also weigh the youth's views, stability and turning
    /// 18 (education-first: in the weighted tier, or the views as a tier of their own right after the
    /// education region breaks when <see cref="ViewsOptions.Tier"/> says so); capacity-only, today's
    /// practice, ignores them.
    /// </summary>
    public static IReadOnlyList<Tier> Tiers(Policy policy, Weights weights, ViewsOptions? views) => Tiers(policy, weights, views, views is not null);

    /// <summary>
    /// The tiers of a policy as <see cref="Tiers(Policy, Weights, ViewsOptions?)"/>, and with
    /// <paramref name="turning18"/> but no <paramref name="views"/> (a run without views fields)
    /// education-first and weighted weigh turning 18 alone, in the weighted tier.
    /// </summary>
    public static IReadOnlyList<Tier> Tiers(Policy policy, Weights weights, ViewsOptions? views, bool turning18)
    {
        var tiers = Tiers(policy, weights);
        if ((views is null && !turning18) || policy == Policy.CapacityOnly)
        {
            return tiers;
        }

        var own = views is not null && policy == Policy.EducationFirst && views.Tier == ViewsTier.AfterEducation;
        var result = new List<Tier>();
        foreach (var tier in tiers)
        {
            if (tier.Name == "weighted")
            {
                (Criterion, long)[] extra = views is null ? [(Turning18, 1)] : own ? [(Stability, 1), (Turning18, 1)] : [(Views, 1), (Stability, 1), (Turning18, 1)];
                result.Add(tier with { Terms = [.. tier.Terms, .. extra] });
            }
            else
            {
                result.Add(tier);
            }

            if (own && tier.Name == "educationRegionBreaks")
            {
                result.Add(new Tier("views", [(Views, 1)]));
            }
        }

        return result;
    }

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

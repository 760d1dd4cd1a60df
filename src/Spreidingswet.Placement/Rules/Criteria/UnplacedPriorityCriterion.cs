using Spreidingswet.Placement.Preparation;

namespace Spreidingswet.Placement.Rules.Criteria;

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

using Spreidingswet.Placement.Preparation;

namespace Spreidingswet.Placement.Rules.Criteria;

/// <summary>A youth without a bed: 1 per unplaced youth.</summary>
internal sealed class UnplacedCriterion : NoArcCostCriterion
{
    public override string Name => "unplaced";

    public override long UnplacedCost(ResolvedYouth youth, ScoringContext context) => 1;
}

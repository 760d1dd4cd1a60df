namespace Spreidingswet.Placement.Rules.Criteria;

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

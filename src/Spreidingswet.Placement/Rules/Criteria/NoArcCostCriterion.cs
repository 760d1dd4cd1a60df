using Spreidingswet.Placement.Preparation;

namespace Spreidingswet.Placement.Rules.Criteria;

/// <summary>A criterion whose per-arc cost is always 0 (it acts on unplaced youths or on region loads).</summary>
internal abstract class NoArcCostCriterion : Criterion
{
    public sealed override long Cost(ResolvedYouth youth, ResolvedLocation location, ScoringContext context) => 0;

    public sealed override void AddCosts(ResolvedYouth youth, ReadOnlySpan<int> locations, long weight, Span<long> costs, ScoringContext context)
    {
    }
}

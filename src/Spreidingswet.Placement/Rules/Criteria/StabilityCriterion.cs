using Spreidingswet.Placement.Preparation;

namespace Spreidingswet.Placement.Rules.Criteria;

/// <summary>
/// Stability (changes of residence limited to a minimum): a chosen move of a youth who already moved
/// in the last 12 months costs <see cref="Model.ViewsOptions.StabilityPerMove"/> per such move, so the
/// cost grows with the count. A forced move (the location closes, a hard rule or a pin forbids
/// staying) costs nothing here: there was no choice.
/// </summary>
internal sealed class StabilityCriterion : Criterion
{
    public override string Name => "stability";

    public override long Cost(ResolvedYouth youth, ResolvedLocation location, ScoringContext context)
        => PerMove(youth, context) is var cost && cost > 0 && location.Index != youth.CurrentLocation ? cost : 0;

    public override void AddCosts(ResolvedYouth youth, ReadOnlySpan<int> locations, long weight, Span<long> costs, ScoringContext context)
    {
        var cost = PerMove(youth, context);
        if (cost == 0)
        {
            return;
        }

        var add = checked(weight * cost);
        for (var k = 0; k < locations.Length; k++)
        {
            if (locations[k] != youth.CurrentLocation)
            {
                costs[k] = checked(costs[k] + add);
            }
        }
    }

    /// <summary>The cost of a chosen move of this youth: 0 for a new arrival, a forced move or no recent moves.</summary>
    private static long PerMove(ResolvedYouth youth, ScoringContext context)
        => youth.CurrentLocation >= 0 && youth.Views is { MoveForced: false, MovesLast12Months: > 0 } v
            ? checked(v.MovesLast12Months * context.Views.StabilityPerMove)
            : 0;
}

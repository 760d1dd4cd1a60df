using Spreidingswet.Placement.Preparation;

namespace Spreidingswet.Placement.Rules.Criteria;

/// <summary>
/// A youth placed somewhere other than its current location: every move breaks a young person's
/// ties (guardian, friends, care), so the engine only moves someone when a tier above asks for it.
/// </summary>
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

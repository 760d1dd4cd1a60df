using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Preparation;

namespace Spreidingswet.Placement.Rules.Criteria;

/// <summary>
/// An under-15 placed in a location that is not small-scale: younger children belong in small
/// living units (foster or family-like care), so a large reception location costs the weight.
/// </summary>
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

using Spreidingswet.Placement.Preparation;

namespace Spreidingswet.Placement.Rules.Criteria;

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

    /// <summary>
    /// Adds <paramref name="weight"/> x <see cref="Cost"/> for every location index in
    /// <paramref name="locations"/> to <paramref name="costs"/> (the hot path of candidate scoring;
    /// overrides compute the same integers from the context's flat arrays).
    /// </summary>
    public virtual void AddCosts(ResolvedYouth youth, ReadOnlySpan<int> locations, long weight, Span<long> costs, ScoringContext context)
    {
        var all = context.Problem.Locations;
        for (var k = 0; k < locations.Length; k++)
        {
            costs[k] = checked(costs[k] + (weight * Cost(youth, all[locations[k]], context)));
        }
    }
}

using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Rules;

namespace Spreidingswet.Placement.Preparation;

// Tier costs of the units: per arc and per unplaced unit, per unit of flow, scaled so that a
// sibling group's cost per member stays integral. TierCosts is the hot path of scoring and pruning.

internal sealed partial class Units
{
    /// <summary>
    /// Tier costs per arc (candidate arcs, then the unplaced arc), per unit of flow. Units are
    /// independent: computed in parallel from read-only inputs, every criterion scoring a whole
    /// unit's candidate list at once; maxima where every arc was scored.
    /// </summary>
    private void ScoreUnits(bool[] allKept)
    {
        Parallel.For(0, Members.Length, () => new long[Problem.Locations.Length], (u, _, scratch) =>
        {
            ScoreUnit(u, scratch, Pruning is null || allKept[u]);
            return scratch;
        }, _ => { });
    }

    /// <summary>Costs of every tier of one unit's candidates (and its unplaced cost); the maxima too when <paramref name="maxima"/>.</summary>
    private void ScoreUnit(int u, long[] scratch, bool maxima)
    {
        var candidates = Candidates[u];
        for (var t = 0; t < Tiers.Count; t++)
        {
            var costs = new long[candidates.Length];
            TierCosts(u, t, candidates, scratch, costs);
            ArcCost[t][u] = costs;
            if (maxima)
            {
                UnitMaxArcCost[t][u] = costs.Length == 0 ? 0 : costs.Max();
            }

            long unplaced = 0;
            foreach (var m in Members[u])
            {
                unplaced = checked(unplaced + YouthUnplacedCost(t, Problem.Youths[m], _context));
            }

            UnplacedCost[t][u] = checked(unplaced * (Scale / Members[u].Length));
        }
    }

    /// <summary>
    /// One tier's cost per unit of flow (scaled) of a unit at each of <paramref name="locations"/>,
    /// summed over its members; <paramref name="scratch"/> holds at least as many values.
    /// </summary>
    internal void TierCosts(int u, int tier, ReadOnlySpan<int> locations, Span<long> scratch, Span<long> costs)
    {
        costs[..locations.Length].Clear();
        if (_arcFree[tier])
        {
            return;
        }

        foreach (var m in Members[u])
        {
            var member = scratch[..locations.Length];
            member.Clear();
            foreach (var (criterion, weight) in Tiers[tier].Terms)
            {
                criterion.AddCosts(Problem.Youths[m], locations, weight, member, _context);
            }

            for (var k = 0; k < locations.Length; k++)
            {
                costs[k] = checked(costs[k] + member[k]);
            }
        }

        var perFlow = Scale / Members[u].Length;
        for (var k = 0; k < locations.Length; k++)
        {
            costs[k] = checked(costs[k] * perFlow);
        }
    }

    /// <summary>Combined costs of every tier group: a one-tier group shares its tier's arrays.</summary>
    private void CombineGroupCosts()
    {
        for (var g = 0; g < Groups.Length; g++)
        {
            var group = Groups[g];
            if (group.Length == 1)
            {
                GroupArcCost[g] = ArcCost[group[0]];
                GroupUnplacedCost[g] = UnplacedCost[group[0]];
                continue;
            }

            GroupArcCost[g] = new long[Members.Length][];
            GroupUnplacedCost[g] = new long[Members.Length];
            Parallel.For(0, Members.Length, u => GroupCosts(g, u));
        }
    }

    /// <summary>A tier group's combined costs of one unit from its tiers' costs.</summary>
    private void GroupCosts(int g, int u)
    {
        var costs = new long[Candidates[u].Length];
        long unplacedSum = 0;
        foreach (var t in Groups[g])
        {
            var m = Multiplier[t];
            var tierCosts = ArcCost[t][u];
            for (var k = 0; k < costs.Length; k++)
            {
                costs[k] = checked(costs[k] + (m * tierCosts[k]));
            }

            unplacedSum = checked(unplacedSum + (m * UnplacedCost[t][u]));
        }

        GroupArcCost[g][u] = costs;
        GroupUnplacedCost[g][u] = unplacedSum;
    }

    /// <summary>True when no placement arc costs anything in the tier (only the unplaced arc does).</summary>
    internal bool ArcFree(int tier) => _arcFree[tier];

    public long YouthCost(int tier, ResolvedYouth youth, ResolvedLocation location, ScoringContext context)
    {
        long sum = 0;
        var terms = Tiers[tier].Terms;
        for (var i = 0; i < terms.Length; i++)
        {
            sum = checked(sum + (terms[i].Weight * terms[i].Criterion.Cost(youth, location, context)));
        }

        return sum;
    }

    public long YouthUnplacedCost(int tier, ResolvedYouth youth, ScoringContext context)
    {
        long sum = 0;
        foreach (var (criterion, weight) in Tiers[tier].Terms)
        {
            var c = criterion.UnplacedCost(youth, context);
            if (c == 0)
            {
                continue;
            }

            sum = checked(sum + (weight * c));
        }

        return sum;
    }
}

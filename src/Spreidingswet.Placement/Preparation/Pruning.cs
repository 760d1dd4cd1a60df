using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Rules;

namespace Spreidingswet.Placement.Preparation;

// Candidate pruning for very large instances. Above Pruning.AboveArcs estimated arcs each unit
// keeps its best ArcsPerUnit arcs in lexicographic tier order (plus its current location),
// selected per tier by a linear-time k-th smallest (Select) over the arcs still tied. The pruned
// model is a restriction: the solver prices every pruned arc by reduced costs against the
// relaxation and adds the improving ones (AddArcs, column generation) until every tier group is
// proven or the rounds run out, so the bound it reports holds for every candidate arc.

internal sealed partial class Units
{
    /// <summary>
    /// Adds candidate arcs to pruned units (column generation: arcs whose reduced cost showed they
    /// may improve the model) and recomputes those units' costs. Multipliers stay valid: they were
    /// planned on the maxima over every candidate arc.
    /// </summary>
    internal void AddArcs(IReadOnlyDictionary<int, int[]> extra)
    {
        var units = extra.Keys.ToArray();
        Parallel.For(0, units.Length, () => new long[Problem.Locations.Length], (i, _, scratch) =>
        {
            var u = units[i];
            Candidates[u] = [.. Candidates[u].Union(extra[u]).Order()];
            ScoreUnit(u, scratch, false);
            for (var g = 0; g < Groups.Length; g++)
            {
                if (Groups[g].Length > 1)
                {
                    GroupCosts(g, u);
                }
            }

            if (IskNeed is not null)
            {
                IskNeed[u] = IskNeedOf(Problem, u);
            }

            return scratch;
        }, _ => { });
        ArcCount = Candidates.Sum(c => (long)c.Length);
    }

    /// <summary>
    /// Per unit, the best <paramref name="keep"/> candidate arcs in lexicographic tier order (ties:
    /// locations with free beds first, then a fixed hash), plus the current location: streamed over
    /// units in parallel in per-thread scratch. Every tier but the last is scored on every arc (their
    /// maxima over all arcs plan the multipliers); the last only on the arcs still tied.
    /// </summary>
    private (int[][] Candidates, long Arcs) PrunedCandidates(int keep, bool[] allKept)
    {
        var kept = new int[Members.Length][];
        long arcs = 0;
        var locations = Problem.Locations.Length;
        var free = new long[locations];
        foreach (var l in Problem.Locations)
        {
            free[l.Index] = l.Beds;
        }

        foreach (var y in Problem.Youths)
        {
            if (y.CurrentLocation >= 0)
            {
                free[y.CurrentLocation]--;
            }
        }

        Parallel.For(0, Members.Length, () => new PruneScratch(Tiers.Count, locations), (u, _, s) =>
        {
            var n = _rules.Candidates(u, s.Locations);
            s.Arcs += n;
            var span = s.Locations.AsSpan(0, n);
            for (var t = 0; t + 1 < Tiers.Count; t++)
            {
                TierCosts(u, t, span, s.Member, s.Costs[t]);
                long max = 0;
                for (var k = 0; k < n; k++)
                {
                    max = Math.Max(max, s.Costs[t][k]);
                }

                UnitMaxArcCost[t][u] = max;
            }

            var count = TopLexicographic(u, s, n, keep, free);
            var current = Members[u].Select(m => Problem.Youths[m].CurrentLocation).FirstOrDefault(c => c >= 0, -1);
            var list = new List<int>(count + 1);
            for (var i = 0; i < count; i++)
            {
                list.Add(s.Locations[s.Chosen[i]]);
            }

            if (current >= 0 && !list.Contains(current) && span.BinarySearch(current) >= 0)
            {
                list.Add(current);
            }

            list.Sort();
            kept[u] = [.. list];
            allKept[u] = list.Count == n;
            return s;
        }, s => Interlocked.Add(ref arcs, s.Arcs));
        return (kept, arcs);
    }

    /// <summary>
    /// Indexes (into <see cref="PruneScratch.Chosen"/>) of the <paramref name="keep"/> arcs that come
    /// first in lexicographic tier order: tier by tier, arcs below the cut value are in, arcs at it
    /// stay tied for the next tier, arcs above it are out. Remaining ties (equal in every tier, so
    /// any choice is as good for the model) go to locations with free beds first, then by a fixed
    /// hash of unit and location, which spreads units that could go anywhere over the country.
    /// </summary>
    private int TopLexicographic(int u, PruneScratch s, int n, int keep, long[] free)
    {
        var chosen = 0;
        var tied = n;
        for (var i = 0; i < n; i++)
        {
            s.Tied[i] = i;
        }

        var last = Tiers.Count - 1;
        for (var t = 0; t <= last && tied > keep - chosen; t++)
        {
            var need = keep - chosen;
            var costs = s.Costs[t];
            if (t == last)
            {
                // The last tier (the weighted criteria, the dearest to score) only on the arcs still tied.
                for (var i = 0; i < tied; i++)
                {
                    s.TiedLocations[i] = s.Locations[s.Tied[i]];
                }

                TierCosts(u, t, s.TiedLocations.AsSpan(0, tied), s.Member, s.Values);
                for (var i = 0; i < tied; i++)
                {
                    costs[s.Tied[i]] = s.Values[i];
                }

            }

            for (var i = 0; i < tied; i++)
            {
                s.Values[i] = costs[s.Tied[i]];
            }

            var cut = Select(s.Values.AsSpan(0, tied), need - 1);
            var stillTied = 0;
            for (var i = 0; i < tied; i++)
            {
                var c = costs[s.Tied[i]];
                if (c < cut)
                {
                    s.Chosen[chosen++] = s.Tied[i];
                }
                else if (c == cut)
                {
                    s.Tied[stillTied++] = s.Tied[i];
                }
            }

            tied = stillTied;
        }

        if (tied > keep - chosen)
        {
            for (var i = 0; i < tied; i++)
            {
                var l = s.Locations[s.Tied[i]];
                var hash = unchecked((ulong)(((long)u << 20) ^ l) * 0x9E3779B97F4A7C15UL);
                s.Values[i] = (free[l] > 0 ? 0 : 1L << 62) | (long)(hash >> 2);
            }

            var keys = s.Values.AsSpan(0, tied).ToArray();
            var cut = Select(s.Values.AsSpan(0, tied), keep - chosen - 1);
            for (var i = 0; i < tied && chosen < keep; i++)
            {
                if (keys[i] <= cut)
                {
                    s.Chosen[chosen++] = s.Tied[i];
                }
            }
        }
        else
        {
            for (var i = 0; i < tied; i++)
            {
                s.Chosen[chosen++] = s.Tied[i];
            }
        }

        return chosen;
    }

    /// <summary>The k-th smallest value (0-based) of <paramref name="values"/> (reordered in place).</summary>
    private static long Select(Span<long> values, int k)
    {
        int lo = 0, hi = values.Length - 1;
        while (lo < hi)
        {
            var pivot = values[lo + ((hi - lo) / 2)];
            int i = lo, j = hi;
            while (i <= j)
            {
                while (values[i] < pivot)
                {
                    i++;
                }

                while (values[j] > pivot)
                {
                    j--;
                }

                if (i <= j)
                {
                    (values[i], values[j]) = (values[j], values[i]);
                    i++;
                    j--;
                }
            }

            if (k <= j)
            {
                hi = j;
            }
            else if (k >= i)
            {
                lo = i;
            }
            else
            {
                return values[k];
            }
        }

        return values[k];
    }

    /// <summary>Per-thread scratch of the pruning pass.</summary>
    private sealed class PruneScratch(int tiers, int locations)
    {
        public int[] Locations { get; } = new int[locations];

        public long[] Member { get; } = new long[locations];

        public long[][] Costs { get; } = [.. Enumerable.Range(0, tiers).Select(_ => new long[locations])];

        public long[] Values { get; } = new long[locations];

        public int[] Tied { get; } = new int[locations];

        public int[] TiedLocations { get; } = new int[locations];

        public int[] Chosen { get; } = new int[locations];

        public long Arcs { get; set; }
    }
}

/// <summary>
/// Candidate pruning for very large instances: when the estimated candidate arcs exceed
/// <paramref name="AboveArcs"/>, each unit keeps its <paramref name="ArcsPerUnit"/> best arcs in
/// lexicographic tier order (plus its current location); the solver prices every pruned arc with
/// reduced costs, adds those that could improve the model and proves the optimum or reports a bound.
/// </summary>
internal sealed record Pruning(long AboveArcs, int ArcsPerUnit)
{
    /// <summary>Pruning above 25 million estimated arcs (the national instance has 2.4 million), 32 arcs per unit.</summary>
    public static Pruning Default { get; } = new(25_000_000, 32);

    /// <summary>Rounds of pricing and re-solving before a bound is reported instead of a proof.</summary>
    public int PricingRounds { get; init; } = 3;

    /// <summary>Most pruned arcs added per unit and pricing round (the most negative reduced costs).</summary>
    public int ArcsAddedPerUnit { get; init; } = 8;

    /// <summary>Whether the tier group after the profile group (breaks + moves) is solved over every arc on the pooled network (<c>PooledGroupFlow</c>); off only to compare.</summary>
    public bool PooledSecondGroup { get; init; } = true;
}

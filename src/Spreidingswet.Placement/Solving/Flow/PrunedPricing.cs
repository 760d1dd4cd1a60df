using Spreidingswet.Placement.Preparation;

namespace Spreidingswet.Placement.Solving.Flow;

/// <summary>
/// The answer of pricing every pruned arc against a relaxation of the pruned model: per tier group
/// a valid lower bound (scaled) for the model with every candidate arc, the first group whose proof
/// failed (-1 = all proven), and the arcs that could improve that group (for column generation).
/// </summary>
internal sealed record PricingOutcome(long[] GroupBounds, int FailedGroup, long ArcsPriced, long NegativeArcs, IReadOnlyDictionary<int, int[]> Columns)
{
    public bool Proven => FailedGroup < 0;
}

/// <summary>
/// Proves (or bounds) the lexicographic relaxation of a pruned model for the model with every
/// candidate arc. Per tier group, with the group's node potentials pi, a pruned arc u -> l costs
/// rc = c + pi(u) - pi(l). Keeping the location, balance and sink potentials and choosing the best
/// potential per unit, the Lagrangian bound of the full model is
/// value(pruned) + sum over units of supply(u) x min(0, least pruned rc - least open kept rc),
/// where supply(u) is what earlier groups left free. When no unit loses anything the group's optimum
/// holds for the full model, and the same potentials (valid for it) decide which pruned arcs stay open
/// for the next group: those with reduced cost 0 in every earlier group. The first group that loses
/// something gets the bound; later groups get 0 (costs are never negative). A pruned arc that is
/// routed straight to its location (no keep-apart gadget) only relaxes the full model further, so the
/// bound stays valid. Under ISK prices (Lagrangian) pruned arcs are not priced: that group and the
/// later ones get 0.
/// </summary>
internal static class PrunedPricing
{
    public static PricingOutcome Price(Units units, LexicographicFlow flow, FlowResult relaxed, int columnsPerUnit)
    {
        var groups = units.Groups.Length;
        var iskGroup = -1;
        for (var g = 0; g < groups && flow.PricesIsk; g++)
        {
            if (units.Groups[g].Any(t => units.IskWeight[t] > 0))
            {
                iskGroup = g;
                break;
            }
        }

        var pricedGroups = iskGroup < 0 ? groups : iskGroup;
        var loss = new long[groups];
        var firstNegative = new int[units.Count];
        Array.Fill(firstNegative, int.MaxValue);
        var negativeArcs = new int[units.Count][];
        long priced = 0, negatives = 0;
        var locations = units.Problem.Locations.Length;
        var gate = new object();
        Parallel.For(0, units.Count, () => new Scratch(locations, groups), (u, _, s) =>
        {
            PriceUnit(units, flow, relaxed, u, pricedGroups, columnsPerUnit, s, firstNegative, negativeArcs);
            return s;
        }, s =>
        {
            lock (gate)
            {
                for (var g = 0; g < groups; g++)
                {
                    loss[g] = checked(loss[g] + s.Loss[g]);
                }

                priced += s.Priced;
                negatives += s.Negatives;
            }
        });

        var failed = -1;
        for (var g = 0; g < groups && failed < 0; g++)
        {
            if (g >= pricedGroups || loss[g] < 0)
            {
                failed = g;
            }
        }

        var bounds = new long[groups];
        for (var g = 0; g < groups; g++)
        {
            bounds[g] = failed < 0 || g < failed ? relaxed.ScaledValues[g]
                : g == failed && g < pricedGroups ? Math.Max(0, checked(relaxed.ScaledValues[g] + loss[g])) // costs are never negative
                : 0;
        }

        var columns = new Dictionary<int, int[]>();
        for (var u = 0; u < units.Count && failed >= 0; u++)
        {
            if (firstNegative[u] == failed && negativeArcs[u] is { Length: > 0 } arcs)
            {
                columns[u] = arcs;
            }
        }

        return new PricingOutcome(bounds, failed, priced, negatives, columns);
    }

    /// <summary>
    /// Prices one unit's pruned arcs group by group: the group's loss when a pruned arc undercuts the
    /// unit's least open kept arc (then its best such arcs become columns and later groups are not
    /// priced for it), else the supply fixed kept arcs use up and the pruned arcs left open.
    /// </summary>
    private static void PriceUnit(Units units, LexicographicFlow flow, FlowResult relaxed, int u, int pricedGroups, int columnsPerUnit,
        Scratch s, int[] firstNegative, int[][] negativeArcs)
    {
        var kept = units.Candidates[u];
        var n = units.FullCandidates(u, s.Locations);
        if (n == kept.Length)
        {
            return;
        }

        var open = CollectPruned(kept, n, s);
        s.Priced += open;
        var first = flow.ArcStart[u];
        var keptArcs = flow.ArcStart[u + 1] - first; // candidates, then unplaced
        long supply = units.Members[u].Length;
        for (var g = 0; g < pricedGroups && open > 0 && supply > 0; g++)
        {
            var rc = relaxed.ReducedCost[g];
            var leastKept = LeastOpenKept(relaxed, rc, first, keptArcs, g);
            var locations = s.Open.AsSpan(0, open);
            GroupCosts(units, u, g, locations, s);
            if (leastKept == long.MaxValue)
            {
                return; // nothing open: the unit is decided
            }

            var (least, negative) = PricePruned(flow, relaxed.Potential[g], u, locations, leastKept, s);
            if (negative > 0)
            {
                s.Loss[g] = checked(s.Loss[g] + (supply * (least - leastKept)));
                s.Negatives += negative;
                firstNegative[u] = g;
                negativeArcs[u] = BestColumns(locations, negative, columnsPerUnit, s);
                return; // this unit's later groups rest on a group that is not proven
            }

            // Next group: kept arcs fixed at capacity use up the supply; pruned arcs with a positive
            // reduced cost close, those at 0 stay open.
            for (var k = 0; k < keptArcs; k++)
            {
                if (OpenIn(relaxed, first + k, g) && rc[first + k] < 0)
                {
                    supply -= flow.Capacity[first + k];
                }
            }

            open = KeepZeroReduced(open, s);
        }
    }

    /// <summary>The pruned arcs into <see cref="Scratch.Open"/>: the first <paramref name="n"/> full candidates in <see cref="Scratch.Locations"/> not kept (both ascending); returns how many.</summary>
    private static int CollectPruned(int[] kept, int n, Scratch s)
    {
        var open = 0;
        for (int i = 0, j = 0; i < n; i++)
        {
            while (j < kept.Length && kept[j] < s.Locations[i])
            {
                j++;
            }

            if (j >= kept.Length || kept[j] != s.Locations[i])
            {
                s.Open[open++] = s.Locations[i];
            }
        }

        return open;
    }

    /// <summary>The least reduced cost of the unit's kept arcs still open in group <paramref name="g"/> (reduced cost 0 in every earlier group); long.MaxValue when none is.</summary>
    private static long LeastOpenKept(FlowResult relaxed, long[] rc, int first, int keptArcs, int g)
    {
        var leastKept = long.MaxValue;
        for (var k = 0; k < keptArcs; k++)
        {
            if (OpenIn(relaxed, first + k, g))
            {
                leastKept = Math.Min(leastKept, rc[first + k]);
            }
        }

        return leastKept;
    }

    /// <summary>The group's cost (scaled, tiers by their multipliers) of each pruned location, into <see cref="Scratch.Cost"/>.</summary>
    private static void GroupCosts(Units units, int u, int g, ReadOnlySpan<int> locations, Scratch s)
    {
        var open = locations.Length;
        var cost = s.Cost.AsSpan(0, open);
        cost.Clear();
        foreach (var t in units.Groups[g])
        {
            var tier = s.Tier.AsSpan(0, open);
            units.TierCosts(u, t, locations, s.Member, tier);
            var m = units.Multiplier[t];
            for (var i = 0; i < open; i++)
            {
                cost[i] = checked(cost[i] + (m * tier[i]));
            }
        }
    }

    /// <summary>Reduced costs of the pruned arcs into <see cref="Scratch.Reduced"/>, the least of them, and (into <see cref="Scratch.Negative"/>) those below the least open kept arc.</summary>
    private static (long Least, int Negative) PricePruned(LexicographicFlow flow, long[] potential, int u, ReadOnlySpan<int> locations, long leastKept, Scratch s)
    {
        var cost = s.Cost.AsSpan(0, locations.Length);
        var least = long.MaxValue;
        var negative = 0;
        for (var i = 0; i < locations.Length; i++)
        {
            var r = checked(cost[i] + potential[u] - potential[flow.LocationNode(locations[i])]);
            s.Reduced[i] = r;
            least = Math.Min(least, r);
            if (r < leastKept)
            {
                s.Negative[negative++] = i;
            }
        }

        return (least, negative);
    }

    /// <summary>The locations of the (at most <paramref name="columnsPerUnit"/>) undercutting arcs with the least reduced cost, ties by position.</summary>
    private static int[] BestColumns(ReadOnlySpan<int> locations, int negative, int columnsPerUnit, Scratch s)
    {
        var picked = s.Negative.AsSpan(0, negative).ToArray();
        Array.Sort(picked, (a, b) => s.Reduced[a] != s.Reduced[b] ? s.Reduced[a].CompareTo(s.Reduced[b]) : a.CompareTo(b));
        var columns = new int[Math.Min(columnsPerUnit, picked.Length)];
        for (var i = 0; i < columns.Length; i++)
        {
            columns[i] = locations[picked[i]];
        }

        return columns;
    }

    /// <summary>Keeps in <see cref="Scratch.Open"/> the pruned arcs with reduced cost 0 (the rest close for later groups); returns how many.</summary>
    private static int KeepZeroReduced(int open, Scratch s)
    {
        var stillOpen = 0;
        for (var i = 0; i < open; i++)
        {
            if (s.Reduced[i] == 0)
            {
                s.Open[stillOpen++] = s.Open[i];
            }
        }

        return stillOpen;
    }

    /// <summary>True when an arc was left free by every group before <paramref name="group"/> (reduced cost 0 in each).</summary>
    private static bool OpenIn(FlowResult relaxed, int arc, int group)
    {
        for (var g = 0; g < group; g++)
        {
            if (relaxed.ReducedCost[g][arc] != 0)
            {
                return false;
            }
        }

        return true;
    }

    private sealed class Scratch(int locations, int groups)
    {
        public int[] Locations { get; } = new int[locations];

        public int[] Open { get; } = new int[locations];

        public long[] Member { get; } = new long[locations];

        public long[] Tier { get; } = new long[locations];

        public long[] Cost { get; } = new long[locations];

        public long[] Reduced { get; } = new long[locations];

        public int[] Negative { get; } = new int[locations];

        public long[] Loss { get; } = new long[groups];

        public long Priced { get; set; }

        public long Negatives { get; set; }
    }
}

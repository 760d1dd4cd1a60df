using Spreidingswet.Placement.Solving.MinCostFlow;

namespace Spreidingswet.Placement.Solving.Flow;

// Column generation for one tier group. The restricted network holds the unplaced and
// non-unit arcs and, per unit, a few of its candidate arcs (its cheapest open ones in the group
// when the group is first seeded). Each round solves the restricted min-cost flow, takes
// shortest-path potentials of its residual network and prices every unit arc outside it; arcs with
// a negative reduced cost enter. When none does, the restricted optimum with those potentials meets
// complementary slackness on every candidate arc, so it is the optimum over the full network.
// The network only grows: arcs priced in for one group stay for later groups and later solves.
internal sealed partial class LexicographicFlow
{
    /// <summary>One tier group: on the pooled network when it applies (once it did not, never again for this group), else by column generation: solve, price the arcs outside, repeat.</summary>
    private long[] SolveWithPricing(int t, bool[] active, bool[] inNetwork, long[] lower, long[] upper, long[] flow, bool trace)
    {
        if (Pooling && !_notPoolable.Contains(t))
        {
            var sw = System.Diagnostics.Stopwatch.StartNew();
            var pooled = new PooledTierSolve(this, _units, t, active, lower, upper, flow).Solve(inNetwork, out var why);
            if (trace)
            {
                Console.Error.WriteLine($"tier {t} pooled: {(pooled is null ? $"not used ({why})" : why)}, {sw.ElapsedMilliseconds} ms");
            }

            if (pooled is not null)
            {
                return pooled;
            }

            _notPoolable.Add(t);
        }

        if (_seeded.Add(t))
        {
            SeedNetwork(t, active, inNetwork);
        }

        var rounds = 0;
        while (true)
        {
            var sw = System.Diagnostics.Stopwatch.StartNew();
            SolveTier(t, active, inNetwork, lower, upper, flow);
            var solveMs = sw.ElapsedMilliseconds;
            sw.Restart();
            var potential = Potentials(t, active, inNetwork, lower, upper, flow);
            var added = Price(t, active, inNetwork, potential);
            rounds++;
            if (trace)
            {
                Console.Error.WriteLine($"tier {t} round {rounds}: flow {solveMs} ms, potentials+pricing {sw.ElapsedMilliseconds} ms, network {inNetwork.Count(x => x)} arcs, added {added}");
            }

            if (added == 0)
            {
                return potential;
            }
        }
    }

    /// <summary>Adds every arc outside the network with a negative reduced cost; returns how many.</summary>
    private int Price(int tier, bool[] active, bool[] inNetwork, long[] potential)
    {
        var added = 0;
        for (var a = 0; a < LocationArcStart; a++)
        {
            if (active[a] && !inNetwork[a] && Cost(tier, a) + potential[Tail[a]] - potential[Head[a]] < 0)
            {
                inNetwork[a] = true;
                added++;
            }
        }

        return added;
    }

    private bool[] InitialNetwork()
    {
        var inNetwork = new bool[ArcCount];
        for (var a = LocationArcStart; a < ArcCount; a++)
        {
            inNetwork[a] = true;
        }

        for (var u = 0; u < _units.Count; u++)
        {
            inNetwork[ArcStart[u + 1] - 1] = true; // unplaced
        }

        return inNetwork;
    }

    /// <summary>
    /// Before the first column-generation solve of a tier group: per unit, its cheapest open arcs in
    /// that group (all of them when it has few), so that pricing has little left to add.
    /// </summary>
    private void SeedNetwork(int tier, bool[] active, bool[] inNetwork)
    {
        Parallel.For(0, _units.Count, () => (Array.Empty<long>(), Array.Empty<int>()), (u, _, scratch) =>
        {
            var (keys, arcs) = scratch;
            var n = 0;
            var k = _units.Candidates[u].Length;
            if (keys.Length < k)
            {
                (keys, arcs) = (new long[k], new int[k]);
            }

            for (var a = ArcStart[u]; a < ArcStart[u] + k; a++)
            {
                if (active[a])
                {
                    keys[n] = _arcCost[tier][u][a - ArcStart[u]];
                    arcs[n++] = a;
                }
            }

            if (n > InitialArcsPerUnit)
            {
                Array.Sort(keys, arcs, 0, n);
                n = InitialArcsPerUnit;
            }

            for (var i = 0; i < n; i++)
            {
                inNetwork[arcs[i]] = true;
            }

            return (keys, arcs);
        }, _ => { });
    }

    private void SolveTier(int tier, bool[] active, bool[] inNetwork, long[] lower, long[] upper, long[] flow)
    {
        if (!TrySolveTier(tier, active, inNetwork, lower, upper, flow))
        {
            // Every unit has an unplaced arc to the sink, so the network is always feasible.
            throw new InvalidOperationException($"Min-cost flow found no optimum on tier group {tier}; the network is feasible by construction.");
        }
    }

    /// <summary>One min-cost flow solve of a tier group on the arcs in the network; false when it has no optimum (bounds infeasible).</summary>
    private bool TrySolveTier(int tier, bool[] active, bool[] inNetwork, long[] lower, long[] upper, long[] flow)
    {
        var supply = new long[NodeCount];
        for (var u = 0; u < _units.Count; u++)
        {
            supply[u] = _units.Members[u].Length;
        }

        supply[_sink] = -supply.Sum();
        var map = new List<int>(ArcCount);
        var tails = new List<int>(ArcCount);
        var heads = new List<int>(ArcCount);
        var caps = new List<long>(ArcCount);
        var costs = new List<long>(ArcCount);
        for (var a = 0; a < ArcCount; a++)
        {
            if (!active[a] || !inNetwork[a])
            {
                continue;
            }

            if (lower[a] > 0)
            {
                supply[Tail[a]] -= lower[a];
                supply[Head[a]] += lower[a];
            }

            var free = upper[a] - lower[a];
            if (free > 0)
            {
                tails.Add(Tail[a]);
                heads.Add(Head[a]);
                caps.Add(free);
                costs.Add(Cost(tier, a));
                map.Add(a);
            }
        }

        if (MinCostFlows.Solve(supply, tails, heads, caps, costs) is not { } solved)
        {
            return false;
        }

        Array.Copy(lower, flow, ArcCount);
        for (var i = 0; i < map.Count; i++)
        {
            flow[map[i]] += solved[i];
        }

        return true;
    }

    /// <summary>Shortest-path potentials of the residual network of one tier (see <see cref="Residual.Potentials"/>).</summary>
    private long[] Potentials(int tier, bool[] active, bool[] inNetwork, long[] lower, long[] upper, long[] flow)
    {
        var tails = new List<int>();
        var heads = new List<int>();
        var weights = new List<long>();
        for (var a = 0; a < ArcCount; a++)
        {
            if (!active[a] || !inNetwork[a])
            {
                continue;
            }

            Residual.Add(tails, heads, weights, Tail[a], Head[a], Cost(tier, a), flow[a] < upper[a], flow[a] > lower[a]);
        }

        return Residual.Potentials(NodeCount, tails, heads, weights);
    }
}

using Google.OrTools.Graph;
using Spreidingswet.Placement.Solving.MinCostFlow;

namespace Spreidingswet.Placement.Tests.Solving.MinCostFlow;

/// <summary>
/// The engine's network simplex against OR-Tools' min-cost flow on random networks shaped like the
/// engine's (units with supply, locations with capacity, a sink, an always-open unplaced arc) and on
/// general ones (cycles, negative costs, infeasible supplies, lexicographic-size costs).
/// </summary>
public sealed class NetworkSimplexTests
{
    private sealed record Network(int Nodes, long[] Supply, (int Tail, int Head, long Capacity, long Cost)[] Arcs);

    private static Network Placement(Random random, int units, int locations, long costScale)
    {
        var nodes = units + locations + 1;
        var sink = nodes - 1;
        var supply = new long[nodes];
        var arcs = new List<(int, int, long, long)>();
        for (var u = 0; u < units; u++)
        {
            supply[u] = random.Next(4) == 0 ? random.Next(2, 4) : 1; // sibling groups
            for (var l = 0; l < locations; l++)
            {
                if (random.Next(3) > 0)
                {
                    arcs.Add((u, units + l, supply[u], random.NextInt64(0, costScale)));
                }
            }

            arcs.Add((u, sink, supply[u], costScale * 50)); // unplaced
        }

        for (var l = 0; l < locations; l++)
        {
            arcs.Add((units + l, sink, random.Next(0, 6), random.Next(-3, 3)));
        }

        supply[sink] = -supply.Sum();
        return new Network(nodes, supply, [.. arcs]);
    }

    /// <summary>Supplies sum to zero; with <paramref name="roomy"/> false the capacities are small, so many cannot be routed.</summary>
    private static Network General(Random random, int nodes, int arcCount, bool roomy)
    {
        var supply = new long[nodes];
        for (var i = 0; i < nodes / 3; i++)
        {
            var amount = random.Next(1, 6);
            supply[random.Next(nodes)] += amount;
            supply[random.Next(nodes)] -= amount;
        }

        var arcs = new (int, int, long, long)[arcCount];
        for (var a = 0; a < arcCount; a++)
        {
            int t = random.Next(nodes), h;
            do
            {
                h = random.Next(nodes);
            }
            while (h == t);
            arcs[a] = (t, h, random.Next(0, roomy ? 20 : 3), random.Next(-5, 40));
        }

        return new Network(nodes, supply, arcs);
    }

    private static (bool Optimal, long Cost) OrTools(Network net)
    {
        using var solver = new Google.OrTools.Graph.MinCostFlow();
        foreach (var (t, h, c, w) in net.Arcs)
        {
            solver.AddArcWithCapacityAndUnitCost(t, h, c, w);
        }

        for (var n = 0; n < net.Nodes; n++)
        {
            solver.SetNodeSupply(n, net.Supply[n]);
        }

        return solver.Solve() == MinCostFlowBase.Status.OPTIMAL ? (true, solver.OptimalCost()) : (false, 0);
    }

    private static (bool Optimal, long Cost) Simplex(Network net)
    {
        var solver = new NetworkSimplex(net.Nodes);
        foreach (var (t, h, c, w) in net.Arcs)
        {
            solver.AddArc(t, h, c, w);
        }

        for (var n = 0; n < net.Nodes; n++)
        {
            solver.SetSupply(n, net.Supply[n]);
        }

        Assert.True(solver.Fits());
        if (solver.Solve() != NetworkSimplexStatus.Optimal)
        {
            return (false, 0);
        }

        // A flow: within capacities, conserving every node's supply.
        var balance = (long[])net.Supply.Clone();
        for (var a = 0; a < net.Arcs.Length; a++)
        {
            var f = solver.Flow(a);
            Assert.InRange(f, 0, net.Arcs[a].Capacity);
            balance[net.Arcs[a].Tail] -= f;
            balance[net.Arcs[a].Head] += f;
        }

        Assert.All(balance, b => Assert.Equal(0, b));
        return (true, solver.OptimalCost());
    }

    [Theory]
    [InlineData(1, 30, 6, 100)]
    [InlineData(2, 120, 12, 1_000)]
    [InlineData(3, 400, 40, 8_000_000_000_000)] // lexicographic-size costs, as in a first tier group
    [InlineData(4, 60, 3, 10)] // too little capacity: many unplaced
    public void PlacementShapedNetworks_SameOptimumAsOrTools(int seed, int units, int locations, long costScale)
    {
        var random = new Random(seed);
        for (var round = 0; round < 10; round++)
        {
            var net = Placement(random, units, locations, costScale);
            var expected = OrTools(net);
            Assert.True(expected.Optimal);
            Assert.Equal(expected, Simplex(net));
        }
    }

    [Fact]
    public void MinCostFlows_AboveTheSimplexLimit_UsesOrToolsWithTheSameOptimum()
    {
        var net = Placement(new Random(21), 800, 40, 1_000_000);
        Assert.True(net.Arcs.Length > MinCostFlows.SimplexArcLimit);
        var flow = MinCostFlows.Solve(net.Supply, [.. net.Arcs.Select(a => a.Tail)], [.. net.Arcs.Select(a => a.Head)],
            [.. net.Arcs.Select(a => a.Capacity)], [.. net.Arcs.Select(a => a.Cost)]);
        Assert.NotNull(flow);
        var cost = net.Arcs.Select((a, i) => a.Cost * flow[i]).Sum();
        Assert.Equal(Simplex(net), (true, cost));
    }

    [Fact]
    public void GeneralNetworks_SameOptimumAndSameInfeasibility()
    {
        var random = new Random(11);
        var infeasible = 0;
        for (var round = 0; round < 300; round++)
        {
            var net = General(random, random.Next(2, 40), random.Next(1, 160), roomy: round % 3 != 0);
            var expected = OrTools(net);
            infeasible += expected.Optimal ? 0 : 1;
            Assert.Equal(expected, Simplex(net));
        }

        Assert.InRange(infeasible, 10, 290); // both outcomes were exercised
    }

    [Fact]
    public void SuppliesThatDoNotSumToZero_AreInfeasible()
    {
        var solver = new NetworkSimplex(2);
        solver.AddArc(0, 1, 5, 1);
        solver.SetSupply(0, 2);
        solver.SetSupply(1, -1);
        Assert.Equal(NetworkSimplexStatus.Infeasible, solver.Solve());
    }
}

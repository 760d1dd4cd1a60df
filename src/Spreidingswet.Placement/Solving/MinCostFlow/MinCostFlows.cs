namespace Spreidingswet.Placement.Solving.MinCostFlow;

/// <summary>
/// The engine's min-cost flow solves: the network simplex up to <see cref="SimplexArcLimit"/> arcs
/// (and costs it can take, <see cref="NetworkSimplex.Fits"/>), OR-Tools' cost-scaling
/// <c>MinCostFlow</c> above. Both return an optimal flow of the same problem; where the optimum is not
/// unique they may return different optimal flows, so the choice is fixed by size alone.
/// </summary>
internal static class MinCostFlows
{
    /// <summary>
    /// Networks up to this many arcs go to the network simplex: below it the simplex is faster on the
    /// engine's networks (the first tier group of a mid-size instance), above it cost scaling wins (a
    /// national instance); the crossover measurements are in bench/RESULTS.md.
    /// </summary>
    public const int SimplexArcLimit = 20_000;

    /// <summary>Optimal flows per arc, or null when the supplies cannot be routed.</summary>
    public static long[]? Solve(long[] supply, List<int> tails, List<int> heads, List<long> capacities, List<long> costs)
    {
        var arcs = tails.Count;
        var flow = new long[arcs];
        if (arcs <= SimplexArcLimit)
        {
            var simplex = new NetworkSimplex(supply.Length);
            for (var i = 0; i < arcs; i++)
            {
                simplex.AddArc(tails[i], heads[i], capacities[i], costs[i]);
            }

            for (var n = 0; n < supply.Length; n++)
            {
                simplex.SetSupply(n, supply[n]);
            }

            if (simplex.Fits())
            {
                if (simplex.Solve() != NetworkSimplexStatus.Optimal)
                {
                    return null;
                }

                for (var i = 0; i < arcs; i++)
                {
                    flow[i] = simplex.Flow(i);
                }

                return flow;
            }
        }

        using var solver = new Google.OrTools.Graph.MinCostFlow();
        for (var i = 0; i < arcs; i++)
        {
            solver.AddArcWithCapacityAndUnitCost(tails[i], heads[i], capacities[i], costs[i]);
        }

        for (var n = 0; n < supply.Length; n++)
        {
            if (supply[n] != 0)
            {
                solver.SetNodeSupply(n, supply[n]);
            }
        }

        if (solver.Solve() != Google.OrTools.Graph.MinCostFlowBase.Status.OPTIMAL)
        {
            return null;
        }

        for (var i = 0; i < arcs; i++)
        {
            flow[i] = solver.Flow(i);
        }

        return flow;
    }
}

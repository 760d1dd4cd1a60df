namespace Spreidingswet.Placement.Solving.Flow;

/// <summary>
/// Node potentials from a residual network: shortest-path distances from a virtual root joined to
/// every node, computed by SPFA (Bellman-Ford with a FIFO queue). At an optimal flow the residual
/// network has no negative cycle, so the distances exist and every residual arc gets a reduced
/// cost >= 0 (the optimality certificate the tier loop and the pooled and profile solves rely on).
/// O(nodes x arcs) in the worst case; a relaxation count past that bound means a negative cycle.
/// </summary>
internal static class Residual
{
    /// <summary>Adds an arc's residual arcs: forward at its cost when it has room, backward at minus its cost when it carries flow.</summary>
    internal static void Add(List<int> tails, List<int> heads, List<long> weights, int tail, int head, long cost, bool forward, bool backward)
    {
        if (forward)
        {
            tails.Add(tail);
            heads.Add(head);
            weights.Add(cost);
        }

        if (backward)
        {
            tails.Add(head);
            heads.Add(tail);
            weights.Add(-cost);
        }
    }

    /// <summary>
    /// Shortest-path distances in a residual network (given as its arcs) from a virtual root joined
    /// to every node (SPFA); at an optimum there is no negative cycle, so they are valid potentials:
    /// every residual arc gets a reduced cost >= 0.
    /// </summary>
    internal static long[] Potentials(int nodes, List<int> tails, List<int> heads, List<long> weights)
    {
        var degree = new int[nodes + 1];
        foreach (var t in tails)
        {
            degree[t]++;
        }

        var start = new int[nodes + 1];
        for (var n = 0; n < nodes; n++)
        {
            start[n + 1] = start[n] + degree[n];
        }

        var fill = (int[])start.Clone();
        var to = new int[start[nodes]];
        var weight = new long[start[nodes]];
        for (var i = 0; i < tails.Count; i++)
        {
            to[fill[tails[i]]] = heads[i];
            weight[fill[tails[i]]++] = weights[i];
        }

        var dist = new long[nodes];
        var inQueue = new bool[nodes];
        var queue = new Queue<int>(nodes);
        for (var n = 0; n < nodes; n++)
        {
            queue.Enqueue(n);
            inQueue[n] = true;
        }

        long relaxations = 0;
        var limit = (long)nodes * (start[nodes] + 1);
        while (queue.TryDequeue(out var v))
        {
            inQueue[v] = false;
            var dv = dist[v];
            for (var e = start[v]; e < start[v + 1]; e++)
            {
                var w = to[e];
                var candidate = dv + weight[e];
                if (candidate < dist[w])
                {
                    dist[w] = candidate;
                    if (!inQueue[w])
                    {
                        inQueue[w] = true;
                        queue.Enqueue(w);
                    }
                }
            }

            if (++relaxations > limit)
            {
                throw new InvalidOperationException("Negative cycle in the residual network: the flow is not optimal.");
            }
        }

        return dist;
    }
}

using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Spreidingswet.Placement.Solving.BranchAndBound;

/// <summary>
/// The shortest-path repair: forbidding an arc cancels its flow and reroutes it from the arc's tail to
/// its head by successive lexicographic shortest paths on reduced costs (Dijkstra), with the
/// potentials updated so that the flow stays optimal. A search is cut off as soon as the node can no
/// longer beat the incumbent.
/// </summary>
internal sealed partial class FlowBranchAndBound
{
    // Dijkstra scratch.
    private readonly LexVec[] _dist;
    private readonly int[] _stamp;
    private readonly bool[] _settled;
    private readonly int[] _predArc;
    private PriorityQueue<int, LexVec>? _queue;
    private readonly List<int> _settledNodes = [];
    private readonly List<int> _deadGadgets = [];
    private readonly long[][] _unitCosts = new long[LexVec.MaxLength][];
    private readonly int[] _deadStamp;
    private readonly bool[] _predReverse;
    private int _search;

    /// <summary>Time spent in shortest-path repairs (diagnostics for PLACEMENT_TRACE).</summary>
    internal long PathTicks { get; private set; }

    /// <summary>Shortest-path repairs run.</summary>
    internal int Paths { get; private set; }

    /// <summary>Repairs stopped because the node could no longer beat the incumbent.</summary>
    internal int Pruned { get; private set; }

    /// <summary>Nodes settled by all repairs.</summary>
    internal int Settled { get; private set; }

    /// <summary>Forbids an arc and restores an optimal flow without it; false when none exists.</summary>
    private bool Forbid(int arc)
    {
        if (_forbidden[arc])
        {
            return true;
        }

        _log.Add(new UndoEntry(UndoKind.Forbidden, arc, 0));
        _forbidden[arc] = true;
        var f = _flow[arc];
        if (f == 0)
        {
            return true;
        }

        SetFlow(arc, 0);
        _value = _value.Subtract(Cost(arc).Scale(f));
        var source = _net.Tail[arc];
        var target = _net.Head[arc];
        while (f > 0)
        {
            var reached = ShortestPath(source, target, f);
            if (!reached)
            {
                return false;
            }

            // Bottleneck along the path, then push.
            var push = f;
            for (var v = target; v != source; v = _predReverse[v] ? _net.Head[_predArc[v]] : _net.Tail[_predArc[v]])
            {
                var a = _predArc[v];
                push = Math.Min(push, _predReverse[v] ? _flow[a] : _net.Capacity[a] - _flow[a]);
            }

            for (var v = target; v != source;)
            {
                var a = _predArc[v];
                if (_predReverse[v])
                {
                    SetFlow(a, _flow[a] - push);
                    _value = _value.Subtract(Cost(a).Scale(push));
                    v = _net.Head[a];
                }
                else
                {
                    SetFlow(a, _flow[a] + push);
                    _value = _value.Add(Cost(a).Scale(push));
                    v = _net.Tail[a];
                }
            }

            f -= push;
        }

        return true;
    }

    private bool ShortestPath(int source, int target, long amount)
    {
        var t0 = Stopwatch.GetTimestamp();
        try
        {
            return ShortestPathCore(source, target, amount);
        }
        finally
        {
            PathTicks += Stopwatch.GetTimestamp() - t0;
            Paths++;
        }
    }

    /// <summary>
    /// Lexicographic Dijkstra on reduced costs from <paramref name="source"/> until
    /// <paramref name="target"/> is settled; updates the potentials of the settled nodes so that
    /// reduced costs stay non-negative and the path's arcs get reduced cost 0.
    /// </summary>
    private bool ShortestPathCore(int source, int target, long amount)
    {
        _search++;
        var queue = _queue ??= new PriorityQueue<int, LexVec>();
        var settledNodes = _settledNodes;
        queue.Clear();
        settledNodes.Clear();
        _stamp[source] = _search;
        _dist[source] = default;
        _settled[source] = false;
        queue.Enqueue(source, default);
        var found = false;
        // Bounded by the incumbent: every path still to push costs at least the key being settled
        // (true cost = key - pi(source) + pi(target); successive shortest paths only get longer), so
        // once value + amount x that reaches the incumbent, this node's relaxation cannot beat it.
        LexVec? incumbent = Cutoff();
        var shift = default(LexVec);
        for (var g = 0; g < _groups; g++)
        {
            shift[g] = _pi[g][target] - _pi[g][source];
        }

        LexVec? lastKey = null;
        while (queue.TryDequeue(out var v, out var d))
        {
            if (incumbent is { } inc && (lastKey is null || d.CompareTo(lastKey.Value, _groups) != 0))
            {
                lastKey = d;
                if (_value.Add(d.Add(shift).Scale(amount)).CompareTo(inc, _groups) >= 0)
                {
                    Pruned++;
                    break;
                }
            }

            if (_settled[v] && _stamp[v] == _search)
            {
                continue;
            }

            if (d.CompareTo(_dist[v], _groups) != 0)
            {
                continue;
            }

            _settled[v] = true;
            settledNodes.Add(v);
            Settled++;
            if (v == target)
            {
                found = true;
                break;
            }

            Relax(v, d, queue);

            // Keys only grow and reduced costs are >= 0: a target reached at the key just settled is
            // final (on a plateau of zero reduced costs this saves settling the whole network).
            if (_stamp[target] == _search && !_settled[target] && _dist[target].CompareTo(d, _groups) == 0)
            {
                _settled[target] = true;
                settledNodes.Add(target);
                found = true;
                break;
            }
        }

        if (found)
        {
            ShiftSettledPotentials(target);
        }

        _deadGadgets.Clear();

        foreach (var v in settledNodes)
        {
            _settled[v] = false;
        }

        return found;
    }

    /// <summary>After a path to <paramref name="target"/>: every settled node's potential shifts by its distance minus the target's, so reduced costs stay non-negative and the path's arcs get reduced cost 0.</summary>
    private void ShiftSettledPotentials(int target)
    {
        var dt = _dist[target];
        foreach (var v in _settledNodes)
        {
            ShiftPotential(v, _dist[v].Subtract(dt));
        }

        // Pass-through gadgets were never queued: the ones reached below the target's distance
        // get the shift they would have had if settled, so that every residual arc keeps a
        // reduced cost >= 0 (their location's distance is at most theirs plus the exit arc's).
        foreach (var v in _deadGadgets)
        {
            if (_dist[v].CompareTo(dt, _groups) < 0)
            {
                ShiftPotential(v, _dist[v].Subtract(dt));
            }
        }
    }

    private void ShiftPotential(int v, LexVec delta)
    {
        for (var g = 0; g < _groups; g++)
        {
            if (delta[g] != 0)
            {
                _log.Add(new UndoEntry(UndoKind.Potential, (g * _nodes) + v, _pi[g][v]));
                _pi[g][v] += delta[g];
            }
        }
    }

    private void Relax(int v, LexVec d, PriorityQueue<int, LexVec> queue)
    {
        if (v < _unitCount)
        {
            RelaxUnitArcs(v, d, queue);
            return;
        }

        RelaxNetworkArcs(v, d, queue);
    }

    /// <summary>
    /// The arcs out of unit node <paramref name="v"/> (the hot loop of every repair). A settled head
    /// needs no reduced cost: checked first (most unit arcs lead to the few location nodes, settled
    /// early). A keep-apart gadget that nobody passes through leads only to its location: once that
    /// is settled, the gadget cannot shorten any path.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void RelaxUnitArcs(int v, LexVec d, PriorityQueue<int, LexVec> queue)
    {
        var start = _net.ArcStart[v];
        var unplacedArc = _net.ArcStart[v + 1] - 1;
        var basis = d;
        for (var g = 0; g < _groups; g++)
        {
            basis[g] += _pi[g][v];
            _unitCosts[g] = _net.ArcCosts[g][v];
        }

        for (var a = start; a <= unplacedArc; a++)
        {
            var w = _net.Head[a];
            if (Done(w) || _forbidden[a] || _flow[a] >= _net.Capacity[a])
            {
                continue;
            }

            // d + reduced cost, straight from the arrays (the hot loop of every repair).
            var candidate = basis;
            var k = a - start;
            for (var g = 0; g < _groups; g++)
            {
                candidate[g] += (a < unplacedArc ? _unitCosts[g][k] : _units.GroupUnplacedCost[g][v]) - _pi[g][w];
            }

            if (PassThroughGadget(w))
            {
                // Never queued: nobody passes through it, so its one residual exit is the arc
                // into its location, relaxed straight away. Its distance is kept for the
                // potential update.
                if (_deadStamp[w] != _search)
                {
                    _deadStamp[w] = _search;
                    _deadGadgets.Add(w);
                }
                else if (candidate.CompareTo(_dist[w], _groups) >= 0)
                {
                    continue;
                }

                _dist[w] = candidate;
                _predArc[w] = a;
                _predReverse[w] = false;
                var exit = _out[w][0];
                var location = _net.Head[exit];
                if (!Done(location))
                {
                    Reach(location, exit, false, candidate.Add(ReducedCost(exit)), queue);
                }

                continue;
            }

            Reach(w, a, false, candidate, queue);
        }
    }

    /// <summary>The residual arcs of a node that is not a unit: out-arcs with room, in-arcs with flow (reversed).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void RelaxNetworkArcs(int v, LexVec d, PriorityQueue<int, LexVec> queue)
    {
        foreach (var a in _out[v])
        {
            var w = _net.Head[a];
            if (!Done(w) && !_forbidden[a] && _flow[a] < _net.Capacity[a])
            {
                Reach(w, a, false, d.Add(ReducedCost(a)), queue);
            }
        }

        if (v < _unitCount + _inflow.Length)
        {
            foreach (var a in _inflow[v - _unitCount])
            {
                var w = _net.Tail[a];
                if (!Done(w))
                {
                    Reach(w, a, true, d.Subtract(ReducedCost(a)), queue);
                }
            }
        }

        foreach (var a in _staticIn[v])
        {
            var w = _net.Tail[a];
            if (_flow[a] > 0 && !Done(w))
            {
                Reach(w, a, true, d.Subtract(ReducedCost(a)), queue);
            }
        }
    }

    private bool Done(int w) => _stamp[w] == _search && _settled[w];

    /// <summary>
    /// A keep-apart gadget node with no flow through it, not reached otherwise in this search: its
    /// only residual arc out is the one into its location (capacity free).
    /// </summary>
    private bool PassThroughGadget(int w)
        => w > _net.Sink && _flow[_out[w][0]] == 0 && (_stamp[w] != _search || _deadStamp[w] == _search);

    private void Reach(int w, int arc, bool reverse, LexVec candidate, PriorityQueue<int, LexVec> queue)
    {
        if (_stamp[w] == _search)
        {
            if (_settled[w] || candidate.CompareTo(_dist[w], _groups) >= 0)
            {
                return;
            }
        }
        else
        {
            _stamp[w] = _search;
            _settled[w] = false;
        }

        _dist[w] = candidate;
        _predArc[w] = arc;
        _predReverse[w] = reverse;
        queue.Enqueue(w, candidate);
    }
}

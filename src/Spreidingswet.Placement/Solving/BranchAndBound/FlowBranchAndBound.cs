using System.Diagnostics;
using Spreidingswet.Placement.Preparation;
using Spreidingswet.Placement.Solving.Flow;

namespace Spreidingswet.Placement.Solving.BranchAndBound;

/// <summary>
/// Exact side constraints (sibling groups whole, keep-apart pairs apart) by branch and bound over the
/// lexicographic min-cost-flow relaxation, re-optimised incrementally.
/// <para>
/// Every node of the tree is an optimal flow of the relaxation with some arcs forbidden. A child
/// forbids one more arc; when that arc carries flow, the flow is cancelled and rerouted along
/// lexicographically shortest residual paths (Dijkstra on reduced costs, successive shortest paths),
/// which restores optimality exactly without solving the network again. The node's value is a lower
/// bound for its subtree; a tighter one adds, per remaining violation on disjoint units, the cheapest
/// reduced-cost excess of resolving it (all residual reduced costs are lexicographically
/// non-negative, so these terms add up). Depth-first, the cheaper child first; a subtree is pruned when
/// its bound reaches the incumbent. When the search ends the incumbent is proven optimal; when time
/// runs out the bound is the least bound of the unexplored nodes.
/// </para>
/// </summary>
internal sealed class FlowBranchAndBound
{
    private readonly Units _units;
    private readonly LexicographicFlow _net;
    private readonly int _groups;
    private readonly int _nodes;
    private readonly int _unitCount;
    private readonly long[] _flow;
    private readonly long[][] _pi;
    private readonly bool[] _forbidden;
    private readonly List<int>[] _inflow; // per location: unit arcs into it carrying flow
    private readonly int[][] _staticIn; // per node: incoming arcs that are not unit -> location arcs
    private readonly int[][] _out; // per non-unit node: outgoing arcs
    private readonly int[] _locationOfArc; // per unit arc: location index, -1 = unplaced arc
    private readonly IReadOnlyList<(int Partner, int Unit)>[] _keepApart; // per unit
    private LexVec _value;
    private readonly List<UndoEntry> _log = [];

    // Dijkstra scratch.
    private readonly LexVec[] _dist;
    private readonly int[] _stamp;
    private readonly bool[] _settled;
    private readonly int[] _predArc;
    private PriorityQueue<int, LexVec>? _queue;
    private readonly List<int> _settledNodes = [];
    private readonly List<int> _deadGadgets = [];
    private readonly int[] _used; // per unit: its arcs carrying flow
    private readonly long[][] _unitCosts = new long[LexVec.MaxLength][];
    private readonly int[] _deadStamp;
    private readonly bool[] _predReverse;
    private int _search;

    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private TimeSpan _limit;
    private CancellationToken _cancellation;
    private bool _aborted;
    private LexVec? _openBound;

    public FlowBranchAndBound(Units units, LexicographicFlow net, FlowResult root)
    {
        _units = units;
        _net = net;
        _groups = units.Groups.Length;
        if (_groups > LexVec.MaxLength)
        {
            throw new InvalidOperationException($"At most {LexVec.MaxLength} tier groups are supported.");
        }

        _unitCount = units.Count;
        _nodes = net.NodeCount;
        _flow = (long[])root.Flow.Clone();
        _pi = [.. root.Potential.Select(p => (long[])p.Clone())];
        _forbidden = new bool[net.ArcCount];
        var skeleton = net.Skeleton;
        _locationOfArc = skeleton.LocationOfArc;
        _staticIn = skeleton.StaticIn;
        _out = skeleton.Out;
        _keepApart = skeleton.KeepApart;
        var locations = units.Problem.Locations.Length;
        _inflow = new List<int>[locations];
        for (var l = 0; l < locations; l++)
        {
            _inflow[l] = [];
        }

        _used = new int[_unitCount];
        for (var a = 0; a < net.ArcStart[_unitCount]; a++)
        {
            if (_flow[a] > 0)
            {
                _used[net.Tail[a]]++;
                if (IntoLocation(a))
                {
                    _inflow[_locationOfArc[a]].Add(a);
                }
            }
        }

        _value = LexVec.From(root.ScaledValues);
        _dist = new LexVec[_nodes];
        _stamp = new int[_nodes];
        _deadStamp = new int[_nodes];
        _settled = new bool[_nodes];
        _predArc = new int[_nodes];
        _predReverse = new bool[_nodes];
    }

    /// <summary>True for a unit arc straight into its location node (kept in the dynamic in-lists).</summary>
    private bool IntoLocation(int a) => a < _net.LocationArcStart && _locationOfArc[a] >= 0 && _net.Head[a] == _net.LocationNode(_locationOfArc[a]);

    /// <summary>Nodes of the search tree visited.</summary>
    public int NodesVisited { get; private set; }

    /// <summary>Best solution found: location per unit (-1 = unplaced), or null.</summary>
    public int[]? Incumbent { get; private set; }

    /// <summary>Scaled group values of the incumbent.</summary>
    public long[]? IncumbentValue { get; private set; }

    /// <summary>Proven lower bound (scaled group values) on every solution with the side constraints.</summary>
    public long[] Bound { get; private set; } = [];

    /// <summary>True when the search finished: the incumbent (if any) is optimal.</summary>
    public bool Complete { get; private set; }

    /// <summary>
    /// Closes locations for good (a what-if closure re-planned from a solved relaxation): every unit arc
    /// into them is forbidden at the root and the flow re-optimised by shortest paths, so the state is
    /// the optimal relaxation of the changed problem. Call before <see cref="Run"/>.
    /// </summary>
    /// <returns>False when no flow without those arcs exists (cannot happen: a unit may stay unplaced).</returns>
    public bool Close(bool[] closedLocations)
    {
        for (var a = 0; a < _net.ArcStart[_unitCount]; a++)
        {
            var l = _locationOfArc[a];
            if (l >= 0 && closedLocations[l] && !Forbid(a))
            {
                return false;
            }
        }

        _log.Clear(); // root changes are never undone
        return true;
    }

    /// <summary>
    /// Offers a first incumbent: the current flow's assignment made feasible by
    /// <paramref name="repair"/> (whole units, beds, keep-apart pairs apart). With an incumbent from
    /// the start, repairs that cannot beat it stop early. Only without ISK prices (its value is then
    /// the flow objective exactly).
    /// </summary>
    public void SeedIncumbent(Func<int[], int[]> repair)
    {
        if (_net.PricesIsk)
        {
            return;
        }

        var candidate = repair(Assignment());
        for (var u = 0; u < _unitCount; u++)
        {
            var k = candidate[u] < 0 ? _units.Candidates[u].Length : Array.BinarySearch(_units.Candidates[u], candidate[u]);
            if (k < 0 || _forbidden[_net.ArcStart[u] + k])
            {
                if (PlacementTrace.On)
                {
                    Console.Error.WriteLine($"seed incumbent: none (unit {u} at location {candidate[u]} is not allowed here)");
                }

                return; // not an assignment of this search (a closed location): no seed
            }
        }

        var value = ScaledValue(candidate);
        if (PlacementTrace.On)
        {
            Console.Error.WriteLine($"seed incumbent [{string.Join(",", value.ToArray(_groups))}] against the relaxation [{string.Join(",", _value.ToArray(_groups))}]");
        }

        if (Incumbent is null || value.CompareTo(LexVec.From(IncumbentValue!), _groups) < 0)
        {
            Incumbent = candidate;
            IncumbentValue = value.ToArray(_groups);
        }
    }

    /// <summary>
    /// The flow objective per tier group (scaled, as the search tracks it) of an integral assignment:
    /// each unit's arc (or unplaced) cost times its size, plus the balance nodes' cost over target.
    /// </summary>
    internal LexVec ScaledValue(int[] unitLocation)
    {
        var value = default(LexVec);
        var load = new long[_units.Problem.Locations.Length];
        for (var u = 0; u < _unitCount; u++)
        {
            var size = _units.Members[u].Length;
            var l = unitLocation[u];
            var k = l < 0 ? -1 : Array.BinarySearch(_units.Candidates[u], l);
            if (l >= 0 && k < 0)
            {
                throw new InvalidOperationException($"Unit {u} is not a candidate of location {l}.");
            }

            for (var g = 0; g < _groups; g++)
            {
                value[g] = checked(value[g] + (size * (k < 0 ? _units.GroupUnplacedCost[g][u] : _net.ArcCosts[g][u][k])));
            }

            if (l >= 0)
            {
                load[l] += size;
            }
        }

        foreach (var node in _units.BalanceNodes)
        {
            long placed = 0;
            foreach (var l in node.Locations)
            {
                placed += load[l];
            }

            var over = Math.Max(0, placed - node.Free);
            for (var g = 0; g < _groups; g++)
            {
                value[g] = checked(value[g] + (_units.GroupBalanceWeight[g] * over));
            }
        }

        return value;
    }

    /// <summary>With PLACEMENT_TRACE=1: nodes, time since construction and the repairs' work, on stderr.</summary>
    public void Trace(string label)
    {
        if (PlacementTrace.On)
        {
            Console.Error.WriteLine($"{label}: {NodesVisited} nodes, {_clock.ElapsedMilliseconds} ms, {Paths} shortest paths in {Stopwatch.GetElapsedTime(0, PathTicks).TotalMilliseconds:F0} ms settling {Settled} nodes, {Pruned} cut off by the incumbent");
        }
    }

    /// <summary>Searches until the tree is exhausted or the time limit passes.</summary>
    public void Run(TimeSpan limit, CancellationToken cancellation)
    {
        _limit = limit;
        _cancellation = cancellation;
        var rootBound = Search(0);
        Complete = !_aborted;
        var best = Incumbent is null ? (LexVec?)null : LexVec.From(IncumbentValue!);
        LexVec bound;
        if (Complete)
        {
            // Exhausted: the incumbent is optimal; without one the side constraints cannot all hold
            // (cannot happen: leaving units unplaced is always allowed).
            bound = best ?? rootBound;
        }
        else
        {
            bound = _openBound is { } open && best is { } b ? LexVec.Min(open, b) : _openBound ?? rootBound;
        }

        Bound = bound.ToArray(_groups);
    }

    /// <summary>Depth-first search from the current state; returns the node's bound.</summary>
    private LexVec Search(int depth)
    {
        NodesVisited++;
        var (bound, branch) = Evaluate();
        if (bound.CompareTo(LexVec.Infinite, _groups) >= 0)
        {
            return bound; // no way to satisfy this node's side constraints
        }

        if (Incumbent is not null && bound.CompareTo(LexVec.From(IncumbentValue!), _groups) >= 0)
        {
            return bound;
        }

        if (branch is null)
        {
            Incumbent = Assignment();
            IncumbentValue = _value.ToArray(_groups);
            return bound;
        }

        foreach (var child in branch)
        {
            if (_aborted || _clock.Elapsed > _limit || _cancellation.IsCancellationRequested)
            {
                // This node still has unexplored children: its bound covers them.
                _aborted = true;
                _openBound = _openBound is { } o ? LexVec.Min(o, bound) : bound;
                return bound;
            }

            var mark = _log.Count;
            var ok = true;
            foreach (var arc in child)
            {
                if (!Forbid(arc))
                {
                    ok = false;
                    break;
                }
            }

            if (ok)
            {
                Search(depth + 1);
            }

            Undo(mark);
        }

        return bound;
    }

    /// <summary>
    /// The node's lower bound and, when a side constraint is violated, the children to try (each a
    /// set of arcs to forbid), cheaper first.
    /// </summary>
    private (LexVec Bound, List<int[]>? Children) Evaluate()
    {
        var options = new List<(LexVec Excess, int UnitA, int UnitB, int[] First, int[] Second)>();
        for (var u = 0; u < _unitCount; u++)
        {
            if (_used[u] <= 1 && _keepApart[u].Count == 0)
            {
                continue; // whole and in no keep-apart pair: nothing to check
            }

            var used = 0;
            var main = -1;
            for (var a = _net.ArcStart[u]; a < _net.ArcStart[u + 1]; a++)
            {
                if (_flow[a] > 0)
                {
                    used++;
                    if (main < 0 || _flow[a] > _flow[main])
                    {
                        main = a;
                    }
                }
            }

            if (used > 1)
            {
                // Split group: all of it on its main arc, or none of it there.
                var others = new List<int>();
                for (var a = _net.ArcStart[u]; a < _net.ArcStart[u + 1]; a++)
                {
                    if (a != main && !_forbidden[a])
                    {
                        others.Add(a);
                    }
                }

                var stay = CheapestMove(u, -1, main);
                var leave = CheapestMove(u, main, -1);
                var excess = LexVec.Min(stay, leave);
                if (excess.CompareTo(LexVec.Infinite, _groups) >= 0)
                {
                    return (LexVec.Infinite, null);
                }

                options.Add(stay.CompareTo(leave, _groups) <= 0
                    ? (excess, u, -1, [.. others], [main])
                    : (excess, u, -1, [main], [.. others]));
                continue;
            }

            var location = main >= 0 ? _locationOfArc[main] : -1;
            if (location < 0)
            {
                continue;
            }

            foreach (var (partner, _) in _keepApart[u])
            {
                if (partner < u)
                {
                    continue; // each pair once
                }

                var partnerArc = ArcInto(partner, location);
                if (partnerArc < 0)
                {
                    continue;
                }

                var moveU = CheapestMove(u, main, -1);
                var movePartner = CheapestMove(partner, partnerArc, -1);
                if (LexVec.Min(moveU, movePartner).CompareTo(LexVec.Infinite, _groups) >= 0)
                {
                    return (LexVec.Infinite, null);
                }

                options.Add(moveU.CompareTo(movePartner, _groups) <= 0
                    ? (moveU, u, partner, [main], [partnerArc])
                    : (movePartner, u, partner, [partnerArc], [main]));
            }
        }

        if (options.Count == 0)
        {
            return (_value, null);
        }

        // Disjoint violations add up; take the largest excesses first.
        options.Sort((x, y) => y.Excess.CompareTo(x.Excess, _groups));
        var taken = new HashSet<int>();
        var bound = _value;
        foreach (var o in options)
        {
            if (taken.Contains(o.UnitA) || (o.UnitB >= 0 && taken.Contains(o.UnitB)))
            {
                continue;
            }

            taken.Add(o.UnitA);
            if (o.UnitB >= 0)
            {
                taken.Add(o.UnitB);
            }

            bound = bound.Add(o.Excess);
        }

        // Branch on the most expensive violation: its cheaper resolution first.
        var chosen = options[0];

        return (bound, [chosen.First, chosen.Second]);
    }

    /// <summary>The arc of unit <paramref name="u"/> into a location carrying flow, or -1.</summary>
    private int ArcInto(int u, int location)
    {
        for (var a = _net.ArcStart[u]; a < _net.ArcStart[u + 1]; a++)
        {
            if (_flow[a] > 0 && _locationOfArc[a] == location)
            {
                return a;
            }
        }

        return -1;
    }

    /// <summary>
    /// Least reduced-cost excess of moving all of unit <paramref name="u"/> onto one allowed arc
    /// other than <paramref name="avoid"/> (or only onto <paramref name="only"/> when >= 0).
    /// </summary>
    private LexVec CheapestMove(int u, int avoid, int only)
    {
        var size = _units.Members[u].Length;
        var used = default(LexVec);
        for (var a = _net.ArcStart[u]; a < _net.ArcStart[u + 1]; a++)
        {
            if (_flow[a] > 0)
            {
                used = used.Add(ReducedCost(a).Scale(_flow[a]));
            }
        }

        LexVec? best = null;
        for (var a = _net.ArcStart[u]; a < _net.ArcStart[u + 1]; a++)
        {
            if (a == avoid || _forbidden[a] || (only >= 0 && a != only))
            {
                continue;
            }

            var excess = ReducedCost(a).Scale(size).Subtract(used);
            if (best is null || excess.CompareTo(best.Value, _groups) < 0)
            {
                best = excess;
            }
        }

        // No allowed arc: the child is infeasible; a huge excess orders it last.
        return best ?? LexVec.Infinite;
    }

    private LexVec ReducedCost(int a)
    {
        var tail = _net.Tail[a];
        var head = _net.Head[a];
        var v = default(LexVec);
        if (a < _net.LocationArcStart)
        {
            // A unit's arc (the hot case of every repair): its cost straight from the arrays.
            var k = a - _net.ArcStart[tail];
            var placed = a < _net.ArcStart[tail + 1] - 1;
            for (var g = 0; g < _groups; g++)
            {
                v[g] = (placed ? _net.ArcCosts[g][tail][k] : _units.GroupUnplacedCost[g][tail]) + _pi[g][tail] - _pi[g][head];
            }

            return v;
        }

        for (var g = 0; g < _groups; g++)
        {
            v[g] = _net.Cost(g, a) + _pi[g][tail] - _pi[g][head];
        }

        return v;
    }

    private int[] Assignment()
    {
        var location = new int[_unitCount];
        for (var u = 0; u < _unitCount; u++)
        {
            location[u] = -1;
            for (var a = _net.ArcStart[u]; a < _net.ArcStart[u + 1]; a++)
            {
                if (_flow[a] > 0)
                {
                    location[u] = _locationOfArc[a];
                }
            }
        }

        return location;
    }

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

    private LexVec Cost(int a)
    {
        var v = default(LexVec);
        for (var g = 0; g < _groups; g++)
        {
            v[g] = _net.Cost(g, a);
        }

        return v;
    }

    /// <summary>Keeps <see cref="_used"/> (arcs with flow per unit) when a unit arc's flow changes.</summary>
    private void CountUse(int a, long old, long value)
    {
        if (a < _net.ArcStart[_unitCount] && (old > 0) != (value > 0))
        {
            _used[_net.Tail[a]] += value > 0 ? 1 : -1;
        }
    }

    private void SetFlow(int a, long value)
    {
        var old = _flow[a];
        if (old == value)
        {
            return;
        }

        _log.Add(new UndoEntry(UndoKind.Flow, a, old));
        _flow[a] = value;
        CountUse(a, old, value);
        if (IntoLocation(a))
        {
            var list = _inflow[_locationOfArc[a]];
            if (old == 0)
            {
                list.Add(a);
            }
            else if (value == 0)
            {
                list.Remove(a);
            }
        }
    }

    /// <summary>Time spent in shortest-path repairs (diagnostics for PLACEMENT_TRACE).</summary>
    internal long PathTicks { get; private set; }

    /// <summary>Shortest-path repairs run.</summary>
    internal int Paths { get; private set; }

    /// <summary>Repairs stopped because the node could no longer beat the incumbent.</summary>
    internal int Pruned { get; private set; }

    /// <summary>Nodes settled by all repairs.</summary>
    internal int Settled { get; private set; }

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
        LexVec? incumbent = IncumbentValue is null ? null : LexVec.From(IncumbentValue);
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
            var dt = _dist[target];
            foreach (var v in settledNodes)
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

        _deadGadgets.Clear();

        foreach (var v in settledNodes)
        {
            _settled[v] = false;
        }

        return found;
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
        // A settled head needs no reduced cost: checked first (most unit arcs lead to the few
        // location nodes, settled early). A keep-apart gadget that nobody passes through leads only
        // to its location: once that is settled, the gadget cannot shorten any path.
        if (v < _unitCount)
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

            return;
        }

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

    private void Undo(int mark)
    {
        for (var i = _log.Count - 1; i >= mark; i--)
        {
            var e = _log[i];
            switch (e.Kind)
            {
                case UndoKind.Forbidden:
                    _forbidden[e.Index] = false;
                    break;
                case UndoKind.Flow:
                    var a = e.Index;
                    var now = _flow[a];
                    _flow[a] = e.Old;
                    CountUse(a, now, e.Old);
                    if (IntoLocation(a))
                    {
                        var list = _inflow[_locationOfArc[a]];
                        if (now == 0 && e.Old > 0)
                        {
                            list.Add(a);
                        }
                        else if (now > 0 && e.Old == 0)
                        {
                            list.Remove(a);
                        }
                    }

                    _value = _value.Subtract(Cost(a).Scale(now - e.Old));
                    break;
                default:
                    _pi[e.Index / _nodes][e.Index % _nodes] = e.Old;
                    break;
            }
        }

        _log.RemoveRange(mark, _log.Count - mark);
    }

    private enum UndoKind : byte
    {
        Forbidden,
        Flow,
        Potential,
    }

    private readonly record struct UndoEntry(UndoKind Kind, int Index, long Old);

}

/// <summary>A short vector of tier-group values compared lexicographically (unused entries are 0).</summary>
[System.Runtime.CompilerServices.InlineArray(MaxLength)]
internal struct LexVec : IComparable<LexVec>
{
    public const int MaxLength = 6;

    private long _element;

    /// <summary>Larger than any real value: marks an infeasible choice.</summary>
    public static LexVec Infinite
    {
        get
        {
            var v = default(LexVec);
            v[0] = long.MaxValue / 4;
            return v;
        }
    }

    public static LexVec From(long[] values)
    {
        var v = default(LexVec);
        for (var i = 0; i < values.Length; i++)
        {
            v[i] = values[i];
        }

        return v;
    }

    public readonly long[] ToArray(int length)
    {
        var a = new long[length];
        for (var i = 0; i < length; i++)
        {
            a[i] = this[i];
        }

        return a;
    }

    /// <summary>Compares every element; the elements past a search's tier groups are always 0, so this equals the comparison over the groups (and needs no comparer object: the priority queue's default comparer inlines it).</summary>
    public readonly int CompareTo(LexVec other) => CompareTo(other, MaxLength);

    public readonly int CompareTo(LexVec other, int length)
    {
        for (var i = 0; i < length; i++)
        {
            var c = this[i].CompareTo(other[i]);
            if (c != 0)
            {
                return c;
            }
        }

        return 0;
    }

    public readonly LexVec Add(LexVec other)
    {
        var v = default(LexVec);
        for (var i = 0; i < MaxLength; i++)
        {
            v[i] = checked(this[i] + other[i]);
        }

        return v;
    }

    public readonly LexVec Subtract(LexVec other)
    {
        var v = default(LexVec);
        for (var i = 0; i < MaxLength; i++)
        {
            v[i] = checked(this[i] - other[i]);
        }

        return v;
    }

    public readonly LexVec Scale(long factor)
    {
        var v = default(LexVec);
        for (var i = 0; i < MaxLength; i++)
        {
            v[i] = checked(this[i] * factor);
        }

        return v;
    }

    public static LexVec Min(LexVec a, LexVec b) => a.CompareTo(b, MaxLength) <= 0 ? a : b;
}

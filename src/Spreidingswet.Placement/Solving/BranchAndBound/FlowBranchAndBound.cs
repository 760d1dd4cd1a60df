using System.Diagnostics;
using Spreidingswet.Placement.Preparation;
using Spreidingswet.Placement.Solving.Flow;

namespace Spreidingswet.Placement.Solving.BranchAndBound;

// Design note: branch and bound over the lexicographic min-cost-flow relaxation.
//
// Problem. The flow model (Solving/Flow) places units at locations at least lexicographic cost per
// tier group, but two side constraints are not network constraints: a sibling group (one unit) must
// be placed whole, at one location or left unplaced, and the two units of a keep-apart pair must not
// share a location. The relaxation's optimal flow may split a unit over arcs or put a pair together.
//
// Method. Depth-first branch and bound in which every search node is an optimal flow of the
// relaxation with some unit arcs forbidden. A child forbids one more set of arcs; a forbidden arc's
// flow is cancelled and rerouted along lexicographically shortest residual paths (Dijkstra on
// reduced costs, i.e. successive shortest paths), which restores optimality exactly without solving
// the network again; the undo log takes the state back when the child is left. Roles, as in
// Timefold's exhaustive search:
// - decider (this file: Run, Search): node selection depth-first, the cheaper child first, pruning
//   a subtree whose bound reaches the incumbent, stopping at the time limit;
// - node (FlowBranchAndBound.Node.cs): flow, potentials, forbidden arcs and their derived views,
//   every change logged for undo;
// - bounder (FlowBranchAndBound.Bounder.cs): the node's bound and the violation to branch on;
// - repair (FlowBranchAndBound.Repair.cs): forbidding an arc and rerouting its flow;
// - comparator (LexVec.cs): the tier-group value vectors and their lexicographic order.
//
// Invariants. At every node the flow is optimal for the relaxation with the forbidden arcs removed:
// potentials pi per tier group make every residual arc's reduced cost c + pi(tail) - pi(head)
// lexicographically non-negative (complementary slackness), and the node value equals the flow's
// cost. Each shortest-path repair keeps this: the settled nodes' potentials shift by their distance,
// so reduced costs stay non-negative and the pushed path's arcs get reduced cost zero.
//
// Bound. A node's value is a lower bound for its subtree (children only forbid more arcs). With the
// reduced costs non-negative, any solution of the subtree costs at least the value plus, for each
// violation, the least reduced-cost excess of resolving it; violations on disjoint units add (see
// the bounder). A leaf (no violation) is a feasible assignment at its value: a new incumbent. When the
// tree is exhausted the incumbent is optimal; when time runs out the proven bound is the least bound
// of the nodes left unexplored (or the incumbent, if lower).
//
// Complexity. Exponential in the number of violated constraints in the worst case; each node costs
// one bound evaluation (linear in the unit arcs) and, per forbidden arc carrying flow, one
// shortest-path search per augmentation (Dijkstra, O(E log V), usually cut short by the
// incumbent or by settling the target on a zero-reduced-cost plateau).
//
// References. R. K. Ahuja, T. L. Magnanti, J. B. Orlin, Network Flows, 1993, ch. 9 (reduced-cost
// optimality conditions, successive shortest paths); Timefold Solver, exhaustive search
// (ExhaustiveSearchDecider, ExhaustiveSearchNode, ScoreBounder, the node comparators).

/// <summary>
/// Exact side constraints (sibling groups whole, keep-apart pairs apart) by branch and bound over the
/// lexicographic min-cost-flow relaxation, re-optimised incrementally (design note at the top of this
/// file). This part is the entry point and the decider: the search loop over the nodes.
/// </summary>
internal sealed partial class FlowBranchAndBound
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

    private readonly int[] _used; // per unit: its arcs carrying flow

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

    /// <summary>
    /// Only nodes at the relaxation's value (the root's) are explored while set: a node whose bound
    /// exceeds it, and a repair that would raise it, is cut off as if an incumbent there existed.
    /// </summary>
    private LexVec? _atRootOnly;

    /// <summary>The value a node must stay below: the incumbent's, or just above the root's in the at-bound phase.</summary>
    private LexVec? Cutoff()
    {
        LexVec? incumbent = IncumbentValue is null ? null : LexVec.From(IncumbentValue);
        return (incumbent, _atRootOnly) switch
        {
            ({ } i, { } r) => i.CompareTo(r, _groups) <= 0 ? i : r,
            ({ } i, null) => i,
            (null, var r) => r,
        };
    }

    /// <summary>
    /// Searches until the tree is exhausted or the time limit passes: first only the nodes at the
    /// relaxation's value (cheap: every repair that would raise it stops at once), which ends the
    /// search when a leaf there exists (it is optimal, and the first such leaf in depth-first order,
    /// the one the full search ends with too); otherwise the full search.
    /// </summary>
    public void Run(TimeSpan limit, CancellationToken cancellation)
    {
        var atRoot = _value;
        atRoot[_groups - 1] = checked(atRoot[_groups - 1] + 1);
        _atRootOnly = atRoot;
        var rootValue = _value;
        RunOnce(limit, cancellation);
        _atRootOnly = null;
        var atBound = Complete && IncumbentValue is not null && LexVec.From(IncumbentValue).CompareTo(rootValue, _groups) == 0;
        if (PlacementTrace.On)
        {
            Console.Error.WriteLine($"branch and bound at the relaxation's value: {NodesVisited} nodes, {(atBound ? "a leaf there: optimal" : Complete ? "no leaf there" : "stopped")}");
        }

        if (!atBound && Complete)
        {
            RunOnce(limit, cancellation);
        }
        else if (!Complete)
        {
            // Stopped in the first phase: nodes above the root's value were cut off unexplored, so
            // only the root's value is a proven bound.
            Bound = rootValue.ToArray(_groups);
        }
    }

    private void RunOnce(TimeSpan limit, CancellationToken cancellation)
    {
        _aborted = false;
        _openBound = null;
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

        if (Cutoff() is { } cutoff && bound.CompareTo(cutoff, _groups) >= 0)
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
}

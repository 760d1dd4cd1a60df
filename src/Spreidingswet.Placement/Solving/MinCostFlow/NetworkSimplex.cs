namespace Spreidingswet.Placement.Solving.MinCostFlow;

// Design note: the primal network simplex.
//
// Problem. A directed network with arc capacities u(a) >= 0 and integer unit costs c(a), node
// supplies b(v) summing to zero (negative = demand). Find an integral flow 0 <= x(a) <= u(a) with
// out(v) - in(v) = b(v) at every node and least total cost sum c(a) x(a). Same contract as OR-Tools'
// MinCostFlow, so the two are interchangeable (see MinCostFlows).
//
// Method. The spanning-tree (basis) method of Ahuja, Magnanti and Orlin (Network Flows, 1993,
// chapter 11) in the form LEMON's NetworkSimplex uses. An artificial root is joined to every node by
// an uncapacitated arc in the direction that carries the node's supply; these arcs form the first
// tree and cost `artificial` = (max |c| + 1) x (nodes + 1) when they point into a node, more than any
// path of real arcs, so they are driven out of the flow wherever the real network can carry it (the
// big-M start). Each non-tree arc sits at its lower bound (state 1) or its upper bound (state -1).
// Every pivot is the loop LEMON writes as
//   while (findEnteringArc()) { findJoinNode(); findLeavingArc(); changeFlow(); updateTree(); updatePotential(); }
// - find entering arc: block search (Grigoriadis' rule as LEMON's BlockSearchPivotRule): scan the
//   arcs cyclically from where the last scan stopped in blocks of about sqrt(m); take the most
//   violating arc of the first block that has one;
// - find join node: the entering arc closes a cycle with the tree; its apex is the deepest common
//   ancestor of the arc's ends (walk up by depth);
// - find leaving arc: the tree arc of the cycle with the least residual capacity in the cycle's
//   orientation; ties go to the last such arc met walking the cycle in its orientation from the apex
//   (down to _first, the entering arc, up from _second), which keeps the tree strongly feasible (Cunningham), and with it guarantees finite termination without
//   anti-cycling bookkeeping;
// - change flow: push that amount around the cycle (possibly zero: a degenerate pivot);
// - update tree: the leaving arc leaves at its bound; the subtree it cut off hangs from the entering
//   arc instead, re-rooted at the entering arc's end inside it (parents along the old path reversed);
// - update potentials: the moved subtree's potentials shift by one constant (making the entering arc's
//   reduced cost zero), its depths are recomputed in the same pre-order walk.
//
// Invariants. Tree arcs have reduced cost c(a) + pi(tail) - pi(head) = 0 (potentials pi, the
// duals). The tree is strongly feasible: every tree arc has positive residual capacity in the
// direction of the root, so a positive amount can be sent from any node to the root along the tree;
// the starting tree has this property and the leaving-arc tie rule preserves it. Optimality is
// complementary slackness: no non-tree arc violates, i.e. arcs at their lower bound have reduced cost
// >= 0 and arcs at their upper bound <= 0. When that holds and an artificial arc still carries flow the
// supplies cannot be routed (infeasible). A cycle of artificial arcs alone cannot occur (each passes the root
// once), so every pivot is bounded by a real arc: unbounded means a real arc of infinite capacity on a
// negative cycle, which finite capacities exclude.
//
// Complexity. Each pivot costs O(block) to price plus O(cycle length + moved subtree) to update; the
// pivot count is not polynomially bounded in theory but small in practice. On the engine's small
// networks this beats cost-scaling push-relabel, whose phase count grows with log(max cost) and the
// lexicographic costs are large; on large networks cost scaling wins (MinCostFlows.SimplexArcLimit).
// Networks whose costs would overflow the artificial cost are refused up front (Fits); callers use
// OR-Tools then.
//
// Representation. Arrays indexed by arc (0..m-1 the real arcs, m+u the artificial arc of node u) and
// by node (0..n-1, the root is n); the tree is stored as parent, pred (the tree arc to the parent),
// depth, and a doubly linked child list (firstChild, nextSibling, prevSibling) for subtree walks.
//
// References. R. K. Ahuja, T. L. Magnanti, J. B. Orlin, Network Flows: Theory, Algorithms, and
// Applications, 1993, ch. 11; W. H. Cunningham, A network simplex method, Math. Programming 11, 1976;
// LEMON graph library, lemon/network_simplex.h (P. Kovacs).

/// <summary>Outcome of <see cref="NetworkSimplex.Solve"/>.</summary>
internal enum NetworkSimplexStatus
{
    /// <summary>An optimal flow was found (<see cref="NetworkSimplex.Flow"/>).</summary>
    Optimal,

    /// <summary>No flow meets the supplies (or they do not sum to zero).</summary>
    Infeasible,

    /// <summary>A negative cycle of unbounded capacity (cannot happen with finite capacities).</summary>
    Unbounded,
}

/// <summary>
/// Primal network simplex for min-cost flow (see the design note at the top of this file): an
/// artificial root joined to every node, block-search pivoting, the strongly feasible tree kept by
/// the leaving-arc tie rule. Same contract as OR-Tools' <c>MinCostFlow</c>: arcs with capacity and
/// unit cost, node supplies summing to zero.
/// </summary>
internal sealed partial class NetworkSimplex
{
    // Artificial arcs are uncapacitated: this capacity is never the bottleneck of a bounded pivot.
    private const long Infinite = long.MaxValue / 4;

    // The problem as added.
    private readonly int _nodes;
    private readonly List<int> _arcTail = [];
    private readonly List<int> _arcHead = [];
    private readonly List<long> _arcCapacity = [];
    private readonly List<long> _arcCost = [];
    private readonly long[] _supply;

    // Flow per real arc of the last optimal solve.
    private long[] _solution = [];

    // Per arc, real and artificial (see Representation in the design note).
    private int _arcCount; // real arcs; arc _arcCount + u is node u's artificial arc
    private int[] _tail = [];
    private int[] _head = [];
    private long[] _cap = [];
    private long[] _cost = [];
    private long[] _flow = [];
    private sbyte[] _state = []; // 1: at lower bound, -1: at upper bound, 0: in the tree

    // The spanning tree, per node (the root is node _nodes).
    private int[] _parent = [];
    private int[] _pred = []; // the tree arc to the parent
    private int[] _depth = [];
    private long[] _pi = [];
    private int[] _firstChild = [];
    private int[] _nextSibling = [];
    private int[] _prevSibling = [];

    // The current pivot.
    private int _blockSize;
    private int _nextArc; // where the next block search starts
    private int _entering;
    private int _first; // the cycle runs along the entering arc from _first to _second,
    private int _second; // up from _second to _join and down from _join to _first
    private int _join;
    private long _delta;
    private int _leaving; // the node below the leaving tree arc
    private LeavingSide _side;
    private int _inside; // the entering arc's end inside the subtree that moves
    private int _outside;

    public NetworkSimplex(int nodes)
    {
        _nodes = nodes;
        _supply = new long[nodes];
    }

    /// <summary>Where the leaving arc lies on the cycle.</summary>
    private enum LeavingSide : byte
    {
        /// <summary>The entering arc itself: it only moves to its other bound, the tree stays.</summary>
        Entering,

        /// <summary>On the path from <see cref="_first"/> up to the join.</summary>
        First,

        /// <summary>On the path from <see cref="_second"/> up to the join.</summary>
        Second,
    }

    public int ArcCount => _arcTail.Count;

    /// <summary>Adds an arc; returns its index.</summary>
    public int AddArc(int tail, int head, long capacity, long cost)
    {
        _arcTail.Add(tail);
        _arcHead.Add(head);
        _arcCapacity.Add(capacity);
        _arcCost.Add(cost);
        return _arcTail.Count - 1;
    }

    public void SetSupply(int node, long supply) => _supply[node] = supply;

    /// <summary>Flow on arc <paramref name="arc"/> of the last solve.</summary>
    public long Flow(int arc) => _solution[arc];

    /// <summary>Sum of cost times flow of the last solve.</summary>
    public long OptimalCost()
    {
        long total = 0;
        for (var a = 0; a < _arcTail.Count; a++)
        {
            total += _arcCost[a] * _solution[a];
        }

        return total;
    }

    /// <summary>Whether the artificial cost, (max |cost| + 1) x (nodes + 1), the potentials, the capacities and the supplies fit in 64 bits with room to spare.</summary>
    public bool Fits()
    {
        long max = 0;
        foreach (var c in _arcCost)
        {
            max = Math.Max(max, Math.Abs(c));
        }

        return max < long.MaxValue / 8 / Math.Max(1, _nodes + 1) / 4 && _arcCapacity.All(c => c < long.MaxValue / 8) && _supply.All(s => Math.Abs(s) < long.MaxValue / 8 / Math.Max(1, _nodes));
    }

    /// <summary>Solves: the pivot loop over the named steps of the design note.</summary>
    public NetworkSimplexStatus Solve()
    {
        if (_supply.Sum() != 0)
        {
            return NetworkSimplexStatus.Infeasible;
        }

        Initialize();
        while (FindEnteringArc())
        {
            FindJoinNode();
            if (!FindLeavingArc())
            {
                return NetworkSimplexStatus.Unbounded;
            }

            ChangeFlow();
            if (_side != LeavingSide.Entering)
            {
                UpdateTreeStructure();
                UpdatePotential();
            }
        }

        for (var u = 0; u < _nodes; u++)
        {
            if (_flow[_arcCount + u] != 0)
            {
                return NetworkSimplexStatus.Infeasible; // an artificial arc still carries flow
            }
        }

        _solution = _flow[.._arcCount];
        return NetworkSimplexStatus.Optimal;
    }

    /// <summary>The starting tree: every node hangs from the root by its artificial arc, every real arc at its lower bound.</summary>
    private void Initialize()
    {
        var m = _arcTail.Count;
        var n = _nodes;
        var root = n;
        var all = m + n;
        _arcCount = m;
        var tail = _tail = new int[all];
        var head = _head = new int[all];
        var cap = _cap = new long[all];
        var cost = _cost = new long[all];
        var flow = _flow = new long[all];
        var state = _state = new sbyte[all];
        long maxCost = 0;
        for (var a = 0; a < m; a++)
        {
            tail[a] = _arcTail[a];
            head[a] = _arcHead[a];
            cap[a] = _arcCapacity[a];
            cost[a] = _arcCost[a];
            state[a] = 1;
            maxCost = Math.Max(maxCost, Math.Abs(cost[a]));
        }

        var artificial = (maxCost + 1) * (n + 1);
        var parent = _parent = new int[n + 1];
        var pred = _pred = new int[n + 1];
        var depth = _depth = new int[n + 1];
        var pi = _pi = new long[n + 1];
        var firstChild = _firstChild = new int[n + 1];
        var nextSibling = _nextSibling = new int[n + 1];
        var prevSibling = _prevSibling = new int[n + 1];
        Array.Fill(firstChild, -1);
        parent[root] = -1;
        pred[root] = -1;
        for (var u = 0; u < n; u++)
        {
            var e = m + u;
            parent[u] = root;
            pred[u] = e;
            depth[u] = 1;
            cap[e] = Infinite;
            state[e] = 0;
            if (_supply[u] >= 0)
            {
                (tail[e], head[e], flow[e], cost[e], pi[u]) = (u, root, _supply[u], 0, 0);
            }
            else
            {
                (tail[e], head[e], flow[e], cost[e], pi[u]) = (root, u, -_supply[u], artificial, artificial);
            }

            nextSibling[u] = u + 1 < n ? u + 1 : -1;
            prevSibling[u] = u - 1;
        }

        firstChild[root] = n > 0 ? 0 : -1;
        _blockSize = Math.Max(10, (int)Math.Sqrt(m));
        _nextArc = 0;
    }
}

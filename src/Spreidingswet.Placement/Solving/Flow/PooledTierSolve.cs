using Spreidingswet.Placement.Preparation;
using Spreidingswet.Placement.Solving.MinCostFlow;

namespace Spreidingswet.Placement.Solving.Flow;

/// <summary>
/// One tier group solved on a pooled network, when most units' costs in it have the shape
/// "stay: s_u; anywhere else: d_u + f(pool, location)" (unplaced and priority: all 0; breaks and
/// moves: a move constant plus a break charge that depends only on the school region and the
/// location's region). Single youths with the same open locations and school region share a pool
/// node: unit -> its current location (stay), unit -> pool (d_u), pool -> each open location (f).
/// The shape is verified per unit; a unit that does not fit keeps its own arcs. Every open arc of
/// the full network is represented, so the optimum is over all candidate arcs without pricing, and
/// the pooled flow splits back onto unit arcs at the same cost. Unit potentials are rebuilt from
/// their own arcs and every residual reduced cost of the full network is checked to be >= 0, which
/// certifies the split flow optimal for the full network; when pooling does not apply or the check
/// fails the caller falls back to column generation.
/// Steps (<see cref="Solve"/>): assign pools, drop units whose stay is dearer than via the pool,
/// build the pooled network, solve it, split its flow back onto unit arcs, rebuild unit potentials,
/// check every residual reduced cost, and mark the used arcs as in the restricted network.
/// </summary>
internal sealed partial class PooledTierSolve
{
    /// <summary>Least share of units that must share pools for the pooled solve to be used.</summary>
    internal const double PooledShare = 0.7;

    /// <summary>A pool's charge at a location none of its units has priced yet.</summary>
    private const long Unknown = long.MinValue;

    private readonly LexicographicFlow _net;
    private readonly Units _units;
    private readonly int _t;
    private readonly bool[] _active;
    private readonly long[] _lower;
    private readonly long[] _upper;
    private readonly long[] _flow;

    /// <summary>Per unit: its pool, -1 when it keeps its own arcs.</summary>
    private readonly int[] _poolOf;

    /// <summary>Per pooled unit: d_u, the least cost of going anywhere but its current location.</summary>
    private readonly long[] _offset;

    /// <summary>Per pooled unit: its arc to its current location, -1 when that is not open.</summary>
    private readonly int[] _stayArc;

    private readonly Dictionary<PoolKey, int> _keys = [];
    private readonly List<int[]> _poolLocations = [];

    /// <summary>Per pool and location: the charge f, <see cref="Unknown"/> where none is known.</summary>
    private readonly List<long[]> _poolCost = [];

    /// <summary>Candidate positions k of the unit being pooled that are open.</summary>
    private readonly List<int> _open = [];

    // The pooled network; original[i] is the full-network arc of pooled arc i, -1 for unit -> pool and pool -> location.
    private readonly List<int> _tails = [];
    private readonly List<int> _heads = [];
    private readonly List<long> _caps = [];
    private readonly List<long> _costs = [];
    private readonly List<int> _original = [];
    private readonly List<(int Pool, int Location, int Index)> _poolArcs = [];
    private long[] _supply = [];

    /// <summary>Per pooled unit: the index of its unit -> pool arc.</summary>
    private int[] _toPool = [];

    public PooledTierSolve(LexicographicFlow net, Units units, int t, bool[] active, long[] lower, long[] upper, long[] flow)
    {
        (_net, _units, _t, _active, _lower, _upper, _flow) = (net, units, t, active, lower, upper, flow);
        _poolOf = new int[units.Count];
        Array.Fill(_poolOf, -1);
        _offset = new long[units.Count];
        _stayArc = new int[units.Count];
        Array.Fill(_stayArc, -1);
    }

    /// <summary>The group's potentials with its optimal flow in the caller's flow array, or null (with the reason) when pooling does not apply or the check fails.</summary>
    public long[]? Solve(bool[] inNetwork, out string why)
    {
        var units = _units.Count;
        AssignPools();
        var pooledUnits = KeepCheaperStays();
        if (pooledUnits < PooledShare * units)
        {
            why = $"{pooledUnits} of {units} units fit the pooled shape";
            return null;
        }

        BuildNetwork();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var solved = MinCostFlows.Solve(_supply, _tails, _heads, _caps, _costs)
            ?? throw new InvalidOperationException($"Min-cost flow found no flow on the pooled tier group {_t}; the network is feasible by construction.");
        SplitBack(solved);
        var residual = PooledResidual(solved);
        var solveMs = clock.ElapsedMilliseconds;
        var potential = Residual.Potentials(_supply.Length, residual.Tails, residual.Heads, residual.Weights)[.._net.NodeCount];
        var potentialMs = clock.ElapsedMilliseconds - solveMs;
        if (!RebuildUnitPotentials(potential, out why) || !ReducedCostsHold(potential, out why))
        {
            return null;
        }

        for (var a = 0; a < _net.LocationArcStart; a++)
        {
            if (_flow[a] > 0)
            {
                inNetwork[a] = true;
            }
        }

        why = $"{pooledUnits} of {units} units in {_poolLocations.Count} pools, {_tails.Count} arcs (flow {solveMs} ms, potentials {potentialMs} ms, checks {clock.ElapsedMilliseconds - solveMs - potentialMs} ms)";
        return potential;
    }

    /// <summary>The pooled network: unit arcs of unpooled units, unplaced and stay arcs, unit -> pool, pool -> location, then the location and balance arcs; lower bounds become supplies.</summary>
    private void BuildNetwork()
    {
        var units = _units.Count;
        var nodes = _net.NodeCount;
        var sink = _net.Sink;
        _supply = new long[nodes + _poolLocations.Count];
        var poolSupply = new long[_poolLocations.Count];
        _toPool = new int[units];
        for (var u = 0; u < units; u++)
        {
            _supply[u] += _units.Members[u].Length;
            _supply[sink] -= _units.Members[u].Length;
            if (_poolOf[u] < 0)
            {
                for (var a = _net.ArcStart[u]; a < _net.ArcStart[u + 1]; a++)
                {
                    AddOriginal(a);
                }

                continue;
            }

            AddOriginal(_net.ArcStart[u + 1] - 1); // unplaced
            if (_stayArc[u] >= 0)
            {
                AddOriginal(_stayArc[u]);
            }

            _toPool[u] = _tails.Count;
            Add(u, nodes + _poolOf[u], 1, _offset[u], -1);
            poolSupply[_poolOf[u]]++;
        }

        for (var p = 0; p < _poolLocations.Count; p++)
        {
            foreach (var l in _poolLocations[p])
            {
                if (_poolCost[p][l] != Unknown)
                {
                    _poolArcs.Add((p, l, _tails.Count));
                    Add(nodes + p, _net.LocationNode(l), poolSupply[p] + 1, _poolCost[p][l], -1);
                }
            }
        }

        for (var a = _net.LocationArcStart; a < _net.ArcCount; a++)
        {
            AddOriginal(a);
        }
    }

    private void Add(int tail, int head, long cap, long cost, int arc)
    {
        _tails.Add(tail);
        _heads.Add(head);
        _caps.Add(cap);
        _costs.Add(cost);
        _original.Add(arc);
    }

    /// <summary>A full-network arc as it is: its lower bound moved into the supplies, its free room as a pooled arc.</summary>
    private void AddOriginal(int a)
    {
        if (!_active[a])
        {
            return;
        }

        if (_lower[a] > 0)
        {
            _supply[_net.Tail[a]] -= _lower[a];
            _supply[_net.Head[a]] += _lower[a];
        }

        if (_upper[a] > _lower[a])
        {
            Add(_net.Tail[a], _net.Head[a], _upper[a] - _lower[a], _net.Cost(_t, a), a);
        }
    }

    /// <summary>Back onto the full network: original arcs directly, each pool's flow over its units (in unit order) at the same cost.</summary>
    private void SplitBack(long[] solved)
    {
        Array.Copy(_lower, _flow, _net.ArcCount);
        for (var i = 0; i < _tails.Count; i++)
        {
            if (_original[i] >= 0)
            {
                _flow[_original[i]] += solved[i];
            }
        }

        var waiting = new List<int>[_poolLocations.Count];
        for (var p = 0; p < waiting.Length; p++)
        {
            waiting[p] = [];
        }

        for (var u = 0; u < _units.Count; u++)
        {
            if (_poolOf[u] >= 0 && solved[_toPool[u]] > 0)
            {
                waiting[_poolOf[u]].Add(u);
            }
        }

        var next = new int[_poolLocations.Count];
        foreach (var (p, l, index) in _poolArcs)
        {
            for (var n = 0; n < solved[index]; n++)
            {
                var u = waiting[p][next[p]++];
                _flow[_net.ArcStart[u] + Array.BinarySearch(_units.Candidates[u], l)] += 1;
            }
        }
    }

    /// <summary>The pooled network's residual arcs under its optimal flow.</summary>
    private (List<int> Tails, List<int> Heads, List<long> Weights) PooledResidual(long[] solved)
    {
        var rt = new List<int>();
        var rh = new List<int>();
        var rw = new List<long>();
        for (var i = 0; i < _tails.Count; i++)
        {
            Residual.Add(rt, rh, rw, _tails[i], _heads[i], _costs[i], solved[i] < _caps[i], solved[i] > 0);
        }

        return (rt, rh, rw);
    }

    /// <summary>
    /// Each pooled unit's potential from its own arcs (the pooled network's is for its pool arc):
    /// within the range that gives its open arcs with room rc >= 0 and those with flow rc &lt;= 0.
    /// </summary>
    private bool RebuildUnitPotentials(long[] potential, out string why)
    {
        for (var u = 0; u < _units.Count; u++)
        {
            if (_poolOf[u] < 0)
            {
                continue;
            }

            long low = long.MinValue, high = long.MaxValue;
            for (var a = _net.ArcStart[u]; a < _net.ArcStart[u + 1]; a++)
            {
                if (!_active[a] || _upper[a] == _lower[a])
                {
                    continue;
                }

                var need = potential[_net.Head[a]] - _net.Cost(_t, a); // rc = cost + pi(u) - pi(head)
                if (_flow[a] < _upper[a])
                {
                    low = Math.Max(low, need);
                }

                if (_flow[a] > _lower[a])
                {
                    high = Math.Min(high, need);
                }
            }

            if (low > high)
            {
                why = $"no valid potential for unit {u}";
                return false;
            }

            potential[u] = low != long.MinValue ? low : high != long.MaxValue ? high : potential[u];
        }

        why = "";
        return true;
    }

    /// <summary>The optimality certificate: every residual arc of the full network has a reduced cost >= 0.</summary>
    private bool ReducedCostsHold(long[] potential, out string why)
    {
        var tail = _net.Tail;
        var head = _net.Head;
        for (var a = 0; a < _net.ArcCount; a++)
        {
            if (!_active[a] || _upper[a] == _lower[a])
            {
                continue;
            }

            var rc = _net.Cost(_t, a) + potential[tail[a]] - potential[head[a]];
            if ((_flow[a] < _upper[a] && rc < 0) || (_flow[a] > _lower[a] && rc > 0))
            {
                why = $"reduced cost check failed on arc {a}";
                return false;
            }
        }

        why = "";
        return true;
    }
}

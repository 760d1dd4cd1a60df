using Spreidingswet.Placement.Preparation;
using Spreidingswet.Placement.Solving.MinCostFlow;

namespace Spreidingswet.Placement.Solving.Flow;

/// <summary>
/// The tier group after the profile group of a pruned model (education region breaks + moves, or
/// moves alone), solved over every candidate arc on a pooled network. After the first group, which
/// of a unit's arcs stay open depends only on its profile and the location (the profile potentials:
/// reduced cost 0 where the location's potential equals the profile's). In this group a unit's cost
/// at an open location other than its current one is d_u + f(unit, region of the location), and
/// units with the same profile and the same charges f (single new arrivals of one school region
/// share them exactly; residents too, their stay being a separate arc) share a pool node:
/// unit -> sink (unplaced, as the first group left it), unit -> its current location (stay),
/// unit -> pool (d_u), pool -> (profile, region) (f), (profile, region) -> each open location of the
/// profile in that region (0), then the pruned network's location and balance arcs as the first group
/// fixed them. A unit whose costs do not fit (its current locations differ, or its kept arcs
/// disagree with the charges) keeps its own arcs to every open location. Keep-apart gadgets are left
/// out. The charges are read at one location per region and checked on the unit's kept arcs only:
/// what proves the result is not this network but the checks after it. Its optimum is split over
/// the units (locations a unit keeps first, never next to a keep-apart partner), the split's arcs a
/// unit did not keep are added to the model, and the pruned network takes the split as its flow
/// when it is within the bounds, reaches the value and meets complementary slackness with these
/// potentials; the potentials (a unit's raised to its pool's less d_u) then give every open arc of
/// the unit, kept or pruned, a reduced cost >= 0 wherever the charges hold, which pricing checks arc
/// by arc.
/// </summary>
internal static class PooledGroupFlow
{
    /// <summary>A pool's charge for a region layer it does not reach.</summary>
    private const long NotReached = long.MinValue;

    /// <summary>Most arcs of units that keep their own arcs before pooling is given up.</summary>
    private const long OwnArcLimit = 2_000_000;

    /// <summary>
    /// The group's optimum on the pooled network (scaled, lower bounds included); the potentials of
    /// the pruned network's nodes up to the sink; its size; per unit the optimum's split (location,
    /// flow); the flow on the location and balance arcs (in the network's order); per unit the
    /// split's locations it does not keep.
    /// </summary>
    internal sealed record Result(long Value, long[] Potential, int Pools, int Layers, long Arcs, int OwnUnits,
        (int Location, long Amount)[][] Split, long[] OtherFlow, IReadOnlyDictionary<int, int[]> Missing)
    {
        /// <summary>Potentials of the keep-apart gadgets at a pair's shared current location, by (unit, location).</summary>
        public IReadOnlyDictionary<(int Unit, int Location), long> GadgetPotential { get; init; } = new Dictionary<(int, int), long>();
    }

    /// <summary>A pool: its profile and its charge per region layer of the profile (long.MinValue: that layer is not reached through it).</summary>
    /// <summary>
    /// A pool: its profile, its charge per region layer of the profile (<see cref="NotReached"/>: that
    /// layer is not reached through it) and the location its layer leaves out (-1: none; a keep-apart
    /// pair's shared current location, which its units reach only through their gadget).
    /// </summary>
    private readonly record struct PoolKey(int Profile, long[] Charges, int Excluded)
    {
        public bool Equals(PoolKey other) => Profile == other.Profile && Excluded == other.Excluded && Charges.AsSpan().SequenceEqual(other.Charges);

        public override int GetHashCode()
        {
            var h = new HashCode();
            h.Add(Profile);
            h.Add(Excluded);
            foreach (var c in Charges)
            {
                h.Add(c);
            }

            return h.ToHashCode();
        }
    }

    /// <summary>How the first group left a unit's unplaced arc: free, fixed at capacity (unplaced), or closed (placed).</summary>
    private enum Unplaced
    {
        Free,
        Fixed,
        Closed,
    }

    /// <summary>
    /// Solves tier group <paramref name="group"/> (the one after the profile group 0) over every
    /// candidate arc; null when it does not apply (ISK prices in it, too many units that fit no pool).
    /// </summary>
    public static Result? Solve(Units units, LexicographicFlow net, int group, ProfileFlow.Result profile, out string why)
    {
        if (group != 1 || net.PricesIsk && units.Groups[group].Any(t => units.IskWeight[t] > 0))
        {
            why = "not the group after the profile group, or ISK seats priced in it";
            return null;
        }

        var builder = new Builder(units, net, group, profile);
        if (!builder.AssignPools(out why))
        {
            return null;
        }

        return builder.SolveAndSplit(out why);
    }

    private sealed class Builder
    {
        private readonly Units _units;
        private readonly LexicographicFlow _net;
        private readonly int _g;
        private readonly ProfileFlow.Result _profile;
        private readonly long[] _p0;
        private readonly int[] _region;

        /// <summary>Per profile: its open locations grouped by region (layers), or null when no unit of it is pooled.</summary>
        private readonly int[][][] _layers;

        /// <summary>Per profile and location: its layer, -1 when not open.</summary>
        private readonly Dictionary<int, int>[] _layerOf;

        /// <summary>Per profile: its open locations (ascending).</summary>
        private readonly int[][] _open;

        private readonly Unplaced[] _unplaced;
        private readonly int[] _current;
        private readonly int[] _poolOf;
        private readonly long[] _offset;
        private readonly long[] _stayCost;
        private readonly long[][] _ownCost;
        private readonly List<PoolKey> _pools = [];
        private readonly bool[] _mixed;
        private readonly int[] _gadgetOf;
        private readonly List<(int A, int B, int Location)> _gadgets = [];

        /// <summary>The keep-apart pairs the pruned network gives gadgets (first come, each unit in at most one).</summary>
        private readonly List<(int A, int B)> _pairs = [];
        private int _ownUnits;

        public Builder(Units units, LexicographicFlow net, int group, ProfileFlow.Result profile)
        {
            (_units, _net, _g, _profile, _p0) = (units, net, group, profile, profile.Potential);
            var count = units.Count;
            var regionIds = units.Context.LocationEducationRegion;
            _region = regionIds;
            var profiles = profile.ProfileLocations.Length;
            var profilePotential = new long[profiles];
            var seen = new bool[profiles];
            for (var u = 0; u < count; u++)
            {
                var p = profile.ProfileOf[u];
                if (p >= 0 && !seen[p])
                {
                    seen[p] = true;
                    profilePotential[p] = _p0[u];
                }
            }

            _open = new int[profiles][];
            _layers = new int[profiles][][];
            _layerOf = new Dictionary<int, int>[profiles];
            for (var p = 0; p < profiles; p++)
            {
                // Group 0's reduced cost of a placement arc is pi(profile) - pi(location) >= 0: open where 0.
                _open[p] = [.. profile.ProfileLocations[p].Where(l => _p0[net.LocationNode(l)] == profilePotential[p])];
                var byRegion = _open[p].GroupBy(l => regionIds[l]).OrderBy(x => x.Key).Select(x => x.ToArray()).ToArray();
                _layers[p] = byRegion;
                _layerOf[p] = [];
                for (var j = 0; j < byRegion.Length; j++)
                {
                    foreach (var l in byRegion[j])
                    {
                        _layerOf[p][l] = j;
                    }
                }
            }

            _unplaced = new Unplaced[count];
            _current = new int[count];
            Array.Fill(_current, -1);
            _mixed = new bool[count];
            _gadgetOf = new int[count];
            _poolOf = new int[count];
            _offset = new long[count];
            _stayCost = new long[count];
            _ownCost = new long[count][];
            for (var u = 0; u < count; u++)
            {
                var rc = checked(units.GroupUnplacedCost[0][u] + _p0[u] - _p0[net.Sink]);
                _unplaced[u] = rc < 0 ? Unplaced.Fixed : rc > 0 ? Unplaced.Closed : Unplaced.Free;
            }
        }

        /// <summary>The group's cost (scaled, tiers by their multipliers) of unit <paramref name="u"/> at each location.</summary>
        private void GroupCosts(int u, ReadOnlySpan<int> locations, long[] scratch, long[] tier, Span<long> cost)
        {
            cost[..locations.Length].Clear();
            foreach (var t in _units.Groups[_g])
            {
                _units.TierCosts(u, t, locations, scratch, tier);
                var m = _units.Multiplier[t];
                for (var i = 0; i < locations.Length; i++)
                {
                    cost[i] = checked(cost[i] + (m * tier[i]));
                }
            }
        }

        /// <summary>Every unit with a profile gets a pool (by its charges per region) or its own arcs; false when too many keep their own.</summary>
        public bool AssignPools(out string why)
        {
            var count = _units.Count;
            for (var u = 0; u < count; u++)
            {
                var members = _units.Members[u];
                _current[u] = _units.Problem.Youths[members[0]].CurrentLocation;
                _mixed[u] = members.Any(m => _units.Problem.Youths[m].CurrentLocation != _current[u]);
            }

            FindGadgets();
            var keys = new PoolKey?[count];
            var locations = _units.Problem.Locations.Length;
            Parallel.For(0, count, () => (new long[locations], new long[locations], new long[locations], new int[locations]), (u, _, s) =>
            {
                keys[u] = PoolOf(u, s.Item1, s.Item2, s.Item3, s.Item4);
                return s;
            }, _ => { });

            var index = new Dictionary<PoolKey, int>();
            long ownArcs = 0;
            for (var u = 0; u < count; u++)
            {
                _poolOf[u] = -1;
                if (keys[u] is { } key)
                {
                    if (!index.TryGetValue(key, out var pool))
                    {
                        pool = _pools.Count;
                        index[key] = pool;
                        _pools.Add(key);
                    }

                    _poolOf[u] = pool;
                }
                else if (_ownCost[u] is { } own)
                {
                    _ownUnits++;
                    ownArcs += own.Length;
                }
            }

            why = $"{_pools.Count:N0} pools, {_ownUnits:N0} units with their own arcs ({ownArcs:N0})";
            return ownArcs <= OwnArcLimit;
        }

        /// <summary>The unit's pool key, or null when it keeps its own arcs (then <see cref="_ownCost"/> holds them) or has no open location.</summary>
        private PoolKey? PoolOf(int u, long[] scratch, long[] tier, long[] cost, int[] reps)
        {
            var p = _profile.ProfileOf[u];
            if (p < 0 || _open[p].Length == 0)
            {
                return null;
            }

            var current = _current[u];
            var mixed = _mixed[u];
            var layers = _layers[p];
            if (!mixed)
            {
                // One location per region other than the current one: the pool's charge there (a
                // region whose only open location is the current one is not reached through the pool).
                var n = 0;
                foreach (var layer in layers)
                {
                    var rep = layer[0] != current ? layer[0] : layer.Length > 1 ? layer[1] : -1;
                    if (rep >= 0)
                    {
                        reps[n++] = rep;
                    }
                }

                if (n > 0)
                {
                    GroupCosts(u, reps.AsSpan(0, n), scratch, tier, cost);
                    var d = long.MaxValue;
                    for (var j = 0; j < n; j++)
                    {
                        d = Math.Min(d, cost[j]);
                    }

                    var charges = new long[layers.Length];
                    for (int j = 0, i = 0; j < layers.Length; j++)
                    {
                        charges[j] = layers[j][0] != current || layers[j].Length > 1 ? cost[i++] - d : NotReached;
                    }

                    if (Fits(u, p, current, d, charges, scratch, tier, cost))
                    {
                        _offset[u] = d;
                        return new PoolKey(p, charges, _gadgetOf[u] >= 0 ? current : -1);
                    }
                }
            }

            // Its own arcs to every open location of its profile.
            var own = new long[_open[p].Length];
            GroupCosts(u, _open[p], scratch, tier, own);
            _ownCost[u] = own;
            return null;
        }

        /// <summary>The unit's kept open arcs (not its current location) cost d + the charge of their region, and staying costs no more than the pool's way there.</summary>
        private bool Fits(int u, int p, int current, long d, long[] charges, long[] scratch, long[] tier, long[] cost)
        {
            var kept = _units.Candidates[u];
            var keptCost = _units.GroupArcCost[_g][u];
            for (var k = 0; k < kept.Length; k++)
            {
                var l = kept[k];
                if (l != current && _layerOf[p].TryGetValue(l, out var j) && (charges[j] == NotReached || keptCost[k] != d + charges[j]))
                {
                    return false;
                }
            }

            if (current >= 0 && _layerOf[p].TryGetValue(current, out var cj))
            {
                GroupCosts(u, [current], scratch, tier, cost);
                if (charges[cj] != NotReached && cost[0] > d + charges[cj])
                {
                    return false;
                }

                _stayCost[u] = cost[0];
            }

            return true;
        }

        // The pooled network, built and solved in SolveAndSplit.
        private readonly List<int> _tails = [];
        private readonly List<int> _heads = [];
        private readonly List<long> _caps = [];
        private readonly List<long> _costs = [];

        private int Add(int tail, int head, long cap, long cost)
        {
            _tails.Add(tail);
            _heads.Add(head);
            _caps.Add(cap);
            _costs.Add(cost);
            return _tails.Count - 1;
        }

        /// <summary>
        /// Keep-apart pairs (those the pruned network gives gadgets, first come) whose units share
        /// their current location, open to both: a gadget there, room for one of them; their pools
        /// leave that location out, so they reach it only through the gadget.
        /// </summary>
        private void FindGadgets()
        {
            var units = _units;
            Array.Fill(_gadgetOf, -1);
            var inGadget = new bool[units.Count];
            foreach (var (ya, yb) in units.Problem.KeepApartPairs)
            {
                var (ua, ub) = (units.UnitOf[ya], units.UnitOf[yb]);
                if (ua == ub || inGadget[ua] || inGadget[ub])
                {
                    continue;
                }

                inGadget[ua] = inGadget[ub] = true;
                _pairs.Add((ua, ub));
                var c = _current[ua];
                if (c >= 0 && _current[ub] == c && !_mixed[ua] && !_mixed[ub] && Open(ua, c) && Open(ub, c))
                {
                    _gadgetOf[ua] = _gadgetOf[ub] = _gadgets.Count;
                    _gadgets.Add((ua, ub, c));
                }
            }
        }

        /// <summary>True when location <paramref name="l"/> is open to the unit after the first group.</summary>
        private bool Open(int u, int l) => _profile.ProfileOf[u] is var p and >= 0 && _layerOf[p].ContainsKey(l);

        public Result? SolveAndSplit(out string why)
        {
            var units = _units;
            var net = _net;
            var count = units.Count;
            var sink = net.Sink;
            var poolNode = sink + 1;

            // Layer nodes per profile that has a pool.
            var layerNode = new int[_layers.Length];
            Array.Fill(layerNode, -1);
            var nodes = poolNode + _pools.Count;
            foreach (var key in _pools)
            {
                if (layerNode[key.Profile] < 0)
                {
                    layerNode[key.Profile] = nodes;
                    nodes += _layers[key.Profile].Length;
                }
            }

            var gadgetOf = _gadgetOf;
            var gadgets = _gadgets;
            var privateNode = new int[_pools.Count];
            for (var q = 0; q < _pools.Count; q++)
            {
                privateNode[q] = _pools[q].Excluded >= 0 ? nodes++ : -1;
            }

            var gadgetNode = nodes;
            nodes += gadgets.Count;

            // Pairs of which both units keep their own arcs: a gadget at every other open location they
            // share, as the pruned network has, so that the optimum keeps them apart there too.
            var ownGadgetNode = nodes;
            var ownGadgets = new List<(int A, int B, int Location)>();
            var ownGadgetOf = new Dictionary<(int Unit, int Location), int>();
            foreach (var (a, b) in _pairs)
            {
                if (_ownCost[a] is null || _ownCost[b] is null)
                {
                    continue;
                }

                var openB = _open[_profile.ProfileOf[b]];
                foreach (var l in _open[_profile.ProfileOf[a]])
                {
                    if (Array.BinarySearch(openB, l) >= 0 && !(gadgetOf[a] >= 0 && l == _current[a]))
                    {
                        ownGadgetOf[(a, l)] = ownGadgetOf[(b, l)] = nodes++;
                        ownGadgets.Add((a, b, l));
                    }
                }
            }

            var supply = new long[nodes];
            long fixedValue = 0;
            var poolSupply = new long[_pools.Count];
            var profileSupply = new long[_layers.Length];
            var unplacedArc = new int[count];
            var stayArc = new int[count];
            var poolArc = new int[count];
            var ownArc = new int[count];
            for (var u = 0; u < count; u++)
            {
                (unplacedArc[u], stayArc[u], poolArc[u], ownArc[u]) = (-1, -1, -1, -1);
                long size = units.Members[u].Length;
                supply[u] += size;
                supply[sink] -= size;
                switch (_unplaced[u])
                {
                    case Unplaced.Fixed:
                        supply[u] -= size;
                        supply[sink] += size;
                        fixedValue = checked(fixedValue + (size * units.GroupUnplacedCost[_g][u]));
                        break;
                    case Unplaced.Free:
                        unplacedArc[u] = Add(u, sink, size, units.GroupUnplacedCost[_g][u]);
                        break;
                }

                var p = _profile.ProfileOf[u];
                if (_poolOf[u] >= 0)
                {
                    if (_current[u] >= 0 && _layerOf[p].ContainsKey(_current[u]))
                    {
                        stayArc[u] = Add(u, gadgetOf[u] >= 0 ? gadgetNode + gadgetOf[u] : net.LocationNode(_current[u]), size, _stayCost[u]);
                    }

                    poolArc[u] = Add(u, poolNode + _poolOf[u], size, _offset[u]);
                    poolSupply[_poolOf[u]] += size;
                    profileSupply[p] += size;
                }
                else if (_ownCost[u] is { } own)
                {
                    ownArc[u] = _tails.Count;
                    for (var i = 0; i < own.Length; i++)
                    {
                        var l = _open[p][i];
                        var head = gadgetOf[u] >= 0 && l == _current[u] ? gadgetNode + gadgetOf[u]
                            : ownGadgetOf.TryGetValue((u, l), out var node) ? node : net.LocationNode(l);
                        Add(u, head, size, own[i]);
                    }
                }
            }

            var firstPoolArc = _tails.Count;
            for (var q = 0; q < _pools.Count; q++)
            {
                var key = _pools[q];
                for (var j = 0; j < key.Charges.Length; j++)
                {
                    if (key.Charges[j] != NotReached)
                    {
                        var excluded = key.Excluded >= 0 && _layerOf[key.Profile][key.Excluded] == j;
                        Add(poolNode + q, excluded ? privateNode[q] : layerNode[key.Profile] + j, poolSupply[q] + 1, key.Charges[j]); // never full
                    }
                }
            }

            var firstLayerArc = _tails.Count;
            for (var p = 0; p < _layers.Length; p++)
            {
                if (layerNode[p] < 0)
                {
                    continue;
                }

                for (var j = 0; j < _layers[p].Length; j++)
                {
                    foreach (var l in _layers[p][j])
                    {
                        Add(layerNode[p] + j, net.LocationNode(l), profileSupply[p] + 1, 0); // never full
                    }
                }
            }

            // A pool that leaves a location out: its own layer to the rest of that location's layer.
            var firstPrivateArc = new int[_pools.Count];
            for (var q = 0; q < _pools.Count; q++)
            {
                firstPrivateArc[q] = _tails.Count;
                if (_pools[q].Excluded is var c and >= 0)
                {
                    foreach (var l in _layers[_pools[q].Profile][_layerOf[_pools[q].Profile][c]])
                    {
                        if (l != c)
                        {
                            Add(privateNode[q], net.LocationNode(l), poolSupply[q] + 1, 0); // never full
                        }
                    }
                }
            }

            for (var i = 0; i < gadgets.Count; i++)
            {
                var (a, b, c) = gadgets[i];
                Add(gadgetNode + i, net.LocationNode(c), Math.Max(units.Members[a].Length, units.Members[b].Length), 0);
            }

            for (var i = 0; i < ownGadgets.Count; i++)
            {
                var (a, b, l) = ownGadgets[i];
                Add(ownGadgetNode + i, net.LocationNode(l), Math.Max(units.Members[a].Length, units.Members[b].Length), 0);
            }

            // The location and balance arcs as group 0 left them: reduced cost > 0 closed, < 0 full.
            var firstOtherArc = _tails.Count;
            var others = net.GadgetArcStart - net.LocationArcStart;
            var otherArc = new int[others];
            var otherLower = new long[others];
            for (var i = 0; i < others; i++)
            {
                var a = net.LocationArcStart + i;
                var rc = checked(net.Cost(0, a) + _p0[net.Tail[a]] - _p0[net.Head[a]]);
                otherArc[i] = -1;
                if (rc > 0)
                {
                    continue;
                }

                if (rc < 0)
                {
                    otherLower[i] = net.Capacity[a];
                    supply[net.Tail[a]] -= net.Capacity[a];
                    supply[net.Head[a]] += net.Capacity[a];
                    fixedValue = checked(fixedValue + (net.Capacity[a] * net.Cost(_g, a)));
                    continue;
                }

                otherArc[i] = Add(net.Tail[a], net.Head[a], net.Capacity[a], net.Cost(_g, a));
            }

            var clock = System.Diagnostics.Stopwatch.StartNew();
            if (MinCostFlows.Solve(supply, _tails, _heads, _caps, _costs) is not { } flow)
            {
                why = "the pooled network has no flow within the first group's bounds";
                return null;
            }

            var solveMs = clock.ElapsedMilliseconds;
            var value = fixedValue;
            var rt = new List<int>();
            var rh = new List<int>();
            var rw = new List<long>();
            for (var i = 0; i < _tails.Count; i++)
            {
                value = checked(value + (flow[i] * _costs[i]));
                Residual.Add(rt, rh, rw, _tails[i], _heads[i], _costs[i], flow[i] < _caps[i], flow[i] > 0);
            }

            var dist = Residual.Potentials(nodes, rt, rh, rw);
            var potential = dist[..(sink + 1)];
            for (var u = 0; u < count; u++)
            {
                if (_poolOf[u] >= 0)
                {
                    // As high as its pool allows: every open arc through the pool then prices >= 0.
                    potential[u] = Math.Max(dist[u], dist[poolNode + _poolOf[u]] - _offset[u]);
                }
            }

            var otherFlow = new long[others];
            for (var i = 0; i < others; i++)
            {
                otherFlow[i] = otherLower[i] + (otherArc[i] >= 0 ? flow[otherArc[i]] : 0);
            }

            var split = Split(flow, dist, layerNode, firstPoolArc, firstLayerArc, firstPrivateArc, stayArc, poolArc, ownArc, out var missing);
            why = $"{_pools.Count:N0} pools, {gadgetNode - poolNode - _pools.Count:N0} region layers, {gadgets.Count + ownGadgets.Count:N0} keep-apart gadgets, {_ownUnits:N0} units with their own arcs, {_tails.Count:N0} arcs, flow {solveMs} ms, potentials {clock.ElapsedMilliseconds - solveMs} ms";
            var gadgetPotential = new Dictionary<(int, int), long>();
            for (var i = 0; i < gadgets.Count; i++)
            {
                var (a, b, c) = gadgets[i];
                gadgetPotential[(a, c)] = gadgetPotential[(b, c)] = dist[gadgetNode + i];
            }

            for (var i = 0; i < ownGadgets.Count; i++)
            {
                var (a, b, l) = ownGadgets[i];
                gadgetPotential[(a, l)] = gadgetPotential[(b, l)] = dist[ownGadgetNode + i];
            }

            return new Result(value, potential, _pools.Count, gadgetNode - poolNode - _pools.Count, _tails.Count, _ownUnits, split, otherFlow, missing)
            {
                GadgetPotential = gadgetPotential,
            };
        }

        /// <summary>
        /// The pooled optimum over the units: each unit takes its pool's flow into the region layers
        /// (what the pool sends into each) from what those layers send on to their locations (shared
        /// by the pools of the profile), locations it keeps first, never its own current location or
        /// where a keep-apart partner went while another is left; units with partners choose first.
        /// </summary>
        private (int Location, long Amount)[][] Split(long[] flow, long[] dist, int[] layerNode, int firstPoolArc, int firstLayerArc, int[] firstPrivateArc,
            int[] stayArc, int[] poolArc, int[] ownArc, out Dictionary<int, int[]> missing)
        {
            var units = _units;
            var count = units.Count;

            // Per layer node: the flow left per location.
            var layerLeft = new Dictionary<int, Stock>();
            var arc = firstLayerArc;
            for (var p = 0; p < _layers.Length; p++)
            {
                if (layerNode[p] < 0)
                {
                    continue;
                }

                for (var j = 0; j < _layers[p].Length; j++)
                {
                    var stock = new Stock();
                    foreach (var l in _layers[p][j])
                    {
                        if (flow[arc] > 0)
                        {
                            stock.Put(l, flow[arc]);
                        }

                        arc++;
                    }

                    layerLeft[layerNode[p] + j] = stock;
                }
            }

            // Per pool and layer: what the pool sends into the layer.
            var budget = new long[_pools.Count][];
            arc = firstPoolArc;
            for (var q = 0; q < _pools.Count; q++)
            {
                var charges = _pools[q].Charges;
                budget[q] = new long[charges.Length];
                for (var j = 0; j < charges.Length; j++)
                {
                    if (charges[j] != NotReached)
                    {
                        budget[q][j] = flow[arc++];
                    }
                }
            }

            // A pool that leaves a location out: what its own layer sends on.
            var privateLeft = new Stock?[_pools.Count];
            for (var q = 0; q < _pools.Count; q++)
            {
                if (_pools[q].Excluded is var c and >= 0)
                {
                    var stock = new Stock();
                    var at = firstPrivateArc[q];
                    foreach (var l in _layers[_pools[q].Profile][_layerOf[_pools[q].Profile][c]])
                    {
                        if (l != c)
                        {
                            if (flow[at] > 0)
                            {
                                stock.Put(l, flow[at]);
                            }

                            at++;
                        }
                    }

                    privateLeft[q] = stock;
                }
            }

            var partners = ProfileFlow.KeepApartPartners(units);
            var split = new (int Location, long Amount)[count][];
            missing = [];

            // What the flow fixes per unit (staying, its own arcs), before any pool is handed out, so
            // that a partner's pool share avoids it.
            for (var u = 0; u < count; u++)
            {
                var p = _profile.ProfileOf[u];
                var fixedParts = new List<(int Location, long Amount)>();
                if (stayArc[u] >= 0 && flow[stayArc[u]] > 0)
                {
                    fixedParts.Add((_current[u], flow[stayArc[u]]));
                }

                if (ownArc[u] >= 0)
                {
                    for (var i = 0; i < _open[p].Length; i++)
                    {
                        if (flow[ownArc[u] + i] > 0)
                        {
                            fixedParts.Add((_open[p][i], flow[ownArc[u] + i]));
                        }
                    }
                }

                split[u] = [.. fixedParts];
            }

            var fixedCount = split.Select(x => x.Length).ToArray();
            var forced = new List<int>();
            var parts = new List<(int Location, long Amount)>();
            // Units with keep-apart partners first, so that they choose before the layers run out.
            var order = Enumerable.Range(0, count).Where(partners.ContainsKey).Concat(Enumerable.Range(0, count).Where(u => !partners.ContainsKey(u)));
            foreach (var u in order)
            {
                parts.Clear();
                parts.AddRange(split[u]);
                var p = _profile.ProfileOf[u];
                if (poolArc[u] >= 0 && flow[poolArc[u]] > 0)
                {
                    // Every partner's fixed share, and the pool shares of the partners handed out before.
                    var avoid = partners.TryGetValue(u, out var mine)
                        ? mine.SelectMany(v => split[v].Select(x => x.Location)).ToHashSet()
                        : [];
                    avoid.Add(_current[u]);
                    var layers = new Stock[_layers[p].Length];
                    for (var j = 0; j < layers.Length; j++)
                    {
                        layers[j] = budget[_poolOf[u]][j] > 0 ? layerLeft[layerNode[p] + j] : null!;
                    }

                    if (_pools[_poolOf[u]].Excluded is var excluded and >= 0 && budget[_poolOf[u]][_layerOf[p][excluded]] > 0)
                    {
                        layers[_layerOf[p][excluded]] = privateLeft[_poolOf[u]]!;
                    }

                    if (TakeFromLayers(units.Candidates[u], _layerOf[p], layers, budget[_poolOf[u]], flow[poolArc[u]], avoid, parts))
                    {
                        forced.Add(u);
                    }
                }

                split[u] = [.. parts];
            }

            if (forced.Count > 0)
            {
                // A unit whose pool share had to go where a partner is swaps it with another unit's
                // pool share elsewhere, where both units' pools charge the same for the two locations'
                // regions and the two locations have the same potential: costs, flows into the
                // locations and reduced costs all stay (neither location may be a unit's current one,
                // nor one its pool leaves out).
                long Charge(int u, int l) => _poolOf[u] >= 0 && l != _current[u] && _pools[_poolOf[u]].Excluded != l
                    && _layerOf[_profile.ProfileOf[u]].TryGetValue(l, out var j) ? _pools[_poolOf[u]].Charges[j] : NotReached;
                long Potential(int l) => dist[_net.LocationNode(l)];
                KeepApartSwaps.Separate(forced, partners, split, fixedCount,
                    (u, l) => _open[_profile.ProfileOf[u]].Where(x => Potential(x) == Potential(l) && Charge(u, x) != NotReached && Charge(u, x) == Charge(u, l)),
                    (_, w, from, to) => Charge(w, to) != NotReached && Charge(w, to) == Charge(w, from) && Potential(to) == Potential(from));
            }

            for (var u = 0; u < count; u++)
            {
                var kept = units.Candidates[u];
                var extra = split[u].Select(x => x.Location).Where(l => Array.BinarySearch(kept, l) < 0).Distinct().ToArray();
                if (extra.Length > 0)
                {
                    missing[u] = extra;
                }
            }

            return split;
        }

        /// <summary>
        /// A unit's share of its pool's flow, within the pool's budget per layer: kept locations first,
        /// then the others in each layer's order, avoiding <paramref name="avoid"/> while something else is left.
        /// True when something went to a location it was to avoid.
        /// </summary>
        private static bool TakeFromLayers(int[] kept, Dictionary<int, int> layerOf, Stock[] layers, long[] budget, long need, HashSet<int> avoid, List<(int Location, long Amount)> parts)
        {
            var forced = false;
            void Take(int j, int l)
            {
                if (need > 0 && budget[j] > 0 && layers[j].Left.TryGetValue(l, out var amount) && amount > 0)
                {
                    var take = Math.Min(need, Math.Min(amount, budget[j]));
                    need -= take;
                    budget[j] -= take;
                    layers[j].Left[l] = amount - take;
                    parts.Add((l, take));
                }
            }

            foreach (var l in kept)
            {
                if (!avoid.Contains(l) && layerOf.TryGetValue(l, out var j))
                {
                    Take(j, l);
                }
            }

            for (var pass = 0; pass < 2 && need > 0; pass++)
            {
                for (var j = 0; j < layers.Length && need > 0; j++)
                {
                    if (budget[j] == 0)
                    {
                        continue;
                    }

                    var stock = layers[j];
                    while (stock.Cursor < stock.Order.Count && stock.Left[stock.Order[stock.Cursor]] == 0)
                    {
                        stock.Cursor++;
                    }

                    for (var i = stock.Cursor; i < stock.Order.Count && need > 0 && budget[j] > 0; i++)
                    {
                        if (pass == 1 || !avoid.Contains(stock.Order[i]))
                        {
                            var before = need;
                            Take(j, stock.Order[i]);
                            forced |= pass == 1 && need < before && avoid.Contains(stock.Order[i]);
                        }
                    }
                }
            }

            return forced;
        }

        /// <summary>A pool's flow per location still to hand out, in the order it was taken from the layers.</summary>
        private sealed class Stock
        {
            public Dictionary<int, long> Left { get; } = [];

            public List<int> Order { get; } = [];

            public int Cursor { get; set; }

            public void Put(int l, long amount)
            {
                if (Left.TryGetValue(l, out var had))
                {
                    Left[l] = had + amount;
                }
                else
                {
                    Left[l] = amount;
                    Order.Add(l);
                }
            }
        }

    }
}

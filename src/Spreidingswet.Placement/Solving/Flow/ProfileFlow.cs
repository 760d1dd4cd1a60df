using Google.OrTools.Graph;
using Spreidingswet.Placement.Preparation;

namespace Spreidingswet.Placement.Solving.Flow;

/// <summary>
/// A tier group of a pruned model in which no placement arc costs anything (unplaced and priority),
/// solved exactly over every candidate arc. Its optimum depends only on who is placed, so units with
/// the same full candidate set (the same hard-rule profile) share one profile node: unit -> profile
/// (its size, cost 0), unit -> sink (its unplaced cost), profile -> each of its candidate locations
/// (cost 0), then the network's own location and balance arcs. Keep-apart gadgets are left out, so
/// the optimum is a lower bound for the model with every candidate arc. When the pruned network
/// reaches it, the pruned flow is optimal for this network too, and by LP duality it meets
/// complementary slackness with this network's potentials, each unit taking its profile's: those
/// potentials price every candidate arc, kept or pruned, at a reduced cost >= 0.
/// </summary>
internal static partial class ProfileFlow
{
    /// <summary>Extra columns per unit with keep-apart partners (locations its profile's optimum uses).</summary>
    private const int PartnerColumns = 8;

    /// <summary>
    /// The group's optimum over every candidate arc (scaled); potentials of the pruned network's
    /// nodes up to the sink (units, locations, balance nodes, sink; gadget nodes take their
    /// location's); the size of the profile network; the optimum split over the units (per unit:
    /// location and flow); the flow on the location and balance arcs (in the network's order); and
    /// per unit the locations of its split that it does not keep: the columns that let the kept arcs
    /// reach the optimum.
    /// </summary>
    internal sealed record Result(long Value, long[] Potential, int Profiles, long Arcs, (int Location, long Amount)[][] Split, long[] OtherFlow,
        IReadOnlyDictionary<int, int[]> Missing)
    {
        /// <summary>Per unit its profile (-1 without candidates).</summary>
        public required int[] ProfileOf { get; init; }

        /// <summary>Per profile its full candidate locations, ascending.</summary>
        public required int[][] ProfileLocations { get; init; }
    }

    /// <summary>Solves the group (placement arcs must cost nothing in it: <see cref="Units.ArcFree"/>) on the profile network; null on a hash collision.</summary>
    public static Result? Solve(Units units, LexicographicFlow net, int group)
    {
        if (AssignProfiles(units) is not { } profiles)
        {
            return null;
        }

        var (profileOf, profileLocations) = profiles;
        using var network = new Network(units, net, group, profileOf, profileLocations);
        var (flow, value) = network.SolveOptimal();
        var dist = Residual.Potentials(network.Nodes, network.ResidualTails, network.ResidualHeads, network.ResidualWeights);
        var potential = UnitPotentials(units, net, profileOf, network.ProfileNode, dist);
        var tight = TightProfileArcs(net, profileLocations, network.ProfileNode, dist);
        var split = SplitOverUnits(units, profileOf, network.ToProfile, network.FirstProfileArc, profileLocations, tight, flow, out var missing);
        return new Result(value, potential, profileLocations.Length, network.Arcs, split, flow[network.FirstOtherArc..], missing)
        {
            ProfileOf = profileOf,
            ProfileLocations = profileLocations,
        };
    }

    /// <summary>
    /// Profiles: units with the same full candidate set (hashed, then verified exactly). Per unit its
    /// profile (-1 without candidates) and per profile its locations; null on a hash collision.
    /// </summary>
    private static (int[] ProfileOf, int[][] ProfileLocations)? AssignProfiles(Units units)
    {
        var count = units.Count;
        var locations = units.Problem.Locations.Length;
        var hash = new ulong[count];
        var size = new int[count];
        Parallel.For(0, count, () => new int[locations], (u, _, scratch) =>
        {
            var n = units.FullCandidates(u, scratch);
            size[u] = n;
            hash[u] = Hash(scratch.AsSpan(0, n));
            return scratch;
        }, _ => { });

        var profileOf = new int[count];
        var keys = new Dictionary<(ulong Hash, int Size), int>();
        var representative = new List<int>();
        for (var u = 0; u < count; u++)
        {
            if (size[u] == 0)
            {
                profileOf[u] = -1;
                continue;
            }

            if (!keys.TryGetValue((hash[u], size[u]), out var p))
            {
                p = representative.Count;
                keys[(hash[u], size[u])] = p;
                representative.Add(u);
            }

            profileOf[u] = p;
        }

        var profileLocations = new int[representative.Count][];
        for (var p = 0; p < profileLocations.Length; p++)
        {
            var scratch = new int[locations];
            profileLocations[p] = scratch[..units.FullCandidates(representative[p], scratch)];
        }

        var collision = false;
        Parallel.For(0, count, () => new int[locations], (u, _, scratch) =>
        {
            if (profileOf[u] >= 0 && u != representative[profileOf[u]])
            {
                var n = units.FullCandidates(u, scratch);
                if (!scratch.AsSpan(0, n).SequenceEqual(profileLocations[profileOf[u]]))
                {
                    Volatile.Write(ref collision, true);
                }
            }

            return scratch;
        }, _ => { });
        if (collision)
        {
            return null;
        }

        return (profileOf, profileLocations);
    }

    /// <summary>The profile network's potentials on the pruned network's nodes up to the sink, each unit taking its profile's.</summary>
    private static long[] UnitPotentials(Units units, LexicographicFlow net, int[] profileOf, int profileNode, long[] dist)
    {
        var potential = dist[..(net.Sink + 1)];
        for (var u = 0; u < units.Count; u++)
        {
            if (profileOf[u] >= 0)
            {
                potential[u] = dist[profileNode + profileOf[u]];
            }
        }

        return potential;
    }

    /// <summary>Per profile and location: whether the profile -> location arc has reduced cost 0 (cost 0, equal potentials).</summary>
    private static bool[][] TightProfileArcs(LexicographicFlow net, int[][] profileLocations, int profileNode, long[] dist)
    {
        var tight = new bool[profileLocations.Length][];
        for (var p = 0; p < tight.Length; p++)
        {
            tight[p] = [.. profileLocations[p].Select(l => dist[profileNode + p] == dist[net.LocationNode(l)])];
        }

        return tight;
    }

    /// <summary>FNV-1a over the location indexes, 64 bits.</summary>
    private static ulong Hash(ReadOnlySpan<int> locations)
    {
        var h = 14695981039346656037UL;
        foreach (var l in locations)
        {
            h = unchecked((h ^ (uint)l) * 1099511628211UL);
        }

        return h;
    }

    /// <summary>
    /// The profile network: the pruned network's nodes (its gadget nodes unused), then one node per
    /// profile; unit -> sink (unplaced), unit -> its profile, profile -> each of its locations, then
    /// the pruned network's location and balance arcs, in that order.
    /// </summary>
    private sealed class Network : IDisposable
    {
        private readonly List<int> _tails = [];
        private readonly List<int> _heads = [];
        private readonly List<long> _costs = [];
        private readonly List<long> _caps = [];
        private readonly Google.OrTools.Graph.MinCostFlow _solver = new();
        private readonly int _group;

        public Network(Units units, LexicographicFlow net, int group, int[] profileOf, int[][] profileLocations)
        {
            _group = group;
            var count = units.Count;
            ProfileNode = net.NodeCount;
            Nodes = ProfileNode + profileLocations.Length;
            var profileSupply = new long[profileLocations.Length];
            ToProfile = new int[count];
            long total = 0;
            for (var u = 0; u < count; u++)
            {
                var members = units.Members[u].Length;
                total += members;
                _solver.SetNodeSupply(u, members);
                Add(u, net.Sink, members, units.GroupUnplacedCost[group][u]);
                if (profileOf[u] >= 0)
                {
                    ToProfile[u] = _tails.Count;
                    Add(u, ProfileNode + profileOf[u], members, 0);
                    profileSupply[profileOf[u]] += members;
                }
            }

            _solver.SetNodeSupply(net.Sink, -total);
            FirstProfileArc = _tails.Count;
            for (var p = 0; p < profileLocations.Length; p++)
            {
                foreach (var l in profileLocations[p])
                {
                    Add(ProfileNode + p, net.LocationNode(l), profileSupply[p] + 1, 0); // never full: its forward residual arc always exists
                }
            }

            FirstOtherArc = _tails.Count;
            for (var a = net.LocationArcStart; a < net.GadgetArcStart; a++)
            {
                Add(net.Tail[a], net.Head[a], net.Capacity[a], net.Cost(group, a));
            }

            Arcs = _tails.Count;
        }

        public int ProfileNode { get; }

        public int Nodes { get; }

        /// <summary>Per unit with a profile: its unit -> profile arc.</summary>
        public int[] ToProfile { get; }

        public int FirstProfileArc { get; }

        /// <summary>The first of the pruned network's location and balance arcs.</summary>
        public int FirstOtherArc { get; }

        public long Arcs { get; }

        public List<int> ResidualTails { get; } = [];

        public List<int> ResidualHeads { get; } = [];

        public List<long> ResidualWeights { get; } = [];

        /// <summary>The optimal flow per arc and its value (scaled); fills the residual arcs.</summary>
        public (long[] Flow, long Value) SolveOptimal()
        {
            var status = _solver.Solve();
            if (status != MinCostFlowBase.Status.OPTIMAL)
            {
                throw new InvalidOperationException($"Min-cost flow returned {status} on the profile network of tier group {_group}; it is feasible by construction.");
            }

            var flow = new long[_tails.Count];
            long value = 0;
            for (var i = 0; i < _tails.Count; i++)
            {
                var f = _solver.Flow(i);
                flow[i] = f;
                value = checked(value + (f * _costs[i]));
                Residual.Add(ResidualTails, ResidualHeads, ResidualWeights, _tails[i], _heads[i], _costs[i], f < _caps[i], f > 0);
            }

            return (flow, value);
        }

        public void Dispose() => _solver.Dispose();

        private void Add(int tail, int head, long capacity, long cost)
        {
            _solver.AddArcWithCapacityAndUnitCost(tail, head, capacity, cost);
            _tails.Add(tail);
            _heads.Add(head);
            _caps.Add(capacity);
            _costs.Add(cost);
        }
    }
}

using Spreidingswet.Placement.Preparation;

namespace Spreidingswet.Placement.Solving.Flow;

// Lexicographic min-cost flow over tiers: the relaxation every placement search starts from.
//
// Problem. Youths are grouped into units (a single youth, or siblings placed together), each with
// its candidate locations after the hard rules. The objective is a list of tier groups, compared
// lexicographically: the best value of the first group, then among those the best of the second,
// and so on. Each group's cost is linear in the placement: a cost per unit arc (unit -> location),
// a cost per unplaced unit, and a weight per bed over a municipality's or province's balance
// target. That is a min-cost flow per group on one network:
//   unit (supply = its size) -> candidate location (capacity = size) -> balance node -> ... -> sink
//   (capacity = beds at the location arc, free room then the rest at the balance arcs), and
//   unit -> sink (unplaced, always open, so every network is feasible).
// Keep-apart pairs whose units are in no other pair pass through a gadget node per shared location
// (room for one of the two), so the network holds them exactly. Sibling groups may still split
// across locations and further keep-apart pairs are ignored: it is a relaxation, and its optimum
// is a lower bound per tier group on every placement that obeys the side constraints.
//
// Tier loop (Solve). Groups are solved in order on the same arc bounds. After a group's optimum,
// node potentials pi (shortest-path distances in its residual network) give every arc its reduced
// cost rc(a) = cost(a) + pi(tail) - pi(head). By complementary slackness every flow that is optimal
// for the group has flow at the lower bound where rc > 0 and at the upper bound where rc < 0, so
// those arcs are fixed (closed, or lower = upper) before the next group; only rc = 0 arcs stay free.
// Each later group therefore optimises over exactly the optima of the earlier ones. The reduced
// costs are kept for every arc, closed ones too: for any flow with the original supplies a group's
// value is sum(rc x flow) + a constant, which the branch and bound uses to bound and repair.
//
// One group is solved in one of four ways (SolveGroup):
// - Column generation (LexicographicFlow.ColumnGeneration.cs): a restricted network of few arcs
//   per unit; solve, price the arcs outside with the potentials, add those with rc < 0, repeat.
//   When none prices in, the restricted optimum meets complementary slackness on every candidate
//   arc and is optimal for the full network.
// - Pooled (PooledTierSolve.cs): when most units' costs in the group split as "stay: s_u; elsewhere:
//   d_u + f(pool, location)", single youths with the same open locations (and school region) share
//   a pool node. The pooled network represents every open arc, is solved once without pricing, and
//   its flow and potentials are mapped back and checked on every residual arc of the full network.
// - ISK seats (LexicographicFlow.Isk.cs): a charge on a region's seat total is not an arc cost, so
//   it is priced by a Lagrangian: seat prices in [0, weight] on the arcs that take a seat, updated
//   by subgradient steps; the group's value is then a lower bound (PricesIsk).
// - Profiles (LexicographicFlow.Profile.cs, ProfileFlow.cs): for pruned candidates, a first group
//   whose placement arcs cost nothing is solved exactly over every candidate arc on a network with
//   one node per hard-rule profile; its potentials price the pruned arcs too.
//
// Complexity: each min-cost flow solve goes to MinCostFlows (network simplex on small networks,
// OR-Tools' cost scaling on large ones) over the restricted or pooled network only; potentials are
// one SPFA pass (Residual.cs), O(nodes x arcs) in the worst case; pricing and fixing are linear in
// the arcs. Column generation rounds are few because the seeded network holds each unit's
// cheapest arcs, and arcs priced in stay in the network for later groups and later solves.
//
// References: Ahuja, Magnanti and Orlin, Network Flows (1993), ch. 9 (reduced costs, complementary
// slackness optimality) and ch. 10-11 (cost scaling, network simplex); Isermann, Linear
// lexicographic optimization (1982); Desaulniers, Desrosiers and Solomon (eds.), Column Generation
// (2005); Fisher, The Lagrangian relaxation method for solving integer programming problems (1981).

/// <summary>
/// The transportation relaxation solved lexicographically by min-cost flow (see the
/// design note at the top of this file). Network layout: LexicographicFlow.Network.cs.
/// </summary>
internal sealed partial class LexicographicFlow
{
    private readonly Units _units;
    private readonly int _locations;
    private readonly int _sink;
    private readonly int _balance;

    /// <summary>Per group, unit and candidate: the arc cost in use (the ISK group's includes the ISK prices).</summary>
    private readonly long[][][] _arcCost;

    /// <summary>Per group, unit and candidate: the arc cost in use, as <see cref="Cost"/> gives it for unit arcs.</summary>
    internal long[][][] ArcCosts => _arcCost;

    /// <summary>The tier group whose objective holds the ISK criterion, or -1.</summary>
    private readonly int _iskGroup;

    private readonly int _iskTier;

    /// <summary>
    /// True when ISK seats are priced (Lagrangian): the relaxation's value in that tier group is then a
    /// lower bound, and a branch and bound completed under these prices proves nothing by itself.
    /// </summary>
    public bool PricesIsk => _iskGroup >= 0;

    /// <summary>Tier groups whose column generation has seeded the network.</summary>
    private readonly HashSet<int> _seeded = [];

    /// <summary>Tier groups where pooling did not apply (column generation is used).</summary>
    private readonly HashSet<int> _notPoolable = [];

    /// <summary>The sink node (keep-apart gadget nodes follow it).</summary>
    public int Sink => _sink;

    /// <summary>Nodes: units, locations, balance nodes, the sink, keep-apart gadget nodes.</summary>
    public int NodeCount { get; }

    /// <summary>First keep-apart gadget arc (gadget node -> location).</summary>
    public int GadgetArcStart { get; }

    /// <summary>The location node of a location index.</summary>
    public int LocationNode(int location) => _units.Count + location;

    /// <summary>First balance arc (two per balance node: under target, over target).</summary>
    public int BalanceArcStart { get; }

    public int ArcCount { get; }

    public int[] ArcStart { get; }

    public int LocationArcStart { get; }

    public int[] Tail { get; }

    public int[] Head { get; }

    public long[] Capacity { get; }

    /// <summary>
    /// Whether tier groups may be solved on the pooled network (default). Off for pruned candidates:
    /// units then rarely share their open locations, so pools only add nodes.
    /// </summary>
    internal bool Pooling { get; init; } = true;

    /// <summary>The first tier group's solution on the profile network, when the caller has it (pruned candidates only).</summary>
    internal ProfileFlow.Result? Profile { get; init; }

    /// <summary>The second tier group's solution on the pooled network over every arc, when the caller has it (pruned candidates only).</summary>
    internal PooledGroupFlow.Result? PooledGroup { get; init; }

    /// <summary>True when the last solve took the second tier group from <see cref="PooledGroup"/> (its split was this network's flow).</summary>
    internal bool PooledGroupReached { get; private set; }

    /// <summary>Candidate arcs per unit that start in the network (the rest is priced in as needed).</summary>
    internal int InitialArcsPerUnit { get; init; } = 24;

    /// <summary>Cost of an arc in a tier (scaled); location arcs cost nothing.</summary>
    public long Cost(int tier, int arc)
    {
        if (arc >= GadgetArcStart)
        {
            return 0;
        }

        if (arc >= BalanceArcStart)
        {
            return (arc - BalanceArcStart) % 2 == 1 ? _units.GroupBalanceWeight[tier] : 0;
        }

        if (arc >= LocationArcStart)
        {
            return 0;
        }

        var u = Tail[arc];
        var k = arc - ArcStart[u];
        return k < _units.Candidates[u].Length ? _arcCost[tier][u][k] : _units.GroupUnplacedCost[tier][u];
    }

    /// <summary>Solves every tier. <paramref name="forbidden"/> closes arcs (branching); may be null.</summary>
    public FlowResult Solve(bool[]? forbidden, CancellationToken cancellation, Stages? progress = null)
    {
        var tiers = _units.Groups.Length;
        var active = new bool[ArcCount];
        var lower = new long[ArcCount];
        for (var a = 0; a < ArcCount; a++)
        {
            active[a] = forbidden is null || !forbidden[a];
        }

        var upper = (long[])Capacity.Clone();
        var flow = new long[ArcCount];
        var reduced = new long[tiers][];
        var potentials = new long[tiers][];
        var scaledValues = new long[tiers];
        // Column generation: each tier starts on the arcs already in the network (initially the
        // best few per unit); arcs outside it are priced with the tier's potentials and added while
        // any has a negative reduced cost, so the optimum is over every candidate arc.
        var inNetwork = InitialNetwork();
        var trace = PlacementTrace.On;
        if (trace)
        {
            Console.Error.WriteLine($"tier groups: {string.Join(" | ", _units.Groups.Select(g => string.Join("+", g.Select(t => _units.Tiers[t].Name))))}");
        }
        for (var t = 0; t < tiers; t++)
        {
            cancellation.ThrowIfCancellationRequested();
            progress?.Next($"relaxation: tier group {t + 1} of {tiers} ({string.Join(" + ", _units.Groups[t].Select(x => _units.Tiers[x].Name))})");
            var (potential, offset) = SolveGroup(t, active, inNetwork, lower, upper, flow, trace);
            scaledValues[t] = FlowCost(t, flow) - offset;
            reduced[t] = FixByReducedCosts(t, potential, active, lower, upper, last: t + 1 == tiers);
            potentials[t] = potential;
        }

        return new FlowResult(flow, reduced, potentials, scaledValues);
    }

    /// <summary>
    /// One tier group's optimum within the current bounds, by the method that fits it; returns its
    /// potentials and the constant to subtract from the flow value (the ISK prices' free seats).
    /// </summary>
    private (long[] Potential, long Offset) SolveGroup(int t, bool[] active, bool[] inNetwork, long[] lower, long[] upper, long[] flow, bool trace)
    {
        if (t == _iskGroup)
        {
            return SolveIskGroup(t, active, inNetwork, lower, upper, flow, trace);
        }

        if (t == 0 && !Pooling && _units.Pruning is not null && _units.Groups[t].All(_units.ArcFree) && (Profile ?? ProfileFlow.Solve(_units, this, t)) is { } profile)
        {
            return (SolveByProfile(t, profile, active, inNetwork, lower, upper, flow, trace), 0);
        }

        if (t == 1 && PooledGroup is { } pooled)
        {
            var potentials = SolveByPooledGroup(t, pooled, active, inNetwork, lower, upper, flow, trace);
            PooledGroupReached = potentials is not null;
            if (potentials is not null)
            {
                return (potentials, 0);
            }
        }

        return (SolveWithPricing(t, active, inNetwork, lower, upper, flow, trace), 0);
    }

    /// <summary>
    /// Every arc's reduced cost in tier group <paramref name="t"/>; unless it is the last group, the
    /// open arcs off zero reduced cost are fixed so that later groups keep this one at its optimum.
    /// </summary>
    private long[] FixByReducedCosts(int t, long[] potential, bool[] active, long[] lower, long[] upper, bool last)
    {
        var rc = new long[ArcCount];
        for (var a = 0; a < ArcCount; a++)
        {
            // Defined for every arc, closed ones too: for any flow x with the original
            // supplies, tier value(x) = sum of rc * x + a constant (the potentials telescope).
            rc[a] = Cost(t, a) + potential[Tail[a]] - potential[Head[a]];
            if (!active[a])
            {
                continue;
            }

            if (!last)
            {
                // Complementary slackness: every solution optimal for this tier has flow at the
                // lower bound on arcs with positive reduced cost and at the upper bound on arcs
                // with negative reduced cost.
                if (rc[a] > 0)
                {
                    upper[a] = lower[a];
                    active[a] = upper[a] > 0;
                }
                else if (rc[a] < 0)
                {
                    lower[a] = upper[a];
                }
            }
        }

        return rc;
    }

    /// <summary>Value of a flow in a tier group (scaled), with the arc costs in use.</summary>
    private long FlowCost(int tier, long[] flow)
    {
        long value = 0;
        for (var a = 0; a < ArcCount; a++)
        {
            if (flow[a] != 0)
            {
                value = checked(value + (flow[a] * Cost(tier, a)));
            }
        }

        return value;
    }
}

using Spreidingswet.Placement.Preparation;
using Spreidingswet.Placement.Solving.MinCostFlow;


namespace Spreidingswet.Placement.Solving.Flow;

/// <summary>
/// The transportation relaxation solved lexicographically with OR-Tools min-cost flow.
/// Network: unit (supply = its size) -> candidate location (capacity = size) -> sink (capacity =
/// beds), and unit -> sink (unplaced). Keep-apart pairs whose units are in no other pair pass
/// through a gadget node per shared location (room for one of the two), so the network holds them
/// exactly. Sibling groups may still split across locations, and further keep-apart pairs of the
/// same units are ignored: it is a relaxation, and its optimum is a lower bound per tier.
/// Tiers are solved in order; after each, potentials (shortest paths in the residual network) give
/// every arc's reduced cost, and only arcs that keep the earlier tiers at their optimum stay free
/// (reduced cost 0); arcs with positive reduced cost are closed, negative ones fixed at capacity.
/// </summary>
internal sealed class LexicographicFlow
{
    private readonly Units _units;
    private readonly int _locations;
    private readonly int _sink;
    private readonly int _balance;

    public LexicographicFlow(Units units)
    {
        _units = units;
        _arcCost = units.GroupArcCost;
        _iskGroup = -1;
        if (units.IskNeed is not null)
        {
            for (var g = 0; g < units.Groups.Length && _iskGroup < 0; g++)
            {
                foreach (var t in units.Groups[g])
                {
                    if (units.IskWeight[t] > 0)
                    {
                        (_iskGroup, _iskTier) = (g, t);
                        break;
                    }
                }
            }
        }

        if (_iskGroup >= 0)
        {
            _arcCost = (long[][][])units.GroupArcCost.Clone();
            _arcCost[_iskGroup] = [.. units.GroupArcCost[_iskGroup].Select(c => (long[])c.Clone())];
        }

        _locations = units.Problem.Locations.Length;
        _balance = units.BalanceNodes.Length;
        _sink = units.Count + _locations + _balance;
        var arcs = 0;
        ArcStart = new int[units.Count + 1];
        for (var u = 0; u < units.Count; u++)
        {
            ArcStart[u] = arcs;
            arcs += units.Candidates[u].Length + 1; // candidates, then unplaced
        }

        ArcStart[units.Count] = arcs;
        LocationArcStart = arcs;
        BalanceArcStart = arcs + _locations;
        GadgetArcStart = BalanceArcStart + (2 * _balance);

        // Keep-apart gadgets: for a pair of units (each in at most one gadget pair), every location
        // both may go to gets a node that both units' arcs into it pass through, with room for one
        // of them only. The relaxation then keeps these pairs apart exactly; other pairs are left to
        // the branch and bound.
        var gadgets = new List<(int A, int KA, int B, int KB, int Location)>();
        var inGadget = new bool[units.Count];
        foreach (var (ya, yb) in units.Problem.KeepApartPairs)
        {
            var (ua, ub) = (units.UnitOf[ya], units.UnitOf[yb]);
            if (ua == ub || inGadget[ua] || inGadget[ub])
            {
                continue;
            }

            inGadget[ua] = inGadget[ub] = true;
            var candidatesB = units.Candidates[ub];
            for (var ka = 0; ka < units.Candidates[ua].Length; ka++)
            {
                var kb = Array.BinarySearch(candidatesB, units.Candidates[ua][ka]);
                if (kb >= 0)
                {
                    gadgets.Add((ua, ka, ub, kb, units.Candidates[ua][ka]));
                }
            }
        }

        NodeCount = _sink + 1 + gadgets.Count;
        ArcCount = GadgetArcStart + gadgets.Count;
        Tail = new int[ArcCount];
        Head = new int[ArcCount];
        Capacity = new long[ArcCount];
        for (var u = 0; u < units.Count; u++)
        {
            var size = units.Members[u].Length;
            var k = 0;
            for (; k < units.Candidates[u].Length; k++)
            {
                Set(ArcStart[u] + k, u, units.Count + units.Candidates[u][k], size);
            }

            Set(ArcStart[u] + k, u, _sink, size);
        }

        for (var i = 0; i < gadgets.Count; i++)
        {
            var (a, ka, b, kb, location) = gadgets[i];
            var node = _sink + 1 + i;
            Head[ArcStart[a] + ka] = node;
            Head[ArcStart[b] + kb] = node;
            Set(GadgetArcStart + i, node, units.Count + location, Math.Max(units.Members[a].Length, units.Members[b].Length));
        }

        // Location -> its municipality/province balance node (or the sink), capacity = beds.
        var totalSupply = units.Members.Sum(m => (long)m.Length);
        for (var l = 0; l < _locations; l++)
        {
            var node = units.LocationBalanceNode[l];
            Set(LocationArcStart + l, units.Count + l, node < 0 ? _sink : BalanceNode(node), units.Problem.Locations[l].Beds);
        }

        // Balance node -> next node up: free room under the target at no cost, the rest at the weight.
        for (var b = 0; b < _balance; b++)
        {
            var parent = units.BalanceNodes[b].Parent;
            var head = parent < 0 ? _sink : BalanceNode(parent);
            Set(BalanceArcStart + (2 * b), BalanceNode(b), head, units.BalanceNodes[b].Free);
            Set(BalanceArcStart + (2 * b) + 1, BalanceNode(b), head, totalSupply);
        }

        void Set(int a, int tail, int head, long capacity)
        {
            Tail[a] = tail;
            Head[a] = head;
            Capacity[a] = capacity;
        }
    }

    private FlowSkeleton? _skeleton;

    /// <summary>The network's fixed adjacency for shortest-path repairs, built once and shared (read-only) by every search over it.</summary>
    internal FlowSkeleton Skeleton
    {
        get
        {
            var built = Volatile.Read(ref _skeleton);
            if (built is null)
            {
                Interlocked.CompareExchange(ref _skeleton, new FlowSkeleton(_units, this), null);
                built = _skeleton!;
            }

            return built;
        }
    }

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

    /// <summary>Least share of units that must share pools for the pooled solve to be used.</summary>
    internal const double PooledShare = 0.7;

    /// <summary>Most Lagrangian iterations for the ISK prices.</summary>
    internal const int MaxIskIterations = 12;

    /// <summary>Puts the ISK price per seat of each region (true units, 0..weight) on the arcs that take a seat.</summary>
    private void SetIskPrices(long[] price)
    {
        var multiplier = _units.Multiplier[_iskTier];
        var need = _units.IskNeed!;
        for (var u = 0; u < _units.Count; u++)
        {
            var perFlow = _units.Scale / _units.Members[u].Length;
            var candidates = _units.Candidates[u];
            var target = _arcCost[_iskGroup][u];
            var source = _units.GroupArcCost[_iskGroup][u];
            for (var k = 0; k < candidates.Length; k++)
            {
                var r = _units.IskRegionOfLocation[candidates[k]];
                target[k] = need[u][k] > 0 && r >= 0 && _units.IskSeatsOfRegion[r] >= 0
                    ? checked(source[k] + (price[r] * need[u][k] * perFlow * multiplier))
                    : source[k];
            }
        }
    }

    /// <summary>Seats taken per region by a flow (fractional where groups split).</summary>
    private double[] IskTaken(long[] flow)
    {
        var taken = new double[_units.IskSeatsOfRegion.Length];
        var need = _units.IskNeed!;
        for (var u = 0; u < _units.Count; u++)
        {
            var candidates = _units.Candidates[u];
            for (var k = 0; k < candidates.Length; k++)
            {
                var f = flow[ArcStart[u] + k];
                var r = _units.IskRegionOfLocation[candidates[k]];
                if (f > 0 && need[u][k] > 0 && r >= 0)
                {
                    taken[r] += f * need[u][k] / (double)_units.Members[u].Length;
                }
            }
        }

        return taken;
    }

    /// <summary>The sink node (keep-apart gadget nodes follow it).</summary>
    public int Sink => _sink;

    /// <summary>Nodes: units, locations, balance nodes, the sink, keep-apart gadget nodes.</summary>
    public int NodeCount { get; }

    /// <summary>First keep-apart gadget arc (gadget node -> location).</summary>
    public int GadgetArcStart { get; }

    /// <summary>The location node of a location index.</summary>
    public int LocationNode(int location) => _units.Count + location;

    private int BalanceNode(int b) => _units.Count + _locations + b;

    /// <summary>First balance arc (two per balance node: under target, over target).</summary>
    public int BalanceArcStart { get; }

    public int ArcCount { get; }

    public int[] ArcStart { get; }

    public int LocationArcStart { get; }

    public int[] Tail { get; }

    public int[] Head { get; }

    public long[] Capacity { get; }

    /// <summary>Adds every arc outside the network with a negative reduced cost; returns how many.</summary>
    private int Price(int tier, bool[] active, bool[] inNetwork, long[] potential)
    {
        var added = 0;
        for (var a = 0; a < LocationArcStart; a++)
        {
            if (active[a] && !inNetwork[a] && Cost(tier, a) + potential[Tail[a]] - potential[Head[a]] < 0)
            {
                inNetwork[a] = true;
                added++;
            }
        }

        return added;
    }

    /// <summary>
    /// Whether tier groups may be solved on the pooled network (default). Off for pruned candidates:
    /// units then rarely share their open locations, so pools only add nodes.
    /// </summary>
    internal bool Pooling { get; init; } = true;

    /// <summary>The first tier group's solution on the profile network, when the caller has it (pruned candidates only).</summary>
    internal ProfileFlow.Result? Profile { get; init; }

    /// <summary>Candidate arcs per unit that start in the network (the rest is priced in as needed).</summary>
    internal int InitialArcsPerUnit { get; init; } = 24;

    private bool[] InitialNetwork()
    {
        var inNetwork = new bool[ArcCount];
        for (var a = LocationArcStart; a < ArcCount; a++)
        {
            inNetwork[a] = true;
        }

        for (var u = 0; u < _units.Count; u++)
        {
            inNetwork[ArcStart[u + 1] - 1] = true; // unplaced
        }

        return inNetwork;
    }

    /// <summary>
    /// Before the first column-generation solve of a tier group: per unit, its cheapest open arcs in
    /// that group (all of them when it has few), so that pricing has little left to add.
    /// </summary>
    private void SeedNetwork(int tier, bool[] active, bool[] inNetwork)
    {
        Parallel.For(0, _units.Count, () => (Array.Empty<long>(), Array.Empty<int>()), (u, _, scratch) =>
        {
            var (keys, arcs) = scratch;
            var n = 0;
            var k = _units.Candidates[u].Length;
            if (keys.Length < k)
            {
                (keys, arcs) = (new long[k], new int[k]);
            }

            for (var a = ArcStart[u]; a < ArcStart[u] + k; a++)
            {
                if (active[a])
                {
                    keys[n] = _arcCost[tier][u][a - ArcStart[u]];
                    arcs[n++] = a;
                }
            }

            if (n > InitialArcsPerUnit)
            {
                Array.Sort(keys, arcs, 0, n);
                n = InitialArcsPerUnit;
            }

            for (var i = 0; i < n; i++)
            {
                inNetwork[arcs[i]] = true;
            }

            return (keys, arcs);
        }, _ => { });
    }

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
            long[] potential;
            long offset = 0;
            if (t == _iskGroup)
            {
                (potential, offset) = SolveIskGroup(t, active, inNetwork, lower, upper, flow, trace);
            }
            else if (t == 0 && !Pooling && _units.Pruning is not null && _units.Groups[t].All(_units.ArcFree) && (Profile ?? ProfileFlow.Solve(_units, this, t)) is { } profile)
            {
                potential = SolveByProfile(t, profile, active, inNetwork, lower, upper, flow, trace);
            }
            else
            {
                potential = SolveWithPricing(t, active, inNetwork, lower, upper, flow, trace);
            }

            scaledValues[t] = FlowCost(t, flow) - offset;

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

                if (t + 1 < tiers)
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

            reduced[t] = rc;
            potentials[t] = potential;
        }

        return new FlowResult(flow, reduced, potentials, scaledValues);
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

    /// <summary>One tier group by column generation: solve, price the arcs outside, repeat.</summary>
    private long[] SolveWithPricing(int t, bool[] active, bool[] inNetwork, long[] lower, long[] upper, long[] flow, bool trace)
    {
        if (Pooling && !_notPoolable.Contains(t))
        {
            var sw = System.Diagnostics.Stopwatch.StartNew();
            var pooled = SolvePooled(t, active, inNetwork, lower, upper, flow, out var why);
            if (trace)
            {
                Console.Error.WriteLine($"tier {t} pooled: {(pooled is null ? $"not used ({why})" : why)}, {sw.ElapsedMilliseconds} ms");
            }

            if (pooled is not null)
            {
                return pooled;
            }

            _notPoolable.Add(t);
        }

        if (_seeded.Add(t))
        {
            SeedNetwork(t, active, inNetwork);
        }

        var rounds = 0;
        while (true)
        {
            var sw = System.Diagnostics.Stopwatch.StartNew();
            SolveTier(t, active, inNetwork, lower, upper, flow);
            var solveMs = sw.ElapsedMilliseconds;
            sw.Restart();
            var potential = Potentials(t, active, inNetwork, lower, upper, flow);
            var added = Price(t, active, inNetwork, potential);
            rounds++;
            if (trace)
            {
                Console.Error.WriteLine($"tier {t} round {rounds}: flow {solveMs} ms, potentials+pricing {sw.ElapsedMilliseconds} ms, network {inNetwork.Count(x => x)} arcs, added {added}");
            }

            if (added == 0)
            {
                return potential;
            }
        }
    }

    /// <summary>
    /// The tier group with the ISK criterion: a seat beyond a region's free seats costs the weight, a
    /// cost on the region's total that no network holds together with the beds. Lagrangian prices:
    /// for any price per seat p_r in [0, weight], (flow value with p_r on every arc that takes a seat
    /// in r) - sum of p_r x free seats is a lower bound, because weight x max(0, z) >= p_r x z. The
    /// prices follow the subgradient (seats taken - free seats) and the best bound's prices are kept.
    /// Returns the potentials and the constant to subtract from the flow value.
    /// </summary>
    private (long[] Potential, long Offset) SolveIskGroup(int t, bool[] active, bool[] inNetwork, long[] lower, long[] upper, long[] flow, bool trace)
    {
        var seats = _units.IskSeatsOfRegion;
        var weight = _units.IskWeight[_iskTier];
        var unit = _units.Multiplier[_iskTier] * _units.Scale; // scaled cost of one seat at price 1
        var price = new long[seats.Length];
        long[]? bestPrice = null;
        var bestBound = long.MinValue;
        var lambda = 1.0;
        var sinceBest = 0;
        long[] potential = [];
        for (var iteration = 0; iteration < MaxIskIterations; iteration++)
        {
            SetIskPrices(price);
            potential = SolveWithPricing(t, active, inNetwork, lower, upper, flow, trace);
            var offset = Enumerable.Range(0, seats.Length).Sum(r => seats[r] >= 0 ? checked(price[r] * seats[r] * unit) : 0);
            var bound = FlowCost(t, flow) - offset;
            var taken = IskTaken(flow);
            var excess = Enumerable.Range(0, seats.Length).Select(r => seats[r] >= 0 ? taken[r] - seats[r] : 0).ToArray();
            // The same flow's true value: base arc costs plus the weight per seat over the free ones.
            var trueValue = (double)bound + offset - Enumerable.Range(0, seats.Length).Sum(r => (double)price[r] * taken[r] * unit)
                + Enumerable.Range(0, seats.Length).Sum(r => weight * Math.Max(0, excess[r]) * (double)unit);
            if (trace)
            {
                Console.Error.WriteLine($"ISK prices, iteration {iteration + 1}: bound {bound}, value of this flow {trueValue:F0}, regions over {excess.Count(e => e > 1e-9)}");
            }

            if (bound > bestBound)
            {
                (bestBound, bestPrice, sinceBest) = (bound, (long[])price.Clone(), 0);
            }
            else if (++sinceBest >= 2)
            {
                (lambda, sinceBest) = (lambda / 2, 0);
            }

            if (trueValue - bound < 0.5)
            {
                break; // these prices are exact for this flow: nothing to gain
            }

            // Subgradient step towards prices that charge exactly the regions over their seats.
            var norm = excess.Sum(e => e * e);
            if (norm < 1e-9 || lambda < 1e-3)
            {
                break;
            }

            var step = lambda * (trueValue - bound) / unit / norm;
            var changed = false;
            for (var r = 0; r < seats.Length; r++)
            {
                var next = Math.Clamp((long)Math.Round(price[r] + (step * excess[r])), 0, weight);
                changed |= next != price[r];
                price[r] = next;
            }

            if (!changed)
            {
                lambda *= 2;
            }
        }

        if (!price.AsSpan().SequenceEqual(bestPrice))
        {
            price = bestPrice!;
            SetIskPrices(price);
            potential = SolveWithPricing(t, active, inNetwork, lower, upper, flow, trace);
        }

        return (potential, Enumerable.Range(0, seats.Length).Sum(r => seats[r] >= 0 ? checked(price[r] * seats[r] * unit) : 0));
    }

    private void SolveTier(int tier, bool[] active, bool[] inNetwork, long[] lower, long[] upper, long[] flow)
    {
        if (!TrySolveTier(tier, active, inNetwork, lower, upper, flow))
        {
            // Every unit has an unplaced arc to the sink, so the network is always feasible.
            throw new InvalidOperationException($"Min-cost flow found no optimum on tier group {tier}; the network is feasible by construction.");
        }
    }

    /// <summary>
    /// A tier group of a pruned model whose placement arcs cost nothing, from its exact optimum over
    /// every candidate arc (<see cref="ProfileFlow"/>): the profile potentials fix the pruned network's
    /// arcs by complementary slackness (reduced cost > 0: no flow; &lt; 0: full), one flow solve finds a
    /// flow within those bounds, and when it reaches the optimum the profile potentials are the
    /// group's, valid for every candidate arc. Otherwise (the kept arcs cannot reach that optimum)
    /// column generation over the kept arcs as before, keeping the profile potentials only if they fit
    /// its flow.
    /// </summary>
    private long[] SolveByProfile(int t, ProfileFlow.Result profile, bool[] active, bool[] inNetwork, long[] lower, long[] upper, long[] flow, bool trace)
    {
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var potential = new long[NodeCount];
        profile.Potential.CopyTo(potential, 0);
        for (var a = GadgetArcStart; a < ArcCount; a++)
        {
            potential[Tail[a]] = potential[Head[a]]; // gadget node: its location's
        }

        if (FlowFromProfile(t, profile, potential, active, lower, upper, flow))
        {
            for (var a = 0; a < ArcCount; a++)
            {
                inNetwork[a] |= active[a] && Cost(t, a) + potential[Tail[a]] - potential[Head[a]] <= 0;
            }

            if (trace)
            {
                Console.Error.WriteLine($"tier {t} by profiles: {profile.Profiles} profiles, {profile.Arcs:N0} arcs, optimum over all candidate arcs {profile.Value}, its split over the units is this network's flow, {sw.ElapsedMilliseconds} ms");
            }

            return potential;
        }

        var fixedLower = (long[])lower.Clone();
        var fixedUpper = (long[])upper.Clone();
        var network = (bool[])inNetwork.Clone();
        for (var a = 0; a < ArcCount; a++)
        {
            if (!active[a])
            {
                continue;
            }

            var rc = Cost(t, a) + potential[Tail[a]] - potential[Head[a]];
            if (rc > 0)
            {
                fixedUpper[a] = fixedLower[a];
            }
            else
            {
                if (rc < 0)
                {
                    fixedLower[a] = fixedUpper[a];
                }

                network[a] = true;
            }
        }

        var reached = TrySolveTier(t, active, network, fixedLower, fixedUpper, flow) && FlowCost(t, flow) == profile.Value && SlackHolds(t, potential, active, lower, upper, flow);
        if (trace)
        {
            Console.Error.WriteLine($"tier {t} by profiles: {profile.Profiles} profiles, {profile.Arcs:N0} arcs, optimum over all candidate arcs {profile.Value} ({profile.Missing.Count} units not keeping their arcs in it); kept arcs {(reached ? "reach it" : "do not reach it")}, {sw.ElapsedMilliseconds} ms");
        }

        if (reached)
        {
            Array.Copy(network, inNetwork, ArcCount);
            return potential;
        }

        var own = SolveWithPricing(t, active, inNetwork, lower, upper, flow, trace);
        return FlowCost(t, flow) == profile.Value && SlackHolds(t, potential, active, lower, upper, flow) ? potential : own;
    }

    /// <summary>
    /// The profile optimum's split over the units as this network's flow: true when every unit's
    /// share is on a kept arc, every arc within its bounds (keep-apart gadgets included), the value
    /// the optimum's and complementary slackness holds with the profile potentials.
    /// </summary>
    private bool FlowFromProfile(int t, ProfileFlow.Result profile, long[] potential, bool[] active, long[] lower, long[] upper, long[] flow)
    {
        Array.Clear(flow);
        for (var u = 0; u < _units.Count; u++)
        {
            long placed = 0;
            foreach (var (l, amount) in profile.Split[u])
            {
                var k = Array.BinarySearch(_units.Candidates[u], l);
                if (k < 0)
                {
                    return false;
                }

                var a = ArcStart[u] + k;
                flow[a] += amount;
                placed += amount;
                if (Head[a] > _sink)
                {
                    flow[GadgetArcStart + (Head[a] - _sink - 1)] += amount;
                }
            }

            flow[ArcStart[u + 1] - 1] = _units.Members[u].Length - placed;
        }

        Array.Copy(profile.OtherFlow, 0, flow, LocationArcStart, GadgetArcStart - LocationArcStart);
        for (var a = 0; a < ArcCount; a++)
        {
            if (flow[a] < lower[a] || flow[a] > upper[a] || (flow[a] > 0 && !active[a]))
            {
                return false;
            }
        }

        return FlowCost(t, flow) == profile.Value && SlackHolds(t, potential, active, lower, upper, flow);
    }

    /// <summary>Complementary slackness of a flow with potentials on every open arc.</summary>
    private bool SlackHolds(int t, long[] potential, bool[] active, long[] lower, long[] upper, long[] flow)
    {
        for (var a = 0; a < ArcCount; a++)
        {
            if (!active[a] || upper[a] == lower[a])
            {
                continue;
            }

            var rc = Cost(t, a) + potential[Tail[a]] - potential[Head[a]];
            if ((flow[a] < upper[a] && rc < 0) || (flow[a] > lower[a] && rc > 0))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>One min-cost flow solve of a tier group on the arcs in the network; false when it has no optimum (bounds infeasible).</summary>
    private bool TrySolveTier(int tier, bool[] active, bool[] inNetwork, long[] lower, long[] upper, long[] flow)
    {
        var supply = new long[NodeCount];
        for (var u = 0; u < _units.Count; u++)
        {
            supply[u] = _units.Members[u].Length;
        }

        supply[_sink] = -supply.Sum();
        var map = new List<int>(ArcCount);
        var tails = new List<int>(ArcCount);
        var heads = new List<int>(ArcCount);
        var caps = new List<long>(ArcCount);
        var costs = new List<long>(ArcCount);
        for (var a = 0; a < ArcCount; a++)
        {
            if (!active[a] || !inNetwork[a])
            {
                continue;
            }

            if (lower[a] > 0)
            {
                supply[Tail[a]] -= lower[a];
                supply[Head[a]] += lower[a];
            }

            var free = upper[a] - lower[a];
            if (free > 0)
            {
                tails.Add(Tail[a]);
                heads.Add(Head[a]);
                caps.Add(free);
                costs.Add(Cost(tier, a));
                map.Add(a);
            }
        }

        if (MinCostFlows.Solve(supply, tails, heads, caps, costs) is not { } solved)
        {
            return false;
        }

        Array.Copy(lower, flow, ArcCount);
        for (var i = 0; i < map.Count; i++)
        {
            flow[map[i]] += solved[i];
        }

        return true;
    }

    /// <summary>Shortest-path potentials of the residual network of one tier (see <see cref="ResidualPotentials"/>).</summary>
    private long[] Potentials(int tier, bool[] active, bool[] inNetwork, long[] lower, long[] upper, long[] flow)
    {
        var tails = new List<int>();
        var heads = new List<int>();
        var weights = new List<long>();
        for (var a = 0; a < ArcCount; a++)
        {
            if (!active[a] || !inNetwork[a])
            {
                continue;
            }

            AddResidual(tails, heads, weights, Tail[a], Head[a], Cost(tier, a), flow[a] < upper[a], flow[a] > lower[a]);
        }

        return ResidualPotentials(NodeCount, tails, heads, weights);
    }

    /// <summary>Adds an arc's residual arcs: forward at its cost when it has room, backward at minus its cost when it carries flow.</summary>
    internal static void AddResidual(List<int> tails, List<int> heads, List<long> weights, int tail, int head, long cost, bool forward, bool backward)
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
    internal static long[] ResidualPotentials(int nodes, List<int> tails, List<int> heads, List<long> weights)
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

    /// <summary>
    /// One tier group solved on a pooled network, when most units' costs in it have the shape
    /// "stay: s_u; anywhere else: d_u + f(pool, location)" (unplaced and priority: all 0; breaks and
    /// moves: a move constant plus a break charge that depends only on the school region and the
    /// location's region). Single youths with the same open locations and school region share a pool
    /// node: unit -> its current location (stay), unit -> pool (d_u), pool -> each open location
    /// (f). The shape is verified per unit; a unit that does not fit keeps its own arcs. Every open arc
    /// of the full network is represented, so the optimum is over all candidate arcs without pricing,
    /// and the pooled flow splits back onto unit arcs at the same cost. Unit potentials are rebuilt
    /// from their own arcs and every residual reduced cost of the full network is checked to be >= 0;
    /// null (with the reason) when pooling does not apply or the check fails.
    /// </summary>
    private long[]? SolvePooled(int t, bool[] active, bool[] inNetwork, long[] lower, long[] upper, long[] flow, out string why)
    {
        var units = _units.Count;
        var gadgetNodes = NodeCount - _sink - 1;
        var poolOf = new int[units];
        Array.Fill(poolOf, -1);
        var offset = new long[units];
        var stayArc = new int[units];
        Array.Fill(stayArc, -1);
        var keys = new Dictionary<PoolKey, int>();
        var poolLocations = new List<int[]>();
        var poolCost = new List<long[]>(); // per pool and location: the charge, Unknown where none is known
        const long Unknown = long.MinValue;
        var locationCount = _units.Problem.Locations.Length;
        var open = new List<int>(); // candidate positions k that are open
        // Where placing costs nothing (unplaced, priority) one pool per open set suffices; otherwise
        // the school region tells which youths are likely to share the charges.
        var anyCost = _arcCost[t].Any(c => c.Any(x => x != 0));
        for (var u = 0; u < units; u++)
        {
            if (_units.Members[u].Length != 1 || _units.Candidates[u].Length == 0)
            {
                continue;
            }

            var youth = _units.Problem.Youths[_units.Members[u][0]];
            var candidates = _units.Candidates[u];
            var unitCost = _arcCost[t][u];
            open.Clear();
            var poolable = true;
            var hash = new HashCode();
            for (var k = 0; k < candidates.Length && poolable; k++)
            {
                var a = ArcStart[u] + k;
                if (Head[a] > _sink && gadgetNodes > 0)
                {
                    poolable = false; // keep-apart gadget: own arcs
                }
                else if (active[a] && lower[a] == 0 && upper[a] == Capacity[a])
                {
                    open.Add(k);
                    hash.Add(candidates[k]);
                }
                else if (lower[a] > 0)
                {
                    poolable = false; // fixed flow: own arcs
                }
            }

            if (!poolable || open.Count == 0)
            {
                continue;
            }

            var openLocations = open.Select(k => candidates[k]).ToArray();
            var region = anyCost ? youth.SchoolRegion : null;
            hash.Add(region);
            var key = new PoolKey(hash.ToHashCode(), openLocations, region);
            if (!keys.TryGetValue(key, out var p))
            {
                p = poolLocations.Count;
                keys[key] = p;
                poolLocations.Add(openLocations);
                var unknown = new long[locationCount];
                Array.Fill(unknown, Unknown);
                poolCost.Add(unknown);
            }

            // Offset: the least cost of going anywhere but the current location.
            var cur = youth.CurrentLocation;
            var d = long.MaxValue;
            var stay = -1;
            foreach (var k in open)
            {
                if (candidates[k] != cur)
                {
                    d = Math.Min(d, unitCost[k]);
                }
                else
                {
                    stay = k;
                }
            }

            if (d == long.MaxValue)
            {
                continue; // only its current location is open
            }

            // The shape must match the pool's charges where they are known already.
            var f = poolCost[p];
            var fits = true;
            foreach (var k in open)
            {
                if (k != stay && f[candidates[k]] != Unknown && f[candidates[k]] != unitCost[k] - d)
                {
                    fits = false;
                    break;
                }
            }

            if (!fits)
            {
                continue;
            }

            foreach (var k in open)
            {
                if (k != stay)
                {
                    f[candidates[k]] = unitCost[k] - d;
                }
            }

            poolOf[u] = p;
            offset[u] = d;
            stayArc[u] = stay >= 0 ? ArcStart[u] + stay : -1;
        }

        // Staying must not be dearer than reaching the same location through the pool.
        var pooledUnits = 0;
        for (var u = 0; u < units; u++)
        {
            if (poolOf[u] < 0)
            {
                continue;
            }

            if (stayArc[u] >= 0 && poolCost[poolOf[u]][_units.Problem.Youths[_units.Members[u][0]].CurrentLocation] is var viaPool and not Unknown
                && Cost(t, stayArc[u]) > offset[u] + viaPool)
            {
                poolOf[u] = -1;
                continue;
            }

            pooledUnits++;
        }

        if (pooledUnits < PooledShare * units)
        {
            why = $"{pooledUnits} of {units} units fit the pooled shape";
            return null;
        }

        // The pooled network; lower bounds become supplies.
        var tails = new List<int>();
        var heads = new List<int>();
        var caps = new List<long>();
        var costs = new List<long>();
        var original = new List<int>(); // pooled arc -> full-network arc; -1 for unit -> pool and pool -> location
        var supply = new long[NodeCount + poolLocations.Count];
        void Add(int tail, int head, long cap, long cost, int arc)
        {
            tails.Add(tail);
            heads.Add(head);
            caps.Add(cap);
            costs.Add(cost);
            original.Add(arc);
        }

        void AddOriginal(int a)
        {
            if (!active[a])
            {
                return;
            }

            if (lower[a] > 0)
            {
                supply[Tail[a]] -= lower[a];
                supply[Head[a]] += lower[a];
            }

            if (upper[a] > lower[a])
            {
                Add(Tail[a], Head[a], upper[a] - lower[a], Cost(t, a), a);
            }
        }

        var poolSupply = new long[poolLocations.Count];
        var toPool = new int[units];
        for (var u = 0; u < units; u++)
        {
            supply[u] += _units.Members[u].Length;
            supply[_sink] -= _units.Members[u].Length;
            if (poolOf[u] < 0)
            {
                for (var a = ArcStart[u]; a < ArcStart[u + 1]; a++)
                {
                    AddOriginal(a);
                }

                continue;
            }

            AddOriginal(ArcStart[u + 1] - 1); // unplaced
            if (stayArc[u] >= 0)
            {
                AddOriginal(stayArc[u]);
            }

            toPool[u] = tails.Count;
            Add(u, NodeCount + poolOf[u], 1, offset[u], -1);
            poolSupply[poolOf[u]]++;
        }

        var poolArcs = new List<(int Pool, int Location, int Index)>();
        for (var p = 0; p < poolLocations.Count; p++)
        {
            foreach (var l in poolLocations[p])
            {
                if (poolCost[p][l] != Unknown)
                {
                    poolArcs.Add((p, l, tails.Count));
                    Add(NodeCount + p, LocationNode(l), poolSupply[p] + 1, poolCost[p][l], -1);
                }
            }
        }

        for (var a = LocationArcStart; a < ArcCount; a++)
        {
            AddOriginal(a);
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var solved = MinCostFlows.Solve(supply, tails, heads, caps, costs)
            ?? throw new InvalidOperationException($"Min-cost flow found no flow on the pooled tier group {t}; the network is feasible by construction.");

        // Back onto the full network: original arcs directly, each pool's flow over its units.
        Array.Copy(lower, flow, ArcCount);
        for (var i = 0; i < tails.Count; i++)
        {
            if (original[i] >= 0)
            {
                flow[original[i]] += solved[i];
            }
        }

        var waiting = new List<int>[poolLocations.Count];
        for (var p = 0; p < waiting.Length; p++)
        {
            waiting[p] = [];
        }

        for (var u = 0; u < units; u++)
        {
            if (poolOf[u] >= 0 && solved[toPool[u]] > 0)
            {
                waiting[poolOf[u]].Add(u);
            }
        }

        var next = new int[poolLocations.Count];
        foreach (var (p, l, index) in poolArcs)
        {
            for (var n = 0; n < solved[index]; n++)
            {
                var u = waiting[p][next[p]++];
                flow[ArcStart[u] + Array.BinarySearch(_units.Candidates[u], l)] += 1;
            }
        }

        // Potentials: the pooled residual network's, then each pooled unit's from its own arcs.
        var rt = new List<int>();
        var rh = new List<int>();
        var rw = new List<long>();
        for (var i = 0; i < tails.Count; i++)
        {
            AddResidual(rt, rh, rw, tails[i], heads[i], costs[i], solved[i] < caps[i], solved[i] > 0);
        }

        var solveMs = clock.ElapsedMilliseconds;
        var potential = ResidualPotentials(supply.Length, rt, rh, rw)[..NodeCount];
        var potentialMs = clock.ElapsedMilliseconds - solveMs;
        for (var u = 0; u < units; u++)
        {
            if (poolOf[u] < 0)
            {
                continue;
            }

            long low = long.MinValue, high = long.MaxValue;
            for (var a = ArcStart[u]; a < ArcStart[u + 1]; a++)
            {
                if (!active[a] || upper[a] == lower[a])
                {
                    continue;
                }

                var need = potential[Head[a]] - Cost(t, a); // rc = cost + pi(u) - pi(head)
                if (flow[a] < upper[a])
                {
                    low = Math.Max(low, need);
                }

                if (flow[a] > lower[a])
                {
                    high = Math.Min(high, need);
                }
            }

            if (low > high)
            {
                why = $"no valid potential for unit {u}";
                return null;
            }

            potential[u] = low != long.MinValue ? low : high != long.MaxValue ? high : potential[u];
        }

        // Every residual arc of the full network must have a reduced cost >= 0.
        for (var a = 0; a < ArcCount; a++)
        {
            if (!active[a] || upper[a] == lower[a])
            {
                continue;
            }

            var rc = Cost(t, a) + potential[Tail[a]] - potential[Head[a]];
            if ((flow[a] < upper[a] && rc < 0) || (flow[a] > lower[a] && rc > 0))
            {
                why = $"reduced cost check failed on arc {a}";
                return null;
            }
        }

        for (var a = 0; a < LocationArcStart; a++)
        {
            if (flow[a] > 0)
            {
                inNetwork[a] = true;
            }
        }

        why = $"{pooledUnits} of {units} units in {poolLocations.Count} pools, {tails.Count} arcs (flow {solveMs} ms, potentials {potentialMs} ms, checks {clock.ElapsedMilliseconds - solveMs - potentialMs} ms)";
        return potential;
    }
}

/// <summary>A pool's identity: its open locations and (where charges differ) the school region; hashed once.</summary>
internal readonly struct PoolKey(int hash, int[] locations, string? region) : IEquatable<PoolKey>
{
    public bool Equals(PoolKey other) => hash == other.GetHashCode() && string.Equals(region, other.Region, StringComparison.Ordinal) && locations.AsSpan().SequenceEqual(other.Locations);

    public override bool Equals(object? obj) => obj is PoolKey other && Equals(other);

    public override int GetHashCode() => hash;

    private int[] Locations => locations;

    private string? Region => region;
}

/// <summary>
/// The relaxation's solution: flow per arc, reduced costs and node potentials per tier group, and
/// tier group values (scaled). Every residual arc's reduced-cost vector is lexicographically >= 0.
/// </summary>
internal sealed record FlowResult(long[] Flow, long[][] ReducedCost, long[][] Potential, long[] ScaledValues);

/// <summary>
/// What a branch and bound needs of a network besides the flow: the location of each unit arc, the
/// arcs into and out of each node that are not unit -> location arcs, and each unit's keep-apart
/// partners. Independent of the flow, so one serves every search (and every re-plan of a session).
/// </summary>
internal sealed class FlowSkeleton
{
    public FlowSkeleton(Units units, LexicographicFlow net)
    {
        var unitCount = units.Count;
        LocationOfArc = new int[net.LocationArcStart];
        var staticIn = new List<int>[net.NodeCount];
        var outgoing = new List<int>[net.NodeCount];
        for (var n = 0; n < net.NodeCount; n++)
        {
            staticIn[n] = [];
            outgoing[n] = [];
        }

        for (var u = 0; u < unitCount; u++)
        {
            var candidates = units.Candidates[u];
            for (var a = net.ArcStart[u]; a < net.ArcStart[u + 1]; a++)
            {
                var k = a - net.ArcStart[u];
                LocationOfArc[a] = k < candidates.Length ? candidates[k] : -1;
                if (LocationOfArc[a] < 0 || net.Head[a] != net.LocationNode(LocationOfArc[a]))
                {
                    staticIn[net.Head[a]].Add(a); // unplaced arcs, arcs into keep-apart gadgets
                }
            }
        }

        for (var a = net.LocationArcStart; a < net.ArcCount; a++)
        {
            staticIn[net.Head[a]].Add(a);
            outgoing[net.Tail[a]].Add(a);
        }

        StaticIn = [.. staticIn.Select(l => l.ToArray())];
        Out = [.. outgoing.Select(l => l.ToArray())];
        var keepApart = new List<(int Partner, int Unit)>[unitCount];
        for (var u = 0; u < unitCount; u++)
        {
            keepApart[u] = [];
        }

        foreach (var (a, b) in units.Problem.KeepApartPairs)
        {
            var ua = units.UnitOf[a];
            var ub = units.UnitOf[b];
            if (ua != ub)
            {
                keepApart[ua].Add((ub, ua));
                keepApart[ub].Add((ua, ub));
            }
        }

        KeepApart = keepApart;
    }

    /// <summary>Per unit arc: its location index, -1 for the unplaced arc.</summary>
    public int[] LocationOfArc { get; }

    /// <summary>Per node: incoming arcs that are not unit -> location arcs.</summary>
    public int[][] StaticIn { get; }

    /// <summary>Per node: outgoing arcs that are not unit arcs.</summary>
    public int[][] Out { get; }

    /// <summary>Per unit: (partner unit, this unit) for each keep-apart pair across units.</summary>
    public IReadOnlyList<(int Partner, int Unit)>[] KeepApart { get; }
}

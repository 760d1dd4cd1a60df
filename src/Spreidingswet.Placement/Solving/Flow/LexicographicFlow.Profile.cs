namespace Spreidingswet.Placement.Solving.Flow;

// The first tier group of a pruned model whose placement arcs cost nothing, solved from the exact
// optimum over every candidate arc on the profile network (ProfileFlow): that optimum's potentials
// price pruned arcs too, so no column generation over the pruned candidates is needed when the kept
// arcs can carry the optimum.
internal sealed partial class LexicographicFlow
{
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

        ProfileSplitReached = FlowFromProfile(t, profile, potential, active, lower, upper, flow);
        ProfileSplitRejected = SplitRejected;
        if (ProfileSplitReached)
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

        var (fixedLower, fixedUpper, network) = FixByProfilePotentials(t, potential, active, inNetwork, lower, upper);
        var reached = TrySolveTier(t, active, network, fixedLower, fixedUpper, flow) && FlowCost(t, flow) == profile.Value && SlackHolds(t, potential, active, lower, upper, flow);
        if (trace)
        {
            Console.Error.WriteLine($"tier {t} by profiles: {profile.Profiles} profiles, {profile.Arcs:N0} arcs, optimum over all candidate arcs {profile.Value} ({profile.Missing.Count} units not keeping their arcs in it); its split is not this network's flow ({SplitRejected}); kept arcs {(reached ? "reach it" : "do not reach it")}, {sw.ElapsedMilliseconds} ms");
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
    /// Copies of the bounds with the open arcs fixed by the profile potentials' complementary
    /// slackness (reduced cost > 0: no flow; &lt; 0: full), and of the network with every arc not
    /// closed by them added.
    /// </summary>
    private (long[] Lower, long[] Upper, bool[] Network) FixByProfilePotentials(int t, long[] potential, bool[] active, bool[] inNetwork, long[] lower, long[] upper)
    {
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

        return (fixedLower, fixedUpper, network);
    }

    /// <summary>
    /// The profile optimum's split over the units as this network's flow: true when every unit's
    /// share is on a kept arc, every arc within its bounds (keep-apart gadgets included), the value
    /// the optimum's and complementary slackness holds with the profile potentials.
    /// </summary>
    private bool FlowFromProfile(int t, ProfileFlow.Result profile, long[] potential, bool[] active, long[] lower, long[] upper, long[] flow)
        => FlowFromSplit(t, profile.Split, profile.OtherFlow, profile.Value, potential, active, lower, upper, flow);

    /// <summary>
    /// The second tier group from its optimum over every arc on the pooled network
    /// (<see cref="PooledGroupFlow"/>): its split over the units is this network's flow when it is
    /// within the bounds the first group left, reaches the pooled value and meets complementary
    /// slackness with the pooled potentials; then those potentials are the group's. Null otherwise
    /// (the caller solves the group by column generation).
    /// </summary>
    private long[]? SolveByPooledGroup(int t, PooledGroupFlow.Result pooled, bool[] active, bool[] inNetwork, long[] lower, long[] upper, long[] flow, bool trace)
    {
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var potential = new long[NodeCount];
        pooled.Potential.CopyTo(potential, 0);
        for (var a = GadgetArcStart; a < ArcCount; a++)
        {
            potential[Tail[a]] = potential[Head[a]]; // gadget node: its location's
        }

        foreach (var ((u, l), value) in pooled.GadgetPotential)
        {
            var k = Array.BinarySearch(_units.Candidates[u], l);
            if (k >= 0 && Head[ArcStart[u] + k] > _sink)
            {
                potential[Head[ArcStart[u] + k]] = value;
            }
        }

        var reached = FlowFromSplit(t, pooled.Split, pooled.OtherFlow, pooled.Value, potential, active, lower, upper, flow);
        if (trace)
        {
            Console.Error.WriteLine($"tier {t} by pools: {pooled.Pools:N0} pools, {pooled.Layers:N0} region layers, {pooled.OwnUnits:N0} units with their own arcs, {pooled.Arcs:N0} arcs, optimum over all candidate arcs {pooled.Value}; its split {(reached ? "is" : $"is not ({SplitRejected})")} this network's flow, {sw.ElapsedMilliseconds} ms");
        }

        if (!reached)
        {
            return null;
        }

        for (var a = 0; a < ArcCount; a++)
        {
            inNetwork[a] |= active[a] && Cost(t, a) + potential[Tail[a]] - potential[Head[a]] <= 0;
        }

        return potential;
    }

    /// <summary>
    /// A split over the units (per unit: location and flow) with the flow on the location and balance
    /// arcs as this network's flow: true when every unit's share is on a kept arc, every arc within its
    /// bounds (keep-apart gadgets included), the value <paramref name="value"/> and complementary
    /// slackness holds with <paramref name="potential"/>.
    /// </summary>
    private bool FlowFromSplit(int t, (int Location, long Amount)[][] split, long[] otherFlow, long value, long[] potential, bool[] active, long[] lower, long[] upper, long[] flow)
    {
        Array.Clear(flow);
        for (var u = 0; u < _units.Count; u++)
        {
            long placed = 0;
            foreach (var (l, amount) in split[u])
            {
                var k = Array.BinarySearch(_units.Candidates[u], l);
                if (k < 0)
                {
                    SplitRejected = $"unit {u} does not keep location {l}";
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

        Array.Copy(otherFlow, 0, flow, LocationArcStart, GadgetArcStart - LocationArcStart);
        for (var a = 0; a < ArcCount; a++)
        {
            if (flow[a] < lower[a] || flow[a] > upper[a] || (flow[a] > 0 && !active[a]))
            {
                SplitRejected = $"arc {a} ({Tail[a]} -> {Head[a]}) flow {flow[a]} outside [{lower[a]}, {upper[a]}]{(active[a] ? "" : " (closed)")}";
                return false;
            }
        }

        var cost = FlowCost(t, flow);
        if (cost != value)
        {
            SplitRejected = $"value {cost} instead of {value}";
            return false;
        }

        if (!SlackHolds(t, potential, active, lower, upper, flow))
        {
            SplitRejected = "complementary slackness fails";
            return false;
        }

        return true;
    }

    /// <summary>True when the first tier group's profile split was this network's flow as it stood (for the tests).</summary>
    internal bool ProfileSplitReached { get; private set; }

    /// <summary>Why the profile split was not taken (for the tests).</summary>
    internal string ProfileSplitRejected { get; private set; } = "";

    /// <summary>Why the last split was not taken as the flow (for the trace and the tests).</summary>
    internal string SplitRejected { get; private set; } = "";

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
}

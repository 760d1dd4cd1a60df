using System.Diagnostics;
using System.Globalization;
using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Preparation;
using Spreidingswet.Placement.Solving.BranchAndBound;
using Spreidingswet.Placement.Solving.Flow;
using Spreidingswet.Placement.Solving.UnitModel;

namespace Spreidingswet.Placement.Solving;

/// <summary>
/// Solves a placement problem exactly where it can prove it:
/// 1. the lexicographic min-cost-flow relaxation (siblings contracted, keep-apart ignored) gives a
///    lower bound per tier and, when its solution keeps every sibling group whole and every
///    keep-apart pair apart (the common case), the proven optimum;
/// 2. otherwise CP-SAT solves the unit model tier by tier, earlier tiers held at their optimum,
///    hinted with a repaired relaxation solution. With every candidate arc in the model, CP-SAT's
///    proof is the proof; with pruned arcs, only values equal to the relaxation bound count as proven,
///    and the gap to that bound is reported.
/// </summary>
internal sealed class Solver
{
    /// <summary>Above this many candidate arcs the CP-SAT model keeps only the best arcs per unit.</summary>
    internal const int FullModelArcLimit = 300_000;

    /// <summary>Arcs per unit kept in a pruned CP-SAT model (plus the relaxation's and the current one).</summary>
    internal const int PrunedArcsPerUnit = 12;

    private readonly Units _units;
    private readonly TimeSpan _timeLimit;
    private readonly int _seed;

    public Solver(Units units, TimeSpan timeLimit, int seed)
    {
        _units = units;
        _timeLimit = timeLimit;
        _seed = seed;
    }

    public SolveOutcome Solve(Stages? progress, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        var relaxation = Relax(clock, progress, cancellation);
        var assignment = Extract(relaxation.Flow, relaxation.Result, out var split);
        var violations = KeepApartViolations(assignment);
        return split.Count == 0 && violations.Count == 0
            ? FromRelaxation(relaxation, assignment, clock, progress, cancellation)
            : WithSideConstraints(relaxation, assignment, violations.Count, split.Count, clock, progress, cancellation);
    }

    /// <summary>The relaxation solved: its flow and result, the bound per tier, and whether candidates were pruned.</summary>
    private sealed record Relaxation(LexicographicFlow Flow, FlowResult Result, long[] Bounds, bool Pruned, string PrunedNote);

    /// <summary>
    /// Step 1: the lexicographic min-cost flow relaxation, over every arc or (pruned) over the kept
    /// arcs with the first group's profile and the priced-out arcs added back.
    /// </summary>
    private Relaxation Relax(Stopwatch clock, Stages? progress, CancellationToken cancellation)
    {
        var flow = new LexicographicFlow(_units) { Pooling = _units.Pruning is null };
        long profileArcs = 0, pooledArcs = 0;
        PooledGroupFlow.Result? pooled = null;
        var profile = _units.Pruning is not null && _units.Groups[0].All(_units.ArcFree) ? ProfileFlow.Solve(_units, flow, 0) : null;
        if (profile is not null)
        {
            // The first tier group's optimum over every arc may place units where they keep no arc:
            // add those arcs, so that the kept arcs reach it and its potentials prove it.
            _units.AddArcs(profile.Missing);
            profileArcs = profile.Missing.Values.Sum(l => (long)l.Length);
            flow = new LexicographicFlow(_units) { Pooling = false, Profile = profile };
            (pooled, pooledArcs) = PoolSecondGroup(flow, profile);
            if (pooled is not null)
            {
                flow = new LexicographicFlow(_units) { Pooling = false, Profile = profile, PooledGroup = pooled };
            }
        }

        var relaxed = flow.Solve(null, cancellation, progress);
        var groupBounds = relaxed.ScaledValues;
        var prunedNote = "";
        var pruned = _units.Pruning is not null;
        if (_units.Pruning is { } pruning)
        {
            (flow, relaxed, groupBounds, prunedNote) = PricePruned(pruning, flow, relaxed, profile, profileArcs, pooled, pooledArcs, clock, progress, cancellation);
        }

        return new Relaxation(flow, relaxed, _units.DecodeBounds(groupBounds), pruned, prunedNote);
    }

    /// <summary>
    /// Pruned candidates: the tier group after the profile group solved over every arc on the pooled
    /// network (<see cref="PooledGroupFlow"/>); the arcs of its split that units did not keep are
    /// added to the model. Null when it does not apply.
    /// </summary>
    private (PooledGroupFlow.Result? Pooled, long Arcs) PoolSecondGroup(LexicographicFlow flow, ProfileFlow.Result profile)
    {
        if (_units.Pruning is not { PooledSecondGroup: true } || _units.Groups.Length < 2)
        {
            return (null, 0);
        }

        var sw = Stopwatch.StartNew();
        var pooled = PooledGroupFlow.Solve(_units, flow, 1, profile, out var why);
        if (PlacementTrace.On)
        {
            Console.Error.WriteLine($"tier 1 pooled over every arc: {(pooled is null ? "not used: " : "")}{why}, {sw.ElapsedMilliseconds} ms");
        }

        if (pooled is null)
        {
            return (null, 0);
        }

        _units.AddArcs(pooled.Missing);
        return (pooled, pooled.Missing.Values.Sum(l => (long)l.Length));
    }

    /// <summary>
    /// Step 2a: the relaxation keeps every sibling group whole and every pair apart. It is the
    /// proposal unless ISK prices left a gap on a model CP-SAT can take whole.
    /// </summary>
    private SolveOutcome FromRelaxation(Relaxation relaxation, int[] assignment, Stopwatch clock, Stages? progress, CancellationToken cancellation)
    {
        var (flow, _, bounds, pruned, prunedNote) = relaxation;
        progress?.Next("side constraints: all kept by the relaxation");
        var values = Values(assignment);
        var atBound = values.SequenceEqual(bounds);
        if (atBound || !flow.PricesIsk || _units.ArcCount > FullModelArcLimit || pruned)
        {
            return new SolveOutcome(assignment, atBound ? SolverStatus.Optimal : SolverStatus.Feasible, Outcomes(values, bounds),
                (atBound ? "lexicographic min-cost flow (network simplex / OR-Tools), proven by its own bound" : flow.PricesIsk ? "lexicographic min-cost flow (network simplex / OR-Tools) with Lagrangian ISK-seat prices; bound from the prices" : "lexicographic min-cost flow (network simplex / OR-Tools); bound from the relaxation") + prunedNote,
                clock.Elapsed.TotalSeconds);
        }

        // ISK prices left a gap on a model CP-SAT can take whole: let it prove or improve.
        var (cpSolution, cpValues, cpProven, cpTimedOut) = CpSatModel.Solve(_units, this, _seed, _units.Candidates, assignment, _timeLimit - clock.Elapsed, progress, cancellation);
        if (cpSolution is null || Lex.Compare(values, cpValues) < 0)
        {
            return new SolveOutcome(assignment, SolverStatus.Feasible, Outcomes(values, bounds), "lexicographic min-cost flow (network simplex / OR-Tools) with Lagrangian ISK-seat prices; CP-SAT found nothing better", clock.Elapsed.TotalSeconds);
        }

        return new SolveOutcome(cpSolution, cpProven ? SolverStatus.Optimal : cpTimedOut ? SolverStatus.TimedOut : SolverStatus.Feasible, Outcomes(cpValues, cpProven ? cpValues : bounds),
            $"lexicographic min-cost flow (network simplex / OR-Tools) with Lagrangian ISK-seat prices, then CP-SAT on all {_units.ArcCount.ToString("N0", CultureInfo.InvariantCulture)} candidate arcs", clock.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// Step 2b: side constraints are violated: branch and bound over the flow relaxation,
    /// re-optimised incrementally at every node, then CP-SAT where the search leaves a gap.
    /// </summary>
    private SolveOutcome WithSideConstraints(Relaxation relaxation, int[] assignment, int violationCount, int splitCount, Stopwatch clock, Stages? progress, CancellationToken cancellation)
    {
        var (flow, relaxed, bounds, pruned, prunedNote) = relaxation;
        progress?.Next($"side constraints: branch and bound ({violationCount} keep-apart pairs together, {splitCount} sibling groups split in the relaxation)");
        var totalArcs = _units.ArcCount;
        var full = totalArcs <= FullModelArcLimit && !pruned;
        var search = new FlowBranchAndBound(_units, flow, relaxed);
        search.SeedIncumbent(Repair);
        // When CP-SAT can take the whole model, it gets half of the time left if the search stalls.
        var remainingNow = _timeLimit - clock.Elapsed;
        search.Run(full ? remainingNow / 2 : remainingNow, cancellation);
        search.Trace("branch and bound");

        cancellation.ThrowIfCancellationRequested();
        // Pruned: the search bound holds for the kept arcs only; the priced relaxation's holds for all.
        var boundValues = pruned ? bounds : _units.DecodeBounds(search.Bound);
        var nodes = search.NodesVisited.ToString("N0", CultureInfo.InvariantCulture);
        var searchMethod = (search.Complete
            ? $"lexicographic min-cost flow (network simplex / OR-Tools); side constraints by branch and bound with incremental shortest-path re-optimisation ({nodes} nodes, search complete)"
            : $"lexicographic min-cost flow (network simplex / OR-Tools); side constraints by branch and bound with incremental shortest-path re-optimisation ({nodes} nodes, stopped at the time limit); bound from the open nodes") + prunedNote;
        int[]? incumbent = search.Incumbent;
        if (incumbent is not null)
        {
            var values = Values(incumbent);
            // Under ISK prices a completed search proves the priced problem only: the values must meet the bound.
            if ((search.Complete && !flow.PricesIsk && !pruned) || values.SequenceEqual(boundValues))
            {
                return new SolveOutcome(incumbent, SolverStatus.Optimal, Outcomes(values, values), searchMethod, clock.Elapsed.TotalSeconds);
            }

            if (!full || clock.Elapsed >= _timeLimit)
            {
                return new SolveOutcome(incumbent, SolverStatus.Feasible, Outcomes(values, boundValues), searchMethod, clock.Elapsed.TotalSeconds);
            }
        }

        var hint = incumbent ?? Repair(assignment);
        if (pruned && clock.Elapsed >= _timeLimit)
        {
            // Pruned candidates mean a Germany-sized model: no time left for CP-SAT on it.
            var repairedValues = Values(hint);
            return new SolveOutcome(hint, repairedValues.SequenceEqual(boundValues) ? SolverStatus.Optimal : SolverStatus.TimedOut, Outcomes(repairedValues, boundValues),
                "lexicographic min-cost flow (network simplex / OR-Tools); time limit reached before the side constraints were settled, the repaired relaxation is shown" + prunedNote, clock.Elapsed.TotalSeconds);
        }
        // CP-SAT: proves (all arcs) or improves (pruned arcs) the side-constrained problem.
        progress?.Report("side constraints: CP-SAT on the unit model");
        var arcs = full ? _units.Candidates : Pruned(flow, relaxed, assignment, hint);
        var remaining = _timeLimit - clock.Elapsed;
        var (solution, values2, provenTiers, timedOut) = CpSatModel.Solve(_units, this, _seed, arcs, hint, remaining, progress, cancellation);
        if (solution is null || (incumbent is not null && Lex.Compare(Values(incumbent), values2) < 0))
        {
            var best = incumbent ?? hint;
            var bestValues = Values(best);
            var status = bestValues.SequenceEqual(boundValues) ? SolverStatus.Optimal : incumbent is null ? SolverStatus.TimedOut : SolverStatus.Feasible;
            return new SolveOutcome(best, status, Outcomes(bestValues, boundValues), incumbent is null ? "CP-SAT found no solution in the time limit; the repaired relaxation is shown" + prunedNote : searchMethod, clock.Elapsed.TotalSeconds);
        }

        var proven = values2.SequenceEqual(boundValues) || (full && provenTiers);
        // A proof by CP-SAT on the full model makes its values the bounds.
        var reportedBounds = proven ? values2 : boundValues;
        var method = full
            ? $"lexicographic min-cost flow (network simplex / OR-Tools) with branch and bound, then CP-SAT on all {totalArcs.ToString("N0", CultureInfo.InvariantCulture)} candidate arcs"
            : $"lexicographic min-cost flow (network simplex / OR-Tools), then CP-SAT on the {PrunedArcsPerUnit} best arcs per unit; bound from {(pruned ? "the priced relaxation" : "the branch and bound")}" + prunedNote;
        var finalStatus = proven ? SolverStatus.Optimal : timedOut ? SolverStatus.TimedOut : SolverStatus.Feasible;
        return new SolveOutcome(solution, finalStatus, Outcomes(values2, reportedBounds), method, clock.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// Re-plans after locations close, from the solved relaxation of the problem before the closures
    /// (this solver's units are that problem's): the arcs into the closed locations are forbidden at
    /// the root and the flow re-optimised by shortest paths from the old potentials, then the branch
    /// and bound runs as in <see cref="Solve"/>. Returns <c>null</c> when the full solve should run
    /// instead (ISK prices in the relaxation, pruned candidates, or a model small enough for CP-SAT when the search
    /// does not finish).
    /// </summary>
    public SolveOutcome? Replan(LexicographicFlow flow, FlowResult relaxed, bool[] closed, Stages? progress, CancellationToken cancellation)
    {
        if (flow.PricesIsk || _units.Pruning is not null)
        {
            return null;
        }

        var clock = Stopwatch.StartNew();
        var search = new FlowBranchAndBound(_units, flow, relaxed);
        var count = closed.Count(c => c);
        progress?.Next($"closures: {count} location(s) closed in the solved relaxation, re-optimised by shortest paths");
        if (!search.Close(closed))
        {
            return null;
        }

        progress?.Next("side constraints: branch and bound from the re-optimised relaxation");
        search.SeedIncumbent(relaxedAssignment => Repair(relaxedAssignment, closed));
        search.Run(_timeLimit, cancellation);
        search.Trace("re-plan branch and bound");

        cancellation.ThrowIfCancellationRequested();
        if (search.Incumbent is not { } incumbent || (!search.Complete && _units.ArcCount <= FullModelArcLimit))
        {
            return null;
        }

        var values = Values(incumbent);
        var bounds = search.Complete ? values : _units.DecodeBounds(search.Bound);
        var nodes = search.NodesVisited.ToString("N0", CultureInfo.InvariantCulture);
        var method = $"incremental re-plan: {count} closed location(s) removed from the solved lexicographic min-cost flow (network simplex / OR-Tools) of the plan before, re-optimised by shortest paths; side constraints by branch and bound ({nodes} nodes, {(search.Complete ? "search complete" : "stopped at the time limit; bound from the open nodes")})";
        return new SolveOutcome(incumbent, search.Complete ? SolverStatus.Optimal : SolverStatus.Feasible, Outcomes(values, bounds), method, clock.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// Pruned candidates: prices every pruned arc against the relaxation; while some could improve a
    /// tier group, adds the most promising ones and solves again (a few rounds, within half the time
    /// limit). Returns the relaxation in use, per-group bounds valid for every candidate arc and the
    /// method text.
    /// </summary>
    private (LexicographicFlow Flow, FlowResult Relaxed, long[] GroupBounds, string Note) PricePruned(Pruning pruning, LexicographicFlow flow, FlowResult relaxed,
        ProfileFlow.Result? profile, long profileArcs, PooledGroupFlow.Result? pooled, long pooledArcs, Stopwatch clock, Stages? progress, CancellationToken cancellation)
    {
        var trace = PlacementTrace.On;
        long added = 0;
        long[]? best = null; // every round's bounds are valid for all arcs: keep the lexicographically best
        for (var round = 1; ; round++)
        {
            cancellation.ThrowIfCancellationRequested();
            progress?.Report($"pruned candidates: pricing round {round}");
            var sw = Stopwatch.StartNew();
            var priced = PrunedPricing.Price(_units, flow, relaxed, pruning.ArcsAddedPerUnit);
            if (trace)
            {
                Console.Error.WriteLine($"pricing round {round}: {priced.ArcsPriced:N0} pruned arcs priced in {sw.ElapsedMilliseconds} ms, {(priced.Proven ? "all tier groups proven" : $"tier group {priced.FailedGroup + 1} not proven ({priced.NegativeArcs:N0} arcs with negative reduced cost, {priced.Columns.Count:N0} units get new arcs)")}");
            }

            if (best is null || Lex.Compare(priced.GroupBounds, best) > 0)
            {
                best = priced.GroupBounds;
            }

            if (priced.Proven || round > pruning.PricingRounds || priced.Columns.Count == 0 || clock.Elapsed > _timeLimit / 2)
            {
                var inv = CultureInfo.InvariantCulture;
                var kept = string.Create(inv, $"; candidates pruned to the {pruning.ArcsPerUnit} best arcs per unit plus the current location ({_units.ArcCount:N0} of {_units.FullArcCount:N0} candidate arcs in the model, {added:N0} added by pricing{(profileArcs > 0 ? $", {profileArcs:N0} from the first tier group's optimum over every arc" : "")}{(pooled is not null ? $", {pooledArcs:N0} from the second tier group's optimum over every arc (pooled network)" : "")})");
                var failed = priced.FailedGroup < 0 ? "" : string.Join(" + ", _units.Groups[priced.FailedGroup].Select(t => _units.Tiers[t].Name));
                return (flow, relaxed, best, kept + (priced.Proven
                    ? string.Create(inv, $"; every pruned arc priced out by reduced costs in {round} round(s): the relaxation bound holds for all candidate arcs")
                    : string.Create(inv, $"; after {round} pricing round(s) pruned arcs with negative reduced cost remain in tier group {failed}: bound from reduced-cost pricing (the best of the rounds), later tiers unbounded")));
            }

            _units.AddArcs(priced.Columns);
            added += priced.Columns.Values.Sum(c => (long)c.Length);
            flow = new LexicographicFlow(_units) { Pooling = false, Profile = profile, PooledGroup = pooled };
            relaxed = flow.Solve(null, cancellation);
        }
    }

    private TierOutcome[] Outcomes(long[] values, long[] bounds)
        => [.. _units.Tiers.Select((t, i) => new TierOutcome(t.Name, values[i], Math.Min(bounds[i], values[i])))];

    /// <summary>True objective value per tier of an assignment (per youth, unscaled).</summary>
    public long[] Values(int[] unitLocation)
    {
        var values = new long[_units.Tiers.Count];
        for (var t = 0; t < values.Length; t++)
        {
            for (var u = 0; u < _units.Count; u++)
            {
                values[t] = checked(values[t] + UnitCost(t, u, unitLocation[u]));
            }

            values[t] = checked(values[t] + _units.BalanceCost(t, unitLocation) + _units.IskCost(t, unitLocation));
        }

        return values;
    }

    /// <summary>Unscaled cost of a unit in a location (-1 = unplaced) in one tier.</summary>
    public long UnitCost(int tier, int unit, int location)
        => _units.UnitCost(tier, unit, location < 0 ? -1 : Array.IndexOf(_units.Candidates[unit], location));

    private int[] Extract(LexicographicFlow flow, FlowResult result, out List<int> split)
    {
        split = [];
        var location = new int[_units.Count];
        for (var u = 0; u < _units.Count; u++)
        {
            var best = -1;
            long bestFlow = -1;
            var used = 0;
            for (var a = flow.ArcStart[u]; a < flow.ArcStart[u + 1]; a++)
            {
                if (result.Flow[a] > 0)
                {
                    used++;
                    if (result.Flow[a] > bestFlow)
                    {
                        bestFlow = result.Flow[a];
                        var k = a - flow.ArcStart[u];
                        best = k < _units.Candidates[u].Length ? _units.Candidates[u][k] : -1;
                    }
                }
            }

            if (used > 1)
            {
                split.Add(u);
            }

            location[u] = best;
        }

        return location;
    }

    private List<(int A, int B)> KeepApartViolations(int[] unitLocation)
    {
        var violated = new List<(int, int)>();
        foreach (var (a, b) in _units.Problem.KeepApartPairs)
        {
            var ua = _units.UnitOf[a];
            var ub = _units.UnitOf[b];
            if (ua != ub && unitLocation[ua] >= 0 && unitLocation[ua] == unitLocation[ub])
            {
                violated.Add((ua, ub));
            }
        }

        return violated;
    }

    /// <summary>
    /// A feasible assignment near the relaxation: split groups and keep-apart conflicts are resolved
    /// by moving a unit to its cheapest feasible candidate with room, or leaving it unplaced.
    /// </summary>
    private int[] Repair(int[] relaxed) => Repair(relaxed, null);

    /// <summary>As <see cref="Repair(int[])"/>, never into a location flagged in <paramref name="closed"/>.</summary>
    private int[] Repair(int[] relaxed, bool[]? closed)
    {
        var location = (int[])relaxed.Clone();
        var load = new long[_units.Problem.Locations.Length];
        var order = Enumerable.Range(0, _units.Count).OrderByDescending(u => _units.Members[u].Length).ToArray();
        Array.Fill(location, -1);
        var partners = new List<int>[_units.Count];
        for (var u = 0; u < _units.Count; u++)
        {
            partners[u] = [];
        }

        foreach (var (a, b) in _units.Problem.KeepApartPairs)
        {
            var ua = _units.UnitOf[a];
            var ub = _units.UnitOf[b];
            if (ua != ub)
            {
                partners[ua].Add(ub);
                partners[ub].Add(ua);
            }
        }

        bool Fits(int u, int l) => (closed is null || !closed[l]) && load[l] + _units.Members[u].Length <= _units.Problem.Locations[l].Beds
            && partners[u].All(p => location[p] != l);

        // First keep every unit whose relaxed location still fits, then place the rest greedily.
        foreach (var u in order)
        {
            var l = relaxed[u];
            if (l >= 0 && Fits(u, l))
            {
                location[u] = l;
                load[l] += _units.Members[u].Length;
            }
        }

        foreach (var u in order)
        {
            if (location[u] >= 0 || relaxed[u] < 0)
            {
                continue;
            }

            var best = -1;
            var bestCost = new long[_units.Tiers.Count];
            foreach (var l in _units.Candidates[u])
            {
                if (!Fits(u, l))
                {
                    continue;
                }

                var cost = Enumerable.Range(0, _units.Tiers.Count).Select(t => UnitCost(t, u, l)).ToArray();
                if (best < 0 || Lex.Compare(cost, bestCost) < 0)
                {
                    best = l;
                    bestCost = cost;
                }
            }

            if (best >= 0)
            {
                location[u] = best;
                load[best] += _units.Members[u].Length;
            }
        }

        return location;
    }

    private int[][] Pruned(LexicographicFlow flow, FlowResult result, int[] relaxed, int[] hint)
    {
        var arcs = new int[_units.Count][];
        for (var u = 0; u < _units.Count; u++)
        {
            var candidates = _units.Candidates[u];
            var keep = new HashSet<int>();
            foreach (var l in new[] { relaxed[u], hint[u] })
            {
                if (l >= 0)
                {
                    keep.Add(l);
                }
            }

            var current = _units.Members[u].Select(m => _units.Problem.Youths[m].CurrentLocation).FirstOrDefault(c => c >= 0, -1);
            if (current >= 0 && candidates.Contains(current))
            {
                keep.Add(current);
            }

            // The best arcs by their lexicographic reduced cost in the relaxation.
            var ranked = Enumerable.Range(0, candidates.Length)
                .Select(k => (k, rc: Enumerable.Range(0, result.ReducedCost.Length).Select(t => result.ReducedCost[t][flow.ArcStart[u] + k]).ToArray()))
                .OrderBy(x => x.rc, Lex.Comparer)
                .ThenBy(x => candidates[x.k]);
            foreach (var (k, _) in ranked)
            {
                if (keep.Count >= PrunedArcsPerUnit)
                {
                    break;
                }

                keep.Add(candidates[k]);
            }

            arcs[u] = [.. keep.OrderBy(l => l)];
        }

        return arcs;
    }
}

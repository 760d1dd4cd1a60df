using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using Google.OrTools.Sat;
using Spreidingswet.Placement.Model;

namespace Spreidingswet.Placement.Simulation;

/// <summary>
/// The hindsight optimum: the whole horizon known in advance, as one time-expanded integer model
/// solved by CP-SAT (docs/simulation.md, "The hindsight model").
/// </summary>
/// <remarks>
/// <para>
/// A <i>need</i> is a youth who needs a bed in some period: an arrival (from its arrival period) or a
/// resident of a closing location (from the closure). Every other starting resident stays where it is
/// until it leaves, as in every policy. Needs with the same ready and departure period, school region
/// and eligible pools form a class with a count. A pool is a location, or (pooled) the locations with
/// the same education region, ages, genders, care levels, tags and opening period, with their beds
/// added up: a relaxation, whose optimum is an upper bound on the unpooled one.
/// </para>
/// <para>
/// Variables: <c>y[c,k]</c> (integer, youths of class c placed in pool k at their ready period, for the
/// eligible pools) and <c>u[c]</c> (left without a bed). Rows: <c>sum_k y[c,k] + u[c] = n_c</c>; per
/// pool and period the occupancy of the placed needs <c>occ[k,t] = occ[k,t-1] + (placed with ready
/// t) - (placed with departure t)</c> with <c>0 &lt;= occ[k,t] &lt;= beds(k,t) - fixed residents(k,t)</c>.
/// Objective: maximise kept - (S+1) unplaced, with S the school-going needs, so that unplaced comes
/// first exactly (lexicographic). A policy's placements satisfy these rows (capacity only grows in the
/// horizon, locations with an announced closure take nobody, residents move only when displaced), so
/// every policy that places each youth on arrival is a solution: its kept is at most the model's.
/// </para>
/// </remarks>
internal static class HindsightModel
{
    private sealed record Need(string Id, int Ready, int Departure, string? School, Youth Youth, bool Displaced);

    public static (HindsightReport Report, PolicyResult Result) Solve(Timeline t, CancellationToken cancellation)
    {
        var watch = Stopwatch.StartNew();
        var periods = t.Periods;
        var locations = t.Locations.Length;

        // Fixed residents and needs.
        var fixedAt = new int[locations][];
        for (var l = 0; l < locations; l++)
        {
            fixedAt[l] = new int[periods];
        }

        var needs = new List<Need>();
        foreach (var r in t.Youths.Values.Where(v => t.Entry[v.Id] < 0).OrderBy(v => v.Id, StringComparer.Ordinal))
        {
            if (r.CurrentLocation is null || !t.LocationIndex.TryGetValue(r.CurrentLocation, out var l))
            {
                continue;
            }

            var dep = t.Departure[r.Id];
            var until = Math.Min(dep, t.ClosePeriod[l]);
            for (var p = 0; p < Math.Min(until, periods); p++)
            {
                fixedAt[l][p]++;
            }

            if (t.ClosePeriod[l] < periods && dep > t.ClosePeriod[l])
            {
                needs.Add(new Need(r.Id, t.ClosePeriod[l], dep, t.SchoolRegion[r.Id], r, true));
            }
        }

        foreach (var a in t.ArrivalsAt.SelectMany(x => x))
        {
            needs.Add(new Need(a.Id, t.Entry[a.Id], t.Departure[a.Id], t.SchoolRegion[a.Id], a, false));
        }

        // Pools.
        var pooled = LocationPools.Build(t, 0, t.Settings.PoolHindsight);
        var poolMembers = pooled.Members;
        var pools = pooled.Count;
        var poolRegion = pooled.Region;
        var avail = pooled.Free((l, p) => fixedAt[l][p]).Select(r => r.Select(v => (long)v).ToArray()).ToArray();

        // Classes.
        var classes = new Dictionary<string, (int Ready, int Departure, string? School, int[] Pools, List<Need> Members)>(StringComparer.Ordinal);
        foreach (var n in needs)
        {
            var date = t.Dates[n.Ready];
            var age = n.Youth.AgeOn(date);
            var eligible = pooled.Eligible(n.Youth, n.Ready, age);
            var key = string.Create(CultureInfo.InvariantCulture, $"{n.Ready}|{n.Departure}|{n.School}|{string.Join(',', eligible)}");
            if (!classes.TryGetValue(key, out var c))
            {
                classes[key] = c = (n.Ready, n.Departure, n.School, eligible, []);
            }

            c.Members.Add(n);
        }

        var list = classes.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Value).ToList();
        var schoolNeeds = needs.Count(n => n.School is not null);
        var variables = list.Sum(c => c.Pools.Length + 1);

        // Whether pooling is exact: every pooled location's free beds never decrease over the horizon
        // (capacity only grows, fixed residents only leave) and no need excludes only some of a pool's
        // members; then any occupancy a pool can hold is realised by its locations (docs/simulation.md).
        var poolingExact = poolMembers.All(m => m.Count == 1) || (
            poolMembers.All(m => m.All(l => Enumerable.Range(1, periods - 1).All(p => t.Capacity[l][p] - fixedAt[l][p] >= t.Capacity[l][p - 1] - fixedAt[l][p - 1])))
            && needs.All(n => n.Youth.ExcludeLocations.IsDefaultOrEmpty || poolMembers.All(m => m.Count == 1 || m.All(l => !n.Youth.ExcludeLocations.Contains(t.Locations[l].Id)) || m.All(l => n.Youth.ExcludeLocations.Contains(t.Locations[l].Id)))));
        var exact = !t.Settings.PoolHindsight || poolingExact;

        // 1. The LP relaxation of kept - (S+1) unplaced (GLOP), S the school-going needs: the fewest
        //    unplaced first, then the most kept. Its value V bounds the integer model's from above, so
        //    any integer solution with U unplaced proves kept <= V + (S+1) U for the lexicographic optimum.
        var spec = list.Select(c => (c.Ready, c.Departure, c.School, c.Pools, c.Members.Count)).ToList();
        var keptSpec = list.Select(c => (c.School, c.Pools)).ToList();
        var lp = SolveLp(spec, pools, periods, avail, poolRegion, schoolNeeds + 1.0, t.Settings.HindsightTimeLimit);
        cancellation.ThrowIfCancellationRequested();
        int[][] values;
        int[] left;
        var found = true;
        string statusName;
        double value;
        int keptFound;
        int unplacedFound;
        if (lp.Solved && lp.Integral)
        {
            // An integral LP optimum is the integer model's optimum.
            values = [.. lp.Y.Select(r => r.Select(v => (int)Math.Round(v)).ToArray())];
            left = [.. lp.U.Select(v => (int)Math.Round(v))];
            keptFound = Kept(keptSpec, values, poolRegion);
            unplacedFound = left.Sum();
            value = keptFound;
            statusName = exact ? "optimal" : "bound";
        }
        else
        {
            // 2. Not integral: the LP rounded down and filled greedily (own region first) gives a
            //    solution with U unplaced, hence the bound V + (S+1) U; CP-SAT (most kept with at most U
            //    unplaced, hinted with the rounding) may close the gap in the time limit.
            (values, left) = Round(spec, pools, periods, avail, poolRegion, lp.Solved ? lp : null);
            keptFound = Kept(keptSpec, values, poolRegion);
            unplacedFound = left.Sum();
            var bound = lp.Solved ? Math.Min(schoolNeeds, lp.Objective + ((schoolNeeds + 1.0) * unplacedFound)) : schoolNeeds;

            // Tighter bounds when the rounding does not reach that one (it is loose by S+1 per youth
            //    unplaced beyond the LP's): with a smaller penalty L the LP's value + L U still bounds every
            //    schedule with at most U unplaced, the optimum among them, and its rounding may keep more;
            //    within what is left of the time limit. Such a bound proves the optimum only when U is the
            //    fewest unplaced possible, which is at least -V / (S+1): every schedule has kept - (S+1)
            //    unplaced <= V and kept >= 0.
            var formula = lp.Solved ? lp.Objective + ((schoolNeeds + 1.0) * unplacedFound) : double.PositiveInfinity;
            var fewest = lp.Solved ? (int)Math.Ceiling((-lp.Objective / (schoolNeeds + 1.0)) - 1e-4) : 0;
            foreach (var penalty in lp.Solved ? LagrangePenalties : [])
            {
                var remaining = t.Settings.HindsightTimeLimit - watch.Elapsed;
                if (keptFound >= Math.Floor(bound + 1e-6) || remaining < TimeSpan.FromSeconds(1))
                {
                    break;
                }

                var most = SolveLp(spec, pools, periods, avail, poolRegion, penalty, remaining);
                cancellation.ThrowIfCancellationRequested();
                if (most.Solved)
                {
                    bound = Math.Min(bound, most.Objective + (penalty * unplacedFound));
                    var (v2, l2) = Round(spec, pools, periods, avail, poolRegion, most);
                    var (k2, u2) = (Kept(keptSpec, v2, poolRegion), l2.Sum());
                    if (u2 < unplacedFound || (u2 == unplacedFound && k2 > keptFound))
                    {
                        (values, left, keptFound, unplacedFound) = (v2, l2, k2, u2);
                        formula = Math.Min(formula, lp.Objective + ((schoolNeeds + 1.0) * u2));
                        bound = Math.Min(bound, formula);
                    }
                }
            }

            if (keptFound < Math.Floor(bound + 1e-6))
            {
                var cp = SolveCpSat(t, spec, pools, periods, avail, poolRegion, unplacedFound, values, left, cancellation);
                if (cp.Found && Kept(keptSpec, cp.Values, poolRegion) > keptFound)
                {
                    values = cp.Values;
                    left = cp.Left;
                    keptFound = Kept(keptSpec, values, poolRegion);
                    unplacedFound = left.Sum();
                }

                bound = Math.Min(bound, cp.Found ? cp.Bound : bound);
            }

            (value, statusName) = Verdict(keptFound, unplacedFound, bound, formula, fewest, exact);
        }

        Trace($"hindsight: LP {(lp.Solved ? lp.Objective : double.NaN):0.###} ({(lp.Solved ? lp.U.Sum() : double.NaN):0.###} unplaced), integral {lp.Integral}; found kept {keptFound}, unplaced {unplacedFound}; value {value} ({statusName}), {watch.Elapsed.TotalSeconds:0.0} s");

        // Per period, from the solution.
        var weeks = ImmutableArray.CreateBuilder<PeriodResult>();
        var occupancy = new long[pools, periods];
        var perPeriod = new (int Placed, int Kept, int Unplaced, int UnplacedDays, int Moves, int Batch, int SchoolPlaced)[periods];
        for (var c = 0; c < list.Count && found; c++)
        {
            var (ready, dep, school, eligible, members) = list[c];
            var displaced = members.Count(m => m.Displaced);
            var placedHere = 0;
            for (var e = 0; e < eligible.Length; e++)
            {
                var v = values[c][e];
                placedHere += v;
                perPeriod[ready].Placed += v;
                if (school is not null)
                {
                    perPeriod[ready].SchoolPlaced += v;
                }

                if (school is not null && poolRegion[eligible[e]] == school)
                {
                    perPeriod[ready].Kept += v;
                }

                for (var p = ready; p < Math.Min(dep, periods); p++)
                {
                    occupancy[eligible[e], p] += v;
                }
            }

            var unplacedHere = left[c];
            perPeriod[ready].Unplaced += unplacedHere;
            perPeriod[ready].UnplacedDays += unplacedHere * (Math.Min(dep, periods) - ready) * t.Settings.CadenceDays;
            perPeriod[ready].Batch += members.Count;
            perPeriod[ready].Moves += Math.Min(displaced, placedHere);
        }

        var departures = new int[periods];
        foreach (var (id, dep) in t.Departure)
        {
            if (dep < periods && t.Entry[id] < dep)
            {
                departures[dep]++;
            }
        }

        for (var p = 0; p < periods; p++)
        {
            var occ = new SortedDictionary<string, int>(StringComparer.Ordinal);
            var beds = new SortedDictionary<string, int>(StringComparer.Ordinal);
            for (var l = 0; l < locations; l++)
            {
                if (t.IsOpen(l, p))
                {
                    occ[t.Region[l]] = occ.GetValueOrDefault(t.Region[l]) + fixedAt[l][p];
                    beds[t.Region[l]] = beds.GetValueOrDefault(t.Region[l]) + t.Capacity[l][p];
                }
            }

            for (var k = 0; k < pools; k++)
            {
                occ[poolRegion[k]] = occ.GetValueOrDefault(poolRegion[k]) + (int)occupancy[k, p];
            }

            weeks.Add(new PeriodResult
            {
                Period = p,
                Date = t.Dates[p],
                Arrivals = t.ArrivalsAt[p].Count,
                Departures = departures[p],
                Batch = perPeriod[p].Batch,
                Placed = perPeriod[p].Placed,
                Unplaced = perPeriod[p].Unplaced,
                UnplacedDays = perPeriod[p].UnplacedDays,
                EducationKept = perPeriod[p].Kept,
                BreaksCaused = perPeriod[p].SchoolPlaced - perPeriod[p].Kept,
                Moves = perPeriod[p].Moves,
                Held = 0,
                Residents = occ.Values.Sum(),
                OccupancyPerRegion = occ.ToImmutableSortedDictionary(StringComparer.Ordinal),
                BedsPerRegion = beds.ToImmutableSortedDictionary(StringComparer.Ordinal),
                Seconds = 0,
            });
        }

        var seconds = Math.Round(watch.Elapsed.TotalSeconds, 2);
        var report = new HindsightReport
        {
            Status = statusName,
            Value = value,
            Found = keptFound,
            Unplaced = unplacedFound,
            Needs = needs.Count,
            Classes = list.Count,
            Pools = pools,
            Variables = variables,
            Seconds = seconds,
        };
        var result = new PolicyResult
        {
            Policy = SimulationNames.Name(SimulationPolicy.Hindsight),
            Weeks = weeks.ToImmutable(),
            Totals = new PolicyTotals
            {
                EducationKept = keptFound,
                BreaksCaused = weeks.Sum(w => w.BreaksCaused),
                Moves = weeks.Sum(w => w.Moves),
                UnplacedDays = weeks.Sum(w => w.UnplacedDays),
                MovedMoreThanOnce = 0,
                Placements = weeks.Sum(w => w.Placed),
                Seconds = seconds,
            },
        };
        return (report, result);
    }

    private static void Trace(string line)
    {
        if (Environment.GetEnvironmentVariable("PLACEMENT_TRACE") == "1")
        {
            Console.Error.WriteLine(line);
        }
    }

    /// <summary>The smaller penalties on unplaced whose LP bounds are tried when the rounding leaves more unplaced than the LP.</summary>
    private static readonly double[] LagrangePenalties = [2, 1, 4];

    /// <summary>
    /// The hindsight's value and status from a found schedule (kept, unplaced U) and the proven bounds:
    /// <paramref name="bound"/> (the least upper bound on the optimum's kept: LP + (S+1) U, the
    /// smaller-penalty LPs, CP-SAT with at most U unplaced) and <paramref name="formula"/> (the first
    /// bound, LP + (S+1) U). The value is the kept found when it reaches the bound, else the bound. It is
    /// <c>optimal</c> only when it is the kept found, the model is exact, and U is proven the fewest
    /// unplaced: the found schedule reaches the first bound, or U is at most <paramref name="fewest"/>
    /// (every schedule has at least -V / (S+1) unplaced). Otherwise <c>bound</c>: a bound that holds among
    /// schedules with at most U unplaced does not prove the optimum has U.
    /// </summary>
    internal static (double Value, string Status) Verdict(int keptFound, int unplacedFound, double bound, double formula, int fewest, bool exact)
    {
        var value = keptFound >= Math.Floor(bound + 1e-6) ? keptFound : Math.Floor(bound + 1e-6);
        var proven = keptFound >= Math.Floor(formula + 1e-6) || unplacedFound <= fewest;
        return (value, value == keptFound && exact && proven ? "optimal" : "bound");
    }

    private sealed record LpSolution(bool Solved, bool Integral, double Objective, double[][] Y, double[] U);

    private static int Kept(List<(string? School, int[] Pools)> list, int[][] values, string[] poolRegion)
    {
        var kept = 0;
        for (var c = 0; c < list.Count; c++)
        {
            if (list[c].School is { } school)
            {
                for (var e = 0; e < list[c].Pools.Length; e++)
                {
                    if (poolRegion[list[c].Pools[e]] == school)
                    {
                        kept += values[c][e];
                    }
                }
            }
        }

        return kept;
    }

    /// <summary>
    /// The LP relaxation with GLOP under the class rows and, per pool and period, the placed needs
    /// present at most the free beds, maximise kept - <paramref name="penalty"/> unplaced (S+1, S the
    /// school-going needs: the fewest unplaced first). Its optimum bounds the integer model's with the same
    /// rows and objective, so that of any schedule with at most U unplaced by the optimum + penalty U; an
    /// integral optimum is the integer optimum.
    /// </summary>
    private static LpSolution SolveLp(List<(int Ready, int Departure, string? School, int[] Pools, int Count)> list, int pools, int periods, long[][] avail, string[] poolRegion, double penalty, TimeSpan limit)
    {
        using var solver = Google.OrTools.LinearSolver.Solver.CreateSolver(Environment.GetEnvironmentVariable("PLACEMENT_LP") ?? "GLOP");
        if (solver is null)
        {
            return new LpSolution(false, false, 0, [], []);
        }

        var y = new Google.OrTools.LinearSolver.Variable[list.Count][];
        var u = new Google.OrTools.LinearSolver.Variable[list.Count];
        var objective = solver.Objective();
        objective.SetMaximization();
        // Occupancy per pool and period as a running sum: occ[k,t] = occ[k,t-1] + placed(ready t) - placed(departure t), 0 <= occ <= free beds.
        var rows = LocationPools.OccupancyRows(solver, pools, periods, (k, p) => avail[k][p]);

        for (var c = 0; c < list.Count; c++)
        {
            var (ready, dep, school, eligible, n) = list[c];
            var row = solver.MakeConstraint(n, n);
            y[c] = new Google.OrTools.LinearSolver.Variable[eligible.Length];
            for (var e = 0; e < eligible.Length; e++)
            {
                var k = eligible[e];
                var v = y[c][e] = solver.MakeNumVar(0, n, "");
                row.SetCoefficient(v, 1);
                if (school is not null && poolRegion[k] == school)
                {
                    objective.SetCoefficient(v, 1);
                }

                rows[k, ready].SetCoefficient(v, -1);
                if (dep < periods)
                {
                    rows[k, dep].SetCoefficient(v, 1);
                }
            }

            u[c] = solver.MakeNumVar(0, n, "");
            row.SetCoefficient(u[c], 1);
            objective.SetCoefficient(u[c], -penalty);
        }

        var started = Stopwatch.GetTimestamp();
        solver.SetTimeLimit((long)Math.Max(1000, limit.TotalMilliseconds));
        var status = solver.Solve();
        Trace($"hindsight LP (kept - {penalty:0.##} unplaced): {status}, {solver.NumVariables()} variables, {solver.NumConstraints()} rows, {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s, objective {(status == Google.OrTools.LinearSolver.Solver.ResultStatus.OPTIMAL ? solver.Objective().Value() : double.NaN):0.###}");
        if (status != Google.OrTools.LinearSolver.Solver.ResultStatus.OPTIMAL)
        {
            return new LpSolution(false, false, 0, [], []);
        }

        var ys = y.Select(r => r.Select(v => v.SolutionValue()).ToArray()).ToArray();
        var us = u.Select(v => v.SolutionValue()).ToArray();
        var integral = ys.All(r => r.All(v => Math.Abs(v - Math.Round(v)) < 1e-6)) && us.All(v => Math.Abs(v - Math.Round(v)) < 1e-6);
        return new LpSolution(true, integral, objective.Value(), ys, us);
    }

    /// <summary>The integer model with CP-SAT: maximise kept with at most <paramref name="maxUnplaced"/> unplaced, hinted with a solution; returns the best solution and the proven bound.</summary>
    private static (bool Found, int[][] Values, int[] Left, double Bound) SolveCpSat(Timeline t, List<(int Ready, int Departure, string? School, int[] Pools, int Count)> list, int pools, int periods, long[][] avail, string[] poolRegion, int maxUnplaced, int[][] hint, int[] hintLeft, CancellationToken cancellation)
    {
        var model = new CpModel();
        var y = new IntVar[list.Count][];
        var u = new IntVar[list.Count];
        var inflow = new List<(IntVar Var, int Pool)>[periods];
        var outflow = new List<(IntVar Var, int Pool)>[periods];
        for (var p = 0; p < periods; p++)
        {
            inflow[p] = [];
            outflow[p] = [];
        }

        var kept = new List<IntVar>();
        for (var c = 0; c < list.Count; c++)
        {
            var (ready, dep, school, eligible, n) = list[c];
            y[c] = new IntVar[eligible.Length];
            for (var e = 0; e < eligible.Length; e++)
            {
                y[c][e] = model.NewIntVar(0, n, string.Create(CultureInfo.InvariantCulture, $"y{c}_{eligible[e]}"));
                model.AddHint(y[c][e], hint[c][e]);
                inflow[ready].Add((y[c][e], eligible[e]));
                if (dep < periods)
                {
                    outflow[dep].Add((y[c][e], eligible[e]));
                }

                if (school is not null && poolRegion[eligible[e]] == school)
                {
                    kept.Add(y[c][e]);
                }
            }

            u[c] = model.NewIntVar(0, n, string.Create(CultureInfo.InvariantCulture, $"u{c}"));
            model.AddHint(u[c], hintLeft[c]);
            model.Add(LinearExpr.Sum(y[c]) + u[c] == n);
        }

        model.Add(LinearExpr.Sum(u) <= maxUnplaced);
        var previous = new IntVar?[pools];
        for (var p = 0; p < periods; p++)
        {
            var ins = inflow[p].GroupBy(x => x.Pool).ToDictionary(g => g.Key, g => g.Select(x => x.Var).ToArray());
            var outs = outflow[p].GroupBy(x => x.Pool).ToDictionary(g => g.Key, g => g.Select(x => x.Var).ToArray());
            for (var k = 0; k < pools; k++)
            {
                if (previous[k] is null && !ins.ContainsKey(k))
                {
                    continue;
                }

                var occ = model.NewIntVar(0, avail[k][p], string.Create(CultureInfo.InvariantCulture, $"o{k}_{p}"));
                LinearExpr change = LinearExpr.Constant(0);
                if (ins.TryGetValue(k, out var i))
                {
                    change += LinearExpr.Sum(i);
                }

                if (outs.TryGetValue(k, out var o))
                {
                    change -= LinearExpr.Sum(o);
                }

                model.Add(previous[k] is { } prev ? occ == prev + change : occ == change);
                previous[k] = occ;
            }
        }

        model.Maximize(LinearExpr.Sum(kept));
        var solver = new CpSolver
        {
            StringParameters = string.Create(CultureInfo.InvariantCulture,
                $"max_time_in_seconds:{Math.Max(1, t.Settings.HindsightTimeLimit.TotalSeconds):F1} num_workers:4 interleave_search:true random_seed:{t.Settings.Seed}"),
        };
        using var registration = cancellation.Register(solver.StopSearch);
        var status = solver.Solve(model);
        cancellation.ThrowIfCancellationRequested();
        if (status is not (CpSolverStatus.Optimal or CpSolverStatus.Feasible))
        {
            return (false, hint, hintLeft, double.PositiveInfinity);
        }

        int[][] values = [.. y.Select(r => r.Select(v => (int)solver.Value(v)).ToArray())];
        int[] left = [.. u.Select(v => (int)solver.Value(v))];
        return (true, values, left, solver.BestObjectiveBound);
    }

    /// <summary>
    /// An integer solution from the LP: its values rounded down, then each class's rest placed, in
    /// order of ready period, in the eligible pool (its own region first, then the LP's preference)
    /// with a free bed over its whole stay; the rest unplaced.
    /// </summary>
    private static (int[][] Values, int[] Left) Round(List<(int Ready, int Departure, string? School, int[] Pools, int Count)> list, int pools, int periods, long[][] avail, string[] poolRegion, LpSolution? lp)
    {
        var free = new long[pools][];
        for (var k = 0; k < pools; k++)
        {
            free[k] = (long[])avail[k].Clone();
        }

        var values = new int[list.Count][];
        var left = new int[list.Count];
        for (var c = 0; c < list.Count; c++)
        {
            var (ready, dep, _, eligible, n) = list[c];
            values[c] = new int[eligible.Length];
            for (var e = 0; e < eligible.Length && lp is not null; e++)
            {
                var v = (int)Math.Floor(lp.Y[c][e] + 1e-6);
                values[c][e] = v;
                for (var p = ready; p < Math.Min(dep, periods); p++)
                {
                    free[eligible[e]][p] -= v;
                }
            }
        }

        foreach (var c in Enumerable.Range(0, list.Count).OrderBy(c => list[c].Ready).ThenBy(c => c))
        {
            var (ready, dep, school, eligible, n) = list[c];
            var rest = n - values[c].Sum();
            var order = Enumerable.Range(0, eligible.Length)
                .OrderByDescending(e => school is not null && poolRegion[eligible[e]] == school)
                .ThenByDescending(e => lp is null ? 0 : lp.Y[c][e] - Math.Floor(lp.Y[c][e] + 1e-6))
                .ThenBy(e => e);
            foreach (var e in order)
            {
                if (rest == 0)
                {
                    break;
                }

                var k = eligible[e];
                var room = long.MaxValue;
                for (var p = ready; p < Math.Min(dep, periods); p++)
                {
                    room = Math.Min(room, free[k][p]);
                }

                var take = (int)Math.Max(0, Math.Min(rest, room));
                if (take == 0)
                {
                    continue;
                }

                values[c][e] += take;
                rest -= take;
                for (var p = ready; p < Math.Min(dep, periods); p++)
                {
                    free[k][p] -= take;
                }
            }

            left[c] = rest;
        }

        return (values, left);
    }
}

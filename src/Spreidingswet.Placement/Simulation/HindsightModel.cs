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
        var poolOf = new int[locations];
        var poolKeys = new Dictionary<string, int>(StringComparer.Ordinal);
        var poolMembers = new List<List<int>>();
        for (var l = 0; l < locations; l++)
        {
            poolOf[l] = -1;
            if (t.ClosePeriod[l] != int.MaxValue || t.OpenPeriod[l] >= periods)
            {
                continue;
            }

            var loc = t.Locations[l];
            var key = t.Settings.PoolHindsight
                ? string.Create(CultureInfo.InvariantCulture, $"{t.Region[l]}|{loc.MinAge}|{loc.MaxAge}|{string.Join(';', loc.Genders.Order())}|{string.Join(';', loc.CareLevels.Order())}|{string.Join(';', loc.Tags.Order(StringComparer.Ordinal))}|{t.OpenPeriod[l]}")
                : loc.Id;
            if (!poolKeys.TryGetValue(key, out var k))
            {
                poolKeys[key] = k = poolMembers.Count;
                poolMembers.Add([]);
            }

            poolOf[l] = k;
            poolMembers[k].Add(l);
        }

        var pools = poolMembers.Count;
        var avail = new long[pools][];
        var poolRegion = new string[pools];
        for (var k = 0; k < pools; k++)
        {
            avail[k] = new long[periods];
            poolRegion[k] = t.Region[poolMembers[k][0]];
            foreach (var l in poolMembers[k])
            {
                for (var p = t.OpenPeriod[l]; p < periods; p++)
                {
                    avail[k][p] += Math.Max(0, t.Capacity[l][p] - fixedAt[l][p]);
                }
            }
        }

        // Classes.
        var classes = new Dictionary<string, (int Ready, int Departure, string? School, int[] Pools, List<Need> Members)>(StringComparer.Ordinal);
        foreach (var n in needs)
        {
            var date = t.Dates[n.Ready];
            var age = n.Youth.AgeOn(date);
            var eligible = Enumerable.Range(0, pools).Where(k =>
            {
                var loc = t.Locations[poolMembers[k][0]];
                return t.OpenPeriod[poolMembers[k][0]] <= n.Ready && age >= loc.MinAge && age <= loc.MaxAge && loc.Accepts(n.Youth.Gender) && loc.Offers(n.Youth.CareLevel)
                    && n.Youth.Needs.All(x => loc.Tags.Contains(x)) && poolMembers[k].Any(l => !n.Youth.ExcludeLocations.Contains(t.Locations[l].Id));
            }).ToArray();
            var key = string.Create(CultureInfo.InvariantCulture, $"{n.Ready}|{n.Departure}|{n.School}|{string.Join(',', eligible)}");
            if (!classes.TryGetValue(key, out var c))
            {
                classes[key] = c = (n.Ready, n.Departure, n.School, eligible, []);
            }

            c.Members.Add(n);
        }

        var list = classes.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Value).ToList();
        var schoolNeeds = needs.Count(n => n.School is not null);
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
        var variables = 0;
        for (var c = 0; c < list.Count; c++)
        {
            var (ready, dep, school, eligible, members) = list[c];
            var n = members.Count;
            y[c] = new IntVar[eligible.Length];
            for (var e = 0; e < eligible.Length; e++)
            {
                y[c][e] = model.NewIntVar(0, n, string.Create(CultureInfo.InvariantCulture, $"y{c}_{eligible[e]}"));
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
            model.Add(LinearExpr.Sum(y[c]) + u[c] == n);
            variables += eligible.Length + 1;
        }

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
                variables++;
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

        model.Maximize(LinearExpr.Sum(kept) - ((schoolNeeds + 1L) * LinearExpr.Sum(u)));
        var solver = new CpSolver
        {
            StringParameters = string.Create(CultureInfo.InvariantCulture,
                $"max_time_in_seconds:{Math.Max(1, t.Settings.HindsightTimeLimit.TotalSeconds):F1} num_workers:4 random_seed:{t.Settings.Seed}"),
        };
        using var registration = cancellation.Register(solver.StopSearch);
        var status = solver.Solve(model);
        cancellation.ThrowIfCancellationRequested();
        var found = status is CpSolverStatus.Optimal or CpSolverStatus.Feasible;
        var keptFound = found ? kept.Sum(v => (int)solver.Value(v)) : 0;
        var unplacedFound = found ? u.Sum(v => (int)solver.Value(v)) : 0;
        var bound = found ? Math.Min(schoolNeeds, solver.BestObjectiveBound + ((schoolNeeds + 1.0) * unplacedFound)) : schoolNeeds;
        var exact = !t.Settings.PoolHindsight || poolMembers.All(m => m.Count == 1);
        var statusName = status == CpSolverStatus.Optimal && exact ? "optimal" : found ? "bound" : "none";
        var value = status == CpSolverStatus.Optimal ? keptFound : Math.Floor(bound + 1e-6);

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
                var v = (int)solver.Value(y[c][e]);
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

            var left = (int)solver.Value(u[c]);
            perPeriod[ready].Unplaced += left;
            perPeriod[ready].UnplacedDays += left * (Math.Min(dep, periods) - ready) * t.Settings.CadenceDays;
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
}

using System.Globalization;
using Spreidingswet.Placement.Model;

namespace Spreidingswet.Placement.Simulation;

/// <summary>
/// The reservations' look-ahead plan for one batch (docs/simulation.md, "Reservations"): the hindsight's
/// time-expanded LP from period p to the horizon's end, over pools of alike locations, with the residents
/// (each until it turns 18, discounted by the leave rate), the batch youths (ready now; a sibling group as
/// one need of its size, placed together) and the expected
/// demand of the coming periods (fractional). Maximises the school-going youths kept in their region,
/// those of the batch worth <see cref="PresentBonus"/> more (they are certain, the forecast is not), the
/// fewest unplaced first; a forecast school-going youth not kept costs nothing (it goes elsewhere). Its
/// decisions for the batch are what the policy uses: per batch youth the pools the LP puts its class in,
/// per pool the beds the LP gives the batch.
/// </summary>
internal static class LookaheadPlan
{
    /// <summary>How much more a school-going youth of the batch kept now is worth than one the forecast expects (measured: 0.05-0.3 within 1 % on seeds 1-3).</summary>
    public const double PresentBonus = 0.15;

    /// <summary>A need the plan expects: ready and departure period, school region (null: none), a youth as its profile, its age when ready, an expected count; <paramref name="OwnRegionOnly"/>: it may only use pools in its school region (else it is placed elsewhere, outside the plan).</summary>
    /// <param name="Ready">Period it needs a bed.</param>
    /// <param name="Departure">Period it leaves.</param>
    /// <param name="School">Its school's education region; null without a school.</param>
    /// <param name="Youth">A youth with its profile (gender, care level, needs).</param>
    /// <param name="AgeAtReady">Its age in the ready period.</param>
    /// <param name="Count">Expected number.</param>
    /// <param name="OwnRegionOnly">Whether only its region's pools are modelled.</param>
    public sealed record Demand(int Ready, int Departure, string? School, Youth Youth, int AgeAtReady, double Count, bool OwnRegionOnly);

    /// <summary>The plan for the batch: per batch youth the locations of its pools (absent: no pool fits it all its stay), per location index the beds the batch may take there, and the beds nobody in the plan needs.</summary>
    /// <param name="Pools">Per batch youth id, the location indices it may go to.</param>
    /// <param name="Beds">Per location index that takes youths now, the beds offered to the batch.</param>
    /// <param name="Spare">Per location index that takes youths now, free beds beyond those offered that the plan leaves free in every period to the horizon's end, the offered ones counted as taken throughout: a youth who takes one now, even for the whole horizon, takes nothing the plan gives anyone (a proposal opens them to everyone; the simulation does not use them).</param>
    public sealed record Plan(Dictionary<string, HashSet<int>> Pools, Dictionary<int, int> Beds, Dictionary<int, int> Spare);

    /// <summary>Solves the plan for period p's batch; <paramref name="spare"/>: also the spare beds per location (<see cref="Plan.Spare"/>).</summary>
    public static Plan Solve(Timeline t, int p, Dictionary<string, string> residents, List<Youth> batch, Func<string, int> departureOf, IEnumerable<Demand> future, double leave, bool spare = false)
    {
        var horizon = t.Periods - p;
        var locations = t.Locations.Length;
        var fixedAt = new double[locations][];
        for (var l = 0; l < locations; l++)
        {
            fixedAt[l] = new double[horizon];
        }

        var needs = new List<(int Ready, int Departure, string? School, Youth[] Youths, int Age, double Count, string[]? BatchIds, bool OwnOnly, int Kept)>();
        foreach (var (id, loc) in residents)
        {
            var l = t.LocationIndex[loc];
            var dep = Math.Min(departureOf(id), t.Periods);
            var until = Math.Min(dep, t.ClosePeriod[l]);
            var stays = 1.0;
            for (var q = p; q < Math.Min(until, t.Periods); q++)
            {
                fixedAt[l][q - p] += stays;
                stays *= 1 - leave;
            }

            if (t.ClosePeriod[l] < t.Periods && t.ClosePeriod[l] > p && dep > t.ClosePeriod[l])
            {
                var y = t.Youths[id];
                needs.Add((t.ClosePeriod[l], dep, t.SchoolRegion[id], [y], y.AgeOn(t.Dates[t.ClosePeriod[l]]), 1, null, false, 1));
            }
        }

        // The batch; a sibling group is placed together: one need of its size, in the pools every member fits,
        // until its last member leaves, kept for its members who go to school in its first school-going member's region.
        var groupSize = batch.Where(y => y.SiblingGroup is not null).CountBy(y => y.SiblingGroup!, StringComparer.Ordinal).ToDictionary(StringComparer.Ordinal);
        foreach (var g in batch.GroupBy(y => y.SiblingGroup is { } sg && groupSize[sg] > 1 ? sg : "\u0001" + y.Id, StringComparer.Ordinal))
        {
            var group = g.OrderBy(y => y.Id, StringComparer.Ordinal).ToArray();
            var groupSchool = group.Select(y => t.SchoolRegion[y.Id]).FirstOrDefault(r => r is not null);
            var dep = group.Max(y => Math.Max(p + 1, Math.Min(departureOf(y.Id), t.Periods)));
            needs.Add((p, dep, groupSchool, group, group[0].AgeOn(t.Dates[p]), 1, [.. group.Select(y => y.Id)], false, groupSchool is null ? 0 : group.Count(y => t.SchoolRegion[y.Id] == groupSchool)));
        }

        foreach (var d in future)
        {
            if (d.Ready > p && d.Ready < t.Periods && d.Count > 0)
            {
                needs.Add((d.Ready, Math.Min(d.Departure, t.Periods), d.School, [d.Youth], d.AgeAtReady, d.Count, null, d.OwnRegionOnly && d.School is not null, 1));
            }
        }

        // Pools: the locations that take youths now or later (none with an announced closure), alike ones together.
        var pooled = LocationPools.Build(t, p);
        var members = pooled.Members;
        var pools = pooled.Count;
        var region = pooled.Region;
        var avail = pooled.Free((l, q) => fixedAt[l][q - p]);

        // Classes.
        var classes = new Dictionary<string, (int Ready, int Departure, string? School, int[] Pools, double Count, List<string> Batch, bool OwnOnly, int Size, int Kept)>(StringComparer.Ordinal);
        var eligibleCache = new Dictionary<string, int[]>(StringComparer.Ordinal);
        foreach (var n in needs)
        {
            int[]? eligible = null;
            foreach (var y in n.Youths)
            {
                var age = n.Youths.Length == 1 ? n.Age : y.AgeOn(t.Dates[n.Ready]);
                var sig = string.Create(CultureInfo.InvariantCulture, $"{n.Ready}|{age}|{y.Gender}|{y.CareLevel}|{string.Join(';', y.Needs)}|{string.Join(';', y.ExcludeLocations)}|{(n.OwnOnly ? n.School : "")}");
                if (!eligibleCache.TryGetValue(sig, out var own))
                {
                    eligibleCache[sig] = own = pooled.Eligible(y, n.Ready, age, n.OwnOnly ? n.School : null);
                }

                eligible = eligible is null ? own : [.. eligible.Intersect(own)];
            }

            var key = string.Create(CultureInfo.InvariantCulture, $"{(n.BatchIds is null ? "f" : "b")}{(n.OwnOnly ? "o" : "")}|{n.Ready}|{n.Departure}|{n.School}|{n.Youths.Length}|{n.Kept}|{string.Join(',', eligible!)}");
            if (!classes.TryGetValue(key, out var c))
            {
                c = (n.Ready, n.Departure, n.School, eligible!, 0, [], n.OwnOnly, n.Youths.Length, n.Kept);
            }

            c.Count += n.Count;
            if (n.BatchIds is not null)
            {
                c.Batch.AddRange(n.BatchIds);
            }

            classes[key] = c;
        }

        var list = classes.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Value).ToList();
        var school = list.Where(c => c.School is not null).Sum(c => c.Count * c.Kept);

        using var solver = Google.OrTools.LinearSolver.Solver.CreateSolver("GLOP");
        var objective = solver.Objective();
        objective.SetMaximization();
        var rows = LocationPools.OccupancyRows(solver, pools, horizon, (k, q) => avail[k][q]);

        var x = new Google.OrTools.LinearSolver.Variable[list.Count][];
        for (var c = 0; c < list.Count; c++)
        {
            var (ready, dep, sch, eligible, n, b, own, size, kept) = list[c];
            var row = solver.MakeConstraint(n, n);
            x[c] = new Google.OrTools.LinearSolver.Variable[eligible.Length];
            for (var e = 0; e < eligible.Length; e++)
            {
                var k = eligible[e];
                var v = x[c][e] = solver.MakeNumVar(0, n, "");
                row.SetCoefficient(v, 1);
                if (sch is not null && region[k] == sch)
                {
                    objective.SetCoefficient(v, kept * (1 + (b.Count > 0 ? PresentBonus : 0)));
                }

                rows[k, ready - p].SetCoefficient(v, -size);
                if (dep < t.Periods)
                {
                    rows[k, dep - p].SetCoefficient(v, size);
                }
            }

            var u = solver.MakeNumVar(0, n, "");
            row.SetCoefficient(u, 1);
            objective.SetCoefficient(u, own ? 0 : -size * (school + 1.0));
        }

        var status = solver.Solve();
        var allowed = new Dictionary<string, HashSet<int>>(StringComparer.Ordinal);
        var cap = new Dictionary<int, int>();
        if (status != Google.OrTools.LinearSolver.Solver.ResultStatus.OPTIMAL)
        {
            return new Plan(allowed, cap, []);
        }

        // The occupancy the plan gives each pool over time by all but the batch (expected arrivals, residents
        // of closures): the batch's offered beds count as taken for the whole horizon, since whoever takes them
        // (a sibling, a youth the plan has no place for) may stay longer than the plan's batch youths.
        var occupancy = new double[pools, horizon];
        for (var c = 0; spare && c < list.Count; c++)
        {
            var (ready, dep, _, eligible, _, batchIds, _, size, _) = list[c];
            if (batchIds.Count > 0)
            {
                continue;
            }

            for (var e = 0; e < eligible.Length; e++)
            {
                var v = x[c][e].SolutionValue() * size;
                for (var q = ready - p; v > 1e-9 && q < Math.Min(dep, t.Periods) - p; q++)
                {
                    occupancy[eligible[e], q] += v;
                }
            }
        }

        var use = new double[pools];
        for (var c = 0; c < list.Count; c++)
        {
            var (_, _, _, eligible, _, b, _, size, _) = list[c];
            if (b.Count == 0)
            {
                continue;
            }

            var set = new HashSet<int>();
            for (var e = 0; e < eligible.Length; e++)
            {
                var v = x[c][e].SolutionValue();
                if (v > 1e-6)
                {
                    // A sibling group the LP puts partly in a pool is offered beds there for all its members.
                    use[eligible[e]] += size > 1 ? Math.Ceiling(v - 1e-6) * size : v;
                    foreach (var l in members[eligible[e]])
                    {
                        set.Add(l);
                    }
                }
            }

            if (set.Count > 0)
            {
                foreach (var id in b)
                {
                    allowed[id] = set;
                }
            }
        }

        // Beds per pool the batch may take, spread over its locations with the most free beds first; then
        // the pool's spare beds (its least slack over the horizon, beyond what the batch is offered).
        var count = residents.Values.GroupBy(l => l, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var spareBeds = new Dictionary<int, int>();
        for (var k = 0; k < pools; k++)
        {
            var n = (int)Math.Ceiling(use[k] - 1e-6);
            var extra = spare ? Math.Max(0, (int)Math.Floor(Enumerable.Range(0, horizon).Select(q => avail[k][q] - occupancy[k, q]).DefaultIfEmpty(0).Min() - n + 1e-6)) : 0;
            foreach (var l in members[k].Where(l => t.TakesIntake(l, p)).OrderByDescending(l => t.Capacity[l][p] - fixedAt[l][0]).ThenBy(l => l))
            {
                var free = Math.Max(0, t.Capacity[l][p] - count.GetValueOrDefault(t.Locations[l].Id));
                var take = Math.Min(free, n);
                cap[l] = take;
                n -= take;
                spareBeds[l] = Math.Min(free - take, extra);
                extra -= spareBeds[l];
            }
        }

        return new Plan(allowed, cap, spareBeds);
    }
}

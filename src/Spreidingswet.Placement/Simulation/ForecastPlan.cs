using System.Collections.Immutable;
using Spreidingswet.Placement.Geography;
using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Preparation;

namespace Spreidingswet.Placement.Simulation;

/// <summary>
/// The reservations' look-ahead plan for a planner's proposal with a forecast (docs/simulation.md, "In a
/// proposal"): the proposal is one batch of a weekly horizon that runs from the planning date to the
/// forecast's last week (at most 104 weeks on). The youths who need a bed (no current location, or theirs is closed) are the
/// batch; everyone else stays where they are (a locked youth at its lock) until turning 18; a location
/// closing later closes on its date; the forecast's school-going arrivals are expected in their region
/// in their week, over the profiles of the batch's school-going youths (else the residents'). The plan
/// (<see cref="LookaheadPlan"/>) decides, per location of a forecast region, which batch youths may take
/// its free beds and how many; the rest is kept for the expected arrivals.
/// </summary>
internal static class ForecastPlan
{
    /// <summary>Profiles of the expected arrivals at most (the most frequent of the proposal's school-going youths): the plan has at most regions x weeks x this many expected classes.</summary>
    public const int MaxProfiles = 32;

    /// <summary>Weeks after the planning date the plan looks at most (later forecast weeks are not counted).</summary>
    public const int MaxWeeks = 104;

    /// <summary>What the plan does at one location: its free beds, how many it offers, to whom.</summary>
    /// <param name="Free">Free beds for this proposal (capacity less reserved less the youths staying or locked there).</param>
    /// <param name="Offered">Beds offered to the youths the plan places there.</param>
    /// <param name="Spare">Beds open to everyone: those the plan leaves free in every period to the forecast's end; the rest (free less offered less spare) is kept for the expected arrivals.</param>
    /// <param name="Allowed">Indices (in the problem) of the youths who may take the offered beds: those the plan places there, the youths it has no place for, and their siblings.</param>
    public sealed record Hold(int Free, int Offered, int Spare, ImmutableHashSet<int> Allowed);

    /// <summary>The holds per location index of the problem; empty when the forecast expects nobody after the planning date.</summary>
    public static Dictionary<int, Hold> Solve(PlacementProblem problem, ResolvedProblem resolved, DemandForecast forecast, DateOnly date, RegionMap geography, int seed)
    {
        var periodOf = (DateOnly d) => (d.DayNumber - date.DayNumber + 6) / 7;
        var rows = forecast.Weeks.Where(w => w.WeekStart > date && periodOf(w.WeekStart) <= MaxWeeks && w.SchoolGoingArrivals > 0).ToList();
        if (rows.Count == 0)
        {
            return [];
        }

        var periods = rows.Max(w => periodOf(w.WeekStart)) + 1;
        var regions = rows.Select(w => w.EducationRegion).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

        // The horizon: the locations with the beds this proposal has (capacity less reserved), closures on their dates.
        var locations = problem.Locations.Select(l => l with { Capacity = Math.Max(0, l.Capacity - l.Reserved), Reserved = 0, ClosesOn = null }).ToImmutableArray();
        var changes = problem.Locations.Where(l => l.ClosesOn is { } c && periodOf(c) < periods)
            .Select(l => new LocationChange(l.IsClosedOn(date) ? date : l.ClosesOn!.Value, l.Id, LocationChangeKind.Close)).ToImmutableArray();
        var youths = resolved.Youths.Select(y => y.Youth with { School = y.SchoolRegion is { } s ? new School(null, s) : null }).ToList();
        var stays = new Dictionary<string, string>(StringComparer.Ordinal);
        var batch = new List<Youth>();
        for (var i = 0; i < youths.Count; i++)
        {
            var y = youths[i];
            // A youth stays unless its location closes now or a hard rule now forbids it there (a forced move).
            var current = resolved.Youths[i].CurrentLocation;
            var at = y.LockedLocation ?? (current >= 0 && !resolved.Locations[current].Closed && !Rules.HardRules.HardRule.AnyForbids(resolved.Youths[i], resolved.Locations[current]) ? y.CurrentLocation : null);
            if (at is not null)
            {
                stays[y.Id] = at;
            }
            else
            {
                batch.Add(y with { CurrentLocation = null, LockedLocation = null, ArrivedOn = date });
            }
        }

        var settings = new SimulationSettings { Start = date, Periods = periods, LeaveRatePerWeek = 0, Seed = seed, LookaheadWeeks = periods };
        var input = new SimulationInput
        {
            Start = problem with { Locations = locations, Youths = [.. youths.Where(y => stays.ContainsKey(y.Id)).Select(y => y with { CurrentLocation = stays[y.Id] })] },
            Arrivals = [.. batch],
            Changes = changes,
        };
        var t = new Timeline(input, settings, geography);
        var sums = rows.GroupBy(w => (w.EducationRegion, Period: periodOf(w.WeekStart))).ToDictionary(g => g.Key, g => g.Sum(w => w.SchoolGoingArrivals));
        var perPeriod = Enumerable.Range(0, periods).Select(q => regions.ToImmutableSortedDictionary(
            r => r, r => sums.GetValueOrDefault((r, q)), StringComparer.Ordinal)).ToImmutableArray();
        var demand = new ReservationDemand(t, new ArrivalForecast(perPeriod));
        // Profiles of the expected arrivals: the school-going youths who need a bed, else the school-going
        // residents, else every youth who needs a bed, else every resident (as school-going ones).
        List<Youth> profiles = batch.Any(y => t.SchoolRegion[y.Id] is not null) ? [.. batch.Where(y => t.SchoolRegion[y.Id] is not null)]
            : input.Start.Youths.Any(y => t.SchoolRegion[y.Id] is not null) ? [.. input.Start.Youths.Where(y => t.SchoolRegion[y.Id] is not null)]
            : batch.Count > 0 ? batch : [.. input.Start.Youths];
        var expected = demand.Expected(0, stays, [.. profiles.Select(y => (y, 0))], [], everyRegion: true, expectOthers: false, maxProfiles: MaxProfiles, asSchoolGoing: true);
        // A resident who is 18 already (an age without a birth date past 17) is there now: its bed frees from the next week.
        var plan = LookaheadPlan.Solve(t, 0, stays, batch, id => stays.ContainsKey(id) ? Math.Max(1, demand.Turns18(id)) : demand.Turns18(id), expected, leave: 0, spare: true);

        // Per location of a forecast region that takes youths and is in the plan: the beds and who may take them.
        var index = problem.Youths.Select((y, i) => (y.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);
        var unplanned = batch.Where(y => !plan.Pools.ContainsKey(y.Id)).Select(y => index[y.Id]).ToList();
        var planned = plan.Pools.SelectMany(kv => kv.Value.Select(l => (l, Youth: index[kv.Key]))).ToLookup(x => x.l, x => x.Youth);
        var groups = problem.Youths.Select((y, i) => (y.SiblingGroup, i)).Where(x => x.SiblingGroup is not null).ToLookup(x => x.SiblingGroup!, x => x.i, StringComparer.Ordinal);
        var occupied = stays.Values.GroupBy(l => l, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var holds = new Dictionary<int, Hold>();
        foreach (var (l, offered) in plan.Beds)
        {
            var free = t.Capacity[l][0] - occupied.GetValueOrDefault(t.Locations[l].Id);
            if (free <= 0 || !regions.Contains(t.Region[l], StringComparer.Ordinal) || !t.TakesIntake(l, 0))
            {
                continue;
            }

            var allowed = planned[l].Concat(unplanned).ToHashSet();
            foreach (var i in allowed.ToList())
            {
                if (problem.Youths[i].SiblingGroup is { } g)
                {
                    allowed.UnionWith(groups[g]);
                }
            }

            // The plan's offered and spare beds are within the location's free beds (the same residents).
            holds[l] = new Hold(free, offered, plan.Spare.GetValueOrDefault(l), [.. allowed]);
            if (PlacementTrace.On)
            {
                Console.Error.WriteLine($"[trace] forecast plan: {t.Locations[l].Id} free {free}, offered {offered} to {allowed.Count} youth(s), spare {holds[l].Spare}");
            }
        }

        return holds;
    }
}

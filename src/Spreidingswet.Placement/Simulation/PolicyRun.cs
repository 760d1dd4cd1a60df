using System.Collections.Immutable;
using System.Diagnostics;
using Spreidingswet.Placement.Model;

namespace Spreidingswet.Placement.Simulation;

/// <summary>
/// One policy over the horizon: each period's batch (the new arrivals, the youths still waiting and
/// the residents of locations closing now) is placed by the real engine with every other resident
/// counted in its location's reserved beds; the proposal becomes the next period's situation.
/// </summary>
internal sealed class PolicyRun
{
    private readonly PlacementEngine _engine;
    private readonly Timeline _t;
    private readonly SimulationPolicy _policy;
    private readonly ReservationDemand _demand;

    // Every keep-apart pair of the stream, in both directions (a youth's list may name the other only once).
    private readonly ILookup<string, string> _apart;

    public PolicyRun(PlacementEngine engine, Timeline timeline, SimulationPolicy policy, ArrivalForecast? forecast)
    {
        _engine = engine;
        _t = timeline;
        _policy = policy;
        _demand = new ReservationDemand(timeline, forecast);
        _apart = timeline.Youths.Values.SelectMany(y => y.KeepApart.SelectMany(o => new[] { (y.Id, o), (o, y.Id) })).Distinct().ToLookup(x => x.Item1, x => x.Item2, StringComparer.Ordinal);
    }

    public PolicyResult Run(IProgress<SimulationProgress>? progress, CancellationToken cancellation)
    {
        var watch = Stopwatch.StartNew();
        var residents = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var y in _t.Youths.Values.Where(y => _t.Entry[y.Id] < 0 && y.CurrentLocation is not null))
        {
            residents[y.Id] = y.CurrentLocation!;
        }

        var waiting = new List<string>();
        var moveDates = new Dictionary<string, List<DateOnly>>(StringComparer.Ordinal);
        var movedTwice = new HashSet<string>(StringComparer.Ordinal);
        var wishes = _t.Youths.Values.Any(y => y.HasWish);
        var weeks = ImmutableArray.CreateBuilder<PeriodResult>();
        var situations = ImmutableArray.CreateBuilder<SimulationSituation>();
        var schoolArrivalsSeen = new List<Dictionary<string, int>>();
        var arrivalsSeen = new List<(Youth Youth, int Period)>();
        var name = SimulationNames.Name(_policy);
        for (var p = 0; p < _t.Periods; p++)
        {
            cancellation.ThrowIfCancellationRequested();
            var started = Stopwatch.GetTimestamp();
            var date = _t.Dates[p];

            // 1. Departures (turning 18, leaving): the same for every policy.
            var departed = residents.Keys.Where(id => _t.Departure[id] == p).ToList();
            foreach (var id in departed)
            {
                residents.Remove(id);
            }

            var departedWaiting = waiting.RemoveAll(id => _t.Departure[id] == p);

            // 2. The batch: arrivals, the waiting, the residents of locations closing now.
            var arrivals = _t.ArrivalsAt[p];
            schoolArrivalsSeen.Add(arrivals.Where(a => _t.SchoolRegion[a.Id] is not null).GroupBy(a => _t.SchoolRegion[a.Id]!)
                .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal));
            arrivalsSeen.AddRange(arrivals.Select(a => (a, p)));

            var batch = new List<Youth>();
            batch.AddRange(arrivals.Select(a => a with { CurrentLocation = null, LockedLocation = null }));
            batch.AddRange(waiting.Select(id => _t.Youths[id] with { CurrentLocation = null, LockedLocation = null }));
            var closingNow = Enumerable.Range(0, _t.Locations.Length).Where(l => _t.ClosePeriod[l] == p).Select(l => _t.Locations[l].Id).ToHashSet(StringComparer.Ordinal);
            foreach (var (id, loc) in residents.Where(r => closingNow.Contains(r.Value)).OrderBy(r => r.Key, StringComparer.Ordinal).ToList())
            {
                batch.Add(_t.Youths[id] with { CurrentLocation = loc, LockedLocation = null });
                residents.Remove(id);
            }

            batch = Tidy(batch, residents);
            var held = 0;
            Proposal? proposal = null;
            if (batch.Count > 0 && _policy == SimulationPolicy.Reservations)
            {
                (proposal, held) = Reserve(p, batch, residents, arrivalsSeen, schoolArrivalsSeen);
            }
            else if (batch.Count > 0)
            {
                proposal = Solve(Problem(p, batch, residents), date);
            }

            // 3. The proposal becomes the situation.
            var placed = 0;
            var kept = 0;
            var breaks = 0;
            var moved = 0;
            var movedAgain = 0;
            var wishesStated = 0;
            var wishesHonoured = 0;
            waiting = [];
            if (proposal is not null)
            {
                var byId = batch.ToDictionary(y => y.Id, StringComparer.Ordinal);
                foreach (var a in proposal.Assignments)
                {
                    var location = a.Location;
                    residents[a.Youth] = location;
                    placed++;
                    if (_t.SchoolRegion[a.Youth] is { } school)
                    {
                        if (_t.Region[_t.LocationIndex[location]] == school)
                        {
                            kept++;
                        }
                        else
                        {
                            breaks++;
                        }
                    }

                    if (byId[a.Youth].CurrentLocation is { } from && from != location)
                    {
                        moved++;
                        if (!moveDates.TryGetValue(a.Youth, out var dates))
                        {
                            moveDates[a.Youth] = dates = [];
                        }

                        if (dates.Any(d => d.AddDays(365) >= date))
                        {
                            movedAgain++;
                            movedTwice.Add(a.Youth);
                        }

                        dates.Add(date);
                    }

                    if (byId[a.Youth].HasWish)
                    {
                        wishesStated++;
                        wishesHonoured += a.BestInterests?.Claims.Any(c => c.Topic == "views" && c.Outcome == "met") == true ? 1 : 0;
                    }
                }

                waiting = [.. proposal.Unplaced.Select(u => u.Youth).Order(StringComparer.Ordinal)];
            }

            var occupancy = residents.Values.GroupBy(l => _t.Region[_t.LocationIndex[l]]).ToImmutableSortedDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
            var beds = Enumerable.Range(0, _t.Locations.Length).Where(l => _t.IsOpen(l, p)).GroupBy(l => _t.Region[l])
                .ToImmutableSortedDictionary(g => g.Key, g => g.Sum(l => _t.Capacity[l][p]), StringComparer.Ordinal);
            weeks.Add(new PeriodResult
            {
                Period = p,
                Date = date,
                Arrivals = arrivals.Count,
                Departures = departed.Count + departedWaiting,
                Batch = batch.Count,
                Placed = placed,
                Unplaced = waiting.Count,
                UnplacedDays = waiting.Count * _t.Settings.CadenceDays,
                EducationKept = kept,
                BreaksCaused = breaks,
                Moves = moved,
                MovedAgainWithin12Months = movedAgain,
                WishesStated = wishes ? wishesStated : null,
                WishesHonoured = wishes ? wishesHonoured : null,
                Held = held,
                Residents = residents.Count,
                OccupancyPerRegion = occupancy,
                BedsPerRegion = beds,
                Seconds = Math.Round(Stopwatch.GetElapsedTime(started).TotalSeconds, 3),
            });
            if (_t.Settings.KeepSituations)
            {
                situations.Add(new SimulationSituation(p, residents.ToImmutableSortedDictionary(StringComparer.Ordinal), [.. waiting]));
            }

            progress?.Report(new SimulationProgress(name, p + 1, _t.Periods));
        }

        var list = weeks.ToImmutable();
        return new PolicyResult
        {
            Policy = name,
            Weeks = list,
            Situations = situations.ToImmutable(),
            Totals = new PolicyTotals
            {
                EducationKept = list.Sum(w => w.EducationKept),
                BreaksCaused = list.Sum(w => w.BreaksCaused),
                Moves = list.Sum(w => w.Moves),
                UnplacedDays = list.Sum(w => w.UnplacedDays),
                MovedMoreThanOnce = movedTwice.Count,
                MovedAgainWithin12Months = list.Sum(w => w.MovedAgainWithin12Months),
                WishesStated = wishes ? list.Sum(w => w.WishesStated ?? 0) : null,
                WishesHonoured = wishes ? list.Sum(w => w.WishesHonoured ?? 0) : null,
                Placements = list.Sum(w => w.Placed),
                Seconds = Math.Round(watch.Elapsed.TotalSeconds, 2),
            },
        };
    }

    private Proposal Solve(PlacementProblem problem, DateOnly date)
    {
        var options = new PlacementOptions
        {
            Policy = _policy == SimulationPolicy.CapacityOnly ? Policy.CapacityOnly : Policy.EducationFirst,
            PlanningDate = date,
            Seed = _t.Settings.Seed,
            TimeLimit = _t.Settings.BatchTimeLimit,
            Alternatives = 0,
        };
        var result = _engine.Propose(problem, options);
        return result.Value ?? throw new InvalidOperationException(
            $"the simulated batch of {date:yyyy-MM-dd} was refused by the engine: {string.Join("; ", result.Errors.Take(5))}");
    }

    /// <summary>
    /// Keep-apart pairs and sibling groups within the batch; a batch youth kept apart from a resident (in
    /// either youth's list) excludes the resident's location instead.
    /// </summary>
    private List<Youth> Tidy(List<Youth> batch, Dictionary<string, string> residents)
    {
        var ids = batch.Select(y => y.Id).ToHashSet(StringComparer.Ordinal);
        var groups = batch.Where(y => y.SiblingGroup is not null).GroupBy(y => y.SiblingGroup!).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        return [.. batch.Select(y => y with
        {
            KeepApart = [.. y.KeepApart.Where(ids.Contains)],
            SiblingGroup = y.SiblingGroup is { } g && groups[g] > 1 ? g : null,
            ExcludeLocations = [.. y.ExcludeLocations.Union(_apart[y.Id].Select(o => residents.GetValueOrDefault(o)).OfType<string>().Order(StringComparer.Ordinal), StringComparer.Ordinal)],
        })];
    }

    /// <summary>
    /// The batch as a placement problem: the locations open now with their residents in reserved
    /// (a location with an announced closure has no free beds; one closing now is closed on the date).
    /// </summary>
    private PlacementProblem Problem(int p, List<Youth> batch, Dictionary<string, string> residents)
    {
        var count = residents.Values.GroupBy(l => l, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var locations = new List<Location>();
        for (var l = 0; l < _t.Locations.Length; l++)
        {
            if (!_t.IsOpen(l, p) && _t.ClosePeriod[l] != p)
            {
                continue;
            }

            var loc = _t.Locations[l];
            var capacity = _t.Capacity[l][Math.Min(p, _t.Periods - 1)];
            var reserved = Math.Min(capacity, count.GetValueOrDefault(loc.Id));
            if (_t.ClosePeriod[l] == p)
            {
                locations.Add(loc with { Capacity = capacity, Reserved = reserved, ClosesOn = _t.Dates[p] });
                continue;
            }

            locations.Add(loc with { Capacity = capacity, Reserved = _t.TakesIntake(l, p) ? reserved : capacity, ClosesOn = null });
        }

        // A wish may name a location that is closed or not yet open: it stays in the problem, full, so the wish resolves.
        var listed = locations.Select(x => x.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var wished in batch.Select(y => y.WishLocation).OfType<string>().Where(w => !listed.Contains(w) && _t.LocationIndex.ContainsKey(w)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            var l = _t.LocationIndex[wished];
            var capacity = _t.Capacity[l][Math.Min(p, _t.Periods - 1)];
            locations.Add(_t.Locations[l] with { Capacity = capacity, Reserved = capacity, ClosesOn = null });
        }

        return new PlacementProblem { Youths = [.. batch], Locations = [.. locations], IsSynthetic = true };
    }

    /// <summary>
    /// The reservations' batch: the look-ahead plan (<see cref="LookaheadPlan"/>) over the rest of the
    /// horizon decides in which pools each batch youth may go and how many of each pool's free beds the
    /// batch may take; the rest is kept for the youths expected later. Holding back must never leave a
    /// youth without a bed, nor break a keep-apart pair: if the planned batch leaves youths unplaced, it is
    /// compared with the batch unplanned, and if that places more, the plan's pools are kept with every
    /// free bed offered (kept when it places as many), else the batch is solved unplanned.
    /// </summary>
    private (Proposal Proposal, int Held) Reserve(int p, List<Youth> batch, Dictionary<string, string> residents, List<(Youth Youth, int Period)> seen, List<Dictionary<string, int>> schoolSeen)
    {
        var date = _t.Dates[p];
        var leave = 1 - Math.Pow(1 - _t.Settings.LeaveRatePerWeek, _t.Settings.CadenceDays / 7.0);
        var plan = LookaheadPlan.Solve(_t, p, residents, batch, _demand.Turns18, _demand.Expected(p, residents, seen, schoolSeen), leave);
        var (planned, held) = Planned(p, batch, residents, plan, capped: true);
        var proposal = Solve(planned, date);
        if (proposal.Unplaced.Length == 0 && Preparation.HeldBeds.KeepsApart(batch, proposal))
        {
            return (proposal, held);
        }

        var plain = Solve(Problem(p, batch, residents), date);
        if (plain.Unplaced.Length >= proposal.Unplaced.Length && Preparation.HeldBeds.KeepsApart(batch, proposal))
        {
            return (proposal, held);
        }

        var uncapped = Solve(Planned(p, batch, residents, plan, capped: false).Problem, date);
        return uncapped.Unplaced.Length <= plain.Unplaced.Length && Preparation.HeldBeds.KeepsApart(batch, uncapped) ? (uncapped, 0) : (plain, 0);
    }

    /// <summary>
    /// The batch with the plan: each youth the plan places excludes every location outside its pools,
    /// and (capped) each pool offers the batch only the beds the plan gives it; the beds held back are counted.
    /// </summary>
    private (PlacementProblem Problem, int Held) Planned(int p, List<Youth> batch, Dictionary<string, string> residents, LookaheadPlan.Plan plan, bool capped)
    {
        var problem = Problem(p, batch, residents);
        var held = 0;
        var locations = problem.Locations.Select(l =>
        {
            if (!capped || l.ClosesOn is not null || !_t.LocationIndex.TryGetValue(l.Id, out var i) || !plan.Beds.TryGetValue(i, out var beds))
            {
                return l;
            }

            var free = Math.Max(0, l.Capacity - l.Reserved);
            held += Math.Max(0, free - beds);
            return l with { Reserved = l.Reserved + Math.Max(0, free - beds) };
        }).ToList();
        var all = problem.Locations.Select(l => l.Id).ToList();
        var youths = problem.Youths.Select(y => plan.Pools.TryGetValue(y.Id, out var ok)
            ? y with { ExcludeLocations = [.. y.ExcludeLocations.Union(all.Where(id => !ok.Contains(_t.LocationIndex[id])), StringComparer.Ordinal)] }
            : y).ToList();
        return (problem with { Youths = [.. youths], Locations = [.. locations] }, held);
    }
}

/// <summary>Progress of a simulation: a policy and the periods done.</summary>
/// <param name="Policy">The policy's name.</param>
/// <param name="Done">Periods done (for the hindsight: 0 before the solve, the horizon after).</param>
/// <param name="Periods">Periods in the horizon.</param>
public sealed record SimulationProgress(string Policy, int Done, int Periods);

/// <summary>The names of the simulation's policies, as written in simulation.json and accepted by <c>--policies</c>.</summary>
public static class SimulationNames
{
    /// <summary>The name of a policy.</summary>
    public static string Name(SimulationPolicy policy) => policy switch
    {
        SimulationPolicy.CapacityOnly => "capacity-only",
        SimulationPolicy.EducationFirst => "education-first",
        SimulationPolicy.Reservations => "reservations",
        SimulationPolicy.Hindsight => "hindsight",
        _ => throw new ArgumentOutOfRangeException(nameof(policy), policy, "Unknown policy."),
    };

    /// <summary>Parses a policy name; null when unknown.</summary>
    public static SimulationPolicy? Parse(string name) => name?.Trim().ToLowerInvariant() switch
    {
        "capacity-only" => SimulationPolicy.CapacityOnly,
        "education-first" => SimulationPolicy.EducationFirst,
        "reservations" => SimulationPolicy.Reservations,
        "hindsight" => SimulationPolicy.Hindsight,
        _ => null,
    };
}

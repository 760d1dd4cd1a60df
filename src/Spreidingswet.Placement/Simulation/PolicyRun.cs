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
    /// <summary>Suffix of the location copies that hold beds for a region's school-going youths.</summary>
    internal const string HeldSuffix = Preparation.HeldBeds.Suffix;

    private readonly PlacementEngine _engine;
    private readonly Timeline _t;
    private readonly SimulationPolicy _policy;
    private readonly ArrivalForecast? _forecast;

    // Per scarce education region, this batch's bed prices per period of the look-ahead (Prices): its
    // school-going youths whose stay costs more than 1 may not take its held beds. Set by Holds.
    private readonly Dictionary<string, double[]> _prices = new(StringComparer.Ordinal);

    // Every keep-apart pair of the stream, in both directions (a youth's list may name the other only once).
    private readonly ILookup<string, string> _apart;

    // Stays (periods within the look-ahead) of the school-going arrivals seen so far.
    private readonly List<int> _staysSeen = [];

    public PolicyRun(PlacementEngine engine, Timeline timeline, SimulationPolicy policy, ArrivalForecast? forecast)
    {
        _engine = engine;
        _t = timeline;
        _policy = policy;
        _forecast = forecast;
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
            if (_policy == SimulationPolicy.Reservations)
            {
                _staysSeen.AddRange(arrivals.Where(a => _t.SchoolRegion[a.Id] is not null).Select(a => Stay(a, p, Lookahead)));
            }

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
            if (batch.Count > 0)
            {
                var holdsNow = _policy == SimulationPolicy.Reservations ? Holds(p, residents, schoolArrivalsSeen, batch) : null;
                var (problem, holds) = Problem(p, batch, residents, holdsNow);
                held = holds;
                proposal = Solve(problem, date);
                if (holds > 0 && (proposal.Unplaced.Length > 0 || !Preparation.HeldBeds.KeepsApart(batch, proposal)))
                {
                    // Holding beds must never leave a youth without one, nor put a pair kept apart in one
                    // real location (one of them in its held copy): compare with the batch unheld, and if
                    // that places more (or the holds shared), with half the holds (kept when it places as
                    // many and keeps the pairs apart).
                    var (plain, _) = Problem(p, batch, residents, null);
                    var other = Solve(plain, date);
                    if (other.Unplaced.Length < proposal.Unplaced.Length || !Preparation.HeldBeds.KeepsApart(batch, proposal))
                    {
                        var half = holdsNow!.Where(kv => kv.Value / 2 > 0).ToDictionary(kv => kv.Key, kv => kv.Value / 2);
                        var (halved, halfHeld) = Problem(p, batch, residents, half);
                        var third = half.Count > 0 ? Solve(halved, date) : other;
                        (proposal, held) = half.Count > 0 && third.Unplaced.Length <= other.Unplaced.Length && Preparation.HeldBeds.KeepsApart(batch, third) ? (third, halfHeld) : (other, 0);
                    }
                }
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
                    var location = Base(a.Location);
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

    private static string Base(string location) => Preparation.HeldBeds.Base(location);

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
    /// either youth's list) excludes the resident's location instead (its held copy too, in <see cref="Problem"/>).
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
    /// (a location with an announced closure has no free beds; one closing now is closed on the date),
    /// and with holds, a copy of each holding location with the held beds that only the school-going
    /// youths of its education region may take (every other batch youth excludes it).
    /// </summary>
    private (PlacementProblem Problem, int Held) Problem(int p, List<Youth> batch, Dictionary<string, string> residents, Dictionary<int, int>? holds)
    {
        var count = residents.Values.GroupBy(l => l, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var locations = new List<Location>();
        var copiesPerRegion = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var held = 0;
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

            if (!_t.TakesIntake(l, p))
            {
                reserved = capacity;
            }

            var hold = holds?.GetValueOrDefault(l) ?? 0;
            locations.Add(loc with { Capacity = capacity, Reserved = reserved + hold, ClosesOn = null });
            if (hold > 0)
            {
                var copy = loc.Id + HeldSuffix;
                locations.Add(loc with { Id = copy, Name = loc.Name + " (held)", Capacity = hold, Reserved = 0, ClosesOn = null });
                held += hold;
                if (!copiesPerRegion.TryGetValue(_t.Region[l], out var list))
                {
                    copiesPerRegion[_t.Region[l]] = list = [];
                }

                list.Add(copy);
            }
        }

        // A wish may name a location that is closed or not yet open: it stays in the problem, full, so the wish resolves.
        var listed = locations.Select(x => x.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var wished in batch.Select(y => y.WishLocation).OfType<string>().Where(w => !listed.Contains(w) && _t.LocationIndex.ContainsKey(w)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            var l = _t.LocationIndex[wished];
            var capacity = _t.Capacity[l][Math.Min(p, _t.Periods - 1)];
            locations.Add(_t.Locations[l] with { Capacity = capacity, Reserved = capacity, ClosesOn = null });
        }

        var youths = copiesPerRegion.Count == 0 ? batch : [.. batch.Select(y => y with
        {
            ExcludeLocations = [.. y.ExcludeLocations
                .Concat(copiesPerRegion.Where(kv => kv.Key != _t.SchoolRegion[y.Id] || (_prices.TryGetValue(kv.Key, out var price) && price.Take(Stay(y, p, Lookahead)).Sum() > 1 + 1e-6)).SelectMany(kv => kv.Value))
                .Concat(y.ExcludeLocations.Select(x => x + HeldSuffix).Where(listed.Contains))
                .Distinct(StringComparer.Ordinal)],
        })];
        return (new PlacementProblem { Youths = [.. youths], Locations = [.. locations], IsSynthetic = true }, held);
    }

    /// <summary>
    /// Beds to hold per location: per education region, the school-going arrivals the forecast expects
    /// there over the look-ahead, less the beds its residents are known to free in that time (turning
    /// 18) and are expected to free (the leave rate), at most the region's free beds; spread over the
    /// region's locations that take youths, the most free beds first.
    /// </summary>
    private Dictionary<int, int> Holds(int p, Dictionary<string, string> residents, List<Dictionary<string, int>> seen, List<Youth> batch)
    {
        var lookahead = Lookahead;
        _prices.Clear();
        var count = residents.Values.GroupBy(l => l, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var free = new Dictionary<int, int>();
        for (var l = 0; l < _t.Locations.Length; l++)
        {
            if (_t.TakesIntake(l, p))
            {
                var f = _t.Capacity[l][p] - count.GetValueOrDefault(_t.Locations[l].Id);
                if (f > 0)
                {
                    free[l] = f;
                }
            }
        }

        // Beds each region's residents free per coming period: those turning 18 (known) and the expected
        // leavers (the leave rate; who leaves is not known in advance).
        var leave = 1 - Math.Pow(1 - _t.Settings.LeaveRatePerWeek, _t.Settings.CadenceDays / 7.0);
        var freeing = new Dictionary<string, double[]>(StringComparer.Ordinal);
        foreach (var (id, loc) in residents)
        {
            var region = _t.Region[_t.LocationIndex[loc]];
            if (!freeing.TryGetValue(region, out var perPeriod))
            {
                freeing[region] = perPeriod = new double[lookahead];
            }

            var youth = _t.Youths[id];
            var stays = 1.0;
            for (var h = 0; h < lookahead; h++)
            {
                var date = _t.Settings.Start.AddDays((p + 1 + h) * _t.Settings.CadenceDays);
                if (youth.AgeOn(date) >= 18)
                {
                    perPeriod[h] += stays;
                    break;
                }

                perPeriod[h] += stays * leave;
                stays *= 1 - leave;
            }
        }

        // Per region, the beds to keep now: the largest shortfall over the look-ahead of the beds freed by
        // then against the school-going arrivals expected by then (max over t of arrivals(p+1..t) - freed(p+1..t)),
        // the least stock that serves every expected arrival on time; at most the region's free beds.
        var holds = new Dictionary<int, int>();
        foreach (var region in free.Keys.Select(l => _t.Region[l]).Distinct().Order(StringComparer.Ordinal))
        {
            var freed = freeing.GetValueOrDefault(region) ?? new double[lookahead];
            var shortfall = 0.0;
            var cumulative = 0.0;
            for (var h = 0; h < lookahead; h++)
            {
                var expected = _forecast?.Expected(region, p + 1 + h, 1) ?? Trailing(seen, region);
                cumulative += expected - freed[h];
                shortfall = Math.Max(shortfall, cumulative);
            }

            // The batch's own school-going youths of the region come first: they may take held beds now.
            var own = batch.Where(y => _t.SchoolRegion[y.Id] == region).ToList();
            var need = (int)Math.Ceiling(shortfall - 1e-9) + own.Count;
            var regionFree = free.Where(kv => _t.Region[kv.Key] == region).Sum(kv => kv.Value);
            if (need > regionFree && _staysSeen.Count > 0)
            {
                _prices[region] = Prices(p, region, regionFree, freed, own, lookahead, seen);
            }

            // Held in the locations with the most free beds first.
            Preparation.HeldBeds.Spread(holds, free.Where(kv => _t.Region[kv.Key] == region), need);
        }

        return holds;
    }

    private int Lookahead => Math.Max(1, (int)Math.Ceiling(_t.Settings.LookaheadWeeks * 7.0 / _t.Settings.CadenceDays));

    /// <summary>Periods a youth placed in period p stays, within the look-ahead: until it turns 18 (the leave rate aside).</summary>
    private int Stay(Youth y, int p, int lookahead)
    {
        for (var h = 1; h <= lookahead; h++)
        {
            if (y.AgeOn(_t.Settings.Start.AddDays((p + h) * _t.Settings.CadenceDays)) >= 18)
            {
                return h;
            }
        }

        return lookahead;
    }

    /// <summary>
    /// The price of a bed per period of the look-ahead in a scarce region: the dual values of the
    /// region's capacity rows in a small LP that admits (fractionally) the batch's own school-going
    /// youths and the expected school-going arrivals (stays as those seen), each for its stay within
    /// the look-ahead, against the beds free now plus those its residents free, maximising the
    /// youths admitted. A youth is worth its bed when the prices over its stay sum to at most 1.
    /// </summary>
    private double[] Prices(int p, string region, int regionFree, double[] freed, List<Youth> own, int lookahead, List<Dictionary<string, int>> seen)
    {
        using var solver = Google.OrTools.LinearSolver.Solver.CreateSolver("GLOP");
        var rows = new Google.OrTools.LinearSolver.Constraint[lookahead];
        var stock = (double)regionFree;
        for (var t = 0; t < lookahead; t++)
        {
            if (t > 0)
            {
                stock += freed[t - 1];
            }

            rows[t] = solver.MakeConstraint(double.NegativeInfinity, stock);
        }

        var objective = solver.Objective();
        objective.SetMaximization();
        void Add(int from, int stay, double amount)
        {
            var x = solver.MakeNumVar(0, amount, "");
            objective.SetCoefficient(x, 1);
            for (var t = from; t < Math.Min(lookahead, from + stay); t++)
            {
                rows[t].SetCoefficient(x, 1);
            }
        }

        foreach (var g in own.GroupBy(y => Stay(y, p, lookahead)))
        {
            Add(0, g.Key, g.Count());
        }

        var histogram = _staysSeen.GroupBy(d => d).Select(g => (Stay: g.Key, Share: g.Count() / (double)_staysSeen.Count)).ToList();
        for (var t = 1; t < lookahead; t++)
        {
            var expected = _forecast?.Expected(region, p + t, 1) ?? Trailing(seen, region);
            foreach (var (stay, share) in histogram)
            {
                if (expected * share > 0)
                {
                    Add(t, stay, expected * share);
                }
            }
        }

        var prices = new double[lookahead];
        if (solver.Solve() == Google.OrTools.LinearSolver.Solver.ResultStatus.OPTIMAL)
        {
            for (var t = 0; t < lookahead; t++)
            {
                prices[t] = Math.Abs(rows[t].DualValue());
            }
        }

        return prices;
    }

    private static double Trailing(List<Dictionary<string, int>> seen, string region)
    {
        var window = seen.Skip(Math.Max(0, seen.Count - 8)).ToList();
        return window.Count == 0 ? 0 : window.Average(d => d.GetValueOrDefault(region));
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

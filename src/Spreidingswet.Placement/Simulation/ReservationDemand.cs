using Spreidingswet.Placement.Model;

namespace Spreidingswet.Placement.Simulation;

/// <summary>
/// What the reservations' look-ahead plan expects after a period (docs/simulation.md, "Reservations"):
/// the period each youth turns 18, the scarce education regions, and the expected demand of the coming
/// periods from a forecast (or, without one, a trailing mean of the school-going arrivals seen). Used by
/// the simulation's reservations each batch and by a proposal with a forecast (its one batch).
/// </summary>
internal sealed class ReservationDemand(Timeline t, ArrivalForecast? forecast)
{
    private readonly Timeline _t = t;
    private readonly ArrivalForecast? _forecast = forecast;

    // Per youth the period it turns 18 (the departure a policy knows; who leaves earlier is not known).
    private readonly Dictionary<string, int> _turns18 = new(StringComparer.Ordinal);

    /// <summary>The period a youth turns 18 after its entry (<see cref="Timeline.Periods"/> when not in the horizon).</summary>
    public int Turns18(string id)
    {
        if (_turns18.TryGetValue(id, out var known))
        {
            return known;
        }

        var y = _t.Youths[id];
        var period = _t.Periods;
        for (var q = Math.Max(0, _t.Entry[id] + 1); q < _t.Periods; q++)
        {
            if (y.AgeOn(_t.Dates[q]) >= 18)
            {
                period = q;
                break;
            }
        }

        return _turns18[id] = period;
    }

    /// <summary>
    /// The demand the plan expects after period p, within the look-ahead: per period and scarce education
    /// region the forecast's school-going arrivals (else a trailing mean of 8 periods), spread over the
    /// profiles of the school-going arrivals seen so far (age on arrival, gender, care level, needs, periods to
    /// 18 rounded up to 4 weeks), each of which counts only in its region's pools; and the youths without a
    /// school, as many per school-going arrival as seen so far, over their profiles, anywhere.
    /// </summary>
    /// <param name="p">The period of the batch.</param>
    /// <param name="residents">The residents now (youth id to location id).</param>
    /// <param name="seen">The arrivals seen so far with their period: the profiles of the expected youths.</param>
    /// <param name="schoolSeen">Per period seen, the school-going arrivals per region (the trailing mean without a forecast).</param>
    /// <param name="everyRegion">Expect school-going arrivals in every forecast region, scarce or not (a proposal: the planner named them).</param>
    /// <param name="expectOthers">Expect youths without a school too (the simulation; a planner's forecast names only the school-going).</param>
    /// <param name="maxProfiles">At most this many profiles (the most frequent, their shares scaled to the whole): bounds the plan's size for a proposal.</param>
    /// <param name="asSchoolGoing">Take every youth seen as a profile of the school-going arrivals (a proposal whose youths have no school).</param>
    public List<LookaheadPlan.Demand> Expected(int p, Dictionary<string, string> residents, List<(Youth Youth, int Period)> seen, List<Dictionary<string, int>> schoolSeen, bool everyRegion = false, bool expectOthers = true, int maxProfiles = int.MaxValue, bool asSchoolGoing = false)
    {
        var demand = new List<LookaheadPlan.Demand>();
        var school = seen.Where(s => asSchoolGoing || _t.SchoolRegion[s.Youth.Id] is not null).ToList();
        if (school.Count == 0)
        {
            return demand;
        }

        var others = seen.Where(s => _t.SchoolRegion[s.Youth.Id] is null).ToList();
        var ratio = others.Count / (double)school.Count;
        var step = Math.Max(1, (int)Math.Ceiling(28.0 / _t.Settings.CadenceDays));
        List<(Youth Youth, int Age, int Stay, double Share)> Profiles(List<(Youth Youth, int Period)> from)
        {
            List<(Youth Youth, int Age, int Stay, double Share)> all = [.. from.Select(s => (s.Youth, Age: s.Youth.AgeOn(_t.Dates[s.Period]), Stay: Math.Max(1, Turns18(s.Youth.Id) - s.Period)))
                .GroupBy(x => (x.Age, Stay: (x.Stay + step - 1) / step * step, x.Youth.Gender, x.Youth.CareLevel, Needs: string.Join(';', x.Youth.Needs)))
                .OrderBy(g => g.Key.ToString(), StringComparer.Ordinal)
                .Select(g => (g.First().Youth with { ExcludeLocations = [], KeepApart = [], SiblingGroup = null }, g.Key.Age, g.Key.Stay, g.Count() / (double)from.Count))];
            if (all.Count <= maxProfiles)
            {
                return all;
            }

            // The most frequent profiles only (in their order), their shares scaled to the whole.
            var top = all.Select((x, i) => (x, i)).OrderByDescending(x => x.x.Share).ThenBy(x => x.i).Take(maxProfiles).OrderBy(x => x.i).Select(x => x.x).ToList();
            var total = top.Sum(x => x.Share);
            return [.. top.Select(x => x with { Share = x.Share / total })];
        }

        var schoolProfiles = Profiles(school);
        var otherProfiles = Profiles(others);
        var regions = (_forecast is { PerPeriod.IsDefaultOrEmpty: false } f ? f.PerPeriod[0].Keys : _t.Region.Where(r => r.Length > 0))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        double Rate(string region, int q) => _forecast?.Expected(region, q, 1) ?? Trailing(schoolSeen, region);
        var scarceRegions = everyRegion ? regions : [.. regions.Where(Scarce(regions, p, residents, Rate).Contains)];
        var last = Math.Min(_t.Periods, p + 1 + Lookahead);
        for (var q = p + 1; q < last; q++)
        {
            foreach (var r in scarceRegions)
            {
                var e = Rate(r, q);
                demand.AddRange(schoolProfiles.Select(x => new LookaheadPlan.Demand(q, q + x.Stay, r, x.Youth, x.Age, e * x.Share, OwnRegionOnly: true)));
            }

            if (!expectOthers)
            {
                continue;
            }

            var total = regions.Sum(r => Rate(r, q)) * ratio;
            demand.AddRange(otherProfiles.Select(x => new LookaheadPlan.Demand(q, q + x.Stay, null, x.Youth, x.Age, total * x.Share, OwnRegionOnly: false)));
        }

        return demand;
    }

    private int Lookahead => Math.Max(1, (int)Math.Ceiling(_t.Settings.LookaheadWeeks * 7.0 / _t.Settings.CadenceDays));

    /// <summary>
    /// The education regions whose expected school-going arrivals over the look-ahead exceed, at some
    /// period, their free beds now plus those their residents free by turning 18 (counted once for every region).
    /// </summary>
    private HashSet<string> Scarce(IEnumerable<string> regions, int p, Dictionary<string, string> residents, Func<string, int, double> rate)
    {
        var count = residents.Values.GroupBy(l => l, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var stock = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var l = 0; l < _t.Locations.Length; l++)
        {
            if (_t.TakesIntake(l, p))
            {
                stock[_t.Region[l]] = stock.GetValueOrDefault(_t.Region[l]) + Math.Max(0, _t.Capacity[l][p] - count.GetValueOrDefault(_t.Locations[l].Id));
            }
        }

        var freed = new Dictionary<string, int[]>(StringComparer.Ordinal);
        foreach (var (id, loc) in residents)
        {
            var region = _t.Region[_t.LocationIndex[loc]];
            if (!freed.TryGetValue(region, out var perPeriod))
            {
                freed[region] = perPeriod = new int[_t.Periods + 1];
            }

            perPeriod[Math.Min(Turns18(id), _t.Periods)]++;
        }

        var scarce = new HashSet<string>(StringComparer.Ordinal);
        foreach (var region in regions)
        {
            var left = stock.GetValueOrDefault(region);
            var frees = freed.GetValueOrDefault(region);
            for (var q = p + 1; q < Math.Min(_t.Periods, p + 1 + Lookahead); q++)
            {
                left += (frees?[q] ?? 0) - rate(region, q);
                if (left < 0)
                {
                    scarce.Add(region);
                    break;
                }
            }
        }

        return scarce;
    }

    private static double Trailing(List<Dictionary<string, int>> seen, string region)
    {
        var window = seen.Skip(Math.Max(0, seen.Count - 8)).ToList();
        return window.Count == 0 ? 0 : window.Average(d => d.GetValueOrDefault(region));
    }
}

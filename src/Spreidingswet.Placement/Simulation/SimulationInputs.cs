using System.Collections.Immutable;
using System.Globalization;
using Spreidingswet.Placement.Geography;
using Spreidingswet.Placement.Inputs;
using Spreidingswet.Placement.Model;

namespace Spreidingswet.Placement.Simulation;

/// <summary>
/// Generated simulation inputs (labelled synthetic): a starting situation from
/// <see cref="SyntheticGenerator"/> (every youth a resident, no pins), a seasonal arrival stream whose
/// school-going arrivals are concentrated in a few education regions, and scheduled closures,
/// openings and capacity increases. Deterministic for a seed.
/// </summary>
public static class SimulationInputs
{
    /// <summary>Generates the starting situation, the arrivals and the changes of a horizon.</summary>
    /// <param name="start">Size of the starting situation (<see cref="SyntheticSettings.Youths"/> residents over <see cref="SyntheticSettings.Locations"/> locations); its seed seeds everything.</param>
    /// <param name="arrivals">The arrival rate model.</param>
    /// <param name="settings">The horizon (start date, periods, cadence).</param>
    /// <param name="closures">Locations that close during the horizon (announced: no intake; residents move on the date).</param>
    /// <param name="geography">Region layers.</param>
    public static SimulationInput Generate(SyntheticSettings start, ArrivalModel arrivals, SimulationSettings settings, int closures, RegionMap geography)
    {
        ArgumentNullException.ThrowIfNull(start);
        ArgumentNullException.ThrowIfNull(arrivals);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(geography);
        var situation = SyntheticGenerator.Generate(start with { ResidentShare = 1, PinShare = 0, PlanningDate = settings.Start, Closures = 0 }, geography);
        // Youths the generator found no fitting bed for are not residents: left out of the start.
        var housed = situation.Youths.Where(y => y.CurrentLocation is not null).ToList();
        var housedIds = housed.Select(y => y.Id).ToHashSet(StringComparer.Ordinal);
        situation = situation with { Youths = [.. housed.Select(y => y with { KeepApart = [.. y.KeepApart.Where(housedIds.Contains)] })] };
        var random = new Random(HashCode(start.Seed, "simulation-stream"));
        var locations = situation.Locations.ToList();
        var region = locations.ToDictionary(l => l.Id, l => geography.Lookup(l.Point).EducationRegion?.Code ?? "", StringComparer.Ordinal);

        // Hot regions: drawn among the regions with at least 2 % of the beds.
        var bedsPerRegion = locations.GroupBy(l => region[l.Id]).Where(g => g.Key.Length > 0)
            .ToDictionary(g => g.Key, g => g.Sum(l => l.Capacity), StringComparer.Ordinal);
        var totalBeds = Math.Max(1, bedsPerRegion.Values.Sum());
        var eligibleHot = bedsPerRegion.Where(kv => kv.Value >= 0.02 * totalBeds).Select(kv => kv.Key).Order(StringComparer.Ordinal).ToList();
        var hot = eligibleHot.OrderBy(_ => random.Next()).Take(Math.Min(arrivals.HotRegions, eligibleHot.Count)).Order(StringComparer.Ordinal).ToList();
        var regionCodes = bedsPerRegion.Keys.Order(StringComparer.Ordinal).ToList();
        var share = regionCodes.ToDictionary(r => r, r =>
            ((1 - (hot.Count > 0 ? arrivals.HotShare : 0)) * bedsPerRegion[r] / totalBeds) + (hot.Contains(r) ? arrivals.HotShare / hot.Count : 0), StringComparer.Ordinal);

        // Arrivals: a Poisson count per period around the seasonal rate, profiles as the generator's arrivals.
        var all = new List<Youth>();
        var forecast = ImmutableArray.CreateBuilder<ImmutableSortedDictionary<string, double>>();
        var weeks = settings.CadenceDays / 7.0;
        for (var p = 0; p < settings.Periods; p++)
        {
            var date = settings.Start.AddDays(p * settings.CadenceDays);
            var week = ISOWeek.GetWeekOfYear(date.ToDateTime(TimeOnly.MinValue));
            var rate = arrivals.WeeklyRate * weeks * (1 + (arrivals.Seasonality * Math.Cos(2 * Math.PI * (week - arrivals.PeakWeek) / 52.0)));
            forecast.Add(regionCodes.ToImmutableSortedDictionary(r => r, r => rate * arrivals.SchoolGoingShare * share[r], StringComparer.Ordinal));
            var count = Poisson(random, rate);
            if (count == 0)
            {
                continue;
            }

            var batch = SyntheticGenerator.Arrivals(count, HashCode(start.Seed, $"arrivals-{p}"), date, geography);
            var ids = batch.Select((y, i) => (y.Id, New: string.Create(CultureInfo.InvariantCulture, $"A{p + 1:D3}-{i + 1:D4}"))).ToDictionary(x => x.Id, x => x.New, StringComparer.Ordinal);
            var groupRegion = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var y in batch)
            {
                string? school;
                if (y.SiblingGroup is { } g && groupRegion.TryGetValue(g, out var shared))
                {
                    school = shared;
                }
                else
                {
                    school = random.NextDouble() < arrivals.SchoolGoingShare ? Pick(random, regionCodes, r => share[r]) : null;
                    if (y.SiblingGroup is { } g2)
                    {
                        groupRegion[g2] = school;
                    }
                }

                all.Add(y with
                {
                    Id = ids[y.Id],
                    KeepApart = [.. y.KeepApart.Select(k => ids[k])],
                    SiblingGroup = y.SiblingGroup is null ? null : string.Create(CultureInfo.InvariantCulture, $"G{p + 1:D3}-{y.SiblingGroup}"),
                    ArrivedOn = date.AddDays(-random.Next(0, settings.CadenceDays)),
                    School = school is null ? null : new School(null, school),
                });
            }
        }

        // Changes: closures of non-POL locations at random periods, two openings, three capacity increases.
        var changes = new List<LocationChange>();
        var closable = locations.Where(l => l.Type != "POL").OrderBy(_ => random.Next()).Take(closures).ToList();
        foreach (var l in closable)
        {
            changes.Add(new LocationChange(settings.Start.AddDays(random.Next(1, Math.Max(2, settings.Periods)) * settings.CadenceDays), l.Id, LocationChangeKind.Close));
        }

        var opened = locations.Where(l => l.Type is "KWV" or "NIDOS").OrderBy(_ => random.Next()).Take(Math.Min(2, settings.Periods > 1 ? 2 : 0)).ToList();
        foreach (var (l, i) in opened.Select((l, i) => (l, i)))
        {
            var id = string.Create(CultureInfo.InvariantCulture, $"L9{i + 1:D3}");
            locations.Add(l with { Id = id, Name = "new " + l.Name });
            changes.Add(new LocationChange(settings.Start.AddDays(random.Next(1, Math.Max(2, settings.Periods)) * settings.CadenceDays), id, LocationChangeKind.Open));
        }

        foreach (var l in locations.Take(situation.Locations.Length).Where(l => !closable.Contains(l)).OrderBy(_ => random.Next()).Take(settings.Periods > 1 ? 3 : 0).ToList())
        {
            changes.Add(new LocationChange(settings.Start.AddDays(random.Next(1, Math.Max(2, settings.Periods)) * settings.CadenceDays), l.Id, LocationChangeKind.Capacity, l.Capacity + 4));
        }

        return new SimulationInput
        {
            Start = situation with { Locations = [.. locations] },
            Arrivals = [.. all.OrderBy(y => y.ArrivedOn).ThenBy(y => y.Id, StringComparer.Ordinal)],
            Changes = [.. changes.OrderBy(c => c.Date).ThenBy(c => c.Location, StringComparer.Ordinal)],
            Forecast = new ArrivalForecast(forecast.ToImmutable()),
            Source = string.Create(CultureInfo.InvariantCulture,
                $"synthetic: {start.Youths} residents, {start.Locations} locations, seed {start.Seed}, {arrivals.WeeklyRate:0.#} arrivals a week (seasonality {arrivals.Seasonality:0.##}, {arrivals.SchoolGoingShare:P0} school-going, {arrivals.HotShare:P0} of them in {string.Join('/', hot)}), {closures} closures"),
        };
    }

    /// <summary>A stable 32-bit hash of a seed and a text (FNV-1a then a final mix), the same on every platform and run.</summary>
    internal static int HashCode(int seed, string text) => Mix(seed, text);

    private static int Mix(int seed, string text)
    {
        unchecked
        {
            var h = 14695981039346656037UL ^ (ulong)(uint)seed;
            foreach (var c in text)
            {
                h = (h ^ c) * 1099511628211UL;
            }

            h ^= h >> 33;
            h *= 0xff51afd7ed558ccdUL;
            h ^= h >> 33;
            return (int)(h & 0x7fffffff);
        }
    }

    /// <summary>A stable uniform number in [0, 1) for a seed and a text.</summary>
    internal static double Uniform(int seed, string text) => HashCode(seed, text) / (double)int.MaxValue;

    private static int Poisson(Random random, double mean)
    {
        if (mean <= 0)
        {
            return 0;
        }

        if (mean > 50)
        {
            // Normal approximation, rounded, for large means.
            var u1 = 1.0 - random.NextDouble();
            var u2 = random.NextDouble();
            var z = Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
            return Math.Max(0, (int)Math.Round(mean + (Math.Sqrt(mean) * z)));
        }

        var limit = Math.Exp(-mean);
        var k = 0;
        var p = random.NextDouble();
        while (p > limit)
        {
            k++;
            p *= random.NextDouble();
        }

        return k;
    }

    private static T Pick<T>(Random random, IReadOnlyList<T> items, Func<T, double> weight)
    {
        var total = items.Sum(weight);
        var r = random.NextDouble() * total;
        foreach (var item in items)
        {
            r -= weight(item);
            if (r <= 0)
            {
                return item;
            }
        }

        return items[^1];
    }
}

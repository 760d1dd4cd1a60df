using System.Collections.Immutable;
using System.Globalization;
using Spreidingswet.Placement.Geography;
using Spreidingswet.Placement.Model;

namespace Spreidingswet.Placement.Simulation;

/// <summary>
/// The policy-independent facts of a horizon, computed once: batch dates, each location's region,
/// opening and closing period and capacity per period, each youth's entry and departure period and
/// school region. Every policy and the hindsight model read the same timeline, so that they are
/// compared on the same stream.
/// </summary>
internal sealed class Timeline
{
    public Timeline(SimulationInput input, SimulationSettings settings, RegionMap geography)
    {
        Settings = settings;
        Periods = settings.Periods;
        Dates = [.. Enumerable.Range(0, Periods).Select(p => settings.Start.AddDays(p * settings.CadenceDays))];
        Locations = [.. input.Start.Locations];
        LocationIndex = Locations.Select((l, i) => (l.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);
        Region = [.. Locations.Select(l => (l.MunicipalityCode is { } m ? geography.Municipality(m)?.EducationRegion?.Code : null) ?? geography.Lookup(l.Point).EducationRegion?.Code ?? "")];
        OpenPeriod = new int[Locations.Length];
        ClosePeriod = Enumerable.Repeat(int.MaxValue, Locations.Length).ToArray();
        Capacity = new int[Locations.Length][];
        for (var l = 0; l < Locations.Length; l++)
        {
            Capacity[l] = Enumerable.Repeat(Locations[l].Capacity, Periods).ToArray();
        }

        foreach (var c in input.Changes)
        {
            var l = LocationIndex[c.Location];
            var p = PeriodOn(c.Date);
            switch (c.Kind)
            {
                case LocationChangeKind.Close:
                    ClosePeriod[l] = Math.Min(ClosePeriod[l], p);
                    break;
                case LocationChangeKind.Open:
                    OpenPeriod[l] = Math.Max(OpenPeriod[l], p);
                    break;
                case LocationChangeKind.Capacity:
                    for (var q = Math.Max(0, p); q < Periods; q++)
                    {
                        Capacity[l][q] = Math.Max(Capacity[l][q], c.Capacity ?? 0);
                    }

                    break;
            }
        }

        Youths = input.Start.Youths.Concat(input.Arrivals).ToDictionary(y => y.Id, y => y, StringComparer.Ordinal);
        Entry = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var y in input.Start.Youths)
        {
            Entry[y.Id] = -1;
        }

        ArrivalsAt = [.. Enumerable.Range(0, Periods).Select(_ => new List<Youth>())];
        foreach (var a in input.Arrivals)
        {
            var p = PeriodOn(a.ArrivedOn!.Value);
            Entry[a.Id] = p;
            ArrivalsAt[p].Add(a);
        }

        var leave = 1 - Math.Pow(1 - settings.LeaveRatePerWeek, settings.CadenceDays / 7.0);
        Departure = new Dictionary<string, int>(StringComparer.Ordinal);
        SchoolRegion = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var y in Youths.Values)
        {
            var from = Entry[y.Id] + 1;
            var dep = Periods;
            for (var p = Math.Max(0, from); p < Periods; p++)
            {
                if (y.AgeOn(Dates[p]) >= 18 || StreamUniform(settings.Seed, y.Id, p) < leave)
                {
                    dep = p;
                    break;
                }
            }

            Departure[y.Id] = dep;
            SchoolRegion[y.Id] = y.School switch
            {
                null => null,
                { RegionCode: { } code } => code,
                { Point: { } point } => geography.Lookup(point).EducationRegion?.Code,
                _ => null,
            };
        }
    }

    public SimulationSettings Settings { get; }

    public int Periods { get; }

    public ImmutableArray<DateOnly> Dates { get; }

    public ImmutableArray<Location> Locations { get; }

    public Dictionary<string, int> LocationIndex { get; }

    public ImmutableArray<string> Region { get; }

    /// <summary>First period the location takes youths (0 unless it opens later).</summary>
    public int[] OpenPeriod { get; }

    /// <summary>Period the location closes (its residents move); <see cref="int.MaxValue"/> for none.</summary>
    public int[] ClosePeriod { get; }

    /// <summary>Capacity per location per period.</summary>
    public int[][] Capacity { get; }

    public Dictionary<string, Youth> Youths { get; }

    /// <summary>Period a youth arrives (-1 for starting residents).</summary>
    public Dictionary<string, int> Entry { get; }

    /// <summary>Period a youth leaves (before that period's batch); <see cref="Periods"/> when it stays.</summary>
    public Dictionary<string, int> Departure { get; }

    public Dictionary<string, string?> SchoolRegion { get; }

    public ImmutableArray<List<Youth>> ArrivalsAt { get; }

    /// <summary>Whether a location takes new youths in a period: open, and no closure announced in the horizon.</summary>
    public bool TakesIntake(int l, int p) => OpenPeriod[l] <= p && ClosePeriod[l] == int.MaxValue;

    /// <summary>Whether a location exists (open, not yet closed) in a period.</summary>
    public bool IsOpen(int l, int p) => OpenPeriod[l] <= p && ClosePeriod[l] > p;

    /// <summary>The period of a date: the first batch on or after it (dates before the start belong to the first; dates after the last batch give <see cref="Periods"/> or more).</summary>
    public int PeriodOn(DateOnly date)
    {
        var days = date.DayNumber - Settings.Start.DayNumber;
        return days <= 0 ? 0 : (days + Settings.CadenceDays - 1) / Settings.CadenceDays;
    }

    private static double StreamUniform(int seed, string id, int period)
        => SimulationInputs.Uniform(seed, string.Create(CultureInfo.InvariantCulture, $"leave:{id}:{period}"));
}

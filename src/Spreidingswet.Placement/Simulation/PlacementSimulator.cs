using System.Collections.Immutable;
using System.Globalization;
using Spreidingswet.Placement.Geography;
using Spreidingswet.Placement.Model;

namespace Spreidingswet.Placement.Simulation;

/// <summary>
/// Planning over time: a horizon of weekly (or monthly) batches from a starting situation, each
/// placed by a policy through the real engine, the proposal becoming the next period's situation;
/// the policies compared on the same stream of arrivals, departures and location changes, and
/// measured against the hindsight optimum (docs/simulation.md).
/// </summary>
/// <remarks>Thread-safe: one simulator may run many simulations at the same time (each builds its own state).</remarks>
public sealed class PlacementSimulator
{
    private readonly PlacementEngine _engine;
    private readonly RegionMap _geography;

    /// <summary>Creates a simulator over an engine and its geography.</summary>
    public PlacementSimulator(PlacementEngine engine, RegionMap geography)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(geography);
        _engine = engine;
        _geography = geography;
    }

    /// <summary>
    /// Runs every policy of <paramref name="settings"/> on the same stream, and the hindsight model
    /// when asked, and measures each policy's share of the hindsight's value on the education criterion.
    /// </summary>
    /// <param name="input">The starting situation, the arrivals and the changes.</param>
    /// <param name="settings">The horizon, the policies and the limits.</param>
    /// <param name="progress">Receives a report after every period of every policy; null for none.</param>
    /// <param name="cancellation">Stops the run (throws <see cref="OperationCanceledException"/>).</param>
    /// <returns>The result, or every input error (nothing is simulated then).</returns>
    public LoadResult<SimulationResult> Run(SimulationInput input, SimulationSettings settings, IProgress<SimulationProgress>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(settings);
        var errors = settings.Validate().Concat(Validate(input, settings)).ToList();
        if (errors.Count == 0)
        {
            errors.AddRange(CheckArrivals(input, settings));
        }

        if (errors.Count > 0)
        {
            return LoadResult<SimulationResult>.Failure(errors);
        }

        var timeline = new Timeline(input, settings, _geography);
        var results = new List<PolicyResult>();
        HindsightReport? hindsight = null;
        foreach (var policy in settings.Policies.Distinct())
        {
            if (policy == SimulationPolicy.Hindsight)
            {
                progress?.Report(new SimulationProgress(SimulationNames.Name(policy), 0, settings.Periods));
                var (report, result) = HindsightModel.Solve(timeline, cancellation);
                hindsight = report;
                results.Add(result);
                progress?.Report(new SimulationProgress(SimulationNames.Name(policy), settings.Periods, settings.Periods));
            }
            else
            {
                results.Add(new PolicyRun(_engine, timeline, policy, input.Forecast).Run(progress, cancellation));
            }
        }

        if (hindsight is { Status: not "none" } h)
        {
            results = [.. results.Select(r => r with { ShareOfHindsight = Share(r.Totals.EducationKept, h.Value) })];
        }

        return LoadResult<SimulationResult>.Success(new SimulationResult
        {
            Source = input.Source,
            Seed = settings.Seed,
            Start = settings.Start,
            Periods = settings.Periods,
            Cadence = settings.Cadence == SimulationCadence.Weekly ? "weekly" : "monthly",
            StartResidents = input.Start.Youths.Length,
            Locations = input.Start.Locations.Length,
            Arrivals = input.Arrivals.Length,
            Policies = [.. results],
            Hindsight = hindsight,
        });
    }

    internal static double Share(int kept, double value) => value <= 0 ? 1.0 : Math.Round(kept / value, 4);

    /// <summary>
    /// The arrivals as the engine will read them in their batch (no current location), checked once
    /// against the starting locations: unknown locations in <c>exclude_locations</c> or a wish, unknown
    /// regions, a bad school; each error names the arrival's file and line when it was read from one.
    /// </summary>
    private IEnumerable<InputError> CheckArrivals(SimulationInput input, SimulationSettings settings)
    {
        if (input.Arrivals.IsDefaultOrEmpty)
        {
            return [];
        }

        var records = input.ArrivalSources.ToDictionary(kv => "youth:" + kv.Key, kv => (kv.Value.File, kv.Value.Line), StringComparer.Ordinal);
        var file = input.ArrivalSources.Values.Select(s => s.File).FirstOrDefault() ?? "arrivals";
        var problem = input.Start with
        {
            Youths = [.. input.Arrivals.Select(a => a with { CurrentLocation = null, LockedLocation = null })],
            Sources = new Inputs.SourceMap(records, file, "locations", null, null, null, null),
        };
        var resolved = Preparation.Resolver.Resolve(problem, _geography, settings.Start, settings.Seed);
        return resolved.Errors;
    }

    /// <summary>Every problem with the input: unknown or duplicate ids, arrivals outside the horizon, changes to unknown locations, capacity decreases.</summary>
    private static List<InputError> Validate(SimulationInput input, SimulationSettings settings)
    {
        var errors = new List<InputError>();
        var locations = new HashSet<string>(StringComparer.Ordinal);
        foreach (var l in input.Start.Locations)
        {
            if (!locations.Add(l.Id))
            {
                errors.Add(new InputError("locations", 0, "id", l.Id, "appears more than once."));
            }
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var y in input.Start.Youths)
        {
            if (!ids.Add(y.Id))
            {
                errors.Add(new InputError("youths", 0, "id", y.Id, "appears more than once."));
            }

            if (y.CurrentLocation is null)
            {
                errors.Add(new InputError("youths", 0, "current_location", y.Id, "a starting situation has residents only: every youth needs a current location.", "Maybe list new arrivals in the arrivals file."));
            }
            else if (!locations.Contains(y.CurrentLocation))
            {
                errors.Add(new InputError("youths", 0, "current_location", y.CurrentLocation, $"youth {y.Id}: no such location."));
            }

            if (y.BirthDate is null && y.Age is null)
            {
                errors.Add(new InputError("youths", 0, "birth_date", y.Id, "a simulation needs every youth's birth date or age (departures at 18)."));
            }
        }

        var end = settings.Start.AddDays((settings.Periods - 1) * settings.CadenceDays);
        var first = settings.Start.AddDays(-settings.CadenceDays + 1);
        foreach (var a in input.Arrivals)
        {
            var (file, line) = input.ArrivalSources.TryGetValue(a.Id, out var where) ? (where.File, where.Line) : ("arrivals", 0);
            if (!ids.Add(a.Id))
            {
                errors.Add(new InputError(file, line, "id", a.Id, "appears more than once (among the residents and the arrivals).", "Maybe give the arrivals ids of their own (the generated residents are Y00001 and up)."));
            }

            if (a.ArrivedOn is not { } on)
            {
                errors.Add(new InputError(file, line, "arrived_on", a.Id, "every arrival needs an arrival date."));
            }
            else if (on < first || on > end)
            {
                errors.Add(new InputError(file, line, "arrived_on", on.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    $"youth {a.Id} arrives outside the horizon {first:yyyy-MM-dd} to {end:yyyy-MM-dd}.", "Maybe change --start or --weeks."));
            }
        }

        var capacity = input.Start.Locations.GroupBy(l => l.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Capacity, StringComparer.Ordinal);
        foreach (var c in input.Changes.OrderBy(c => c.Date))
        {
            if (!locations.Contains(c.Location))
            {
                errors.Add(new InputError(c.File ?? "changes", c.Line, "location", c.Location, "no such location.", "Maybe add it to locations.csv (an opening needs the location)."));
                continue;
            }

            if (c.Kind == LocationChangeKind.Capacity)
            {
                if (c.Capacity is not { } value || value < capacity[c.Location])
                {
                    errors.Add(new InputError(c.File ?? "changes", c.Line, "capacity", c.Capacity?.ToString(CultureInfo.InvariantCulture) ?? "",
                        $"location {c.Location}: a capacity change must be an increase (now {capacity[c.Location]}).", "Maybe close the location instead."));
                }
                else
                {
                    capacity[c.Location] = value;
                }
            }
        }

        return errors;
    }
}

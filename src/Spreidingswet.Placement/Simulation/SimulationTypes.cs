using System.Collections.Immutable;
using Spreidingswet.Placement.Model;

namespace Spreidingswet.Placement.Simulation;

/// <summary>How often a batch is placed.</summary>
public enum SimulationCadence
{
    /// <summary>Every 7 days.</summary>
    Weekly,

    /// <summary>Every 28 days (thirteen periods a year).</summary>
    Monthly,
}

/// <summary>A policy compared on the simulated stream.</summary>
public enum SimulationPolicy
{
    /// <summary>Today's practice: <see cref="Policy.CapacityOnly"/> on each batch.</summary>
    CapacityOnly,

    /// <summary><see cref="Policy.EducationFirst"/> on each batch alone (myopic).</summary>
    EducationFirst,

    /// <summary><see cref="Policy.EducationFirst"/> with beds held per education region for the school-going arrivals the forecast expects there (docs/simulation.md).</summary>
    Reservations,

    /// <summary>The whole horizon known in advance, solved as one time-expanded model (an optimum or a proven bound): the yardstick.</summary>
    Hindsight,
}

/// <summary>What a scheduled change does to a location.</summary>
public enum LocationChangeKind
{
    /// <summary>The location closes on the date: its residents must move. Announced in advance: it takes no new youths during the whole horizon.</summary>
    Close,

    /// <summary>The location opens on the date (it is in the starting locations with this change; before the date it takes nobody).</summary>
    Open,

    /// <summary>The location's capacity becomes <see cref="LocationChange.Capacity"/> (an increase; a decrease is refused: close the location instead).</summary>
    Capacity,
}

/// <summary>A scheduled change to a location.</summary>
/// <param name="Date">When it takes effect (applied in the first batch on or after the date).</param>
/// <param name="Location">The location id.</param>
/// <param name="Kind">What changes.</param>
/// <param name="Capacity">The new capacity (for <see cref="LocationChangeKind.Capacity"/>; else null).</param>
public sealed record LocationChange(DateOnly Date, string Location, LocationChangeKind Kind, int? Capacity = null)
{
    /// <summary>The file the change was read from (errors name it); null when made in code.</summary>
    public string? File { get; init; }

    /// <summary>The line of that file (errors name it); 0 when made in code.</summary>
    public int Line { get; init; }
}

/// <summary>The generated arrival stream: a seasonal weekly rate, deterministic for a seed, with the school-going arrivals concentrated in a few education regions.</summary>
public sealed record ArrivalModel
{
    /// <summary>Mean arrivals per week over the year. Default 75.</summary>
    public double WeeklyRate { get; init; } = 75;

    /// <summary>Seasonal amplitude: the rate is <c>WeeklyRate x (1 + a cos(2 pi (week - PeakWeek) / 52))</c>. Default 0.35.</summary>
    public double Seasonality { get; init; } = 0.35;

    /// <summary>Week of the year with the highest rate. Default 40 (autumn).</summary>
    public int PeakWeek { get; init; } = 40;

    /// <summary>Share of arrivals who arrive with a school (transfers, returns): their education region is known. Default 0.5.</summary>
    public double SchoolGoingShare { get; init; } = 0.5;

    /// <summary>Education regions that receive <see cref="HotShare"/> of the school-going arrivals. Default 3.</summary>
    public int HotRegions { get; init; } = 3;

    /// <summary>Share of school-going arrivals in the hot regions (the rest spread by beds). Default 0.6.</summary>
    public double HotShare { get; init; } = 0.6;
}

/// <summary>Settings of a simulation run, with documented defaults.</summary>
public sealed record SimulationSettings
{
    /// <summary>Date of the first batch. Default 2027-01-04.</summary>
    public DateOnly Start { get; init; } = new(2027, 1, 4);

    /// <summary>Number of batches. Default 52.</summary>
    public int Periods { get; init; } = 52;

    /// <summary>Weekly or monthly batches. Default weekly.</summary>
    public SimulationCadence Cadence { get; init; } = SimulationCadence.Weekly;

    /// <summary>The policies to compare. Default all four.</summary>
    public ImmutableArray<SimulationPolicy> Policies { get; init; } =
        [SimulationPolicy.CapacityOnly, SimulationPolicy.EducationFirst, SimulationPolicy.Reservations, SimulationPolicy.Hindsight];

    /// <summary>Probability per week that a resident leaves for another reason than turning 18 (drawn per youth and week from the seed, the same for every policy). Default 0.003.</summary>
    public double LeaveRatePerWeek { get; init; } = 0.003;

    /// <summary>Weeks of forecast the reservations' look-ahead plan counts demand for (the plan itself runs to the horizon's end). Default 52 (a season: beds freed in the spring are kept for the autumn peak: docs/simulation.md).</summary>
    public int LookaheadWeeks { get; init; } = 52;

    /// <summary>Seed of the departures stream and the engine's tie-breaking. Default 1.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Time limit of each batch's proposal. Default 30 s.</summary>
    public TimeSpan BatchTimeLimit { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Time limit of each of the hindsight model's solves: its LP, the LPs with smaller penalties (together within it), CP-SAT. Default 60 s.</summary>
    public TimeSpan HindsightTimeLimit { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Pool locations with the same education region and the same eligibility in the hindsight model
    /// (a relaxation: its optimum is then an upper bound, status <c>bound</c>). Default true; false
    /// models every location (exact, for small instances).
    /// </summary>
    public bool PoolHindsight { get; init; } = true;

    /// <summary>Keep each period's situation in the result (<see cref="PolicyResult.Situations"/>), for checks. Default false.</summary>
    public bool KeepSituations { get; init; }

    /// <summary>Days between batches.</summary>
    public int CadenceDays => Cadence == SimulationCadence.Weekly ? 7 : 28;

    /// <summary>Every problem with the settings, reported together.</summary>
    public IReadOnlyList<InputError> Validate()
    {
        var errors = new List<InputError>();
        if (Periods is < 1 or > 520)
        {
            errors.Add(new InputError("simulation", 0, "--weeks", Periods.ToString(System.Globalization.CultureInfo.InvariantCulture), "must be between 1 and 520."));
        }

        if (LeaveRatePerWeek is < 0 or > 1 || double.IsNaN(LeaveRatePerWeek))
        {
            errors.Add(new InputError("simulation", 0, "--leave-rate", LeaveRatePerWeek.ToString(System.Globalization.CultureInfo.InvariantCulture), "must be between 0 and 1."));
        }

        if (LookaheadWeeks is < 0 or > 52)
        {
            errors.Add(new InputError("simulation", 0, "--lookahead", LookaheadWeeks.ToString(System.Globalization.CultureInfo.InvariantCulture), "must be between 0 and 52."));
        }

        if (Policies.IsDefaultOrEmpty)
        {
            errors.Add(new InputError("simulation", 0, "--policies", "", "name at least one policy."));
        }

        return errors;
    }
}

/// <summary>
/// Expected school-going arrivals per education region and period, as a planner's forecast (for the
/// reservations). Generated streams carry the rate they were drawn from; a file gives its own.
/// </summary>
/// <param name="PerPeriod">Per period index (from the first batch): expected school-going arrivals per education region code.</param>
public sealed record ArrivalForecast(ImmutableArray<ImmutableSortedDictionary<string, double>> PerPeriod)
{
    /// <summary>Expected school-going arrivals in a region over periods [from, from + count); beyond the forecast the last period repeats.</summary>
    public double Expected(string region, int from, int count)
    {
        var total = 0.0;
        for (var p = from; p < from + count && !PerPeriod.IsDefaultOrEmpty; p++)
        {
            total += PerPeriod[Math.Min(p, PerPeriod.Length - 1)].GetValueOrDefault(region);
        }

        return total;
    }
}

/// <summary>
/// What a simulation runs on: the starting situation (every youth a resident at its current
/// location), the arrivals over the horizon (each with <see cref="Youth.ArrivedOn"/>), the scheduled
/// location changes and the forecast the reservations use.
/// </summary>
public sealed record SimulationInput
{
    /// <summary>The starting situation: residents (with a current location) and the locations.</summary>
    public required PlacementProblem Start { get; init; }

    /// <summary>The arrivals, each with an arrival date; ordered by date, then id.</summary>
    public required ImmutableArray<Youth> Arrivals { get; init; }

    /// <summary>Scheduled closures, openings and capacity changes.</summary>
    public ImmutableArray<LocationChange> Changes { get; init; } = [];

    /// <summary>The forecast for the reservations; null: a trailing mean of the school-going arrivals of the last 8 periods.</summary>
    public ArrivalForecast? Forecast { get; init; }

    /// <summary>A text describing how the input was made (written into simulation.json).</summary>
    public string Source { get; init; } = "";

    /// <summary>Where each arrival was read (by youth id), so that an error about it names the file and the line; empty for generated arrivals.</summary>
    public ImmutableDictionary<string, SourceLine> ArrivalSources { get; init; } = ImmutableDictionary<string, SourceLine>.Empty;
}

/// <summary>A line of an input file.</summary>
/// <param name="File">The file.</param>
/// <param name="Line">The line (1 = the header).</param>
public sealed record SourceLine(string File, int Line);

/// <summary>The arrivals read from a file, with the line of each.</summary>
/// <param name="Youths">The arrivals, ordered by arrival date, then id.</param>
/// <param name="Sources">Where each was read, by youth id (<see cref="SimulationInput.ArrivalSources"/>).</param>
public sealed record SimulationArrivals(ImmutableArray<Youth> Youths, ImmutableDictionary<string, SourceLine> Sources);

/// <summary>One period of one policy.</summary>
public sealed record PeriodResult
{
    /// <summary>Period index (0 = the first batch).</summary>
    public required int Period { get; init; }

    /// <summary>Batch date.</summary>
    public required DateOnly Date { get; init; }

    /// <summary>New arrivals in this period.</summary>
    public required int Arrivals { get; init; }

    /// <summary>Youths who left (turned 18 or left), residents and waiting.</summary>
    public required int Departures { get; init; }

    /// <summary>Youths in the batch (arrivals, waiting, residents of closing locations).</summary>
    public required int Batch { get; init; }

    /// <summary>Batch youths placed.</summary>
    public required int Placed { get; init; }

    /// <summary>Batch youths left without a bed (they wait for the next batch).</summary>
    public required int Unplaced { get; init; }

    /// <summary>Unplaced youths times the days to the next batch.</summary>
    public required int UnplacedDays { get; init; }

    /// <summary>School-going batch youths placed in their school's education region.</summary>
    public required int EducationKept { get; init; }

    /// <summary>School-going batch youths placed outside their school's education region.</summary>
    public required int BreaksCaused { get; init; }

    /// <summary>Residents moved (from a current location to another).</summary>
    public required int Moves { get; init; }

    /// <summary>Residents moved in this batch whom the simulation had already moved in the 365 days before (so moved more than once in 12 months).</summary>
    public int MovedAgainWithin12Months { get; init; }

    /// <summary>Batch youths placed in this batch who stated a wish (<see cref="Youth.HasWish"/>); null when no youth of the simulation states one (or for the hindsight, which does not model wishes).</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public int? WishesStated { get; init; }

    /// <summary>Of <see cref="WishesStated"/>, placed where every part of the wish is met (the proposal's <c>views</c> claim <c>met</c>); null as <see cref="WishesStated"/>.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public int? WishesHonoured { get; init; }

    /// <summary>Free beds the reservations' look-ahead plan kept back from the batch for the youths it expects later (reservations only; else 0).</summary>
    public required int Held { get; init; }

    /// <summary>Residents after the batch.</summary>
    public required int Residents { get; init; }

    /// <summary>Residents per education region of their location after the batch.</summary>
    public required ImmutableSortedDictionary<string, int> OccupancyPerRegion { get; init; }

    /// <summary>Beds per education region after the batch (open locations).</summary>
    public required ImmutableSortedDictionary<string, int> BedsPerRegion { get; init; }

    /// <summary>Seconds the batch took.</summary>
    public required double Seconds { get; init; }
}

/// <summary>A policy's totals over the horizon.</summary>
public sealed record PolicyTotals
{
    /// <summary>School-going youths placed in their school's education region (the education criterion, higher is better).</summary>
    public required int EducationKept { get; init; }

    /// <summary>Education region breaks caused.</summary>
    public required int BreaksCaused { get; init; }

    /// <summary>Residents moved.</summary>
    public required int Moves { get; init; }

    /// <summary>Days youths waited without a bed.</summary>
    public required int UnplacedDays { get; init; }

    /// <summary>Youths moved more than once within 12 months (two moves by the simulation at most 365 days apart; for horizons up to a year, more than once in the horizon).</summary>
    public required int MovedMoreThanOnce { get; init; }

    /// <summary>Moves that were a youth's second (or later) within 12 months: the sum of <see cref="PeriodResult.MovedAgainWithin12Months"/>.</summary>
    public int MovedAgainWithin12Months { get; init; }

    /// <summary>Placements of youths with a stated wish: the sum of <see cref="PeriodResult.WishesStated"/>; null when no youth states a wish (or for the hindsight).</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public int? WishesStated { get; init; }

    /// <summary>Of them, placed where the wish is met: the sum of <see cref="PeriodResult.WishesHonoured"/>.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public int? WishesHonoured { get; init; }

    /// <summary>Placements made (arrivals and moved residents).</summary>
    public required int Placements { get; init; }

    /// <summary>Wall-clock seconds of the policy over the horizon.</summary>
    public required double Seconds { get; init; }
}

/// <summary>One situation: where every resident is, and who waits.</summary>
/// <param name="Period">After this period's batch.</param>
/// <param name="Residents">Youth id to location id.</param>
/// <param name="Waiting">Youths without a bed.</param>
public sealed record SimulationSituation(int Period, ImmutableSortedDictionary<string, string> Residents, ImmutableArray<string> Waiting);

/// <summary>What one policy did on the stream.</summary>
public sealed record PolicyResult
{
    /// <summary>The policy name (<c>capacity-only</c>, <c>education-first</c>, <c>reservations</c>, <c>hindsight</c>).</summary>
    public required string Policy { get; init; }

    /// <summary>Totals.</summary>
    public required PolicyTotals Totals { get; init; }

    /// <summary>Education kept divided by the hindsight's value (its optimum or its bound); null without a hindsight run.</summary>
    public double? ShareOfHindsight { get; init; }

    /// <summary>Per period.</summary>
    public required ImmutableArray<PeriodResult> Weeks { get; init; }

    /// <summary>The situation after each period (only with <see cref="SimulationSettings.KeepSituations"/>; not written to simulation.json).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public ImmutableArray<SimulationSituation> Situations { get; init; } = [];
}

/// <summary>The hindsight model's outcome.</summary>
public sealed record HindsightReport
{
    /// <summary><c>optimal</c> (exact model, proven), <c>bound</c> (the value is a proven upper bound: pooled locations or not proven in time), <c>none</c> (no solution).</summary>
    public required string Status { get; init; }

    /// <summary>The value the shares are measured against: the optimum, or the proven upper bound of the education criterion.</summary>
    public required double Value { get; init; }

    /// <summary>The education criterion of the best solution found (a lower bound on the optimum of the model).</summary>
    public required int Found { get; init; }

    /// <summary>Youths the model leaves without a bed (it has no waiting: placed on arrival or never).</summary>
    public required int Unplaced { get; init; }

    /// <summary>Placement needs (arrivals and displaced residents).</summary>
    public required int Needs { get; init; }

    /// <summary>Youth classes (same arrival and departure period, school region and eligible pools).</summary>
    public required int Classes { get; init; }

    /// <summary>Location pools (a location each when not pooled).</summary>
    public required int Pools { get; init; }

    /// <summary>Integer variables of the model.</summary>
    public required int Variables { get; init; }

    /// <summary>Seconds.</summary>
    public required double Seconds { get; init; }
}

/// <summary>The outcome of a simulation: per policy, per period.</summary>
public sealed record SimulationResult
{
    /// <summary>Version of the simulation.json schema.</summary>
    public int SchemaVersion { get; init; } = 1;

    /// <summary>How the input was made.</summary>
    public required string Source { get; init; }

    /// <summary>The seed.</summary>
    public required int Seed { get; init; }

    /// <summary>Date of the first batch.</summary>
    public required DateOnly Start { get; init; }

    /// <summary>Number of periods.</summary>
    public required int Periods { get; init; }

    /// <summary><c>weekly</c> or <c>monthly</c>.</summary>
    public required string Cadence { get; init; }

    /// <summary>Residents at the start.</summary>
    public required int StartResidents { get; init; }

    /// <summary>Locations at the start.</summary>
    public required int Locations { get; init; }

    /// <summary>Arrivals over the horizon.</summary>
    public required int Arrivals { get; init; }

    /// <summary>Per policy, in the order asked.</summary>
    public required ImmutableArray<PolicyResult> Policies { get; init; }

    /// <summary>The hindsight model (null when not run).</summary>
    public HindsightReport? Hindsight { get; init; }
}

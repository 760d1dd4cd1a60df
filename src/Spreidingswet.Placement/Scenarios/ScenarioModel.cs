using System.Collections.Immutable;
using System.Globalization;
using Spreidingswet.Placement.Geography;
using Spreidingswet.Placement.Inputs;
using Spreidingswet.Placement.Model;

namespace Spreidingswet.Placement.Scenarios;

/// <summary>
/// A what-if scenario: a base (the current situation), a list of changes applied in order, and the
/// policies to compare. Read one with <see cref="ScenarioReader.Read(string)"/> or build it in code.
/// </summary>
/// <param name="Name">A name for people ("Three KWVs in Utrecht close; 60 arrivals").</param>
/// <param name="Base">The current situation and the run options.</param>
/// <param name="Changes">The changes, applied in order.</param>
/// <param name="Compare">The policies run side by side, in this order; empty = the main policy (education-first unless changed) and capacity-only.</param>
public sealed record ScenarioDefinition(string Name, ScenarioBase Base, ImmutableArray<ScenarioChange> Changes, ImmutableArray<Policy> Compare)
{
    /// <summary>The scenario file this was read from, or <c>null</c> when built in code.</summary>
    public string? File { get; init; }
}

/// <summary>
/// The base of a scenario: exactly one source of the current situation (CSV files, a JSON problem,
/// the built-in demo, a generated instance, or a problem given in code), optionally advanced by a
/// previous proposal, with the run options. Paths are absolute or relative to the working directory
/// (the reader resolves them against the scenario file).
/// </summary>
public sealed record ScenarioBase
{
    /// <summary>youths.csv (with <see cref="Locations"/>).</summary>
    public string? Youths { get; init; }

    /// <summary>locations.csv (with <see cref="Youths"/>).</summary>
    public string? Locations { get; init; }

    /// <summary>Optional isk_seats.csv (with the CSV files).</summary>
    public string? IskSeats { get; init; }

    /// <summary>Optional targets.csv (with the CSV files).</summary>
    public string? Targets { get; init; }

    /// <summary>A whole problem as one JSON document.</summary>
    public string? Problem { get; init; }

    /// <summary>The built-in synthetic demo (<see cref="SyntheticGenerator.Demo"/>).</summary>
    public bool Demo { get; init; }

    /// <summary>A generated synthetic instance (<see cref="SyntheticGenerator.Generate(SyntheticSettings, Geography.RegionMap)"/>).</summary>
    public SyntheticSettings? Generate { get; init; }

    /// <summary>A problem given in code (library use); not written in scenario files.</summary>
    public PlacementProblem? InMemory { get; init; }

    /// <summary>
    /// A previous proposal.json: its assignments become the youths' current locations before the
    /// changes are applied (re-planning from a proposal that was carried out). Default none.
    /// </summary>
    public string? FromProposal { get; init; }

    /// <summary>The planning date; default: 2026-12-01 for demo and generated bases, else today.</summary>
    public DateOnly? PlanningDate { get; init; }

    /// <summary>The main policy (changed by a <c>policy</c> change); default education-first.</summary>
    public Policy Policy { get; init; } = Policy.EducationFirst;

    /// <summary>The criteria weights (changed by <c>weights</c> changes); default <see cref="Weights.Default"/>.</summary>
    public Weights Weights { get; init; } = Weights.Default;

    /// <summary>
    /// The child's views, stability and turning 18 (when they apply, where education-first weighs the
    /// views, their weights), as <see cref="PlacementOptions.Views"/> of every policy run; weights
    /// changes can set its weights. Default <see cref="ViewsOptions.Default"/>.
    /// </summary>
    public ViewsOptions Views { get; init; } = ViewsOptions.Default;

    /// <summary>Tie-break seed; default 1.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Time limit per policy run (see <see cref="PlacementOptions.TimeLimit"/>); default 60 s.</summary>
    public TimeSpan TimeLimit { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Region layers for this scenario; <c>null</c> = the runner's geography.</summary>
    public GeographyOptions? Geography { get; init; }
}

/// <summary>One change of a scenario. The concrete records below are the kinds a scenario file can hold.</summary>
public abstract record ScenarioChange
{
    /// <summary>Only the kinds of this library: the changes are applied by kind, so no other kind can be added.</summary>
    private protected ScenarioChange()
    {
    }

    /// <summary>The kind as written in scenario files: <c>close</c>, <c>capacity</c>, <c>open</c>, <c>arrivals</c>, <c>pin</c>, <c>release</c>, <c>weights</c>, <c>policy</c>.</summary>
    public abstract string Kind { get; }

    /// <summary>The change in plain words, for outputs.</summary>
    public abstract string Describe();
}

/// <summary>Close a location: it takes nobody and its residents must move.</summary>
/// <param name="Location">Location id.</param>
/// <param name="From">The date it closes; default the planning date. A later date is planned now: who must be out by then.</param>
public sealed record CloseLocation(string Location, DateOnly? From = null) : ScenarioChange
{
    /// <inheritdoc/>
    public override string Kind => "close";

    /// <inheritdoc/>
    public override string Describe() => From is { } d ? string.Create(CultureInfo.InvariantCulture, $"close {Location} from {d:yyyy-MM-dd}") : $"close {Location}";
}

/// <summary>Change the capacity of a location: by <see cref="Delta"/> beds or <see cref="Set"/> to a number (exactly one).</summary>
/// <param name="Location">Location id.</param>
/// <param name="Delta">Beds added (negative: removed).</param>
/// <param name="Set">The new total capacity.</param>
public sealed record ChangeCapacity(string Location, int? Delta = null, int? Set = null) : ScenarioChange
{
    /// <inheritdoc/>
    public override string Kind => "capacity";

    /// <inheritdoc/>
    public override string Describe() => Set is { } s
        ? string.Create(CultureInfo.InvariantCulture, $"capacity of {Location} set to {s}")
        : string.Create(CultureInfo.InvariantCulture, $"capacity of {Location} {(Delta >= 0 ? "+" : "")}{Delta}");
}

/// <summary>Open a new location.</summary>
/// <param name="Location">The location (its id must be new).</param>
public sealed record OpenLocation(Location Location) : ScenarioChange
{
    /// <inheritdoc/>
    public override string Kind => "open";

    /// <inheritdoc/>
    public override string Describe() => string.Create(CultureInfo.InvariantCulture, $"open {Location.Id} ({Location.Name}, {Location.Capacity} beds)");
}

/// <summary>Add new arrivals (youths without a current location).</summary>
/// <param name="Youths">The arrivals (ids must be new).</param>
/// <param name="Source">Where they came from (a file), for outputs.</param>
public sealed record AddArrivals(ImmutableArray<Youth> Youths, string Source) : ScenarioChange
{
    /// <inheritdoc/>
    public override string Kind => "arrivals";

    /// <inheritdoc/>
    public override string Describe() => string.Create(CultureInfo.InvariantCulture, $"{Youths.Length} arrivals from {System.IO.Path.GetFileName(Source)}");
}

/// <summary>Add synthetic new arrivals (labelled synthetic), generated like <c>placement generate</c>'s arrivals.</summary>
/// <param name="Count">How many.</param>
/// <param name="Seed">Random seed.</param>
public sealed record GenerateArrivals(int Count, int Seed) : ScenarioChange
{
    /// <inheritdoc/>
    public override string Kind => "arrivals";

    /// <inheritdoc/>
    public override string Describe() => string.Create(CultureInfo.InvariantCulture, $"{Count} generated arrivals (seed {Seed}, ids N{Seed}-0001...)");
}

/// <summary>Pin a youth to a location (a planner's decision).</summary>
/// <param name="Youth">Youth id.</param>
/// <param name="Location">Location id.</param>
public sealed record PinYouth(string Youth, string Location) : ScenarioChange
{
    /// <inheritdoc/>
    public override string Kind => "pin";

    /// <inheritdoc/>
    public override string Describe() => $"pin {Youth} to {Location}";
}

/// <summary>Release a youth's pin.</summary>
/// <param name="Youth">Youth id.</param>
public sealed record ReleaseYouth(string Youth) : ScenarioChange
{
    /// <inheritdoc/>
    public override string Kind => "release";

    /// <inheritdoc/>
    public override string Describe() => $"release {Youth}";
}

/// <summary>Change some weights (camelCase names as in weights.json: criteria weights and the views, stability and turning-18 weights); the others keep their values.</summary>
/// <param name="Values">Weight name to value.</param>
public sealed record ChangeWeights(ImmutableSortedDictionary<string, double> Values) : ScenarioChange
{
    /// <inheritdoc/>
    public override string Kind => "weights";

    /// <inheritdoc/>
    public override string Describe() => "weights " + string.Join(", ", Values.Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key}={kv.Value}")));
}

/// <summary>Change the main policy (it must be one of the compared policies when those are given).</summary>
/// <param name="Policy">The policy.</param>
public sealed record ChangePolicy(Policy Policy) : ScenarioChange
{
    /// <inheritdoc/>
    public override string Kind => "policy";

    /// <inheritdoc/>
    public override string Describe() => "policy " + PlacementEngine.PolicyName(Policy);
}

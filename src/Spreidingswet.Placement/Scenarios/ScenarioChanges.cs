using System.Collections.Immutable;
using Spreidingswet.Placement.Geography;
using Spreidingswet.Placement.Inputs;
using Spreidingswet.Placement.Model;

namespace Spreidingswet.Placement.Scenarios;

/// <summary>A problem after a scenario's changes, with the options the changes set.</summary>
/// <param name="Problem">The changed problem (closed locations have <c>closesOn</c> on or before the planning date).</param>
/// <param name="Options">The options with the changed policy and weights and the planning date filled in.</param>
/// <param name="Applied">Each change in plain words, in order.</param>
/// <param name="Warnings">Things the planner should know (capacity below reserved beds, ...).</param>
public sealed record ChangedProblem(PlacementProblem Problem, PlacementOptions Options, ImmutableArray<AppliedChange> Applied, ImmutableArray<string> Warnings);

/// <summary>One change as applied.</summary>
/// <param name="Index">Position in the scenario's list (0-based, as in <c>changes[i]</c>).</param>
/// <param name="Kind">The kind (<c>close</c>, <c>capacity</c>, ...).</param>
/// <param name="Description">In plain words.</param>
public sealed record AppliedChange(int Index, string Kind, string Description);

/// <summary>
/// Applies scenario changes to a problem, in order, and re-bases a problem on a proposal. Invalid
/// changes (unknown ids, contradictions) are returned as errors naming the change and the field
/// (<c>changes[3].pin.youth</c>); nothing is changed then.
/// </summary>
public static partial class ScenarioChanges
{
    /// <summary>
    /// Applies <paramref name="changes"/> to <paramref name="problem"/>. The planning date is
    /// <paramref name="options"/>' (default today). Generated arrivals use <paramref name="geography"/>.
    /// </summary>
    /// <param name="problem">The current situation.</param>
    /// <param name="options">The run options; policy and weights changes start from these.</param>
    /// <param name="changes">The changes, in order.</param>
    /// <param name="geography">Region layers (for generated arrivals).</param>
    /// <param name="source">What errors name as the file (the scenario file); default <c>scenario</c>.</param>
    /// <param name="compare">The policies the scenario compares, when given explicitly: a policy change must be one of them.</param>
    public static LoadResult<ChangedProblem> Apply(PlacementProblem problem, PlacementOptions options, IReadOnlyList<ScenarioChange> changes, RegionMap geography,
        string source = "scenario", IReadOnlyList<Policy>? compare = null)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(changes);
        ArgumentNullException.ThrowIfNull(geography);
        var date = options.PlanningDate ?? DateOnly.FromDateTime(DateTime.UtcNow);
        return new Applier(problem, options with { PlanningDate = date }, geography, source, compare).Run(changes);
    }

    /// <summary>
    /// The problem as it is after a proposal was carried out: every placed youth's current location
    /// becomes its proposed location; unplaced youths keep theirs (the proposal moved them nowhere).
    /// Errors name the proposal's youths or locations that the problem does not have.
    /// </summary>
    public static LoadResult<PlacementProblem> FromProposal(PlacementProblem problem, Proposal proposal, string source = "proposal")
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(proposal);
        var youths = problem.Youths.Select(y => y.Id).ToHashSet(StringComparer.Ordinal);
        var locations = problem.Locations.Select(l => l.Id).ToHashSet(StringComparer.Ordinal);
        var errors = new List<InputError>();
        var placed = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < proposal.Assignments.Length; i++)
        {
            var a = proposal.Assignments[i];
            if (!youths.Contains(a.Youth))
            {
                errors.Add(new InputError(source, 0, $"assignments[{i}].youth", a.Youth, "is not a youth of the base problem.", "Maybe the proposal was made from other inputs?"));
            }

            if (!locations.Contains(a.Location))
            {
                errors.Add(new InputError(source, 0, $"assignments[{i}].location", a.Location, "is not a location of the base problem.", "Maybe the proposal was made from other inputs?"));
            }

            placed[a.Youth] = a.Location;
        }

        if (errors.Count > 0)
        {
            return LoadResult<PlacementProblem>.Failure(errors);
        }

        return LoadResult<PlacementProblem>.Success(problem with
        {
            Youths = [.. problem.Youths.Select(y => placed.TryGetValue(y.Id, out var l) ? y with { CurrentLocation = l } : y)],
        });
    }

    /// <summary>
    /// The options with some weights replaced (camelCase names as in a weights file: the criteria
    /// weights and the views, stability and turning-18 weights); the others keep their values. Each
    /// value that cannot be set (unknown name, negative, too large, a fraction where a whole number is
    /// needed) is a problem with its name and value.
    /// </summary>
    internal static (PlacementOptions Options, IReadOnlyList<(string Name, double Value, string Message, string? Hint)> Problems) Overlay(
        PlacementOptions options, IEnumerable<KeyValuePair<string, double>> values)
    {
        var problems = new List<(string, double, string, string?)>();
        foreach (var (name, value) in values)
        {
            var (set, error, hint) = WeightNames.Set(options, name, value);
            if (set is null)
            {
                problems.Add((name, value, error!, hint));
            }
            else
            {
                options = set;
            }
        }

        return (options, problems);
    }
}

using System.Collections.Immutable;
using Spreidingswet.Placement.Explaining;
using Spreidingswet.Placement.Geography;
using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Rules;
using Spreidingswet.Placement.Rules.HardRules;

namespace Spreidingswet.Placement.Audit;

/// <summary>
/// Checks planner decisions against a run's inputs with the engine's own rules: the hard rules
/// (<see cref="HardRule"/>), capacity given the proposal and the decisions before, keep-apart pairs,
/// and sibling groups (placed together). A decided placement that breaks a rule needs an explicit
/// override of that rule, with a reason.
/// </summary>
internal static class DecisionCheck
{
    public const string SiblingsApart = ReasonCodes.SiblingsApart;

    private static readonly ImmutableSortedSet<string> KnownCodes =
        [.. HardRule.All.Select(r => r.Code), ReasonCodes.Full, ReasonCodes.KeepApart, ReasonCodes.SiblingsDoNotFit, ReasonCodes.SiblingNotAllowed, SiblingsApart];

    /// <summary>Problems visible without the run: ids, missing reasons, unknown rule codes.</summary>
    public static IEnumerable<InputError> Shape(PlannerDecision d)
    {
        if (!AuditLog.PseudonymousId().IsMatch(d.Planner ?? ""))
        {
            yield return Error("--planner", d.Planner, "must be a pseudonymous planner id (letters, digits, '.', '_', '-'; at most 64): never a name.", "Maybe your staff pseudonym, such as P-0412?");
        }

        if (d.ExpectedSequence is < 0)
        {
            yield return Error(AuditLog.ExpectedSequenceField, d.ExpectedSequence.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), "must be 0 (no decision seen) or the record number of the youth's latest decision.");
        }

        var hasReason = !string.IsNullOrWhiteSpace(d.Reason);
        switch (d.Kind)
        {
            case DecisionKind.Change when string.IsNullOrWhiteSpace(d.Location):
                yield return Error("--change", null, "needs the location the youth goes to instead.");
                break;
            case DecisionKind.Change or DecisionKind.Reject when !hasReason:
                yield return Error("--reason", null, $"is required for a {(d.Kind == DecisionKind.Change ? "change" : "reject")}: say why.");
                break;
            case DecisionKind.Accept or DecisionKind.Reject when d.Location is not null:
                yield return Error("--change", d.Location, "a location is only given with a change.");
                break;
        }

        var overrides = d.Overrides.IsDefault ? [] : d.Overrides;
        foreach (var code in overrides.Where(c => !KnownCodes.Contains(c)))
        {
            yield return Error("--override", code, "is not a rule code.", $"Maybe one of: {string.Join(", ", KnownCodes)}?");
        }

        if (!overrides.IsEmpty && !hasReason)
        {
            yield return Error("--reason", null, "is required with --override: say why the rule is overridden.");
        }
    }

    public static LoadResult<List<(PlannerDecision Decision, string? ProposedLocation, ImmutableArray<string> BlockedBy)>> Check(
        AuditRun run, IReadOnlyList<PlannerDecision> decisions, RegionMap geography)
    {
        var created = PlacementState.Create(run.Proposal, run.Problem, geography, Language.English);
        if (created.Value is not { } state)
        {
            return LoadResult<List<(PlannerDecision, string?, ImmutableArray<string>)>>.Failure(created.Errors);
        }

        var proposed = run.Proposal.Assignments.ToDictionary(a => a.Youth, a => a.Location, StringComparer.Ordinal);
        foreach (var earlier in run.Decisions)
        {
            if (state.YouthIndex(earlier.Decision.Youth) is { } y)
            {
                state.Place(y, Target(state, earlier.Decision, proposed.GetValueOrDefault(earlier.Decision.Youth)) ?? -1);
            }
        }

        var errors = new List<InputError>();
        var results = new List<(PlannerDecision Decision, int Youth, int Target, List<string> Blocked)>();
        foreach (var d in decisions)
        {
            if (state.YouthIndex(d.Youth) is not { } y)
            {
                errors.Add(Error("--youth", d.Youth, $"is not a youth of run {run.Proposal.Run.Id}.", "Maybe placement audit show RUN lists the ids?"));
                continue;
            }

            var target = Target(state, d, proposed.GetValueOrDefault(d.Youth));
            if (target is null)
            {
                errors.Add(Error("--change", d.Location, $"is not a location of run {run.Proposal.Run.Id}.", "Maybe a typo in the id?"));
                continue;
            }

            if (d.Kind == DecisionKind.Change && d.Location == proposed.GetValueOrDefault(d.Youth))
            {
                errors.Add(Error("--change", d.Location, "is the proposed location.", "Maybe --accept?"));
                continue;
            }

            var blocked = target >= 0 ? [.. state.BlockedBy(y, target.Value)] : new List<string>();
            state.Place(y, target.Value);
            results.Add((d, y, target.Value, blocked));
        }

        // Siblings are placed together or not at all: a decision that leaves the group split says so.
        foreach (var r in results)
        {
            var group = state.Problem.Youths[r.Youth].SiblingGroup;
            if (group >= 0 && state.Problem.SiblingGroups[group].Any(m => state.At[m] != state.At[r.Youth]))
            {
                r.Blocked.Add(SiblingsApart);
            }
        }

        foreach (var (d, y, target, blocked) in results)
        {
            var overrides = d.Overrides.IsDefault ? [] : d.Overrides;
            foreach (var code in blocked.Where(c => !overrides.Contains(c)))
            {
                var text = code == SiblingsApart
                    ? Texts.SiblingsApart(string.Join(", ", state.Problem.SiblingGroups[state.Problem.Youths[y].SiblingGroup]
                        .Select(m => $"{state.Problem.Youths[m].Youth.Id} in {(state.At[m] < 0 ? "no location" : state.Problem.Locations[state.At[m]].Location.Id)}")))
                    : state.Explain(code, y, target, Language.English);
                errors.Add(Error(d.Kind == DecisionKind.Change ? "--change" : "--accept", d.Kind == DecisionKind.Change ? d.Location : d.Youth, $"{d.Youth}: [{code}] {text}.",
                    code == SiblingsApart
                        ? "Maybe decide for the whole group at once (--youth A --youth B ...), or --override SIBLINGS_APART --reason \"...\"?"
                        : $"Maybe another location, or --override {code} --reason \"...\" if you decide to override this rule?"));
            }

            foreach (var code in overrides.Where(c => !blocked.Contains(c)))
            {
                errors.Add(Error("--override", code, $"{d.Youth}: this decision does not break {code}, so there is nothing to override."));
            }
        }

        return errors.Count > 0
            ? LoadResult<List<(PlannerDecision, string?, ImmutableArray<string>)>>.Failure(errors)
            : LoadResult<List<(PlannerDecision, string?, ImmutableArray<string>)>>.Success(
                [.. results.Select(r => (r.Decision, proposed.GetValueOrDefault(r.Decision.Youth), r.Blocked.ToImmutableArray()))]);
    }

    /// <summary>Where a decision puts the youth: a location index, -1 for nowhere, null for an unknown location.</summary>
    private static int? Target(PlacementState state, PlannerDecision d, string? proposed) => d.Kind switch
    {
        DecisionKind.Change => state.LocationIndex(d.Location!),
        DecisionKind.Reject => -1,
        _ => proposed is null ? -1 : state.LocationIndex(proposed),
    };

    private static InputError Error(string field, string? value, string message, string? hint = null) => new("decision", 0, field, value, message, hint);
}

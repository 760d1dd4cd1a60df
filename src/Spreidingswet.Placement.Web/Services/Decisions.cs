using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Spreidingswet.Placement.Audit;
using Spreidingswet.Placement.Model;

namespace Spreidingswet.Placement.Web.Services;

/// <summary>A planner's decision about one youth of a run, with the version of the youth's decisions the planner saw.</summary>
/// <param name="ExpectedSequence">The audit sequence of the youth's latest decision as the planner saw it; 0 when there was none.</param>
public sealed record DecisionRequest(string Youth, DecisionKind Kind, string? Location, string? Reason, ImmutableArray<string> Overrides, long ExpectedSequence);

public abstract record DecisionOutcome;

/// <summary>Recorded in the audit log.</summary>
public sealed record DecisionRecorded(RecordedDecision Decision) : DecisionOutcome
{
    /// <summary>How many decisions the transaction recorded.</summary>
    public int Count { get; init; } = 1;
}

/// <summary>Someone decided this youth after the version the planner saw (or the version is unknown): nothing recorded.</summary>
public sealed record DecisionConflict(RecordedDecision? Latest) : DecisionOutcome;

/// <summary>The engine's check refused it; <see cref="Rules"/> are the rule codes it names (an override of them needs a reason).</summary>
public sealed record DecisionRefused(IReadOnlyList<InputError> Errors, IReadOnlyList<string> Rules) : DecisionOutcome;

public sealed record DecisionRunNotFound : DecisionOutcome;

/// <summary>
/// Records decisions through the library's <see cref="AuditLog.Decide"/> (which runs the engine's
/// hard-rule check, as <c>placement decide</c> does), with optimistic concurrency per youth: the
/// check of the expected version and the recording happen under the audit store's write gate.
/// </summary>
public sealed partial class DecisionService(AuditStore audit, Situation situation)
{
    [GeneratedRegex(@"\[([A-Z_]+)\]")]
    private static partial Regex RuleCode();

    /// <summary>The rule codes (<c>[AGE]</c>, <c>[FULL]</c>, ...) the engine's errors name.</summary>
    public static IReadOnlyList<string> RuleCodes(IEnumerable<InputError> errors) =>
        [.. errors.SelectMany(e => RuleCode().Matches(e.Message).Select(m => m.Groups[1].Value)).Distinct(StringComparer.Ordinal)];

    public Task<DecisionOutcome> DecideAsync(string runId, DecisionRequest request, string planner, CancellationToken cancellation = default) =>
        DecideAsync(runId, [request], planner, cancellation);

    /// <summary>
    /// Several youths in one transaction (a sibling group, or "accept all remaining"): all are recorded or none.
    /// <see cref="DecisionRecorded"/> carries the first recorded decision; the audit log has them all.
    /// </summary>
    public Task<DecisionOutcome> DecideAsync(string runId, IReadOnlyList<DecisionRequest> requests, string planner, CancellationToken cancellation = default) =>
        audit.WriteAsync<DecisionOutcome>(log =>
        {
            var found = log.FindRun(runId);
            if (found.Value is not { } run || requests.Count == 0)
            {
                return new DecisionRunNotFound();
            }

            foreach (var request in requests)
            {
                var latest = run.LatestDecisions.GetValueOrDefault(request.Youth);
                if ((latest?.Sequence ?? 0) != request.ExpectedSequence)
                {
                    return new DecisionConflict(latest);
                }
            }

            var decisions = requests.Select(request => new PlannerDecision(run.Proposal.Run.Id, request.Youth, request.Kind, planner)
            {
                Location = request.Kind == DecisionKind.Change ? request.Location : null,
                Reason = string.IsNullOrWhiteSpace(request.Reason) ? null : request.Reason.Trim(),
                Overrides = request.Overrides.IsDefault ? [] : [.. request.Overrides.Select(o => o.Trim().ToUpperInvariant()).Where(o => o.Length > 0).Distinct(StringComparer.Ordinal)],
                ExpectedSequence = request.ExpectedSequence,
            }).ToList();
            var result = log.Decide(decisions, situation.GeographyOf(run));
            if (result.Value is { Count: > 0 } recorded)
            {
                return new DecisionRecorded(recorded[0]) { Count = recorded.Count };
            }

            // Another process (a second app instance, placement decide) decided one of them after the check above.
            if (result.Errors.Any(e => e.Field == AuditLog.ExpectedSequenceField) && log.FindRun(runId).Value is { } now)
            {
                return new DecisionConflict(requests.Select(r => now.LatestDecisions.GetValueOrDefault(r.Youth)).FirstOrDefault(d => d is not null));
            }

            return new DecisionRefused(result.Errors, RuleCodes(result.Errors));
        }, cancellation);
}

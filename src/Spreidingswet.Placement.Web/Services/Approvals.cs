using Spreidingswet.Placement.Audit;

namespace Spreidingswet.Placement.Web.Services;

public abstract record ApprovalOutcome;

/// <param name="Already">True when the run had been approved before (nothing new was recorded).</param>
public sealed record Approved(RecordedApproval Approval, bool Already) : ApprovalOutcome;

public sealed record ApprovalRefused(DecisionOutcome Reason) : ApprovalOutcome;

/// <summary>
/// Coordinators approve a whole run through the library's <see cref="AuditLog.Approve"/>: in one transaction of
/// the audit log, every youth nobody has decided yet is accepted by the coordinator's pseudonymous id (checked
/// with the engine's rules, reason <see cref="AuditLog.ApprovalReason"/>), then the approval itself is a record
/// of the hash chain that follows every decision it approves. A run is approved once.
/// </summary>
public sealed class Approvals(AuditStore audit, Situation situation)
{
    public RecordedApproval? Find(string runId) => audit.Read(log => log.FindRun(runId)).Value?.Approval;

    public Task<ApprovalOutcome> ApproveAsync(string runId, string coordinator, CancellationToken cancellation = default) =>
        audit.WriteAsync<ApprovalOutcome>(log =>
        {
            if (log.FindRun(runId).Value is not { } run)
            {
                return new ApprovalRefused(new DecisionRunNotFound());
            }

            if (run.Approval is { } done)
            {
                return new Approved(done, true);
            }

            var approved = log.Approve(run.Proposal.Run.Id, coordinator, situation.GeographyOf(run), acceptUndecided: true);
            return approved.Value is { } approval
                ? new Approved(approval, false)
                : new ApprovalRefused(new DecisionRefused(approved.Errors, DecisionService.RuleCodes(approved.Errors)));
        }, cancellation);
}

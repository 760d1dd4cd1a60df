using System.Collections.Immutable;
using System.Text.Json;
using Spreidingswet.Placement.Audit;

namespace Spreidingswet.Placement.Web.Services;

/// <summary>A coordinator's approval of a whole run.</summary>
/// <param name="Accepted">Youths without a decision that the approval accepted (recorded in the audit log as the coordinator's decisions).</param>
/// <param name="AuditHeadSequence">The audit chain's head when the approval was given (after those decisions).</param>
/// <param name="AuditHeadHash">Its hash: the approval names the exact state of the chain it approved.</param>
public sealed record RunApproval(string RunId, string Approver, DateTimeOffset TimeUtc, int Accepted, long AuditHeadSequence, string AuditHeadHash);

public abstract record ApprovalOutcome;

public sealed record Approved(RunApproval Approval, bool Already) : ApprovalOutcome;

public sealed record ApprovalRefused(DecisionOutcome Reason) : ApprovalOutcome;

/// <summary>
/// Coordinators approve a whole run. The audit log records decisions per youth only (no run-level record
/// kind), so an approval is, as closely as its API allows: one transaction of <c>accept</c> decisions for
/// every youth nobody has decided yet, by the coordinator's pseudonymous id, with the reason "approval of
/// the whole run"; then an approval line in <c>approvals.jsonl</c> beside the audit log naming the run, the
/// coordinator, the time and the audit chain's head hash after those decisions. A run is approved once.
/// </summary>
public sealed class Approvals(AuditStore audit, DecisionService decisions, string path) : IDisposable
{
    public const string Reason = "approval of the whole run by a coordinator";

    private readonly SemaphoreSlim _gate = new(1, 1);

    public string FilePath { get; } = path;

    public void Dispose() => _gate.Dispose();

    public RunApproval? Find(string runId) => ReadAll().LastOrDefault(a => a.RunId == runId);

    public IReadOnlyList<RunApproval> ReadAll()
    {
        if (!File.Exists(FilePath))
        {
            return [];
        }

        return [.. File.ReadAllLines(FilePath).Where(l => l.Length > 0).Select(l => JsonSerializer.Deserialize<RunApproval>(l, JsonSerializerOptions.Web)!)];
    }

    public async Task<ApprovalOutcome> ApproveAsync(string runId, string coordinator, CancellationToken cancellation = default)
    {
        await _gate.WaitAsync(cancellation);
        try
        {
            if (Find(runId) is { } done)
            {
                return new Approved(done, true);
            }

            var run = audit.Read(log => log.FindRun(runId)).Value;
            if (run is null)
            {
                return new ApprovalRefused(new DecisionRunNotFound());
            }

            var decided = run.LatestDecisions;
            var requests = run.Problem.Youths.Where(y => !decided.ContainsKey(y.Id))
                .Select(y => new DecisionRequest(y.Id, DecisionKind.Accept, null, Reason, ImmutableArray<string>.Empty, 0)).ToList();
            if (requests.Count > 0)
            {
                var outcome = await decisions.DecideAsync(runId, requests, coordinator, cancellation);
                if (outcome is not DecisionRecorded)
                {
                    return new ApprovalRefused(outcome);
                }
            }

            var head = audit.Read(log => log.Verify());
            var approval = new RunApproval(runId, coordinator, DateTimeOffset.UtcNow, requests.Count, head.HeadSequence, head.HeadHash ?? "");
            Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
            await File.AppendAllTextAsync(FilePath, JsonSerializer.Serialize(approval, JsonSerializerOptions.Web) + "\n", CancellationToken.None);
            return new Approved(approval, false);
        }
        finally
        {
            _gate.Release();
        }
    }
}

using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Spreidingswet.Placement.Geography;
using Spreidingswet.Placement.Inputs;
using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Outputs;

namespace Spreidingswet.Placement.Audit;

/// <summary>Recording: runs, scenarios and planner decisions, each appended to the hash chain in one write transaction.</summary>
public sealed partial class AuditLog
{
    /// <summary>Records a <c>propose</c> run; returns its record number.</summary>
    public long RecordRun(RunToRecord run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return RecordRuns("propose", null, [run])[0];
    }

    /// <summary>
    /// Records the runs of one scenario (one per compared policy) in one transaction, each as a run
    /// of kind <c>scenario</c> under the scenario's name; returns their record numbers. Each run can
    /// be shown, decided on, exported and replayed like a <c>propose</c> run.
    /// </summary>
    public ImmutableArray<long> RecordScenario(string name, IReadOnlyList<RunToRecord> runs)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(runs);
        return RecordRuns("scenario", name, runs);
    }

    private ImmutableArray<long> RecordRuns(string kind, string? scenario, IReadOnlyList<RunToRecord> runs)
    {
        var contents = runs.Select(r => (r.Proposal.Run.Id, StoredRun.Serialize(kind, scenario, r))).ToList();
        return Write(() => [.. contents.Select(c => Append("run", c.Id, null, c.Item2))]);
    }

    /// <summary>
    /// Records planner decisions about youths of one run, all or none, in one transaction. Each
    /// decision is checked with the engine's hard rules, capacity, sibling and keep-apart checks
    /// against the run's inputs and the decisions recorded before it; a placement that breaks a
    /// rule is refused unless the decision overrides that rule with a reason.
    /// </summary>
    /// <param name="decisions">The decisions (all about the same run).</param>
    /// <param name="geography">The geography to resolve the run's inputs with (the run's own layers when available).</param>
    public LoadResult<IReadOnlyList<RecordedDecision>> Decide(IReadOnlyList<PlannerDecision> decisions, RegionMap geography)
    {
        ArgumentNullException.ThrowIfNull(decisions);
        ArgumentNullException.ThrowIfNull(geography);
        if (decisions.Count == 0 || decisions.Select(d => d.RunId).Distinct(StringComparer.Ordinal).Count() != 1)
        {
            throw new ArgumentException("Give at least one decision, all about the same run.", nameof(decisions));
        }

        var shape = decisions.SelectMany(DecisionCheck.Shape).ToList();
        shape.AddRange(decisions.GroupBy(d => d.Youth, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => new InputError("decision", 0, "--youth", g.Key,
            $"is given {g.Count()} times: one decision per youth in one call.", "Maybe give each youth once?")));
        if (shape.Count > 0)
        {
            return LoadResult<IReadOnlyList<RecordedDecision>>.Failure(shape);
        }

        LoadResult<IReadOnlyList<RecordedDecision>>? failure = null;
        string? decidedRun = null;
        var written = Write(() =>
        {
            var found = FindRun(decisions[0].RunId);
            if (found.Value is not { } run)
            {
                failure = LoadResult<IReadOnlyList<RecordedDecision>>.Failure(found.Errors);
                return [];
            }

            decidedRun = run.Proposal.Run.Id;

            // Read inside the write transaction (BEGIN IMMEDIATE): no other writer can come in between.
            var conflicts = Conflicts(run, decisions);
            if (conflicts.Count > 0)
            {
                failure = LoadResult<IReadOnlyList<RecordedDecision>>.Failure(conflicts);
                return [];
            }

            var appended = CheckAndAppend(run, decisions, geography, _time.GetUtcNow());
            if (appended.Value is not { } seqs)
            {
                failure = LoadResult<IReadOnlyList<RecordedDecision>>.Failure(appended.Errors);
                return [];
            }

            return [.. seqs];
        });
        if (failure is not null)
        {
            return failure;
        }

        IReadOnlyList<RecordedDecision> recorded = [.. LoadRun(decidedRun!).Decisions.Where(d => written.Contains(d.Sequence))];
        return LoadResult<IReadOnlyList<RecordedDecision>>.Success(recorded);
    }

    /// <summary>The field of the error <see cref="Decide"/> gives when a youth was decided since the planner looked (<see cref="PlannerDecision.ExpectedSequence"/>).</summary>
    public const string ExpectedSequenceField = "expectedSequence";

    private static List<InputError> Conflicts(AuditRun run, IReadOnlyList<PlannerDecision> decisions) =>
    [
        .. decisions.Where(d => d.ExpectedSequence is { } expected && (run.LatestDecisions.GetValueOrDefault(d.Youth)?.Sequence ?? 0) != expected)
            .Select(d => run.LatestDecisions.GetValueOrDefault(d.Youth) is { } latest
                ? new InputError("decision", 0, ExpectedSequenceField, d.ExpectedSequence!.Value.ToString(CultureInfo.InvariantCulture),
                    $"youth {d.Youth} was decided since (record {latest.Sequence}, {latest.Decision.Kind.ToString().ToLowerInvariant()} by {latest.Decision.Planner}): nothing was recorded.", "Maybe look at the youth again and decide on what is there now?")
                : new InputError("decision", 0, ExpectedSequenceField, d.ExpectedSequence!.Value.ToString(CultureInfo.InvariantCulture),
                    $"youth {d.Youth} has no decision in this run, not record {d.ExpectedSequence}: nothing was recorded.", "Maybe give 0 for a youth without a decision?")),
    ];

    /// <summary>Checks decisions against the run (and the decisions before) and appends them, in the caller's write transaction.</summary>
    private LoadResult<List<long>> CheckAndAppend(AuditRun run, IReadOnlyList<PlannerDecision> decisions, RegionMap geography, DateTimeOffset time)
    {
        var checkedDecisions = DecisionCheck.Check(run, decisions, geography);
        if (checkedDecisions.Value is not { } ok)
        {
            return LoadResult<List<long>>.Failure(checkedDecisions.Errors);
        }

        return LoadResult<List<long>>.Success([.. ok.Select(d =>
        {
            var decision = d.Decision with { RunId = run.Proposal.Run.Id };
            return Append("decision", decision.RunId, decision.Youth, StoredDecision.Serialize(decision, d.ProposedLocation, d.BlockedBy), time);
        })]);
    }

    /// <summary>
    /// Records a coordinator's approval of a whole run, once per run: the record names the approver and
    /// follows every decision it approves in the chain. With <paramref name="acceptUndecided"/>, every youth
    /// without a decision is first accepted by the approver (checked as <see cref="Decide"/> checks, reason
    /// "approval of the whole run"), in the same transaction; without it, a run with undecided youths is refused.
    /// </summary>
    /// <param name="runId">The run (full id or a unique prefix of at least 6 characters).</param>
    /// <param name="approver">The coordinator's pseudonymous id.</param>
    /// <param name="geography">The geography to check the accepted placements with (the run's own layers when available).</param>
    /// <param name="acceptUndecided">Accept the undecided youths as part of the approval.</param>
    /// <param name="reason">An optional note.</param>
    public LoadResult<RecordedApproval> Approve(string runId, string approver, RegionMap geography, bool acceptUndecided = false, string? reason = null)
    {
        ArgumentNullException.ThrowIfNull(runId);
        ArgumentNullException.ThrowIfNull(geography);
        if (!PseudonymousId().IsMatch(approver ?? ""))
        {
            return LoadResult<RecordedApproval>.Failure([new InputError("approval", 0, "--approver", approver,
                "must be a pseudonymous id (letters, digits, '.', '_', '-'; at most 64): never a name.", "Maybe your staff pseudonym, such as C-0107?")]);
        }

        LoadResult<RecordedApproval>? failure = null;
        string? approvedRun = null;
        var written = Write(() =>
        {
            var found = FindRun(runId);
            if (found.Value is not { } run)
            {
                failure = LoadResult<RecordedApproval>.Failure(found.Errors);
                return [];
            }

            approvedRun = run.Proposal.Run.Id;
            if (run.Approval is { } earlier)
            {
                failure = LoadResult<RecordedApproval>.Failure([new InputError("approval", 0, "--run", approvedRun,
                    $"was approved already, by {earlier.Approver} at {earlier.TimeUtc:u} (record {earlier.Sequence}): a run is approved once.")]);
                return [];
            }

            var decided = run.LatestDecisions;
            var undecided = run.Problem.Youths.Where(y => !decided.ContainsKey(y.Id)).Select(y => y.Id).ToList();
            if (undecided.Count > 0 && !acceptUndecided)
            {
                failure = LoadResult<RecordedApproval>.Failure([new InputError("approval", 0, "--run", approvedRun,
                    $"has {undecided.Count} youth(s) without a decision ({string.Join(", ", undecided.Take(5))}{(undecided.Count > 5 ? ", ..." : "")}).",
                    "Maybe decide them first, or approve with acceptUndecided (--accept-remaining)?")]);
                return [];
            }

            var time = _time.GetUtcNow();
            var accepted = new List<long>();
            if (undecided.Count > 0)
            {
                var appended = CheckAndAppend(run, [.. undecided.Select(y => new PlannerDecision(approvedRun, y, DecisionKind.Accept, approver!) { Reason = ApprovalReason })], geography, time);
                if (appended.Value is not { } seqs)
                {
                    failure = LoadResult<RecordedApproval>.Failure(appended.Errors);
                    return [];
                }

                accepted = seqs;
            }

            var content = StoredApproval.Serialize(new StoredApproval(approvedRun, approver!, accepted.Count, run.Decisions.Length + accepted.Count, string.IsNullOrWhiteSpace(reason) ? null : reason.Trim()));
            return [.. accepted, Append("approval", approvedRun, null, content, time)];
        });
        if (failure is not null)
        {
            return failure;
        }

        return LoadResult<RecordedApproval>.Success(LoadRun(approvedRun!).Approval ?? throw new InvalidOperationException($"approval record {written[^1]} not read back"));
    }

    /// <summary>The reason of the accept decisions an approval records for undecided youths.</summary>
    public const string ApprovalReason = "approval of the whole run by a coordinator";

    private ImmutableArray<long> Write(Func<ImmutableArray<long>> work)
    {
        using var tx = _connection.BeginTransaction(deferred: false); // BEGIN IMMEDIATE: the write lock first, then read the head
        _transaction = tx;
        try
        {
            Migrate(_connection, tx);
            var result = work();
            tx.Commit();
            return result;
        }
        finally
        {
            _transaction = null;
        }
    }

    private long Append(string kind, string? runId, string? youth, string content, DateTimeOffset? time = null, (long Seq, string Hash)? continueAfter = null)
    {
        long seq = 1;
        var prev = AuditChain.Genesis;
        if (continueAfter is { } after)
        {
            (seq, prev) = (after.Seq + 1, after.Hash); // a prune may have removed every record: the chain goes on after the last removed one
        }

        using (var head = Command("SELECT seq, hash FROM audit_records ORDER BY seq DESC LIMIT 1"))
        using (var reader = head.ExecuteReader())
        {
            if (reader.Read())
            {
                seq = reader.GetInt64(0) + 1;
                prev = reader.GetString(1);
            }
        }

        if (_acceptedBreak is { } accepted && kind != "prune")
        {
            // The operator chose to write to a log whose chain does not verify: the next record says so.
            content = content[..^1] + ",\"brokenChainAccepted\":" + accepted + "}";
            _acceptedBreak = null;
        }

        var timeText = (time ?? _time.GetUtcNow()).UtcDateTime.ToString("o", CultureInfo.InvariantCulture);
        var row = new AuditChain.Row(seq, kind, runId, youth, timeText, content, prev, "");
        using var insert = Command("INSERT INTO audit_records (seq, kind, run_id, youth, time_utc, content, prev_hash, hash) VALUES ($seq, $kind, $run, $youth, $time, $content, $prev, $hash)");
        insert.Parameters.AddWithValue("$seq", seq);
        insert.Parameters.AddWithValue("$kind", kind);
        insert.Parameters.AddWithValue("$run", (object?)runId ?? DBNull.Value);
        insert.Parameters.AddWithValue("$youth", (object?)youth ?? DBNull.Value);
        insert.Parameters.AddWithValue("$time", timeText);
        insert.Parameters.AddWithValue("$content", content);
        insert.Parameters.AddWithValue("$prev", prev);
        insert.Parameters.AddWithValue("$hash", AuditChain.Hash(row));
        insert.ExecuteNonQuery();
        return seq;
    }
}

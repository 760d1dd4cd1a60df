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

            var checkedDecisions = DecisionCheck.Check(run, decisions, geography);
            if (checkedDecisions.Value is not { } ok)
            {
                failure = LoadResult<IReadOnlyList<RecordedDecision>>.Failure(checkedDecisions.Errors);
                return [];
            }

            var time = _time.GetUtcNow();
            decidedRun = run.Proposal.Run.Id;
            return [.. ok.Select(d =>
            {
                var decision = d.Decision with { RunId = run.Proposal.Run.Id };
                return Append("decision", decision.RunId, decision.Youth, StoredDecision.Serialize(decision, d.ProposedLocation, d.BlockedBy), time);
            })];
        });
        if (failure is not null)
        {
            return failure;
        }

        IReadOnlyList<RecordedDecision> recorded = [.. LoadRun(decidedRun!).Decisions.Where(d => written.Contains(d.Sequence))];
        return LoadResult<IReadOnlyList<RecordedDecision>>.Success(recorded);
    }

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

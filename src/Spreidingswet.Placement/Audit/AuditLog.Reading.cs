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

/// <summary>Reading: the run list, a run by id or prefix, and the export of a run as JSON.</summary>
public sealed partial class AuditLog
{
    /// <summary>All runs, oldest first.</summary>
    public IReadOnlyList<AuditRunSummary> ListRuns()
    {
        using var command = Command("""
            SELECT r.seq, r.run_id, json_extract(r.content, '$.kind'), json_extract(r.content, '$.scenario'), json_extract(r.content, '$.proposal.run.timeUtc'),
                   json_extract(r.content, '$.proposal.run.policy'), json_extract(r.content, '$.proposal.solver.status'),
                   json_extract(r.content, '$.proposal.metrics.youths'), json_extract(r.content, '$.proposal.metrics.placed'),
                   (SELECT COUNT(DISTINCT d.youth) FROM audit_records d WHERE d.kind = 'decision' AND d.run_id = r.run_id),
                   json_extract(r.content, '$.proposal.run.synthetic')
            FROM audit_records r WHERE r.kind = 'run' ORDER BY r.seq
            """);
        using var reader = command.ExecuteReader();
        var list = new List<AuditRunSummary>();
        while (reader.Read())
        {
            list.Add(new AuditRunSummary(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3),
                DateTimeOffset.Parse(reader.GetString(4), CultureInfo.InvariantCulture), reader.GetString(5), reader.GetString(6),
                reader.GetInt32(7), reader.GetInt32(8), reader.GetInt32(9), reader.GetInt64(10) != 0));
        }

        return list;
    }

    /// <summary>A run with its decisions, by full id or a unique prefix of at least 6 characters.</summary>
    public LoadResult<AuditRun> FindRun(string runId)
    {
        ArgumentNullException.ThrowIfNull(runId);
        var ids = RunIds(runId);
        if (ids.Count == 0 && runId.Trim().Length < 6)
        {
            return LoadResult<AuditRun>.Failure([new InputError(FilePath, 0, "--run", runId,
                $"is {runId.Trim().Length} character(s) long, too short to name a run: give at least 6 characters of the run id.", "Maybe placement audit list shows the id you mean?")]);
        }

        if (ids.Count != 1)
        {
            return LoadResult<AuditRun>.Failure([new InputError(FilePath, 0, "--run", runId,
                ids.Count == 0 ? "is not a run in this audit log." : $"matches {ids.Count} runs: {string.Join(", ", ids.Take(5))}.",
                ids.Count == 0 ? "Maybe placement audit list shows the id you mean?" : "Maybe give more characters of the id?")]);
        }

        return LoadResult<AuditRun>.Success(LoadRun(ids[0]));
    }

    private List<string> RunIds(string prefix)
    {
        using var command = Command("SELECT run_id FROM audit_records WHERE kind = 'run' AND (run_id = $id OR ($len >= 6 AND substr(run_id, 1, $len) = $id)) ORDER BY seq");
        command.Parameters.AddWithValue("$id", prefix.Trim());
        command.Parameters.AddWithValue("$len", prefix.Trim().Length);
        using var reader = command.ExecuteReader();
        var ids = new List<string>();
        while (reader.Read())
        {
            ids.Add(reader.GetString(0));
        }

        return ids.Contains(prefix.Trim(), StringComparer.Ordinal) ? [prefix.Trim()] : ids;
    }

    private AuditRun LoadRun(string runId)
    {
        // A run record never changes: it is parsed once per instance (by its sequence and hash) and only its decisions are read each time.
        AuditRun? run = null;
        using (var head = Command("SELECT seq, hash FROM audit_records WHERE run_id = $id AND kind = 'run' ORDER BY seq LIMIT 1"))
        {
            head.Parameters.AddWithValue("$id", runId);
            using var reader = head.ExecuteReader();
            if (reader.Read() && _runs.TryGetValue(runId, out var cached) && cached.Sequence == reader.GetInt64(0) && cached.Hash == reader.GetString(1))
            {
                run = cached;
            }
        }

        using var command = Command(run is null
            ? "SELECT seq, kind, time_utc, content, hash FROM audit_records WHERE run_id = $id AND kind IN ('run', 'decision', 'approval') ORDER BY seq"
            : "SELECT seq, kind, time_utc, content, hash FROM audit_records WHERE run_id = $id AND kind IN ('decision', 'approval') ORDER BY seq");
        command.Parameters.AddWithValue("$id", runId);
        using (var reader = command.ExecuteReader())
        {
            var decisions = ImmutableArray.CreateBuilder<RecordedDecision>();
            RecordedApproval? approval = null;
            while (reader.Read())
            {
                var content = reader.GetString(3);
                var time = DateTimeOffset.Parse(reader.GetString(2), CultureInfo.InvariantCulture);
                switch (reader.GetString(1))
                {
                    case "run":
                        run = StoredRun.Deserialize(reader.GetInt64(0), reader.GetString(4), content);
                        Keep(runId, run);
                        break;
                    case "approval":
                        approval ??= StoredApproval.Deserialize(reader.GetInt64(0), time, content);
                        break;
                    default:
                        decisions.Add(StoredDecision.Deserialize(reader.GetInt64(0), time, content));
                        break;
                }
            }

            return (run ?? throw new InvalidOperationException($"Run {runId} has no run record.")) with { Decisions = decisions.ToImmutable(), Approval = approval };
        }
    }

    private void Keep(string runId, AuditRun run)
    {
        if (_runs.TryAdd(runId, run))
        {
            _runOrder.Enqueue(runId);
            while (_runOrder.Count > KeptRuns)
            {
                _runs.Remove(_runOrder.Dequeue());
            }
        }
        else
        {
            _runs[runId] = run;
        }
    }

    /// <summary>A run with its decisions and chain position as one JSON document (for an appeal or an inspection).</summary>
    public static string ExportJson(AuditRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var document = new
        {
            exportSchemaVersion = 1,
            run = new
            {
                id = run.Proposal.Run.Id,
                kind = run.Kind,
                scenario = run.Scenario,
                sequence = run.Sequence,
                hash = run.Hash,
                options = StoredOptions.From(run.Options),
                geographySources = run.GeographySources,
                modelVersion = run.ModelVersion,
            },
            problem = JsonDocument.Parse(ProblemJson.Write(run.Problem)).RootElement,
            proposal = run.Proposal,
            decisions = run.Decisions,
            latestDecisions = run.LatestDecisions.Values,
            approval = run.Approval,
        };
        return JsonSerializer.Serialize(document, ProposalWriter.JsonOptions) + "\n";
    }

    /// <summary>Writes <see cref="ExportJson"/> to a file atomically (a temporary file, then a rename).</summary>
    public static void Export(AuditRun run, string path) => AtomicFile.WriteAllText(path, ExportJson(run));
}

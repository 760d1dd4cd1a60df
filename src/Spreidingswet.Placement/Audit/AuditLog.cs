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

/// <summary>A run to record: the proposal, the problem it was made from and the options it was made with.</summary>
/// <param name="Proposal">The proposal.</param>
/// <param name="Problem">The problem as solved (its pseudonymous fields are stored; <see cref="Youth.AuditGroup"/> is not).</param>
/// <param name="Options">The options as used (policy, weights, planning date, time limit, seed, language, alternatives).</param>
public sealed record RunToRecord(Proposal Proposal, PlacementProblem Problem, PlacementOptions Options)
{
    /// <summary>Where the region layers came from (so that a replay can load them again); <c>null</c> = the embedded default for every role.</summary>
    public GeographyOptions? Geography { get; init; }

    /// <summary>Version of the learned-score model used, or <c>null</c>.</summary>
    public string? ModelVersion { get; init; }
}

/// <summary>
/// The audit log: an append-only, tamper-evident record of every run and every planner decision in
/// an embedded SQLite database. Each record carries the SHA-256 of its content and of the record
/// before it (a hash chain); <see cref="Verify"/> checks the whole chain. Several processes may
/// write to one file at once (WAL, busy timeout, one <c>BEGIN IMMEDIATE</c> transaction per write);
/// one instance must not be used by two threads at once (open one per thread).
/// </summary>
public sealed partial class AuditLog : IDisposable
{
    /// <summary>The default file name, in the working directory.</summary>
    public const string DefaultFileName = "placement-audit.db";

    /// <summary>Months records must be kept at least (AI Act art. 26(6)); <see cref="Prune"/> refuses younger dates.</summary>
    public const int MinimumRetentionMonths = 6;

    internal const int ApplicationId = 0x53504C41; // "SPLA"
    internal const int SchemaVersion = 1;

    private static readonly JsonSerializerOptions Compact = new(ProposalWriter.JsonOptions) { WriteIndented = false };

    private readonly SqliteConnection _connection;
    private readonly TimeProvider _time;
    private SqliteTransaction? _transaction;

    private AuditLog(string path, SqliteConnection connection, TimeProvider time)
    {
        FilePath = path;
        _connection = connection;
        _time = time;
    }

    /// <summary>The database file.</summary>
    public string FilePath { get; }

    /// <summary>
    /// Opens an audit log, creating it when <paramref name="create"/> is true and the file does not
    /// exist (or is empty). A file that is not an audit log (not SQLite, another application's
    /// SQLite database, a damaged file, a newer schema) is an error and is never changed.
    /// </summary>
    public static LoadResult<AuditLog> Open(string path, bool create = true, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        var exists = File.Exists(full) && new FileInfo(full).Length > 0;
        if (!exists && !create)
        {
            return Fail(path, "no audit log here.", "Maybe another --audit path, or run placement propose first?");
        }

        if (exists && !HasSqliteHeader(full))
        {
            return Fail(path, "is not an SQLite database, so not a placement audit log; it was left untouched.", "Maybe a wrong --audit path?");
        }

        if (!exists)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(full) ?? ".");
        }

        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = full,
            Mode = create ? SqliteOpenMode.ReadWriteCreate : SqliteOpenMode.ReadWrite,
            Pooling = false,
            DefaultTimeout = 120,
        }.ToString());
        try
        {
            connection.Open();
            Execute(connection, "PRAGMA busy_timeout = 120000;");
            var problem = Prepare(connection);
            if (problem is not null)
            {
                connection.Dispose();
                return Fail(path, problem, "It was left untouched. Maybe a wrong --audit path?");
            }

            Execute(connection, "PRAGMA synchronous = FULL;");
            return LoadResult<AuditLog>.Success(new AuditLog(full, connection, time ?? TimeProvider.System));
        }
        catch (SqliteException ex)
        {
            connection.Dispose();
            return Fail(path, $"cannot be read as an audit log: {ex.Message}", "It was left untouched; it may be damaged or not a database. Maybe restore it from a backup?");
        }
    }

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
        using var command = Command("SELECT seq, kind, time_utc, content, hash FROM audit_records WHERE run_id = $id AND kind IN ('run', 'decision') ORDER BY seq");
        command.Parameters.AddWithValue("$id", runId);
        using var reader = command.ExecuteReader();
        AuditRun? run = null;
        var decisions = ImmutableArray.CreateBuilder<RecordedDecision>();
        while (reader.Read())
        {
            var content = reader.GetString(3);
            if (reader.GetString(1) == "run")
            {
                run = StoredRun.Deserialize(reader.GetInt64(0), reader.GetString(4), content);
            }
            else
            {
                decisions.Add(StoredDecision.Deserialize(reader.GetInt64(0), DateTimeOffset.Parse(reader.GetString(2), CultureInfo.InvariantCulture), content));
            }
        }

        return (run ?? throw new InvalidOperationException($"Run {runId} has no run record.")) with { Decisions = decisions.ToImmutable() };
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
        if (shape.Count > 0)
        {
            return LoadResult<IReadOnlyList<RecordedDecision>>.Failure(shape);
        }

        LoadResult<IReadOnlyList<RecordedDecision>>? failure = null;
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

        var id = RunIds(decisions[0].RunId)[0];
        IReadOnlyList<RecordedDecision> recorded = [.. LoadRun(id).Decisions.Where(d => written.Contains(d.Sequence))];
        return LoadResult<IReadOnlyList<RecordedDecision>>.Success(recorded);
    }

    /// <summary>
    /// Checks the whole chain: every record's hash matches its content and the hash of the record
    /// before it, numbers are consecutive, and records removed by a prune are accounted for by its
    /// anchor record. Names the first record that does not verify.
    /// </summary>
    public AuditVerification Verify()
    {
        using (var check = Command("PRAGMA quick_check;"))
        {
            var result = Convert.ToString(check.ExecuteScalar(), CultureInfo.InvariantCulture);
            if (result != "ok")
            {
                return new AuditVerification(false, 0, null, $"the database file is damaged: {result}", 0, null, 0);
            }
        }

        using var command = Command("SELECT seq, kind, run_id, youth, time_utc, content, prev_hash, hash FROM audit_records ORDER BY seq");
        using var reader = command.ExecuteReader();
        var rows = new List<AuditChain.Row>();
        while (reader.Read())
        {
            rows.Add(new AuditChain.Row(reader.GetInt64(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.GetString(4), reader.GetString(5), reader.GetString(6), reader.GetString(7)));
        }

        return AuditChain.Verify(rows);
    }

    /// <summary>
    /// Removes the oldest records, those recorded before <paramref name="before"/>, and appends a
    /// prune record that anchors the rest of the chain (the number and hash of the last removed
    /// record), signed off by <paramref name="operatorId"/>. Refuses a date less than
    /// <see cref="MinimumRetentionMonths"/> months before today (UTC). A run is kept, with
    /// everything after it, while it has decisions on or after the date.
    /// </summary>
    public LoadResult<PruneOutcome> Prune(DateOnly before, string operatorId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(operatorId);
        var today = DateOnly.FromDateTime(_time.GetUtcNow().UtcDateTime);
        var latest = today.AddMonths(-MinimumRetentionMonths);
        var errors = new List<InputError>();
        if (before > latest)
        {
            errors.Add(new InputError("command line", 0, "--before", before.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                $"is less than {MinimumRetentionMonths} months ago: logs must be kept at least {MinimumRetentionMonths} months (AI Act art. 26(6)).",
                $"Maybe --before {latest:yyyy-MM-dd} or earlier?"));
        }

        if (!PseudonymousId().IsMatch(operatorId))
        {
            errors.Add(new InputError("command line", 0, "--planner", operatorId, "must be a pseudonymous id (letters, digits, '.', '_', '-'; at most 64), not a name."));
        }

        if (errors.Count > 0)
        {
            return LoadResult<PruneOutcome>.Failure(errors);
        }

        var cutoff = before.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc).ToString("o", CultureInfo.InvariantCulture);
        PruneOutcome? outcome = null;
        Write(() =>
        {
            var rows = new List<(long Seq, string Kind, string? Run, bool Old, string Hash)>();
            using (var select = Command("SELECT seq, kind, run_id, time_utc < $cutoff, hash FROM audit_records ORDER BY seq"))
            {
                select.Parameters.AddWithValue("$cutoff", cutoff);
                using var reader = select.ExecuteReader();
                while (reader.Read())
                {
                    rows.Add((reader.GetInt64(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetInt64(3) != 0, reader.GetString(4)));
                }
            }

            // The prefix of old records, shortened until no kept decision refers to a removed run.
            var end = rows.TakeWhile(r => r.Old).Count();
            var kept = new SortedSet<string>(StringComparer.Ordinal);
            while (true)
            {
                var removedRuns = rows.Take(end).Where(r => r.Kind == "run").ToDictionary(r => r.Run!, r => r.Seq, StringComparer.Ordinal);
                var needed = rows.Skip(end).Where(r => r.Kind == "decision" && removedRuns.ContainsKey(r.Run!)).Select(r => r.Run!).Distinct().ToList();
                if (needed.Count == 0)
                {
                    break;
                }

                kept.UnionWith(needed);
                var first = needed.Min(id => removedRuns[id]);
                end = rows.FindIndex(r => r.Seq == first);
            }

            if (end == 0)
            {
                outcome = new PruneOutcome(0, 0, null, [.. kept]);
                return [];
            }

            var last = rows[end - 1];
            using (var permit = Command("INSERT INTO audit_prune_permit (id) VALUES (1)"))
            {
                permit.ExecuteNonQuery();
            }

            using (var delete = Command("DELETE FROM audit_records WHERE seq <= $last"))
            {
                delete.Parameters.AddWithValue("$last", last.Seq);
                delete.ExecuteNonQuery();
            }

            using (var unpermit = Command("DELETE FROM audit_prune_permit"))
            {
                unpermit.ExecuteNonQuery();
            }

            var content = JsonSerializer.Serialize(new PruneAnchor(last.Seq, last.Hash, before, end, operatorId), Compact);
            var anchor = Append("prune", null, null, content, continueAfter: (last.Seq, last.Hash));
            outcome = new PruneOutcome(end, last.Seq, anchor, [.. kept]);
            return [anchor];
        });
        return LoadResult<PruneOutcome>.Success(outcome!);
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
        };
        return JsonSerializer.Serialize(document, ProposalWriter.JsonOptions) + "\n";
    }

    /// <summary>Writes <see cref="ExportJson"/> to a file atomically (a temporary file, then a rename).</summary>
    public static void Export(AuditRun run, string path) => AtomicFile.WriteAllText(path, ExportJson(run));

    /// <summary>Closes the database.</summary>
    public void Dispose() => _connection.Dispose();

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    internal static partial Regex PseudonymousId();

    private ImmutableArray<long> Write(Func<ImmutableArray<long>> work)
    {
        using var tx = _connection.BeginTransaction(deferred: false); // BEGIN IMMEDIATE: the write lock first, then read the head
        _transaction = tx;
        try
        {
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

    private SqliteCommand Command(string sql)
    {
        var command = _connection.CreateCommand();
        command.Transaction = _transaction;
        command.CommandText = sql;
        return command;
    }

    private static LoadResult<AuditLog> Fail(string path, string message, string? hint) =>
        LoadResult<AuditLog>.Failure([new InputError(path, 0, "--audit", path, message, hint)]);

    private static bool HasSqliteHeader(string path)
    {
        var header = new byte[16];
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        return stream.ReadAtLeast(header, 16, throwOnEndOfStream: false) == 16 && Encoding.ASCII.GetString(header) == "SQLite format 3\0";
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static long Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    /// <summary>Checks an existing file or creates the schema in an empty one; returns what is wrong, or null.</summary>
    private static string? Prepare(SqliteConnection connection)
    {
        var applicationId = Scalar(connection, "PRAGMA application_id;");
        var tables = Scalar(connection, "SELECT COUNT(*) FROM sqlite_master;");
        if (applicationId == 0 && tables == 0)
        {
            Execute(connection, "PRAGMA journal_mode = WAL;");
            using var tx = connection.BeginTransaction(deferred: false);
            using (var again = connection.CreateCommand())
            {
                again.Transaction = tx;
                again.CommandText = "PRAGMA application_id;";
                applicationId = Convert.ToInt64(again.ExecuteScalar(), CultureInfo.InvariantCulture);
            }

            if (applicationId == 0)
            {
                using var create = connection.CreateCommand();
                create.Transaction = tx;
                create.CommandText = $"""
                    CREATE TABLE audit_records (
                        seq INTEGER PRIMARY KEY,
                        kind TEXT NOT NULL CHECK (kind IN ('run', 'decision', 'prune')),
                        run_id TEXT,
                        youth TEXT,
                        time_utc TEXT NOT NULL,
                        content TEXT NOT NULL,
                        prev_hash TEXT NOT NULL,
                        hash TEXT NOT NULL);
                    CREATE INDEX audit_records_run ON audit_records (run_id, kind);
                    CREATE TABLE audit_prune_permit (id INTEGER PRIMARY KEY);
                    CREATE TRIGGER audit_records_no_update BEFORE UPDATE ON audit_records
                    BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END;
                    CREATE TRIGGER audit_records_no_delete BEFORE DELETE ON audit_records
                    WHEN NOT EXISTS (SELECT 1 FROM audit_prune_permit)
                    BEGIN SELECT RAISE(ABORT, 'audit records are append-only; use placement audit prune'); END;
                    PRAGMA application_id = {ApplicationId};
                    PRAGMA user_version = {SchemaVersion};
                    """;
                create.ExecuteNonQuery();
            }

            tx.Commit();
            return null;
        }

        if (applicationId != ApplicationId)
        {
            return $"is an SQLite database of another application (application_id {applicationId}, {tables} schema objects), not a placement audit log.";
        }

        var version = Scalar(connection, "PRAGMA user_version;");
        if (version > SchemaVersion)
        {
            return $"is an audit log of a newer schema (version {version}; this engine reads up to {SchemaVersion}).";
        }

        return Scalar(connection, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'audit_records';") == 1
            ? null
            : "is marked as a placement audit log but has no audit_records table: it is damaged.";
    }
}

/// <summary>The anchor a prune leaves: the chain resumes after record <c>PrunedThrough</c>, whose hash was <c>LastPrunedHash</c>.</summary>
internal sealed record PruneAnchor(long PrunedThrough, string LastPrunedHash, DateOnly Before, long Removed, string Operator);

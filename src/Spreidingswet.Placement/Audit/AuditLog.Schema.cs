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

/// <summary>Opening a log: the file checks (SQLite header, application id, schema version) and the schema.</summary>
public sealed partial class AuditLog
{
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

    /// <summary>
    /// Schema 1 (0.2.0) to 2, in the caller's write transaction: the table of pruned records' leaves
    /// (everything but the content, so the Merkle tree stays computable after a prune) and the
    /// record from which on the log is a Merkle tree (a prune without a Merkle root is a 0.2.0 prune
    /// only before it). Nothing in the records changes, so 0.2.0 records verify as they did.
    /// </summary>
    private static void Migrate(SqliteConnection connection, SqliteTransaction tx)
    {
        using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = "PRAGMA user_version;";
        var version = Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        if (version >= SchemaVersion)
        {
            return;
        }

        if (version < 2)
        {
            command.CommandText = """
                CREATE TABLE audit_pruned (
                    seq INTEGER PRIMARY KEY,
                    kind TEXT NOT NULL,
                    run_id TEXT,
                    youth TEXT,
                    time_utc TEXT NOT NULL,
                    content_sha256 TEXT NOT NULL,
                    prev_hash TEXT NOT NULL,
                    hash TEXT NOT NULL);
                CREATE TRIGGER audit_pruned_no_update BEFORE UPDATE ON audit_pruned
                BEGIN SELECT RAISE(ABORT, 'pruned leaves are append-only'); END;
                CREATE TRIGGER audit_pruned_no_delete BEFORE DELETE ON audit_pruned
                BEGIN SELECT RAISE(ABORT, 'pruned leaves are append-only'); END;
                CREATE TABLE audit_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                INSERT INTO audit_meta (key, value) VALUES
                    ('merkle_from', (SELECT COALESCE(MAX(seq), 0) + 1 FROM audit_records)),
                    ('tree_base', (SELECT COALESCE(MIN(seq), 1) - 1 FROM audit_records));
                CREATE TRIGGER audit_meta_no_update BEFORE UPDATE ON audit_meta
                BEGIN SELECT RAISE(ABORT, 'audit metadata is append-only'); END;
                CREATE TRIGGER audit_meta_no_delete BEFORE DELETE ON audit_meta
                BEGIN SELECT RAISE(ABORT, 'audit metadata is append-only'); END;
                PRAGMA user_version = 2;
                """;
            command.ExecuteNonQuery();
        }

        // 2 to 3: the record kind 'approval' (a coordinator's approval of a whole run). SQLite cannot change a CHECK
        // constraint in place, so the table is rebuilt: the same rows, byte for byte, so every hash verifies as before.
        command.CommandText = $"""
            CREATE TABLE audit_records_v3 (
                seq INTEGER PRIMARY KEY,
                kind TEXT NOT NULL CHECK (kind IN ('run', 'decision', 'prune', 'approval')),
                run_id TEXT,
                youth TEXT,
                time_utc TEXT NOT NULL,
                content TEXT NOT NULL,
                prev_hash TEXT NOT NULL,
                hash TEXT NOT NULL);
            INSERT INTO audit_records_v3 (seq, kind, run_id, youth, time_utc, content, prev_hash, hash)
                SELECT seq, kind, run_id, youth, time_utc, content, prev_hash, hash FROM audit_records ORDER BY seq;
            DROP TABLE audit_records;
            ALTER TABLE audit_records_v3 RENAME TO audit_records;
            {RecordsIndexAndTriggers}
            PRAGMA user_version = {SchemaVersion};
            """;
        command.ExecuteNonQuery();
    }

    /// <summary>The index and the append-only triggers of <c>audit_records</c> (the table is created, and rebuilt by migration 3, with them).</summary>
    private const string RecordsIndexAndTriggers = """
        CREATE INDEX audit_records_run ON audit_records (run_id, kind);
        CREATE TRIGGER audit_records_no_update BEFORE UPDATE ON audit_records
        BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END;
        CREATE TRIGGER audit_records_no_delete BEFORE DELETE ON audit_records
        WHEN NOT EXISTS (SELECT 1 FROM audit_prune_permit)
        BEGIN SELECT RAISE(ABORT, 'audit records are append-only; use placement audit prune'); END;
        """;

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
                    CREATE TABLE audit_prune_permit (id INTEGER PRIMARY KEY);
                    {RecordsIndexAndTriggers}
                    PRAGMA application_id = {ApplicationId};
                    """;
                create.ExecuteNonQuery();
                Migrate(connection, tx);
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

using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Spreidingswet.Placement.Geography;
using Spreidingswet.Placement.Inputs;
using Spreidingswet.Placement.Model;

namespace Spreidingswet.Placement.Web.Services;

/// <summary>A job as kept across restarts: what was asked, on which situation, and how far it got.</summary>
/// <param name="Request">The <see cref="ProposalRequest"/> (proposals) or <see cref="WhatIfBody"/> (what-ifs) as JSON.</param>
/// <param name="Problem">The hash of the situation the job took (in the problems table).</param>
public sealed record StoredJob(string Id, string Kind, string Owner, DateTimeOffset Created, string Request, string Problem, JobStatus Status, string? RunId, string? Error);

/// <summary>
/// The app's working state in its own SQLite file (<c>web-state.db</c>): the current situation and the
/// job queue and the uploaded region layers in use, so that a restart goes on where it stopped. Problems are kept once by the SHA-256 of their
/// JSON (the audit log's problem format). The schema carries its version (<c>PRAGMA user_version</c>)
/// and is migrated forward in one transaction on open; a newer file is refused.
/// </summary>
public sealed class WebState : IDisposable
{
    public const int SchemaVersion = 2;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerOptions.Web);

    private readonly Lock _lock = new();
    private readonly SqliteConnection _connection;

    public WebState(string path)
    {
        FilePath = path;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false, DefaultTimeout = 30 }.ToString());
        _connection.Open();
        Execute("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;");
        Migrate();
    }

    public string FilePath { get; }

    public void Dispose() => _connection.Dispose();

    /// <summary>Keeps a problem (once per content); returns its hash.</summary>
    public string SaveProblem(PlacementProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var json = ProblemWriter.ToJson(problem);
        var inputs = JsonSerializer.Serialize(problem.Inputs, Json);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json + "\n" + inputs + "\n" + problem.IsSynthetic)));
        lock (_lock)
        {
            using var insert = Command("INSERT OR IGNORE INTO problems (hash, json, inputs, synthetic) VALUES ($hash, $json, $inputs, $synthetic)");
            insert.Parameters.AddWithValue("$hash", hash);
            insert.Parameters.AddWithValue("$json", json);
            insert.Parameters.AddWithValue("$inputs", inputs);
            insert.Parameters.AddWithValue("$synthetic", problem.IsSynthetic ? 1 : 0);
            insert.ExecuteNonQuery();
        }

        return hash;
    }

    /// <summary>A kept problem, or null when it is missing or no longer reads.</summary>
    public PlacementProblem? LoadProblem(string hash)
    {
        lock (_lock)
        {
            using var select = Command("SELECT json, inputs, synthetic FROM problems WHERE hash = $hash");
            select.Parameters.AddWithValue("$hash", hash);
            using var reader = select.ExecuteReader();
            if (!reader.Read())
            {
                return null;
            }

            var parsed = ProblemReader.ParseJson(Encoding.UTF8.GetBytes(reader.GetString(0)), $"{FilePath} problem {hash[..12]}");
            return parsed.Value is { } problem
                ? problem with { Inputs = JsonSerializer.Deserialize<System.Collections.Immutable.ImmutableArray<InputDigest>>(reader.GetString(1), Json), IsSynthetic = reader.GetInt64(2) != 0 }
                : null;
        }
    }

    /// <summary>The kept situation: the problem's hash (null: the demo), its source and who loaded it when; null when none was kept.</summary>
    public (string? Problem, string? Source, string? By, DateTimeOffset Since)? LoadSituation()
    {
        lock (_lock)
        {
            using var select = Command("SELECT problem, source, by, since FROM situation WHERE id = 1");
            using var reader = select.ExecuteReader();
            return reader.Read()
                ? (reader.IsDBNull(0) ? null : reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2),
                    DateTimeOffset.Parse(reader.GetString(3), CultureInfo.InvariantCulture))
                : null;
        }
    }

    public void SaveSituation(string? problem, string? source, string? by, DateTimeOffset since)
    {
        lock (_lock)
        {
            using var upsert = Command("INSERT OR REPLACE INTO situation (id, problem, source, by, since) VALUES (1, $problem, $source, $by, $since)");
            upsert.Parameters.AddWithValue("$problem", (object?)problem ?? DBNull.Value);
            upsert.Parameters.AddWithValue("$source", (object?)source ?? DBNull.Value);
            upsert.Parameters.AddWithValue("$by", (object?)by ?? DBNull.Value);
            upsert.Parameters.AddWithValue("$since", since.ToString("o", CultureInfo.InvariantCulture));
            upsert.ExecuteNonQuery();
        }
    }

    /// <summary>The kept region layers (the files' options, what was uploaded, by whom, when); null: the embedded layers.</summary>
    public (GeographyOptions Options, string Source, string? By, DateTimeOffset Since)? LoadLayers()
    {
        lock (_lock)
        {
            using var select = Command("SELECT options, source, by, since FROM layers WHERE id = 1");
            using var reader = select.ExecuteReader();
            return reader.Read() && Deserialize<GeographyOptions>(reader.GetString(0)) is { } options
                ? (options, reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), DateTimeOffset.Parse(reader.GetString(3), CultureInfo.InvariantCulture))
                : null;
        }
    }

    /// <summary>Keeps the region layers new proposals use (null <paramref name="options"/>: the embedded layers).</summary>
    public void SaveLayers(GeographyOptions? options, string? source, string? by, DateTimeOffset since)
    {
        lock (_lock)
        {
            if (options is null)
            {
                using var delete = Command("DELETE FROM layers");
                delete.ExecuteNonQuery();
                return;
            }

            using var upsert = Command("INSERT OR REPLACE INTO layers (id, options, source, by, since) VALUES (1, $options, $source, $by, $since)");
            upsert.Parameters.AddWithValue("$options", Serialize(options));
            upsert.Parameters.AddWithValue("$source", source ?? "");
            upsert.Parameters.AddWithValue("$by", (object?)by ?? DBNull.Value);
            upsert.Parameters.AddWithValue("$since", since.ToString("o", CultureInfo.InvariantCulture));
            upsert.ExecuteNonQuery();
        }
    }

    public void SaveJob(StoredJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        lock (_lock)
        {
            using var upsert = Command("""
                INSERT OR REPLACE INTO jobs (id, kind, owner, created, request, problem, status, run_id, error)
                VALUES ($id, $kind, $owner, $created, $request, $problem, $status, $run, $error)
                """);
            upsert.Parameters.AddWithValue("$id", job.Id);
            upsert.Parameters.AddWithValue("$kind", job.Kind);
            upsert.Parameters.AddWithValue("$owner", job.Owner);
            upsert.Parameters.AddWithValue("$created", job.Created.ToString("o", CultureInfo.InvariantCulture));
            upsert.Parameters.AddWithValue("$request", job.Request);
            upsert.Parameters.AddWithValue("$problem", job.Problem);
            upsert.Parameters.AddWithValue("$status", job.Status.ToString());
            upsert.Parameters.AddWithValue("$run", (object?)job.RunId ?? DBNull.Value);
            upsert.Parameters.AddWithValue("$error", (object?)job.Error ?? DBNull.Value);
            upsert.ExecuteNonQuery();
        }
    }

    public void UpdateJob(string id, JobStatus status, string? runId, string? error)
    {
        lock (_lock)
        {
            using var update = Command("UPDATE jobs SET status = $status, run_id = $run, error = $error WHERE id = $id");
            update.Parameters.AddWithValue("$id", id);
            update.Parameters.AddWithValue("$status", status.ToString());
            update.Parameters.AddWithValue("$run", (object?)runId ?? DBNull.Value);
            update.Parameters.AddWithValue("$error", (object?)error ?? DBNull.Value);
            update.ExecuteNonQuery();
        }
    }

    /// <summary>The kept jobs, oldest first (at most the newest <paramref name="limit"/>).</summary>
    public IReadOnlyList<StoredJob> LoadJobs(int limit = 500)
    {
        lock (_lock)
        {
            using var select = Command("SELECT id, kind, owner, created, request, problem, status, run_id, error FROM (SELECT * FROM jobs ORDER BY created DESC LIMIT $limit) ORDER BY created");
            select.Parameters.AddWithValue("$limit", limit);
            using var reader = select.ExecuteReader();
            var jobs = new List<StoredJob>();
            while (reader.Read())
            {
                jobs.Add(new StoredJob(reader.GetString(0), reader.GetString(1), reader.GetString(2), DateTimeOffset.Parse(reader.GetString(3), CultureInfo.InvariantCulture),
                    reader.GetString(4), reader.GetString(5), Enum.Parse<JobStatus>(reader.GetString(6)), reader.IsDBNull(7) ? null : reader.GetString(7), reader.IsDBNull(8) ? null : reader.GetString(8)));
            }

            return jobs;
        }
    }

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Json);

    public static T? Deserialize<T>(string json) => JsonSerializer.Deserialize<T>(json, Json);

    /// <summary>The migrations, in order: migration i takes the schema from version i to i + 1.</summary>
    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE problems (hash TEXT PRIMARY KEY, json TEXT NOT NULL, inputs TEXT NOT NULL, synthetic INTEGER NOT NULL);
        CREATE TABLE situation (id INTEGER PRIMARY KEY CHECK (id = 1), problem TEXT REFERENCES problems (hash), source TEXT, by TEXT, since TEXT NOT NULL);
        CREATE TABLE jobs (id TEXT PRIMARY KEY, kind TEXT NOT NULL CHECK (kind IN ('proposal', 'whatif')), owner TEXT NOT NULL, created TEXT NOT NULL,
            request TEXT NOT NULL, problem TEXT NOT NULL REFERENCES problems (hash), status TEXT NOT NULL, run_id TEXT, error TEXT);
        CREATE INDEX jobs_created ON jobs (created);
        """,
        """
        CREATE TABLE layers (id INTEGER PRIMARY KEY CHECK (id = 1), options TEXT NOT NULL, source TEXT NOT NULL, by TEXT, since TEXT NOT NULL);
        """,
    ];

    private void Migrate()
    {
        using var tx = _connection.BeginTransaction(deferred: false);
        using var version = _connection.CreateCommand();
        version.Transaction = tx;
        version.CommandText = "PRAGMA user_version;";
        var current = Convert.ToInt32(version.ExecuteScalar(), CultureInfo.InvariantCulture);
        if (current > SchemaVersion)
        {
            throw new InvalidOperationException($"{FilePath} has schema version {current}; this app knows up to {SchemaVersion}. Use a newer app or another Placement:DataDirectory.");
        }

        for (var v = current; v < SchemaVersion; v++)
        {
            using var step = _connection.CreateCommand();
            step.Transaction = tx;
            step.CommandText = Migrations[v] + $"\nPRAGMA user_version = {v + 1};";
            step.ExecuteNonQuery();
        }

        tx.Commit();
    }

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private SqliteCommand Command(string sql)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        return command;
    }
}

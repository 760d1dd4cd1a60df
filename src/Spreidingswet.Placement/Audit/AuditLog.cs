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

    /// <summary>The learned-score model file used (recorded as its absolute path, so that a replay can load it), or <c>null</c>.</summary>
    public string? ModelVersion { get; init; }
}

/// <summary>
/// The audit log: an append-only, tamper-evident record of every run and every planner decision in
/// an embedded SQLite database. Each record carries the SHA-256 of its content and of the record
/// before it (a hash chain), and is a leaf of an RFC 6962 Merkle tree whose heads can be signed
/// (<see cref="SignHead"/>) and kept elsewhere; <see cref="Verify"/> checks the whole log and
/// <see cref="VerifyAgainst"/> proves that it only grew since a head. Several processes may
/// write to one file at once (WAL, busy timeout, one <c>BEGIN IMMEDIATE</c> transaction per write);
/// one instance must not be used by two threads at once (open one per thread). An instance parses
/// each run record once and keeps it: a long-lived instance reads a run's decisions without parsing
/// its proposal and inputs again (the last few runs it read are kept).
/// </summary>
public sealed partial class AuditLog : IDisposable
{
    /// <summary>The default file name, in the working directory.</summary>
    public const string DefaultFileName = "placement-audit.db";

    /// <summary>Months records must be kept at least (AI Act art. 26(6)); <see cref="Prune"/> refuses younger dates.</summary>
    public const int MinimumRetentionMonths = 6;

    private const int KeptRuns = 4;

    internal const int ApplicationId = 0x53504C41; // "SPLA"
    internal const int SchemaVersion = 3; // 1: 0.2.0 (hash chain); 2: + audit_pruned, audit_meta (Merkle tree); 3: + record kind 'approval'

    private static readonly JsonSerializerOptions Compact = new(ProposalWriter.JsonOptions) { WriteIndented = false };

    private readonly SqliteConnection _connection;
    private readonly TimeProvider _time;
    private SqliteTransaction? _transaction;
    private string? _acceptedBreak;
    private readonly Dictionary<string, AuditRun> _runs = new(StringComparer.Ordinal); // parsed run records (without decisions), by run id
    private readonly Queue<string> _runOrder = new(); // the order they were parsed in: at most KeptRuns are kept

    private AuditLog(string path, SqliteConnection connection, TimeProvider time)
    {
        FilePath = path;
        _connection = connection;
        _time = time;
    }

    /// <summary>The database file.</summary>
    public string FilePath { get; }

    /// <summary>Closes the database.</summary>
    public void Dispose() => _connection.Dispose();

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    internal static partial Regex PseudonymousId();

    private SqliteCommand Command(string sql)
    {
        var command = _connection.CreateCommand();
        command.Transaction = _transaction;
        command.CommandText = sql;
        return command;
    }
}

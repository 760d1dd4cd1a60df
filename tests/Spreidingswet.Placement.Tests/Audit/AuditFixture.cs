using Microsoft.Data.Sqlite;
using Spreidingswet.Placement.Audit;
using Spreidingswet.Placement.Inputs;
using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Tests.Support;

namespace Spreidingswet.Placement.Tests.Audit;

/// <summary>A clock the test sets.</summary>
internal sealed class TestClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>Small real runs recorded in a real SQLite audit log.</summary>
internal static class AuditFixture
{
    public static readonly PlacementOptions Options = new() { PlanningDate = TestProblems.Date, TimeLimit = TimeSpan.FromSeconds(30) };

    public static PlacementProblem Generated(int youths = 120, int locations = 14, int seed = 5) =>
        SyntheticGenerator.Generate(new SyntheticSettings { Youths = youths, Locations = locations, Seed = seed, Closures = 2 }, TestProblems.Geography);

    public static RunToRecord Run(PlacementProblem problem, PlacementOptions? options = null)
    {
        var o = options ?? Options;
        var proposal = new PlacementEngine(TestProblems.Geography).Propose(problem, o).GetValueOrThrow();
        return new RunToRecord(proposal, problem, o);
    }

    public static string NewLogPath() => Path.Combine(TestData.TempDirectory(), "audit.db");

    public static AuditLog Open(string path, TimeProvider? time = null) => AuditLog.Open(path, time: time).GetValueOrThrow();

    /// <summary>A raw connection, as someone with file access would use to tamper.</summary>
    public static void Sql(string path, string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public static long Count(string path, string where)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false, Mode = SqliteOpenMode.ReadOnly }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM audit_records WHERE " + where;
        return (long)command.ExecuteScalar()!;
    }
}

using Microsoft.Data.Sqlite;
using Spreidingswet.Placement.Audit;
using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Outputs;
using Spreidingswet.Placement.Tests.Support;

namespace Spreidingswet.Placement.Tests.Audit;

public sealed class AuditLogTests
{
    private static (string Path, string RunId) LogWithRunAndDecisions()
    {
        var path = AuditFixture.NewLogPath();
        var run = AuditFixture.Run(AuditFixture.Generated());
        using var log = AuditFixture.Open(path);
        log.RecordRun(run);
        var youths = run.Proposal.Assignments.Take(3).Select(a => new PlannerDecision(run.Proposal.Run.Id, a.Youth, DecisionKind.Accept, "P-1")).ToList();
        log.Decide(youths, TestProblems.Geography).GetValueOrThrow();
        log.RecordRun(AuditFixture.Run(AuditFixture.Generated(seed: 6)));
        return (path, run.Proposal.Run.Id);
    }

    [Fact]
    public void Verify_UntouchedLog_IsIntactWithEveryRecord()
    {
        var (path, _) = LogWithRunAndDecisions();
        using var log = AuditFixture.Open(path);
        var v = log.Verify();
        Assert.True(v.Intact, v.Problem);
        Assert.Equal(5, v.Records);
        Assert.Equal(5, v.HeadSequence);
    }

    [Theory]
    [InlineData("content", "replace(content, '\"P-1\"', '\"P-2\"')", 3)]
    [InlineData("youth", "'Y99999'", 2)]
    [InlineData("time_utc", "'2020-01-01T00:00:00.0000000Z'", 4)]
    public void Verify_EditedRow_FailsNamingThatRecord(string column, string value, long record)
    {
        var (path, _) = LogWithRunAndDecisions();
        // Someone with write access to the file drops the guard and edits a row.
        AuditFixture.Sql(path, $"DROP TRIGGER audit_records_no_update; UPDATE audit_records SET {column} = {value} WHERE seq = {record};");
        using var log = AuditFixture.Open(path);
        var v = log.Verify();
        Assert.False(v.Intact);
        Assert.Equal(record, v.FirstBroken);
        Assert.Contains("does not match its hash", v.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_EditedRowWithRecomputedHash_FailsAtTheNextRecord()
    {
        var (path, _) = LogWithRunAndDecisions();
        using (var log = AuditFixture.Open(path))
        {
            // Recompute record 3's own hash after the edit: the link from record 4 still breaks.
            var row = ReadRow(path, 3);
            var edited = row with { Content = row.Content.Replace("\"P-1\"", "\"P-9\"", StringComparison.Ordinal) };
            AuditFixture.Sql(path, $"DROP TRIGGER audit_records_no_update; UPDATE audit_records SET content = '{edited.Content.Replace("'", "''", StringComparison.Ordinal)}', hash = '{AuditChain.Hash(edited)}' WHERE seq = 3;");
        }

        using var reopened = AuditFixture.Open(path);
        var v = reopened.Verify();
        Assert.False(v.Intact);
        Assert.Equal(4, v.FirstBroken);
    }

    [Fact]
    public void Verify_DeletedMiddleRow_FailsNamingTheGap()
    {
        var (path, _) = LogWithRunAndDecisions();
        AuditFixture.Sql(path, "DROP TRIGGER audit_records_no_delete; DELETE FROM audit_records WHERE seq = 2;");
        using var log = AuditFixture.Open(path);
        var v = log.Verify();
        Assert.False(v.Intact);
        Assert.Equal(3, v.FirstBroken);
        Assert.Contains("missing", v.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Records_AreAppendOnly_UpdateAndDeleteAreRefused()
    {
        var (path, _) = LogWithRunAndDecisions();
        var update = Assert.Throws<SqliteException>(() => AuditFixture.Sql(path, "UPDATE audit_records SET youth = 'X' WHERE seq = 2"));
        Assert.Contains("append-only", update.Message, StringComparison.Ordinal);
        Assert.Throws<SqliteException>(() => AuditFixture.Sql(path, "DELETE FROM audit_records WHERE seq = 5"));
        Assert.Equal(5, AuditFixture.Count(path, "1 = 1"));
    }

    [Fact]
    public void FindRun_ReturnsTheStoredInputsOptionsAndProposal_WithoutAuditGroups()
    {
        var path = AuditFixture.NewLogPath();
        var problem = AuditFixture.Generated();
        problem = problem with { Youths = [.. problem.Youths.Select(y => y with { AuditGroup = "group-a" })] };
        var options = AuditFixture.Options with { Policy = Policy.Weighted, Seed = 7, Weights = Weights.Default with { SchoolTravel = 25 }, Language = Language.Dutch };
        var run = AuditFixture.Run(problem, options);
        using var log = AuditFixture.Open(path);
        log.RecordRun(run);

        var stored = log.FindRun(run.Proposal.Run.Id[..8]).GetValueOrThrow();
        Assert.Equal(Policy.Weighted, stored.Options.Policy);
        Assert.Equal(7, stored.Options.Seed);
        Assert.Equal(25, stored.Options.Weights.SchoolTravel);
        Assert.Equal(Language.Dutch, stored.Options.Language);
        Assert.Equal(TestProblems.Date, stored.Options.PlanningDate);
        Assert.Equal(problem.Youths.Select(y => y.Id), stored.Problem.Youths.Select(y => y.Id));
        Assert.All(stored.Problem.Youths, y => Assert.Null(y.AuditGroup));
        Assert.Empty(AuditReplay.Compare(run.Proposal, stored.Proposal));
        Assert.Equal(run.Proposal.Run.Id, stored.Proposal.Run.Id);
        var bytes = string.Concat(new[] { path, path + "-wal" }.Where(File.Exists).Select(f => File.ReadAllText(f, System.Text.Encoding.Latin1)));
        Assert.Contains(problem.Youths[0].Id, bytes, StringComparison.Ordinal);
        // No youth's group is stored; only the proposal's aggregated fairness section names groups.
        Assert.DoesNotContain("auditGroup", bytes, StringComparison.OrdinalIgnoreCase);
        Assert.NotNull(stored.Proposal.Fairness);
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(run.Proposal.Fairness, ProposalWriter.JsonOptions),
            System.Text.Json.JsonSerializer.Serialize(stored.Proposal.Fairness, ProposalWriter.JsonOptions));
    }

    [Fact]
    public void Open_RandomBytes_IsAClearErrorAndTheFileIsUntouched()
    {
        var path = AuditFixture.NewLogPath();
        var bytes = new byte[4096];
        new Random(3).NextBytes(bytes);
        File.WriteAllBytes(path, bytes);
        var result = AuditLog.Open(path);
        Assert.False(result.Succeeded);
        Assert.Contains("not an SQLite database", result.Errors[0].Message, StringComparison.Ordinal);
        Assert.Equal(bytes, File.ReadAllBytes(path));
    }

    [Fact]
    public void Open_AnotherApplicationsSqliteDatabase_IsAClearErrorAndTheFileIsUntouched()
    {
        var path = AuditFixture.NewLogPath();
        AuditFixture.Sql(path, "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO customers VALUES (1, 'x');");
        var before = File.ReadAllBytes(path);
        var result = AuditLog.Open(path);
        Assert.False(result.Succeeded);
        Assert.Contains("another application", result.Errors[0].Message, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(path));
    }

    [Fact]
    public void Open_MissingFileWithoutCreate_IsAnError()
    {
        var path = AuditFixture.NewLogPath();
        Assert.False(AuditLog.Open(path, create: false).Succeeded);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void RecordRun_TwoThreadsWithTheirOwnConnections_LoseNothing()
    {
        var path = AuditFixture.NewLogPath();
        var run = AuditFixture.Run(AuditFixture.Generated(60, 8, 3));
        const int perThread = 25;
        Parallel.For(0, 2, new ParallelOptions { MaxDegreeOfParallelism = 2 }, t =>
        {
            using var log = AuditFixture.Open(path);
            for (var i = 0; i < perThread; i++)
            {
                log.RecordRun(run with { Proposal = run.Proposal with { Run = run.Proposal.Run with { Id = $"t{t}-{i:00}" } } });
            }
        });
        using var reader = AuditFixture.Open(path);
        Assert.Equal(2 * perThread, reader.ListRuns().Count);
        var v = reader.Verify();
        Assert.True(v.Intact, v.Problem);
        Assert.Equal(2 * perThread, v.Records);
    }

    [Fact]
    public void RecordScenario_RecordsOneScenarioRunPerPolicy()
    {
        var path = AuditFixture.NewLogPath();
        var problem = AuditFixture.Generated();
        var runs = new[] { Policy.EducationFirst, Policy.CapacityOnly }.Select(p => AuditFixture.Run(problem, AuditFixture.Options with { Policy = p })).ToList();
        using var log = AuditFixture.Open(path);
        var records = log.RecordScenario("close L0003", runs);
        Assert.Equal([1L, 2L], records.ToArray());
        var listed = log.ListRuns();
        Assert.All(listed, r => Assert.Equal("scenario", r.Kind));
        Assert.All(listed, r => Assert.Equal("close L0003", r.Scenario));
        Assert.Equal(["education-first", "capacity-only"], listed.Select(r => r.Policy));
    }

    private static AuditChain.Row ReadRow(string path, long seq)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT seq, kind, run_id, youth, time_utc, content, prev_hash, hash FROM audit_records WHERE seq = {seq}";
        using var r = command.ExecuteReader();
        r.Read();
        return new AuditChain.Row(r.GetInt64(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3), r.GetString(4), r.GetString(5), r.GetString(6), r.GetString(7));
    }
}

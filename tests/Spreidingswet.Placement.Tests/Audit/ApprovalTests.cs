using Microsoft.Data.Sqlite;
using Spreidingswet.Placement.Audit;
using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Tests.Support;

namespace Spreidingswet.Placement.Tests.Audit;

/// <summary>A coordinator's approval of a whole run as its own record in the chain (schema 3).</summary>
public sealed class ApprovalTests
{
    private static readonly string LegacyLogs = Path.Combine(TestData.RepositoryRoot, "tests", "Spreidingswet.Placement.Tests", "Fixtures", "audit-0.2.0");

    [Fact]
    public void An_approval_follows_the_decisions_it_approves_is_recorded_once_and_verifies()
    {
        var run = AuditFixture.Run(AuditFixture.Generated(12, 4, 1));
        using var log = AuditFixture.Open(AuditFixture.NewLogPath());
        log.RecordRun(run);
        var id = run.Proposal.Run.Id;
        var first = run.Proposal.Assignments[0].Youth;
        log.Decide([new PlannerDecision(id, first, DecisionKind.Accept, "P-1")], TestProblems.Geography).GetValueOrThrow();

        // Undecided youths: refused unless the approval accepts them.
        var refused = log.Approve(id, "C-1", TestProblems.Geography);
        Assert.False(refused.Succeeded);
        Assert.Contains("without a decision", refused.Errors[0].Message, StringComparison.Ordinal);
        Assert.Null(log.FindRun(id).GetValueOrThrow().Approval);
        Assert.False(log.Approve(id, "Jan de Vries", TestProblems.Geography, acceptUndecided: true).Succeeded); // a name is never an id

        var approval = log.Approve(id, "C-1", TestProblems.Geography, acceptUndecided: true, reason: "weekly sign-off").GetValueOrThrow();
        var youths = run.Problem.Youths.Length;
        Assert.Equal((id, "C-1", youths - 1, youths, "weekly sign-off"), (approval.RunId, approval.Approver, approval.Accepted, approval.Decisions, approval.Reason));
        var stored = log.FindRun(id).GetValueOrThrow();
        Assert.Equal(approval, stored.Approval);
        Assert.Equal(youths, stored.LatestDecisions.Count);
        Assert.All(stored.Decisions, d => Assert.True(d.Sequence < approval.Sequence));
        Assert.Equal(youths - 1, stored.Decisions.Count(d => d.Decision.Planner == "C-1" && d.Decision.Reason == AuditLog.ApprovalReason));
        Assert.Contains("\"approval\"", AuditLog.ExportJson(stored), StringComparison.Ordinal);

        var again = log.Approve(id, "C-2", TestProblems.Geography, acceptUndecided: true);
        Assert.False(again.Succeeded);
        Assert.Contains("approved already, by C-1", again.Errors[0].Message, StringComparison.Ordinal);
        var verified = log.Verify();
        Assert.True(verified.Intact, verified.Problem);
        Assert.Equal(approval.Sequence, verified.HeadSequence);
    }

    [Fact]
    public void A_forged_second_approval_or_one_without_its_run_breaks_the_verification()
    {
        var run = AuditFixture.Run(AuditFixture.Generated(10, 4, 2));
        var path = AuditFixture.NewLogPath();
        using (var log = AuditFixture.Open(path))
        {
            log.RecordRun(run);
            log.Approve(run.Proposal.Run.Id, "C-1", TestProblems.Geography, acceptUndecided: true).GetValueOrThrow();
        }

        // A second approval appended by hand, with a correct hash: the chain holds, the rule "once per run" does not.
        using (var log = AuditFixture.Open(path))
        {
            var head = log.Verify();
            Assert.True(head.Intact, head.Problem);
            AppendRaw(path, head.HeadSequence + 1, "approval", run.Proposal.Run.Id, head.HeadHash!,
                $"{{\"runId\":\"{run.Proposal.Run.Id}\",\"approver\":\"C-9\",\"accepted\":0,\"decisions\":0}}");
        }

        using (var log = AuditFixture.Open(path))
        {
            var v = log.Verify();
            Assert.False(v.Intact);
            Assert.Contains("second approval", v.Problem, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_0_2_0_log_is_migrated_to_schema_3_on_the_first_approval_and_its_records_keep_their_hashes()
    {
        var path = Path.Combine(TestData.TempDirectory(), "audit.db");
        File.Copy(Path.Combine(LegacyLogs, "audit-0.2.0.db"), path);
        List<(long, string)> before;
        string last;
        using (var log = AuditFixture.Open(path))
        {
            Assert.True(log.Verify().Intact);
            before = Hashes(path);
            last = log.ListRuns()[^1].RunId;
            log.Approve(last, "C-1", TestProblems.Geography, acceptUndecided: true).GetValueOrThrow();
            var v = log.Verify();
            Assert.True(v.Intact, v.Problem);
        }

        Assert.Equal(before, Hashes(path)[..before.Count]);
        using var check = new SqliteConnection($"Data Source={path};Pooling=False");
        check.Open();
        using var version = check.CreateCommand();
        version.CommandText = "PRAGMA user_version;";
        Assert.Equal(3L, (long)version.ExecuteScalar()!);
        using var update = check.CreateCommand();
        update.CommandText = "UPDATE audit_records SET content = '{}' WHERE seq = 1";
        Assert.Throws<SqliteException>(() => update.ExecuteNonQuery()); // the append-only triggers came along
        using var delete = check.CreateCommand();
        delete.CommandText = "DELETE FROM audit_records WHERE seq = 1";
        Assert.Throws<SqliteException>(() => delete.ExecuteNonQuery());
        using var reopened = AuditFixture.Open(path);
        Assert.Equal("C-1", reopened.FindRun(last).GetValueOrThrow().Approval?.Approver);
    }

    private static List<(long, string)> Hashes(string path)
    {
        using var c = new SqliteConnection($"Data Source={path};Pooling=False");
        c.Open();
        using var q = c.CreateCommand();
        q.CommandText = "SELECT seq, hash FROM audit_records ORDER BY seq";
        using var r = q.ExecuteReader();
        var list = new List<(long, string)>();
        while (r.Read())
        {
            list.Add((r.GetInt64(0), r.GetString(1)));
        }

        return list;
    }

    private static void AppendRaw(string path, long seq, string kind, string runId, string prev, string content)
    {
        var time = DateTimeOffset.UtcNow.UtcDateTime.ToString("o", System.Globalization.CultureInfo.InvariantCulture);
        var hash = AuditChain.Hash(new AuditChain.Row(seq, kind, runId, null, time, content, prev, ""));
        using var c = new SqliteConnection($"Data Source={path};Pooling=False");
        c.Open();
        using var insert = c.CreateCommand();
        insert.CommandText = "INSERT INTO audit_records (seq, kind, run_id, youth, time_utc, content, prev_hash, hash) VALUES ($s, $k, $r, NULL, $t, $c, $p, $h)";
        insert.Parameters.AddWithValue("$s", seq);
        insert.Parameters.AddWithValue("$k", kind);
        insert.Parameters.AddWithValue("$r", runId);
        insert.Parameters.AddWithValue("$t", time);
        insert.Parameters.AddWithValue("$c", content);
        insert.Parameters.AddWithValue("$p", prev);
        insert.Parameters.AddWithValue("$h", hash);
        insert.ExecuteNonQuery();
    }
}

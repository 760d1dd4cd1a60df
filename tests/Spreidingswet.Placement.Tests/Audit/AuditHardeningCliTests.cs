using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Spreidingswet.Placement.Tests.Cli;
using Spreidingswet.Placement.Tests.Support;

namespace Spreidingswet.Placement.Tests.Audit;

/// <summary>Issue 16, points 1-3 and 10, through the real command line and a real SQLite log.</summary>
public sealed partial class AuditHardeningCliTests
{
    private static (string Dir, string Db, string Run) DemoRun()
    {
        var dir = TestData.TempDirectory();
        var db = Path.Combine(dir, "audit.db");
        var (exit, output, error) = CliRunner.Run("propose", "--demo", "--no-compare", "--out", Path.Combine(dir, "out"), "--audit", db);
        Assert.True(exit == 0, error);
        return (dir, db, RecordedRun().Match(output).Groups[1].Value);
    }

    private static (int Exit, string Out, string Err) ProposeAgain(string dir, string db, params string[] extra) =>
        CliRunner.Run(["propose", "--demo", "--no-compare", "--out", Path.Combine(dir, "again"), "--audit", db, .. extra]);

    [Fact]
    public void Propose_DamagedAuditLog_ExitsTwoBeforeSolving_WithoutAStackTrace()
    {
        var (dir, db, _) = DemoRun();
        AuditMerkleTests.Damage(db);
        var (exit, _, error) = ProposeAgain(dir, db);
        Assert.True(exit == 2, error);
        Assert.Contains("damaged", error, StringComparison.Ordinal);
        Assert.Matches("^error: .*audit\\.db: --audit '.*audit\\.db': ", error);
        Assert.DoesNotContain("internal error", error, StringComparison.Ordinal);
        Assert.DoesNotContain("solving", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(dir, "again")));
    }

    [Fact]
    public void Propose_ReadOnlyAuditLog_ExitsTwoBeforeSolving()
    {
        var (dir, db, _) = DemoRun();
        MakeReadOnly(db, true);
        try
        {
            var (exit, _, error) = ProposeAgain(dir, db);
            Assert.True(exit == 2, error);
            Assert.Contains("cannot be written to", error, StringComparison.Ordinal);
            Assert.DoesNotContain("solving", error, StringComparison.Ordinal);
            Assert.False(Directory.Exists(Path.Combine(dir, "again")));
        }
        finally
        {
            MakeReadOnly(db, false);
        }
    }

    [Fact]
    public void Propose_And_Decide_TamperedLog_RefuseWithExitFour_UnlessTheOperatorAcceptsTheBreak()
    {
        var (dir, db, run) = DemoRun();
        AuditFixture.Sql(db, "DROP TRIGGER audit_records_no_update; UPDATE audit_records SET content = replace(content, '\"seed\":1', '\"seed\":7') WHERE seq = 1;");

        var (exit, _, error) = ProposeAgain(dir, db);
        Assert.True(exit == 4, error);
        Assert.Contains("does not verify at record #1", error, StringComparison.Ordinal);
        Assert.Contains("--audit-accept-broken", error, StringComparison.Ordinal);
        Assert.DoesNotContain("solving", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(dir, "again")));
        (exit, _, error) = CliRunner.Run("decide", "--run", run, "--all", "--accept", "--planner", "P-1", "--audit", db);
        Assert.True(exit == 4, error);
        Assert.Equal(1, AuditFixture.Count(db, "1 = 1"));

        (exit, _, error) = ProposeAgain(dir, db, "--audit-accept-broken");
        Assert.True(exit == 0, error);
        Assert.Contains("recording anyway", error, StringComparison.Ordinal);
        Assert.Equal(1, AuditFixture.Count(db, "seq = 2 AND json_extract(content, '$.brokenChainAccepted.firstBroken') = 1"));
    }

    [Fact]
    public void Replay_EditedRecord_ReportsTheTampering_NotAnInputError()
    {
        var (_, db, run) = DemoRun();
        // The edit of the issue: two locations with one id in the stored inputs.
        var content = AuditMerkleTests.Rows(db).Single(r => r.Seq == 1).Content;
        var node = JsonNode.Parse(content)!;
        var locations = node["problem"]!["locations"]!.AsArray();
        locations[1]!["id"] = locations[0]!["id"]!.GetValue<string>();
        AuditFixture.Sql(db, $"DROP TRIGGER audit_records_no_update; UPDATE audit_records SET content = '{node.ToJsonString().Replace("'", "''", StringComparison.Ordinal)}' WHERE seq = 1;");

        var (exit, output, error) = CliRunner.Run("audit", "replay", run, "--audit", db);
        Assert.True(exit == 4, output + error);
        Assert.Contains("BROKEN at record #1", output, StringComparison.Ordinal);
        Assert.Contains("replay refused", output, StringComparison.Ordinal);
        Assert.DoesNotContain("duplicate location id", output + error, StringComparison.Ordinal);
    }

    [Fact]
    public void Propose_InvalidInput_CreatesNoAuditLog()
    {
        var dir = TestData.TempDirectory();
        var data = Path.Combine(dir, "data");
        Assert.Equal(0, CliRunner.Run("generate", "--youths", "40", "--locations", "6", "--seed", "3", "--out", data).Exit);
        var locations = Path.Combine(data, "locations.csv");
        File.AppendAllLines(locations, [File.ReadLines(locations).Skip(1).First()]); // a duplicate location id
        var db = Path.Combine(dir, "placement-audit.db");
        var (exit, _, error) = CliRunner.Run("propose", "--youths", Path.Combine(data, "youths.csv"), "--locations", locations, "--planning-date", "2026-12-01",
            "--no-compare", "--out", Path.Combine(dir, "out"), "--audit", db);
        Assert.True(exit == 2, error);
        Assert.Contains("duplicate location id", error, StringComparison.Ordinal);
        Assert.False(File.Exists(db), "an empty audit log was created for invalid input");

        // With valid input the log is created when the run is recorded.
        File.WriteAllLines(locations, File.ReadAllLines(locations).SkipLast(1));
        (exit, _, error) = CliRunner.Run("propose", "--youths", Path.Combine(data, "youths.csv"), "--locations", locations, "--planning-date", "2026-12-01",
            "--no-compare", "--out", Path.Combine(dir, "out"), "--audit", db);
        Assert.True(exit == 0, error);
        Assert.Equal(1, AuditFixture.Count(db, "kind = 'run'"));
    }

    [Fact]
    public void Decide_SameYouthTwice_RecordsNothingAndSaysSo()
    {
        var (_, db, run) = DemoRun();
        var youth = AuditMerkleTests.Rows(db).Count > 0 ? JsonNode.Parse(AuditMerkleTests.Rows(db)[0].Content)!["proposal"]!["assignments"]![0]!["youth"]!.GetValue<string>() : "";
        var (exit, _, error) = CliRunner.Run("decide", "--run", run, "--youth", youth, "--youth", youth, "--accept", "--planner", "P-1", "--audit", db);
        Assert.True(exit == 2, error);
        Assert.Contains($"--youth '{youth}': is given 2 times", error, StringComparison.Ordinal);
        Assert.Equal(0, AuditFixture.Count(db, "kind = 'decision'"));
        Assert.Equal(0, CliRunner.Run("decide", "--run", run, "--youth", youth, "--accept", "--planner", "P-1", "--audit", db).Exit);
        Assert.Equal(1, AuditFixture.Count(db, "kind = 'decision'"));
    }

    [Fact]
    public void Decide_FiveCharacterRunPrefix_AsksForAtLeastSix()
    {
        var (_, db, run) = DemoRun();
        var (exit, _, error) = CliRunner.Run("decide", "--run", run[..5], "--all", "--accept", "--planner", "P-1", "--audit", db);
        Assert.Equal(2, exit);
        Assert.Contains("give at least 6 characters", error, StringComparison.Ordinal);
        Assert.DoesNotContain("is not a run", error, StringComparison.Ordinal);
    }

    [Fact]
    public void KeygenHeadVerifyAgainst_DetectsTruncationAndAForgedPrune()
    {
        var (dir, db, run) = DemoRun();
        var key = Path.Combine(dir, "audit.key");
        var (exit, output, error) = CliRunner.Run("audit", "keygen", "--out", key);
        Assert.True(exit == 0, error);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(key));
        }

        Assert.Contains("BEGIN PUBLIC KEY", output, StringComparison.Ordinal);
        Assert.Equal(2, CliRunner.Run("audit", "keygen", "--out", key).Exit); // never overwritten

        var head = Path.Combine(dir, "head.json");
        (exit, output, error) = CliRunner.Run("audit", "head", "--out", head, "--key", key, "--audit", db);
        Assert.True(exit == 0, error);
        Assert.Contains("tree of 1 leaves", output, StringComparison.Ordinal);
        Assert.Equal(0, CliRunner.Run("decide", "--run", run, "--all", "--accept", "--planner", "P-1", "--audit", db).Exit);

        (exit, output, error) = CliRunner.Run("audit", "verify", "--against", head, "--public-key", key + ".pub", "--audit", db);
        Assert.True(exit == 0, output + error);
        Assert.Contains("the log only grew, from 1 to", output, StringComparison.Ordinal);
        (exit, output, _) = CliRunner.Run("audit", "prove", "2", "--audit", db);
        Assert.True(exit == 0, output);
        Assert.Contains("the path leads to it", output, StringComparison.Ordinal);

        // Everything cut off: plain verify of the rest says ok, the head does not.
        var truncated = Path.Combine(dir, "truncated.db");
        File.Copy(db, truncated);
        AuditFixture.Sql(truncated, "INSERT INTO audit_prune_permit VALUES (1); DELETE FROM audit_records; DELETE FROM audit_prune_permit;");
        Assert.Equal(0, CliRunner.Run("audit", "verify", "--audit", truncated).Exit);
        (exit, output, _) = CliRunner.Run("audit", "verify", "--against", head, "--public-key", key + ".pub", "--audit", truncated);
        Assert.Equal(4, exit);
        Assert.Contains("NOT CONSISTENT", output, StringComparison.Ordinal);

        // The forged prune of the issue (delete the run and all but the last decision, append a prune record).
        var forged = Path.Combine(dir, "forged.db");
        File.Copy(db, forged);
        AuditMerkleTests.ForgePrune(forged, through: AuditMerkleTests.Rows(forged)[^1].Seq - 1, before: new DateOnly(2025, 1, 1), keepLeaves: null);
        (exit, output, _) = CliRunner.Run("audit", "verify", "--audit", forged);
        Assert.Equal(4, exit);
        Assert.Contains("BROKEN", output, StringComparison.Ordinal);
        (exit, _, _) = CliRunner.Run("audit", "verify", "--against", head, "--audit", forged);
        Assert.Equal(4, exit);
    }

    /// <summary>Read-only for this process: mode 0444, and as root (who writes anyway) the immutable attribute.</summary>
    private static void MakeReadOnly(string path, bool on)
    {
        if (OperatingSystem.IsWindows())
        {
            File.SetAttributes(path, on ? FileAttributes.ReadOnly : FileAttributes.Normal);
            return;
        }

        var root = Environment.UserName == "root";
        if (on)
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }

        if (root)
        {
            using var chattr = Process.Start(new ProcessStartInfo("chattr", [on ? "+i" : "-i", path]) { RedirectStandardError = true })!;
            chattr.WaitForExit();
            Assert.True(!on || chattr.ExitCode == 0, "chattr +i failed: " + chattr.StandardError.ReadToEnd());
        }

        if (!on)
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    [GeneratedRegex("audit: recorded run ([0-9a-f]{32})")]
    private static partial Regex RecordedRun();
}

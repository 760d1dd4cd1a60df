using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Spreidingswet.Placement.Audit;
using Spreidingswet.Placement.Tests.Cli;
using Spreidingswet.Placement.Tests.Support;

namespace Spreidingswet.Placement.Tests.Audit;

/// <summary>The README walk-through in-process, and real concurrent and killed <c>placement</c> processes.</summary>
public sealed partial class AuditCliTests
{
    private static readonly string PlacementDll = Path.Combine(AppContext.BaseDirectory, "placement.dll");

    private static (string Db, string Run, int Youths) DemoRun()
    {
        var dir = TestData.TempDirectory();
        var db = Path.Combine(dir, "audit.db");
        var (exit, output, error) = CliRunner.Run("propose", "--demo", "--no-compare", "--out", Path.Combine(dir, "out"), "--audit", db);
        Assert.True(exit == 0, error);
        var run = RecordedRun().Match(output).Groups[1].Value;
        using var log = AuditFixture.Open(db);
        return (db, run, log.FindRun(run).GetValueOrThrow().Problem.Youths.Length);
    }

    [Fact]
    public void Walkthrough_ProposeListShowDecideVerifyReplayExportPrune_Works()
    {
        var (db, run, _) = DemoRun();
        var (exit, output, _) = CliRunner.Run("audit", "list", "--audit", db);
        Assert.Equal(0, exit);
        Assert.Contains(run, output, StringComparison.Ordinal);

        using var json = JsonDocument.Parse(CliRunner.Run("audit", "export", run, "--out", Path.Combine(Path.GetDirectoryName(db)!, "x.json"), "--audit", db).Exit == 0
            ? File.ReadAllText(Path.Combine(Path.GetDirectoryName(db)!, "x.json")) : "{}");
        var moved = json.RootElement.GetProperty("proposal").GetProperty("assignments").EnumerateArray()
            .First(a => a.GetProperty("from").ValueKind == JsonValueKind.String && a.GetProperty("from").GetString() != a.GetProperty("location").GetString());
        var youth = moved.GetProperty("youth").GetString()!;
        var from = moved.GetProperty("from").GetString()!;
        var alternative = moved.GetProperty("alternatives").EnumerateArray().First(a => a.GetProperty("blockedBy").GetArrayLength() == 0).GetProperty("location").GetString()!;

        // Back to the closing location: refused, naming CLOSED; with an override it is recorded.
        (exit, _, var error) = CliRunner.Run("decide", "--run", run[..8], "--youth", youth, "--change", from, "--reason", "stays until the move date", "--planner", "P-0412", "--audit", db);
        Assert.Equal(2, exit);
        Assert.Contains("[CLOSED]", error, StringComparison.Ordinal);
        Assert.Equal(0, CliRunner.Run("decide", "--run", run[..8], "--youth", youth, "--change", alternative, "--reason", "near the guardian", "--planner", "P-0412", "--audit", db).Exit);
        Assert.Equal(0, CliRunner.Run("decide", "--run", run, "--all", "--accept", "--planner", "P-0412", "--audit", db).Exit);

        (exit, output, _) = CliRunner.Run("audit", "show", run, "--youth", youth, "--audit", db);
        Assert.Equal(0, exit);
        Assert.Contains($"{youth} goes to", output, StringComparison.Ordinal);
        Assert.Contains($"decision: #2 ", output, StringComparison.Ordinal);
        Assert.Contains("1 changed", output, StringComparison.Ordinal);

        (exit, output, _) = CliRunner.Run("audit", "verify", "--audit", db);
        Assert.Equal(0, exit);
        Assert.StartsWith("ok:", output, StringComparison.Ordinal);

        (exit, output, error) = CliRunner.Run("audit", "replay", run, "--audit", db);
        Assert.True(exit == 0, output + error);
        Assert.Contains("identical", output, StringComparison.Ordinal);

        var recent = DateTime.UtcNow.AddMonths(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        (exit, _, error) = CliRunner.Run("audit", "prune", "--before", recent, "--planner", "P-0412", "--audit", db);
        Assert.Equal(2, exit);
        Assert.Contains("6 months", error, StringComparison.Ordinal);
        var old = DateTime.UtcNow.AddMonths(-7).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        (exit, output, _) = CliRunner.Run("audit", "prune", "--before", old, "--planner", "P-0412", "--audit", db);
        Assert.Equal(0, exit);
        Assert.Contains("nothing to prune", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Approve_RefusesUndecidedYouths_AcceptsThemWhenAsked_AndOnlyOnce()
    {
        var (db, run, youths) = DemoRun();
        var (exit, _, error) = CliRunner.Run("audit", "approve", run[..8], "--approver", "C-0107", "--audit", db);
        Assert.Equal(2, exit);
        Assert.Contains("without a decision", error, StringComparison.Ordinal);
        (exit, var output, error) = CliRunner.Run("audit", "approve", run[..8], "--approver", "C-0107", "--accept-remaining", "--reason", "weekly sign-off", "--audit", db);
        Assert.True(exit == 0, error);
        Assert.Contains($"by C-0107: the whole run, {youths} decision(s) ({youths} accepted by the approval), \"weekly sign-off\"", output, StringComparison.Ordinal);
        (exit, _, error) = CliRunner.Run("audit", "approve", run, "--approver", "C-0200", "--accept-remaining", "--audit", db);
        Assert.Equal(2, exit);
        Assert.Contains("approved already, by C-0107", error, StringComparison.Ordinal);
        string first;
        using (var log = AuditFixture.Open(db))
        {
            first = log.FindRun(run).GetValueOrThrow().Problem.Youths[0].Id;
        }

        (exit, output, _) = CliRunner.Run("audit", "show", run, "--youth", first, "--audit", db);
        Assert.Equal(0, exit);
        Assert.Contains("approval: record #", output, StringComparison.Ordinal);
        Assert.Equal(0, CliRunner.Run("audit", "verify", "--audit", db).Exit);
    }

    [Fact]
    public void Replay_RunOfAnotherEngineVersion_SaysWhichVersionsDiffer()
    {
        var (db, run, _) = DemoRun();
        var version = $"\"engineVersion\":\"{PlacementEngine.Version}\"";
        // Recorded by another engine (simulated: the version edited and the chain rehashed, so that it verifies).
        AuditMerkleTests.Rehash(db, 1, c => c.Replace(version, "\"engineVersion\":\"0.0.9\"", StringComparison.Ordinal));
        var (exit, output, error) = CliRunner.Run("audit", "replay", run, "--audit", db);
        Assert.True(exit == 4, output + error);
        Assert.Contains($"recorded by engine 0.0.9; this is engine {PlacementEngine.Version}", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_EditedDecision_ExitsFourNamingTheRecord()
    {
        var (db, run, _) = DemoRun();
        Assert.Equal(0, CliRunner.Run("decide", "--run", run, "--all", "--accept", "--planner", "P-1", "--audit", db).Exit);
        AuditFixture.Sql(db, "DROP TRIGGER audit_records_no_update; UPDATE audit_records SET content = replace(content, '\"accept\"', '\"reject\"') WHERE seq = 40;");
        var (exit, output, _) = CliRunner.Run("audit", "verify", "--audit", db);
        Assert.Equal(4, exit);
        Assert.Contains("BROKEN at record #40", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Propose_ForeignAuditFile_ExitsTwoBeforeSolvingAndLeavesItUntouched()
    {
        var dir = TestData.TempDirectory();
        var db = Path.Combine(dir, "notes.db");
        File.WriteAllText(db, "these are my notes, not a database\n");
        var (exit, _, error) = CliRunner.Run("propose", "--demo", "--no-compare", "--out", Path.Combine(dir, "out"), "--audit", db);
        Assert.Equal(2, exit);
        Assert.Contains("not an SQLite database", error, StringComparison.Ordinal);
        Assert.Equal("these are my notes, not a database\n", File.ReadAllText(db));
        Assert.False(Directory.Exists(Path.Combine(dir, "out")));
    }

    [Fact]
    public void Decide_TwoProcessesAtOnce_LoseNothing()
    {
        var (db, run, youths) = DemoRun();
        const int rounds = 3;
        var script = $"for i in $(seq {rounds}); do dotnet '{PlacementDll}' decide --run {run} --all --accept --planner P-{{0}} --audit '{db}' > /dev/null || exit 9; done";
        using var a = Start(string.Format(CultureInfo.InvariantCulture, script, "A"));
        using var b = Start(string.Format(CultureInfo.InvariantCulture, script, "B"));
        Assert.True(a.WaitForExit(300_000) && b.WaitForExit(300_000), "the writers did not finish");
        Assert.True(a.ExitCode == 0, a.StandardError.ReadToEnd());
        Assert.True(b.ExitCode == 0, b.StandardError.ReadToEnd());

        Assert.Equal(2L * rounds * youths, AuditFixture.Count(db, "kind = 'decision'"));
        Assert.Equal(rounds * youths, AuditFixture.Count(db, "kind = 'decision' AND content LIKE '%\"planner\":\"P-A\"%'"));
        using var log = AuditFixture.Open(db);
        var v = log.Verify();
        Assert.True(v.Intact, v.Problem);
    }

    [Fact]
    public void Decide_WriterKilledMidway_LeavesAConsistentLog()
    {
        var (db, run, youths) = DemoRun();
        var random = new Random(11);
        for (var round = 0; round < 5; round++)
        {
            using var writer = Start($"while true; do dotnet '{PlacementDll}' decide --run {run} --all --accept --planner P-K --audit '{db}' > /dev/null; done");
            // Let it write at least one batch (however loaded the machine), then kill it at a random moment of a later one.
            var before = AuditFixture.Count(db, "kind = 'decision'");
            var waited = Stopwatch.StartNew();
            while (AuditFixture.Count(db, "kind = 'decision'") == before && waited.Elapsed < TimeSpan.FromSeconds(180))
            {
                Thread.Sleep(50);
            }

            Thread.Sleep(random.Next(1500));
            writer.Kill(entireProcessTree: true);
            writer.WaitForExit();

            // Each batch is one transaction: whole batches or nothing, and the chain verifies.
            var decisions = AuditFixture.Count(db, "kind = 'decision'");
            Assert.Equal(0, decisions % youths);
            var (exit, output, _) = CliRunner.Run("audit", "verify", "--audit", db);
            Assert.True(exit == 0, output);
        }

        Assert.True(AuditFixture.Count(db, "kind = 'decision'") > 0, "no batch was ever written: the writer never got that far");
    }

    private static Process Start(string script)
    {
        var info = new ProcessStartInfo("bash", ["-c", script]) { RedirectStandardError = true, RedirectStandardOutput = false, UseShellExecute = false };
        return Process.Start(info)!;
    }

    [GeneratedRegex("audit: recorded run ([0-9a-f]{32})")]
    private static partial Regex RecordedRun();
}

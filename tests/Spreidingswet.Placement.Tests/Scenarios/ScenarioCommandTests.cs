using System.Text.Json;
using System.Text.RegularExpressions;
using Spreidingswet.Placement.Scenarios;
using Spreidingswet.Placement.Tests.Cli;
using Spreidingswet.Placement.Tests.Support;

namespace Spreidingswet.Placement.Tests.Scenarios;

/// <summary>Runs the README's scenario command once (the committed example) and checks its outputs.</summary>
public sealed class ReadmeScenarioFixture
{
    public ReadmeScenarioFixture()
    {
        var readme = File.ReadAllText(Path.Combine(TestData.RepositoryRoot, "README.md"));
        var line = readme.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("dotnet run --project src/Spreidingswet.Placement.Cli -c Release -- scenario ", StringComparison.Ordinal))
            ?? throw new InvalidOperationException("The README has no 'dotnet run ... -- scenario' command.");
        Command = line;
        var args = line[(line.IndexOf(" -- ", StringComparison.Ordinal) + 4)..].Split(' ', StringSplitOptions.RemoveEmptyEntries).ToArray();
        Out = TestData.TempDirectory();
        // The README runs from the clone's root: repository-relative paths, and --out to a fresh folder.
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--scenario")
            {
                args[i + 1] = Path.Combine(TestData.RepositoryRoot, args[i + 1]);
            }
            else if (args[i] == "--out")
            {
                args[i + 1] = Out;
            }
        }

        (Exit, Stdout, Stderr) = CliRunner.Run(args);
    }

    public string Command { get; }

    public string Out { get; }

    public int Exit { get; }

    public string Stdout { get; }

    public string Stderr { get; }
}

public sealed partial class ScenarioCommandTests(ReadmeScenarioFixture readme) : IClassFixture<ReadmeScenarioFixture>
{
    [Fact]
    public void ReadmeCommand_PrintsSchoolGoingRegionChangesSideBySide()
    {
        Assert.True(readme.Exit == 0, readme.Stderr);
        Assert.Contains("examples/scenario/", readme.Command, StringComparison.Ordinal);
        var header = readme.Stdout.Split('\n').Single(l => l.StartsWith("metric", StringComparison.Ordinal));
        Assert.Matches(@"education-first\s+capacity-only", header);
        var row = readme.Stdout.Split('\n').Single(l => l.StartsWith("school-going changing education region", StringComparison.Ordinal));
        var numbers = NumberPattern().Matches(row).Select(m => int.Parse(m.Value, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(2, numbers.Length);

        // The printed numbers are those of scenario.json, and they count what the move list says.
        var result = Assert.Single(ScenarioWriter.FromJson(File.ReadAllText(Path.Combine(readme.Out, "scenario.json"))));
        Assert.Equal(numbers, result.Policies.Select(p => p.Disruption.SchoolGoingMovedAcrossEducationRegions));
        foreach (var p in result.Policies)
        {
            Assert.Equal(p.Disruption.SchoolGoingMovedAcrossEducationRegions,
                p.Moves.Count(m => m.SchoolGoing && m.From is not null && m.To is not null && m.From != m.To && m.EducationRegionBefore != m.EducationRegionAfter));
            Assert.Equal(p.Disruption.ArrivalsPlaced, p.Moves.Count(m => m.Reason.Code == MoveReasons.ArrivalPlaced));
            Assert.InRange(p.Disruption.ArrivalsPlaced, 1, 60);
            Assert.Contains(p.Moves, m => m.Reason.Code == MoveReasons.Closure);
        }

        Assert.Contains("[2/2]", readme.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[", readme.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadmeCommand_ScenarioJson_HasTheFieldsOfTheIssue()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(readme.Out, "scenario.json")));
        var scenario = json.RootElement.GetProperty("scenarios")[0];
        Assert.Equal(4, scenario.GetProperty("changes").GetArrayLength());
        var policy = scenario.GetProperty("policies")[0];
        foreach (var field in new[] { "moves", "movesAcrossEducationRegions", "movesAcrossProvinces", "schoolGoingMoved", "meanSchoolDistanceKm", "maxSchoolDistanceKm", "unplaced" })
        {
            Assert.True(policy.GetProperty("disruption").TryGetProperty(field, out _), field);
        }

        foreach (var field in new[] { "youths", "placed", "educationRegionKept", "educationRegionBroken", "educationRegionBreaksCaused" })
        {
            Assert.True(policy.GetProperty("metrics").TryGetProperty(field, out _), field);
        }

        var move = policy.GetProperty("moves")[0];
        foreach (var field in new[] { "youth", "from", "to", "reason", "educationRegionBefore", "educationRegionAfter", "schoolDistanceKmBefore", "schoolDistanceKmAfter" })
        {
            Assert.True(move.TryGetProperty(field, out _), field);
        }
    }

    /// <summary>The report is checked in a real headless Chromium: a map per policy and the comparison chart.</summary>
    [Fact]
    public void ReadmeCommand_Report_InHeadlessChromium_ShowsMapsAndChart()
    {
        var chromium = new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("Chromium is required for this test: apt-get install -y chromium (bash eng/test.sh installs it).");
        var report = Path.Combine(readme.Out, "report.html");
        var html = File.ReadAllText(report);
        Assert.DoesNotContain("http://", html, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
        var dir = TestData.TempDirectory();
        var common = $"--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync --user-data-dir={Path.Combine(dir, "chromium")}";
        var dom = ProposeCommandTests.RunChromium(chromium, $"{common} --dump-dom file://{report}");
        Assert.Contains("id=\"map-0-education-first\"", dom, StringComparison.Ordinal);
        Assert.Contains("id=\"map-0-capacity-only\"", dom, StringComparison.Ordinal);
        Assert.Contains("id=\"chart-0\"", dom, StringComparison.Ordinal);
        Assert.True(Regex.Count(dom, "class=\"region\"") >= 80, "the 40 education regions on both maps");
        Assert.True(Regex.Count(dom, "class=\"move\"") > 0, "moves are drawn");
        Assert.True(Regex.Count(dom, "class=\"bar\"") >= 10, "five bars per policy");
        var screenshot = Path.Combine(dir, "report.png");
        ProposeCommandTests.RunChromium(chromium, $"{common} --window-size=1300,1600 --screenshot={screenshot} file://{report}");
        var png = File.ReadAllBytes(screenshot);
        Assert.Equal(0x89, png[0]);
        Assert.True(png.Length > 50_000, $"a screenshot with maps is not tiny ({png.Length} bytes)");
    }

    [Fact]
    public void Scenario_InvalidChange_ExitsTwoNamesChangeAndFieldAndWritesNothing()
    {
        var dir = TestData.TempDirectory();
        var file = ScenarioReaderTests.Write(dir, """
            {"base": {"demo": true}, "changes": [{"close": "L0001"}, {"pin": {"youth": "NOBODY", "location": "L0002"}}]}
            """);
        var output = Path.Combine(dir, "out");
        var (exit, _, error) = CliRunner.Run("scenario", "--scenario", file, "--out", output);
        Assert.Equal(2, exit);
        Assert.Contains("changes[1].pin.youth 'NOBODY'", error, StringComparison.Ordinal);
        Assert.Contains("nothing was written", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public void Scenario_TwoScenariosInOneCall_OneSectionEachAndTheSameResultsAsAlone()
    {
        var dir = TestData.TempDirectory();
        var problem = Path.Combine(dir, "problem.json");
        File.WriteAllText(problem, """
            {
              "youths": [
                { "id": "Y1", "age": 16, "gender": "m", "currentLocation": "L1", "school": { "lat": 52.09, "lon": 5.12 } },
                { "id": "Y2", "age": 15, "gender": "m", "currentLocation": "L1" },
                { "id": "Y3", "age": 16, "gender": "f", "currentLocation": "L2" }
              ],
              "locations": [
                { "id": "L1", "name": "KWV Utrecht", "lat": 52.087, "lon": 5.142, "capacity": 3 },
                { "id": "L2", "name": "KWV Zeist", "lat": 52.089, "lon": 5.233, "capacity": 3 },
                { "id": "L3", "name": "KWV Groningen", "lat": 53.22, "lon": 6.57, "capacity": 5 }
              ]
            }
            """);
        var a = ScenarioReaderTests.Write(dir, """{"name": "close L1", "base": {"problem": "problem.json", "planningDate": "2026-12-01"}, "changes": [{"close": "L1"}]}""", "a.json");
        var b = ScenarioReaderTests.Write(dir, """
            name: fewer beds in Zeist
            base: { problem: problem.json, planningDate: "2026-12-01" }
            changes:
              - capacity: { location: L2, set: 0 }
            compare: [capacity-only]
            """, "b.yaml");
        var both = Path.Combine(dir, "both");
        var (exit, stdout, stderr) = CliRunner.Run("scenario", "--scenario", a, "--scenario", b, "--out", both);
        Assert.True(exit == 0, stderr);
        Assert.Contains("scenario: close L1", stdout, StringComparison.Ordinal);
        Assert.Contains("scenario: fewer beds in Zeist", stdout, StringComparison.Ordinal);
        var results = ScenarioWriter.FromJson(File.ReadAllText(Path.Combine(both, "scenario.json")));
        Assert.Equal(["close L1", "fewer beds in Zeist"], results.Select(r => r.Name));
        Assert.Equal(["capacity-only"], results[1].Policies.Select(p => p.Policy));
        Assert.Contains("id=\"scenario-1\"", File.ReadAllText(Path.Combine(both, "report.html")), StringComparison.Ordinal);

        var alone = Path.Combine(dir, "alone");
        Assert.Equal(0, CliRunner.Run("scenario", "--scenario", a, "--out", alone).Exit);
        var single = Assert.Single(ScenarioWriter.FromJson(File.ReadAllText(Path.Combine(alone, "scenario.json"))));
        Assert.Equal(MovesOf(single), MovesOf(results[0]));
        Assert.Equal(["Y1", "Y2"], results[0].Policies[0].Moves.Select(m => m.Youth));
        Assert.Equal(["Y3"], results[1].Policies[0].Moves.Select(m => m.Youth));

        static string MovesOf(ScenarioResult r) => string.Join(";", r.Policies.SelectMany(p => p.Moves.Select(m => $"{p.Policy}:{m.Youth}:{m.From}>{m.To}:{m.Reason.Code}")));
    }

    [Fact]
    public void Scenario_RecordsEveryPolicyRunInTheAuditLog_AndEachReplaysIdentically()
    {
        var dir = TestData.TempDirectory();
        File.WriteAllText(Path.Combine(dir, "problem.json"), """
            {
              "youths": [
                { "id": "Y1", "age": 16, "gender": "m", "careLevel": "standard", "currentLocation": "L1" },
                { "id": "Y2", "age": 15, "gender": "f", "careLevel": "standard", "currentLocation": "L1" },
                { "id": "Y3", "age": 17, "gender": "m", "careLevel": "standard", "currentLocation": "L2" }
              ],
              "locations": [
                { "id": "L1", "name": "KWV Utrecht", "lat": 52.09, "lon": 5.12, "capacity": 5 },
                { "id": "L2", "name": "KWV Zeist", "lat": 52.09, "lon": 5.23, "capacity": 5 },
                { "id": "L3", "name": "KWV Groningen", "lat": 53.22, "lon": 6.57, "capacity": 5 }
              ]
            }
            """);
        var a = ScenarioReaderTests.Write(dir, """{"name": "close L1", "base": {"problem": "problem.json", "planningDate": "2026-12-01"}, "changes": [{"close": "L1"}]}""", "a.json");
        var db = Path.Combine(dir, "audit.db");
        var (exit, stdout, stderr) = CliRunner.Run("scenario", "--scenario", a, "--out", Path.Combine(dir, "out"), "--audit", db);
        Assert.True(exit == 0, stderr);
        Assert.Contains("audit: recorded 2 run(s)", stdout, StringComparison.Ordinal);

        using (var log = Spreidingswet.Placement.Audit.AuditLog.Open(db).GetValueOrThrow())
        {
            var runs = log.ListRuns();
            Assert.Equal(["capacity-only", "education-first"], runs.Select(r => r.Policy).Order(StringComparer.Ordinal));
            Assert.All(runs, r => Assert.Equal(("scenario", "close L1"), (r.Kind, r.Scenario)));
            foreach (var run in runs)
            {
                (exit, var output, var error) = CliRunner.Run("audit", "replay", run.RunId, "--audit", db);
                Assert.True(exit == 0, output + error);
                Assert.Contains("identical", output, StringComparison.Ordinal);
            }
        }

        Assert.Equal(0, CliRunner.Run("audit", "verify", "--audit", db).Exit);
        Assert.Contains("not recorded", CliRunner.Run("scenario", "--scenario", a, "--out", Path.Combine(dir, "out2"), "--no-audit").Out, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"\d+")]
    private static partial Regex NumberPattern();
}

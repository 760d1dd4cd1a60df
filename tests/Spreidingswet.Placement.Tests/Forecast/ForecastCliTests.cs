using System.Text.Json;
using System.Text.RegularExpressions;
using Spreidingswet.Placement.Inputs;
using Spreidingswet.Placement.Tests.Cli;
using Spreidingswet.Placement.Tests.Support;
using static Spreidingswet.Placement.Tests.Support.TestProblems;

namespace Spreidingswet.Placement.Tests.Forecast;

/// <summary><c>placement propose --forecast</c>: bad files stop the run (exit 2, file:line: field 'value', nothing written); a run with one holds beds, names real locations, and replays identically.</summary>
public sealed partial class ForecastCliTests
{
    [Fact]
    public void Propose_BadForecast_ExitsTwo_NamingFileLineFieldAndValue_AndWritesNothing()
    {
        var dir = TestData.TempDirectory();
        var forecast = Path.Combine(dir, "forecast.csv");
        var region = ForecastProposalTests.RegionOf(Utrecht);
        File.WriteAllText(forecast, string.Join('\n',
            "education_region,week_start,school_going_arrivals",
            $"{region},2026-12-07,3",
            "XX99,2026-12-07,1",
            $"{region},2026-13-01,1",
            $"{region},2026-12-14,-2",
            $"{region},2026-12-21,many",
            $"{region},2026-12-07,4") + "\n");
        var outDir = Path.Combine(dir, "out");
        var (exit, _, error) = CliRunner.Run("propose", "--demo", "--forecast", forecast, "--no-audit", "--out", outDir);
        Assert.Equal(2, exit);
        Assert.Contains($"error: {forecast}:3: education_region 'XX99': is not an education region code of the geography.", error, StringComparison.Ordinal);
        Assert.Contains($"error: {forecast}:4: week_start '2026-13-01': is not a date yyyy-mm-dd.", error, StringComparison.Ordinal);
        Assert.Contains($"error: {forecast}:5: school_going_arrivals '-2': must be zero or more.", error, StringComparison.Ordinal);
        Assert.Contains($"error: {forecast}:6: school_going_arrivals 'many': is not a number", error, StringComparison.Ordinal);
        Assert.Contains($"error: {forecast}:7: week_start '2026-12-07': region {region} and this week are given twice (first on line 2).", error, StringComparison.Ordinal);
        Assert.Contains("5 input error(s); nothing was written.", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(outDir));
    }

    [Fact]
    public void Propose_ForecastOverTheRowLimit_OrWithoutAColumn_ExitsTwo()
    {
        var dir = TestData.TempDirectory();
        var region = ForecastProposalTests.RegionOf(Utrecht);
        var big = Path.Combine(dir, "big.csv");
        File.WriteAllLines(big, ["education_region,week_start,school_going_arrivals", .. Enumerable.Range(0, ForecastReader.MaxRows + 1).Select(i => $"{region},{new DateOnly(2027, 1, 4).AddDays(7 * i):yyyy-MM-dd},1")]);
        var outDir = Path.Combine(dir, "out");
        var (exit, _, error) = CliRunner.Run("propose", "--demo", "--forecast", big, "--no-audit", "--out", outDir);
        Assert.Equal(2, exit);
        Assert.Contains($"error: {big}:{ForecastReader.MaxRows + 2}: rows '10001': the forecast has 10,001 rows, over the limit of 10,000.", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(outDir));

        var noCount = Path.Combine(dir, "nocount.csv");
        File.WriteAllText(noCount, $"education_region,week_start\n{region},2027-01-04\n");
        (exit, _, error) = CliRunner.Run("propose", "--demo", "--forecast", noCount, "--no-audit", "--out", outDir);
        Assert.Equal(2, exit);
        Assert.Contains($"error: {noCount}:1: school_going_arrivals: the column is missing.", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(outDir));
    }

    [Fact]
    public void Propose_WithAForecast_HoldsBeds_NamesRealLocations_AndTheAuditReplayIsIdentical()
    {
        var dir = TestData.TempDirectory();
        var region = ForecastProposalTests.RegionOf(Utrecht);
        var problem = Path.Combine(dir, "problem.json");
        File.WriteAllText(problem, ProblemJson.Write(ForecastProposalTests.Instance()));
        var forecast = Path.Combine(dir, "forecast.csv");
        File.WriteAllText(forecast, $"education_region,week_start,school_going_arrivals\n{region},2026-12-08,2\n{region},2026-12-15,1\n");
        var db = Path.Combine(dir, "audit.db");
        var outDir = Path.Combine(dir, "out");
        var (exit, output, error) = CliRunner.Run("propose", "--problem", problem, "--forecast", forecast, "--planning-date", "2026-12-01", "--out", outDir, "--audit", db);
        Assert.True(exit == 0, output + error);
        Assert.Contains($"forecast forecast.csv (full): beds held per education region: {region} 4 (taken now 1)", output, StringComparison.Ordinal);

        var json = File.ReadAllText(Path.Combine(outDir, "proposal.json"));
        Assert.DoesNotContain("~held", json, StringComparison.Ordinal);
        Assert.DoesNotContain("~held", File.ReadAllText(Path.Combine(outDir, "proposal.csv")), StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(json);
        var f = doc.RootElement.GetProperty("run").GetProperty("forecast");
        Assert.Equal(4, f.GetProperty("heldPerRegion").GetProperty(region).GetInt32());
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(forecast))), f.GetProperty("sha256").GetString());
        var placed = doc.RootElement.GetProperty("assignments").EnumerateArray().ToDictionary(a => a.GetProperty("youth").GetString()!, a => a.GetProperty("location").GetString()!);
        Assert.Equal("UA", placed["S1"]);
        Assert.Equal(["MB", "MB", "MB"], new[] { placed["N1"], placed["N2"], placed["N3"] });

        var run = RecordedRun().Match(output).Groups[1].Value;
        // The forecast file may go: the log holds its content.
        File.Delete(forecast);
        (exit, output, error) = CliRunner.Run("audit", "replay", run, "--audit", db);
        Assert.True(exit == 0, output + error);
        Assert.Contains("identical", output, StringComparison.Ordinal);

        (exit, output, error) = CliRunner.Run("audit", "show", run, "--audit", db);
        Assert.True(exit == 0, output + error);
        Assert.Contains($"forecast forecast.csv (full): beds held per education region: {region} 4 (taken now 1)", output, StringComparison.Ordinal);
    }

    [GeneratedRegex("audit: recorded run ([0-9a-f]{32})")]
    private static partial Regex RecordedRun();
}

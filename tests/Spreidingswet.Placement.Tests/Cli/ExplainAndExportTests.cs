using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Spreidingswet.Placement.Tests.Support;

namespace Spreidingswet.Placement.Tests.Cli;

public sealed class ExplainAndExportTests
{
    private static (string Dir, string Data) ProposeGenerated(int youths, int locations, int seed, params string[] extra)
    {
        var data = TestData.TempDirectory();
        Assert.Equal(0, CliRunner.Run("generate", "--youths", youths.ToString(CultureInfo.InvariantCulture), "--locations", locations.ToString(CultureInfo.InvariantCulture),
            "--seed", seed.ToString(CultureInfo.InvariantCulture), "--closures", "2", "--out", data).Exit);
        var dir = TestData.TempDirectory();
        var (exit, _, error) = CliRunner.Run([
            "propose", "--youths", Path.Combine(data, "youths.csv"), "--locations", Path.Combine(data, "locations.csv"),
            "--planning-date", "2026-12-01", "--no-compare", "--out", dir, .. extra]);
        Assert.True(exit == 0, error);
        return (dir, data);
    }

    [Fact]
    public void Explain_MovedYouth_SaysWhyHereAndWhyNotTheClosedLocation()
    {
        var (dir, data) = ProposeGenerated(300, 30, 21);
        var closed = File.ReadAllLines(Path.Combine(data, "locations.csv")).Skip(1).Select(l => l.Split(','))
            .Where(c => c[13].Length > 0).Select(c => c[0]).ToHashSet(StringComparer.Ordinal);
        Assert.NotEmpty(closed);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "proposal.json")));
        var moved = json.RootElement.GetProperty("assignments").EnumerateArray()
            .First(a => a.GetProperty("from").ValueKind == JsonValueKind.String && closed.Contains(a.GetProperty("from").GetString()!)
                && a.GetProperty("from").GetString() != a.GetProperty("location").GetString());
        var youth = moved.GetProperty("youth").GetString()!;
        var from = moved.GetProperty("from").GetString()!;
        var (exit, output, error) = CliRunner.Run("explain", "--proposal", dir, "--youth", youth, "--location", from);
        Assert.True(exit == 0, error);
        Assert.Contains($"{youth} goes to {moved.GetProperty("location").GetString()} (now in {from})", output, StringComparison.Ordinal);
        Assert.Contains($"Why not {from}", output, StringComparison.Ordinal);
        Assert.Contains("[CLOSED]", output, StringComparison.Ordinal);

        var (exitNl, outputNl, _) = CliRunner.Run("explain", "--proposal", dir, "--youth", youth, "--location", from, "--lang", "nl");
        Assert.Equal(0, exitNl);
        Assert.Contains($"Waarom niet {from}", outputNl, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_UnknownYouth_ExitsTwoNamingIt()
    {
        var (dir, _) = ProposeGenerated(100, 12, 22);
        var (exit, _, error) = CliRunner.Run("explain", "--proposal", dir, "--youth", "NOBODY");
        Assert.Equal(2, exit);
        Assert.Contains("--youth 'NOBODY'", error, StringComparison.Ordinal);
    }

    /// <summary>
    /// The exported model re-solved by CBC (Debian coinor-cbc) reaches the same optimum as the
    /// engine's reported objective, on a mid-size instance with siblings, keep-apart pairs and pins.
    /// </summary>
    [Fact]
    public void ExportModel_ResolvedByCbc_GivesTheReportedObjective()
    {
        var work = TestData.TempDirectory();
        var model = Path.Combine(work, "model.lp");
        var targets = Path.Combine(work, "targets.csv");
        File.WriteAllText(targets, "code,target\nPV27,40\nPV30,30\nPV28,35\nGM0363,5\n"); // binding Spreidingswet targets
        var (dir, _) = ProposeGenerated(400, 40, 11, "--export-model", model, "--targets", targets);
        AssertCbcGivesTheObjective(dir, model);
    }

    [Fact]
    public void ExportModel_WithBindingIskSeats_ResolvedByCbc_GivesTheReportedObjective()
    {
        var work = TestData.TempDirectory();
        var model = Path.Combine(work, "model.lp");
        var isk = Path.Combine(work, "isk_seats.csv");
        // Few free seats in every education region, so that the ISK criterion binds somewhere.
        var regions = Support.TestProblems.Geography.Regions(Spreidingswet.Placement.Geography.RegionRole.EducationRegion).Select(r => r.Code);
        File.WriteAllText(isk, "region_code,seats\n" + string.Concat(regions.Select((code, i) => $"{code},{i % 3}\n")));
        var (dir, _) = ProposeGenerated(200, 20, 13, "--export-model", model, "--isk-seats", isk);
        using (var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "proposal.json"))))
        {
            var weighted = json.RootElement.GetProperty("solver").GetProperty("tiers").EnumerateArray().Last();
            Assert.True(weighted.GetProperty("value").GetInt64() > 0);
        }

        Assert.Contains("iskseats", File.ReadAllText(model), StringComparison.Ordinal);
        AssertCbcGivesTheObjective(dir, model);
    }

    private static void AssertCbcGivesTheObjective(string dir, string model)
    {
        var cbc = new[] { "/usr/bin/cbc", "/usr/local/bin/cbc" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("CBC is required for this test: apt-get install -y coinor-cbc (bash eng/test.sh installs it).");
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "proposal.json")));
        var solver = json.RootElement.GetProperty("solver");
        Assert.Equal("optimal", solver.GetProperty("status").GetString());
        var objective = solver.GetProperty("objective").GetInt64();

        using var process = Process.Start(new ProcessStartInfo(cbc, $"{model} solve") { RedirectStandardOutput = true, UseShellExecute = false })!;
        var output = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(300_000), "CBC did not finish in 300 s");
        Assert.Contains("Optimal solution found", output, StringComparison.Ordinal);
        var value = double.Parse(Regex.Match(output, @"Objective value:\s+([-0-9.eE+]+)").Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.Equal(objective, (long)Math.Round(value));
    }
}

public sealed class ProblemJsonTests
{
    private const string Problem = """
        {
          "youths": [
            { "id": "Y1", "age": 16, "gender": "m", "careLevel": "standard", "currentLocation": "L1",
              "school": { "lat": 52.0907, "lon": 5.1214 } },
            { "id": "Y2", "birthDate": "2011-07-02", "gender": "f", "careLevel": "intensive", "keepApart": ["Y1"] },
            { "id": "Y3", "age": 15, "gender": "m", "careLevel": "standard", "school": { "educationRegion": "MC19" }, "siblingGroup": "S1" },
            { "id": "Y4", "age": 14, "gender": "m", "careLevel": "standard", "siblingGroup": "S1" }
          ],
          "locations": [
            { "id": "L1", "name": "KWV Utrecht", "lat": 52.087, "lon": 5.142, "capacity": 3, "minAge": 15, "maxAge": 17, "closesOn": "2026-12-01" },
            { "id": "L2", "name": "KWV Zeist", "lat": 52.089, "lon": 5.233, "capacity": 4, "minAge": 12, "maxAge": 17, "careLevels": ["standard", "intensive"] },
            { "id": "L3", "name": "KWE Utrecht", "lat": 52.100, "lon": 5.100, "capacity": 2, "minAge": 15, "maxAge": 17 }
          ],
          "iskSeats": { "MC19": 5 }
        }
        """;

    [Fact]
    public void Propose_ProblemJson_GivesTheSameKindOfProposal()
    {
        var dir = TestData.TempDirectory();
        var path = Path.Combine(dir, "problem.json");
        File.WriteAllText(path, Problem);
        var outDir = Path.Combine(dir, "out");
        var (exit, _, error) = CliRunner.Run("propose", "--problem", path, "--planning-date", "2026-12-01", "--out", outDir);
        Assert.True(exit == 0, error);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "proposal.json")));
        var placed = json.RootElement.GetProperty("assignments").EnumerateArray().ToDictionary(a => a.GetProperty("youth").GetString()!, a => a.GetProperty("location").GetString());
        Assert.NotEqual("L1", placed["Y1"]); // L1 closes
        Assert.NotEqual(placed["Y1"], placed["Y2"]); // kept apart
        Assert.Equal(placed["Y3"], placed["Y4"]); // siblings together
        Assert.Equal("problem", json.RootElement.GetProperty("run").GetProperty("inputs")[0].GetProperty("role").GetString());
    }

    [Fact]
    public void Propose_ProblemJsonWithBadValues_NamesTheJsonPaths()
    {
        var dir = TestData.TempDirectory();
        var path = Path.Combine(dir, "problem.json");
        File.WriteAllText(path, Problem.Replace("\"gender\": \"f\"", "\"gender\": \"q\"", StringComparison.Ordinal).Replace("\"capacity\": 4", "\"capacity\": \"four\"", StringComparison.Ordinal));
        var (exit, _, error) = CliRunner.Run("propose", "--problem", path, "--planning-date", "2026-12-01", "--out", Path.Combine(dir, "out"));
        Assert.Equal(2, exit);
        Assert.Contains("youths[1].gender 'q'", error, StringComparison.Ordinal);
        Assert.Contains("locations[1].capacity 'four'", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(dir, "out")));
    }
}

using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Spreidingswet.Placement.Tests.Support;

namespace Spreidingswet.Placement.Tests.Cli;

public sealed partial class ProposeCommandTests
{
    [Fact]
    public void Propose_Demo_WritesAllThreeOutputsAndComparesWithCapacityOnly()
    {
        var dir = TestData.TempDirectory();
        var (exit, output, error) = CliRunner.Run("propose", "--demo", "--out", dir);
        Assert.True(exit == 0, error);
        Assert.Contains("education-first", output, StringComparison.Ordinal);
        Assert.Contains("capacity-only", output, StringComparison.Ordinal);
        foreach (var file in new[] { "proposal.json", "proposal.csv", "report.html" })
        {
            Assert.True(File.Exists(Path.Combine(dir, file)), file);
        }

        var report = File.ReadAllText(Path.Combine(dir, "report.html"));
        Assert.Contains("CBS / Kadaster (PDOK), CBS Gebiedsindelingen 2025, CC BY 4.0, generalised by cartomap/nl", report, StringComparison.Ordinal);
        Assert.DoesNotContain("approximate", error, StringComparison.OrdinalIgnoreCase);

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "proposal.json")));
        var root = json.RootElement;
        Assert.Equal(1, root.GetProperty("schemaVersion").GetInt32());
        Assert.True(root.GetProperty("run").GetProperty("synthetic").GetBoolean());
        Assert.Equal("default", root.GetProperty("run").GetProperty("geodata").GetProperty("source").GetString());
        Assert.Equal("optimal", root.GetProperty("solver").GetProperty("status").GetString());
        var metrics = root.GetProperty("metrics");
        Assert.Equal(metrics.GetProperty("youths").GetInt32(), metrics.GetProperty("placed").GetInt32() + metrics.GetProperty("unplaced").GetInt32());
        var assignment = root.GetProperty("assignments")[0];
        foreach (var field in new[] { "youth", "location", "from", "cost", "criteria", "educationRegion", "schoolDistanceKm", "alternatives" })
        {
            Assert.True(assignment.TryGetProperty(field, out _), field);
        }

        Assert.Contains(root.GetProperty("warnings").EnumerateArray(), w => w.GetString()!.Contains("SYNTHETIC", StringComparison.Ordinal));
        var csv = File.ReadAllLines(Path.Combine(dir, "proposal.csv"));
        Assert.Equal("youth,location,from,education_region_kept,school_km,cost,unplaced_reason", csv[0]);
        Assert.Equal(metrics.GetProperty("youths").GetInt32() + 1, csv.Length);
    }

    [Fact]
    public void Propose_SameInputTwice_GivesByteIdenticalFilesApartFromRunIdTimeAndSeconds()
    {
        var a = TestData.TempDirectory();
        var b = TestData.TempDirectory();
        Assert.Equal(0, CliRunner.Run("propose", "--demo", "--out", a).Exit);
        Assert.Equal(0, CliRunner.Run("propose", "--demo", "--out", b).Exit);
        foreach (var file in new[] { "proposal.json", "proposal.csv", "report.html" })
        {
            Assert.Equal(Normalise(File.ReadAllText(Path.Combine(a, file))), Normalise(File.ReadAllText(Path.Combine(b, file))));
        }

        static string Normalise(string text) => RunMetadata().Replace(text, "");
    }

    [GeneratedRegex("\"(id|timeUtc|seconds)\": [^,\\n]+|Run [0-9a-f]{32}|[0-9.]+ s\\b")]
    private static partial Regex RunMetadata();

    [Fact]
    public void Generate_ThenPropose_OnTheGeneratedFiles_WritesOutputsLabelledSynthetic()
    {
        var data = TestData.TempDirectory();
        var (genExit, _, genError) = CliRunner.Run("generate", "--youths", "300", "--locations", "30", "--seed", "5", "--closures", "2", "--out", data);
        Assert.True(genExit == 0, genError);
        Assert.True(File.Exists(Path.Combine(data, "synthetic.json")));
        var outDir = TestData.TempDirectory();
        var (exit, _, error) = CliRunner.Run("propose", "--youths", Path.Combine(data, "youths.csv"), "--locations", Path.Combine(data, "locations.csv"),
            "--planning-date", "2026-12-01", "--out", outDir);
        Assert.True(exit == 0, error);
        var json = File.ReadAllText(Path.Combine(outDir, "proposal.json"));
        Assert.Contains("\"synthetic\": true", json, StringComparison.Ordinal);
        Assert.Contains("youths.csv", json, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(outDir, "report.html")));
    }

    [Fact]
    public void Propose_MalformedInput_ReportsEveryErrorWithFileLineFieldValue_ExitsTwo_WritesNothing()
    {
        var data = TestData.TempDirectory();
        var youths = Path.Combine(data, "youths.csv");
        var locations = Path.Combine(data, "locations.csv");
        File.WriteAllText(youths, "id;birth_date;gender;care_level;current_location;keep_apart\nY1;2010-01-01;m;standard;L9;\nY1;2011-13-01;q;standard;;Y7\nY3;2009-05-05;f;intensive;;\n", new System.Text.UTF8Encoding(true));
        File.WriteAllText(locations, "id,name,lat,lon,capacity,min_age,max_age\nL1,A,52.09,5.12,10,15,17\nL2,B,52.5,3.5,abc,17,15\n");
        var outDir = Path.Combine(data, "out");
        var (exit, _, error) = CliRunner.Run("propose", "--youths", youths, "--locations", locations, "--planning-date", "2026-12-01", "--out", outDir);
        Assert.Equal(2, exit);
        Assert.Contains($"{youths}:3: birth_date '2011-13-01': is not a date", error, StringComparison.Ordinal);
        Assert.Contains($"{youths}:3: gender 'q'", error, StringComparison.Ordinal);
        Assert.Contains($"{locations}:3: capacity 'abc': is not a whole number.", error, StringComparison.Ordinal);
        Assert.Contains($"{locations}:3: min_age '17': is above max_age (15).", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(outDir));
    }

    [Fact]
    public void Propose_UnknownIdsAndPointsAtSea_AreErrorsNamingTheLine()
    {
        var data = TestData.TempDirectory();
        var youths = Path.Combine(data, "youths.csv");
        var locations = Path.Combine(data, "locations.csv");
        File.WriteAllText(youths, "id,age,gender,care_level,current_location,keep_apart,locked_location\nY1,16,m,standard,L9,,\nY2,16,m,standard,,Y7,\nY3,16,m,standard,,,L8\nY1,15,m,standard,,,\n");
        File.WriteAllText(locations, "id,name,lat,lon,capacity\nL1,A,52.09,5.12,10\nL2,Sea,52.5,3.5,5\n");
        var outDir = Path.Combine(data, "out");
        var (exit, _, error) = CliRunner.Run("propose", "--youths", youths, "--locations", locations, "--planning-date", "2026-12-01", "--out", outDir);
        Assert.Equal(2, exit);
        Assert.Contains($"{youths}:2: current_location 'L9': is not a location", error, StringComparison.Ordinal);
        Assert.Contains($"{youths}:3: keep_apart 'Y7': is not a youth", error, StringComparison.Ordinal);
        Assert.Contains($"{youths}:4: locked_location 'L8'", error, StringComparison.Ordinal);
        Assert.Contains("duplicate youth id", error, StringComparison.Ordinal);
        Assert.Contains($"{locations}:3: lat,lon '52.50000,3.50000': lies outside the Netherlands.", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(outDir));
    }

    [Fact]
    public void Propose_WeightsFileWithUnknownName_IsAnErrorWithAHint()
    {
        var weights = Path.Combine(TestData.TempDirectory(), "weights.json");
        File.WriteAllText(weights, "{ \"schoolTravell\": 5 }");
        var (exit, _, error) = CliRunner.Run("propose", "--demo", "--weights", weights, "--out", TestData.TempDirectory());
        Assert.Equal(2, exit);
        Assert.Contains("schoolTravell", error, StringComparison.Ordinal);
        Assert.Contains("Maybe a misspelt weight name: 'schoolTravel'?", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Propose_Dutch_GivesDutchReasons()
    {
        var dir = TestData.TempDirectory();
        Assert.Equal(0, CliRunner.Run("propose", "--demo", "--lang", "nl", "--no-compare", "--out", dir).Exit);
        var json = File.ReadAllText(Path.Combine(dir, "proposal.json"));
        Assert.Contains("geen", json, StringComparison.Ordinal);
    }

    /// <summary>The report is checked in a real headless Chromium: it renders and shows the maps.</summary>
    [Fact]
    public void Report_InHeadlessChromium_RendersTheMapsAndTheComparison()
    {
        var chromium = new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("Chromium is required for this test: apt-get install -y chromium (bash eng/test.sh installs it).");
        var dir = TestData.TempDirectory();
        Assert.Equal(0, CliRunner.Run("propose", "--demo", "--out", dir).Exit);
        var report = Path.Combine(dir, "report.html");
        var screenshot = Path.Combine(dir, "report.png");
        var common = $"--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync --user-data-dir={Path.Combine(dir, "chromium")}";
        var dom = RunChromium(chromium, $"{common} --dump-dom file://{report}");
        Assert.Contains("id=\"map-education-first\"", dom, StringComparison.Ordinal);
        Assert.Contains("id=\"map-capacity-only\"", dom, StringComparison.Ordinal);
        Assert.Contains("id=\"chart\"", dom, StringComparison.Ordinal);
        Assert.True(Regex.Count(dom, "class=\"region\"") >= 40, "the 40 education regions are drawn");
        Assert.True(Regex.Count(dom, "class=\"location\"") >= 400, "every location is drawn");
        RunChromium(chromium, $"{common} --window-size=1300,1800 --screenshot={screenshot} file://{report}");
        var png = File.ReadAllBytes(screenshot);
        Assert.Equal(0x89, png[0]);
        Assert.True(png.Length > 50_000, $"a screenshot with a map is not tiny ({png.Length} bytes)");
    }

    internal static string RunChromium(string chromium, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(chromium, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(60_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("Chromium did not finish in 60 s.");
        }

        return stdout.Result;
    }
}

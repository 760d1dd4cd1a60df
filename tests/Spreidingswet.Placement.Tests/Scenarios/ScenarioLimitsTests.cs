using System.Diagnostics;
using System.Text;
using Spreidingswet.Placement.Scenarios;
using Spreidingswet.Placement.Tests.Cli;
using Spreidingswet.Placement.Tests.Support;

namespace Spreidingswet.Placement.Tests.Scenarios;

/// <summary>Issue 16, points 6 (YAML aliases, file size) and 9 (paths stay in the scenario's folder, errors never show file contents).</summary>
public sealed class ScenarioLimitsTests
{
    /// <summary>"Billion laughs": each level a list of nine aliases of the level before.</summary>
    private static string Laughs(int levels)
    {
        var sb = new StringBuilder("name: laughs\nbase: { demo: true }\nl0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (var i = 1; i <= levels; i++)
        {
            sb.Append($"l{i}: &l{i} [{string.Join(", ", Enumerable.Repeat($"*l{i - 1}", 9))}]\n");
        }

        return sb.ToString();
    }

    [Fact]
    public void Yaml_BillionLaughs1KB_IsRefusedQuicklyNamingTheLimit()
    {
        var text = Laughs(9);
        Assert.True(text.Length < 1_100, $"{text.Length} bytes");
        var path = ScenarioReaderTests.Write(TestData.TempDirectory(), text, "laughs.yaml");
        var clock = Stopwatch.StartNew();
        var read = ScenarioReader.Read(path);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), clock.Elapsed.ToString());
        var error = Assert.Single(read.Errors);
        Assert.Contains("100,000 YAML nodes after alias expansion (the limit)", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Yaml_SmallAliasBomb_IsRefusedNamingTheLimit()
    {
        // Six levels expand to half a million nodes: no danger to memory, but over the limit.
        var path = ScenarioReaderTests.Write(TestData.TempDirectory(), Laughs(6), "laughs.yaml");
        var error = Assert.Single(ScenarioReader.Read(path).Errors);
        Assert.Contains("the limit", error.Message, StringComparison.Ordinal);
        Assert.Contains("alias", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Yaml_ManyAliases_AreRefusedNamingTheLimit()
    {
        var text = "name: many\nbase: { demo: true }\nx: &x 1\nlist: [" + string.Join(", ", Enumerable.Repeat("*x", 101)) + "]\n";
        var error = Assert.Single(ScenarioReader.Read(ScenarioReaderTests.Write(TestData.TempDirectory(), text, "many.yaml")).Errors);
        Assert.Contains("more than 100 YAML aliases (the limit)", error.Message, StringComparison.Ordinal);
        Assert.Equal(4, error.Line);
    }

    [Fact]
    public void Yaml_DeepNesting_IsRefusedNamingTheLimit()
    {
        var text = "name: deep\nbase: { demo: true }\nx: " + new string('[', 5_000) + new string(']', 5_000) + "\n";
        var error = Assert.Single(ScenarioReader.Read(ScenarioReaderTests.Write(TestData.TempDirectory(), text, "deep.yaml")).Errors);
        Assert.Contains("deeper than 64 levels (the limit)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Yaml_FewAliases_StillWork()
    {
        var text = "name: anchors\nbase: &b { demo: true, planningDate: \"2026-12-01\" }\nchanges:\n  - close: L0001\n";
        var read = ScenarioReader.Read(ScenarioReaderTests.Write(TestData.TempDirectory(), text, "ok.yaml"));
        Assert.True(read.Succeeded, string.Join("\n", read.Errors));
    }

    [Theory]
    [InlineData("big.json")]
    [InlineData("big.yaml")]
    public void ScenarioFile_OverTheSizeLimit_IsRefused(string name)
    {
        var text = "{\"name\": \"big\", \"base\": {\"demo\": true}, \"changes\": [" + string.Join(", ", Enumerable.Repeat("{\"close\": \"L0001\"}", 70_000)) + "]}";
        Assert.True(text.Length > ScenarioReader.MaxFileBytes);
        var error = Assert.Single(ScenarioReader.Read(ScenarioReaderTests.Write(TestData.TempDirectory(), text, name)).Errors);
        Assert.Contains("larger than the limit for a scenario file, 1,048,576 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ScenarioCli_BillionLaughs_Exit2WithTheLimitAndNoStackTrace()
    {
        var path = ScenarioReaderTests.Write(TestData.TempDirectory(), Laughs(9), "laughs.yaml");
        var (exit, _, error) = CliRunner.Run("scenario", "--scenario", path, "--no-audit", "--out", Path.Combine(TestData.TempDirectory(), "out"));
        Assert.Equal(2, exit);
        Assert.StartsWith($"error: {path}:", error, StringComparison.Ordinal);
        Assert.Contains("(the limit)", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"youths\": \"../outside/youths.csv\", \"locations\": \"locations.csv\"", "base.youths")]
    [InlineData("\"problem\": \"/etc/hostname\"", "base.problem")]
    [InlineData("\"demo\": true, \"weights\": \"../outside/weights.json\"", "base.weights")]
    [InlineData("\"youths\": \"link.csv\", \"locations\": \"locations.csv\"", "base.youths")]
    public void ScenarioPaths_LeavingTheFolder_AreRefused(string fields, string field)
    {
        var root = TestData.TempDirectory();
        var folder = Path.Combine(root, "scenario");
        Directory.CreateDirectory(Path.Combine(root, "outside"));
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(root, "outside", "youths.csv"), "id,age\nY1,15\n");
        File.WriteAllText(Path.Combine(root, "outside", "weights.json"), "{}");
        File.WriteAllText(Path.Combine(folder, "locations.csv"), "id,name,lat,lon,capacity\nL1,a,52.09,5.12,3\n");
        File.CreateSymbolicLink(Path.Combine(folder, "link.csv"), Path.Combine(root, "outside", "youths.csv"));
        var path = ScenarioReaderTests.Write(folder, $"{{\"name\": \"x\", \"base\": {{{fields}}}, \"changes\": []}}");
        var read = ScenarioReader.Read(path);
        var error = Assert.Single(read.Errors, e => e.Field == field);
        Assert.Contains("leaves the scenario's folder", error.Message, StringComparison.Ordinal);
        Assert.Contains("--allow-outside-paths", error.Hint, StringComparison.Ordinal);
        Assert.True(ScenarioReader.Read(path, allowOutsidePaths: true).Errors.All(e => !e.Message.Contains("leaves", StringComparison.Ordinal)));
    }

    [Fact]
    public void ScenarioPaths_ArrivalsFileOutsideTheFolder_IsRefused()
    {
        var root = TestData.TempDirectory();
        File.WriteAllText(Path.Combine(root, "arrivals.csv"), "id,age\nN1,15\n");
        var folder = Path.Combine(root, "s");
        Directory.CreateDirectory(folder);
        var path = ScenarioReaderTests.Write(folder, "{\"name\": \"x\", \"base\": {\"demo\": true}, \"changes\": [{\"arrivals\": {\"file\": \"../arrivals.csv\"}}]}");
        var error = Assert.Single(ScenarioReader.Read(path).Errors);
        Assert.Equal("changes[0].arrivals.file", error.Field);
        Assert.Contains("leaves the scenario's folder", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ScenarioCli_BaseFileWithASecret_ErrorsDoNotShowItsContents()
    {
        var folder = TestData.TempDirectory();
        File.WriteAllText(Path.Combine(folder, "youths.csv"), "SECRET_TOKEN=hunter2-0123456789abcdef PASSWORD=correct-horse-battery\n");
        File.WriteAllText(Path.Combine(folder, "locations.csv"), "SECRET_TOKEN=hunter2-0123456789abcdef PASSWORD=correct-horse-battery\n");
        var path = ScenarioReaderTests.Write(folder, "{\"name\": \"x\", \"base\": {\"youths\": \"youths.csv\", \"locations\": \"locations.csv\"}, \"changes\": []}");
        var (exit, _, error) = CliRunner.Run("scenario", "--scenario", path, "--no-audit", "--out", Path.Combine(TestData.TempDirectory(), "out"));
        Assert.Equal(2, exit);
        Assert.Contains("youths.csv", error, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error, StringComparison.Ordinal);
        Assert.DoesNotContain("correct-horse", error, StringComparison.Ordinal);
    }

    [Fact]
    public void ScenarioCli_ProcSelfEnviron_IsRefusedAndNeverEchoed()
    {
        var folder = TestData.TempDirectory();
        var path = ScenarioReaderTests.Write(folder, "{\"name\": \"x\", \"base\": {\"youths\": \"/proc/self/environ\", \"locations\": \"/proc/self/environ\"}, \"changes\": []}");
        var home = Environment.GetEnvironmentVariable("PATH")!;
        var (exit, _, error) = CliRunner.Run("scenario", "--scenario", path, "--no-audit", "--out", Path.Combine(TestData.TempDirectory(), "out"));
        Assert.Equal(2, exit);
        Assert.Contains("leaves the scenario's folder", error, StringComparison.Ordinal);
        Assert.DoesNotContain(home, error, StringComparison.Ordinal);

        (exit, _, error) = CliRunner.Run("scenario", "--scenario", path, "--allow-outside-paths", "--no-audit", "--out", Path.Combine(TestData.TempDirectory(), "out"));
        Assert.Equal(2, exit);
        Assert.Contains("/proc/self/environ", error, StringComparison.Ordinal);
        Assert.DoesNotContain(home, error, StringComparison.Ordinal);
        Assert.DoesNotContain("PATH=", error, StringComparison.Ordinal);
    }
}

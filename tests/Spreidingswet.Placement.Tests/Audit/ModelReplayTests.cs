using System.Text.RegularExpressions;
using Spreidingswet.Placement.Tests.Cli;
using Spreidingswet.Placement.Tests.Learning;
using Spreidingswet.Placement.Tests.Support;

namespace Spreidingswet.Placement.Tests.Audit;

/// <summary>A run made with a learned-score model is replayed with that model, and only while the file is unchanged.</summary>
public sealed partial class ModelReplayTests
{
    [Fact]
    public void Replay_RunWithAModel_LoadsTheModelAndIsIdentical_AndAChangedModelFileIsNamed()
    {
        var dir = TestData.TempDirectory();
        var db = Path.Combine(dir, "audit.db");
        var model = Path.Combine(dir, "model.zip");
        TrainedModels.Stumps.Save(model);
        var (exit, output, error) = CliRunner.Run("propose", "--demo", "--no-compare", "--model", model, "--out", Path.Combine(dir, "out"), "--audit", db);
        Assert.True(exit == 0, error);
        var run = RecordedRun().Match(output).Groups[1].Value;

        (exit, output, error) = CliRunner.Run("audit", "replay", run, "--audit", db);
        Assert.True(exit == 0, output + error);
        Assert.Contains("identical", output, StringComparison.Ordinal);

        File.AppendAllText(model, "changed");
        (exit, _, error) = CliRunner.Run("audit", "replay", run, "--audit", db);
        Assert.Equal(2, exit);
        Assert.Contains("model file has changed since the run", error, StringComparison.Ordinal);

        File.Delete(model);
        (exit, _, error) = CliRunner.Run("audit", "replay", run, "--audit", db);
        Assert.Equal(2, exit);
        Assert.Contains("model file is no longer available", error, StringComparison.Ordinal);
    }

    [GeneratedRegex("audit: recorded run ([0-9a-f]{32})")]
    private static partial Regex RecordedRun();
}

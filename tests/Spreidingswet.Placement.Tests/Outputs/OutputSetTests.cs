using System.Text.RegularExpressions;
using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Outputs;
using Spreidingswet.Placement.Tests.Cli;
using Spreidingswet.Placement.Tests.Support;
using static Spreidingswet.Placement.Tests.Support.TestProblems;

namespace Spreidingswet.Placement.Tests.Outputs;

/// <summary>Issue 16, point 5: the outputs of a run are one set, and --out is checked before solving.</summary>
public sealed partial class OutputSetTests
{
    private static readonly string[] Set = ["proposal.json", "proposal.csv", "report.html"];

    // Different ids, so that each file of a set tells which proposal it came from.
    private static readonly Lazy<PlacementProblem[]> Problems = new(() =>
    [
        .. Enumerable.Range(0, 4).Select(k => Problem(
            Enumerable.Range(0, 5).Select(i => Kid($"R{k}-Y{i}", school: Utrecht)),
            [Loc($"R{k}-L1", Utrecht, capacity: 3), Loc($"R{k}-L2", Zeist, capacity: 3)])),
    ]);

    private static readonly Lazy<Proposal[]> Proposals = new(() => [.. Problems.Value.Select(p => Propose(p))]);

    private static void Write(int k, string dir) => ProposalWriter.Write(Proposals.Value[k], null, TestProblems.Geography, Problems.Value[k], dir);

    [Fact]
    public void Write_ConcurrentRunsOnOneFolder_NeverLeaveAMixedSet()
    {
        var dir = Path.Combine(TestData.TempDirectory(), "out");
        var proposals = Proposals.Value;
        for (var round = 0; round < 25; round++)
        {
            Parallel.For(0, proposals.Length, new ParallelOptions { MaxDegreeOfParallelism = proposals.Length }, k => Write(k, dir));
            AssertOneSet(dir);
        }

        AssertNoHiddenFolders(dir);
    }

    [Fact]
    public void Write_FailingHalfway_LeavesThePreviousSetWholeAndNoTemporaryFiles()
    {
        var dir = Path.Combine(TestData.TempDirectory(), "out");
        Write(0, dir);
        // report.html replaced by a folder: the old per-file renames replaced json and csv, then failed.
        File.Delete(Path.Combine(dir, "report.html"));
        Directory.CreateDirectory(Path.Combine(dir, "report.html"));
        var before = Set[..2].Select(f => File.ReadAllText(Path.Combine(dir, f))).ToArray();
        Assert.ThrowsAny<IOException>(() => Write(1, dir));
        Assert.Equal(before, Set[..2].Select(f => File.ReadAllText(Path.Combine(dir, f))).ToArray());
        AssertNoHiddenFolders(dir);
    }

    [Fact]
    public void Write_KeepsOtherFilesOfThePreviousFolder_AndReplacesAnEarlierSet()
    {
        var dir = Path.Combine(TestData.TempDirectory(), "out");
        Write(0, dir);
        File.WriteAllText(Path.Combine(dir, "model.lp"), "\\ exported\n");
        Write(1, dir);
        Assert.Equal("\\ exported\n", File.ReadAllText(Path.Combine(dir, "model.lp")));
        Assert.Equal(Proposals.Value[1].Run.Id, RunOf(dir));
        AssertOneSet(dir);
    }

    [Fact]
    public void Write_StaleHiddenFolderOfADeadProcess_IsRemoved()
    {
        var parent = TestData.TempDirectory();
        var stale = Path.Combine(parent, ".out.999999999.0123456789abcdef0123456789abcdef.tmp");
        Directory.CreateDirectory(stale);
        Write(0, Path.Combine(parent, "out"));
        Assert.False(Directory.Exists(stale));
    }

    [Fact]
    public void ProposeCli_SuccessiveRunsOnOneOut_EachLeaveOneWholeSet()
    {
        var dir = Path.Combine(TestData.TempDirectory(), "out");
        foreach (var policy in new[] { "education-first", "capacity-only", "weighted" })
        {
            var (exit, _, error) = CliRunner.Run("propose", "--demo", "--no-audit", "--no-compare", "--policy", policy, "--out", dir);
            Assert.True(exit == 0, error);
            AssertOneSet(dir);
            Assert.Contains($"\"policy\": \"{policy}\"",
                File.ReadAllText(Path.Combine(dir, "proposal.json")), StringComparison.Ordinal);
        }

        AssertNoHiddenFolders(dir);
    }

    [Fact]
    public void ProposeCli_OutIsAFile_Exit2BeforeSolvingAndNothingRecorded()
    {
        var parent = TestData.TempDirectory();
        var file = Path.Combine(parent, "out");
        File.WriteAllText(file, "keep me");
        var audit = Path.Combine(parent, "placement-audit.db");
        var (exit, _, error) = CliRunner.Run("propose", "--demo", "--audit", audit, "--out", file);
        Assert.Equal(2, exit);
        Assert.Contains("--out", error, StringComparison.Ordinal);
        Assert.Contains("is a file", error, StringComparison.Ordinal);
        Assert.DoesNotContain("solving", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        Assert.Equal("keep me", File.ReadAllText(file));
        Assert.False(File.Exists(audit), "the audit log was created or written");
    }

    [Fact]
    public void ProposeCli_OutIsADanglingLink_Exit2BeforeSolving()
    {
        var parent = TestData.TempDirectory();
        var link = Path.Combine(parent, "out");
        File.CreateSymbolicLink(link, Path.Combine(parent, "missing", "folder"));
        var (exit, _, error) = CliRunner.Run("propose", "--demo", "--no-audit", "--out", link);
        Assert.Equal(2, exit);
        Assert.Contains("dangling symbolic link", error, StringComparison.Ordinal);
        Assert.DoesNotContain("solving", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(parent, "missing")));
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void ProposeCli_OutInAReadOnlyFolder_Exit2BeforeSolving()
    {
        var parent = Path.Combine(TestData.TempDirectory(), "locked");
        Directory.CreateDirectory(parent);
        File.SetUnixFileMode(parent, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
        try
        {
            var (exit, _, error) = CliRunner.Run("propose", "--demo", "--no-audit", "--out", Path.Combine(parent, "out"));
            Assert.Equal(2, exit);
            Assert.Contains("read-only", error, StringComparison.Ordinal);
            Assert.DoesNotContain("solving", error, StringComparison.Ordinal);
            Assert.Empty(Directory.EnumerateFileSystemEntries(parent));
        }
        finally
        {
            File.SetUnixFileMode(parent, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    [Fact]
    public void ScenarioCli_OutIsAFile_Exit2BeforeSolving()
    {
        var parent = TestData.TempDirectory();
        var scenario = Path.Combine(parent, "s.json");
        File.WriteAllText(scenario, "{\"name\": \"s\", \"base\": {\"demo\": true}, \"changes\": []}");
        var file = Path.Combine(parent, "out");
        File.WriteAllText(file, "keep me");
        var (exit, _, error) = CliRunner.Run("scenario", "--scenario", scenario, "--no-audit", "--out", file);
        Assert.Equal(2, exit);
        Assert.Contains("is a file", error, StringComparison.Ordinal);
        Assert.DoesNotContain("running", error, StringComparison.Ordinal);
        Assert.Equal("keep me", File.ReadAllText(file));
    }

    /// <summary>The three files come from one proposal: the csv is the json's csv, the report names the json's run.</summary>
    private static void AssertOneSet(string dir)
    {
        Assert.Equal(Set.Order(StringComparer.Ordinal), Directory.EnumerateFiles(dir).Select(Path.GetFileName).Where(f => Set.Contains(f)).Order(StringComparer.Ordinal));
        var proposal = ProposalWriter.FromJson(File.ReadAllText(Path.Combine(dir, "proposal.json")))!;
        Assert.Equal(ProposalWriter.ToCsv(proposal), File.ReadAllText(Path.Combine(dir, "proposal.csv")));
        var html = File.ReadAllText(Path.Combine(dir, "report.html"));
        Assert.Equal([proposal.Run.Id], RunIds().Matches(html).Select(m => m.Value).Distinct());
    }

    private static string RunOf(string dir) => ProposalWriter.FromJson(File.ReadAllText(Path.Combine(dir, "proposal.json")))!.Run.Id;

    private static void AssertNoHiddenFolders(string dir)
    {
        var parent = Path.GetDirectoryName(Path.GetFullPath(dir))!;
        Assert.DoesNotContain(Directory.EnumerateFileSystemEntries(parent), e => Path.GetFileName(e).StartsWith('.'));
        Assert.DoesNotContain(Directory.EnumerateFileSystemEntries(dir), e => Path.GetFileName(e).StartsWith('.') || e.EndsWith(".tmp", StringComparison.Ordinal));
    }

    [GeneratedRegex("\\b[0-9a-f]{32}\\b")]
    private static partial Regex RunIds();
}

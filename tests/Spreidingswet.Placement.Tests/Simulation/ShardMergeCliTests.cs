using System.Text.Json.Nodes;
using Spreidingswet.Placement.Tests.Cli;
using Spreidingswet.Placement.Tests.Support;

namespace Spreidingswet.Placement.Tests.Simulation;

/// <summary>
/// The shard and merge path through the real command line (as deploy/'s Indexed Job runs it): a sweep
/// run as 4 shards into separate folders and merged equals the sweep run at once, run by run and
/// number by number; bad merges are refused, naming the shard and what is wrong, and write nothing.
/// </summary>
public sealed class ShardMergeCliTests
{
    /// <summary>A small sweep: 6 weekly batches over 150 residents, with wishes, so every count is exercised.</summary>
    private static readonly string[] Sweep =
    [
        "simulate", "--weeks", "6", "--youths", "150", "--locations", "12", "--arrival-rate", "8", "--closures", "1", "--wishes", "0.5",
        "--policies", "capacity-only,education-first,reservations",
    ];

    private static readonly string[] WithHindsight =
    [
        "simulate", "--weeks", "5", "--youths", "120", "--locations", "10", "--arrival-rate", "8", "--closures", "1",
        "--exact-hindsight", "--hindsight-time-limit", "20",
    ];

    [Fact]
    public void FourShards_MergedThroughTheCli_EqualTheUnshardedSweep()
    {
        var dir = TestData.TempDirectory();
        var whole = RunOk(dir, "whole", [.. Sweep, "--runs", "8"]);
        var shards = Enumerable.Range(1, 4).Select(i => RunOk(dir, $"shard-{i}", [.. Sweep, "--runs", "8", "--shard", $"{i}/4"])).ToList();
        foreach (var (shard, i) in shards.Select((s, i) => (s, i + 1)))
        {
            var doc = Read(shard);
            Assert.Equal($"{i}/4", (string?)doc["shard"]);
            Assert.Equal([i, i + 4], doc["runs"]!.AsArray().Select(r => (int)r!["seed"]!));
        }

        // Merged in another order than the shard numbers: the result does not depend on it.
        var merged = Merge(dir, [shards[2], shards[0], shards[3], shards[1]]);
        var a = Read(whole);
        var b = Read(merged);
        Assert.Equal(8, (int)b["totalRuns"]!);
        Assert.Null(b["shard"]);
        Assert.Equal(8, b["runs"]!.AsArray().Count);
        Assert.True(b["runs"]!.AsArray().All(r => r!["policies"]!.AsArray().All(p => p!["totals"]!["wishesStated"] is not null)), "the sweep has wishes, so every batch policy counts them");
        Assert.True(b["policies"]!.AsArray().Sum(p => (double)p!["moves"]!) > 0, "the sweep moves residents (closures)");
        Assert.Equal(WithoutSeconds(a).ToJsonString(), WithoutSeconds(b).ToJsonString());
    }

    [Fact]
    public void FourShards_WithTheHindsight_MergedEqualTheUnshardedSweepsValuesAndShares()
    {
        var dir = TestData.TempDirectory();
        var whole = Read(RunOk(dir, "whole", [.. WithHindsight, "--runs", "4"]));
        var shards = Enumerable.Range(1, 4).Select(i => RunOk(dir, $"shard-{i}", [.. WithHindsight, "--runs", "4", "--shard", $"{i}/4"])).ToList();
        var merged = Read(Merge(dir, shards));

        // The hindsight's optimum, and so every share, is reproducible; its solution's other figures are
        // not (CP-SAT with 4 workers picks any optimal solution): compared are the reproducible parts.
        var runsA = whole["runs"]!.AsArray();
        var runsB = merged["runs"]!.AsArray();
        Assert.Equal(4, runsB.Count);
        for (var k = 0; k < 4; k++)
        {
            var (ha, hb) = (runsA[k]!["hindsight"]!, runsB[k]!["hindsight"]!);
            Assert.Equal("optimal", (string?)ha["status"]);
            Assert.Equal((string?)ha["status"], (string?)hb["status"]);
            Assert.Equal((double)ha["value"]!, (double)hb["value"]!);
            foreach (var (pa, pb) in runsA[k]!["policies"]!.AsArray().Zip(runsB[k]!["policies"]!.AsArray()))
            {
                Assert.Equal((string?)pa!["policy"], (string?)pb!["policy"]);
                Assert.Equal((double?)pa["shareOfHindsight"], (double?)pb["shareOfHindsight"]);
                Assert.Equal((int)pa["totals"]!["educationKept"]!, (int)pb["totals"]!["educationKept"]!);
                if ((string?)pa["policy"] != "hindsight")
                {
                    Assert.Equal(WithoutSeconds(pa).ToJsonString(), WithoutSeconds(pb).ToJsonString());
                }
            }
        }

        foreach (var (sa, sb) in whole["policies"]!.AsArray().Zip(merged["policies"]!.AsArray()))
        {
            Assert.Equal((double?)sa!["shareOfHindsight"], (double?)sb!["shareOfHindsight"]);
            Assert.Equal((double?)sa["shareMin"], (double?)sb["shareMin"]);
            Assert.Equal((double?)sa["shareMax"], (double?)sb["shareMax"]);
        }

        Assert.Contains(whole["policies"]!.AsArray(), p => (double?)p!["shareOfHindsight"] is > 0 and < 1);
    }

    [Fact]
    public void Merge_AMissingShard_IsRefusedNamingIt()
    {
        var (dir, shards) = FourShards();
        var (exit, error, outDir) = MergeFails(dir, [shards[0], shards[1], shards[3]]);
        Assert.Equal(2, exit);
        Assert.Contains("6 of the sweep's 8 runs: shard 3/4 is missing.", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(outDir));
    }

    [Fact]
    public void Merge_AShardTwice_IsRefusedNamingBothFiles()
    {
        var (dir, shards) = FourShards();
        var copy = Path.Combine(dir, "copy-of-2");
        Directory.CreateDirectory(copy);
        File.Copy(Path.Combine(shards[1], "simulation.json"), Path.Combine(copy, "simulation.json"));
        var (exit, error, outDir) = MergeFails(dir, [.. shards, copy]);
        Assert.Equal(2, exit);
        Assert.Contains($"error: {Path.Combine(copy, "simulation.json")}: shard '2/4': this shard is also given as {Path.Combine(shards[1], "simulation.json")}.", error, StringComparison.Ordinal);
        Assert.Contains($"error: {Path.Combine(copy, "simulation.json")}: seed '2': this run is also in {Path.Combine(shards[1], "simulation.json")}: the shards overlap.", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(outDir));
    }

    [Fact]
    public void Merge_OverlappingShardsOfAnotherSplit_AreRefused()
    {
        var (dir, shards) = FourShards();
        var half = RunOk(dir, "half-1", [.. Small, "--runs", "8", "--shard", "1/2"]);
        var (exit, error, outDir) = MergeFails(dir, [.. shards, half]);
        Assert.Equal(2, exit);
        Assert.Contains($"error: {Path.Combine(half, "simulation.json")}: shard '1/2': not a shard of 4 as {Path.Combine(shards[0], "simulation.json")} is.", error, StringComparison.Ordinal);
        Assert.Contains($"error: {Path.Combine(half, "simulation.json")}: seed '1': this run is also in {Path.Combine(shards[0], "simulation.json")}: the shards overlap.", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(outDir));
    }

    [Fact]
    public void Merge_AShardOfOtherSettings_IsRefusedNamingTheSetting()
    {
        var (dir, shards) = FourShards();
        var other = RunOk(dir, "other-3", [.. Small.Select(a => a == "4" ? "5" : a), "--runs", "8", "--shard", "3/4"]);
        var (exit, error, outDir) = MergeFails(dir, [shards[0], shards[1], other, shards[3]]);
        Assert.Equal(2, exit);
        Assert.Contains($"error: {Path.Combine(other, "simulation.json")}: settings.weeks '5': differs from {Path.Combine(shards[0], "simulation.json")}'s '4': a shard of another sweep. Maybe run every shard with the same options.", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(outDir));
    }

    [Fact]
    public void Merge_AShardOfAnotherRunCount_OrAWholeSweep_IsRefused()
    {
        var (dir, shards) = FourShards();
        var twelve = RunOk(dir, "of-12", [.. Small, "--runs", "12", "--shard", "4/4"]);
        var (exit, error, _) = MergeFails(dir, [shards[0], shards[1], shards[2], twelve]);
        Assert.Equal(2, exit);
        Assert.Contains($"error: {Path.Combine(twelve, "simulation.json")}: totalRuns '12': differs from {Path.Combine(shards[0], "simulation.json")}'s 8: not the same sweep.", error, StringComparison.Ordinal);
        Assert.Contains("settings.runs '12'", error, StringComparison.Ordinal);

        var whole = RunOk(dir, "whole", [.. Small, "--runs", "8"]);
        (exit, error, _) = MergeFails(dir, [whole, shards[0]]);
        Assert.Equal(2, exit);
        Assert.Contains($"error: {Path.Combine(whole, "simulation.json")}: shard: is a whole sweep, not a shard: it cannot be merged with others.", error, StringComparison.Ordinal);
    }

    /// <summary>A tinier sweep for the refusals (policies without the hindsight: fast).</summary>
    private static readonly string[] Small =
        ["simulate", "--weeks", "4", "--youths", "80", "--locations", "8", "--arrival-rate", "5", "--closures", "0", "--policies", "capacity-only,education-first"];

    private static (string Dir, List<string> Shards) FourShards()
    {
        var dir = TestData.TempDirectory();
        return (dir, [.. Enumerable.Range(1, 4).Select(i => RunOk(dir, $"shard-{i}", [.. Small, "--runs", "8", "--shard", $"{i}/4"]))]);
    }

    private static string RunOk(string dir, string name, string[] args)
    {
        var outDir = Path.Combine(dir, name);
        var (exit, stdout, stderr) = CliRunner.Run([.. args, "--out", outDir]);
        Assert.True(exit == 0, $"{string.Join(' ', args)}: exit {exit}\n{stdout}\n{stderr}");
        return outDir;
    }

    private static string Merge(string dir, IEnumerable<string> shards)
    {
        var outDir = Path.Combine(dir, "merged");
        var (exit, stdout, stderr) = CliRunner.Run(["simulate", "merge", .. shards, "--out", outDir]);
        Assert.True(exit == 0, $"merge: exit {exit}\n{stdout}\n{stderr}");
        Assert.Contains("merged ", stdout, StringComparison.Ordinal);
        return outDir;
    }

    private static (int Exit, string Error, string OutDir) MergeFails(string dir, IEnumerable<string> shards)
    {
        var outDir = Path.Combine(dir, "merged-" + Guid.NewGuid().ToString("N")[..6]);
        var (exit, _, stderr) = CliRunner.Run(["simulate", "merge", .. shards, "--out", outDir]);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
        return (exit, stderr, outDir);
    }

    private static JsonNode Read(string dir) => JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "simulation.json")))!;

    /// <summary>The document without its wall-clock figures (<c>seconds</c>), the only part that may differ between two runs of the same sweep.</summary>
    private static JsonNode WithoutSeconds(JsonNode node)
    {
        var copy = node.DeepClone();
        Strip(copy);
        return copy;

        static void Strip(JsonNode? n)
        {
            switch (n)
            {
                case JsonObject o:
                    o.Remove("seconds");
                    foreach (var (_, v) in o.ToList())
                    {
                        Strip(v);
                    }

                    break;
                case JsonArray a:
                    foreach (var v in a)
                    {
                        Strip(v);
                    }

                    break;
            }
        }
    }
}

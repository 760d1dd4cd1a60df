using Spreidingswet.Placement.Simulation;

namespace Spreidingswet.Placement.Tests.Simulation;

/// <summary>Shards of a sweep merged equal the unsharded sweep; a missing or repeated shard is an error.</summary>
public sealed class SweepMergeTests
{
    private static SimulationResult Run(int seed) => new()
    {
        Source = "test", Seed = seed, Start = new DateOnly(2027, 1, 4), Periods = 1, Cadence = "weekly", StartResidents = 1, Locations = 1, Arrivals = seed,
        Policies = [new PolicyResult
        {
            Policy = "reservations", ShareOfHindsight = 0.9 + (seed / 100.0), Weeks = [],
            Totals = new PolicyTotals { EducationKept = seed, BreaksCaused = 1, Moves = 0, UnplacedDays = 0, MovedMoreThanOnce = 0, Placements = seed, Seconds = 0 },
        }],
    };

    [Fact]
    public void Merge_FourShards_EqualsTheUnshardedSweep()
    {
        var runs = Enumerable.Range(1, 8).Select(Run).ToList();
        var whole = SimulationWriter.ToJson(SimulationSweep.Of(runs, 8, null));
        var shards = Enumerable.Range(1, 4).Select(i => ($"shard{i}", SimulationSweep.Of(runs.Where((_, k) => k % 4 == i - 1), 8, $"{i}/4"))).Reverse().ToList();
        var roundTripped = shards.Select(s => (s.Item1, SimulationWriter.ReadSweepText(SimulationWriter.ToJson(s.Item2)))).ToList();
        var merged = SimulationWriter.Merge(roundTripped).GetValueOrThrow();
        Assert.Equal(whole, SimulationWriter.ToJson(merged));
    }

    [Fact]
    public void Merge_FourShardsOfRealRuns_ThroughTheLibrary_EqualTheUnshardedSweep_ButForSeconds()
    {
        var geo = SimulationTests.Geo;
        var settings = new SimulationSettings { Periods = 4, Policies = [SimulationPolicy.CapacityOnly, SimulationPolicy.EducationFirst, SimulationPolicy.Reservations] };
        SimulationResult RunSeed(int seed)
        {
            var input = SimulationInputs.Generate(new Placement.Inputs.SyntheticSettings { Youths = 120, Locations = 10, Seed = seed },
                new ArrivalModel { WeeklyRate = 8 }, settings with { Seed = seed }, closures: 1, geo);
            return new PlacementSimulator(new PlacementEngine(geo), geo).Run(input, settings with { Seed = seed }).GetValueOrThrow();
        }

        var whole = SimulationSweep.Of(Enumerable.Range(1, 8).Select(RunSeed), 8, null);
        // Each shard computes its own runs anew (as a pod would), so equality needs reproducible runs too.
        var shards = Enumerable.Range(1, 4).Select(i => ($"shard{i}", SimulationWriter.ReadSweepText(SimulationWriter.ToJson(
            SimulationSweep.Of(new[] { i, i + 4 }.Select(RunSeed), 8, $"{i}/4"))))).ToList();
        var merged = SimulationWriter.Merge(shards).GetValueOrThrow();
        Assert.Equal(WithoutSeconds(SimulationWriter.ToJson(whole)), WithoutSeconds(SimulationWriter.ToJson(merged)));
        Assert.True(whole.Policies.Sum(p => p.Moves) > 0 && whole.Policies.Sum(p => p.EducationKept) > 0);
    }

    private static string WithoutSeconds(string json) => string.Join('\n', json.Split('\n').Where(l => !l.TrimStart().StartsWith("\"seconds\":", StringComparison.Ordinal)));

    [Fact]
    public void Merge_AShardMissingOrTwice_IsAnError()
    {
        var runs = Enumerable.Range(1, 4).Select(Run).ToList();
        var s1 = SimulationSweep.Of(runs.Take(2), 4, "1/2");
        Assert.Contains(SimulationWriter.Merge([("a", s1)]).Errors, e => e.Message.Contains("missing", StringComparison.Ordinal));
        Assert.Contains(SimulationWriter.Merge([("a", s1), ("b", s1)]).Errors, e => e.Message.Contains("this shard is also given as a.", StringComparison.Ordinal));
    }
}

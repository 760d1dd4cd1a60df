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
    public void Merge_AShardMissingOrTwice_IsAnError()
    {
        var runs = Enumerable.Range(1, 4).Select(Run).ToList();
        var s1 = SimulationSweep.Of(runs.Take(2), 4, "1/2");
        Assert.Contains(SimulationWriter.Merge([("a", s1)]).Errors, e => e.Message.Contains("missing", StringComparison.Ordinal));
        Assert.Contains(SimulationWriter.Merge([("a", s1), ("b", s1)]).Errors, e => e.Message.Contains("this shard is also given as a.", StringComparison.Ordinal));
    }
}

using System.Collections.Immutable;
using Spreidingswet.Placement.Inputs;
using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Simulation;
using Xunit.Abstractions;

namespace Spreidingswet.Placement.Tests.Simulation;

/// <summary>The simulation: bookkeeping per period, the policies on one stream, the hindsight model as the yardstick.</summary>
public sealed class SimulationTests(ITestOutputHelper output)
{
    internal static Placement.Geography.RegionMap Geo => Support.TestProblems.Geography;

    internal static readonly SimulationSettings Small = new() { Periods = 12, Seed = 3, KeepSituations = true, PoolHindsight = false, HindsightTimeLimit = TimeSpan.FromSeconds(30) };

    internal static SimulationInput SmallInput(int seed = 3, SimulationSettings? settings = null) => SimulationInputs.Generate(
        new SyntheticSettings { Youths = 400, Locations = 30, Seed = seed, BedsPerYouth = 1.10 },
        new ArrivalModel { WeeklyRate = 12 }, settings ?? Small, closures: 2, Geo);

    private static readonly Lazy<(SimulationInput Input, SimulationResult Result)> SmallRun = new(() =>
    {
        var input = SmallInput();
        var result = new PlacementSimulator(new PlacementEngine(Geo), Geo).Run(input, Small).GetValueOrThrow();
        return (input, result);
    });

    /// <summary>A mid-size generated year that is not bed-starved (1.25 beds per resident, arrivals in 3 hot regions).</summary>
    internal static readonly SimulationSettings Mid = new() { Periods = 52, Seed = 5, KeepSituations = true, HindsightTimeLimit = TimeSpan.FromSeconds(30) };

    private static readonly Lazy<(SimulationInput Input, SimulationResult Result)> MidRun = new(() =>
    {
        var input = SimulationInputs.Generate(
            new SyntheticSettings { Youths = 2_000, Locations = 100, Seed = 5, BedsPerYouth = 1.25 },
            new ArrivalModel { WeeklyRate = 19 }, Mid, closures: 2, Geo);
        var result = new PlacementSimulator(new PlacementEngine(Geo), Geo).Run(input, Mid).GetValueOrThrow();
        return (input, result);
    });

    [Fact]
    public void Bookkeeping_EachPolicy_APeriodsSituationIsThePreviousProposalPlusThatPeriodsChanges()
    {
        var (input, result) = SmallRun.Value;
        CheckBookkeeping(input, result, Small);
    }

    [Fact]
    public void MidSizeYear_ReservationsReach95PercentOfTheHindsight_MyopicAtLeastCapacityOnly_AndTheBookkeepingHolds()
    {
        var (input, result) = MidRun.Value;
        var hindsight = Assert.IsType<HindsightReport>(result.Hindsight);
        output.WriteLine($"hindsight {hindsight}");
        foreach (var p in result.Policies)
        {
            output.WriteLine($"{p.Policy}: kept {p.Totals.EducationKept} breaks {p.Totals.BreaksCaused} unplaced-days {p.Totals.UnplacedDays} held (sum) {p.Weeks.Sum(w => w.Held)} share {p.ShareOfHindsight}");
        }

        var capacityOnly = result.Policies.Single(p => p.Policy == "capacity-only").Totals.EducationKept;
        var myopic = result.Policies.Single(p => p.Policy == "education-first").Totals.EducationKept;
        var reservations = result.Policies.Single(p => p.Policy == "reservations");
        Assert.True(myopic >= capacityOnly, $"education-first keeps {myopic} < capacity-only {capacityOnly}");
        Assert.True(reservations.Totals.EducationKept >= myopic, $"reservations keep {reservations.Totals.EducationKept} < education-first {myopic}");

        // The look-ahead plan keeps 333 of 345 (96.5 %); the per-region holds it replaced kept 311 (90.1 %), education-first 297 (86.1 %).
        Assert.True(reservations.Totals.EducationKept >= 0.95 * hindsight.Value, $"reservations keep {reservations.Totals.EducationKept}, under 95 % of the hindsight's {hindsight.Value}");
        Assert.True(reservations.Weeks.Sum(w => w.Held) > 0, "the reservations held no bed");
        Assert.NotEqual("none", hindsight.Status);
        Assert.All(result.Policies.Where(p => p.Policy != "hindsight"), p => Assert.True(p.Totals.EducationKept <= hindsight.Value + WaitingSchoolGoing(p), $"{p.Policy} keeps more than the hindsight's value {hindsight.Value}"));
        CheckBookkeeping(input, result, Mid);
    }

    /// <summary>School-going youths a policy placed after waiting (the hindsight has no waiting, so only these may exceed its value).</summary>
    internal static int WaitingSchoolGoing(PolicyResult p) => p.Weeks.Sum(w => w.Unplaced);

    internal static void CheckBookkeeping(SimulationInput input, SimulationResult result, SimulationSettings settings)
    {
        var timeline = new Timeline(input, settings, Geo);
        foreach (var policy in result.Policies.Where(p => p.Policy != "hindsight"))
        {
            Assert.Equal(settings.Periods, policy.Situations.Length);
            var residents = input.Start.Youths.ToDictionary(y => y.Id, y => y.CurrentLocation!, StringComparer.Ordinal);
            var waiting = new HashSet<string>(StringComparer.Ordinal);
            for (var p = 0; p < settings.Periods; p++)
            {
                var after = policy.Situations[p];
                // Expected before the batch: the previous situation less the departures; the batch adds
                // the arrivals, the waiting and the closing locations' residents, and nobody else moves.
                var stay = residents.Where(r => timeline.Departure[r.Key] != p && timeline.ClosePeriod[timeline.LocationIndex[r.Value]] != p)
                    .ToDictionary(r => r.Key, r => r.Value, StringComparer.Ordinal);
                var batch = residents.Keys.Where(id => timeline.Departure[id] != p && !stay.ContainsKey(id))
                    .Concat(waiting.Where(id => timeline.Departure[id] != p))
                    .Concat(timeline.ArrivalsAt[p].Select(a => a.Id)).ToHashSet(StringComparer.Ordinal);
                foreach (var (id, location) in stay)
                {
                    Assert.Equal(location, after.Residents.GetValueOrDefault(id));
                }

                var placedOrWaiting = after.Residents.Keys.Where(id => !stay.ContainsKey(id)).Concat(after.Waiting).ToHashSet(StringComparer.Ordinal);
                Assert.True(batch.SetEquals(placedOrWaiting), $"{policy.Policy} period {p}: the batch is not what was placed plus what waits");
                Assert.Equal(batch.Count, policy.Weeks[p].Batch);
                Assert.Equal(policy.Weeks[p].Placed, after.Residents.Count - stay.Count);
                Assert.Equal(policy.Weeks[p].Unplaced, after.Waiting.Length);

                // Capacity holds in every open location; closed and announced-closing ones took nobody new.
                foreach (var g in after.Residents.GroupBy(r => r.Value))
                {
                    var l = timeline.LocationIndex[g.Key];
                    Assert.True(timeline.IsOpen(l, p), $"{g.Key} is not open in period {p}");
                    Assert.True(g.Count() <= timeline.Capacity[l][p] || g.All(r => stay.ContainsKey(r.Key)), $"{policy.Policy}: {g.Key} over capacity in period {p}");
                    if (!timeline.TakesIntake(l, p))
                    {
                        Assert.All(g, r => Assert.True(stay.ContainsKey(r.Key), $"{r.Key} placed in {g.Key} which takes nobody"));
                    }
                }

                residents = after.Residents.ToDictionary(r => r.Key, r => r.Value, StringComparer.Ordinal);
                waiting = [.. after.Waiting];
            }
        }
    }

    [Fact]
    public void Policies_SameStream_SameArrivalsAndDeparturesInEveryPolicy()
    {
        var (_, result) = SmallRun.Value;
        var runs = result.Policies.Where(p => p.Policy != "hindsight").ToList();
        Assert.Equal(3, runs.Count);
        foreach (var run in runs)
        {
            Assert.Equal(runs[0].Weeks.Select(w => w.Arrivals), run.Weeks.Select(w => w.Arrivals));
        }

        Assert.True(result.Arrivals > 0);
    }

    [Fact]
    public void Hindsight_ExactSmallModel_OptimalAndNoPolicyBeatsIt()
    {
        var (_, result) = SmallRun.Value;
        var hindsight = Assert.IsType<HindsightReport>(result.Hindsight);
        output.WriteLine($"hindsight {hindsight}");
        foreach (var p in result.Policies)
        {
            output.WriteLine($"{p.Policy}: kept {p.Totals.EducationKept} breaks {p.Totals.BreaksCaused} moves {p.Totals.Moves} unplaced-days {p.Totals.UnplacedDays} share {p.ShareOfHindsight}");
        }

        Assert.Equal("optimal", hindsight.Status);
        Assert.Equal(hindsight.Found, hindsight.Value);
        foreach (var p in result.Policies.Where(p => p.Policy != "hindsight" && p.Totals.UnplacedDays == 0))
        {
            Assert.True(p.Totals.EducationKept <= hindsight.Value, $"{p.Policy} keeps {p.Totals.EducationKept} > hindsight {hindsight.Value}");
            Assert.NotNull(p.ShareOfHindsight);
        }

        var capacityOnly = result.Policies.Single(p => p.Policy == "capacity-only");
        var myopic = result.Policies.Single(p => p.Policy == "education-first");
        Assert.True(myopic.Totals.EducationKept >= capacityOnly.Totals.EducationKept);
    }

    /// <summary>
    /// The national year of seed 6 (the defaults of placement simulate): the hindsight LP is fractional and
    /// its rounding leaves one more youth unplaced than the LP, so the bound LP + (S+1) U was 1,726 against a
    /// found 1,639 (status bound, every share 5 % too low); the LP with a penalty of 2 per unplaced proves
    /// the rounding optimal.
    /// </summary>
    [Fact]
    public void Hindsight_NationalYearWithAFractionalLp_ProvenOptimalThroughTheSmallerPenalty()
    {
        var settings = new SimulationSettings { Periods = 52, Seed = 6, Policies = [SimulationPolicy.EducationFirst, SimulationPolicy.Hindsight] };
        var input = SimulationInputs.Generate(new SyntheticSettings { Youths = 8_000, Locations = 400, Seed = 6, BedsPerYouth = 1.25 }, new ArrivalModel { WeeklyRate = 75 }, settings, closures: 4, Geo);
        var result = new PlacementSimulator(new PlacementEngine(Geo), Geo).Run(input, settings).GetValueOrThrow();
        var hindsight = Assert.IsType<HindsightReport>(result.Hindsight);
        output.WriteLine($"hindsight {hindsight}");
        Assert.Equal("optimal", hindsight.Status);
        Assert.Equal(hindsight.Found, hindsight.Value);
        var myopic = result.Policies.Single(p => p.Policy == "education-first");
        Assert.True(myopic.Totals.EducationKept <= hindsight.Value + WaitingSchoolGoing(myopic), $"education-first keeps {myopic.Totals.EducationKept} > hindsight {hindsight.Value}");
        Assert.InRange(myopic.ShareOfHindsight!.Value, 0.85, 1.0);
    }
}

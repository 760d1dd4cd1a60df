using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Spreidingswet.Placement.Geography;
using Spreidingswet.Placement.Inputs;
using Spreidingswet.Placement.Simulation;

namespace Spreidingswet.Placement.Benchmarks;

/// <summary>
/// Issue 20 target: a year simulates in &lt;= 60 s on this machine for one policy. The national year of
/// docs/simulation.md, as <c>placement simulate</c> makes it with its defaults: 8,000 residents x 400
/// locations (1.25 beds per resident), 52 weekly batches from 2027-01-04, 75 arrivals a week on average
/// (seasonal, half school-going), 4 closures, seed 1. Per invoke one policy places every batch with the
/// real engine, the proposal becoming the next week's situation (the timeline of arrivals, departures and
/// changes is built once, in the setup, as the CLI does before its policies). Baseline: capacity-only,
/// today's practice; the hindsight (the whole year as one model) for scale.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class SimulationYearBenchmarks
{
    private PlacementSimulator _simulator = null!;
    private SimulationInput _input = null!;
    private SimulationSettings _settings = null!;

    [GlobalSetup]
    public void Setup()
    {
        var geography = RegionMap.LoadDefault();
        _simulator = new PlacementSimulator(new PlacementEngine(geography), geography);
        _settings = new SimulationSettings();
        _input = SimulationInputs.Generate(
            new SyntheticSettings { Youths = 8_000, Locations = 400, Seed = 1, BedsPerYouth = 1.25 },
            new ArrivalModel { WeeklyRate = 75, SchoolGoingShare = 0.5 }, _settings, closures: 4, geography);
        var check = Run(SimulationPolicy.Reservations);
        Console.WriteLine($"// national year: {check.StartResidents:N0} residents, {check.Locations} locations, {check.Arrivals:N0} arrivals over {check.Periods} weeks; " +
            $"reservations kept {check.Policies[0].Totals.EducationKept:N0}");
    }

    private SimulationResult Run(SimulationPolicy policy) =>
        _simulator.Run(_input, _settings with { Policies = [policy] }).GetValueOrThrow();

    [Benchmark(Baseline = true, Description = "a year, capacity-only (today's practice)")]
    public int CapacityOnly() => Run(SimulationPolicy.CapacityOnly).Policies[0].Totals.EducationKept;

    [Benchmark(Description = "a year, education-first (myopic)")]
    public int EducationFirst() => Run(SimulationPolicy.EducationFirst).Policies[0].Totals.EducationKept;

    [Benchmark(Description = "a year, education-first with reservations")]
    public int Reservations() => Run(SimulationPolicy.Reservations).Policies[0].Totals.EducationKept;

    [Benchmark(Description = "the hindsight: the whole year as one model")]
    public double Hindsight() => Run(SimulationPolicy.Hindsight).Hindsight!.Value;
}

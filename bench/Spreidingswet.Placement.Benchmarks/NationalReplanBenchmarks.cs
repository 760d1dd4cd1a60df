using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Spreidingswet.Placement.Geography;
using Spreidingswet.Placement.Inputs;
using Spreidingswet.Placement.Model;

namespace Spreidingswet.Placement.Benchmarks;

/// <summary>
/// A national re-plan end to end through the public API (validate, geography, candidates, scores,
/// solve, explanations): 8,000 youths x 400 locations generated with seed 7 (3 % siblings, 1 %
/// keep-apart pairs, 2 % pins). Baseline: the same instance under capacity-only practice.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class NationalReplanBenchmarks
{
    private PlacementEngine _engine = null!;
    private PlacementProblem _problem = null!;
    private readonly DateOnly _date = new(2026, 12, 1);

    [GlobalSetup]
    public void Setup()
    {
        var geography = RegionMap.LoadDefault();
        _engine = new PlacementEngine(geography);
        _problem = SyntheticGenerator.Generate(new SyntheticSettings { Youths = 8_000, Locations = 400, Seed = 7 }, geography);
    }

    [Benchmark(Baseline = true, Description = "capacity-only, 8,000 x 400")]
    public SolverStatus CapacityOnly() => Run(Policy.CapacityOnly);

    [Benchmark(Description = "education-first, 8,000 x 400")]
    public SolverStatus EducationFirst() => Run(Policy.EducationFirst);

    private SolverStatus Run(Policy policy)
    {
        var proposal = _engine.Propose(_problem, new PlacementOptions { Policy = policy, PlanningDate = _date }).GetValueOrThrow();
        return proposal.Solver.Status;
    }
}

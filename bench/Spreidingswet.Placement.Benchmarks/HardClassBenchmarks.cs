using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Spreidingswet.Placement.Geography;
using Spreidingswet.Placement.Inputs;
using Spreidingswet.Placement.Model;

namespace Spreidingswet.Placement.Benchmarks;

/// <summary>
/// The hard class (issue 17; <c>generate --profile hard</c>, docs/solver-design.md#the-hard-class)
/// end to end through the public API, education-first: sibling groups and keep-apart pairs among new
/// arrivals who compete for the scarce NIDOS beds. National 8,000 x 400 and mid-size 600 x 60, seed 1
/// (the slowest of seeds 1-3 at national size). Baseline: the default profile's national instance
/// (seed 7, as in <see cref="NationalReplanBenchmarks"/>). Each solver report (status, gap, method
/// with the branch-and-bound nodes) is printed once, in the global setup.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class HardClassBenchmarks
{
    private PlacementEngine _engine = null!;
    private PlacementProblem _national = null!;
    private PlacementProblem _nationalHard = null!;
    private PlacementProblem _midHard = null!;
    private readonly DateOnly _date = new(2026, 12, 1);

    [GlobalSetup]
    public void Setup()
    {
        var geography = RegionMap.LoadDefault();
        _engine = new PlacementEngine(geography);
        _national = SyntheticGenerator.Generate(new SyntheticSettings { Youths = 8_000, Locations = 400, Seed = 7 }, geography);
        _nationalHard = SyntheticGenerator.Generate(new SyntheticSettings { Youths = 8_000, Locations = 400, Seed = 1 }, geography, SyntheticProfile.Hard);
        _midHard = SyntheticGenerator.Generate(new SyntheticSettings { Youths = 600, Locations = 60, Seed = 1 }, geography, SyntheticProfile.Hard);
        foreach (var (name, problem) in new[] { ("national default", _national), ("national hard", _nationalHard), ("mid-size hard", _midHard) })
        {
            var s = Propose(problem).Solver;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"// {name}: {s.Status}, gap {s.Gap:P2}, {s.Seconds:F2} s; {s.Method}"));
        }
    }

    [Benchmark(Baseline = true, Description = "national 8,000 x 400, default profile (baseline)")]
    public SolverStatus National() => Propose(_national).Solver.Status;

    [Benchmark(Description = "national 8,000 x 400, hard profile")]
    public SolverStatus NationalHard() => Propose(_nationalHard).Solver.Status;

    [Benchmark(Description = "mid-size 600 x 60, hard profile")]
    public SolverStatus MidSizeHard() => Propose(_midHard).Solver.Status;

    private Proposal Propose(PlacementProblem problem)
        => _engine.Propose(problem, new PlacementOptions { Policy = Policy.EducationFirst, PlanningDate = _date }).GetValueOrThrow();
}

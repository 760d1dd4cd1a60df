using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Spreidingswet.Placement.Geography;
using Spreidingswet.Placement.Inputs;
using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Scenarios;

namespace Spreidingswet.Placement.Benchmarks;

/// <summary>
/// DESIGN target: a one-location closure at national scale re-plans in &lt;= 1 s. 8,000 youths x 400
/// locations generated with seed 7, every youth a resident; the most populated location closes;
/// education-first. Baseline: the full engine on the changed problem (what a run without a session
/// does). Then the re-plan from a session of the current situation (the planner's running plan,
/// started once in the setup), and the whole scenario through <see cref="ScenarioRunner"/> from cold
/// (session of the base, re-plan, diff against the current situation).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class ScenarioClosureBenchmarks
{
    private ScenarioRunner _runner = null!;
    private ScenarioDefinition _closure = null!;
    private PlacementEngine _engine = null!;
    private PlanningSession _session = null!;
    private PlacementProblem _changed = null!;
    private PlacementOptions _options = null!;

    [GlobalSetup]
    public void Setup()
    {
        var geography = RegionMap.LoadDefault();
        _runner = new ScenarioRunner(geography);
        _engine = new PlacementEngine(geography);
        var date = new DateOnly(2026, 12, 1);
        var problem = SyntheticGenerator.Generate(new SyntheticSettings { Youths = 8_000, Locations = 400, Seed = 7, ResidentShare = 1 }, geography);
        var closing = problem.Youths.Where(y => y.CurrentLocation is not null).GroupBy(y => y.CurrentLocation!)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).First().Key;
        _closure = new ScenarioDefinition($"close {closing}", new ScenarioBase { InMemory = problem, PlanningDate = date },
            [new CloseLocation(closing)], [Policy.EducationFirst]);
        _options = new PlacementOptions { PlanningDate = date };
        _changed = problem with { Locations = [.. problem.Locations.Select(l => l.Id == closing ? l with { ClosesOn = date } : l)] };
        _session = _engine.StartSession(problem, _options).GetValueOrThrow();
    }

    [Benchmark(Baseline = true, Description = "full engine on the changed problem")]
    public SolverStatus FullRun() => _engine.Propose(_changed, _options).GetValueOrThrow().Solver.Status;

    [Benchmark(Description = "re-plan from a session of the current situation")]
    public SolverStatus ReplanFromSession() => _engine.Replan(_session, _changed).GetValueOrThrow().Solver.Status;

    [Benchmark(Description = "scenario from cold: session of the base, re-plan, diff")]
    public SolverStatus OneLocationClosure() => _runner.Run(_closure).GetValueOrThrow().Result.Policies[0].Solver.Status;
}

/// <summary>
/// DESIGN target: N scenarios in one call take clearly less than N separate runs. Four scenario
/// files over one CSV base (2,000 x 100 generated, seed 7), each comparing education-first and
/// capacity-only. Baseline: what a user would do instead, one run per file (read the file, read the
/// base, solve its two policies in parallel), one file after the other. One call reads the base once and solves the
/// eight (scenario, policy) pairs in parallel on the cores.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class ScenarioBatchBenchmarks
{
    private string[] _files = [];
    private RegionMap _geography = null!;

    [Params(4)]
    public int Scenarios { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _geography = RegionMap.LoadDefault();
        var settings = new SyntheticSettings { Youths = 2_000, Locations = 100, Seed = 7 };
        var problem = SyntheticGenerator.Generate(settings, _geography);
        var dir = Path.Combine(Path.GetTempPath(), "placement-bench-scenarios");
        SyntheticGenerator.Write(problem, settings, dir);
        var busiest = problem.Youths.Where(y => y.CurrentLocation is not null).GroupBy(y => y.CurrentLocation!)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Key).Take(Scenarios).ToArray();
        _files = [.. busiest.Select((id, i) =>
        {
            var path = Path.Combine(dir, $"scenario-{i}.json");
            File.WriteAllText(path, string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"{{\"name\": \"close {id}\", \"base\": {{\"youths\": \"youths.csv\", \"locations\": \"locations.csv\", \"planningDate\": \"2026-12-01\"}}, \"changes\": [{{\"close\": \"{id}\"}}, {{\"arrivals\": {{\"generate\": {{\"count\": 40, \"seed\": {i + 1}}}}}}}]}}"));
            return path;
        })];
    }

    [Benchmark(Baseline = true, Description = "N separate runs, one after the other")]
    public int Separate()
    {
        var moves = 0;
        foreach (var file in _files)
        {
            var definition = ScenarioReader.Read(file).GetValueOrThrow();
            var run = new ScenarioRunner(_geography).Run(definition).GetValueOrThrow();
            moves += run.Result.Policies.Sum(p => p.Disruption.Moves);
        }

        return moves;
    }

    [Benchmark(Description = "N scenarios in one call")]
    public int OneCall()
    {
        ImmutableArray<ScenarioDefinition> definitions = [.. _files.Select(f => ScenarioReader.Read(f).GetValueOrThrow())];
        var batch = new ScenarioRunner(_geography).RunAll(definitions).GetValueOrThrow();
        return batch.Runs.Sum(r => r.Result.Policies.Sum(p => p.Disruption.Moves));
    }
}

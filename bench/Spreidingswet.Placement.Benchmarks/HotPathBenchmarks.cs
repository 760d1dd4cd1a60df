using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Spreidingswet.Placement.Geography;
using Spreidingswet.Placement.Inputs;
using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Preparation;
using Spreidingswet.Placement.Rules;
using Spreidingswet.Placement.Rules.HardRules;

namespace Spreidingswet.Placement.Benchmarks;

/// <summary>
/// Candidate generation and arc scoring on the national instance (8,000 youths x 400 locations,
/// seed 7, education-first tiers: every criterion except the learned score, which has its own
/// benchmark). Baselines: what a straightforward implementation does, every hard rule and every
/// criterion evaluated per arc through the named units. Times are per arc (OperationsPerInvoke =
/// candidate arcs or youth x location pairs), so the DESIGN target of >= 5 million arc scores per
/// second is <= 200 ns per arc for all criteria together.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 2, iterationCount: 5)]
public class HotPathBenchmarks
{
    private const int Pairs = 8_000 * 400;
    private ResolvedProblem _problem = null!;
    private ScoringContext _context = null!;
    private IReadOnlyList<Tier> _tiers = null!;
    private Units _units = null!;
    private int _arcs;

    [GlobalSetup]
    public void Setup()
    {
        var geography = RegionMap.LoadDefault();
        var problem = SyntheticGenerator.Generate(new SyntheticSettings { Youths = 8_000, Locations = 400, Seed = 7 }, geography);
        _problem = Resolver.Resolve(problem, geography, new DateOnly(2026, 12, 1), 1).GetValueOrThrow();
        _context = new ScoringContext(Weights.Default, _problem);
        _tiers = Policies.Tiers(Policy.EducationFirst, Weights.Default);
        _units = new Units(_problem, _tiers, _context);
        _arcs = _units.Candidates.Sum(c => c.Length);
        Console.WriteLine($"// {_arcs:N0} candidate arcs of {Pairs:N0} pairs");
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Pairs, Description = "candidates: every rule per pair (baseline)")]
    [BenchmarkCategory("candidates")]
    public int CandidatesEveryRule()
    {
        var count = 0;
        foreach (var y in _problem.Youths)
        {
            foreach (var l in _problem.Locations)
            {
                var ok = true;
                foreach (var rule in HardRule.All)
                {
                    if (!rule.Allows(y, l))
                    {
                        ok = false;
                        break;
                    }
                }

                count += ok ? 1 : 0;
            }
        }

        return count;
    }

    [Benchmark(OperationsPerInvoke = Pairs, Description = "candidates + all tier costs (Units, what the engine runs)")]
    [BenchmarkCategory("candidates")]
    public int CandidatesAndScores() => new Units(_problem, _tiers, _context).Count;

    [Benchmark(OperationsPerInvoke = 1, Description = "arc scoring: every criterion per arc, all tiers (baseline, per invoke)")]
    public long ScoresPerArc()
    {
        long sum = 0;
        for (var u = 0; u < _units.Count; u++)
        {
            foreach (var m in _units.Members[u])
            {
                var youth = _problem.Youths[m];
                foreach (var l in _units.Candidates[u])
                {
                    foreach (var tier in _tiers)
                    {
                        foreach (var (criterion, weight) in tier.Terms)
                        {
                            sum += weight * criterion.Cost(youth, _problem.Locations[l], _context);
                        }
                    }
                }
            }
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = 1, Description = "arc scoring: batch AddCosts, all tiers (engine, per invoke)")]
    public long ScoresBatch() => ArcScoring.ScoreAllArcs(_problem, _units, _tiers, _context);
}

/// <summary>
/// DESIGN target: a monthly batch (500 new arrivals into the national capacity, plus the residents of
/// five closing locations: the built-in demo) proposed in &lt;= 0.5 s end to end through the API.
/// Baseline: the same batch under capacity-only practice.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 2, iterationCount: 10)]
public class MonthlyBatchBenchmarks
{
    private PlacementEngine _engine = null!;
    private PlacementProblem _problem = null!;

    [GlobalSetup]
    public void Setup()
    {
        var geography = RegionMap.LoadDefault();
        _engine = new PlacementEngine(geography);
        _problem = SyntheticGenerator.Demo(geography);
    }

    [Benchmark(Baseline = true, Description = "monthly batch, capacity-only")]
    public SolverStatus CapacityOnly() => Run(Policy.CapacityOnly);

    [Benchmark(Description = "monthly batch, education-first")]
    public SolverStatus EducationFirst() => Run(Policy.EducationFirst);

    private SolverStatus Run(Policy policy) => _engine.Propose(_problem, new PlacementOptions { Policy = policy, PlanningDate = new DateOnly(2026, 12, 1) }).GetValueOrThrow().Solver.Status;
}

using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Spreidingswet.Placement.Geography;
using Spreidingswet.Placement.Inputs;
using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Preparation;
using Spreidingswet.Placement.Rules;

namespace Spreidingswet.Placement.Benchmarks;

/// <summary>
/// Issue 19: arc scoring with every criterion, the views, stability and turning-18 criteria
/// included, on the national instance of <see cref="HotPathBenchmarks"/> (8,000 x 400, seed 7) with
/// wishes for half the youths (<see cref="SyntheticGenerator.AddViews"/>) and education-first tiers
/// with the views. Baseline: the same instance and arcs scored without the views criteria (today's
/// tiers). Per invoke: every candidate arc of every unit, all tiers; arcs/s = candidate arcs / mean.
/// The DESIGN target stays >= 5 million arcs per second.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 2, iterationCount: 5)]
public class ViewsScoringBenchmarks
{
    private ResolvedProblem _problem = null!;
    private ScoringContext _context = null!;
    private IReadOnlyList<Tier> _plain = null!;
    private IReadOnlyList<Tier> _views = null!;
    private Units _units = null!;

    [GlobalSetup]
    public void Setup()
    {
        var geography = RegionMap.LoadDefault();
        var date = new DateOnly(2026, 12, 1);
        var problem = SyntheticGenerator.AddViews(SyntheticGenerator.Generate(new SyntheticSettings { Youths = 8_000, Locations = 400, Seed = 7 }, geography), 0.5, 7, geography, date);
        _problem = Resolver.Resolve(problem, geography, date, 1, ViewsOptions.Default).GetValueOrThrow();
        _context = new ScoringContext(Weights.Default, _problem) { Views = ViewsOptions.Default, ViewsActive = true };
        _plain = Policies.Tiers(Policy.EducationFirst, Weights.Default);
        _views = Policies.Tiers(Policy.EducationFirst, Weights.Default, ViewsOptions.Default);
        _units = new Units(_problem, _views, _context);
        Console.WriteLine($"// {_units.Candidates.Sum(c => (long)c.Length):N0} candidate arcs, {_problem.Youths.Count(y => y.Views!.HasWish):N0} youths with a wish");
    }

    [Benchmark(Baseline = true, Description = "arc scoring: batch AddCosts, all tiers without the views criteria (per invoke)")]
    public long WithoutViews() => Score(_plain);

    [Benchmark(Description = "arc scoring: batch AddCosts, all tiers with views, stability, turning 18 (per invoke)")]
    public long WithViews() => Score(_views);

    private long Score(IReadOnlyList<Tier> tiers) => ArcScoring.ScoreAllArcs(_problem, _units, tiers, _context);
}

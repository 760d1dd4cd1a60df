using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Spreidingswet.Placement.Geography;
using Spreidingswet.Placement.Inputs;
using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Preparation;
using Spreidingswet.Placement.Rules;
using Spreidingswet.Placement.Solving;

namespace Spreidingswet.Placement.Benchmarks;

/// <summary>
/// DESIGN target "engine >= 20x faster than CBC on the same model at equal objective", on the small
/// instances, with both solvers loaded in one warm process (what a .NET service embedding either
/// would see), so that neither pays process start, JIT compilation or library loading:
/// <list type="bullet">
/// <item>baseline: CBC 2.10.8 (the Debian library that <c>bench/peers/run-peers.sh</c> runs as a
/// program) through its C interface, solving the engine's exported model (the last tier with the
/// earlier tiers as constraints, every candidate arc), loaded once; each invocation solves a fresh
/// copy (<c>Cbc_clone</c> in the iteration set-up, not timed);</item>
/// <item>the engine's solve of the same units and scores (every tier group, side constraints), the
/// same work the model describes;</item>
/// <item>the engine's whole proposal (validation, geography, candidates, scores, solve,
/// explanations), for scale.</item>
/// </list>
/// Every invocation checks that it reached the engine's objective. Needs <c>libCbcSolver.so.3</c>
/// (Debian package <c>coinor-libcbc3</c>, installed with <c>coinor-cbc</c>).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 10, iterationCount: 20, invocationCount: 1)]
public class SmallModelPeerBenchmarks
{
    private static readonly DateOnly Date = new(2026, 12, 1);
    private PlacementEngine _engine = null!;
    private PlacementProblem _problem = null!;
    private PlacementOptions _options = null!;
    private Units _units = null!;
    private long _objective;
    private string _modelPath = null!;
    private IntPtr _loaded;
    private IntPtr _copy;

    [Params("monthly batch (demo)", "400 x 40 (seed 7)")]
    public string Instance { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        var geography = RegionMap.LoadDefault();
        _engine = new PlacementEngine(geography);
        _problem = Instance.StartsWith("monthly", StringComparison.Ordinal)
            ? SyntheticGenerator.Demo(geography)
            : SyntheticGenerator.Generate(new SyntheticSettings { Youths = 400, Locations = 40, Seed = 7 }, geography);
        _modelPath = Path.Combine(Path.GetTempPath(), $"placement-peer-{Environment.ProcessId}.lp");
        _options = new PlacementOptions { Policy = Policy.EducationFirst, PlanningDate = Date };
        var proposal = _engine.Propose(_problem, _options with { ExportModel = _modelPath }).GetValueOrThrow();
        if (proposal.Solver.Status != SolverStatus.Optimal)
        {
            throw new InvalidOperationException($"The engine's proposal is {proposal.Solver.Status}, not optimal: no equal-objective comparison.");
        }

        _objective = proposal.Solver.Objective;
        var resolved = Resolver.Resolve(_problem, geography, Date, _options.Seed).GetValueOrThrow();
        _units = new Units(resolved, Policies.Tiers(_options.Policy, _options.Weights), new ScoringContext(_options.Weights, resolved));
        try
        {
            _loaded = Cbc.NewModel();
        }
        catch (DllNotFoundException e)
        {
            throw new InvalidOperationException("CBC's library (libCbcSolver.so.3) is not installed: sudo apt-get install -y coinor-cbc", e);
        }

        if (Cbc.ReadLp(_loaded, _modelPath) != 0)
        {
            throw new InvalidOperationException($"CBC could not read {_modelPath}.");
        }

        Console.WriteLine($"// {Instance}: {_units.Count:N0} units, {_units.ArcCount:N0} arcs, objective {_objective:N0}");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        if (_loaded != IntPtr.Zero)
        {
            Cbc.DeleteModel(_loaded);
        }

        File.Delete(_modelPath);
    }

    [IterationSetup(Target = nameof(CbcSolve))]
    public void CopyModel() => _copy = Cbc.Clone(_loaded);

    [IterationCleanup(Target = nameof(CbcSolve))]
    public void DeleteCopy() => Cbc.DeleteModel(_copy);

    [Benchmark(Baseline = true, Description = "CBC 2.10.8, in process: solve the exported model (loaded)")]
    public long CbcSolve()
    {
        Cbc.SetParameter(_copy, "logLevel", "0");
        var status = Cbc.Solve(_copy);
        return Check(status == 0 && Cbc.IsProvenOptimal(_copy) != 0, Cbc.GetObjValue(_copy), $"CBC (status {status})");
    }

    [Benchmark(Description = "engine: solve the same units and scores (every tier)")]
    public long EngineSolve()
    {
        var solver = new Solver(_units, _options.TimeLimit, _options.Seed);
        var outcome = solver.Solve(null, CancellationToken.None);
        return Check(outcome.Status == SolverStatus.Optimal, solver.Values(outcome.UnitLocation)[^1], "engine");
    }

    [Benchmark(Description = "engine: whole proposal (candidates, scores, solve, explanations)")]
    public long EnginePropose()
    {
        var solver = _engine.Propose(_problem, _options).GetValueOrThrow().Solver;
        return Check(solver.Status == SolverStatus.Optimal, solver.Objective, "engine");
    }

    private long Check(bool optimal, double objective, string who) =>
        optimal && Math.Abs(objective - _objective) < 0.5
            ? _objective
            : throw new InvalidOperationException($"{who} reached {objective} (optimal: {optimal}), not the engine's objective {_objective}.");

    /// <summary>CBC's C interface (Cbc_C_Interface.h, CBC 2.10).</summary>
    private static class Cbc
    {
        private const string Library = "libCbcSolver.so.3";

        [DllImport(Library, EntryPoint = "Cbc_newModel")]
        public static extern IntPtr NewModel();

        [DllImport(Library, EntryPoint = "Cbc_readLp", CharSet = CharSet.Ansi, BestFitMapping = false)]
        public static extern int ReadLp(IntPtr model, string path);

        [DllImport(Library, EntryPoint = "Cbc_clone")]
        public static extern IntPtr Clone(IntPtr model);

        [DllImport(Library, EntryPoint = "Cbc_setParameter", CharSet = CharSet.Ansi, BestFitMapping = false)]
        public static extern void SetParameter(IntPtr model, string name, string value);

        [DllImport(Library, EntryPoint = "Cbc_solve")]
        public static extern int Solve(IntPtr model);

        [DllImport(Library, EntryPoint = "Cbc_isProvenOptimal")]
        public static extern int IsProvenOptimal(IntPtr model);

        [DllImport(Library, EntryPoint = "Cbc_getObjValue")]
        public static extern double GetObjValue(IntPtr model);

        [DllImport(Library, EntryPoint = "Cbc_deleteModel")]
        public static extern void DeleteModel(IntPtr model);
    }
}

using System.Collections.Immutable;
using System.Reflection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Spreidingswet.Placement.Engine;

namespace Spreidingswet.Placement;

/// <summary>
/// The placement engine: validates a problem, resolves its geography, generates candidates under the
/// hard rules, scores them, solves (exactly where it can prove it) and explains the proposal.
/// One instance serves many proposals concurrently: it holds only immutable state.
/// </summary>
public sealed class PlacementEngine
{
    private readonly Geography.Geography _geography;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <summary>Creates an engine over a geography.</summary>
    /// <param name="geography">Region layers (e.g. <see cref="Geography.Geography.LoadDefault"/>).</param>
    /// <param name="time">Clock for the run time and the default planning date; default the system clock.</param>
    /// <param name="logger">Logger; default none.</param>
    public PlacementEngine(Geography.Geography geography, TimeProvider? time = null, ILogger<PlacementEngine>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(geography);
        _geography = geography;
        _time = time ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>The engine version written into every run record.</summary>
    public static string Version { get; } =
        typeof(PlacementEngine).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    /// <summary>
    /// Makes a proposal. Invalid input is returned as errors (nothing is solved); input that is valid
    /// but cannot be honoured yields unplaced youths with reasons and warnings.
    /// </summary>
    public LoadResult<Proposal> Propose(PlacementProblem problem, PlacementOptions options, IProgress<PlacementProgress>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(options);
        var weightProblems = options.Weights.Validate();
        if (weightProblems.Count > 0)
        {
            return LoadResult<Proposal>.Failure([.. weightProblems.Select(p => new InputError("weights", 0, null, null, p))]);
        }

        var trace = Environment.GetEnvironmentVariable("PLACEMENT_TRACE") == "1";
        var stage = System.Diagnostics.Stopwatch.StartNew();
        void Trace(string what)
        {
            if (trace)
            {
                Console.Error.WriteLine($"[trace] {what}: {stage.ElapsedMilliseconds} ms");
                stage.Restart();
            }
        }

        var date = options.PlanningDate ?? DateOnly.FromDateTime(_time.GetUtcNow().UtcDateTime);
        var resolved = Resolver.Resolve(problem, _geography, date, options.Seed);
        if (resolved.Value is not { } rp)
        {
            return LoadResult<Proposal>.Failure(resolved.Errors);
        }

        Trace("resolve");
        var context = new ScoringContext(options.Weights, rp)
        {
            Learned = options.Model is { } model ? Learning.LearnedScores.Build(model, rp, date) : null,
        };
        Trace("learned scores");
        var tiers = Policies.Tiers(options.Policy, options.Weights);
        var units = new Units(rp, tiers, context);
        Trace("candidates and scores");
        _logger.LogInformation("Solving {Youths} youths ({Units} units) over {Locations} locations, {Arcs} candidate arcs, policy {Policy}",
            rp.Youths.Length, units.Count, rp.Locations.Length, units.Candidates.Sum(c => c.Length), options.Policy);
        var arcCount = units.Candidates.Sum(c => (long)c.Length);
        if (options.ExportModel is not null && arcCount > LpExporter.LargeModelArcs && !options.ForceLargeExport)
        {
            return LoadResult<Proposal>.Failure([new InputError("command line", 0, "--export-model", options.ExportModel,
                $"the model has {arcCount:N0} arcs, over {LpExporter.LargeModelArcs:N0}.", "Maybe add --force if you really want the file?")]);
        }

        var solver = new Solver(units, options.TimeLimit, options.Seed);
        var outcome = solver.Solve(progress, cancellation);
        if (options.ExportModel is { } exportPath)
        {
            LpExporter.Write(units, solver, solver.Values(outcome.UnitLocation), problem, PolicyName(options.Policy), exportPath);
        }
        Trace("solve");
        var (assignments, unplaced, metrics) = new ProposalBuilder(rp, units, options, context).Build(outcome.UnitLocation);
        var fairness = Learning.Fairness.Build(rp, outcome.UnitLocation, units, context.Learned);

        Trace("explain");
        var warnings = new List<string>();
        if (_geography.IsApproximate)
        {
            warnings.Add(Geography.Geography.ApproximateWarning);
        }

        if (options.Model is { SyntheticData: true })
        {
            warnings.Add("SYNTHETIC MODEL: the learned school-continuity score was trained on generated data, not on real placements.");
        }

        if (problem.IsSynthetic)
        {
            warnings.Add("SYNTHETIC DATA: this proposal was made from generated data, not from real young people.");
        }

        foreach (var u in unplaced)
        {
            foreach (var r in u.Reasons.Where(r => r.Code is "PIN_NOT_HONOURED" or "SIBLING_GROUP_CANNOT_BE_HELD" or "KEEP_APART_IN_SIBLING_GROUP"))
            {
                warnings.Add($"{u.Youth}: {r.Text}");
            }
        }

        var last = outcome.Tiers[^1];
        var layers = _geography.Layers;
        var proposal = new Proposal
        {
            Run = new RunInfo
            {
                Id = Guid.NewGuid().ToString("N"),
                TimeUtc = _time.GetUtcNow(),
                EngineVersion = Version,
                Inputs = problem.Inputs,
                PlanningDate = date,
                Policy = PolicyName(options.Policy),
                Weights = options.Weights,
                Seed = options.Seed,
                Geodata = new GeodataInfo(layers.All(l => l.IsDefault) ? "default" : layers.Any(l => l.IsDefault) ? "mixed" : "official", [.. layers]),
                Synthetic = problem.IsSynthetic,
                Model = options.Model is { } m ? new ModelInfo(m.File is null ? null : Path.GetFileName(m.File), m.Sha256, m.SyntheticData, options.Weights.LearnedContinuity) : null,
            },
            Solver = new SolverReport
            {
                Status = outcome.Status switch
                {
                    SolverStatus.Optimal => "optimal",
                    SolverStatus.Feasible => "feasible",
                    SolverStatus.Infeasible => "infeasible",
                    _ => "timedOut",
                },
                Objective = last.Value,
                Bound = last.Bound,
                Gap = Math.Round(outcome.Gap, 6),
                Tiers = [.. outcome.Tiers.Select(t => new TierReport(t.Name, t.Value, t.Bound))],
                Method = outcome.Method,
                Seconds = Math.Round(outcome.Seconds, 3),
            },
            Metrics = metrics,
            Assignments = assignments,
            Unplaced = unplaced,
            Warnings = [.. warnings],
            Fairness = fairness,
        };
        return LoadResult<Proposal>.Success(proposal, warnings);
    }

    /// <summary>The policy's name as written in outputs and accepted by the CLI.</summary>
    public static string PolicyName(Policy policy) => policy switch
    {
        Policy.EducationFirst => "education-first",
        Policy.Weighted => "weighted",
        Policy.CapacityOnly => "capacity-only",
        _ => throw new ArgumentOutOfRangeException(nameof(policy), policy, "Unknown policy."),
    };

    /// <summary>Parses a policy name (<c>education-first</c>, <c>weighted</c>, <c>capacity-only</c>).</summary>
    public static Policy? ParsePolicy(string name) => name?.Trim().ToLowerInvariant() switch
    {
        "education-first" => Policy.EducationFirst,
        "weighted" => Policy.Weighted,
        "capacity-only" => Policy.CapacityOnly,
        _ => null,
    };
}

using System.Collections.Immutable;
using System.Reflection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Spreidingswet.Placement.Explaining;
using Spreidingswet.Placement.Geography;
using Spreidingswet.Placement.Inputs;
using Spreidingswet.Placement.Learning;
using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Outputs;
using Spreidingswet.Placement.Preparation;
using Spreidingswet.Placement.Rules;
using Spreidingswet.Placement.Solving;
using Spreidingswet.Placement.Solving.BranchAndBound;
using Spreidingswet.Placement.Solving.Flow;
using Spreidingswet.Placement.Solving.MinCostFlow;
using Spreidingswet.Placement.Solving.UnitModel;

namespace Spreidingswet.Placement;

/// <summary>
/// The placement engine, the library's facade: validates a problem, resolves its geography, generates
/// candidates under the hard rules, scores them, solves (exactly where it can prove it) and explains
/// the proposal.
/// </summary>
/// <remarks>
/// <para>
/// <b>Thread safety and reuse.</b> An engine holds only immutable state (the geography, the clock and
/// the logger), so one instance serves many proposals, explanations and threads at the same time;
/// create it once (for instance as a singleton in a dependency-injection container) and reuse it.
/// Each call builds its own solver state, and the inputs (<see cref="PlacementProblem"/>,
/// <see cref="PlacementOptions"/>, a loaded <see cref="ContinuityModel"/>) are immutable and may be
/// shared between concurrent calls.
/// </para>
/// <para>
/// <b>Results as values.</b> Invalid input comes back as <see cref="LoadResult{T}.Errors"/>; a proposal
/// that leaves youths unplaced or hits the time limit is still a proposal (see
/// <see cref="Proposal.Solver"/>). Only programmer errors (a <c>null</c> argument) and cancellation
/// (<see cref="OperationCanceledException"/>) throw.
/// </para>
/// </remarks>
public sealed class PlacementEngine
{
    private readonly RegionMap _geography;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <summary>Creates an engine over a geography.</summary>
    /// <param name="geography">Region layers (e.g. <see cref="RegionMap.LoadDefault"/>).</param>
    /// <param name="time">Clock for the run time and the default planning date; default the system clock.</param>
    /// <param name="logger">Logger; default none.</param>
    public PlacementEngine(RegionMap geography, TimeProvider? time = null, ILogger<PlacementEngine>? logger = null)
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
    /// <param name="problem">The youths, locations and optional ISK seats and targets (<see cref="ProblemReader"/>, <see cref="SyntheticGenerator"/> or built in code).</param>
    /// <param name="options">Policy, weights, planning date, time limit, seed; see <see cref="PlacementOptions"/> for the defaults.</param>
    /// <param name="progress">Receives the solver's stages; <c>null</c> for none. Called on the solving thread.</param>
    /// <param name="cancellation">Stops the run; the call then throws <see cref="OperationCanceledException"/>. The time limit, by contrast, returns the best proposal found with status <c>timedOut</c>.</param>
    /// <returns>The proposal with its warnings, or the input errors (all of them) when the problem or the weights are invalid.</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellation"/> was cancelled.</exception>
    public LoadResult<Proposal> Propose(PlacementProblem problem, PlacementOptions options, IProgress<PlacementProgress>? progress = null, CancellationToken cancellation = default)
    {
        var trace = new StageTrace();
        var prepared = Prepare(problem, options, trace, cancellation);
        if (prepared.Value is not { } setup)
        {
            return LoadResult<Proposal>.Failure(prepared.Errors);
        }

        var units = setup.Units;
        // Steps: candidates, the relaxation per tier group, side constraints, explanations, done.
        var stages = new Stages(progress) { Total = 4 + units.Groups.Length };
        stages.Next(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"candidates and scores: {units.ArcCount:N0} arcs for {units.Count:N0} units"));
        if (options.ExportModel is not null && units.FullArcCount > LpExporter.LargeModelArcs && !options.ForceLargeExport)
        {
            return LoadResult<Proposal>.Failure([new InputError("command line", 0, "--export-model", options.ExportModel,
                $"the model has {units.FullArcCount:N0} arcs, over {LpExporter.LargeModelArcs:N0}.", "Maybe add --force if you really want the file?")]);
        }

        var solver = new Solver(units, SolverBudget(options.TimeLimit, trace.Elapsed, units.Count), options.Seed);
        var outcome = solver.Solve(stages, cancellation);
        if (options.ExportModel is { } exportPath)
        {
            LpExporter.Write(units, solver, solver.Values(outcome.UnitLocation), problem, PolicyName(options.Policy), exportPath);
        }

        trace.Mark("solve");
        var proposal = Finish(problem, options, setup, units, outcome, stages, trace);
        return LoadResult<Proposal>.Success(proposal, proposal.Warnings);
    }

    /// <summary>
    /// Makes a small built-in proposal (60 generated youths over 6 locations, with sibling groups,
    /// keep-apart pairs and pins) through every stage and discards it, so that the engine's code is
    /// compiled before the first real proposal. A process that makes one proposal and exits (the
    /// command line) runs it on another core while it reads its input; a service can run it at
    /// start-up. Thread-safe; logs nothing and writes nothing (not even PLACEMENT_TRACE diagnostics).
    /// </summary>
    /// <param name="options">Policy and weights to warm up (default: <see cref="PlacementOptions"/>'s); the time limit, export and model are not used.</param>
    public void WarmUp(PlacementOptions? options = null)
    {
        // The solve's and the explanations' code first, compiled without running it: a caller that
        // reads small input reaches the solve while a warm-up proposal would still be in its
        // candidates, compiling the same code at the same time.
        foreach (var type in WarmUpOrder)
        {
            Compile(type);
        }

        var settings = new SyntheticSettings { Youths = 60, Locations = 6, Seed = 1, SiblingShare = 0.1, KeepApartShare = 0.05, PinShare = 0.05 };
        var problem = SyntheticGenerator.Generate(settings, _geography);
        var warm = (options ?? new PlacementOptions()) with
        {
            PlanningDate = settings.PlanningDate, TimeLimit = TimeSpan.FromSeconds(10), ExportModel = null, Model = null,
        };
        PlacementTrace.Silently(() => new PlacementEngine(_geography, _time).Propose(problem, warm));
    }

    private static readonly Type[] WarmUpOrder =
    [
        typeof(Solver), typeof(LexicographicFlow), typeof(NetworkSimplex), typeof(MinCostFlows), typeof(FlowSkeleton),
        typeof(FlowBranchAndBound), typeof(ProposalBuilder), typeof(Explainer), typeof(Learning.Fairness),
    ];

    /// <summary>JIT-compiles the non-generic methods of a type and of its nested types (lambdas, iterators).</summary>
    private static void Compile(Type type)
    {
        const BindingFlags all = BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;
        foreach (var method in type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all)))
        {
            if (!method.IsAbstract && !method.ContainsGenericParameters)
            {
                System.Runtime.CompilerServices.RuntimeHelpers.PrepareMethod(method.MethodHandle);
            }
        }

        foreach (var nested in type.GetNestedTypes(BindingFlags.Public | BindingFlags.NonPublic))
        {
            if (!nested.ContainsGenericParameters)
            {
                Compile(nested);
            }
        }
    }

    /// <summary>
    /// Solves a problem's relaxation and keeps it in memory, for fast what-if re-plans with
    /// <see cref="Replan"/> (a location closes: only the youths it displaces, and the chains of
    /// moves that make room for them, are re-optimised). Makes no proposal itself.
    /// </summary>
    /// <param name="problem">The current situation (usually every youth at its <see cref="Youth.CurrentLocation"/>).</param>
    /// <param name="options">Policy, weights, planning date, time limit, seed; every re-plan uses them.</param>
    /// <param name="progress">Receives the stages; <c>null</c> for none.</param>
    /// <param name="cancellation">Stops the run (throws <see cref="OperationCanceledException"/>).</param>
    /// <returns>The session, or the input errors.</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellation"/> was cancelled.</exception>
    public LoadResult<PlanningSession> StartSession(PlacementProblem problem, PlacementOptions options, IProgress<PlacementProgress>? progress = null, CancellationToken cancellation = default)
    {
        var trace = new StageTrace();
        var prepared = Prepare(problem, options, trace, cancellation);
        if (prepared.Value is not { } setup)
        {
            return LoadResult<PlanningSession>.Failure(prepared.Errors);
        }

        var stages = new Stages(progress) { Total = 1 + setup.Units.Groups.Length };
        stages.Next(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"candidates and scores: {setup.Units.ArcCount:N0} arcs for {setup.Units.Count:N0} units"));
        var flow = new LexicographicFlow(setup.Units);
        var relaxed = flow.Solve(null, cancellation, stages);
        trace.Mark("session relaxation");
        return LoadResult<PlanningSession>.Success(new PlanningSession(problem, options with { PlanningDate = setup.Date }, setup, flow, relaxed, trace.Elapsed));
    }

    /// <summary>
    /// Re-plans a changed problem from a session. When the change only closes locations (the same
    /// youths, the same locations but for their closing dates, the same options), the session's
    /// solved relaxation is re-optimised incrementally: arcs into the closed locations are removed
    /// and the displaced youths re-routed by shortest paths, then side constraints are checked by
    /// branch and bound, exactly as a full run would (the result is the same optimum, proven the
    /// same way). Any other change runs <see cref="Propose"/> on <paramref name="changed"/> with the
    /// session's options. The solver report's method says which path ran.
    /// </summary>
    /// <param name="session">A session from <see cref="StartSession"/> (not changed by the call; thread-safe).</param>
    /// <param name="changed">The problem after the changes.</param>
    /// <param name="progress">Receives the stages; <c>null</c> for none.</param>
    /// <param name="cancellation">Stops the run (throws <see cref="OperationCanceledException"/>).</param>
    /// <returns>The proposal for <paramref name="changed"/>, or its input errors.</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellation"/> was cancelled.</exception>
    public LoadResult<Proposal> Replan(PlanningSession session, PlacementProblem changed, IProgress<PlacementProgress>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(changed);
        cancellation.ThrowIfCancellationRequested();
        var options = session.Options;
        var trace = new StageTrace();
        var closed = options.ExportModel is null ? session.ClosedBy(changed) : null;
        trace.Mark("re-plan: what changed");
        if (closed is null)
        {
            return Propose(changed, options, progress, cancellation);
        }

        var setup = session.Setup;
        var rp = setup.Resolved with
        {
            Problem = changed,
            Locations = [.. setup.Resolved.Locations.Select((l, i) => l with { Location = changed.Locations[i], Closed = changed.Locations[i].IsClosedOn(setup.Date) })],
        };
        var stages = new Stages(progress) { Total = 4 };
        var solver = new Solver(setup.Units, SolverBudget(options.TimeLimit, TimeSpan.Zero, setup.Units.Count), options.Seed);
        var outcome = solver.Replan(session.Flow, session.Relaxed, closed, stages, cancellation);
        if (outcome is null)
        {
            return Propose(changed, options, progress, cancellation);
        }

        trace.Mark("re-plan solve");
        // The session's units still list the closed locations as candidates: the explanations read
        // the changed problem, where they are closed.
        var proposal = Finish(changed, options, setup with { Resolved = rp }, setup.Units, outcome, stages, trace);
        proposal = proposal with
        {
            Solver = proposal.Solver with { ReplannedAfterClosing = [.. changed.Locations.Where((_, i) => closed[i]).Select(l => l.Id)] },
        };
        return LoadResult<Proposal>.Success(proposal, proposal.Warnings);
    }

    /// <summary>Validation, geography, candidates and scores: everything before the solve.</summary>
    private LoadResult<RunSetup> Prepare(PlacementProblem problem, PlacementOptions options, StageTrace trace, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(options);
        cancellation.ThrowIfCancellationRequested();
        var weightProblems = options.Weights.Validate();
        if (weightProblems.Count > 0)
        {
            return LoadResult<RunSetup>.Failure([.. weightProblems.Select(p => new InputError("weights", 0, null, null, p))]);
        }

        var date = options.PlanningDate ?? DateOnly.FromDateTime(_time.GetUtcNow().UtcDateTime);
        var resolved = Resolver.Resolve(problem, _geography, date, options.Seed);
        if (resolved.Value is not { } rp)
        {
            return LoadResult<RunSetup>.Failure(resolved.Errors);
        }

        trace.Mark("resolve");
        cancellation.ThrowIfCancellationRequested();
        var context = new ScoringContext(options.Weights, rp)
        {
            Learned = options.Model is { } model ? Learning.LearnedScores.Build(model, rp, date) : null,
        };
        trace.Mark("learned scores");
        var units = new Units(rp, Policies.Tiers(options.Policy, options.Weights), context);
        trace.Mark("candidates and scores");
        cancellation.ThrowIfCancellationRequested();
        _logger.LogInformation("Solving {Youths} youths ({Units} units) over {Locations} locations, {Arcs} candidate arcs, policy {Policy}",
            rp.Youths.Length, units.Count, rp.Locations.Length, units.ArcCount, options.Policy);
        return LoadResult<RunSetup>.Success(new RunSetup(date, rp, context, units));
    }

    /// <summary>
    /// The solver's share of a proposal's time limit: what is left after validation, geography,
    /// candidates and scores, less a reserve for the explanations (60 microseconds per unit, measured
    /// at about 35 at Germany's size; at most a quarter of the limit), and never less than a tenth of the limit.
    /// </summary>
    internal static TimeSpan SolverBudget(TimeSpan limit, TimeSpan spent, int units)
    {
        var reserve = TimeSpan.FromTicks(Math.Min(limit.Ticks / 4, units * (TimeSpan.TicksPerMillisecond * 6 / 100)));
        var left = limit - spent - reserve;
        return left > limit / 10 ? left : limit / 10;
    }

    /// <summary>Explanations, metrics, warnings and the run record around a solver outcome.</summary>
    private Proposal Finish(PlacementProblem problem, PlacementOptions options, RunSetup setup, Units units, SolveOutcome outcome, Stages stages, StageTrace trace)
    {
        var (date, rp, context) = (setup.Date, setup.Resolved, setup.Context);
        stages.Next("explanations and metrics");
        var (assignments, unplaced, metrics) = new ProposalBuilder(rp, units, options, context).Build(outcome.UnitLocation);
        var fairness = Learning.Fairness.Build(rp, outcome.UnitLocation, units, context.Learned);

        trace.Mark("explain");
        stages.Next("done");
        var warnings = new List<string>();
        warnings.AddRange(rp.Warnings);
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
            foreach (var r in u.Reasons.Where(r => ReasonCodes.IsWarning(r.Code)))
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
                Status = outcome.Status,
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
        return proposal;
    }

    /// <summary>
    /// Why a youth is placed where <paramref name="proposal"/> puts them (or why not placed), with the
    /// per-criterion costs and the next best alternatives, and optionally why not
    /// <paramref name="location"/>: the hard rules that forbid it and its criteria against the proposal's.
    /// </summary>
    /// <param name="proposal">A proposal made by <see cref="Propose"/> (or read back with <see cref="ProposalWriter.FromJson"/>).</param>
    /// <param name="problem">
    /// The problem the proposal was made from. With it any location can be explained (criteria and hard
    /// rules recomputed over this engine's geography, which should be the run's); with <c>null</c> only
    /// the proposal's own alternatives can.
    /// </param>
    /// <param name="youth">The youth's pseudonymous id.</param>
    /// <param name="location">Also explain why not this location; <c>null</c> for none.</param>
    /// <param name="language">Language of the text; default English.</param>
    /// <returns>The explanation as text, or an error when the youth or location is not in the run.</returns>
    public LoadResult<string> Explain(Proposal proposal, PlacementProblem? problem, string youth, string? location = null, Language language = Language.English)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        ArgumentNullException.ThrowIfNull(youth);
        return Explainer.Explain(proposal, youth, location, language, problem, problem is null ? null : _geography);
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

/// <summary>What a run has before the solve: planning date, resolved problem, scoring context and units.</summary>
internal sealed record RunSetup(DateOnly Date, ResolvedProblem Resolved, ScoringContext Context, Units Units);

/// <summary>PLACEMENT_TRACE=1: diagnostics on stderr (stage times, flow rounds, the search), except inside <see cref="PlacementEngine.WarmUp"/>.</summary>
internal static class PlacementTrace
{
    private static readonly AsyncLocal<bool> Quiet = new();

    public static bool On => !Quiet.Value && Environment.GetEnvironmentVariable("PLACEMENT_TRACE") == "1";

    /// <summary>Runs <paramref name="action"/> (and what it starts) without diagnostics.</summary>
    public static void Silently(Action action)
    {
        var before = Quiet.Value;
        Quiet.Value = true;
        try
        {
            action();
        }
        finally
        {
            Quiet.Value = before;
        }
    }
}

/// <summary>Stage times on stderr when PLACEMENT_TRACE=1 (diagnostics).</summary>
internal sealed class StageTrace
{
    private readonly bool _on = PlacementTrace.On;
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
    private readonly long _started = System.Diagnostics.Stopwatch.GetTimestamp();

    /// <summary>Time since the trace was created (the start of the call), traced or not.</summary>
    public TimeSpan Elapsed => System.Diagnostics.Stopwatch.GetElapsedTime(_started);

    public void Mark(string what)
    {
        if (_on)
        {
            Console.Error.WriteLine($"[trace] {what}: {_clock.ElapsedMilliseconds} ms");
            _clock.Restart();
        }
    }
}

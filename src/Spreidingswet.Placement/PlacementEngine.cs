using System.Reflection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Spreidingswet.Placement.Explaining;
using Spreidingswet.Placement.Geography;
using Spreidingswet.Placement.Inputs;
using Spreidingswet.Placement.Learning;
using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Outputs;

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
    private readonly PlacementPipeline _pipeline;

    /// <summary>Creates an engine over a geography.</summary>
    /// <param name="geography">Region layers (e.g. <see cref="RegionMap.LoadDefault"/>).</param>
    /// <param name="time">Clock for the run time and the default planning date; default the system clock.</param>
    /// <param name="logger">Logger; default none.</param>
    public PlacementEngine(RegionMap geography, TimeProvider? time = null, ILogger<PlacementEngine>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(geography);
        _geography = geography;
        _time = time ?? TimeProvider.System;
        _pipeline = new PlacementPipeline(geography, _time, (ILogger?)logger ?? NullLogger.Instance);
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
        => _pipeline.Propose(problem, options, progress, cancellation);

    /// <summary>
    /// Makes a small built-in proposal (60 generated youths over 6 locations, with sibling groups,
    /// keep-apart pairs and pins) through every stage and discards it, so that the engine's code is
    /// compiled before the first real proposal. A process that makes one proposal and exits (the
    /// command line) runs it on another core while it reads its input; a service can run it at
    /// start-up. Thread-safe; logs nothing and writes nothing (not even PLACEMENT_TRACE diagnostics).
    /// </summary>
    /// <param name="options">Policy and weights to warm up (default: <see cref="PlacementOptions"/>'s); the time limit, export and model are not used.</param>
    public void WarmUp(PlacementOptions? options = null) => Placement.WarmUp.Run(_geography, _time, options);

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
        => _pipeline.StartSession(problem, options, progress, cancellation);

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
        return _pipeline.Replan(session, changed, progress, cancellation);
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


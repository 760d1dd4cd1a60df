using Microsoft.Extensions.Logging;
using Spreidingswet.Placement.Explaining;
using Spreidingswet.Placement.Geography;
using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Preparation;
using Spreidingswet.Placement.Solving;
using Spreidingswet.Placement.Solving.Flow;
using Spreidingswet.Placement.Solving.UnitModel;

namespace Spreidingswet.Placement;

/// <summary>
/// The run pipeline behind <see cref="PlacementEngine"/>: prepare (<see cref="RunSetup.Prepare"/>:
/// validation, geography, scoring context, units and their candidates), solve (<see cref="Solver"/>),
/// finish (<see cref="ProposalAssembly"/>: explanations, metrics, warnings, the run record). A session
/// stops after the relaxation; a re-plan after closures re-uses the session's prepared stage and
/// solved flow, and falls back to a full run for any other change.
/// </summary>
internal sealed class PlacementPipeline(RegionMap geography, TimeProvider time, ILogger logger)
{
    public LoadResult<Proposal> Propose(PlacementProblem problem, PlacementOptions options, IProgress<PlacementProgress>? progress, CancellationToken cancellation)
        => options.Forecast is null
            ? ProposeOnce(problem, options, progress, cancellation)
            : ForecastPlanning.Propose(problem, options, geography, time, (p, o, pr) => ProposeOnce(p, o, pr, cancellation), progress);

    private LoadResult<Proposal> ProposeOnce(PlacementProblem problem, PlacementOptions options, IProgress<PlacementProgress>? progress, CancellationToken cancellation)
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
        stages.Next(CandidatesStage(units));
        if (TooLargeToExport(options, units) is { } tooLarge)
        {
            return LoadResult<Proposal>.Failure([tooLarge]);
        }

        var solver = new Solver(units, SolverBudget(options.TimeLimit, trace.Elapsed, units.Count), options.Seed);
        var outcome = solver.Solve(stages, cancellation);
        if (options.ExportModel is { } exportPath)
        {
            LpWriter.Write(units, solver.Values(outcome.UnitLocation), PlacementEngine.PolicyName(options.Policy), exportPath, outcome.UnitLocation);
        }

        trace.Mark("solve");
        var proposal = ProposalAssembly.Assemble(problem, options, setup, units, outcome, stages, trace, geography, time);
        return LoadResult<Proposal>.Success(proposal, proposal.Warnings);
    }

    public LoadResult<PlanningSession> StartSession(PlacementProblem problem, PlacementOptions options, IProgress<PlacementProgress>? progress, CancellationToken cancellation)
    {
        var trace = new StageTrace();
        var prepared = Prepare(problem, options, trace, cancellation);
        if (prepared.Value is not { } setup)
        {
            return LoadResult<PlanningSession>.Failure(prepared.Errors);
        }

        var stages = new Stages(progress) { Total = 1 + setup.Units.Groups.Length };
        stages.Next(CandidatesStage(setup.Units));
        var flow = new LexicographicFlow(setup.Units);
        var relaxed = flow.Solve(null, cancellation, stages);
        trace.Mark("session relaxation");
        return LoadResult<PlanningSession>.Success(new PlanningSession(problem, options with { PlanningDate = setup.Date }, setup, flow, relaxed, trace.Elapsed));
    }

    public LoadResult<Proposal> Replan(PlanningSession session, PlacementProblem changed, IProgress<PlacementProgress>? progress, CancellationToken cancellation)
    {
        cancellation.ThrowIfCancellationRequested();
        var options = session.Options;
        var trace = new StageTrace();
        // With a forecast the holds follow the changed problem (its free beds): a full run.
        var closed = options.ExportModel is null && options.Forecast is null ? session.ClosedBy(changed) : null;
        trace.Mark("re-plan: what changed");
        var setup = session.Setup;
        if (closed is null || ForcedMovesChangeArcs(setup, closed))
        {
            return Propose(changed, options, progress, cancellation);
        }

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
        var proposal = ProposalAssembly.Assemble(changed, options, setup with { Resolved = WithClosings(setup, changed) }, setup.Units, outcome, stages, trace, geography, time);
        proposal = proposal with
        {
            Solver = proposal.Solver with { ReplannedAfterClosing = [.. changed.Locations.Where((_, i) => closed[i]).Select(l => l.Id)] },
        };
        return LoadResult<Proposal>.Success(proposal, proposal.Warnings);
    }

    /// <summary>
    /// The solver's share of a proposal's time limit: what is left after validation, geography,
    /// candidates and scores, less a reserve for the explanations (60 microseconds per unit, above what
    /// the explanations take at Germany's size; at most a quarter of the limit), and never less than a
    /// tenth of the limit.
    /// </summary>
    internal static TimeSpan SolverBudget(TimeSpan limit, TimeSpan spent, int units)
    {
        var reserve = TimeSpan.FromTicks(Math.Min(limit.Ticks / 4, units * (TimeSpan.TicksPerMillisecond * 6 / 100)));
        var left = limit - spent - reserve;
        return left > limit / 10 ? left : limit / 10;
    }

    private LoadResult<RunSetup> Prepare(PlacementProblem problem, PlacementOptions options, StageTrace trace, CancellationToken cancellation)
        => RunSetup.Prepare(problem, options, geography, time, logger, trace, cancellation);

    private static string CandidatesStage(Units units)
        => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"candidates and scores: {units.ArcCount:N0} arcs for {units.Count:N0} units");

    /// <summary>An LP export of a model over <see cref="LpWriter.LargeModelArcs"/> arcs needs --force.</summary>
    private static InputError? TooLargeToExport(PlacementOptions options, Units units)
        => options.ExportModel is not null && units.FullArcCount > LpWriter.LargeModelArcs && !options.ForceLargeExport
            ? new InputError("command line", 0, "--export-model", options.ExportModel,
                $"the model has {units.FullArcCount:N0} arcs, over {LpWriter.LargeModelArcs:N0}.", "Maybe add --force if you really want the file?")
            : null;

    /// <summary>
    /// True when a closure changes the arcs of a youth it displaces beyond the closed location's own:
    /// the youth must now move, so a move is forced, not chosen (<see cref="ResolvedViews.MoveForced"/>),
    /// and neither the stability cost of a chosen move (when a tier weighs it) nor the turning-18 hard
    /// rule applies to it any more. The session's costs are then not the changed problem's, and the
    /// re-plan runs in full.
    /// </summary>
    private static bool ForcedMovesChangeArcs(RunSetup setup, bool[] closed)
    {
        var stability = setup.Units.Tiers.Any(t => t.Terms.Any(x => x.Criterion == Rules.Policies.Stability));
        return setup.Resolved.Youths.Any(y => y.CurrentLocation >= 0 && closed[y.CurrentLocation]
            && y.Views is { MoveForced: false } v && (v.KeepRegionHard || (stability && v.MovesLast12Months > 0)));
    }

    /// <summary>
    /// The session's resolved problem over the changed problem's locations, closed as of the planning
    /// date; the youths they displace have to move (their move is forced, as a full run resolves it).
    /// </summary>
    private static ResolvedProblem WithClosings(RunSetup setup, PlacementProblem changed)
    {
        var locations = setup.Resolved.Locations.Select((l, i) => l with { Location = changed.Locations[i], Closed = changed.Locations[i].IsClosedOn(setup.Date) }).ToArray();
        var youths = setup.Resolved.Youths.Select(y => y.CurrentLocation >= 0 && locations[y.CurrentLocation].Closed && y.Views is { MoveForced: false } v
            ? y with { Views = v with { MoveForced = true, KeepRegionHard = false } }
            : y).ToArray();
        return setup.Resolved with { Problem = changed, Locations = locations, Youths = youths };
    }
}

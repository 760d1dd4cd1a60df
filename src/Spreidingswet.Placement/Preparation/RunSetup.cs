using Microsoft.Extensions.Logging;
using Spreidingswet.Placement.Geography;
using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Rules;

namespace Spreidingswet.Placement.Preparation;

/// <summary>
/// What a run has before the solve: planning date, resolved problem, scoring context and units.
/// <see cref="Prepare"/> is the pipeline's first stage: validate the weights, resolve the problem's
/// geography, build the scoring context (with the learned scores when a model is given) and the
/// units with their candidate arcs.
/// </summary>
internal sealed record RunSetup(DateOnly Date, ResolvedProblem Resolved, ScoringContext Context, Units Units)
{
    /// <summary>Validation, geography, candidates and scores: everything before the solve.</summary>
    public static LoadResult<RunSetup> Prepare(PlacementProblem problem, PlacementOptions options, RegionMap geography, TimeProvider time, ILogger logger, StageTrace trace, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(options);
        cancellation.ThrowIfCancellationRequested();
        var weightProblems = options.Weights.Validate();
        if (weightProblems.Count > 0)
        {
            return LoadResult<RunSetup>.Failure([.. weightProblems.Select(p => new InputError("weights", 0, null, null, p))]);
        }

        var viewsProblems = options.Views.Validate();
        if (viewsProblems.Count > 0)
        {
            return LoadResult<RunSetup>.Failure([.. viewsProblems.Select(p => new InputError("views options", 0, null, null, p))]);
        }

        var date = options.PlanningDate ?? DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        // The views and stability criteria apply with views fields (or when enabled); turning 18, from
        // birth_date alone, unless disabled: the youths are resolved with their turning-18 dates then too.
        var views = options.Views.AppliesTo(problem) ? options.Views : null;
        var turning18 = options.Views.Turning18Applies;
        var resolved = Resolver.Resolve(problem, geography, date, options.Seed, turning18 ? options.Views : null);
        if (resolved.Value is not { } rp)
        {
            return LoadResult<RunSetup>.Failure(resolved.Errors);
        }

        trace.Mark("resolve");
        cancellation.ThrowIfCancellationRequested();
        var context = new ScoringContext(options.Weights, rp)
        {
            Learned = options.Model is { } model ? Learning.LearnedScores.Build(model, rp, date) : null,
            Views = options.Views,
            ViewsActive = views is not null,
            Turning18Active = turning18,
        };
        trace.Mark("learned scores");
        var units = new Units(rp, Policies.Tiers(options.Policy, options.Weights, views, turning18), context);
        trace.Mark("candidates and scores");
        cancellation.ThrowIfCancellationRequested();
        logger.LogInformation("Solving {Youths} youths ({Units} units) over {Locations} locations, {Arcs} candidate arcs, policy {Policy}",
            rp.Youths.Length, units.Count, rp.Locations.Length, units.ArcCount, options.Policy);
        return LoadResult<RunSetup>.Success(new RunSetup(date, rp, context, units));
    }
}

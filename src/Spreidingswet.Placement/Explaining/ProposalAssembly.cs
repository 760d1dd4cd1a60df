using System.Collections.Immutable;
using Spreidingswet.Placement.Geography;
using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Preparation;
using Spreidingswet.Placement.Rules;
using Spreidingswet.Placement.Solving;

namespace Spreidingswet.Placement.Explaining;

/// <summary>
/// The pipeline's last stage: a solver outcome becomes a <see cref="Proposal"/>. The assignments,
/// unplaced youths and metrics come from <see cref="ProposalBuilder"/>, fairness from
/// <see cref="Learning.Fairness"/>; around them this adds the run's warnings, the run record
/// (inputs, policy, weights, geodata, model) and the solver report.
/// </summary>
internal static class ProposalAssembly
{
    /// <summary>Explanations, metrics, warnings and the run record around a solver outcome.</summary>
    public static Proposal Assemble(PlacementProblem problem, PlacementOptions options, RunSetup setup, Units units, SolveOutcome outcome, Stages stages, StageTrace trace, RegionMap geography, TimeProvider time)
    {
        var (rp, context) = (setup.Resolved, setup.Context);
        stages.Next("explanations and metrics");
        var (assignments, unplaced, metrics) = new ProposalBuilder(rp, units, options, context).Build(outcome.UnitLocation);
        var fairness = Learning.Fairness.Build(rp, outcome.UnitLocation, units, context.Learned);

        trace.Mark("explain");
        stages.Next("done");
        return new Proposal
        {
            Run = RunRecord(problem, options, setup.Date, geography, time) with { Views = RunViews(options, context) },
            Solver = SolverReport(outcome),
            Metrics = metrics,
            Assignments = assignments,
            Unplaced = unplaced,
            Warnings = Warnings(problem, options, rp, unplaced),
            Fairness = fairness,
        };
    }

    /// <summary>The resolver's warnings, the synthetic-model and synthetic-data notices, then the unplaced youths' rule conflicts.</summary>
    private static ImmutableArray<string> Warnings(PlacementProblem problem, PlacementOptions options, ResolvedProblem rp, ImmutableArray<UnplacedYouth> unplaced)
    {
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

        return [.. warnings];
    }

    /// <summary>
    /// The views options recorded with the run (so that explain and audit show resolve it as it ran):
    /// enabled when the views criteria applied; as given (auto) when only turning 18 did (a run
    /// without views fields); none when neither did.
    /// </summary>
    private static ViewsOptions? RunViews(PlacementOptions options, Rules.ScoringContext context)
        => context.ViewsActive ? options.Views with { Enabled = true } : context.Turning18Active ? options.Views : null;

    private static RunInfo RunRecord(PlacementProblem problem, PlacementOptions options, DateOnly date, RegionMap geography, TimeProvider time)
    {
        var layers = geography.Layers;
        return new RunInfo
        {
            Id = Guid.NewGuid().ToString("N"),
            TimeUtc = time.GetUtcNow(),
            EngineVersion = PlacementEngine.Version,
            Inputs = problem.Inputs,
            PlanningDate = date,
            Policy = PlacementEngine.PolicyName(options.Policy),
            Weights = options.Weights,
            Seed = options.Seed,
            Geodata = new GeodataInfo(layers.All(l => l.IsDefault) ? "default" : layers.Any(l => l.IsDefault) ? "mixed" : "official", [.. layers]),
            Synthetic = problem.IsSynthetic,
            Model = options.Model is { } m ? new ModelInfo(m.File is null ? null : Path.GetFileName(m.File), m.Sha256, m.SyntheticData, options.Weights.LearnedContinuity) : null,
        };
    }

    private static SolverReport SolverReport(SolveOutcome outcome)
    {
        var last = outcome.Tiers[^1];
        return new SolverReport
        {
            Status = outcome.Status,
            Objective = last.Value,
            Bound = last.Bound,
            Gap = Math.Round(outcome.Gap, 6),
            Tiers = [.. outcome.Tiers.Select(t => new TierReport(t.Name, t.Value, t.Bound))],
            Method = outcome.Method,
            Seconds = Math.Round(outcome.Seconds, 3),
        };
    }
}

using System.Diagnostics;
using Google.OrTools.Sat;

namespace Spreidingswet.Placement.Peers;

/// <summary>What the naive CP-SAT run reached.</summary>
internal sealed record NaiveCpSatResult(string Status, long? Objective, long? Bound, double SolveSeconds, int Variables, int Constraints);

/// <summary>
/// The naive one-model CP-SAT formulation a user would write: every variable of the exported model
/// (every candidate arc a boolean), every constraint in one model, the exported objective, no hint,
/// no decomposition. Built in the OR-Tools order straight on the model proto (variables,
/// constraints, objective), then solved with the given workers and time limit.
/// </summary>
internal static class NaiveCpSat
{
    public static CpModel Build(LpModel lp)
    {
        ArgumentNullException.ThrowIfNull(lp);
        var model = new CpModel();
        var proto = model.Model;
        for (var v = 0; v < lp.VariableCount; v++)
        {
            var variable = new IntegerVariableProto();
            variable.Domain.Add(lp.Lower[v]);
            variable.Domain.Add(lp.Upper[v]);
            proto.Variables.Add(variable);
        }

        foreach (var c in lp.Constraints)
        {
            var linear = new LinearConstraintProto();
            linear.Vars.Add(c.Variables);
            linear.Coeffs.Add(c.Coefficients);
            linear.Domain.Add(c.Relation == LpRelation.LessOrEqual ? long.MinValue : c.RightHandSide);
            linear.Domain.Add(c.Relation == LpRelation.GreaterOrEqual ? long.MaxValue : c.RightHandSide);
            proto.Constraints.Add(new ConstraintProto { Name = c.Name, Linear = linear });
        }

        var objective = new CpObjectiveProto();
        objective.Vars.Add(lp.ObjectiveVariables);
        objective.Coeffs.Add(lp.Maximize ? lp.ObjectiveCoefficients.Select(x => checked(-x)) : lp.ObjectiveCoefficients);
        if (lp.Maximize)
        {
            objective.ScalingFactor = -1;
        }

        proto.Objective = objective;
        return model;
    }

    /// <summary>
    /// Solves the model; with <paramref name="hint"/> (the names of the variables at 1 in the engine's
    /// solution, the .hint file beside an exported model), every assignment variable (x*, n*) is hinted:
    /// 1 when named, 0 otherwise. The other variables (over*, isk*) follow from them and are left to CP-SAT.
    /// </summary>
    public static NaiveCpSatResult Solve(LpModel lp, double timeLimitSeconds, int workers, IReadOnlySet<string>? hint = null)
    {
        var model = Build(lp);
        if (hint is not null)
        {
            var assignment = new PartialVariableAssignment();
            for (var v = 0; v < lp.VariableCount; v++)
            {
                var name = lp.Names[v];
                if (name.StartsWith('x') || name.StartsWith('n'))
                {
                    assignment.Vars.Add(v);
                    assignment.Values.Add(hint.Contains(name) ? 1 : 0);
                }
            }

            model.Model.SolutionHint = assignment;
        }

        var validation = model.Validate();
        if (!string.IsNullOrEmpty(validation))
        {
            throw new InvalidOperationException($"CP-SAT rejects the model: {validation}");
        }

        var solver = new CpSolver
        {
            StringParameters = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"num_workers:{workers} max_time_in_seconds:{timeLimitSeconds}"),
        };
        var clock = Stopwatch.StartNew();
        var status = solver.Solve(model);
        var seconds = clock.Elapsed.TotalSeconds;
        var found = status is CpSolverStatus.Optimal or CpSolverStatus.Feasible;
        return new NaiveCpSatResult(
            status switch
            {
                CpSolverStatus.Optimal => "optimal",
                CpSolverStatus.Feasible => "feasible",
                CpSolverStatus.Infeasible => "infeasible",
                CpSolverStatus.ModelInvalid => "modelInvalid",
                _ => "noSolution",
            },
            found ? (long)Math.Round(solver.ObjectiveValue) : null,
            status == CpSolverStatus.Infeasible ? null : (long)Math.Round(solver.BestObjectiveBound),
            seconds,
            lp.VariableCount,
            lp.Constraints.Count);
    }
}

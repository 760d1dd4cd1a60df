using System.Diagnostics;
using System.Globalization;
using Google.OrTools.ModelBuilder;
using MbModel = Google.OrTools.ModelBuilder.Model;

namespace Spreidingswet.Placement.Peers;

/// <summary>
/// A MIP solver bundled with OR-Tools (SCIP or HiGHS, through <c>Google.OrTools.ModelBuilder</c>) on an
/// exported LP file, imported by OR-Tools' own LP reader: the solver's defaults, a time limit, the given
/// thread count where the solver takes one.
/// </summary>
internal static class ModelBuilderPeer
{
    /// <summary>Whether the OR-Tools build has the named solver ("scip", "highs", "cbc", ...).</summary>
    public static bool IsSupported(string solver)
    {
        var s = new Solver(solver);
        return s.SolverIsSupported();
    }

    /// <summary>
    /// The exported model as a ModelBuilder model, read by <see cref="LpModel"/> (the reader of the CP-SAT
    /// peer): OR-Tools 9.15's own LP reader (<c>Model.ImportFromLpFile</c>) rejects the exported files.
    /// </summary>
    public static MbModel Build(LpModel lp)
    {
        ArgumentNullException.ThrowIfNull(lp);
        var model = new MbModel();
        var vars = new Variable[lp.VariableCount];
        for (var v = 0; v < vars.Length; v++)
        {
            vars[v] = model.NewVar(lp.Lower[v], lp.Upper[v] >= LpModel.DefaultUpperBound ? double.PositiveInfinity : lp.Upper[v], lp.IsInteger[v], lp.Names[v]);
        }

        foreach (var c in lp.Constraints)
        {
            var row = LinearExpr.NewBuilder();
            for (var k = 0; k < c.Variables.Length; k++)
            {
                row.AddTerm(vars[c.Variables[k]], c.Coefficients[k]);
            }

            model.AddLinearConstraint(
                row,
                c.Relation == LpRelation.LessOrEqual ? double.NegativeInfinity : c.RightHandSide,
                c.Relation == LpRelation.GreaterOrEqual ? double.PositiveInfinity : c.RightHandSide).WithName(c.Name);
        }

        var terms = LinearExpr.NewBuilder();
        for (var k = 0; k < lp.ObjectiveVariables.Length; k++)
        {
            terms.AddTerm(vars[lp.ObjectiveVariables[k]], lp.ObjectiveCoefficients[k]);
        }

        if (lp.Maximize)
        {
            model.Maximize(terms);
        }
        else
        {
            model.Minimize(terms);
        }

        return model;
    }

    /// <summary>Solves the LP file with the named solver (the import not timed).</summary>
    public static NaiveCpSatResult Solve(string path, string solverName, double timeLimitSeconds, int threads = 1)
        => Solve(path, solverName, timeLimitSeconds, threads, log: false, out _);

    public static NaiveCpSatResult Solve(string path, string solverName, double timeLimitSeconds, int threads, bool log, out double importSeconds)
    {
        var import = Stopwatch.StartNew();
        var model = Build(LpModel.Read(path));
        importSeconds = import.Elapsed.TotalSeconds;

        var solver = new Solver(solverName);
        if (!solver.SolverIsSupported())
        {
            throw new InvalidOperationException($"this OR-Tools build has no solver '{solverName}'");
        }

        solver.SetTimeLimitInSeconds(timeLimitSeconds);
        solver.EnableOutput(log);
        if (threads > 1)
        {
            solver.SetSolverSpecificParameters(solverName.ToUpperInvariant() switch
            {
                "SCIP" => string.Create(CultureInfo.InvariantCulture, $"parallel/maxnthreads = {threads}"),
                "HIGHS" => string.Create(CultureInfo.InvariantCulture, $"threads = {threads}"),
                _ => string.Empty,
            });
        }

        var clock = Stopwatch.StartNew();
        var status = solver.Solve(model);
        var seconds = clock.Elapsed.TotalSeconds;
        var found = status is SolveStatus.OPTIMAL or SolveStatus.FEASIBLE;
        return new NaiveCpSatResult(
            status switch
            {
                SolveStatus.OPTIMAL => "optimal",
                SolveStatus.FEASIBLE => "feasible",
                SolveStatus.INFEASIBLE => "infeasible",
                SolveStatus.MODEL_INVALID or SolveStatus.INVALID_SOLVER_PARAMETERS => "modelInvalid",
                _ => "noSolution",
            },
            found ? (long)Math.Round(solver.ObjectiveValue) : null,
            Bound(solver, status),
            seconds,
            model.VariablesCount(),
            model.ConstraintsCount());
    }

    /// <summary>The solver's bound; OR-Tools throws when the solver found no solution, then none is reported.</summary>
    private static long? Bound(Solver solver, SolveStatus status)
    {
        if (status == SolveStatus.INFEASIBLE)
        {
            return null;
        }

        try
        {
            var bound = solver.BestObjectiveBound;
            return double.IsFinite(bound) ? (long)Math.Ceiling(bound - 1e-6) : null;
        }
        catch (Exception ex) when (ex.GetType().Name == "SolverException")
        {
            return null;
        }
    }
}

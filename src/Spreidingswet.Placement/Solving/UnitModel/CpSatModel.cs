using System.Globalization;
using Google.OrTools.Sat;
using Spreidingswet.Placement.Preparation;

namespace Spreidingswet.Placement.Solving.UnitModel;

/// <summary>
/// The unit model as an OR-Tools CP-SAT model, solved tier by tier.
/// </summary>
/// <remarks>
/// <see cref="UnitProgram"/> is the model; this writes it into a <see cref="CpModel"/> in the
/// program's order (variables of a unit with its one-place row, capacity, keep-apart as a clause,
/// each ISK and balance integer just before its row, then the tier objectives) and solves it tier by
/// tier: after each tier its objective is held at the value reached (lexicographic optimisation), and
/// every tier is hinted with the previous tier's solution.
/// CP-SAT statuses map as: OPTIMAL = tier proven; FEASIBLE = a solution at the time limit (timed
/// out, not proven); anything else (UNKNOWN, INFEASIBLE, MODEL_INVALID) = no solution.
/// </remarks>
internal static class CpSatModel
{
    public static (int[]? Solution, long[] Values, bool Proven, bool TimedOut) Solve(Units units, Solver solver, int seed, int[][] arcs, int[] hint, TimeSpan remaining, Stages? progress, CancellationToken cancellation)
    {
        var tiers = units.Tiers.Count;
        var (model, x, unplaced, objectives) = Build(new UnitProgram(units, arcs));
        int[] current = (int[])hint.Clone();
        var values = new long[tiers];
        var proven = true;
        var timedOut = false;
        var deadline = DateTime.UtcNow + (remaining > TimeSpan.Zero ? remaining : TimeSpan.FromSeconds(1));
        for (var t = 0; t < tiers; t++)
        {
            cancellation.ThrowIfCancellationRequested();
            progress?.Report($"side constraints: CP-SAT, tier {units.Tiers[t].Name}");
            model.ClearHints();
            for (var u = 0; u < units.Count; u++)
            {
                for (var k = 0; k < arcs[u].Length; k++)
                {
                    model.AddHint(x[u][k], current[u] == arcs[u][k]);
                }

                model.AddHint(unplaced[u], current[u] < 0 || Array.IndexOf(arcs[u], current[u]) < 0);
            }

            model.Minimize(objectives[t]);
            var seconds = Math.Max(0.5, (deadline - DateTime.UtcNow).TotalSeconds / (tiers - t));
            // 8 workers time-share the 2 cores; the portfolio then includes the core-based search
            // that proves these 0/1 objectives in milliseconds (2 workers stalled for minutes).
            var cpSolver = new CpSolver
            {
                StringParameters = string.Create(CultureInfo.InvariantCulture, $"max_time_in_seconds:{seconds:F2} num_workers:8 interleave_search:true random_seed:{seed}{(Environment.GetEnvironmentVariable("PLACEMENT_CPSAT_LOG") == "1" ? " log_search_progress:true" : "")}"),
            };
            using var registration = cancellation.Register(cpSolver.StopSearch);
            var status = cpSolver.Solve(model);
            if (status is not (CpSolverStatus.Optimal or CpSolverStatus.Feasible))
            {
                return (null, values, false, true);
            }

            if (status != CpSolverStatus.Optimal)
            {
                proven = false;
                timedOut = true;
            }

            for (var u = 0; u < units.Count; u++)
            {
                current[u] = -1;
                for (var k = 0; k < arcs[u].Length; k++)
                {
                    if (cpSolver.BooleanValue(x[u][k]))
                    {
                        current[u] = arcs[u][k];
                    }
                }
            }

            values[t] = (long)Math.Round(cpSolver.ObjectiveValue);
            // Hold this tier at the value reached while the next tiers are optimised.
            model.Add(objectives[t] <= values[t]);
        }

        return (current, solver.Values(current), proven, timedOut);
    }

    /// <summary>The program as a CP-SAT model: variables and rows in the program's order, then one objective per tier.</summary>
    private static (CpModel Model, BoolVar[][] X, BoolVar[] Unplaced, LinearExpr[] Objectives) Build(UnitProgram program)
    {
        var model = new CpModel();
        var units = program.Units;
        var arcs = program.Arcs;
        var x = new BoolVar[arcs.Length][];
        var unplaced = new BoolVar[arcs.Length];

        // Variables and the one-place-per-unit rows.
        for (var u = 0; u < arcs.Length; u++)
        {
            x[u] = new BoolVar[arcs[u].Length];
            for (var k = 0; k < arcs[u].Length; k++)
            {
                x[u][k] = model.NewBoolVar($"unit{u}_at_{units.Problem.Locations[arcs[u][k]].Location.Id}");
            }

            unplaced[u] = model.NewBoolVar($"unit{u}_unplaced");
            model.AddExactlyOne([.. x[u], unplaced[u]]);
        }

        // Capacity.
        for (var l = 0; l < program.ArcsAt.Length; l++)
        {
            if (program.ArcsAt[l].Length > 0)
            {
                model.Add(Load(program, x, [l]) <= units.Problem.Locations[l].Beds);
            }
        }

        // Keep-apart.
        foreach (var row in program.Apart)
        {
            model.AddBoolOr([x[row.A.Index][row.A.Arc].Not(), x[row.B.Index][row.B.Arc].Not()]);
        }

        // ISK seats beyond each limited region's free seats.
        var iskOver = new IntVar[program.IskSeats.Length];
        for (var i = 0; i < iskOver.Length; i++)
        {
            var row = program.IskSeats[i];
            iskOver[i] = model.NewIntVar(0, program.IntegerUpper, $"isk_over_{row.Region}");
            model.Add(iskOver[i] >= LinearExpr.WeightedSum(row.Terms.Select(t => (IntVar)x[t.Var.Index][t.Var.Arc]), row.Terms.Select(t => t.Need)) - row.Seats);
        }

        // Spreidingswet balance: youths over each node's target (load beyond its free room).
        var over = new IntVar[program.Balance.Length];
        for (var b = 0; b < over.Length; b++)
        {
            var row = program.Balance[b];
            over[b] = model.NewIntVar(0, program.IntegerUpper, $"over_{row.Code}");
            model.Add(over[b] >= Load(program, x, row.Locations) - row.Free);
        }

        var objectives = new LinearExpr[units.Tiers.Count];
        for (var t = 0; t < objectives.Length; t++)
        {
            var terms = program.Objective(t);
            objectives[t] = LinearExpr.WeightedSum(terms.Select(term => Variable(term.Var, x, unplaced, over, iskOver)), terms.Select(term => term.Coefficient));
        }

        return (model, x, unplaced, objectives);
    }

    /// <summary>Members placed at the given locations (location ascending, unit ascending).</summary>
    private static LinearExpr Load(UnitProgram program, BoolVar[][] x, int[] locations)
    {
        var arcs = locations.SelectMany(l => program.ArcsAt[l]).ToList();
        return LinearExpr.WeightedSum(arcs.Select(a => (IntVar)x[a.Unit][a.Arc]), arcs.Select(a => (long)program.Size(a.Unit)));
    }

    private static IntVar Variable(UnitProgram.Var v, BoolVar[][] x, BoolVar[] unplaced, IntVar[] over, IntVar[] iskOver) => v.Kind switch
    {
        UnitProgram.VarKind.Arc => x[v.Index][v.Arc],
        UnitProgram.VarKind.Unplaced => unplaced[v.Index],
        UnitProgram.VarKind.Over => over[v.Index],
        _ => iskOver[v.Index],
    };
}

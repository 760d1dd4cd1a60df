using System.Globalization;
using Google.OrTools.Sat;
using Spreidingswet.Placement.Preparation;

namespace Spreidingswet.Placement.Solving.UnitModel;

/// <summary>
/// The unit model as an OR-Tools CP-SAT model, solved tier by tier.
/// </summary>
/// <remarks>
/// The integer program: a 0/1 variable per unit and kept candidate location and one per unit for
/// "unplaced"; exactly one of them per unit; per location the members placed are at most its beds;
/// per keep-apart pair of different units at most one of the two at a shared location; per limited
/// ISK region an integer <c>isk_over</c> at least the seats needed beyond its free seats; per balance
/// node an integer <c>over</c> at least the youths placed in it beyond its free room. Tier <c>t</c>
/// minimises the unscaled unit costs plus the balance and ISK weights of that tier; after each tier
/// its objective is held at the value reached (lexicographic optimisation), and every tier is hinted
/// with the previous tier's solution. Built in the OR-Tools order: variables with the one-place
/// constraints, capacity, keep-apart, ISK, balance, objectives. <see cref="LpExporter"/> writes the
/// same program (over every candidate arc) as an LP file; the two keep their own term order because
/// each output is fixed byte for byte (LP file) or by solver behaviour (CP-SAT search).
/// CP-SAT statuses map as: OPTIMAL = tier proven; FEASIBLE = a solution at the time limit (timed
/// out, not proven); anything else (UNKNOWN, INFEASIBLE, MODEL_INVALID) = no solution.
/// </remarks>
internal static class CpSatModel
{
    public static (int[]? Solution, long[] Values, bool Proven, bool TimedOut) Solve(Units units, Solver solver, int seed, int[][] arcs, int[] hint, TimeSpan remaining, Stages? progress, CancellationToken cancellation)
    {
        var tiers = units.Tiers.Count;
        var (model, x, unplaced, objectives) = Build(units, solver, arcs, tiers);
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

    /// <summary>Variables and one-place constraints, capacity, keep-apart, ISK seats, balance, then the tier objectives.</summary>
    private static (CpModel Model, BoolVar[][] X, BoolVar[] Unplaced, LinearExpr[] Objectives) Build(Units units, Solver solver, int[][] arcs, int tiers)
    {
        var model = new CpModel();
        var x = new BoolVar[units.Count][];
        var unplaced = new BoolVar[units.Count];
        var perLocation = new List<(BoolVar Var, long Size)>[units.Problem.Locations.Length];
        for (var l = 0; l < perLocation.Length; l++)
        {
            perLocation[l] = [];
        }

        // Variables and the one-place-per-unit constraints.
        for (var u = 0; u < units.Count; u++)
        {
            x[u] = new BoolVar[arcs[u].Length];
            for (var k = 0; k < arcs[u].Length; k++)
            {
                x[u][k] = model.NewBoolVar($"unit{u}_at_{units.Problem.Locations[arcs[u][k]].Location.Id}");
                perLocation[arcs[u][k]].Add((x[u][k], units.Members[u].Length));
            }

            unplaced[u] = model.NewBoolVar($"unit{u}_unplaced");
            model.AddExactlyOne([.. x[u], unplaced[u]]);
        }

        // Capacity.
        for (var l = 0; l < perLocation.Length; l++)
        {
            if (perLocation[l].Count > 0)
            {
                model.Add(LinearExpr.WeightedSum(perLocation[l].Select(p => (ILiteral)p.Var).Cast<IntVar>(), perLocation[l].Select(p => p.Size)) <= units.Problem.Locations[l].Beds);
            }
        }

        // Keep-apart pairs.
        foreach (var (a, b) in units.Problem.KeepApartPairs)
        {
            var ua = units.UnitOf[a];
            var ub = units.UnitOf[b];
            if (ua == ub)
            {
                continue;
            }

            for (var k = 0; k < arcs[ua].Length; k++)
            {
                var j = Array.IndexOf(arcs[ub], arcs[ua][k]);
                if (j >= 0)
                {
                    model.AddBoolOr([x[ua][k].Not(), x[ub][j].Not()]);
                }
            }
        }

        // ISK seats: placements beyond each limited region's free seats.
        var iskOver = new List<IntVar>();
        if (units.IskNeed is not null)
        {
            for (var r = 0; r < units.IskSeatsOfRegion.Length; r++)
            {
                if (units.IskSeatsOfRegion[r] < 0)
                {
                    continue;
                }

                var vars = new List<IntVar>();
                var needs = new List<long>();
                for (var u = 0; u < units.Count; u++)
                {
                    for (var k = 0; k < arcs[u].Length; k++)
                    {
                        var j = Array.BinarySearch(units.Candidates[u], arcs[u][k]);
                        if (units.IskRegionOfLocation[arcs[u][k]] == r && units.IskNeed[u][j] > 0)
                        {
                            vars.Add(x[u][k]);
                            needs.Add(units.IskNeed[u][j]);
                        }
                    }
                }

                var beyond = model.NewIntVar(0, units.Problem.Youths.Length, $"isk_over_{r}");
                model.Add(beyond >= LinearExpr.WeightedSum(vars, needs) - units.IskSeatsOfRegion[r]);
                iskOver.Add(beyond);
            }
        }

        // Spreidingswet balance: youths over each region's target (load beyond its free room).
        var over = new IntVar[units.BalanceNodes.Length];
        for (var b = 0; b < over.Length; b++)
        {
            var node = units.BalanceNodes[b];
            over[b] = model.NewIntVar(0, units.Problem.Youths.Length, $"over_{node.Code}");
            var locs = node.Locations.ToHashSet();
            var load = perLocation.Where((_, l) => locs.Contains(l)).SelectMany(p => p).ToList();
            model.Add(over[b] >= LinearExpr.WeightedSum(load.Select(p => (IntVar)p.Var), load.Select(p => p.Size)) - node.Free);
        }

        // Tier objectives (unscaled, per unit).
        var objectives = new LinearExpr[tiers];
        for (var t = 0; t < tiers; t++)
        {
            var vars = new List<IntVar>();
            var coefs = new List<long>();
            for (var u = 0; u < units.Count; u++)
            {
                for (var k = 0; k < arcs[u].Length; k++)
                {
                    var c = solver.UnitCost(t, u, arcs[u][k]);
                    if (c != 0)
                    {
                        vars.Add(x[u][k]);
                        coefs.Add(c);
                    }
                }

                var cu = solver.UnitCost(t, u, -1);
                if (cu != 0)
                {
                    vars.Add(unplaced[u]);
                    coefs.Add(cu);
                }
            }

            if (units.BalanceWeight[t] != 0)
            {
                foreach (var o in over)
                {
                    vars.Add(o);
                    coefs.Add(units.BalanceWeight[t]);
                }
            }

            if (units.IskWeight[t] != 0)
            {
                foreach (var o in iskOver)
                {
                    vars.Add(o);
                    coefs.Add(units.IskWeight[t]);
                }
            }

            objectives[t] = LinearExpr.WeightedSum(vars, coefs);
        }

        return (model, x, unplaced, objectives);
    }
}

using Spreidingswet.Placement.Inputs;
using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Peers;
using Spreidingswet.Placement.Tests.Support;

namespace Spreidingswet.Placement.Tests.Peers;

/// <summary>The naive CP-SAT peer of bench/peers/run-peers.sh: its LP reader and its one-model formulation.</summary>
public sealed class NaiveCpSatTests
{
    private const string Small = """
        \ a comment
        Minimize
         obj: + 3 x + 2 y
           + 4 z + 1 w
        Subject To
         cover: + x + y + z >= 2
         link: x - z <= 0
         total: + 2 x + 3 y - 1 w = 1
        Bounds
         0 <= w <= 5
        General
         w
        Binary
         x y z
        End
        """;

    [Fact]
    public void Read_HandWrittenModel_ReadsEverySection()
    {
        var lp = LpModel.Read(new StringReader(Small), "small.lp");
        Assert.Equal(4, lp.VariableCount);
        Assert.False(lp.Maximize);
        Assert.Equal([3L, 2, 4, 1], lp.ObjectiveCoefficients);
        Assert.Equal(3, lp.Constraints.Count);
        var total = lp.Constraints.Single(c => c.Name == "total");
        Assert.Equal(LpRelation.Equal, total.Relation);
        Assert.Equal(1, total.RightHandSide);
        Assert.Equal([2L, 3, -1], total.Coefficients);
        var w = lp.IndexOf("w");
        Assert.Equal((0L, 5L), (lp.Lower[w], lp.Upper[w]));
        Assert.Equal(1, lp.Upper[lp.IndexOf("z")]);
    }

    /// <summary>The CP-SAT model of the hand-written file reaches the optimum found by enumerating every assignment.</summary>
    [Fact]
    public void Solve_HandWrittenModel_MatchesBruteForce()
    {
        var best = long.MaxValue;
        for (var x = 0; x <= 1; x++)
        {
            for (var y = 0; y <= 1; y++)
            {
                for (var z = 0; z <= 1; z++)
                {
                    for (var w = 0; w <= 5; w++)
                    {
                        if (x + y + z >= 2 && x - z <= 0 && (2 * x) + (3 * y) - w == 1)
                        {
                            best = Math.Min(best, (3 * x) + (2 * y) + (4 * z) + w);
                        }
                    }
                }
            }
        }

        var result = NaiveCpSat.Solve(LpModel.Read(new StringReader(Small), "small.lp"), 30, 1);
        Assert.Equal("optimal", result.Status);
        Assert.Equal(best, result.Objective);
    }

    [Fact]
    public void Read_ContinuousVariable_IsRejectedNamingIt()
    {
        var ex = Assert.Throws<FormatException>(() => LpModel.Read(new StringReader("Minimize\n obj: x + y\nSubject To\n c: x + y >= 1\nBinary\n x\nEnd\n"), "c.lp"));
        Assert.Contains("'y'", ex.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// The engine's exported model (siblings, keep-apart pairs, pins, earlier tiers as constraints)
    /// read back and solved as one naive CP-SAT model reaches the engine's reported optimum.
    /// </summary>
    [Fact]
    public void ExportedModel_SolvedByNaiveCpSat_GivesTheReportedObjective()
    {
        var path = Path.Combine(TestData.TempDirectory(), "model.lp");
        var problem = SyntheticGenerator.Generate(new SyntheticSettings { Youths = 120, Locations = 12, Seed = 5 }, TestProblems.Geography);
        var proposal = new PlacementEngine(TestProblems.Geography)
            .Propose(problem, new PlacementOptions { PlanningDate = TestProblems.Date, ExportModel = path }).GetValueOrThrow();
        Assert.Equal(SolverStatus.Optimal, proposal.Solver.Status);

        var lp = LpModel.Read(path);
        Assert.Contains(lp.Constraints, c => c.Name.StartsWith("tier", StringComparison.Ordinal));
        var result = NaiveCpSat.Solve(lp, 120, 2);
        Assert.Equal("optimal", result.Status);
        Assert.Equal(proposal.Solver.Objective, result.Objective);
    }

    /// <summary>
    /// The same exported model on a hard-class instance (sibling groups competing for scarce beds),
    /// re-solved by SCIP and HiGHS bundled with OR-Tools (bench/peers' ModelBuilder peer) and by CP-SAT
    /// hinted with the engine's solution (the .hint file beside the model): all reach the engine's optimum.
    /// </summary>
    [Fact]
    public void ExportedHardModel_ResolvedByScipHighsAndHintedCpSat_GivesTheReportedObjective()
    {
        var path = Path.Combine(TestData.TempDirectory(), "model.lp");
        var problem = SyntheticGenerator.Generate(new SyntheticSettings { Youths = 120, Locations = 12, Seed = 5 }, TestProblems.Geography, SyntheticProfile.Hard);
        var proposal = new PlacementEngine(TestProblems.Geography)
            .Propose(problem, new PlacementOptions { PlanningDate = TestProblems.Date, ExportModel = path }).GetValueOrThrow();
        Assert.Equal(SolverStatus.Optimal, proposal.Solver.Status);

        foreach (var solver in new[] { "scip", "highs" })
        {
            Assert.True(ModelBuilderPeer.IsSupported(solver), $"OR-Tools has no {solver}");
            var result = ModelBuilderPeer.Solve(path, solver, 120);
            Assert.Equal("optimal", result.Status);
            Assert.Equal(proposal.Solver.Objective, result.Objective);
        }

        var hint = File.ReadAllLines(path + ".hint").ToHashSet(StringComparer.Ordinal);
        Assert.Contains(hint, name => name.StartsWith('x'));
        var hinted = NaiveCpSat.Solve(LpModel.Read(path), 120, 2, hint);
        Assert.Equal("optimal", hinted.Status);
        Assert.Equal(proposal.Solver.Objective, hinted.Objective);
    }
}

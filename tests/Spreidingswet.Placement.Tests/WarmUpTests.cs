using Spreidingswet.Placement.Inputs;
using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Outputs;
using Spreidingswet.Placement.Tests.Support;

namespace Spreidingswet.Placement.Tests;

/// <summary>PlacementEngine.WarmUp: runs every stage on its built-in problem and leaves nothing behind.</summary>
public sealed class WarmUpTests
{
    private static string Json<T>(T value) => System.Text.Json.JsonSerializer.Serialize(value, ProposalWriter.JsonOptions);

    [Theory]
    [InlineData(Policy.EducationFirst)]
    [InlineData(Policy.CapacityOnly)]
    [InlineData(Policy.Weighted)]
    public void WarmUp_ThenPropose_GivesTheProposalOfAnEngineThatWasNotWarmedUp(Policy policy)
    {
        var problem = SyntheticGenerator.Generate(new SyntheticSettings { Youths = 300, Locations = 30, Seed = 5, SiblingShare = 0.06, KeepApartShare = 0.03 }, TestProblems.Geography);
        var options = new PlacementOptions { Policy = policy, PlanningDate = TestProblems.Date };
        var cold = new PlacementEngine(TestProblems.Geography).Propose(problem, options).GetValueOrThrow();

        var engine = new PlacementEngine(TestProblems.Geography);
        engine.WarmUp(options);
        var warm = engine.Propose(problem, options).GetValueOrThrow();

        Assert.Equal(SolverStatus.Optimal, cold.Solver.Status);
        Assert.Equal(Json(cold.Solver.Tiers), Json(warm.Solver.Tiers));
        Assert.Equal(Json(cold.Assignments), Json(warm.Assignments));
        Assert.Equal(Json(cold.Unplaced), Json(warm.Unplaced));
        Assert.Equal(Json(cold.Metrics), Json(warm.Metrics));
    }
}

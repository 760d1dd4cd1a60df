using System.Collections.Immutable;
using Spreidingswet.Placement.Inputs;
using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Scenarios;
using Spreidingswet.Placement.Tests.Cli;
using Spreidingswet.Placement.Tests.Support;
using static Spreidingswet.Placement.Tests.Support.TestProblems;

namespace Spreidingswet.Placement.Tests.Scenarios;

/// <summary>
/// A scenario carries the views options (base.views, the views weights in base.weights and weights
/// changes, <see cref="ScenarioBase.Views"/>, the scenario verb's --views options), and every policy
/// run of a what-if weighs wishes, stability and turning 18 exactly as <c>propose</c> does with them.
/// </summary>
public sealed class ScenarioViewsTests
{
    private static readonly SyntheticSettings Settings = new() { Youths = 300, Locations = 30, Seed = 5, Closures = 1 };

    private static readonly Lazy<PlacementProblem> WithWishes = new(() =>
        SyntheticGenerator.AddViews(SyntheticGenerator.Generate(Settings, TestProblems.Geography), 0.5, Settings.Seed, TestProblems.Geography, Settings.PlanningDate));

    private static readonly ViewsOptions Custom = new()
    {
        Tier = ViewsTier.AfterEducation, WishRegion = 900, StabilityPerMove = 700, Turning18CrossRegion = 9_000, Turning18HorizonMonths = 9,
    };

    [Fact]
    public void Reader_BaseViews_AndViewsWeightsInBaseAndChanges_AreCarried()
    {
        var dir = TestData.TempDirectory();
        File.WriteAllText(Path.Combine(dir, "weights.json"), """{ "wishNearFreeKm": 12.5, "move": 1500 }""");
        var inline = ScenarioReader.Read(ScenarioReaderTests.Write(dir, """
            {
              "base": { "demo": true,
                        "views": { "enabled": "on", "tier": "after-education", "turning18HorizonMonths": 3, "turning18Hard": true },
                        "weights": { "schoolTravel": 5, "wishRegion": 800 } },
              "changes": [ { "weights": { "stabilityPerMove": 450, "turning18CrossRegion": 7000 } } ]
            }
            """)).GetValueOrThrow();
        var views = new ViewsOptions { Enabled = true, Tier = ViewsTier.AfterEducation, Turning18HorizonMonths = 3, Turning18Hard = true, WishRegion = 800 };
        Assert.Equal(views, inline.Base.Views);
        Assert.Equal(Weights.Default with { SchoolTravel = 5 }, inline.Base.Weights);

        var problem = Problem([Kid("Y1")], [Loc("L1", Utrecht, 2)]);
        var options = new PlacementOptions { PlanningDate = Date, Weights = inline.Base.Weights, Views = inline.Base.Views };
        var changed = ScenarioChanges.Apply(problem, options, inline.Changes, TestProblems.Geography).GetValueOrThrow();
        Assert.Equal(views with { StabilityPerMove = 450, Turning18CrossRegion = 7000 }, changed.Options.Views);
        Assert.Equal(inline.Base.Weights, changed.Options.Weights);

        var fromFile = ScenarioReader.Read(ScenarioReaderTests.Write(dir, """{ "base": { "demo": true, "weights": "weights.json" } }""", "file.json")).GetValueOrThrow();
        Assert.Equal(ViewsOptions.Default with { WishNearFreeKm = 12.5 }, fromFile.Base.Views);
        Assert.Equal(Weights.Default with { Move = 1500 }, fromFile.Base.Weights);
    }

    [Fact]
    public void Reader_BadViewsAndViewsWeights_AreErrorsNamingFieldAndValue()
    {
        var errors = ScenarioReader.Read(ScenarioReaderTests.Write(TestData.TempDirectory(), """
            {
              "base": { "demo": true,
                        "views": { "enabled": "maybe", "tier": "first", "turning18HorizonMonths": 30, "turning18Hard": "yes", "colour": 1 },
                        "weights": { "wishRegoin": 5, "stabilityPerMove": -2 } }
            }
            """)).Errors;
        var found = errors.Select(e => (e.Field, e.Value)).ToList();
        Assert.Contains(("base.views.enabled", "maybe"), found);
        Assert.Contains(("base.views.tier", "first"), found);
        Assert.Contains(("base.views.turning18HorizonMonths", "30"), found);
        Assert.Contains(("base.views.turning18Hard", "yes"), found);
        Assert.Contains(errors, e => e.Field == "base.views.colour" && e.Message == "is not a known field.");
        Assert.Contains(errors, e => e is { Field: "base.weights.wishRegoin", Value: "5" } && e.Hint!.Contains("'wishRegion'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e is { Field: "base.weights.stabilityPerMove", Value: "-2", Message: "must be zero or positive." });

        // A weights change is checked when the changes are applied.
        var change = new ChangeWeights(ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create("turning18CrossRegion", 0.5)]));
        var applied = ScenarioChanges.Apply(Problem([Kid("Y1")], [Loc("L1", Utrecht, 2)]), new PlacementOptions { PlanningDate = Date }, [change], TestProblems.Geography, "s.json");
        var error = Assert.Single(applied.Errors);
        Assert.Equal(("changes[0].weights.turning18CrossRegion", "0.5", "must be a whole number."), (error.Field, error.Value, error.Message));
    }

    /// <summary>
    /// Every policy of a what-if weighs the views as propose does with the same options: after a
    /// capacity change (the full engine) and after a closure, whose residents must move, so that the
    /// stability cost of a chosen move no longer applies to them (a re-plan of the solved session
    /// would keep it: the closure then runs the full engine too, but for capacity-only, which does
    /// not weigh stability and re-plans the session).
    /// </summary>
    [Fact]
    public void Runner_PassesTheViewsOptions_SoEveryPolicyWeighsThemAsProposeDoes()
    {
        var problem = WithWishes.Value;
        var byResidents = problem.Youths.Where(y => y.CurrentLocation is not null).CountBy(y => y.CurrentLocation!).OrderByDescending(c => c.Value).Select(c => c.Key).ToList();
        var engine = new PlacementEngine(TestProblems.Geography);
        foreach (ScenarioChange change in new ScenarioChange[] { new ChangeCapacity(byResidents[0], Delta: -3), new CloseLocation(byResidents[1]) })
        {
            var scenario = new ScenarioDefinition(change.Describe(),
                new ScenarioBase { InMemory = problem, PlanningDate = Settings.PlanningDate, Views = Custom, TimeLimit = TimeSpan.FromSeconds(30) },
                [change], [Policy.EducationFirst, Policy.Weighted, Policy.CapacityOnly]);
            var run = new ScenarioRunner(TestProblems.Geography).Run(scenario).GetValueOrThrow();
            for (var k = 0; k < run.Proposals.Length; k++)
            {
                var (proposal, result, options) = (run.Proposals[k], run.Result.Policies[k], run.Options[k]);
                Assert.Equal(Custom, options.Views);
                Assert.Equal(Custom with { Enabled = true }, proposal.Run.Views);
                Assert.Equal(proposal.Run.Views, result.Views);

                // The same optimum as propose with the same options (the closure re-plans a solved session: the
                // same tier values; the capacity change runs the full engine: the same proposal).
                var propose = engine.Propose(run.Problem, options).GetValueOrThrow();
                Assert.True(Tiers(propose).SequenceEqual(Tiers(proposal)), $"{change.Describe()} {proposal.Run.Policy}: {proposal.Solver.Status} {proposal.Solver.Method} gap {proposal.Solver.Gap} vs {propose.Solver.Status} {propose.Solver.Method}: {string.Join(",", Tiers(proposal))} / {string.Join(",", Tiers(propose))}");
                if (change is ChangeCapacity)
                {
                    Assert.Equal(propose.Metrics.Views, proposal.Metrics.Views);
                    Assert.Equal(propose.Assignments.Select(a => (a.Youth, a.Location, a.Cost)), proposal.Assignments.Select(a => (a.Youth, a.Location, a.Cost)));
                }
                else
                {
                    // Its residents have to move: no stability cost, and their statements say the move was forced.
                    var displaced = proposal.Assignments.Where(a => a.From == byResidents[1]).ToList();
                    Assert.NotEmpty(displaced);
                    Assert.All(displaced, a => Assert.Equal(0, a.Criteria.GetValueOrDefault("stability")));
                    Assert.All(displaced, a => Assert.Equal("movedForced", a.BestInterests!.Claims.Single(c => c.Topic == "moves").Outcome));
                }
            }

            if (change is CloseLocation)
            {
                Assert.Null(run.Proposals[0].Solver.ReplannedAfterClosing);
                Assert.NotNull(run.Proposals[2].Solver.ReplannedAfterClosing);
            }

            // Education-first weighs the views in a tier of their own, as Custom says; capacity-only does not weigh them.
            Assert.Contains("views", Tiers(run.Proposals[0]).Select(t => t.Name));
            Assert.DoesNotContain("views", Tiers(run.Proposals[2]).Select(t => t.Name));
        }

        static IEnumerable<(string Name, long Value)> Tiers(Proposal p) => p.Solver.Tiers.Select(t => (t.Name, t.Value));
    }

    [Fact]
    public void ScenarioCommand_ViewsOptions_OverrideTheFilesBaseViews_AndKeepItsWeights()
    {
        var dir = TestData.TempDirectory();
        SyntheticGenerator.Write(WithWishes.Value, Settings, dir);
        var busiest = WithWishes.Value.Youths.Where(y => y.CurrentLocation is not null).CountBy(y => y.CurrentLocation!).MaxBy(c => c.Value).Key;
        var file = ScenarioReaderTests.Write(dir, $$"""
            {
              "name": "fewer beds",
              "base": { "youths": "youths.csv", "locations": "locations.csv", "planningDate": "2026-12-01",
                        "views": { "tier": "after-education" }, "weights": { "wishRegion": 900 } },
              "changes": [ { "capacity": { "location": "{{busiest}}", "delta": -3 } } ],
              "compare": ["education-first"]
            }
            """);

        var asFiled = Run(file);
        Assert.Equal(ViewsOptions.Default with { Enabled = true, Tier = ViewsTier.AfterEducation, WishRegion = 900 }, asFiled.Views);
        Assert.Contains("views", asFiled.Solver.Tiers.Select(t => t.Name));

        var overridden = Run(file, "--views-tier", "weighted", "--turning18-horizon", "9", "--turning18-hard");
        Assert.Equal(ViewsOptions.Default with { Enabled = true, WishRegion = 900, Turning18HorizonMonths = 9, Turning18Hard = true }, overridden.Views);
        Assert.DoesNotContain("views", overridden.Solver.Tiers.Select(t => t.Name));

        static PolicyResult Run(string file, params string[] extra)
        {
            var outDir = TestData.TempDirectory();
            var (exit, _, error) = CliRunner.Run(["scenario", "--scenario", file, "--no-audit", "--time-limit", "30", "--out", outDir, .. extra]);
            Assert.True(exit == 0, error);
            return Assert.Single(Assert.Single(ScenarioWriter.FromJson(File.ReadAllText(Path.Combine(outDir, "scenario.json")))).Policies);
        }
    }
}

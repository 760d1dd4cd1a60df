using Spreidingswet.Placement.Geography;
using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Rules;
using Spreidingswet.Placement.Tests.Support;
using static Spreidingswet.Placement.Tests.Support.TestProblems;

namespace Spreidingswet.Placement.Tests.Views;

/// <summary>
/// Turning 18 needs only birth_date: in a run whose youths have no views field at all, the
/// turning-18 criterion weighs a move out of the home education region, and the best-interests
/// statement claims the birthday, the home region and the outcome; explain re-derives it. With the
/// views options disabled neither applies.
/// </summary>
public sealed class Turning18FromBirthDateTests
{
    /// <summary>
    /// L1 (Utrecht) closes; its two residents must move to L2, the nearest location outside Utrecht's
    /// education region, or to L3, a farther one inside it. Y1 turns 18 in two months, Y2 in eight
    /// (beyond the 6-month horizon). Nobody has a views field.
    /// </summary>
    private static (PlacementProblem Problem, string HomeRegion, string Across, string Within) Instance()
    {
        var home = In(Utrecht);
        var homeRegion = TestProblems.Geography.Lookup(home).EducationRegion!.Code;
        var others = MunicipalityFacts.All.Where(f => f.Code != Utrecht)
            .Select(f => (f.Code, Km: home.DistanceKm(In(f.Code)), Region: TestProblems.Geography.Lookup(In(f.Code)).EducationRegion?.Code))
            .Where(m => m.Region is not null).ToList();
        var across = others.Where(m => m.Region != homeRegion).MinBy(m => m.Km);
        var within = others.Where(m => m.Region == homeRegion && m.Km > across.Km + 5).MinBy(m => m.Km);
        Assert.NotNull(within.Code);
        var problem = Problem(
            [
                new Youth("Y1") { BirthDate = Date.AddMonths(2).AddYears(-18), CurrentLocation = "L1" },
                new Youth("Y2") { BirthDate = Date.AddMonths(8).AddYears(-18), CurrentLocation = "L1" },
            ],
            [Loc("L1", Utrecht, 2) with { ClosesOn = Date }, Loc("L2", across.Code, 1), Loc("L3", within.Code, 1)]);
        Assert.DoesNotContain(problem.Youths, y => y.HasViewsData);
        return (problem, homeRegion, across.Region!, within.Region!);
    }

    private static Proposal Run(PlacementProblem problem, Policy policy, ViewsOptions views)
        => new PlacementEngine(TestProblems.Geography).Propose(problem, new PlacementOptions { Policy = policy, PlanningDate = Date, Views = views, TimeLimit = TimeSpan.FromSeconds(30) }).GetValueOrThrow();

    [Theory]
    [InlineData(Policy.EducationFirst)]
    [InlineData(Policy.Weighted)]
    public void WithoutViewsFields_TheCriterionKeepsTheYouthTurning18InItsHomeRegion(Policy policy)
    {
        var (problem, homeRegion, _, within) = Instance();
        var proposal = Run(problem, policy, ViewsOptions.Default);
        Assert.Equal(ViewsOptions.Default, proposal.Run.Views);
        // Y1 turns 18 within the six-month horizon and stays in its region; Y2 turns 18 after it.
        Assert.Equal(new ViewsMetrics(0, 0, 0, 1, 0), proposal.Metrics.Views);

        var y1 = proposal.Assignments.Single(a => a.Youth == "Y1");
        Assert.Equal("L3", y1.Location);
        Assert.Equal(0, y1.Criteria["turning18"]);
        Assert.Equal("L2", proposal.Assignments.Single(a => a.Youth == "Y2").Location);

        var claim = y1.BestInterests!.Claims.Single(c => c.Topic == "turning18");
        Assert.Equal(("sameRegion", Date.AddMonths(2), homeRegion, within), (claim.Outcome, claim.On, claim.Wanted, claim.Got));
        Assert.Null(claim.Because);
        Assert.Equal(Texts.BestInterests(y1.BestInterests.Claims, Language.English), y1.BestInterests.Statement);
        Assert.DoesNotContain(proposal.Assignments.Single(a => a.Youth == "Y2").BestInterests!.Claims, c => c.Topic == "turning18");

        // The views and recent moves were not recorded: no count is claimed.
        Assert.Equal("notRecorded", y1.BestInterests.Claims.Single(c => c.Topic == "views").Outcome);
        Assert.Null(y1.BestInterests.Claims.Single(c => c.Topic == "moves").Count);

        // explain resolves the run as it ran, turning 18 included.
        var text = new PlacementEngine(TestProblems.Geography).Explain(proposal, problem, "Y1", null, Language.English).GetValueOrThrow();
        Assert.Contains(y1.BestInterests.Statement, text, StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutViewsFields_AMoveAcrossRegions_CostsTheTurning18Weight_AndIsClaimed()
    {
        // Only L2, across the region border, has a bed: Y1 is moved across (forced by the closure, it keeps the cost).
        var (problem, homeRegion, across, _) = Instance();
        problem = problem with { Youths = [problem.Youths[0]], Locations = [problem.Locations[0], problem.Locations[1]] };
        var proposal = Run(problem, Policy.EducationFirst, ViewsOptions.Default with { Turning18CrossRegion = 4_321 });
        var y1 = Assert.Single(proposal.Assignments);
        Assert.Equal(("L2", 4_321L), (y1.Location, y1.Criteria["turning18"]));
        var claim = y1.BestInterests!.Claims.Single(c => c.Topic == "turning18");
        Assert.Equal(("crossRegion", homeRegion, across), (claim.Outcome, claim.Wanted, claim.Got));
        Assert.NotEmpty(claim.Because!.Value);
    }

    [Fact]
    public void CapacityOnly_ClaimsTurning18_ButDoesNotWeighIt_AndViewsOff_DropsBoth()
    {
        var (problem, _, _, _) = Instance();
        var capacityOnly = Run(problem, Policy.CapacityOnly, ViewsOptions.Default);
        Assert.All(capacityOnly.Assignments, a => Assert.DoesNotContain("turning18", a.Criteria.Keys));
        Assert.Contains(capacityOnly.Assignments.Single(a => a.Youth == "Y1").BestInterests!.Claims, c => c.Topic == "turning18");

        var off = Run(problem, Policy.EducationFirst, new ViewsOptions { Enabled = false });
        Assert.Null(off.Run.Views);
        Assert.All(off.Assignments, a => Assert.DoesNotContain("turning18", a.Criteria.Keys));
        Assert.All(off.Assignments, a => Assert.DoesNotContain(a.BestInterests!.Claims, c => c.Topic == "turning18"));
        Assert.DoesNotContain(off.Solver.Tiers, t => t.Name == "views");
    }
}

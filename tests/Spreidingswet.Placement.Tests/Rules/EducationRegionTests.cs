using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Preparation;
using Spreidingswet.Placement.Rules;
using static Spreidingswet.Placement.Tests.Support.TestProblems;

namespace Spreidingswet.Placement.Tests.Rules;

/// <summary>The one answer to "is the education region kept?": kept, broken, not applicable, and when a break is caused.</summary>
public sealed class EducationRegionTests
{
    private static (ResolvedYouth Youth, ResolvedProblem Problem) One(Youth youth, params Location[] locations)
    {
        var r = Resolve(Problem([youth], locations));
        return (r.Youths[0], r);
    }

    [Fact]
    public void SchoolRegionKnown_LocationInIt_IsKept()
    {
        var (y, r) = One(Kid("Y1", school: Utrecht), Loc("L1", Zeist, 5));
        Assert.Equal(EducationRegionOutcome.Kept, EducationRegion.Outcome(y, r.Locations[0]));
        Assert.True(EducationRegion.Kept(y, r.Locations[0]));
        Assert.False(EducationRegion.BreakCaused(y, r.Locations[0]));
    }

    [Fact]
    public void SchoolRegionKnown_LocationElsewhere_IsBrokenAndCausedByAMove()
    {
        var (y, r) = One(Kid("Y1", school: Utrecht), Loc("L1", Groningen, 5));
        Assert.Equal(EducationRegionOutcome.Broken, EducationRegion.Outcome(y, r.Locations[0]));
        Assert.False(EducationRegion.Kept(y, r.Locations[0]));
        Assert.True(EducationRegion.BreakCaused(y, r.Locations[0]));
    }

    [Fact]
    public void StayingWhereOneLives_OutsideTheRegion_IsBrokenButNotCaused()
    {
        var (y, r) = One(Kid("Y1", current: "L1", school: Utrecht), Loc("L1", Groningen, 5));
        Assert.Equal(EducationRegionOutcome.Broken, EducationRegion.Outcome(y, r.Locations[0]));
        Assert.False(EducationRegion.BreakCaused(y, r.Locations[0]));
    }

    [Fact]
    public void NoSchool_IsNotApplicable()
    {
        var (y, r) = One(Kid("Y1"), Loc("L1", Groningen, 5));
        Assert.Equal(EducationRegionOutcome.NotApplicable, EducationRegion.Outcome(y, r.Locations[0]));
        Assert.False(EducationRegion.Kept(y, r.Locations[0]));
        Assert.False(EducationRegion.BreakCaused(y, r.Locations[0]));
    }

    [Fact]
    public void ExplicitRegionCode_IsComparedCaseInsensitively()
    {
        var (y, r) = One(Kid("Y1") with { School = new School(null, "mc39") }, Loc("L1", Maastricht, 5), Loc("L2", Utrecht, 5));
        Assert.True(EducationRegion.Kept(y, r.Locations[0]));
        Assert.False(EducationRegion.Kept(y, r.Locations[1]));
    }

    [Fact]
    public void Codes_Same_IgnoresCase_AndTwoUnknownsAreTheSame()
    {
        Assert.True(EducationRegion.Same("MC19", "mc19"));
        Assert.False(EducationRegion.Same("MC19", "MC20"));
        Assert.False(EducationRegion.Same("MC19", null));
        Assert.True(EducationRegion.Same(null, null));
        Assert.False(EducationRegion.Kept("MC19", null));
    }

    [Theory]
    [InlineData(2, 2, true)]
    [InlineData(2, 3, false)]
    [InlineData(-1, -1, false)] // no location lies in the school's region: none keeps it
    [InlineData(-1, 0, false)]
    public void KeptById_MatchesTheStringTest(int school, int location, bool kept)
        => Assert.Equal(kept, EducationRegion.KeptById(school, location));

    [Fact]
    public void KeptById_AgreesWithKept_OnEveryLocation()
    {
        var (y, r) = One(Kid("Y1", school: Utrecht), Loc("L1", Zeist, 5), Loc("L2", Groningen, 5), Loc("L3", Maastricht, 5), Loc("L4", Utrecht, 5));
        var context = new ScoringContext(Weights.Default, r);
        var id = context.EducationRegionId(y.SchoolRegion);
        foreach (var l in r.Locations)
        {
            Assert.Equal(EducationRegion.Kept(y, l), EducationRegion.KeptById(id, context.LocationEducationRegion[l.Index]));
        }
    }
}

using Spreidingswet.Placement.Geography;
using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Tests.Support;
using static Spreidingswet.Placement.Tests.Support.TestProblems;

namespace Spreidingswet.Placement.Tests.Preparation;

/// <summary>How the engine resolves points it is given: coastal schools and locations, schools abroad, locations abroad.</summary>
public sealed class GeographyResolutionTests
{
    private static readonly GeoPoint TerschellingHarbour = GeoPoint.FromWgs84(53.3590, 5.2170); // ~240 m off the generalised coast
    private static readonly GeoPoint Antwerp = GeoPoint.FromWgs84(51.2194, 4.4025);

    [Fact]
    public void Propose_SchoolAbroad_RunsWithAWarning_AndTheEducationCriterionDoesNotApply()
    {
        var problem = Problem(
            [Kid("Y1", school: Utrecht), new Youth("Y2") { Age = 16, School = new School(Antwerp, null) }],
            [Loc("L1", Utrecht, 2), Loc("L2", Groningen, 2)]);
        var proposal = Propose(problem);
        var warning = Assert.Single(proposal.Warnings, w => w.StartsWith("youth Y2:", StringComparison.Ordinal));
        Assert.Contains("51.21940,4.40250 lies outside the Netherlands", warning, StringComparison.Ordinal);
        Assert.Contains("education criterion does not apply", warning, StringComparison.Ordinal);
        var y2 = proposal.Assignments.Single(a => a.Youth == "Y2");
        Assert.Null(y2.EducationRegion);
        Assert.NotNull(y2.SchoolDistanceKm); // a school just across the border stays a point to travel to
        Assert.Equal("L1", LocationOf(proposal, "Y1"));
        Assert.DoesNotContain(proposal.Warnings, w => w.StartsWith("youth Y1", StringComparison.Ordinal));
    }

    [Fact]
    public void Resolve_SchoolFarAbroad_StaysSchoolGoingWithoutAPoint_AndAGivenRegionIsUsed()
    {
        var far = new Youth("Y1") { Age = 16, School = new School(GeoPoint.FromWgs84(5.1214, 52.0907), null) }; // lat and lon swapped: the Indian Ocean
        var named = new Youth("Y2") { Age = 16, School = new School(GeoPoint.FromWgs84(5.1214, 52.0907), "MC19") };
        var resolved = Resolve(Problem([far, named], [Loc("L1", Utrecht, 2)]));
        Assert.True(resolved.Youths[0].IsSchoolGoing);
        Assert.Null(resolved.Youths[0].SchoolPoint);
        Assert.Null(resolved.Youths[0].SchoolRegion);
        Assert.Equal("MC19", resolved.Youths[1].SchoolRegion);
        Assert.Contains(resolved.Warnings, w => w.StartsWith("youth Y1:", StringComparison.Ordinal) && w.Contains("Maybe lat and lon are swapped?", StringComparison.Ordinal));
        Assert.Contains(resolved.Warnings, w => w.StartsWith("youth Y2:", StringComparison.Ordinal) && w.Contains("the row's education_region MC19 is used", StringComparison.Ordinal));

        var unknown = new Youth("Y3") { Age = 16, School = new School(In(Utrecht), "MC99") };
        var error = Assert.Single(Placement.Preparation.Resolver.Resolve(Problem([unknown], [Loc("L1", Utrecht, 2)]), TestProblems.Geography, Date, 1).Errors);
        Assert.Equal("education_region", error.Field);
    }

    [Fact]
    public void Propose_SchoolInAHarbourJustOffTheCoast_KeepsTheIslandsEducationRegion()
    {
        // Terschelling's region is MC04 (Friesland Noord): Harlingen keeps it, Groningen breaks it.
        var problem = Problem(
            [new Youth("Y1") { Age = 16, School = new School(TerschellingHarbour, null) }],
            [Loc("L1", Groningen, 1), Loc("L2", "GM0072", 1)]);
        var proposal = Propose(problem);
        var y1 = proposal.Assignments.Single();
        Assert.Equal("L2", y1.Location);
        Assert.Equal("MC04", y1.EducationRegion?.School);
        Assert.True(y1.EducationRegion?.Kept);
        Assert.Contains(proposal.Warnings, w => w.StartsWith("youth Y1 school: point 53.35900,5.21700 lies", StringComparison.Ordinal) && w.Contains("GM0093", StringComparison.Ordinal));
    }

    [Fact]
    public void Resolve_LocationAbroad_IsStillAnError_ButACoastalLocationIsAssignedWithAWarning()
    {
        var abroad = Problem([Kid("Y1")], [new Location("L1", "Antwerpen", Antwerp) { Capacity = 2 }]);
        var result = Placement.Preparation.Resolver.Resolve(abroad, TestProblems.Geography, Date, 1);
        var error = Assert.Single(result.Errors);
        Assert.Equal("lat,lon", error.Field);
        Assert.Contains("lies outside the Netherlands", error.Message, StringComparison.Ordinal);

        var coastal = Resolve(Problem([Kid("Y1")], [new Location("L1", "Haven", TerschellingHarbour) { Capacity = 2 }]));
        Assert.Equal("GM0093", coastal.Locations[0].Municipality?.Code);
        Assert.Equal("MC04", coastal.Locations[0].EducationRegion?.Code);
        Assert.Single(coastal.Warnings, w => w.StartsWith("location L1: point 53.35900,5.21700 lies", StringComparison.Ordinal));
    }
}

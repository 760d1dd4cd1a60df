using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Rules;
using static Spreidingswet.Placement.Tests.Support.TestProblems;

namespace Spreidingswet.Placement.Tests.Rules;

public sealed class CriteriaTests
{
    private static long Cost(Criterion criterion, Youth youth, params Location[] locations)
    {
        var r = Resolve(Problem([youth], locations));
        return criterion.Cost(r.Youths[0], r.Locations[0], new ScoringContext(Weights.Default, r));
    }

    [Fact]
    public void EducationRegionBreak_SchoolInUtrechtPlacedInGroningen_CostsOne()
        => Assert.Equal(1, Cost(Policies.EducationRegionBreak, Kid("Y1", school: Utrecht), Loc("L1", Groningen, 5)));

    [Fact]
    public void EducationRegionBreak_SameRegion_CostsNothing()
        => Assert.Equal(0, Cost(Policies.EducationRegionBreak, Kid("Y1", school: Utrecht), Loc("L1", Zeist, 5)));

    [Fact]
    public void EducationRegionBreak_StayingWhereOneIs_CostsNothingEvenOutsideTheRegion()
        => Assert.Equal(0, Cost(Policies.EducationRegionBreak, Kid("Y1", current: "L1", school: Utrecht), Loc("L1", Groningen, 5)));

    [Fact]
    public void EducationRegionBreak_NotSchoolGoing_CostsNothing()
        => Assert.Equal(0, Cost(Policies.EducationRegionBreak, Kid("Y1"), Loc("L1", Groningen, 5)));

    [Fact]
    public void EducationRegionBreak_ExplicitRegionCode_IsUsed()
        => Assert.Equal(1, Cost(Policies.EducationRegionBreak, Kid("Y1") with { School = new School(null, "MC39") }, Loc("L1", Utrecht, 5)));

    [Fact]
    public void Move_OnlyWhenPlacedAwayFromCurrentLocation()
    {
        Assert.Equal(1, Cost(Policies.Move, Kid("Y1", current: "L2"), Loc("L1", Utrecht, 5), Loc("L2", Zeist, 5)));
        Assert.Equal(0, Cost(Policies.Move, Kid("Y1", current: "L1"), Loc("L1", Utrecht, 5), Loc("L2", Zeist, 5)));
        Assert.Equal(0, Cost(Policies.Move, Kid("Y1"), Loc("L1", Utrecht, 5)));
    }

    [Fact]
    public void SchoolTravel_BeyondTheFreeRadius_CostsWeightPerKm()
    {
        // Utrecht to Groningen is about 160 km; 10 km are free, 10 per km beyond.
        var cost = Cost(Policies.SchoolTravel, Kid("Y1", school: Utrecht), Loc("L1", Groningen, 5));
        Assert.InRange(cost, 1_400, 1_600);
        Assert.Equal(0, Cost(Policies.SchoolTravel, Kid("Y1", school: Utrecht), Loc("L1", Utrecht, 5)));
    }

    [Fact]
    public void SmallScale_Under15InLargeLocation_CostsTheWeight()
    {
        Assert.Equal(Weights.Default.SmallScaleUnder15, Cost(Policies.SmallScale, Kid("Y1", 14), Loc("L1", Utrecht, 5)));
        Assert.Equal(0, Cost(Policies.SmallScale, Kid("Y1", 14), Loc("L1", Utrecht, 5) with { SmallScale = true }));
        Assert.Equal(0, Cost(Policies.SmallScale, Kid("Y1", 16), Loc("L1", Utrecht, 5)));
    }

    [Fact]
    public void DistanceFromCurrent_NewArrival_MeasuresFromTerApel()
    {
        var fromTerApel = Cost(Policies.DistanceFromCurrent, Kid("Y1"), Loc("L1", Groningen, 5));
        Assert.InRange(fromTerApel, 400, 700); // 40-70 km in units of 0.1 km
    }

    [Fact]
    public void MoveDistance_FromCurrentLocation_InKm()
    {
        var cost = Cost(Policies.MoveDistance, Kid("Y1", current: "L2"), Loc("L1", Utrecht, 5), Loc("L2", Maastricht, 5));
        Assert.InRange(cost, 140, 175);
    }

    private static bool NeedsSeat(Youth youth, params Location[] locations)
    {
        var r = Resolve(Problem([youth], locations));
        return IskSeatsCriterion.NeedsSeat(r.Youths[0], r.Locations[0]);
    }

    [Fact]
    public void IskSeats_NewArrivalWithoutSchool_NeedsASeat()
        => Assert.True(NeedsSeat(Kid("Y1"), Loc("L1", Utrecht, 5)));

    [Fact]
    public void IskSeats_StayingWhereOneIs_NeedsNoSeat()
        => Assert.False(NeedsSeat(Kid("Y1", current: "L1"), Loc("L1", Utrecht, 5)));

    [Fact]
    public void IskSeats_MoveWithinTheSchoolRegion_NeedsNoSeat()
        => Assert.False(NeedsSeat(Kid("Y1", current: "L2", school: Utrecht), Loc("L1", Zeist, 5), Loc("L2", Groningen, 5)));

    [Fact]
    public void IskSeats_MoveOutOfTheSchoolRegion_NeedsASeat()
        => Assert.True(NeedsSeat(Kid("Y1", current: "L2", school: Utrecht), Loc("L1", Groningen, 5), Loc("L2", Zeist, 5)));

    [Fact]
    public void IskSeats_MovedResidentWithoutSchool_NeedsASeat()
        => Assert.True(NeedsSeat(Kid("Y1", current: "L2"), Loc("L1", Groningen, 5), Loc("L2", Zeist, 5)));
}

using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Rules;
using static Spreidingswet.Placement.Tests.Rules.RuleVerifier;
using static Spreidingswet.Placement.Tests.Support.TestProblems;
using Spreidingswet.Placement.Rules.Criteria;

namespace Spreidingswet.Placement.Tests.Rules;

/// <summary>Each criterion alone, through <see cref="RuleVerifier"/> (which also checks the batch path against the scalar one).</summary>
public sealed class CriteriaTests
{
    [Fact]
    public void EducationRegionBreak_SchoolInUtrechtPlacedInGroningen_CostsOne()
        => Verify(Policies.EducationRegionBreak, Kid("Y1", school: Utrecht), Loc("L1", Groningen, 5)).Penalizes(1);

    [Fact]
    public void EducationRegionBreak_SameRegion_CostsNothing()
        => Verify(Policies.EducationRegionBreak, Kid("Y1", school: Utrecht), Loc("L1", Zeist, 5), Loc("L2", Groningen, 5)).DoesNotPenalize();

    [Fact]
    public void EducationRegionBreak_StayingWhereOneIs_CostsNothingEvenOutsideTheRegion()
        => Verify(Policies.EducationRegionBreak, Kid("Y1", current: "L1", school: Utrecht), Loc("L1", Groningen, 5), Loc("L2", Zeist, 5)).DoesNotPenalize();

    [Fact]
    public void EducationRegionBreak_NotSchoolGoing_CostsNothing()
        => Verify(Policies.EducationRegionBreak, Kid("Y1"), Loc("L1", Groningen, 5)).DoesNotPenalize();

    [Fact]
    public void EducationRegionBreak_ExplicitRegionCode_IsUsed()
        => Verify(Policies.EducationRegionBreak, Kid("Y1") with { School = new School(null, "MC39") }, Loc("L1", Utrecht, 5)).Penalizes(1);

    [Fact]
    public void Move_OnlyWhenPlacedAwayFromCurrentLocation()
    {
        Verify(Policies.Move, Kid("Y1", current: "L2"), Loc("L1", Utrecht, 5), Loc("L2", Zeist, 5)).Penalizes(1);
        Verify(Policies.Move, Kid("Y1", current: "L1"), Loc("L1", Utrecht, 5), Loc("L2", Zeist, 5)).DoesNotPenalize();
        Verify(Policies.Move, Kid("Y1"), Loc("L1", Utrecht, 5)).DoesNotPenalize();
    }

    [Fact]
    public void SchoolTravel_BeyondTheFreeRadius_CostsWeightPerKm()
    {
        // Utrecht to Groningen is about 160 km; 10 km are free, 10 per km beyond.
        Verify(Policies.SchoolTravel, Kid("Y1", school: Utrecht), Loc("L1", Groningen, 5)).PenalizesBetween(1_400, 1_600);
        Verify(Policies.SchoolTravel, Kid("Y1", school: Utrecht), Loc("L1", Utrecht, 5)).DoesNotPenalize();
        Verify(Policies.SchoolTravel, Kid("Y1"), Loc("L1", Groningen, 5)).DoesNotPenalize();
    }

    [Fact]
    public void SmallScale_Under15InLargeLocation_CostsTheWeight()
    {
        Verify(Policies.SmallScale, Kid("Y1", 14), Loc("L1", Utrecht, 5)).Penalizes(Weights.Default.SmallScaleUnder15);
        Verify(Policies.SmallScale, Kid("Y1", 14), Loc("L1", Utrecht, 5) with { SmallScale = true }).DoesNotPenalize();
        Verify(Policies.SmallScale, Kid("Y1", 16), Loc("L1", Utrecht, 5)).DoesNotPenalize();
    }

    [Fact]
    public void DistanceFromCurrent_NewArrival_MeasuresFromTerApel()
        => Verify(Policies.DistanceFromCurrent, Kid("Y1"), Loc("L1", Groningen, 5)).PenalizesBetween(400, 700); // 40-70 km in units of 0.1 km

    [Fact]
    public void DistanceFromCurrent_Resident_MeasuresFromCurrentLocation()
    {
        Verify(Policies.DistanceFromCurrent, Kid("Y1", current: "L1"), Loc("L1", Groningen, 5), Loc("L2", Utrecht, 5)).DoesNotPenalize();
        Verify(Policies.DistanceFromCurrent, Kid("Y1", current: "L2"), Loc("L1", Utrecht, 5), Loc("L2", Maastricht, 5)).PenalizesBetween(1_400, 1_750);
    }

    [Fact]
    public void MoveDistance_FromCurrentLocation_InKm()
    {
        Verify(Policies.MoveDistance, Kid("Y1", current: "L2"), Loc("L1", Utrecht, 5), Loc("L2", Maastricht, 5)).PenalizesBetween(140, 175);
        Verify(Policies.MoveDistance, Kid("Y1"), Loc("L1", Utrecht, 5)).DoesNotPenalize();
    }

    [Fact]
    public void Unplaced_OnePerYouthWithoutABed_NoArcCost()
    {
        var check = Verify(Policies.Unplaced, Kid("Y1"), Loc("L1", Utrecht, 5));
        check.DoesNotPenalize();
        check.PenalizesUnplaced(1);
    }

    [Fact]
    public void UnplacedPriority_CostsThePriorityRank_NoArcCost()
    {
        var check = Verify(Policies.UnplacedPriority, Kid("Y1"), Loc("L1", Utrecht, 5));
        check.DoesNotPenalize();
        Assert.Equal(check.Problem.Youths[0].PriorityRank, check.UnplacedCost);
    }

    [Fact]
    public void Balance_ActsOnRegionLoads_NoArcCost()
        => Verify(Policies.Balance, Kid("Y1", school: Utrecht), Loc("L1", Groningen, 5)).DoesNotPenalize();

    [Fact]
    public void IskSeats_ActsOnRegionTotals_NoArcCost()
        => Verify(Policies.IskSeats, Kid("Y1"), Loc("L1", Utrecht, 5)).DoesNotPenalize();

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

using Spreidingswet.Placement.Simulation;

namespace Spreidingswet.Placement.Tests.Simulation;

/// <summary>
/// The hindsight's value and status from a found schedule and its proven bounds (docs/simulation.md, "The
/// education criterion and the hindsight's value"): <c>optimal</c> only with the fewest unplaced proven.
/// </summary>
public sealed class HindsightVerdictTests
{
    [Fact]
    public void TheFoundScheduleReachesTheFirstBound_Optimal()
    {
        // LP + (S+1) U = 100.7: 100 kept with U = 3 reaches it, whatever the fewest unplaced.
        Assert.Equal((100.0, "optimal"), HindsightModel.Verdict(keptFound: 100, unplacedFound: 3, bound: 100.7, formula: 100.7, fewest: 0, exact: true));
    }

    [Fact]
    public void ASmallerPenaltyOrCpSatBoundReached_ButMoreUnplacedThanProvenFewest_IsOnlyABound()
    {
        // The bound 100.2 holds among schedules with at most 3 unplaced, and 100 are kept; but a schedule
        // with 1 unplaced may exist (the first bound, 140, is not reached), and the fewest unplaced come first.
        var (value, status) = HindsightModel.Verdict(keptFound: 100, unplacedFound: 3, bound: 100.2, formula: 140, fewest: 1, exact: true);
        Assert.Equal("bound", status);
        Assert.Equal(100.0, value);
    }

    [Fact]
    public void TheSameBoundReached_WithTheFewestUnplacedProven_Optimal()
    {
        Assert.Equal((100.0, "optimal"), HindsightModel.Verdict(keptFound: 100, unplacedFound: 1, bound: 100.2, formula: 140, fewest: 1, exact: true));
    }

    [Fact]
    public void KeptBelowTheBound_TheValueIsTheBoundRoundedDown()
    {
        Assert.Equal((104.0, "bound"), HindsightModel.Verdict(keptFound: 100, unplacedFound: 1, bound: 104.9, formula: 104.9, fewest: 1, exact: true));
    }

    [Fact]
    public void EverythingProven_ButThePoolingNotExact_IsABound()
    {
        Assert.Equal((100.0, "bound"), HindsightModel.Verdict(keptFound: 100, unplacedFound: 0, bound: 100, formula: 100, fewest: 0, exact: false));
    }
}

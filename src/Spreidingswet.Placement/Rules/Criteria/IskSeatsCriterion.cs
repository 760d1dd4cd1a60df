using Spreidingswet.Placement.Preparation;

namespace Spreidingswet.Placement.Rules.Criteria;

/// <summary>
/// ISK seats (isk_seats.csv): a youth needs a free seat in an international switch class (ISK) in the
/// education region of its new location when the placement is a change (a new arrival or a move) and
/// the youth either has no school yet or leaves its school's education region. Placements beyond a
/// region's free seats cost the weight each. Regions not listed in isk_seats.csv are not limited.
/// Like the balance criterion it acts on a region's total, so its per-arc cost is 0; the solver prices
/// it (Lagrangian prices per region, bound reported) and counts it exactly in every reported value.
/// </summary>
internal sealed class IskSeatsCriterion : NoArcCostCriterion
{
    public override string Name => "iskSeats";

    /// <summary>Whether placing the youth in the location takes a free ISK seat in the location's region.</summary>
    public static bool NeedsSeat(ResolvedYouth youth, ResolvedLocation location)
        => location.Index != youth.CurrentLocation
           && (youth.SchoolRegion is not { } school || !EducationRegion.Kept(school, location.EducationRegion?.Code));
}

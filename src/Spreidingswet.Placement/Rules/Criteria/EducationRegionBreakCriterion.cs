using Spreidingswet.Placement.Preparation;

namespace Spreidingswet.Placement.Rules.Criteria;

/// <summary>
/// A school-going youth placed outside the education region of its school, counted only when the
/// placement is a change: staying where one already is costs nothing here.
/// </summary>
internal sealed class EducationRegionBreakCriterion : Criterion
{
    public override string Name => "educationRegionBreak";

    public override long Cost(ResolvedYouth youth, ResolvedLocation location, ScoringContext context)
        => EducationRegion.BreakCaused(youth, location) ? 1 : 0;

    public override void AddCosts(ResolvedYouth youth, ReadOnlySpan<int> locations, long weight, Span<long> costs, ScoringContext context)
    {
        if (youth.SchoolRegion is not { } school)
        {
            return;
        }

        var id = context.EducationRegionId(school);
        var regions = context.LocationEducationRegion;
        for (var k = 0; k < locations.Length; k++)
        {
            var l = locations[k];
            if (l != youth.CurrentLocation && !EducationRegion.KeptById(id, regions[l]))
            {
                costs[k] = checked(costs[k] + weight);
            }
        }
    }
}

using Spreidingswet.Placement.Preparation;

namespace Spreidingswet.Placement.Rules.Criteria;

/// <summary>
/// Turning 18 (EUAA guidance: a youth who turns 18 should be able to stay in the same area): a youth
/// whose 18th birthday falls within the horizon and who is moved out of the education region where it
/// lives costs <see cref="Model.ViewsOptions.Turning18CrossRegion"/>. Staying, or moving within the
/// region, costs nothing. With <see cref="Model.ViewsOptions.Turning18Hard"/> a chosen move across
/// regions is not a candidate at all (<see cref="HardRules.Turning18Rule"/>); the cost then remains for
/// the forced moves.
/// </summary>
internal sealed class Turning18Criterion : Criterion
{
    public override string Name => "turning18";

    public override long Cost(ResolvedYouth youth, ResolvedLocation location, ScoringContext context)
        => Applies(youth) is { } home && location.Index != youth.CurrentLocation && !EducationRegion.Same(location.EducationRegion?.Code, home)
            ? context.Views.Turning18CrossRegion
            : 0;

    public override void AddCosts(ResolvedYouth youth, ReadOnlySpan<int> locations, long weight, Span<long> costs, ScoringContext context)
    {
        if (Applies(youth) is null)
        {
            return;
        }

        var regions = context.LocationEducationRegion;
        var home = regions[youth.CurrentLocation];
        var add = checked(weight * context.Views.Turning18CrossRegion);
        for (var k = 0; k < locations.Length; k++)
        {
            var l = locations[k];
            if (l != youth.CurrentLocation && regions[l] != home)
            {
                costs[k] = checked(costs[k] + add);
            }
        }
    }

    /// <summary>The home education region of a youth turning 18 within the horizon who lives somewhere, else null.</summary>
    private static string? Applies(ResolvedYouth youth)
        => youth.CurrentLocation >= 0 && youth.Views is { Turns18On: not null, HomeRegion: { } home } ? home : null;
}

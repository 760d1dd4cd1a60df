using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Preparation;

namespace Spreidingswet.Placement.Rules.HardRules;

/// <summary>
/// With <see cref="ViewsOptions.Turning18Hard"/>: a youth who turns 18 within the horizon and whose
/// location stays open is not moved out of the education region where it lives (EUAA guidance: a
/// youth who turns 18 should be able to stay in the same area). Staying is always allowed. Without
/// the option the same concern is the <c>turning18</c> criterion's high cost.
/// </summary>
internal sealed class Turning18Rule : HardRule
{
    public override string Code => ReasonCodes.Turning18;

    public override bool CannotBlock(ResolvedYouth youth) => youth.Views is not { KeepRegionHard: true };

    public override bool Allows(ResolvedYouth youth, ResolvedLocation location)
        => youth.Views is not { KeepRegionHard: true } views
            || location.Index == youth.CurrentLocation
            || EducationRegion.Same(location.EducationRegion?.Code, views.HomeRegion);

    public override string Explain(ResolvedYouth youth, ResolvedLocation location, Language language)
        => Texts.Turning18Rule(location.Location.Name, youth.Views?.HomeRegion, youth.Views?.Turns18On, language);
}

using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Preparation;

namespace Spreidingswet.Placement.Rules.HardRules;

/// <summary>
/// A youth needing intensive or protected care may only go where that care is offered; a location
/// that lists no care levels offers standard care only.
/// </summary>
internal sealed class CareLevelRule : HardRule
{
    public override string Code => ReasonCodes.CareLevel;

    public override RuleScope Scope => RuleScope.Profile;

    public override bool Allows(ResolvedYouth youth, ResolvedLocation location) => location.Location.Offers(youth.Youth.CareLevel);

    public override string Explain(ResolvedYouth youth, ResolvedLocation location, Language language)
        => Texts.CareLevelNotOffered(location.Location.Name, youth.Youth.CareLevel, language);
}

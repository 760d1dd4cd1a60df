using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Preparation;

namespace Spreidingswet.Placement.Rules.HardRules;

/// <summary>
/// Some locations are set up for one gender only (shared rooms and sanitary facilities); a location
/// that lists no genders accepts all.
/// </summary>
internal sealed class GenderRule : HardRule
{
    public override string Code => ReasonCodes.Gender;

    public override RuleScope Scope => RuleScope.Profile;

    public override bool Allows(ResolvedYouth youth, ResolvedLocation location) => location.Location.Accepts(youth.Youth.Gender);

    public override string Explain(ResolvedYouth youth, ResolvedLocation location, Language language)
        => Texts.GenderNotAccepted(location.Location.Name, language);
}

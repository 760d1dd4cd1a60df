using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Preparation;

namespace Spreidingswet.Placement.Rules.HardRules;

/// <summary>
/// A location is licensed and staffed for an age range; a youth outside it (age on the planning date)
/// may not be placed there.
/// </summary>
internal sealed class AgeRule : HardRule
{
    public override string Code => ReasonCodes.Age;

    public override RuleScope Scope => RuleScope.Profile;

    public override bool Allows(ResolvedYouth youth, ResolvedLocation location) => youth.Age >= location.Location.MinAge && youth.Age <= location.Location.MaxAge;

    public override string Explain(ResolvedYouth youth, ResolvedLocation location, Language language)
        => Texts.AgeOutsideRange(location.Location.Name, location.Location.MinAge, location.Location.MaxAge, youth.Age, language);
}

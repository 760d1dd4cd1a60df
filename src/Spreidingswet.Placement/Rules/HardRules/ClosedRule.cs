using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Preparation;

namespace Spreidingswet.Placement.Rules.HardRules;

/// <summary>
/// A location that closes on or before the planning date takes no one: its residents must be moved
/// out, so placing anyone there would only cause another move.
/// </summary>
internal sealed class ClosedRule : HardRule
{
    public override string Code => ReasonCodes.Closed;

    public override RuleScope Scope => RuleScope.Location;

    public override bool Allows(ResolvedYouth youth, ResolvedLocation location) => !location.Closed;

    public override string Explain(ResolvedYouth youth, ResolvedLocation location, Language language)
        => Texts.Closed(location.Location.Name, location.Location.ClosesOn, language);
}

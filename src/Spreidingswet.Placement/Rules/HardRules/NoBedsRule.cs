using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Preparation;

namespace Spreidingswet.Placement.Rules.HardRules;

/// <summary>
/// A location with no beds for this run (capacity minus beds reserved for residents outside the run)
/// cannot take anyone; ruling it out keeps it out of the network instead of as a zero-capacity arc.
/// </summary>
internal sealed class NoBedsRule : HardRule
{
    public override string Code => ReasonCodes.NoBeds;

    public override RuleScope Scope => RuleScope.Location;

    public override bool Allows(ResolvedYouth youth, ResolvedLocation location) => location.Beds > 0;

    public override string Explain(ResolvedYouth youth, ResolvedLocation location, Language language)
        => Texts.NoBeds(location.Location.Name, location.Location.Capacity, location.Location.Reserved, language);
}

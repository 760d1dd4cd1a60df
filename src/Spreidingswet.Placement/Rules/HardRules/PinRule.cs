using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Preparation;

namespace Spreidingswet.Placement.Rules.HardRules;

/// <summary>
/// A planner's pin is a decision, not a preference: a pinned youth may go to its pinned location only.
/// </summary>
internal sealed class PinRule : HardRule
{
    public override string Code => ReasonCodes.PinnedElsewhere;

    public override bool CannotBlock(ResolvedYouth youth) => youth.PinnedLocation < 0;

    public override bool Allows(ResolvedYouth youth, ResolvedLocation location) => youth.PinnedLocation < 0 || youth.PinnedLocation == location.Index;

    public override string Explain(ResolvedYouth youth, ResolvedLocation location, Language language)
        => Texts.PinnedElsewhere(youth.Youth.LockedLocation, language);
}

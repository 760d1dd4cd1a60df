using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Preparation;

namespace Spreidingswet.Placement.Rules.HardRules;

/// <summary>
/// A location excluded for this youth (a safety or care reason the planner recorded) is never proposed.
/// </summary>
internal sealed class ExcludedRule : HardRule
{
    public override string Code => ReasonCodes.Excluded;

    public override bool CannotBlock(ResolvedYouth youth) => youth.Excluded.Count == 0;

    public override bool Allows(ResolvedYouth youth, ResolvedLocation location) => !youth.Excluded.Contains(location.Index);

    public override string Explain(ResolvedYouth youth, ResolvedLocation location, Language language)
        => Texts.Excluded(location.Location.Name, language);
}

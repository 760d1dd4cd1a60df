using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Preparation;

namespace Spreidingswet.Placement.Rules.HardRules;

/// <summary>
/// Specific needs (a tag such as wheelchair access or a medical facility) must all be met by the
/// location's tags: a need that is not met is not a cost to trade off but a reason not to go there.
/// </summary>
internal sealed class NeedsRule : HardRule
{
    public override string Code => ReasonCodes.Needs;

    public override bool CannotBlock(ResolvedYouth youth) => youth.Youth.Needs.IsDefaultOrEmpty;

    public override bool Allows(ResolvedYouth youth, ResolvedLocation location)
    {
        foreach (var need in youth.Youth.Needs)
        {
            if (!location.Location.Tags.Contains(need))
            {
                return false;
            }
        }

        return true;
    }

    public override string Explain(ResolvedYouth youth, ResolvedLocation location, Language language)
        => Texts.NeedsNotMet(location.Location.Name, string.Join(", ", youth.Youth.Needs.Where(n => !location.Location.Tags.Contains(n))), language);
}

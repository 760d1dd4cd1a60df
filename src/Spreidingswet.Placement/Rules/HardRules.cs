using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Preparation;

namespace Spreidingswet.Placement.Rules;

/// <summary>
/// One hard rule: an arc (youth, location) that breaks it is not a candidate. Each rule is a small,
/// stateless, named unit with a stable code and a plain-words reason in English and Dutch.
/// </summary>
internal abstract class HardRule
{
    /// <summary>Stable reason code, e.g. <c>AGE</c>.</summary>
    public abstract string Code { get; }

    /// <summary>True when the rule allows the youth in the location.</summary>
    public abstract bool Allows(ResolvedYouth youth, ResolvedLocation location);

    /// <summary>
    /// What the rule reads, so that candidate generation can evaluate it once per location, once per
    /// youth profile (age, gender, care level) and location, or per youth and location.
    /// </summary>
    public virtual RuleScope Scope => RuleScope.Youth;

    /// <summary>True when the rule cannot block any location for this youth (no pin, no exclusions, ...).</summary>
    public virtual bool CannotBlock(ResolvedYouth youth) => false;

    /// <summary>Why the location is not allowed, in plain words.</summary>
    public abstract string Explain(ResolvedYouth youth, ResolvedLocation location, Language language);

    /// <summary>All rules, in the order their reasons are reported.</summary>
    public static HardRule[] All { get; } =
    [
        new ClosedRule(), new NoBedsRule(), new PinRule(), new ExcludedRule(), new AgeRule(), new GenderRule(), new CareLevelRule(), new NeedsRule(),
    ];
}

internal sealed class ClosedRule : HardRule
{
    public override string Code => ReasonCodes.Closed;

    public override RuleScope Scope => RuleScope.Location;

    public override bool Allows(ResolvedYouth youth, ResolvedLocation location) => !location.Closed;

    public override string Explain(ResolvedYouth youth, ResolvedLocation location, Language language) => language == Language.Dutch
        ? $"{location.Location.Name} is gesloten per {location.Location.ClosesOn:yyyy-MM-dd}"
        : $"{location.Location.Name} is closed from {location.Location.ClosesOn:yyyy-MM-dd}";
}

internal sealed class NoBedsRule : HardRule
{
    public override string Code => ReasonCodes.NoBeds;

    public override RuleScope Scope => RuleScope.Location;

    public override bool Allows(ResolvedYouth youth, ResolvedLocation location) => location.Beds > 0;

    public override string Explain(ResolvedYouth youth, ResolvedLocation location, Language language) => language == Language.Dutch
        ? $"{location.Location.Name} heeft geen bedden voor deze ronde (capaciteit {location.Location.Capacity}, gereserveerd {location.Location.Reserved})"
        : $"{location.Location.Name} has no beds for this run (capacity {location.Location.Capacity}, reserved {location.Location.Reserved})";
}

internal sealed class PinRule : HardRule
{
    public override string Code => ReasonCodes.PinnedElsewhere;

    public override bool CannotBlock(ResolvedYouth youth) => youth.PinnedLocation < 0;

    public override bool Allows(ResolvedYouth youth, ResolvedLocation location) => youth.PinnedLocation < 0 || youth.PinnedLocation == location.Index;

    public override string Explain(ResolvedYouth youth, ResolvedLocation location, Language language) => language == Language.Dutch
        ? $"de planner heeft deze jongere vastgezet op {youth.Youth.LockedLocation}"
        : $"the planner pinned this youth to {youth.Youth.LockedLocation}";
}

internal sealed class ExcludedRule : HardRule
{
    public override string Code => ReasonCodes.Excluded;

    public override bool CannotBlock(ResolvedYouth youth) => youth.Excluded.Count == 0;

    public override bool Allows(ResolvedYouth youth, ResolvedLocation location) => !youth.Excluded.Contains(location.Index);

    public override string Explain(ResolvedYouth youth, ResolvedLocation location, Language language) => language == Language.Dutch
        ? $"{location.Location.Name} is uitgesloten voor deze jongere"
        : $"{location.Location.Name} is excluded for this youth";
}

internal sealed class AgeRule : HardRule
{
    public override string Code => ReasonCodes.Age;

    public override RuleScope Scope => RuleScope.Profile;

    public override bool Allows(ResolvedYouth youth, ResolvedLocation location) => youth.Age >= location.Location.MinAge && youth.Age <= location.Location.MaxAge;

    public override string Explain(ResolvedYouth youth, ResolvedLocation location, Language language) => language == Language.Dutch
        ? $"{location.Location.Name} neemt leeftijd {location.Location.MinAge}-{location.Location.MaxAge}, de jongere is {youth.Age}"
        : $"{location.Location.Name} takes ages {location.Location.MinAge}-{location.Location.MaxAge}, the youth is {youth.Age}";
}

internal sealed class GenderRule : HardRule
{
    public override string Code => ReasonCodes.Gender;

    public override RuleScope Scope => RuleScope.Profile;

    public override bool Allows(ResolvedYouth youth, ResolvedLocation location) => location.Location.Accepts(youth.Youth.Gender);

    public override string Explain(ResolvedYouth youth, ResolvedLocation location, Language language) => language == Language.Dutch
        ? $"{location.Location.Name} is niet ingericht voor dit geslacht"
        : $"{location.Location.Name} does not accept this gender";
}

internal sealed class CareLevelRule : HardRule
{
    public override string Code => ReasonCodes.CareLevel;

    public override RuleScope Scope => RuleScope.Profile;

    public override bool Allows(ResolvedYouth youth, ResolvedLocation location) => location.Location.Offers(youth.Youth.CareLevel);

    public override string Explain(ResolvedYouth youth, ResolvedLocation location, Language language) => language == Language.Dutch
        ? $"{location.Location.Name} biedt geen zorgniveau {Texts.Care(youth.Youth.CareLevel, language)}"
        : $"{location.Location.Name} does not offer care level {Texts.Care(youth.Youth.CareLevel, language)}";
}

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
    {
        var missing = string.Join(", ", youth.Youth.Needs.Where(n => !location.Location.Tags.Contains(n)));
        return language == Language.Dutch
            ? $"{location.Location.Name} biedt niet: {missing}"
            : $"{location.Location.Name} does not offer: {missing}";
    }
}

/// <summary>Small shared texts.</summary>
/// <summary>What a hard rule reads.</summary>
internal enum RuleScope
{
    /// <summary>Only the location (closed, no beds).</summary>
    Location,

    /// <summary>The location and the youth's age, gender and care level.</summary>
    Profile,

    /// <summary>The location and anything about the youth.</summary>
    Youth,
}

internal static class Texts
{
    public static string Care(CareLevel level, Language language) => (level, language) switch
    {
        (CareLevel.Standard, Language.Dutch) => "standaard",
        (CareLevel.Intensive, Language.Dutch) => "intensief",
        (CareLevel.Protected, Language.Dutch) => "beschermd",
        (CareLevel.Standard, _) => "standard",
        (CareLevel.Intensive, _) => "intensive",
        _ => "protected",
    };
}

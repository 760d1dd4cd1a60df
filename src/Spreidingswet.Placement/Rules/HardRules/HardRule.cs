using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Preparation;

namespace Spreidingswet.Placement.Rules.HardRules;

/// <summary>
/// One hard rule: an arc (youth, location) that breaks it is not a candidate. Each rule is a small,
/// stateless, named unit with a stable code (<see cref="ReasonCodes"/>) and a plain-words reason in
/// English and Dutch (<see cref="Texts"/>). Hard rules are not weighed against each other or against
/// the criteria: they say where a youth may go at all, so that the solver only chooses among
/// placements a planner could sign.
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
        new ClosedRule(), new NoBedsRule(), new PinRule(), new ExcludedRule(), new AgeRule(), new GenderRule(), new CareLevelRule(), new NeedsRule(), new Turning18Rule(),
    ];

    /// <summary>True when any rule forbids the youth at the location.</summary>
    public static bool AnyForbids(ResolvedYouth youth, ResolvedLocation location) => All.Any(r => !r.Allows(youth, location));
}

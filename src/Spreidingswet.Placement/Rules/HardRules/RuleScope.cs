namespace Spreidingswet.Placement.Rules.HardRules;

/// <summary>What a hard rule reads (candidate generation evaluates a rule once per distinct input).</summary>
internal enum RuleScope
{
    /// <summary>Only the location (closed, no beds).</summary>
    Location,

    /// <summary>The location and the youth's age, gender and care level.</summary>
    Profile,

    /// <summary>The location and anything about the youth.</summary>
    Youth,
}

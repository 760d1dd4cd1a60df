namespace Spreidingswet.Placement.Rules;

/// <summary>
/// The codes a best-interests claim's <c>because</c> holds besides the rule and reason codes of
/// <see cref="ReasonCodes"/> (docs/explanations.md): stable, part of the output contract.
/// </summary>
internal static class BestInterestsCodes
{
    /// <summary>No location of the run would meet it (no location in the wished or school region, for instance).</summary>
    public const string NoLocation = "NO_LOCATION";

    /// <summary>Prefix: a tier ranked above the criterion (its name follows) preferred the proposal.</summary>
    public const string HigherTier = "TIER:";

    /// <summary>Prefix: in the criterion's own tier (its name follows) other criteria outweighed it.</summary>
    public const string Weighed = "WEIGHED:";

    /// <summary>Prefix: the policy does not weigh the criterion; the named tier chose the proposal.</summary>
    public const string NotWeighed = "NOT_WEIGHED:";
}

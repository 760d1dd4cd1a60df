using Spreidingswet.Placement.Rules;

namespace Spreidingswet.Placement.Model;

/// <summary>A best-interests statement in another language than the run's, from its claims (the same words the run wrote).</summary>
public static class BestInterestsText
{
    /// <summary>The whole statement in <paramref name="language"/>.</summary>
    public static string StatementIn(this BestInterests bestInterests, Language language)
    {
        ArgumentNullException.ThrowIfNull(bestInterests);
        return Texts.BestInterests(bestInterests.Claims, language);
    }

    /// <summary>One claim in words in <paramref name="language"/> (empty when the claim has no sentence of its own).</summary>
    public static string SentenceIn(this BestInterestsClaim claim, Language language)
    {
        ArgumentNullException.ThrowIfNull(claim);
        return Texts.Claim(claim, language);
    }
}

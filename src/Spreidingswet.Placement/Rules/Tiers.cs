using Spreidingswet.Placement.Rules.Criteria;

namespace Spreidingswet.Placement.Rules;

/// <summary>A lexicographic tier: criteria summed with weights (weight 1 in lexicographic tiers).</summary>
internal sealed record Tier(string Name, (Criterion Criterion, long Weight)[] Terms);

using Spreidingswet.Placement.Model;

namespace Spreidingswet.Placement.Solving;

/// <summary>Per tier: the value reached and the proven lower bound.</summary>
internal sealed record TierOutcome(string Name, long Value, long Bound);

/// <summary>The solver's answer: location per unit (-1 = unplaced), status, tiers and method.</summary>
internal sealed record SolveOutcome(int[] UnitLocation, SolverStatus Status, IReadOnlyList<TierOutcome> Tiers, string Method, double Seconds)
{
    /// <summary>Relative gap of the first tier whose value exceeds its bound (0 when proven optimal).</summary>
    public double Gap
    {
        get
        {
            foreach (var t in Tiers)
            {
                if (t.Value > t.Bound)
                {
                    return (t.Value - t.Bound) / (double)Math.Max(1, Math.Abs(t.Value));
                }
            }

            return 0;
        }
    }
}

using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Rules;

namespace Spreidingswet.Placement.Preparation;

// Tier groups: consecutive tiers combined into one flow objective with multipliers large enough
// that the group's optimum is the lexicographic optimum of its tiers (each multiplier exceeds the
// largest total of the tiers after it), as long as the products stay within what OR-Tools' cost
// scaling takes. DecodeBounds turns a group's bound back into per-tier bounds.

internal sealed partial class Units
{
    /// <summary>
    /// Consecutive tiers solved as one flow objective where the integers allow it exactly: within a
    /// group each tier's multiplier exceeds the largest possible total of the tiers after it, so the
    /// group's optimum is the lexicographic optimum of its tiers, with fewer flow solves.
    /// </summary>
    private (int[][] Groups, long[] Multiplier) PlanGroups(int locations)
    {
        const double Limit = 1e17; // largest cost x (nodes + 1) that OR-Tools' cost scaling takes safely
        var tiers = Tiers.Count;
        var maxArc = new double[tiers];
        var maxTotal = new double[tiers];
        for (var t = 0; t < tiers; t++)
        {
            for (var u = 0; u < Members.Length; u++)
            {
                double m = _maxUnknown[t] ? double.PositiveInfinity : Math.Max(UnplacedCost[t][u], UnitMaxArcCost[t][u]);
                maxArc[t] = Math.Max(maxArc[t], m);
                maxTotal[t] += m * Members[u].Length;
            }

            // Balance: every youth may be over target at its municipality and its province; ISK:
            // every youth may take a seat beyond the free ones (priced on its arcs by the solver).
            var over = (double)BalanceWeight[t] * Scale;
            var isk = (double)IskWeight[t] * Scale;
            maxArc[t] = Math.Max(maxArc[t], over) + isk;
            maxTotal[t] += (over * 2 * Problem.Youths.Length) + (isk * Problem.Youths.Length);
        }

        var nodes = (double)Members.Length + locations + 2;
        bool Fits(int start, int end)
        {
            // Multipliers from the back: M_end = 1, M_t = (largest total of the tiers after t) + 1.
            double rest = 0, multiplier = 1, arc = maxArc[end], total = maxTotal[end];
            for (var t = end - 1; t >= start; t--)
            {
                rest += multiplier * maxTotal[t + 1];
                multiplier = rest + 1;
                arc += multiplier * maxArc[t];
                total += multiplier * maxTotal[t];
            }

            return arc * nodes <= Limit && total <= Limit;
        }

        var groups = new List<int[]>();
        var multipliers = new long[tiers];
        for (var start = 0; start < tiers;)
        {
            var end = start;
            while (end + 1 < tiers && Fits(start, end + 1))
            {
                end++;
            }

            long restTotal = 0;
            multipliers[end] = 1;
            for (var t = end - 1; t >= start; t--)
            {
                restTotal = checked(restTotal + (multipliers[t + 1] * (long)maxTotal[t + 1]));
                multipliers[t] = checked(restTotal + 1);
            }

            groups.Add([.. Enumerable.Range(start, end - start + 1)]);
            start = end + 1;
        }

        return ([.. groups], multipliers);
    }

    /// <summary>Tier indexes solved together in one flow objective.</summary>
    public int[][] Groups { get; }

    /// <summary>Per tier, its multiplier inside its group.</summary>
    public long[] Multiplier { get; }

    /// <summary>[group][unit][k] combined cost of the group's tiers (scaled).</summary>
    public long[][][] GroupArcCost { get; }

    /// <summary>[group][unit] combined unplaced cost (scaled).</summary>
    public long[][] GroupUnplacedCost { get; }

    /// <summary>
    /// Per-tier lower bounds (true units) from per-group lower bounds (scaled), decoded by the
    /// multipliers. Once a tier's bound is not a whole number of true units, every later tier gets
    /// 0 (costs are never negative, so 0 is always a valid bound).
    /// </summary>
    public long[] DecodeBounds(long[] groupBounds)
    {
        var bounds = new long[Tiers.Count];
        var exact = true;
        for (var g = 0; g < Groups.Length; g++)
        {
            var rest = groupBounds[g];
            foreach (var t in Groups[g])
            {
                if (!exact)
                {
                    bounds[t] = 0;
                    continue;
                }

                var m = Multiplier[t];
                var scaled = rest >= 0 ? rest / m : -((-rest + m - 1) / m);
                rest -= scaled * m;
                bounds[t] = scaled >= 0 ? (scaled + Scale - 1) / Scale : -(-scaled / Scale);
                exact = scaled % Scale == 0;
            }
        }

        return bounds;
    }
}

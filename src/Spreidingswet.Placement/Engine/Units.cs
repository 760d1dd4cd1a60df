namespace Spreidingswet.Placement.Engine;

/// <summary>
/// Placement units: a youth on its own, or a whole sibling group (placed together or not at all),
/// with the candidate locations every member may go to and the integer cost of each arc per tier.
/// </summary>
internal sealed class Units
{
    public Units(ResolvedProblem problem, IReadOnlyList<Tier> tiers, ScoringContext context)
    {
        Problem = problem;
        Tiers = tiers;
        var inGroup = new HashSet<int>(problem.SiblingGroups.SelectMany(g => g));
        var members = new List<int[]>();
        foreach (var y in problem.Youths)
        {
            if (!inGroup.Contains(y.Index))
            {
                members.Add([y.Index]);
            }
        }

        members.AddRange(problem.SiblingGroups);
        Members = [.. members.OrderBy(m => m.Min())];
        UnitOf = new int[problem.Youths.Length];
        for (var u = 0; u < Members.Length; u++)
        {
            foreach (var m in Members[u])
            {
                UnitOf[m] = u;
            }
        }

        // Sibling groups share a cost per unit of flow: scale every cost by the lcm of group sizes
        // so that (sum of member costs) / size stays an integer.
        Scale = 1;
        foreach (var size in Members.Select(m => m.Length).Distinct())
        {
            Scale = checked(Scale / Gcd(Scale, size) * size);
        }

        var candidates = new List<int>[Members.Length];
        var keepApartInside = new bool[Members.Length];
        foreach (var (a, b) in problem.KeepApartPairs)
        {
            if (UnitOf[a] == UnitOf[b])
            {
                keepApartInside[UnitOf[a]] = true;
            }
        }

        for (var u = 0; u < Members.Length; u++)
        {
            candidates[u] = [];
            if (keepApartInside[u])
            {
                continue;
            }

            foreach (var l in problem.Locations)
            {
                if (l.Beds < Members[u].Length)
                {
                    continue;
                }

                var ok = true;
                foreach (var m in Members[u])
                {
                    foreach (var rule in HardRule.All)
                    {
                        if (!rule.Allows(problem.Youths[m], l))
                        {
                            ok = false;
                            break;
                        }
                    }

                    if (!ok)
                    {
                        break;
                    }
                }

                if (ok)
                {
                    candidates[u].Add(l.Index);
                }
            }
        }

        KeepApartInside = keepApartInside;
        Candidates = [.. candidates.Select(c => c.ToArray())];

        // Tier costs per arc (candidate arcs, then the unplaced arc), per unit of flow.
        ArcCost = new long[tiers.Count][][];
        UnplacedCost = new long[tiers.Count][];
        for (var t = 0; t < tiers.Count; t++)
        {
            ArcCost[t] = new long[Members.Length][];
            UnplacedCost[t] = new long[Members.Length];
            for (var u = 0; u < Members.Length; u++)
            {
                var size = Members[u].Length;
                var costs = new long[Candidates[u].Length];
                for (var k = 0; k < costs.Length; k++)
                {
                    var loc = problem.Locations[Candidates[u][k]];
                    long sum = 0;
                    foreach (var m in Members[u])
                    {
                        sum = checked(sum + YouthCost(t, problem.Youths[m], loc, context));
                    }

                    costs[k] = checked(sum * (Scale / size));
                }

                ArcCost[t][u] = costs;
                long unplaced = 0;
                foreach (var m in Members[u])
                {
                    unplaced = checked(unplaced + YouthUnplacedCost(t, problem.Youths[m], context));
                }

                UnplacedCost[t][u] = checked(unplaced * (Scale / size));
            }
        }
    }

    public ResolvedProblem Problem { get; }

    public IReadOnlyList<Tier> Tiers { get; }

    /// <summary>Youth indexes per unit.</summary>
    public int[][] Members { get; }

    /// <summary>Unit of each youth.</summary>
    public int[] UnitOf { get; }

    /// <summary>Candidate location indexes per unit (every member allowed by every hard rule, enough beds).</summary>
    public int[][] Candidates { get; }

    /// <summary>Units whose members must be kept apart from each other (they cannot be placed).</summary>
    public bool[] KeepApartInside { get; }

    /// <summary>Cost multiplier that keeps per-flow-unit costs of sibling groups integral.</summary>
    public long Scale { get; }

    /// <summary>[tier][unit][k] cost per unit of flow of the k-th candidate arc (scaled by <see cref="Scale"/>).</summary>
    public long[][][] ArcCost { get; }

    /// <summary>[tier][unit] cost per unit of flow of leaving the unit unplaced (scaled).</summary>
    public long[][] UnplacedCost { get; }

    public int Count => Members.Length;

    public long YouthCost(int tier, ResolvedYouth youth, ResolvedLocation location, ScoringContext context)
    {
        long sum = 0;
        foreach (var (criterion, weight) in Tiers[tier].Terms)
        {
            sum = checked(sum + (weight * criterion.Cost(youth, location, context)));
        }

        return sum;
    }

    public long YouthUnplacedCost(int tier, ResolvedYouth youth, ScoringContext context)
    {
        long sum = 0;
        foreach (var (criterion, weight) in Tiers[tier].Terms)
        {
            var c = criterion.UnplacedCost(youth, context);
            if (c == 0)
            {
                continue;
            }

            sum = checked(sum + (weight * c));
        }

        return sum;
    }

    private static long Gcd(long a, long b) => b == 0 ? a : Gcd(b, a % b);
}

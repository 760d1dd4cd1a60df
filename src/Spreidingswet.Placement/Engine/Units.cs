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

        var keepApartInside = new bool[Members.Length];
        foreach (var (a, b) in problem.KeepApartPairs)
        {
            if (UnitOf[a] == UnitOf[b])
            {
                keepApartInside[UnitOf[a]] = true;
            }
        }

        Candidates = CandidateLocations(problem, Members, keepApartInside);
        ArcCount = Candidates.Sum(c => (long)c.Length);
        KeepApartInside = keepApartInside;

        // Tier costs per arc (candidate arcs, then the unplaced arc), per unit of flow. Units are
        // independent: computed in parallel from read-only inputs, every criterion scoring a whole
        // unit's candidate list at once.
        ArcCost = new long[tiers.Count][][];
        UnplacedCost = new long[tiers.Count][];
        for (var t = 0; t < tiers.Count; t++)
        {
            ArcCost[t] = new long[Members.Length][];
            UnplacedCost[t] = new long[Members.Length];
        }

        Parallel.For(0, Members.Length, () => new long[problem.Locations.Length], (u, _, scratch) =>
        {
            var size = Members[u].Length;
            var candidates = Candidates[u];
            for (var t = 0; t < tiers.Count; t++)
            {
                var costs = new long[candidates.Length];
                foreach (var m in Members[u])
                {
                    var member = scratch.AsSpan(0, candidates.Length);
                    member.Clear();
                    foreach (var (criterion, weight) in tiers[t].Terms)
                    {
                        criterion.AddCosts(problem.Youths[m], candidates, weight, member, context);
                    }

                    for (var k = 0; k < costs.Length; k++)
                    {
                        costs[k] = checked(costs[k] + member[k]);
                    }
                }

                for (var k = 0; k < costs.Length; k++)
                {
                    costs[k] = checked(costs[k] * (Scale / size));
                }

                ArcCost[t][u] = costs;
                long unplaced = 0;
                foreach (var m in Members[u])
                {
                    unplaced = checked(unplaced + YouthUnplacedCost(t, problem.Youths[m], context));
                }

                UnplacedCost[t][u] = checked(unplaced * (Scale / size));
            }

            return scratch;
        }, _ => { });

        (BalanceNodes, LocationBalanceNode) = PlanBalance(problem);
        IskWeight = [.. tiers.Select(t => problem.IskSeats.Count == 0 ? 0 : t.Terms.Where(x => x.Criterion is IskSeatsCriterion).Sum(x => x.Weight))];
        (IskSeatsOfRegion, IskRegionOfLocation, IskNeed) = PlanIsk(problem, context);
        BalanceWeight = [.. tiers.Select(t => t.Terms.Where(x => x.Criterion is BalanceCriterion).Sum(x => x.Weight))];
        (Groups, Multiplier) = PlanGroups(problem.Locations.Length);
        GroupBalanceWeight = [.. Groups.Select(g => g.Aggregate(0L, (sum, t) => checked(sum + (Multiplier[t] * BalanceWeight[t] * Scale))))];
        GroupArcCost = new long[Groups.Length][][];
        GroupUnplacedCost = new long[Groups.Length][];
        for (var g = 0; g < Groups.Length; g++)
        {
            var group = Groups[g];
            if (group.Length == 1)
            {
                GroupArcCost[g] = ArcCost[group[0]];
                GroupUnplacedCost[g] = UnplacedCost[group[0]];
                continue;
            }

            var arcCost = new long[Members.Length][];
            var unplacedCost = new long[Members.Length];
            Parallel.For(0, Members.Length, u =>
            {
                var costs = new long[Candidates[u].Length];
                long unplacedSum = 0;
                foreach (var t in group)
                {
                    var m = Multiplier[t];
                    var tierCosts = ArcCost[t][u];
                    for (var k = 0; k < costs.Length; k++)
                    {
                        costs[k] = checked(costs[k] + (m * tierCosts[k]));
                    }

                    unplacedSum = checked(unplacedSum + (m * UnplacedCost[t][u]));
                }

                arcCost[u] = costs;
                unplacedCost[u] = unplacedSum;
            });
            GroupArcCost[g] = arcCost;
            GroupUnplacedCost[g] = unplacedCost;
        }
    }

    /// <summary>
    /// Candidate locations per unit: every member allowed by every hard rule, and beds for the whole
    /// unit. Rules are evaluated by scope: location rules once per location, profile rules once per
    /// (age, gender, care level) and location, youth rules only for youths they can affect.
    /// </summary>
    private static int[][] CandidateLocations(ResolvedProblem problem, int[][] members, bool[] keepApartInside)
    {
        var rules = HardRule.All;
        var locationRules = rules.Where(r => r.Scope == RuleScope.Location).ToArray();
        var profileRules = rules.Where(r => r.Scope == RuleScope.Profile).ToArray();
        var youthRules = rules.Where(r => r.Scope == RuleScope.Youth).ToArray();
        if (problem.Youths.Length == 0)
        {
            return [.. members.Select(_ => Array.Empty<int>())];
        }

        var any = problem.Youths[0];
        var open = problem.Locations.Where(l => locationRules.All(r => r.Allows(any, l))).ToArray();
        var profiles = new Dictionary<(int Age, Gender Gender, CareLevel Care), bool[]>();
        var allowedByProfile = new bool[problem.Youths.Length][];
        foreach (var y in problem.Youths)
        {
            var key = (y.Age, y.Youth.Gender, y.Youth.CareLevel);
            if (!profiles.TryGetValue(key, out var mask))
            {
                mask = new bool[problem.Locations.Length];
                foreach (var l in open)
                {
                    mask[l.Index] = profileRules.All(r => r.Allows(y, l));
                }

                profiles[key] = mask;
            }

            allowedByProfile[y.Index] = mask;
        }

        var candidates = new int[members.Length][];
        Parallel.For(0, members.Length, u =>
        {
            if (keepApartInside[u])
            {
                candidates[u] = [];
                return;
            }

            var size = members[u].Length;
            var own = members[u].Select(m => youthRules.Where(r => !r.CannotBlock(problem.Youths[m])).ToArray()).ToArray();
            var list = new List<int>();
            foreach (var l in open)
            {
                if (l.Beds < size)
                {
                    continue;
                }

                var ok = true;
                for (var i = 0; i < members[u].Length && ok; i++)
                {
                    var y = problem.Youths[members[u][i]];
                    ok = allowedByProfile[y.Index][l.Index];
                    foreach (var rule in own[i])
                    {
                        ok = ok && rule.Allows(y, l);
                    }
                }

                if (ok)
                {
                    list.Add(l.Index);
                }
            }

            candidates[u] = [.. list];
        });
        return candidates;
    }

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
                double m = UnplacedCost[t][u];
                foreach (var c in ArcCost[t][u])
                {
                    m = Math.Max(m, c);
                }

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

    /// <summary>A municipality or province with a Spreidingswet target: its free room under the target and the next node up.</summary>
    internal sealed record BalanceNode(string Code, long Free, int Parent, int[] Locations);

    /// <summary>Regions with a target (municipalities first, then provinces); empty without targets.csv.</summary>
    public BalanceNode[] BalanceNodes { get; }

    /// <summary>Per location, the first balance node its youths flow through, or -1.</summary>
    public int[] LocationBalanceNode { get; }

    /// <summary>Per tier, the balance weight per youth over target (true units).</summary>
    public long[] BalanceWeight { get; }

    /// <summary>Per group, the scaled cost per youth over target.</summary>
    public long[] GroupBalanceWeight { get; }

    /// <summary>True balance cost of an assignment in one tier.</summary>
    public long BalanceCost(int tier, int[] unitLocation)
    {
        if (BalanceWeight[tier] == 0 || BalanceNodes.Length == 0)
        {
            return 0;
        }

        var load = new long[Problem.Locations.Length];
        for (var u = 0; u < Members.Length; u++)
        {
            if (unitLocation[u] >= 0)
            {
                load[unitLocation[u]] += Members[u].Length;
            }
        }

        long cost = 0;
        foreach (var node in BalanceNodes)
        {
            var placed = node.Locations.Sum(l => load[l]);
            cost = checked(cost + (BalanceWeight[tier] * Math.Max(0, placed - node.Free)));
        }

        return cost;
    }

    /// <summary>Per tier, the ISK weight per placement beyond the free seats (0 without isk_seats.csv).</summary>
    public long[] IskWeight { get; }

    /// <summary>Free ISK seats per education region number (see <see cref="ScoringContext.EducationRegionIds"/>); -1 = not limited.</summary>
    public long[] IskSeatsOfRegion { get; }

    /// <summary>Per location, its education region number, or -1.</summary>
    public int[] IskRegionOfLocation { get; }

    /// <summary>[unit][k]: members of the unit that need a free ISK seat at the k-th candidate (null without ISK).</summary>
    public int[][]? IskNeed { get; }

    /// <summary>True ISK cost of an assignment in one tier: the weight per placement beyond a region's free seats.</summary>
    public long IskCost(int tier, int[] unitLocation)
    {
        if (IskWeight[tier] == 0 || IskNeed is null)
        {
            return 0;
        }

        var taken = new long[IskSeatsOfRegion.Length];
        for (var u = 0; u < Members.Length; u++)
        {
            var k = unitLocation[u] < 0 ? -1 : Array.BinarySearch(Candidates[u], unitLocation[u]);
            if (k >= 0 && IskRegionOfLocation[unitLocation[u]] is var r and >= 0)
            {
                taken[r] += IskNeed[u][k];
            }
        }

        long cost = 0;
        for (var r = 0; r < taken.Length; r++)
        {
            if (IskSeatsOfRegion[r] >= 0)
            {
                cost = checked(cost + (IskWeight[tier] * Math.Max(0, taken[r] - IskSeatsOfRegion[r])));
            }
        }

        return cost;
    }

    private (long[] Seats, int[] RegionOfLocation, int[][]? Need) PlanIsk(ResolvedProblem problem, ScoringContext context)
    {
        var seats = new long[context.EducationRegionIds.Count];
        Array.Fill(seats, -1);
        foreach (var (code, free) in problem.IskSeats)
        {
            if (context.EducationRegionIds.TryGetValue(code, out var r))
            {
                seats[r] = free;
            }
        }

        var regionOfLocation = context.LocationEducationRegion;
        if (IskWeight.All(w => w == 0))
        {
            return (seats, regionOfLocation, null);
        }

        var need = new int[Members.Length][];
        Parallel.For(0, Members.Length, u =>
        {
            need[u] = new int[Candidates[u].Length];
            for (var k = 0; k < need[u].Length; k++)
            {
                var location = problem.Locations[Candidates[u][k]];
                foreach (var m in Members[u])
                {
                    need[u][k] += IskSeatsCriterion.NeedsSeat(problem.Youths[m], location) ? 1 : 0;
                }
            }
        });
        return (seats, regionOfLocation, need);
    }

    private static (BalanceNode[], int[]) PlanBalance(ResolvedProblem problem)
    {
        var perLocation = new int[problem.Locations.Length];
        Array.Fill(perLocation, -1);
        if (problem.Targets.Count == 0)
        {
            return ([], perLocation);
        }

        // Reserved beds are residents outside this run: they count towards the load.
        Dictionary<string, List<int>> Group(Func<ResolvedLocation, string?> key) => problem.Locations
            .Where(l => key(l) is { } code && problem.Targets.ContainsKey(code))
            .GroupBy(l => key(l)!, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.Select(l => l.Index).ToList(), StringComparer.OrdinalIgnoreCase);
        var municipalities = Group(l => l.Municipality?.Code);
        var provinces = Group(l => l.Province?.Code);
        var nodes = new List<BalanceNode>();
        var provinceNode = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var provinceCodes = provinces.Keys.OrderBy(k => k, StringComparer.Ordinal).ToList();
        var municipalityCodes = municipalities.Keys.OrderBy(k => k, StringComparer.Ordinal).ToList();
        for (var i = 0; i < provinceCodes.Count; i++)
        {
            provinceNode[provinceCodes[i]] = municipalityCodes.Count + i;
        }

        foreach (var code in municipalityCodes)
        {
            var locs = municipalities[code];
            var province = problem.Locations[locs[0]].Province?.Code;
            var parent = province is not null && provinceNode.TryGetValue(province, out var p) ? p : -1;
            nodes.Add(new BalanceNode(code, Math.Max(0, problem.Targets[code] - locs.Sum(l => (long)problem.Locations[l].Location.Reserved)), parent, [.. locs]));
        }

        foreach (var code in provinceCodes)
        {
            var locs = provinces[code];
            nodes.Add(new BalanceNode(code, Math.Max(0, problem.Targets[code] - locs.Sum(l => (long)problem.Locations[l].Location.Reserved)), -1, [.. locs]));
        }

        for (var l = 0; l < problem.Locations.Length; l++)
        {
            var m = problem.Locations[l].Municipality?.Code;
            var pr = problem.Locations[l].Province?.Code;
            var mi = m is null ? -1 : municipalityCodes.IndexOf(m);
            perLocation[l] = mi >= 0 ? mi : pr is not null && provinceNode.TryGetValue(pr, out var pi) ? pi : -1;
        }

        return ([.. nodes], perLocation);
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

    public ResolvedProblem Problem { get; }

    public IReadOnlyList<Tier> Tiers { get; }

    /// <summary>Youth indexes per unit.</summary>
    public int[][] Members { get; }

    /// <summary>Unit of each youth.</summary>
    public int[] UnitOf { get; }

    /// <summary>Candidate location indexes per unit (every member allowed by every hard rule, enough beds).</summary>
    public int[][] Candidates { get; }

    /// <summary>Candidate arcs in all (the model's size).</summary>
    public long ArcCount { get; }

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
        var terms = Tiers[tier].Terms;
        for (var i = 0; i < terms.Length; i++)
        {
            sum = checked(sum + (terms[i].Weight * terms[i].Criterion.Cost(youth, location, context)));
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

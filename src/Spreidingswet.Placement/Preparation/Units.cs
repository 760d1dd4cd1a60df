using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Rules;

namespace Spreidingswet.Placement.Preparation;

/// <summary>
/// Placement units: a youth on its own, or a whole sibling group (placed together or not at all),
/// with the candidate locations every member may go to and the integer cost of each arc per tier.
/// </summary>
internal sealed class Units
{
    public Units(ResolvedProblem problem, IReadOnlyList<Tier> tiers, ScoringContext context, Pruning? pruning = null)
    {
        Problem = problem;
        Tiers = tiers;
        _context = context;
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

        KeepApartInside = keepApartInside;
        _rules = new CandidateRules(problem, Members, keepApartInside);
        ArcCost = new long[tiers.Count][][];
        UnplacedCost = new long[tiers.Count][];
        UnitMaxArcCost = new long[tiers.Count][];
        for (var t = 0; t < tiers.Count; t++)
        {
            ArcCost[t] = new long[Members.Length][];
            UnplacedCost[t] = new long[Members.Length];
            UnitMaxArcCost[t] = new long[Members.Length];
        }

        // Germany-sized instances hold hundreds of millions of candidate arcs: above the threshold
        // each unit keeps only its best arcs (streamed, never all in memory); the solver prices the
        // rest with reduced costs and proves the optimum or reports the bound.
        _arcFree = [.. tiers.Select(t => t.Terms.All(x => x.Criterion is NoArcCostCriterion))];
        _maxUnknown = new bool[tiers.Count];
        var allKept = new bool[Members.Length];
        pruning ??= Pruning.Default;
        if (_rules.EstimatedArcs() > pruning.AboveArcs)
        {
            Pruning = pruning;
            (Candidates, FullArcCount) = PrunedCandidates(pruning.ArcsPerUnit, allKept);
            _maxUnknown[^1] = tiers.Count > 1; // scored on tied arcs only
        }
        else
        {
            Candidates = new int[Members.Length][];
            Parallel.For(0, Members.Length, () => new int[problem.Locations.Length], (u, _, scratch) =>
            {
                Candidates[u] = [.. scratch.AsSpan(0, _rules.Candidates(u, scratch))];
                return scratch;
            }, _ => { });
            FullArcCount = Candidates.Sum(c => (long)c.Length);
        }

        ArcCount = Candidates.Sum(c => (long)c.Length);

        // Tier costs per arc (candidate arcs, then the unplaced arc), per unit of flow. Units are
        // independent: computed in parallel from read-only inputs, every criterion scoring a whole
        // unit's candidate list at once.
        Parallel.For(0, Members.Length, () => new long[problem.Locations.Length], (u, _, scratch) =>
        {
            ScoreUnit(u, scratch, Pruning is null || allKept[u]);
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

            GroupArcCost[g] = new long[Members.Length][];
            GroupUnplacedCost[g] = new long[Members.Length];
            Parallel.For(0, Members.Length, u => GroupCosts(g, u));
        }
    }

    private readonly ScoringContext _context;

    private readonly CandidateRules _rules;

    /// <summary>Per tier: true when no criterion of it costs anything on an arc (unplaced, priority).</summary>
    private readonly bool[] _arcFree;

    /// <summary>Per tier: true when pruning did not score every arc, so its largest arc cost is not known (the tier then forms a group of its own).</summary>
    private readonly bool[] _maxUnknown;

    /// <summary>The pruning applied to this instance's candidates, or null when every candidate arc is in the model.</summary>
    public Pruning? Pruning { get; }

    /// <summary>Candidate arcs under the hard rules before any pruning (equals <see cref="ArcCount"/> when not pruned).</summary>
    public long FullArcCount { get; }

    /// <summary>[tier][unit] the largest cost of any of the unit's candidate arcs, pruned ones included (scaled).</summary>
    public long[][] UnitMaxArcCost { get; }

    /// <summary>Costs of every tier of one unit's candidates (and its unplaced cost); the maxima too when <paramref name="maxima"/>.</summary>
    private void ScoreUnit(int u, long[] scratch, bool maxima)
    {
        var candidates = Candidates[u];
        for (var t = 0; t < Tiers.Count; t++)
        {
            var costs = new long[candidates.Length];
            TierCosts(u, t, candidates, scratch, costs);
            ArcCost[t][u] = costs;
            if (maxima)
            {
                UnitMaxArcCost[t][u] = costs.Length == 0 ? 0 : costs.Max();
            }

            long unplaced = 0;
            foreach (var m in Members[u])
            {
                unplaced = checked(unplaced + YouthUnplacedCost(t, Problem.Youths[m], _context));
            }

            UnplacedCost[t][u] = checked(unplaced * (Scale / Members[u].Length));
        }
    }

    /// <summary>
    /// One tier's cost per unit of flow (scaled) of a unit at each of <paramref name="locations"/>,
    /// summed over its members; <paramref name="scratch"/> holds at least as many values.
    /// </summary>
    internal void TierCosts(int u, int tier, ReadOnlySpan<int> locations, Span<long> scratch, Span<long> costs)
    {
        costs[..locations.Length].Clear();
        if (_arcFree[tier])
        {
            return;
        }

        foreach (var m in Members[u])
        {
            var member = scratch[..locations.Length];
            member.Clear();
            foreach (var (criterion, weight) in Tiers[tier].Terms)
            {
                criterion.AddCosts(Problem.Youths[m], locations, weight, member, _context);
            }

            for (var k = 0; k < locations.Length; k++)
            {
                costs[k] = checked(costs[k] + member[k]);
            }
        }

        var perFlow = Scale / Members[u].Length;
        for (var k = 0; k < locations.Length; k++)
        {
            costs[k] = checked(costs[k] * perFlow);
        }
    }

    /// <summary>A tier group's combined costs of one unit from its tiers' costs.</summary>
    private void GroupCosts(int g, int u)
    {
        var costs = new long[Candidates[u].Length];
        long unplacedSum = 0;
        foreach (var t in Groups[g])
        {
            var m = Multiplier[t];
            var tierCosts = ArcCost[t][u];
            for (var k = 0; k < costs.Length; k++)
            {
                costs[k] = checked(costs[k] + (m * tierCosts[k]));
            }

            unplacedSum = checked(unplacedSum + (m * UnplacedCost[t][u]));
        }

        GroupArcCost[g][u] = costs;
        GroupUnplacedCost[g][u] = unplacedSum;
    }

    /// <summary>True when no placement arc costs anything in the tier (only the unplaced arc does).</summary>
    internal bool ArcFree(int tier) => _arcFree[tier];

    /// <summary>Every candidate location of a unit under the hard rules (pruned ones included), ascending, into <paramref name="into"/>; returns how many.</summary>
    internal int FullCandidates(int u, int[] into) => _rules.Candidates(u, into);

    /// <summary>
    /// Adds candidate arcs to pruned units (column generation: arcs whose reduced cost showed they
    /// may improve the model) and recomputes those units' costs. Multipliers stay valid: they were
    /// planned on the maxima over every candidate arc.
    /// </summary>
    internal void AddArcs(IReadOnlyDictionary<int, int[]> extra)
    {
        var units = extra.Keys.ToArray();
        Parallel.For(0, units.Length, () => new long[Problem.Locations.Length], (i, _, scratch) =>
        {
            var u = units[i];
            Candidates[u] = [.. Candidates[u].Union(extra[u]).Order()];
            ScoreUnit(u, scratch, false);
            for (var g = 0; g < Groups.Length; g++)
            {
                if (Groups[g].Length > 1)
                {
                    GroupCosts(g, u);
                }
            }

            if (IskNeed is not null)
            {
                IskNeed[u] = IskNeedOf(Problem, u);
            }

            return scratch;
        }, _ => { });
        ArcCount = Candidates.Sum(c => (long)c.Length);
    }

    /// <summary>
    /// Per unit, the best <paramref name="keep"/> candidate arcs in lexicographic tier order (ties:
    /// locations with free beds first, then a fixed hash), plus the current location: streamed over
    /// units in parallel in per-thread scratch. Every tier but the last is scored on every arc (their
    /// maxima over all arcs plan the multipliers); the last only on the arcs still tied.
    /// </summary>
    private (int[][] Candidates, long Arcs) PrunedCandidates(int keep, bool[] allKept)
    {
        var kept = new int[Members.Length][];
        long arcs = 0;
        var locations = Problem.Locations.Length;
        var free = new long[locations];
        foreach (var l in Problem.Locations)
        {
            free[l.Index] = l.Beds;
        }

        foreach (var y in Problem.Youths)
        {
            if (y.CurrentLocation >= 0)
            {
                free[y.CurrentLocation]--;
            }
        }

        Parallel.For(0, Members.Length, () => new PruneScratch(Tiers.Count, locations), (u, _, s) =>
        {
            var n = _rules.Candidates(u, s.Locations);
            s.Arcs += n;
            var span = s.Locations.AsSpan(0, n);
            for (var t = 0; t + 1 < Tiers.Count; t++)
            {
                TierCosts(u, t, span, s.Member, s.Costs[t]);
                long max = 0;
                for (var k = 0; k < n; k++)
                {
                    max = Math.Max(max, s.Costs[t][k]);
                }

                UnitMaxArcCost[t][u] = max;
            }

            var count = TopLexicographic(u, s, n, keep, free);
            var current = Members[u].Select(m => Problem.Youths[m].CurrentLocation).FirstOrDefault(c => c >= 0, -1);
            var list = new List<int>(count + 1);
            for (var i = 0; i < count; i++)
            {
                list.Add(s.Locations[s.Chosen[i]]);
            }

            if (current >= 0 && !list.Contains(current) && span.BinarySearch(current) >= 0)
            {
                list.Add(current);
            }

            list.Sort();
            kept[u] = [.. list];
            allKept[u] = list.Count == n;
            return s;
        }, s => Interlocked.Add(ref arcs, s.Arcs));
        return (kept, arcs);
    }

    /// <summary>
    /// Indexes (into <see cref="PruneScratch.Chosen"/>) of the <paramref name="keep"/> arcs that come
    /// first in lexicographic tier order: tier by tier, arcs below the cut value are in, arcs at it
    /// stay tied for the next tier, arcs above it are out. Remaining ties (equal in every tier, so
    /// any choice is as good for the model) go to locations with free beds first, then by a fixed
    /// hash of unit and location, which spreads units that could go anywhere over the country.
    /// </summary>
    private int TopLexicographic(int u, PruneScratch s, int n, int keep, long[] free)
    {
        var chosen = 0;
        var tied = n;
        for (var i = 0; i < n; i++)
        {
            s.Tied[i] = i;
        }

        var last = Tiers.Count - 1;
        for (var t = 0; t <= last && tied > keep - chosen; t++)
        {
            var need = keep - chosen;
            var costs = s.Costs[t];
            if (t == last)
            {
                // The last tier (the weighted criteria, the dearest to score) only on the arcs still tied.
                for (var i = 0; i < tied; i++)
                {
                    s.TiedLocations[i] = s.Locations[s.Tied[i]];
                }

                TierCosts(u, t, s.TiedLocations.AsSpan(0, tied), s.Member, s.Values);
                for (var i = 0; i < tied; i++)
                {
                    costs[s.Tied[i]] = s.Values[i];
                }

            }

            for (var i = 0; i < tied; i++)
            {
                s.Values[i] = costs[s.Tied[i]];
            }

            var cut = Select(s.Values.AsSpan(0, tied), need - 1);
            var stillTied = 0;
            for (var i = 0; i < tied; i++)
            {
                var c = costs[s.Tied[i]];
                if (c < cut)
                {
                    s.Chosen[chosen++] = s.Tied[i];
                }
                else if (c == cut)
                {
                    s.Tied[stillTied++] = s.Tied[i];
                }
            }

            tied = stillTied;
        }

        if (tied > keep - chosen)
        {
            for (var i = 0; i < tied; i++)
            {
                var l = s.Locations[s.Tied[i]];
                var hash = unchecked((ulong)(((long)u << 20) ^ l) * 0x9E3779B97F4A7C15UL);
                s.Values[i] = (free[l] > 0 ? 0 : 1L << 62) | (long)(hash >> 2);
            }

            var keys = s.Values.AsSpan(0, tied).ToArray();
            var cut = Select(s.Values.AsSpan(0, tied), keep - chosen - 1);
            for (var i = 0; i < tied && chosen < keep; i++)
            {
                if (keys[i] <= cut)
                {
                    s.Chosen[chosen++] = s.Tied[i];
                }
            }
        }
        else
        {
            for (var i = 0; i < tied; i++)
            {
                s.Chosen[chosen++] = s.Tied[i];
            }
        }

        return chosen;
    }

    /// <summary>The k-th smallest value (0-based) of <paramref name="values"/> (reordered in place).</summary>
    private static long Select(Span<long> values, int k)
    {
        int lo = 0, hi = values.Length - 1;
        while (lo < hi)
        {
            var pivot = values[lo + ((hi - lo) / 2)];
            int i = lo, j = hi;
            while (i <= j)
            {
                while (values[i] < pivot)
                {
                    i++;
                }

                while (values[j] > pivot)
                {
                    j--;
                }

                if (i <= j)
                {
                    (values[i], values[j]) = (values[j], values[i]);
                    i++;
                    j--;
                }
            }

            if (k <= j)
            {
                hi = j;
            }
            else if (k >= i)
            {
                lo = i;
            }
            else
            {
                return values[k];
            }
        }

        return values[k];
    }

    /// <summary>Per-thread scratch of the pruning pass.</summary>
    private sealed class PruneScratch(int tiers, int locations)
    {
        public int[] Locations { get; } = new int[locations];

        public long[] Member { get; } = new long[locations];

        public long[][] Costs { get; } = [.. Enumerable.Range(0, tiers).Select(_ => new long[locations])];

        public long[] Values { get; } = new long[locations];

        public int[] Tied { get; } = new int[locations];

        public int[] TiedLocations { get; } = new int[locations];

        public int[] Chosen { get; } = new int[locations];

        public long Arcs { get; set; }
    }

    /// <summary>
    /// Candidate locations of a unit: every member allowed by every hard rule, and beds for the whole
    /// unit. Rules are evaluated by scope: location rules once per location, profile rules once per
    /// (age, gender, care level) and location, youth rules only for youths they can affect.
    /// </summary>
    private sealed class CandidateRules
    {
        private readonly ResolvedProblem _problem;
        private readonly int[][] _members;
        private readonly bool[] _keepApartInside;
        private readonly HardRule[] _youthRules;
        private readonly ResolvedLocation[] _open = [];
        private readonly bool[][] _allowedByProfile;

        public CandidateRules(ResolvedProblem problem, int[][] members, bool[] keepApartInside)
        {
            (_problem, _members, _keepApartInside) = (problem, members, keepApartInside);
            var rules = HardRule.All;
            var locationRules = rules.Where(r => r.Scope == RuleScope.Location).ToArray();
            var profileRules = rules.Where(r => r.Scope == RuleScope.Profile).ToArray();
            _youthRules = [.. rules.Where(r => r.Scope == RuleScope.Youth)];
            _allowedByProfile = new bool[problem.Youths.Length][];
            if (problem.Youths.Length == 0)
            {
                return;
            }

            var any = problem.Youths[0];
            _open = [.. problem.Locations.Where(l => locationRules.All(r => r.Allows(any, l)))];
            var profiles = new Dictionary<(int Age, Gender Gender, CareLevel Care), bool[]>();
            foreach (var y in problem.Youths)
            {
                var key = (y.Age, y.Youth.Gender, y.Youth.CareLevel);
                if (!profiles.TryGetValue(key, out var mask))
                {
                    mask = new bool[problem.Locations.Length];
                    foreach (var l in _open)
                    {
                        mask[l.Index] = profileRules.All(r => r.Allows(y, l));
                    }

                    profiles[key] = mask;
                }

                _allowedByProfile[y.Index] = mask;
            }
        }

        /// <summary>An upper estimate of the candidate arcs: per unit, the open locations its first member's profile allows.</summary>
        public long EstimatedArcs()
        {
            var perMask = new Dictionary<bool[], long>(ReferenceEqualityComparer.Instance);
            long arcs = 0;
            foreach (var m in _members)
            {
                var mask = _allowedByProfile[m[0]];
                if (!perMask.TryGetValue(mask, out var count))
                {
                    count = mask.Count(x => x);
                    perMask[mask] = count;
                }

                arcs += count;
            }

            return arcs;
        }

        /// <summary>Writes the unit's candidate location indexes (ascending) into <paramref name="into"/>; returns how many.</summary>
        public int Candidates(int u, int[] into)
        {
            if (_keepApartInside[u])
            {
                return 0;
            }

            var members = _members[u];
            var size = members.Length;
            var own = members.Select(m => _youthRules.Where(r => !r.CannotBlock(_problem.Youths[m])).ToArray()).ToArray();
            var n = 0;
            foreach (var l in _open)
            {
                if (l.Beds < size)
                {
                    continue;
                }

                var ok = true;
                for (var i = 0; i < members.Length && ok; i++)
                {
                    var y = _problem.Youths[members[i]];
                    ok = _allowedByProfile[y.Index][l.Index];
                    foreach (var rule in own[i])
                    {
                        ok = ok && rule.Allows(y, l);
                    }
                }

                if (ok)
                {
                    into[n++] = l.Index;
                }
            }

            return n;
        }
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
        Parallel.For(0, Members.Length, u => need[u] = IskNeedOf(problem, u));
        return (seats, regionOfLocation, need);
    }

    private int[] IskNeedOf(ResolvedProblem problem, int u)
    {
        var need = new int[Candidates[u].Length];
        for (var k = 0; k < need.Length; k++)
        {
            var location = problem.Locations[Candidates[u][k]];
            foreach (var m in Members[u])
            {
                need[k] += IskSeatsCriterion.NeedsSeat(problem.Youths[m], location) ? 1 : 0;
            }
        }

        return need;
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

    /// <summary>Candidate location indexes per unit, ascending (every member allowed by every hard rule, enough beds; the best ones only when pruned).</summary>
    public int[][] Candidates { get; }

    /// <summary>Candidate arcs in the model (after pruning, when pruned; see <see cref="FullArcCount"/>).</summary>
    public long ArcCount { get; private set; }

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

/// <summary>
/// Candidate pruning for very large instances: when the estimated candidate arcs exceed
/// <paramref name="AboveArcs"/>, each unit keeps its <paramref name="ArcsPerUnit"/> best arcs in
/// lexicographic tier order (plus its current location); the solver prices every pruned arc with
/// reduced costs, adds those that could improve the model and proves the optimum or reports a bound.
/// </summary>
internal sealed record Pruning(long AboveArcs, int ArcsPerUnit)
{
    /// <summary>Pruning above 25 million estimated arcs (the national instance has 2.4 million), 32 arcs per unit.</summary>
    public static Pruning Default { get; } = new(25_000_000, 32);

    /// <summary>Rounds of pricing and re-solving before a bound is reported instead of a proof.</summary>
    public int PricingRounds { get; init; } = 3;

    /// <summary>Most pruned arcs added per unit and pricing round (the most negative reduced costs).</summary>
    public int ArcsAddedPerUnit { get; init; } = 8;
}

using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Rules;
using Spreidingswet.Placement.Rules.Criteria;

namespace Spreidingswet.Placement.Preparation;

/// <summary>
/// Placement units: a youth on its own, or a whole sibling group (placed together or not at all),
/// with the candidate locations every member may go to and the integer cost of each arc per tier.
/// </summary>
/// <remarks>
/// <para>Why a sibling group is one unit: the law places siblings together or not at all, so the group
/// is one decision. Contracting it makes the flow relaxation place it as one commodity of size
/// <c>|group|</c> (a split can still occur in the relaxation and is repaired or branched on later),
/// and the integer model gets one 0/1 variable per group and location instead of a linking
/// constraint per member.</para>
/// <para>Candidates (<c>Candidates.cs</c>): a location is a candidate of a unit when every hard rule
/// allows every member and it has beds for the whole unit; the costs per tier (<c>UnitScores.cs</c>)
/// are integers per unit of flow, scaled by <see cref="Scale"/> (the lcm of the group sizes) so that a
/// group's cost per member stays integral. Above the pruning threshold each unit keeps only its best
/// arcs (<c>Pruning.cs</c>); balance targets and ISK seats are planned in <c>BalancePlan.cs</c> and
/// <c>IskPlan.cs</c>, tier groups for the flow in <c>TierGroups.cs</c>.</para>
/// <para>The table is built once and read by the solvers; the one change after construction is
/// <see cref="AddArcs"/> (column generation for pruned candidates).</para>
/// </remarks>
internal sealed partial class Units
{
    public Units(ResolvedProblem problem, IReadOnlyList<Tier> tiers, ScoringContext context, Pruning? pruning = null)
    {
        Problem = problem;
        Tiers = tiers;
        _context = context;
        (Members, UnitOf) = FormUnits(problem);
        Scale = ScaleOf(Members);
        KeepApartInside = KeepApartInsideOf(problem, Members.Length, UnitOf);
        _rules = new CandidateRules(problem, Members, KeepApartInside);
        (ArcCost, UnplacedCost, UnitMaxArcCost) = AllocateCosts(tiers.Count, Members.Length);

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
            Candidates = AllCandidates();
            FullArcCount = Candidates.Sum(c => (long)c.Length);
        }

        ArcCount = Candidates.Sum(c => (long)c.Length);
        ScoreUnits(allKept);

        (BalanceNodes, LocationBalanceNode) = PlanBalance(problem);
        IskWeight = [.. tiers.Select(t => problem.IskSeats.Count == 0 ? 0 : t.Terms.Where(x => x.Criterion is IskSeatsCriterion).Sum(x => x.Weight))];
        (IskSeatsOfRegion, IskRegionOfLocation, IskNeed) = PlanIsk(problem, context);
        BalanceWeight = [.. tiers.Select(t => t.Terms.Where(x => x.Criterion is BalanceCriterion).Sum(x => x.Weight))];
        (Groups, Multiplier) = PlanGroups(problem.Locations.Length);
        GroupBalanceWeight = [.. Groups.Select(g => g.Aggregate(0L, (sum, t) => checked(sum + (Multiplier[t] * BalanceWeight[t] * Scale))))];
        GroupArcCost = new long[Groups.Length][][];
        GroupUnplacedCost = new long[Groups.Length][];
        CombineGroupCosts();
    }

    /// <summary>One unit per sibling group and per youth outside any group, ordered by their lowest youth index.</summary>
    private static (int[][] Members, int[] UnitOf) FormUnits(ResolvedProblem problem)
    {
        var inGroup = new HashSet<int>(problem.SiblingGroups.SelectMany(g => g));
        var list = new List<int[]>();
        foreach (var y in problem.Youths)
        {
            if (!inGroup.Contains(y.Index))
            {
                list.Add([y.Index]);
            }
        }

        list.AddRange(problem.SiblingGroups);
        int[][] members = [.. list.OrderBy(m => m.Min())];
        var unitOf = new int[problem.Youths.Length];
        for (var u = 0; u < members.Length; u++)
        {
            foreach (var m in members[u])
            {
                unitOf[m] = u;
            }
        }

        return (members, unitOf);
    }

    /// <summary>
    /// Sibling groups share a cost per unit of flow: every cost is scaled by the lcm of the group
    /// sizes so that (sum of member costs) / size stays an integer.
    /// </summary>
    private static long ScaleOf(int[][] members)
    {
        long scale = 1;
        foreach (var size in members.Select(m => m.Length).Distinct())
        {
            scale = checked(scale / Gcd(scale, size) * size);
        }

        return scale;
    }

    private static bool[] KeepApartInsideOf(ResolvedProblem problem, int units, int[] unitOf)
    {
        var keepApartInside = new bool[units];
        foreach (var (a, b) in problem.KeepApartPairs)
        {
            if (unitOf[a] == unitOf[b])
            {
                keepApartInside[unitOf[a]] = true;
            }
        }

        return keepApartInside;
    }

    private static (long[][][] ArcCost, long[][] UnplacedCost, long[][] UnitMaxArcCost) AllocateCosts(int tiers, int units)
    {
        var arcCost = new long[tiers][][];
        var unplacedCost = new long[tiers][];
        var unitMaxArcCost = new long[tiers][];
        for (var t = 0; t < tiers; t++)
        {
            arcCost[t] = new long[units][];
            unplacedCost[t] = new long[units];
            unitMaxArcCost[t] = new long[units];
        }

        return (arcCost, unplacedCost, unitMaxArcCost);
    }

    /// <summary>Every candidate arc of every unit under the hard rules (no pruning), in parallel.</summary>
    private int[][] AllCandidates()
    {
        var candidates = new int[Members.Length][];
        Parallel.For(0, Members.Length, () => new int[Problem.Locations.Length], (u, _, scratch) =>
        {
            candidates[u] = [.. scratch.AsSpan(0, _rules.Candidates(u, scratch))];
            return scratch;
        }, _ => { });
        return candidates;
    }

    private readonly ScoringContext _context;

    /// <summary>The scoring context the costs were computed with (location regions for the pooled second tier group).</summary>
    internal ScoringContext Context => _context;

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

    /// <summary>
    /// The unscaled cost of a whole unit at its candidate <paramref name="candidate"/> (-1: unplaced)
    /// in a tier: the scaled cost per member times the members, divided by the scale.
    /// </summary>
    public long UnitCost(int tier, int unit, int candidate)
    {
        long scaled = candidate < 0 ? UnplacedCost[tier][unit] : ArcCost[tier][unit][candidate];
        return scaled * Members[unit].Length / Scale;
    }

    private static long Gcd(long a, long b) => b == 0 ? a : Gcd(b, a % b);
}

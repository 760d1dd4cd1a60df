using Spreidingswet.Placement.Preparation;

namespace Spreidingswet.Placement.Solving.Flow;

// The network's layout, built once per model. Arcs are numbered in blocks so that an arc's kind
// follows from its index: per unit its candidate arcs then its unplaced arc (ArcStart[u] ..
// ArcStart[u + 1] - 1), one arc per location (LocationArcStart), two per balance node
// (BalanceArcStart: under target, over target), one per keep-apart gadget node (GadgetArcStart).
// Nodes: units, locations, balance nodes, the sink, then the gadget nodes.
internal sealed partial class LexicographicFlow
{
    public LexicographicFlow(Units units)
    {
        _units = units;
        (_iskGroup, _iskTier) = FindIskCriterion(units);
        _arcCost = _iskGroup >= 0 ? CopyForIskPrices(units.GroupArcCost, _iskGroup) : units.GroupArcCost;
        _locations = units.Problem.Locations.Length;
        _balance = units.BalanceNodes.Length;
        _sink = units.Count + _locations + _balance;
        ArcStart = UnitArcStarts(units);
        LocationArcStart = ArcStart[units.Count];
        BalanceArcStart = LocationArcStart + _locations;
        GadgetArcStart = BalanceArcStart + (2 * _balance);
        var gadgets = KeepApartGadgets(units);
        NodeCount = _sink + 1 + gadgets.Count;
        ArcCount = GadgetArcStart + gadgets.Count;
        Tail = new int[ArcCount];
        Head = new int[ArcCount];
        Capacity = new long[ArcCount];
        SetUnitArcs();
        SetGadgetArcs(gadgets);
        SetLocationArcs();
        SetBalanceArcs();
    }

    private FlowSkeleton? _skeleton;

    /// <summary>The network's fixed adjacency for shortest-path repairs, built once and shared (read-only) by every search over it.</summary>
    internal FlowSkeleton Skeleton
    {
        get
        {
            var built = Volatile.Read(ref _skeleton);
            if (built is null)
            {
                Interlocked.CompareExchange(ref _skeleton, new FlowSkeleton(_units, this), null);
                built = _skeleton!;
            }

            return built;
        }
    }

    /// <summary>The first tier group (and its tier) whose objective weighs ISK seats, or (-1, 0) when seats are not counted.</summary>
    private static (int Group, int Tier) FindIskCriterion(Units units)
    {
        if (units.IskNeed is null)
        {
            return (-1, 0);
        }

        for (var g = 0; g < units.Groups.Length; g++)
        {
            foreach (var t in units.Groups[g])
            {
                if (units.IskWeight[t] > 0)
                {
                    return (g, t);
                }
            }
        }

        return (-1, 0);
    }

    /// <summary>The arc costs with the ISK group's own copy, so that its prices can be written without touching the model's.</summary>
    private static long[][][] CopyForIskPrices(long[][][] groupArcCost, int iskGroup)
    {
        var copy = (long[][][])groupArcCost.Clone();
        copy[iskGroup] = [.. groupArcCost[iskGroup].Select(c => (long[])c.Clone())];
        return copy;
    }

    /// <summary>Per unit its first arc (candidates, then unplaced); the last entry is the first location arc.</summary>
    private static int[] UnitArcStarts(Units units)
    {
        var arcs = 0;
        var start = new int[units.Count + 1];
        for (var u = 0; u < units.Count; u++)
        {
            start[u] = arcs;
            arcs += units.Candidates[u].Length + 1; // candidates, then unplaced
        }

        start[units.Count] = arcs;
        return start;
    }

    /// <summary>
    /// Keep-apart gadgets: for a pair of units (each in at most one gadget pair), every location
    /// both may go to gets a node that both units' arcs into it pass through, with room for one of
    /// them only. The relaxation then keeps these pairs apart exactly; other pairs are left to the
    /// branch and bound.
    /// </summary>
    private static List<(int A, int KA, int B, int KB, int Location)> KeepApartGadgets(Units units)
    {
        var gadgets = new List<(int A, int KA, int B, int KB, int Location)>();
        var inGadget = new bool[units.Count];
        foreach (var (ya, yb) in units.Problem.KeepApartPairs)
        {
            var (ua, ub) = (units.UnitOf[ya], units.UnitOf[yb]);
            if (ua == ub || inGadget[ua] || inGadget[ub])
            {
                continue;
            }

            inGadget[ua] = inGadget[ub] = true;
            var candidatesB = units.Candidates[ub];
            for (var ka = 0; ka < units.Candidates[ua].Length; ka++)
            {
                var kb = Array.BinarySearch(candidatesB, units.Candidates[ua][ka]);
                if (kb >= 0)
                {
                    gadgets.Add((ua, ka, ub, kb, units.Candidates[ua][ka]));
                }
            }
        }

        return gadgets;
    }

    /// <summary>Unit -> candidate location and unit -> sink (unplaced), capacity = the unit's size.</summary>
    private void SetUnitArcs()
    {
        for (var u = 0; u < _units.Count; u++)
        {
            var size = _units.Members[u].Length;
            var k = 0;
            for (; k < _units.Candidates[u].Length; k++)
            {
                SetArc(ArcStart[u] + k, u, _units.Count + _units.Candidates[u][k], size);
            }

            SetArc(ArcStart[u] + k, u, _sink, size);
        }
    }

    /// <summary>Both units' arcs into a shared location are redirected to its gadget node, which leads on with room for the larger of them.</summary>
    private void SetGadgetArcs(List<(int A, int KA, int B, int KB, int Location)> gadgets)
    {
        for (var i = 0; i < gadgets.Count; i++)
        {
            var (a, ka, b, kb, location) = gadgets[i];
            var node = _sink + 1 + i;
            Head[ArcStart[a] + ka] = node;
            Head[ArcStart[b] + kb] = node;
            SetArc(GadgetArcStart + i, node, _units.Count + location, Math.Max(_units.Members[a].Length, _units.Members[b].Length));
        }
    }

    /// <summary>Location -> its municipality/province balance node (or the sink), capacity = beds.</summary>
    private void SetLocationArcs()
    {
        for (var l = 0; l < _locations; l++)
        {
            var node = _units.LocationBalanceNode[l];
            SetArc(LocationArcStart + l, _units.Count + l, node < 0 ? _sink : BalanceNode(node), _units.Problem.Locations[l].Beds);
        }
    }

    /// <summary>Balance node -> next node up: free room under the target at no cost, the rest (up to all supply) at the weight.</summary>
    private void SetBalanceArcs()
    {
        var totalSupply = _units.Members.Sum(m => (long)m.Length);
        for (var b = 0; b < _balance; b++)
        {
            var parent = _units.BalanceNodes[b].Parent;
            var head = parent < 0 ? _sink : BalanceNode(parent);
            SetArc(BalanceArcStart + (2 * b), BalanceNode(b), head, _units.BalanceNodes[b].Free);
            SetArc(BalanceArcStart + (2 * b) + 1, BalanceNode(b), head, totalSupply);
        }
    }

    private void SetArc(int a, int tail, int head, long capacity)
    {
        Tail[a] = tail;
        Head[a] = head;
        Capacity[a] = capacity;
    }

    private int BalanceNode(int b) => _units.Count + _locations + b;
}

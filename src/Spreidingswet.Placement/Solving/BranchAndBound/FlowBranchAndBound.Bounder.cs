namespace Spreidingswet.Placement.Solving.BranchAndBound;

/// <summary>
/// The bounder (and the branching choice it feeds): the node's value is the relaxation's optimum
/// with the node's arcs forbidden, a lower bound for its subtree; each remaining violation of a side
/// constraint adds the least reduced-cost excess of resolving it. Why the sum is still a bound: every
/// residual arc has a lexicographically non-negative reduced cost (the potentials are optimal duals),
/// so resolving a violation costs at least its excess over the current flow in reduced costs, and
/// violations on disjoint units cannot share a move, so their excesses add (a greedy packing, largest
/// first, keeps it disjoint).
/// </summary>
internal sealed partial class FlowBranchAndBound
{
    /// <summary>
    /// The node's lower bound and, when a side constraint is violated, the children to try (each a
    /// set of arcs to forbid), cheaper first.
    /// </summary>
    private (LexVec Bound, List<int[]>? Children) Evaluate()
    {
        var violations = new List<Violation>();
        if (!FindViolations(violations))
        {
            return (LexVec.Infinite, null);
        }

        if (violations.Count == 0)
        {
            return (_value, null);
        }

        // Disjoint violations add up; take the largest excesses first.
        violations.Sort((x, y) => y.Excess.CompareTo(x.Excess, _groups));
        var bound = AddDisjointExcesses(violations);

        // Branch on the most expensive violation: its cheaper resolution first.
        var chosen = violations[0];

        return (bound, [chosen.First, chosen.Second]);
    }

    /// <summary>Every split group and every keep-apart pair sharing a location; false when one of them cannot be resolved (the node is infeasible).</summary>
    private bool FindViolations(List<Violation> violations)
    {
        for (var u = 0; u < _unitCount; u++)
        {
            if (_used[u] <= 1 && _keepApart[u].Count == 0)
            {
                continue; // whole and in no keep-apart pair: nothing to check
            }

            var (used, main) = MainArc(u);
            if (used > 1)
            {
                if (!AddSplitGroup(u, main, violations))
                {
                    return false;
                }

                continue;
            }

            var location = main >= 0 ? _locationOfArc[main] : -1;
            if (location >= 0 && !AddKeepApartPairs(u, main, location, violations))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>How many of unit <paramref name="u"/>'s arcs carry flow, and the one carrying most (the first of equals), or -1.</summary>
    private (int Used, int Main) MainArc(int u)
    {
        var used = 0;
        var main = -1;
        for (var a = _net.ArcStart[u]; a < _net.ArcStart[u + 1]; a++)
        {
            if (_flow[a] > 0)
            {
                used++;
                if (main < 0 || _flow[a] > _flow[main])
                {
                    main = a;
                }
            }
        }

        return (used, main);
    }

    /// <summary>Split group: all of it on its main arc, or none of it there; false when neither is possible.</summary>
    private bool AddSplitGroup(int u, int main, List<Violation> violations)
    {
        var others = new List<int>();
        for (var a = _net.ArcStart[u]; a < _net.ArcStart[u + 1]; a++)
        {
            if (a != main && !_forbidden[a])
            {
                others.Add(a);
            }
        }

        var stay = CheapestMove(u, -1, main);
        var leave = CheapestMove(u, main, -1);
        var excess = LexVec.Min(stay, leave);
        if (excess.CompareTo(LexVec.Infinite, _groups) >= 0)
        {
            return false;
        }

        violations.Add(stay.CompareTo(leave, _groups) <= 0
            ? new Violation(excess, u, -1, [.. others], [main])
            : new Violation(excess, u, -1, [main], [.. others]));
        return true;
    }

    /// <summary>Keep-apart pairs of unit <paramref name="u"/> (each pair once) placed together at <paramref name="location"/>: one of the two moves; false when neither can.</summary>
    private bool AddKeepApartPairs(int u, int main, int location, List<Violation> violations)
    {
        foreach (var (partner, _) in _keepApart[u])
        {
            if (partner < u)
            {
                continue; // each pair once
            }

            var partnerArc = ArcInto(partner, location);
            if (partnerArc < 0)
            {
                continue;
            }

            var moveU = CheapestMove(u, main, -1);
            var movePartner = CheapestMove(partner, partnerArc, -1);
            if (LexVec.Min(moveU, movePartner).CompareTo(LexVec.Infinite, _groups) >= 0)
            {
                return false;
            }

            violations.Add(moveU.CompareTo(movePartner, _groups) <= 0
                ? new Violation(moveU, u, partner, [main], [partnerArc])
                : new Violation(movePartner, u, partner, [partnerArc], [main]));
        }

        return true;
    }

    /// <summary>The node's value plus the excesses of violations on disjoint units, taken in list order (largest first).</summary>
    private LexVec AddDisjointExcesses(List<Violation> violations)
    {
        var taken = new HashSet<int>();
        var bound = _value;
        foreach (var o in violations)
        {
            if (taken.Contains(o.UnitA) || (o.UnitB >= 0 && taken.Contains(o.UnitB)))
            {
                continue;
            }

            taken.Add(o.UnitA);
            if (o.UnitB >= 0)
            {
                taken.Add(o.UnitB);
            }

            bound = bound.Add(o.Excess);
        }

        return bound;
    }

    /// <summary>The arc of unit <paramref name="u"/> into a location carrying flow, or -1.</summary>
    private int ArcInto(int u, int location)
    {
        for (var a = _net.ArcStart[u]; a < _net.ArcStart[u + 1]; a++)
        {
            if (_flow[a] > 0 && _locationOfArc[a] == location)
            {
                return a;
            }
        }

        return -1;
    }

    /// <summary>
    /// Least reduced-cost excess of moving all of unit <paramref name="u"/> onto one allowed arc
    /// other than <paramref name="avoid"/> (or only onto <paramref name="only"/> when >= 0).
    /// </summary>
    private LexVec CheapestMove(int u, int avoid, int only)
    {
        var size = _units.Members[u].Length;
        var used = default(LexVec);
        for (var a = _net.ArcStart[u]; a < _net.ArcStart[u + 1]; a++)
        {
            if (_flow[a] > 0)
            {
                used = used.Add(ReducedCost(a).Scale(_flow[a]));
            }
        }

        LexVec? best = null;
        for (var a = _net.ArcStart[u]; a < _net.ArcStart[u + 1]; a++)
        {
            if (a == avoid || _forbidden[a] || (only >= 0 && a != only))
            {
                continue;
            }

            var excess = ReducedCost(a).Scale(size).Subtract(used);
            if (best is null || excess.CompareTo(best.Value, _groups) < 0)
            {
                best = excess;
            }
        }

        // No allowed arc: the child is infeasible; a huge excess orders it last.
        return best ?? LexVec.Infinite;
    }
    /// <summary>
    /// One violated side constraint: the least excess of resolving it, the units involved
    /// (<see cref="UnitB"/> -1 for a split group) and the two children, each a set of arcs to forbid,
    /// the cheaper resolution first.
    /// </summary>
    private readonly record struct Violation(LexVec Excess, int UnitA, int UnitB, int[] First, int[] Second);
}

using Spreidingswet.Placement.Preparation;
using Spreidingswet.Placement.Solving.Flow;

namespace Spreidingswet.Placement.Solving.UnitModel;

/// <summary>
/// The zero-reduced-cost core of a side-constrained problem: the unit arcs that a solution at the
/// relaxation's value can use, by the reduced costs of the relaxation's optimal flow.
/// </summary>
/// <remarks>
/// For any flow x with the relaxation's supplies and every tier group h, value_h(x) - value_h(x*) =
/// sum over arcs of rc_h(a) (x_a - x*_a) (the potentials telescope), and every term's vector over the
/// groups is lexicographically non-negative (x* is lexicographically optimal: an arc below its upper
/// bound has rc &gt;=lex 0, one above its lower bound rc &lt;=lex 0). An assignment at the relaxation's
/// value in every group therefore has every term zero: each unit arc it uses without relaxation flow
/// has reduced cost 0 in every group, and so has its "unplaced" arc if it stays unplaced without
/// relaxation flow there. A feasible assignment of the unit model on these arcs whose tier values meet
/// the relaxation's bounds is optimal over every candidate arc, proven by the relaxation's bound.
/// </remarks>
internal static class CoreArcs
{
    /// <param name="units">The units and their candidates.</param>
    /// <param name="flow">The relaxation network (arc layout).</param>
    /// <param name="root">The relaxation's optimal flow with its reduced costs per tier group.</param>
    /// <returns>
    /// Arcs per unit (locations ascending), whether each unit may stay unplaced, the units with a
    /// choice (more than one option) and the arcs kept.
    /// </returns>
    public static (int[][] Arcs, bool[] MayStayUnplaced, int FreeUnits, long ArcCount) AtBound(Units units, LexicographicFlow flow, FlowResult root)
    {
        var arcs = new int[units.Count][];
        var unplaced = new bool[units.Count];
        var free = 0;
        long count = 0;
        var keep = new List<int>();
        for (var u = 0; u < units.Count; u++)
        {
            keep.Clear();
            var candidates = units.Candidates[u];
            for (var k = 0; k < candidates.Length; k++)
            {
                if (Open(root, flow.ArcStart[u] + k))
                {
                    keep.Add(candidates[k]);
                }
            }

            arcs[u] = [.. keep];
            unplaced[u] = Open(root, flow.ArcStart[u] + candidates.Length);
            free += arcs[u].Length + (unplaced[u] ? 1 : 0) > 1 ? 1 : 0;
            count += arcs[u].Length;
        }

        return (arcs, unplaced, free, count);
    }

    /// <summary>
    /// A neighbourhood of the core: the units the side constraints involve (split by the relaxation,
    /// or sharing a location with a keep-apart partner) keep their zero-reduced-cost arcs, and so do
    /// the units the relaxation places at a location those arcs reach, over <paramref name="rings"/>
    /// rings; every other unit is held at its relaxation location. Any assignment of it at the
    /// relaxation's bound is one of the core (and so optimal); with fewer units free it is found faster.
    /// </summary>
    public static (int[][] Arcs, bool[] MayStayUnplaced, int FreeUnits, long ArcCount) Neighbourhood(Units units, LexicographicFlow flow, FlowResult root, int rings)
    {
        var (open, openUnplaced, _, _) = AtBound(units, flow, root);
        var locations = units.Problem.Locations.Length;
        var placedAt = new List<int>[units.Count]; // relaxation locations per unit
        var atLocation = new List<int>[locations];
        for (var l = 0; l < locations; l++)
        {
            atLocation[l] = [];
        }

        var free = new bool[units.Count];
        for (var u = 0; u < units.Count; u++)
        {
            placedAt[u] = [];
            var candidates = units.Candidates[u];
            for (var k = 0; k < candidates.Length; k++)
            {
                if (root.Flow[flow.ArcStart[u] + k] > 0)
                {
                    placedAt[u].Add(candidates[k]);
                    atLocation[candidates[k]].Add(u);
                }
            }

            free[u] = placedAt[u].Count + (root.Flow[flow.ArcStart[u] + candidates.Length] > 0 ? 1 : 0) > 1;
        }

        foreach (var (a, b) in units.Problem.KeepApartPairs)
        {
            var (ua, ub) = (units.UnitOf[a], units.UnitOf[b]);
            if (ua != ub && placedAt[ua].Intersect(placedAt[ub]).Any())
            {
                free[ua] = free[ub] = true;
            }
        }

        var reached = new bool[locations];
        for (var ring = 0; ring < rings; ring++)
        {
            for (var u = 0; u < units.Count; u++)
            {
                if (free[u])
                {
                    foreach (var l in open[u])
                    {
                        reached[l] = true;
                    }
                }
            }

            for (var l = 0; l < locations; l++)
            {
                if (reached[l])
                {
                    foreach (var u in atLocation[l])
                    {
                        free[u] = true;
                    }
                }
            }
        }

        var arcs = new int[units.Count][];
        var unplaced = new bool[units.Count];
        var freeUnits = 0;
        long count = 0;
        for (var u = 0; u < units.Count; u++)
        {
            arcs[u] = free[u] ? open[u] : [.. placedAt[u]];
            unplaced[u] = free[u] ? openUnplaced[u] : placedAt[u].Count == 0;
            freeUnits += arcs[u].Length + (unplaced[u] ? 1 : 0) > 1 ? 1 : 0;
            count += arcs[u].Length;
        }

        return (arcs, unplaced, freeUnits, count);
    }

    /// <summary>
    /// Per location, the load an assignment at the relaxation's value must have (its location arc's
    /// reduced cost is non-zero in some group, so its term is zero only at the relaxation's flow), or
    /// -1 where any load within the beds keeps the term zero.
    /// </summary>
    public static long[] ExactLoads(Units units, LexicographicFlow flow, FlowResult root)
    {
        var loads = new long[units.Problem.Locations.Length];
        for (var l = 0; l < loads.Length; l++)
        {
            var arc = flow.LocationArcStart + l;
            loads[l] = root.ReducedCost.Any(rc => rc[arc] != 0) ? root.Flow[arc] : -1;
        }

        return loads;
    }

    private static bool Open(FlowResult root, int arc)
    {
        if (root.Flow[arc] > 0)
        {
            return true;
        }

        foreach (var rc in root.ReducedCost)
        {
            if (rc[arc] != 0)
            {
                return false;
            }
        }

        return true;
    }
}

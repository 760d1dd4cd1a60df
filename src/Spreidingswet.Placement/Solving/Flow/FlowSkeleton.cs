using Spreidingswet.Placement.Preparation;

namespace Spreidingswet.Placement.Solving.Flow;

/// <summary>
/// What a branch and bound needs of a network besides the flow: the location of each unit arc, the
/// arcs into and out of each node that are not unit -> location arcs, and each unit's keep-apart
/// partners. Independent of the flow, so one serves every search (and every re-plan of a session).
/// </summary>
internal sealed class FlowSkeleton
{
    public FlowSkeleton(Units units, LexicographicFlow net)
    {
        var unitCount = units.Count;
        LocationOfArc = new int[net.LocationArcStart];
        var staticIn = new List<int>[net.NodeCount];
        var outgoing = new List<int>[net.NodeCount];
        for (var n = 0; n < net.NodeCount; n++)
        {
            staticIn[n] = [];
            outgoing[n] = [];
        }

        for (var u = 0; u < unitCount; u++)
        {
            var candidates = units.Candidates[u];
            for (var a = net.ArcStart[u]; a < net.ArcStart[u + 1]; a++)
            {
                var k = a - net.ArcStart[u];
                LocationOfArc[a] = k < candidates.Length ? candidates[k] : -1;
                if (LocationOfArc[a] < 0 || net.Head[a] != net.LocationNode(LocationOfArc[a]))
                {
                    staticIn[net.Head[a]].Add(a); // unplaced arcs, arcs into keep-apart gadgets
                }
            }
        }

        for (var a = net.LocationArcStart; a < net.ArcCount; a++)
        {
            staticIn[net.Head[a]].Add(a);
            outgoing[net.Tail[a]].Add(a);
        }

        StaticIn = [.. staticIn.Select(l => l.ToArray())];
        Out = [.. outgoing.Select(l => l.ToArray())];
        var keepApart = new List<(int Partner, int Unit)>[unitCount];
        for (var u = 0; u < unitCount; u++)
        {
            keepApart[u] = [];
        }

        foreach (var (a, b) in units.Problem.KeepApartPairs)
        {
            var ua = units.UnitOf[a];
            var ub = units.UnitOf[b];
            if (ua != ub)
            {
                keepApart[ua].Add((ub, ua));
                keepApart[ub].Add((ua, ub));
            }
        }

        KeepApart = keepApart;
    }

    /// <summary>Per unit arc: its location index, -1 for the unplaced arc.</summary>
    public int[] LocationOfArc { get; }

    /// <summary>Per node: incoming arcs that are not unit -> location arcs.</summary>
    public int[][] StaticIn { get; }

    /// <summary>Per node: outgoing arcs that are not unit arcs.</summary>
    public int[][] Out { get; }

    /// <summary>Per unit: (partner unit, this unit) for each keep-apart pair across units.</summary>
    public IReadOnlyList<(int Partner, int Unit)>[] KeepApart { get; }
}

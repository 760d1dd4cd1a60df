using Google.OrTools.Graph;
using Spreidingswet.Placement.Preparation;

namespace Spreidingswet.Placement.Solving.Flow;

/// <summary>
/// A tier group of a pruned model in which no placement arc costs anything (unplaced and priority),
/// solved exactly over every candidate arc. Its optimum depends only on who is placed, so units with
/// the same full candidate set (the same hard-rule profile) share one profile node: unit -> profile
/// (its size, cost 0), unit -> sink (its unplaced cost), profile -> each of its candidate locations
/// (cost 0), then the network's own location and balance arcs. Keep-apart gadgets are left out, so
/// the optimum is a lower bound for the model with every candidate arc. When the pruned network
/// reaches it, the pruned flow is optimal for this network too, and by LP duality it meets
/// complementary slackness with this network's potentials, each unit taking its profile's: those
/// potentials price every candidate arc, kept or pruned, at a reduced cost >= 0.
/// </summary>
internal static class ProfileFlow
{
    /// <summary>Extra columns per unit with keep-apart partners (locations its profile's optimum uses).</summary>
    private const int PartnerColumns = 8;

    /// <summary>
    /// The group's optimum over every candidate arc (scaled); potentials of the pruned network's
    /// nodes up to the sink (units, locations, balance nodes, sink; gadget nodes take their
    /// location's); the size of the profile network; the optimum split over the units (per unit:
    /// location and flow); the flow on the location and balance arcs (in the network's order); and
    /// per unit the locations of its split that it does not keep: the columns that let the kept arcs
    /// reach the optimum.
    /// </summary>
    internal sealed record Result(long Value, long[] Potential, int Profiles, long Arcs, (int Location, long Amount)[][] Split, long[] OtherFlow,
        IReadOnlyDictionary<int, int[]> Missing);

    /// <summary>Solves the group (placement arcs must cost nothing in it: <see cref="Units.ArcFree"/>) on the profile network; null on a hash collision.</summary>
    public static Result? Solve(Units units, LexicographicFlow net, int group)
    {
        var count = units.Count;
        var locations = units.Problem.Locations.Length;

        // Profiles: units with the same full candidate set (hashed, then verified exactly).
        var hash = new ulong[count];
        var size = new int[count];
        Parallel.For(0, count, () => new int[locations], (u, _, scratch) =>
        {
            var n = units.FullCandidates(u, scratch);
            size[u] = n;
            hash[u] = Hash(scratch.AsSpan(0, n));
            return scratch;
        }, _ => { });

        var profileOf = new int[count];
        var keys = new Dictionary<(ulong Hash, int Size), int>();
        var representative = new List<int>();
        for (var u = 0; u < count; u++)
        {
            if (size[u] == 0)
            {
                profileOf[u] = -1;
                continue;
            }

            if (!keys.TryGetValue((hash[u], size[u]), out var p))
            {
                p = representative.Count;
                keys[(hash[u], size[u])] = p;
                representative.Add(u);
            }

            profileOf[u] = p;
        }

        var profileLocations = new int[representative.Count][];
        for (var p = 0; p < profileLocations.Length; p++)
        {
            var scratch = new int[locations];
            profileLocations[p] = scratch[..units.FullCandidates(representative[p], scratch)];
        }

        var collision = false;
        Parallel.For(0, count, () => new int[locations], (u, _, scratch) =>
        {
            if (profileOf[u] >= 0 && u != representative[profileOf[u]])
            {
                var n = units.FullCandidates(u, scratch);
                if (!scratch.AsSpan(0, n).SequenceEqual(profileLocations[profileOf[u]]))
                {
                    Volatile.Write(ref collision, true);
                }
            }

            return scratch;
        }, _ => { });
        if (collision)
        {
            return null;
        }

        // The profile network: the pruned network's nodes (its gadget nodes unused), then one node per profile.
        var profileNode = net.NodeCount;
        var nodes = profileNode + profileLocations.Length;
        var profileSupply = new long[profileLocations.Length];
        var toProfile = new int[count];
        using var solver = new Google.OrTools.Graph.MinCostFlow();
        var tails = new List<int>();
        var heads = new List<int>();
        var costs = new List<long>();
        var caps = new List<long>();
        void Add(int tail, int head, long capacity, long cost)
        {
            solver.AddArcWithCapacityAndUnitCost(tail, head, capacity, cost);
            tails.Add(tail);
            heads.Add(head);
            caps.Add(capacity);
            costs.Add(cost);
        }

        long total = 0;
        for (var u = 0; u < count; u++)
        {
            var members = units.Members[u].Length;
            total += members;
            solver.SetNodeSupply(u, members);
            Add(u, net.Sink, members, units.GroupUnplacedCost[group][u]);
            if (profileOf[u] >= 0)
            {
                toProfile[u] = tails.Count;
                Add(u, profileNode + profileOf[u], members, 0);
                profileSupply[profileOf[u]] += members;
            }
        }

        solver.SetNodeSupply(net.Sink, -total);
        var firstProfileArc = tails.Count;
        for (var p = 0; p < profileLocations.Length; p++)
        {
            foreach (var l in profileLocations[p])
            {
                Add(profileNode + p, net.LocationNode(l), profileSupply[p] + 1, 0); // never full: its forward residual arc always exists
            }
        }

        var firstOtherArc = tails.Count;
        for (var a = net.LocationArcStart; a < net.GadgetArcStart; a++)
        {
            Add(net.Tail[a], net.Head[a], net.Capacity[a], net.Cost(group, a));
        }

        var arcs = tails.Count;
        var status = solver.Solve();
        if (status != MinCostFlowBase.Status.OPTIMAL)
        {
            throw new InvalidOperationException($"Min-cost flow returned {status} on the profile network of tier group {group}; it is feasible by construction.");
        }

        var flow = new long[tails.Count];
        long value = 0;
        var rt = new List<int>();
        var rh = new List<int>();
        var rw = new List<long>();
        for (var i = 0; i < tails.Count; i++)
        {
            var f = solver.Flow(i);
            flow[i] = f;
            value = checked(value + (f * costs[i]));
            Residual.Add(rt, rh, rw, tails[i], heads[i], costs[i], f < caps[i], f > 0);
        }

        var dist = Residual.Potentials(nodes, rt, rh, rw);
        var potential = dist[..(net.Sink + 1)];
        for (var u = 0; u < count; u++)
        {
            if (profileOf[u] >= 0)
            {
                potential[u] = dist[profileNode + profileOf[u]];
            }
        }

        var tight = new bool[profileLocations.Length][];
        for (var p = 0; p < tight.Length; p++)
        {
            tight[p] = [.. profileLocations[p].Select(l => dist[profileNode + p] == dist[net.LocationNode(l)])];
        }

        var split = SplitOverUnits(units, profileOf, toProfile, firstProfileArc, profileLocations, tight, flow, out var missing);
        return new Result(value, potential, profileLocations.Length, arcs, split, flow[firstOtherArc..], missing);
    }

    /// <summary>
    /// Splits each profile's flow over its units: a unit takes the profile's flow at locations it
    /// keeps first, then elsewhere, never where a keep-apart partner went (the profile network ignores
    /// those pairs, the pruned network holds some). <paramref name="missing"/>: per unit the
    /// locations it gets but does not keep.
    /// </summary>
    private static (int Location, long Amount)[][] SplitOverUnits(Units units, int[] profileOf, int[] toProfile, int firstProfileArc, int[][] profileLocations, bool[][] tight, long[] flow,
        out Dictionary<int, int[]> missing)
    {
        var left = new Dictionary<int, long>[profileLocations.Length];
        var arc = firstProfileArc;
        for (var p = 0; p < profileLocations.Length; p++)
        {
            left[p] = [];
            foreach (var l in profileLocations[p])
            {
                if (flow[arc] > 0)
                {
                    left[p][l] = flow[arc];
                }

                arc++;
            }
        }

        var partners = new Dictionary<int, List<int>>();
        foreach (var (a, b) in units.Problem.KeepApartPairs)
        {
            var (ua, ub) = (units.UnitOf[a], units.UnitOf[b]);
            if (ua != ub)
            {
                (partners.TryGetValue(ua, out var la) ? la : partners[ua] = []).Add(ub);
                (partners.TryGetValue(ub, out var lb) ? lb : partners[ub] = []).Add(ua);
            }
        }

        var split = new (int Location, long Amount)[units.Count][];
        missing = [];
        var parts = new List<(int Location, long Amount)>();
        var extra = new List<int>();
        for (var u = 0; u < units.Count; u++)
        {
            split[u] = [];
            extra.Clear();
            if (profileOf[u] < 0)
            {
                continue;
            }

            var pool = left[profileOf[u]];
            var need = flow[toProfile[u]];
            var avoid = partners.TryGetValue(u, out var mine)
                ? mine.Where(v => v < u).SelectMany(v => split[v].Select(x => x.Location)).ToHashSet()
                : null;
            parts.Clear();
            void Take(int l)
            {
                if (need > 0 && pool.TryGetValue(l, out var amount) && (avoid is null || !avoid.Contains(l)))
                {
                    var take = Math.Min(need, amount);
                    need -= take;
                    if (take == amount)
                    {
                        pool.Remove(l);
                    }
                    else
                    {
                        pool[l] = amount - take;
                    }

                    parts.Add((l, take));
                }
            }

            foreach (var l in units.Candidates[u])
            {
                Take(l);
            }

            if (need > 0)
            {
                var pick = new List<int>();
                long found = 0;
                foreach (var (l, amount) in pool)
                {
                    if (avoid is null || !avoid.Contains(l))
                    {
                        pick.Add(l);
                        found += amount;
                        if (found >= need)
                        {
                            break;
                        }
                    }
                }

                foreach (var l in pick)
                {
                    Take(l);
                    extra.Add(l);
                }
            }

            if (mine is not null)
            {
                // A unit with keep-apart partners: where the split could only send it next to a
                // partner it goes there all the same, and a few more of its profile's locations
                // whose arcs the profile potentials leave open (reduced cost 0) become columns, so
                // that the pruned network can keep the pair apart at the same cost.
                avoid = null;
                foreach (var l in pool.Keys.ToArray())
                {
                    Take(l);
                    if (need == 0)
                    {
                        break;
                    }
                }

                var p = profileOf[u];
                extra.AddRange(profileLocations[p].Where((l, i) => tight[p][i] && Array.BinarySearch(units.Candidates[u], l) < 0).Take(PartnerColumns));

                extra.AddRange(parts.Select(x => x.Location));
                extra.RemoveAll(l => Array.BinarySearch(units.Candidates[u], l) >= 0);
                extra = [.. extra.Distinct()];
            }

            split[u] = [.. parts];
            if (extra.Count > 0)
            {
                missing[u] = [.. extra];
            }
        }

        return split;
    }

    /// <summary>FNV-1a over the location indexes, 64 bits.</summary>
    private static ulong Hash(ReadOnlySpan<int> locations)
    {
        var h = 14695981039346656037UL;
        foreach (var l in locations)
        {
            h = unchecked((h ^ (uint)l) * 1099511628211UL);
        }

        return h;
    }
}

using Spreidingswet.Placement.Preparation;

namespace Spreidingswet.Placement.Solving.Flow;

internal static partial class ProfileFlow
{
    /// <summary>
    /// Splits each profile's flow over its units: a unit takes the profile's flow at locations it
    /// keeps first, then elsewhere, never where a keep-apart partner went (the profile network ignores
    /// those pairs, the pruned network holds some). <paramref name="missing"/>: per unit the
    /// locations it gets but does not keep.
    /// </summary>
    private static (int Location, long Amount)[][] SplitOverUnits(Units units, int[] profileOf, int[] toProfile, int firstProfileArc, int[][] profileLocations, bool[][] tight, long[] flow,
        out Dictionary<int, int[]> missing)
    {
        var left = FlowLeftPerProfile(profileLocations, firstProfileArc, flow);
        var partners = KeepApartPartners(units);
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
            foreach (var l in units.Candidates[u])
            {
                Take(l, pool, ref need, avoid, parts);
            }

            if (need > 0)
            {
                TakeElsewhere(pool, ref need, avoid, parts, extra);
            }

            if (mine is not null)
            {
                var p = profileOf[u];
                extra = TakeNextToPartners(units.Candidates[u], profileLocations[p], tight[p], pool, ref need, parts, extra);
            }

            split[u] = [.. parts];
            if (extra.Count > 0)
            {
                missing[u] = [.. extra];
            }
        }

        // A unit that had to go next to a partner swaps that share with another unit's elsewhere:
        // placement arcs cost nothing in this group, and where both new arcs are tight (reduced cost
        // 0 for their profiles) the flows, the value and the potentials stay. Its new locations
        // become columns where not kept.
        bool Tight(int p, int l) => Array.BinarySearch(profileLocations[p], l) is var i and >= 0 && tight[p][i];
        var withPartners = partners.Keys.Where(u => profileOf[u] >= 0).Order().ToArray();
        var swapped = KeepApartSwaps.Separate(withPartners, partners, split, null,
            (u, _) => profileLocations[profileOf[u]].Where((_, i) => tight[profileOf[u]][i]),
            (_, w, _, to) => profileOf[w] >= 0 && Tight(profileOf[w], to));
        foreach (var u in swapped.Order())
        {
            var kept = units.Candidates[u];
            var added = split[u].Select(x => x.Location).Where(l => Array.BinarySearch(kept, l) < 0);
            var all = (missing.TryGetValue(u, out var had) ? had : []).Concat(added).Distinct().ToArray();
            if (all.Length > 0)
            {
                missing[u] = all;
            }
        }

        return split;
    }

    /// <summary>Per profile: its flow per location (where positive), from the profile -> location arcs in order.</summary>
    private static Dictionary<int, long>[] FlowLeftPerProfile(int[][] profileLocations, int firstProfileArc, long[] flow)
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

        return left;
    }

    /// <summary>Per unit: the units it is kept apart from (pairs across units, each listed on both sides).</summary>
    internal static Dictionary<int, List<int>> KeepApartPartners(Units units)
    {
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

        return partners;
    }

    /// <summary>Takes what the unit still needs (at most what is left) of the profile's flow at <paramref name="l"/>, unless a partner went there.</summary>
    private static void Take(int l, Dictionary<int, long> pool, ref long need, HashSet<int>? avoid, List<(int Location, long Amount)> parts)
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

    /// <summary>The rest from the profile's other locations (in the pool's order, away from partners), each noted as a missing column.</summary>
    private static void TakeElsewhere(Dictionary<int, long> pool, ref long need, HashSet<int>? avoid, List<(int Location, long Amount)> parts, List<int> extra)
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
            Take(l, pool, ref need, avoid, parts);
            extra.Add(l);
        }
    }

    /// <summary>
    /// A unit with keep-apart partners: where the split could only send it next to a partner it goes
    /// there all the same, and a few more of its profile's locations whose arcs the profile
    /// potentials leave open (reduced cost 0) become columns, so that the pruned network can keep the
    /// pair apart at the same cost. Returns the unit's missing columns (distinct, none it keeps).
    /// </summary>
    private static List<int> TakeNextToPartners(int[] kept, int[] profileLocations, bool[] tight, Dictionary<int, long> pool, ref long need,
        List<(int Location, long Amount)> parts, List<int> extra)
    {
        foreach (var l in pool.Keys.ToArray())
        {
            Take(l, pool, ref need, null, parts);
            if (need == 0)
            {
                break;
            }
        }

        extra.AddRange(profileLocations.Where((l, i) => tight[i] && Array.BinarySearch(kept, l) < 0).Take(PartnerColumns));

        extra.AddRange(parts.Select(x => x.Location));
        extra.RemoveAll(l => Array.BinarySearch(kept, l) >= 0);
        return [.. extra.Distinct()];
    }
}

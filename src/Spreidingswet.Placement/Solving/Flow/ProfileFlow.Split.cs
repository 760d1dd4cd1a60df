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
}

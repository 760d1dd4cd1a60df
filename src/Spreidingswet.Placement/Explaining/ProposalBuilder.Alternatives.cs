using System.Collections.Immutable;
using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Preparation;
using Spreidingswet.Placement.Rules;
using Spreidingswet.Placement.Rules.HardRules;

namespace Spreidingswet.Placement.Explaining;

/// <summary>
/// The alternatives of a placed youth: the best possible locations and the cheapest impossible ones,
/// with the codes that block them given the proposal's other placements (capacity, siblings,
/// keep-apart) besides the hard rules.
/// </summary>
internal sealed partial class ProposalBuilder
{
    /// <summary>With pruned candidates: the locations of each education region (code), where the alternatives are looked for besides the kept candidates.</summary>
    private readonly Dictionary<string, int[]>? _regionLocations;

    /// <summary>
    /// The locations whose alternatives are ranked for a youth: every location, or with pruned
    /// candidates (Germany's size) the unit's kept candidates (the best in lexicographic tier order),
    /// the locations in the youth's school region (else its current location's, else its proposed
    /// location's region) and its current location, so that the cheapest impossible ones nearby are
    /// still found.
    /// </summary>
    private int[] RankedLocations(ResolvedYouth youth, int proposed)
    {
        if (_regionLocations is null)
        {
            return _allLocations;
        }

        var region = youth.SchoolRegion ?? _problem.Locations[youth.CurrentLocation >= 0 ? youth.CurrentLocation : proposed].EducationRegion?.Code;
        IEnumerable<int> near = region is not null && _regionLocations.TryGetValue(region, out var inRegion) ? inRegion : [];
        if (youth.CurrentLocation >= 0)
        {
            near = near.Append(youth.CurrentLocation);
        }

        return [.. _units.Candidates[_units.UnitOf[youth.Index]].Concat(near).Distinct().Order()];
    }

    /// <summary>Per-thread buffers of the explanation loop (one slot per location).</summary>
    private sealed class Scratch(int locations)
    {
        public long[] Costs { get; } = new long[locations];

        public long[] Quick { get; } = new long[locations];

        public long[] Slow { get; } = new long[locations];

        public bool[] Candidate { get; } = new bool[locations];
    }

    /// <summary>The <paramref name="take"/> smallest of the first <paramref name="count"/> keys, ascending (one pass, a small sorted buffer).</summary>
    private static long[] Smallest(long[] keys, int count, int take)
    {
        var best = new long[Math.Min(take, count)];
        var filled = 0;
        for (var i = 0; i < count; i++)
        {
            var key = keys[i];
            if (filled == best.Length && (filled == 0 || key >= best[filled - 1]))
            {
                continue;
            }

            var at = filled < best.Length ? filled++ : filled - 1;
            while (at > 0 && best[at - 1] > key)
            {
                best[at] = best[at - 1];
                at--;
            }

            best[at] = key;
        }

        return best;
    }

    /// <summary>
    /// The first <paramref name="count"/> keys in ascending order, lazily: the few smallest by one
    /// pass with a small buffer (callers usually stop among them), the full sort only for a caller
    /// who reads on. Keys are distinct (the location's id rank is in the low bits), so the order is
    /// the full sort's.
    /// </summary>
    private static IEnumerable<long> Ascending(long[] keys, int count)
    {
        const int Few = 8;
        var few = Smallest(keys, count, Few);
        foreach (var key in few)
        {
            yield return key;
        }

        if (count <= Few)
        {
            yield break;
        }

        var last = few[^1];
        Array.Sort(keys, 0, count);
        for (var i = 0; i < count; i++)
        {
            if (keys[i] > last)
            {
                yield return keys[i];
            }
        }
    }
    private const int IdRankBits = 24;

    /// <summary>
    /// The next best locations for a youth placed in <paramref name="placed"/>: rank every other
    /// location by weighted cost (batch scoring; ties by location id), then look at hard rules only
    /// in that order until the best possible and the cheapest impossible alternatives are found.
    /// </summary>
    private ImmutableArray<Alternative> Alternatives(ResolvedYouth y, int placed, ImmutableSortedDictionary<string, long> criteria, int[] youthLocation, int[] load, Scratch scratch)
    {
        var ranked = RankedLocations(y, placed);
        var costs = scratch.Costs;
        Array.Clear(costs, 0, ranked.Length);
        AddCosts(y, ranked, costs);
        var (nq, ns) = SplitByCheapTest(y, placed, ranked, youthLocation, load, scratch);
        var impossible = CheapestImpossible(y, youthLocation, load, scratch, ref nq, ns);
        var possible = new List<(long Cost, int Index, string[] Blocked)>();
        foreach (var key in Smallest(scratch.Quick, nq, Math.Max(1, _options.Alternatives - 1)))
        {
            possible.Add((key >> IdRankBits, _byIdRank[(int)(key & ((1L << IdRankBits) - 1))], []));
        }

        var own = criteria.Values.Sum();
        return possible.Concat(impossible).Take(_options.Alternatives)
            .OrderBy(o => o.Cost).ThenBy(o => _problem.Locations[o.Index].Location.Id, StringComparer.Ordinal)
            .Select(o =>
            {
                var there = Criteria(y, _problem.Locations[o.Index]);
                return new Alternative(_problem.Locations[o.Index].Location.Id, o.Cost - own,
                    there.Where(kv => kv.Value != criteria[kv.Key]).ToImmutableSortedDictionary(kv => kv.Key, kv => kv.Value - criteria[kv.Key], StringComparer.Ordinal),
                    [.. o.Blocked])
                {
                    PredictedProbability = Predicted(y, o.Index),
                };
            })
            .ToImmutableArray();
    }

    /// <summary>
    /// Splits the ranked locations (other than the placed one) into sort keys (cost, then id rank in
    /// the low bits: keys are distinct) by the cheap test: a candidate of the youth's unit with room
    /// and no keep-apart partner there is possible (<see cref="Scratch.Quick"/>); the rule codes are
    /// worked out later only for the others (<see cref="Scratch.Slow"/>).
    /// </summary>
    private (int Quick, int Slow) SplitByCheapTest(ResolvedYouth y, int placed, int[] ranked, int[] youthLocation, int[] load, Scratch scratch)
    {
        var unit = _units.UnitOf[y.Index];
        var candidate = scratch.Candidate;
        foreach (var c in _units.Candidates[unit])
        {
            candidate[c] = true;
        }

        var (costs, quick, slow) = (scratch.Costs, scratch.Quick, scratch.Slow);
        int nq = 0, ns = 0;
        for (var r = 0; r < ranked.Length; r++)
        {
            var o = ranked[r];
            if (o == placed)
            {
                continue;
            }

            var key = (costs[r] << IdRankBits) | _idRank[o];
            if (candidate[o] && !_problem.Locations[o].Closed && HasRoom(unit, o, youthLocation, load) && !PartnerThere(y, o, youthLocation))
            {
                quick[nq++] = key;
            }
            else
            {
                slow[ns++] = key;
            }
        }

        foreach (var c in _units.Candidates[unit])
        {
            candidate[c] = false;
        }

        return (nq, ns);
    }

    /// <summary>
    /// Walks the slow keys in cost order until <see cref="PlacementOptions.Alternatives"/> impossible
    /// locations (with the codes that block them) are found; one that turns out possible after all
    /// (rare) joins the quick keys and competes with them. The lists are those of a walk over all
    /// ranked locations in cost order.
    /// </summary>
    private List<(long Cost, int Index, string[] Blocked)> CheapestImpossible(ResolvedYouth y, int[] youthLocation, int[] load, Scratch scratch, ref int nq, int ns)
    {
        var impossible = new List<(long Cost, int Index, string[] Blocked)>();
        foreach (var key in Ascending(scratch.Slow, ns))
        {
            if (impossible.Count >= _options.Alternatives)
            {
                break;
            }

            var (cost, index) = (key >> IdRankBits, _byIdRank[(int)(key & ((1L << IdRankBits) - 1))]);
            var blocked = BlockedBy(y, _problem.Locations[index], youthLocation, load);
            if (blocked.Length > 0)
            {
                impossible.Add((cost, index, blocked));
            }
            else
            {
                scratch.Quick[nq++] = key;
            }
        }

        return impossible;
    }

    /// <summary>True when the youth's whole unit fits in the location's beds next to who is there.</summary>
    private bool HasRoom(int unit, int location, int[] youthLocation, int[] load)
    {
        var members = _units.Members[unit];
        var ownHere = 0;
        foreach (var m in members)
        {
            ownHere += youthLocation[m] == location ? 1 : 0;
        }

        return load[location] - ownHere + members.Length <= _problem.Locations[location].Beds;
    }

    /// <summary>True when someone the youth must be kept apart from is placed in the location.</summary>
    private static bool PartnerThere(ResolvedYouth youth, int location, int[] youthLocation)
    {
        foreach (var other in youth.KeepApart)
        {
            if (youthLocation[other] == location)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Rule codes that forbid a youth in a location, given the proposal's other placements.</summary>
    public string[] BlockedBy(ResolvedYouth youth, ResolvedLocation location, int[] youthLocation, int[] load)
    {
        var codes = HardRule.All.Where(r => !r.Allows(youth, location)).Select(r => r.Code).ToList();
        var unit = _units.UnitOf[youth.Index];
        var members = _units.Members[unit];
        if (members.Length > 1 && members.Any(m => m != youth.Index && HardRule.AnyForbids(_problem.Youths[m], location)))
        {
            codes.Add(ReasonCodes.SiblingNotAllowed);
        }

        if (location.Beds > 0 && !HasRoom(unit, location.Index, youthLocation, load))
        {
            codes.Add(members.Length > location.Beds ? ReasonCodes.SiblingsDoNotFit : ReasonCodes.Full);
        }

        if (PartnerThere(youth, location.Index, youthLocation))
        {
            codes.Add(ReasonCodes.KeepApart);
        }

        return [.. codes.Distinct()];
    }
}

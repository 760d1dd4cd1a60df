using System.Collections.Immutable;
using System.Globalization;
using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Preparation;
using Spreidingswet.Placement.Rules;

namespace Spreidingswet.Placement.Explaining;

/// <summary>Turns a solved assignment into a <see cref="Proposal"/>: criteria breakdown, alternatives, unplaced reasons, metrics.</summary>
internal sealed class ProposalBuilder
{
    private readonly ResolvedProblem _problem;
    private readonly Units _units;
    private readonly PlacementOptions _options;
    private readonly ScoringContext _context;
    private readonly Language _language;

    public ProposalBuilder(ResolvedProblem problem, Units units, PlacementOptions options, ScoringContext context)
    {
        _problem = problem;
        _units = units;
        _options = options;
        _context = context;
        _language = options.Language;
        _allLocations = [.. problem.Locations.Select(l => l.Index)];
        _byIdRank = [.. problem.Locations.OrderBy(l => l.Location.Id, StringComparer.Ordinal).Select(l => l.Index)];
        _idRank = new long[_byIdRank.Length];
        for (var r = 0; r < _byIdRank.Length; r++)
        {
            _idRank[_byIdRank[r]] = r;
        }

        if (units.Pruning is not null)
        {
            _regionLocations = problem.Locations.Where(l => l.EducationRegion is not null)
                .GroupBy(l => l.EducationRegion!.Code, StringComparer.OrdinalIgnoreCase)
                .ToDictionary(g => g.Key, g => g.Select(l => l.Index).ToArray(), StringComparer.OrdinalIgnoreCase);
        }
    }

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

    private readonly int[] _allLocations;
    private readonly int[] _byIdRank;
    private readonly long[] _idRank;

    public (ImmutableArray<Assignment> Assignments, ImmutableArray<UnplacedYouth> Unplaced, ProposalMetrics Metrics) Build(int[] unitLocation)
    {
        var youthLocation = new int[_problem.Youths.Length];
        var load = new int[_problem.Locations.Length];
        for (var u = 0; u < _units.Count; u++)
        {
            foreach (var m in _units.Members[u])
            {
                youthLocation[m] = unitLocation[u];
                if (unitLocation[u] >= 0)
                {
                    load[unitLocation[u]]++;
                }
            }
        }

        // Youths are explained independently (read-only state), in parallel, then kept in id order.
        var ordered = _problem.Youths.OrderBy(y => y.Youth.Id, StringComparer.Ordinal).ToArray();
        var placedResults = new Assignment?[ordered.Length];
        var unplacedResults = new UnplacedYouth?[ordered.Length];
        Parallel.For(0, ordered.Length, () => new Scratch(_allLocations.Length), (i, _, scratch) =>
        {
            Explain(ordered[i], i, scratch);
            return scratch;
        }, _ => { });
        void Explain(ResolvedYouth y, int i, Scratch scratch)
        {
            var l = youthLocation[y.Index];
            if (l < 0)
            {
                unplacedResults[i] = new UnplacedYouth(y.Youth.Id, [.. UnplacedReasons(y, load)]);
                return;
            }

            var location = _problem.Locations[l];
            var criteria = Criteria(y, location);
            // Rank every other location by weighted cost (batch scoring; ties by location id), then
            // look at hard rules only in that order until the best possible and the cheapest
            // impossible alternatives are found.
            var ranked = RankedLocations(y, l);
            var costs = scratch.Costs;
            Array.Clear(costs, 0, ranked.Length);
            AddCosts(y, ranked, costs);
            var wantPossible = Math.Max(1, _options.Alternatives - 1);
            // Split by the cheap test: a candidate of the youth's unit with room and no keep-apart
            // partner there is possible; the rule codes are worked out only for the others, in cost
            // order, until the cheapest impossible alternatives are found. The lists are those of a
            // walk over the ranked locations in cost order (ties by location id: keys are distinct).
            var unit = _units.UnitOf[y.Index];
            var candidate = scratch.Candidate;
            foreach (var c in _units.Candidates[unit])
            {
                candidate[c] = true;
            }

            var (quick, slow) = (scratch.Quick, scratch.Slow);
            int nq = 0, ns = 0;
            for (var r = 0; r < ranked.Length; r++)
            {
                var o = ranked[r];
                if (o == l)
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

            var possible = new List<(long Cost, int Index, string[] Blocked)>();
            var impossible = new List<(long Cost, int Index, string[] Blocked)>();
            foreach (var key in Ascending(slow, ns))
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
                    quick[nq++] = key; // possible after all (rare): competes with the quick ones
                }
            }

            foreach (var key in Smallest(quick, nq, wantPossible))
            {
                possible.Add((key >> IdRankBits, _byIdRank[(int)(key & ((1L << IdRankBits) - 1))], []));
            }

            var own = criteria.Values.Sum();
            var chosen = possible.Concat(impossible).Take(_options.Alternatives)
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
            placedResults[i] = new Assignment
            {
                Youth = y.Youth.Id,
                Location = location.Location.Id,
                From = y.Youth.CurrentLocation,
                Cost = criteria.Values.Sum(),
                Criteria = criteria,
                EducationRegion = y.SchoolRegion is { } school
                    ? new EducationRegionCheck(school, location.EducationRegion?.Code, Rules.EducationRegion.Kept(school, location.EducationRegion?.Code))
                    : null,
                SchoolDistanceKm = y.SchoolPoint is { } sp ? Math.Round(location.Location.Point.DistanceKm(sp), 1) : null,
                Alternatives = chosen,
                PredictedProbability = Predicted(y, l),
            };
        }
        var assignments = placedResults.Where(a => a is not null).Select(a => a!).ToList();
        var unplaced = unplacedResults.Where(u => u is not null).Select(u => u!).ToList();

        return ([.. assignments], [.. unplaced], Metrics(youthLocation));
    }

    /// <summary>The learned probability at a location, rounded to 0.001; null without a model.</summary>
    private double? Predicted(ResolvedYouth youth, int location)
        => _context.Learned is { } learned ? Math.Round(learned.Probability(youth.Index, location), 3) : null;

    private const int IdRankBits = 24;

    /// <summary>Adds the sum of <see cref="Criteria"/> for each of <paramref name="locations"/> (by position) to <paramref name="costs"/>.</summary>
    private void AddCosts(ResolvedYouth youth, int[] locations, long[] costs)
    {
        var w = _options.Weights;
        Policies.Move.AddCosts(youth, locations, w.Move, costs, _context);
        if (_options.Policy == Policy.CapacityOnly)
        {
            Policies.DistanceFromCurrent.AddCosts(youth, locations, 1, costs, _context);
            return;
        }

        Policies.EducationRegionBreak.AddCosts(youth, locations, w.EducationRegionBreak, costs, _context);
        Policies.SchoolTravel.AddCosts(youth, locations, 1, costs, _context);
        Policies.MoveDistance.AddCosts(youth, locations, 1, costs, _context);
        Policies.SmallScale.AddCosts(youth, locations, 1, costs, _context);
        Policies.LearnedContinuity.AddCosts(youth, locations, 1, costs, _context);
    }

    /// <summary>The weighted cost of each reported criterion for a youth in a location.</summary>
    public ImmutableSortedDictionary<string, long> Criteria(ResolvedYouth youth, ResolvedLocation location)
    {
        var w = _options.Weights;
        var result = ImmutableSortedDictionary.CreateBuilder<string, long>(StringComparer.Ordinal);
        result[Policies.EducationRegionBreak.Name] = _options.Policy == Policy.CapacityOnly ? 0 : w.EducationRegionBreak * Policies.EducationRegionBreak.Cost(youth, location, _context);
        result[Policies.Move.Name] = w.Move * Policies.Move.Cost(youth, location, _context);
        result[Policies.SchoolTravel.Name] = _options.Policy == Policy.CapacityOnly ? 0 : Policies.SchoolTravel.Cost(youth, location, _context);
        result[Policies.MoveDistance.Name] = _options.Policy == Policy.CapacityOnly ? 0 : Policies.MoveDistance.Cost(youth, location, _context);
        result[Policies.SmallScale.Name] = _options.Policy == Policy.CapacityOnly ? 0 : Policies.SmallScale.Cost(youth, location, _context);
        if (_options.Policy == Policy.CapacityOnly)
        {
            result[Policies.DistanceFromCurrent.Name] = Policies.DistanceFromCurrent.Cost(youth, location, _context);
        }
        else if (_context.Learned is not null)
        {
            result[Policies.LearnedContinuity.Name] = Policies.LearnedContinuity.Cost(youth, location, _context);
        }

        return result.ToImmutable();
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
        if (members.Length > 1 && members.Any(m => m != youth.Index && HardRule.All.Any(r => !r.Allows(_problem.Youths[m], location))))
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

    private IEnumerable<Reason> UnplacedReasons(ResolvedYouth youth, int[] load)
    {
        var unit = _units.UnitOf[youth.Index];
        if (_units.KeepApartInside[unit])
        {
            yield return new Reason(ReasonCodes.KeepApartInSiblingGroup, Texts.KeepApartInSiblingGroup(_language));
            yield break;
        }

        if (youth.PinnedLocation >= 0)
        {
            var pinned = _problem.Locations[youth.PinnedLocation];
            var broken = HardRule.All.Where(r => r is not PinRule && !r.Allows(youth, pinned)).ToList();
            if (broken.Count > 0)
            {
                yield return new Reason(ReasonCodes.PinNotHonoured,
                    Texts.PinNotHonoured(pinned.Location.Id, string.Join("; ", broken.Select(r => r.Explain(youth, pinned, _language))), _language));
                yield break;
            }
        }

        var members = _units.Members[unit];
        var eligibleAlone = _problem.Locations.Where(l => HardRule.All.All(r => r.Allows(youth, l))).ToList();
        if (eligibleAlone.Count == 0)
        {
            var blockers = HardRule.All.Where(r => r is not NoBedsRule and not ClosedRule)
                .Select(r => (Rule: r, Count: _problem.Locations.Count(l => !l.Closed && l.Beds > 0 && !r.Allows(youth, l))))
                .Where(x => x.Count > 0)
                .OrderByDescending(x => x.Count)
                .Select(x => string.Create(CultureInfo.InvariantCulture, $"{x.Rule.Code} ({x.Count})"));
            yield return new Reason(ReasonCodes.NoEligibleLocation, Texts.NoEligibleLocation(youth.Youth.CareLevel, youth.Age, string.Join(", ", blockers), _language));
            yield break;
        }

        var candidates = _units.Candidates[unit].Where(l => !_problem.Locations[l].Closed).ToArray();
        if (members.Length > 1 && candidates.Length == 0)
        {
            yield return new Reason(ReasonCodes.SiblingGroupCannotBeHeld, Texts.SiblingGroupCannotBeHeld(members.Length, _language));
            yield break;
        }

        if (candidates.All(l => load[l] + members.Length > _problem.Locations[l].Beds))
        {
            yield return new Reason(ReasonCodes.NoFreeBed, Texts.NoFreeBed(youth.Youth.CareLevel, youth.Age, candidates.Length, _language));
            yield break;
        }

        yield return new Reason(ReasonCodes.KeepApartOrPriority, Texts.KeepApartOrPriority(_language));
    }

    private ProposalMetrics Metrics(int[] youthLocation)
    {
        int placed = 0, moved = 0, schoolGoing = 0, kept = 0, broken = 0, caused = 0;
        var distances = new List<double>();
        double probabilitySum = 0;
        foreach (var y in _problem.Youths)
        {
            var l = youthLocation[y.Index];
            if (y.IsSchoolGoing)
            {
                schoolGoing++;
            }

            if (l < 0)
            {
                continue;
            }

            placed++;
            probabilitySum += _context.Learned?.Probability(y.Index, l) ?? 0;
            if (y.CurrentLocation >= 0 && y.CurrentLocation != l)
            {
                moved++;
            }

            var location = _problem.Locations[l];
            if (y.SchoolRegion is { } school)
            {
                if (EducationRegion.Kept(school, location.EducationRegion?.Code))
                {
                    kept++;
                }
                else
                {
                    broken++;
                    if (y.CurrentLocation != l)
                    {
                        caused++;
                    }
                }
            }

            if (y.SchoolPoint is { } sp)
            {
                distances.Add(location.Location.Point.DistanceKm(sp));
            }
        }

        var fill = _problem.Locations.Where(l => l.Province is not null)
            .GroupBy(l => l.Province!.Code, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var beds = g.Sum(l => l.Closed ? 0 : l.Beds);
                var count = _problem.Youths.Count(y => youthLocation[y.Index] >= 0 && string.Equals(_problem.Locations[youthLocation[y.Index]].Province?.Code, g.Key, StringComparison.Ordinal));
                return new ProvinceFill(g.Key, g.First().Province!.Name, beds, count, beds == 0 ? 0 : Math.Round(count / (double)beds, 3));
            })
            .ToImmutableArray();
        return new ProposalMetrics
        {
            Youths = _problem.Youths.Length,
            Placed = placed,
            Unplaced = _problem.Youths.Length - placed,
            Moved = moved,
            SchoolGoing = schoolGoing,
            EducationRegionKept = kept,
            EducationRegionBroken = broken,
            EducationRegionBreaksCaused = caused,
            MeanSchoolDistanceKm = distances.Count == 0 ? null : Math.Round(distances.Average(), 1),
            MaxSchoolDistanceKm = distances.Count == 0 ? null : Math.Round(distances.Max(), 1),
            FillPerProvince = fill,
            MeanPredictedProbability = _context.Learned is null || placed == 0 ? null : Math.Round(probabilitySum / placed, 3),
        };
    }
}

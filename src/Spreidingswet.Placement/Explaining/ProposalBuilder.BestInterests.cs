using System.Collections.Immutable;
using System.Globalization;
using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Preparation;
using Spreidingswet.Placement.Rules;
using Spreidingswet.Placement.Rules.Criteria;
using Spreidingswet.Placement.Solving;

namespace Spreidingswet.Placement.Explaining;

/// <summary>
/// The best-interests statement of a youth (UN CRC General Comment 14): structured claims about what
/// was weighed (education region, siblings, the youth's views, school distance, recent moves, turning
/// 18), each derived from the same rules, criteria and proposal state as the alternatives; what stood
/// in the way of a region or wish comes from <see cref="BlockedBy"/> of the locations that would have
/// met it, or, when one was possible, from the first tier in which it costs more. The statement is
/// the claims in words (<see cref="Texts.BestInterests"/>), never free text.
/// </summary>
internal sealed partial class ProposalBuilder
{
    private Dictionary<string, int[]>? _byMunicipality;
    private Dictionary<string, int[]>? _byEducationRegion;

    /// <summary>Locations per municipality and per education region code (built once, on first use).</summary>
    private (Dictionary<string, int[]> Municipality, Dictionary<string, int[]> Region) RegionIndex()
    {
        if (_byMunicipality is null || _byEducationRegion is null)
        {
            var municipality = _problem.Locations.Where(l => l.Municipality is not null).GroupBy(l => l.Municipality!.Code, StringComparer.OrdinalIgnoreCase)
                .ToDictionary(g => g.Key, g => g.Select(l => l.Index).ToArray(), StringComparer.OrdinalIgnoreCase);
            var region = _problem.Locations.Where(l => l.EducationRegion is not null).GroupBy(l => l.EducationRegion!.Code, StringComparer.OrdinalIgnoreCase)
                .ToDictionary(g => g.Key, g => g.Select(l => l.Index).ToArray(), StringComparer.OrdinalIgnoreCase);
            lock (_allLocations)
            {
                _byMunicipality ??= municipality;
                _byEducationRegion ??= region;
            }
        }

        return (_byMunicipality, _byEducationRegion);
    }

    /// <summary>
    /// The statement and claims of a youth placed in <paramref name="l"/> (-1: unplaced, with its
    /// reasons). Every youth gets one: when the views criteria do not apply to the run (no youth has a
    /// views field), the youth has no recorded views and no recorded recent moves (the criteria did
    /// not weigh them), and the statement says so; turning 18 comes from birth_date and is claimed
    /// unless the views options disable it.
    /// </summary>
    private BestInterests BestInterestsOf(ResolvedYouth y, int l, int[] youthLocation, int[] load, ImmutableArray<Reason> unplacedReasons)
    {
        var weighed = _context.ViewsActive && y.Views is not null;
        // Without the views criteria, a youth resolved for turning 18 alone has no wish and no recorded moves.
        var views = weighed ? y.Views! : _context.Turning18Active && y.Views is { } turning18 ? turning18 : NotWeighedViews(y);

        var claims = new List<BestInterestsClaim>();
        var location = l >= 0 ? _problem.Locations[l] : null;
        var (_, byRegion) = RegionIndex();
        claims.Add(l < 0
            ? new BestInterestsClaim("placement", "unplaced") { Because = [.. unplacedReasons.Select(r => r.Code)] }
            : new BestInterestsClaim("placement", y.CurrentLocation < 0 ? "newArrival" : y.CurrentLocation == l ? "stays" : "moves") { Got = location!.Location.Id });

        if (y.SchoolRegion is { } school)
        {
            var kept = location is not null && EducationRegion.Kept(school, location.EducationRegion?.Code);
            var outcome = location is null ? "unplaced" : kept ? "kept" : l == y.CurrentLocation ? "brokenBefore" : "broken";
            claims.Add(new BestInterestsClaim("educationRegion", outcome)
            {
                Wanted = school,
                Got = location?.EducationRegion?.Code,
                Because = outcome is "broken" or "unplaced" ? Obstacle(y, l, byRegion.GetValueOrDefault(school, []), youthLocation, load, Policies.EducationRegionBreak) : null,
            });
        }
        else
        {
            claims.Add(new BestInterestsClaim("educationRegion", y.SchoolAbroad ? "regionUnknown" : "notSchoolGoing"));
        }

        if (y.SiblingGroup >= 0)
        {
            var members = _units.Members[_units.UnitOf[y.Index]];
            claims.Add(new BestInterestsClaim("siblings", location is null ? "unplacedTogether" : "together") { Count = members.Length, Got = location?.Location.Id });
        }

        claims.Add(ViewsClaim(y, views, l, location, youthLocation, load));
        if (y.SchoolPoint is { } sp && location is not null)
        {
            claims.Add(new BestInterestsClaim("schoolDistance", "measured") { Km = Math.Round(location.Location.Point.DistanceKm(sp), 1) });
        }

        if (y.CurrentLocation >= 0)
        {
            var moved = location is not null && l != y.CurrentLocation;
            claims.Add(new BestInterestsClaim("moves", !moved ? (location is null ? "unplaced" : "stays") : views.MoveForced ? "movedForced" : "moved")
            {
                Count = weighed ? views.MovesLast12Months : null, // not recorded when the run has no views fields
                Got = location?.Location.Id,
            });
        }

        if (views.Turns18On is { } birthday)
        {
            var cross = location is not null && l != y.CurrentLocation && y.CurrentLocation >= 0 && !EducationRegion.Same(location.EducationRegion?.Code, views.HomeRegion);
            var outcome = location is null ? "unplaced" : y.CurrentLocation < 0 ? "newArrival" : l == y.CurrentLocation ? "stays" : cross ? "crossRegion" : "sameRegion";
            claims.Add(new BestInterestsClaim("turning18", outcome)
            {
                On = birthday,
                Wanted = views.HomeRegion,
                Got = location?.EducationRegion?.Code,
                Because = cross ? Obstacle(y, l, views.HomeRegion is { } home ? byRegion.GetValueOrDefault(home, []) : [], youthLocation, load, Policies.Turning18) : null,
            });
        }

        ImmutableArray<BestInterestsClaim> all = [.. claims];
        return new BestInterests(Texts.BestInterests(all, _options.Language), all);
    }

    /// <summary>The views of a youth in a run without the views criteria: no wish, no recent moves, no turning-18 date; whether a move is forced by a hard rule.</summary>
    private ResolvedViews NotWeighedViews(ResolvedYouth y)
    {
        var home = y.CurrentLocation >= 0 ? _problem.Locations[y.CurrentLocation] : null;
        var forced = home is not null && Rules.HardRules.HardRule.AnyForbids(y, home);
        return new ResolvedViews(-1, null, null, null, 0, forced, null, home?.EducationRegion?.Code, false);
    }

    /// <summary>The views claim: met, not met (and what stood in the way), or no wish stated.</summary>
    private BestInterestsClaim ViewsClaim(ResolvedYouth y, ResolvedViews views, int l, ResolvedLocation? location, int[] youthLocation, int[] load)
    {
        if (!views.HasWish)
        {
            return new BestInterestsClaim("views", y.Youth.ViewsHeardOn is null ? "notRecorded" : "noWish") { On = y.Youth.ViewsHeardOn };
        }

        var met = location is not null && ViewsCriterion.Met(y, location, _context.Views) == true;
        return new BestInterestsClaim("views", location is null ? "unplaced" : met ? "met" : "notMet")
        {
            Wanted = Wish(y),
            Got = location?.Location.Id,
            On = y.Youth.ViewsHeardOn,
            Because = met ? null : Obstacle(y, l, WishLocations(y), youthLocation, load, Policies.Views),
        };
    }

    /// <summary>The wish as stated: the most specific part first (location, municipality, region, near).</summary>
    private static string Wish(ResolvedYouth y)
    {
        var parts = new List<string>();
        var w = y.Youth;
        if (w.WishLocation is { } loc)
        {
            parts.Add("location:" + loc);
        }

        if (w.WishMunicipality is { } gm)
        {
            parts.Add("municipality:" + gm);
        }

        if (w.WishRegion is { } rmc)
        {
            parts.Add("region:" + rmc);
        }

        if (w.WishNear is { } near)
        {
            var (lat, lon) = near.ToWgs84();
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"near:{lat:F3},{lon:F3}"));
        }

        return string.Join(' ', parts);
    }

    /// <summary>The locations that would meet every part of the youth's wish.</summary>
    private int[] WishLocations(ResolvedYouth y)
    {
        var views = y.Views!;
        IEnumerable<int> pool = views.WishLocation >= 0 ? [views.WishLocation]
            : views.WishMunicipality is { } gm ? RegionIndex().Municipality.GetValueOrDefault(gm, [])
            : views.WishRegion is { } rmc ? RegionIndex().Region.GetValueOrDefault(rmc, [])
            : _allLocations;
        return [.. pool.Where(i => ViewsCriterion.Met(y, _problem.Locations[i], _context.Views) == true)];
    }

    /// <summary>
    /// What stood in the way of the locations that would have met a goal: <c>NO_LOCATION</c> when the
    /// run has none; when every one is impossible given the proposal, the codes that block them
    /// (the union, in order of first appearance: FULL, NO_BEDS, AGE, SIBLINGS_DO_NOT_FIT, ...); when one was possible,
    /// the first tier in which the cheapest possible one costs the youth's unit
    /// more than the proposal: <c>TIER:name</c> when that tier ranks above the goal's criterion,
    /// <c>WEIGHED:name</c> when it is the goal's own tier (other criteria outweighed it), <c>NOT_WEIGHED:name</c>
    /// when the policy does not weigh the goal at all (capacity-only and the views).
    /// </summary>
    private ImmutableArray<string> Obstacle(ResolvedYouth y, int placed, int[] meeting, int[] youthLocation, int[] load, Criterion goal)
    {
        if (meeting.Length == 0)
        {
            return [BestInterestsCodes.NoLocation];
        }

        var unit = _units.UnitOf[y.Index];
        var codes = new List<string>();
        long[]? best = null;
        foreach (var i in meeting)
        {
            if (i == placed)
            {
                continue;
            }

            var blocked = BlockedBy(y, _problem.Locations[i], youthLocation, load);
            if (blocked.Length > 0)
            {
                codes.AddRange(blocked);
                continue;
            }

            var cost = UnitTierCosts(unit, i);
            if (best is null || Lex.Compare(cost, best) < 0)
            {
                best = cost;
            }
        }

        if (best is null)
        {
            return codes.Count == 0 ? [BestInterestsCodes.NoLocation] : [.. codes.Distinct(StringComparer.Ordinal)];
        }

        var here = UnitTierCosts(unit, placed);
        var own = -1;
        for (var t = 0; t < _units.Tiers.Count && own < 0; t++)
        {
            own = _units.Tiers[t].Terms.Any(x => x.Criterion == goal) ? t : -1;
        }

        var first = _units.Tiers.Count - 1; // equal in every separable tier: the region loads (balance, ISK seats) or a tie
        for (var t = 0; t < best.Length; t++)
        {
            if (best[t] != here[t])
            {
                first = t;
                break;
            }
        }

        var name = _units.Tiers[first].Name;
        return [own < 0 ? BestInterestsCodes.NotWeighed + name : first < own ? BestInterestsCodes.HigherTier + name : BestInterestsCodes.Weighed + name];
    }

    /// <summary>Per tier, the cost of the youth's whole unit at a location (-1: unplaced).</summary>
    private long[] UnitTierCosts(int unit, int location)
    {
        var costs = new long[_units.Tiers.Count];
        for (var t = 0; t < costs.Length; t++)
        {
            foreach (var m in _units.Members[unit])
            {
                var member = _problem.Youths[m];
                costs[t] += location < 0 ? _units.YouthUnplacedCost(t, member, _context) : _units.YouthCost(t, member, _problem.Locations[location], _context);
            }
        }

        return costs;
    }
}

using System.Globalization;
using Spreidingswet.Placement.Geography;
using Spreidingswet.Placement.Inputs;
using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Rules;
using Spreidingswet.Placement.Tests.Support;

namespace Spreidingswet.Placement.Tests.Explaining;

/// <summary>
/// Issue 19, done when: every youth of every proposal has a best-interests statement whose every
/// claim matches the proposal's own values. Over several generated instances (with and without
/// wishes, sibling groups, scarce beds that leave youths unplaced, youths turning 18 with a long
/// horizon and the hard rule) and every policy, each claim is recomputed from the inputs, the
/// region layers and the proposal (assignments, their criteria and alternatives, the unplaced
/// reasons, the solver's tiers and the metrics), never from the engine's internals.
/// </summary>
public sealed class BestInterestsClaimsTests
{
    private static readonly RegionMap Geo = TestProblems.Geography;

    public static TheoryData<string> Instances() => ["wishes and siblings", "no views fields", "scarce beds", "turning 18"];

    private static (PlacementProblem Problem, ViewsOptions Views) Instance(string name)
    {
        var (settings, wishes, views) = name switch
        {
            "wishes and siblings" => (new SyntheticSettings { Youths = 400, Locations = 36, Seed = 31, SiblingShare = 0.12, Closures = 2 }, 0.5, ViewsOptions.Default),
            "no views fields" => (new SyntheticSettings { Youths = 400, Locations = 36, Seed = 32, SiblingShare = 0.12, Closures = 2 }, 0.0, ViewsOptions.Default),
            "scarce beds" => (new SyntheticSettings { Youths = 400, Locations = 36, Seed = 33, SiblingShare = 0.06, BedsPerYouth = 0.92, Closures = 1 }, 0.5,
                ViewsOptions.Default with { Tier = ViewsTier.AfterEducation }),
            "turning 18" => (new SyntheticSettings { Youths = 400, Locations = 36, Seed = 34, SiblingShare = 0.06, Closures = 3 }, 0.3,
                ViewsOptions.Default with { Turning18HorizonMonths = 12, Turning18Hard = true }),
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };
        var problem = SyntheticGenerator.Generate(settings, Geo);
        return (SyntheticGenerator.AddViews(problem, wishes, settings.Seed, Geo, settings.PlanningDate), views);
    }

    [Theory]
    [MemberData(nameof(Instances))]
    public void EveryClaim_OfEveryYouth_MatchesTheProposal_UnderEveryPolicy(string instance)
    {
        var (problem, views) = Instance(instance);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var policy in new[] { Policy.EducationFirst, Policy.Weighted, Policy.CapacityOnly })
        {
            var options = new PlacementOptions { Policy = policy, PlanningDate = new DateOnly(2026, 12, 1), Views = views, TimeLimit = TimeSpan.FromSeconds(60) };
            var proposal = new PlacementEngine(Geo).Propose(problem, options).GetValueOrThrow();
            Assert.Equal(SolverStatus.Optimal, proposal.Solver.Status);
            new Check(problem, options, proposal, seen).All();
        }

        // The instance exercises what it is named for.
        var expected = instance switch
        {
            "wishes and siblings" => ["siblings", "views:met", "views:notMet", "educationRegion:broken", "moves:movedForced", "turning18",
                "because:rules", "because:NO_LOCATION", "because:TIER", "because:WEIGHED", "because:NOT_WEIGHED"],
            "no views fields" => ["siblings", "siblings:unplacedTogether", "views:notRecorded", "educationRegion:broken", "moves:movedForced", "turning18:crossRegion"],
            "scarce beds" => ["placement:unplaced", "views:met", "views:notMet", "views:unplaced", "turning18"],
            _ => new[] { "turning18:stays", "turning18:sameRegion", "turning18:crossRegion", "turning18:newArrival", "moves:movedForced", "views:notMet" },
        };
        Assert.All(expected, key => Assert.True(seen.GetValueOrDefault(key) > 0, $"{instance}: no claim {key} ({string.Join(", ", seen.Select(kv => $"{kv.Key}={kv.Value}"))})"));
    }

    /// <summary>The claims of one proposal checked against its own values.</summary>
    private sealed class Check(PlacementProblem problem, PlacementOptions options, Proposal proposal, Dictionary<string, int> seen)
    {
        private static readonly string[] TopicOrder = ["placement", "educationRegion", "siblings", "views", "schoolDistance", "moves", "turning18"];

        private static readonly HashSet<string> BlockCodes =
        [
            "CLOSED", "NO_BEDS", "PINNED_ELSEWHERE", "EXCLUDED", "AGE", "GENDER", "CARE_LEVEL", "NEEDS", "TURNING_18",
            "FULL", "KEEP_APART", "SIBLINGS_DO_NOT_FIT", "SIBLING_NOT_ALLOWED",
        ];

        private readonly DateOnly _date = options.PlanningDate!.Value;
        private readonly ViewsOptions _views = options.Views;
        private readonly bool _weighs = options.Policy != Policy.CapacityOnly;
        private readonly bool _viewsActive = options.Views.AppliesTo(problem);
        private readonly Dictionary<string, Location> _locations = problem.Locations.ToDictionary(l => l.Id, StringComparer.Ordinal);
        private readonly Dictionary<string, (string? Municipality, string? Region)> _regions = problem.Locations.ToDictionary(l => l.Id, l =>
        {
            var r = l.MunicipalityCode is { } code ? Geo.Municipality(code)! : Geo.Lookup(l.Point);
            return (r.Municipality?.Code, r.EducationRegion?.Code);
        }, StringComparer.Ordinal);

        private readonly Dictionary<string, string> _at = proposal.Assignments.ToDictionary(a => a.Youth, a => a.Location, StringComparer.Ordinal);
        private readonly Dictionary<string, int> _load = proposal.Assignments.CountBy(a => a.Location).ToDictionary(c => c.Key, c => c.Value, StringComparer.Ordinal);
        private readonly string[] _tiers = [.. proposal.Solver.Tiers.Select(t => t.Name)];

        public void All()
        {
            Assert.Equal(options.Views.Turning18Applies ? (_viewsActive ? options.Views with { Enabled = true } : options.Views) : null, proposal.Run.Views);
            var youths = problem.Youths.ToDictionary(y => y.Id, StringComparer.Ordinal);
            var statements = proposal.Assignments.Select(a => (a.Youth, a.BestInterests, (Assignment?)a))
                .Concat(proposal.Unplaced.Select(u => (u.Youth, u.BestInterests, (Assignment?)null))).ToList();
            Assert.Equal(problem.Youths.Length, statements.Count);
            var outcomes = new List<(string Topic, string Outcome, BestInterestsClaim Claim)>();
            foreach (var (id, bi, a) in statements)
            {
                Assert.NotNull(bi);
                Assert.Equal(Texts.BestInterests(bi.Claims, options.Language), bi.Statement);
                var topics = bi.Claims.Select(c => c.Topic).ToList();
                Assert.Equal(topics.Distinct().Count(), topics.Count);
                Assert.Equal(TopicOrder.Where(topics.Contains), topics);
                var y = youths[id];
                var claims = bi.Claims.ToDictionary(c => c.Topic, StringComparer.Ordinal);
                Placement(y, a, claims["placement"]);
                EducationRegion(y, a, claims["educationRegion"]);
                Siblings(y, a, claims.GetValueOrDefault("siblings"));
                Views(y, a, claims["views"]);
                SchoolDistance(y, a, claims.GetValueOrDefault("schoolDistance"));
                Moves(y, a, claims.GetValueOrDefault("moves"));
                Turning18(y, a, claims.GetValueOrDefault("turning18"));
                foreach (var c in bi.Claims)
                {
                    outcomes.Add((c.Topic, c.Outcome, c));
                    seen[c.Topic] = seen.GetValueOrDefault(c.Topic) + 1;
                    seen[$"{c.Topic}:{c.Outcome}"] = seen.GetValueOrDefault($"{c.Topic}:{c.Outcome}") + 1;
                }
            }

            // The metrics count what the claims say.
            var m = proposal.Metrics;
            Assert.Equal(m.Unplaced, outcomes.Count(o => o is ("placement", "unplaced", _)));
            Assert.Equal(m.Moved, outcomes.Count(o => o is ("placement", "moves", _)));
            Assert.Equal(m.EducationRegionKept, outcomes.Count(o => o is ("educationRegion", "kept", _)));
            Assert.Equal(m.EducationRegionBroken, outcomes.Count(o => o is ("educationRegion", "broken" or "brokenBefore", _)));
            Assert.Equal(m.EducationRegionBreaksCaused, outcomes.Count(o => o is ("educationRegion", "broken", _)));
            // Present whenever turning 18 applies (from birth_date alone); without views fields the wish and recent-move counts are 0, as their claims.
            if (_viewsActive || options.Views.Turning18Applies)
            {
                var v = m.Views!;
                Assert.Equal(v.WishesStated, outcomes.Count(o => o is ("views", "met" or "notMet" or "unplaced", _)));
                Assert.Equal(v.WishesHonoured, outcomes.Count(o => o is ("views", "met", _)));
                Assert.Equal(v.Turning18, outcomes.Count(o => o.Topic == "turning18"));
                Assert.Equal(v.Turning18MovedAcrossRegions, outcomes.Count(o => o is ("turning18", "crossRegion", _)));
                Assert.Equal(v.MovedAgainWithin12Months, outcomes.Count(o => o is ("moves", "moved" or "movedForced", { Count: > 0 })));
            }
            else
            {
                Assert.Null(m.Views);
            }
        }

        private void Placement(Youth y, Assignment? a, BestInterestsClaim claim)
        {
            if (a is null)
            {
                Assert.Equal("unplaced", claim.Outcome);
                Assert.Equal(proposal.Unplaced.Single(u => u.Youth == y.Id).Reasons.Select(r => r.Code), claim.Because!.Value);
                return;
            }

            Assert.Equal(y.CurrentLocation, a.From);
            Assert.Equal(a.Location, claim.Got);
            Assert.Equal(y.CurrentLocation is null ? "newArrival" : y.CurrentLocation == a.Location ? "stays" : "moves", claim.Outcome);
            Assert.Null(claim.Because);
        }

        private void EducationRegion(Youth y, Assignment? a, BestInterestsClaim claim)
        {
            var school = y.School is { } s ? s.RegionCode ?? Geo.Lookup(s.Point!.Value).EducationRegion?.Code : null;
            if (school is null)
            {
                Assert.Equal(y.School is null ? "notSchoolGoing" : "regionUnknown", claim.Outcome);
                Assert.Null(a?.EducationRegion);
                return;
            }

            Assert.Equal(school, claim.Wanted);
            var meeting = problem.Locations.Where(l => Same(_regions[l.Id].Region, school)).Select(l => l.Id).ToList();
            if (a is null)
            {
                Assert.Equal("unplaced", claim.Outcome);
                Because(y, null, claim, meeting, "educationRegionBreaks");
                return;
            }

            var got = _regions[a.Location].Region;
            var kept = Same(got, school);
            Assert.Equal(got, claim.Got);
            Assert.Equal(new EducationRegionCheck(school, got, kept), a.EducationRegion);
            var outcome = kept ? "kept" : a.Location == y.CurrentLocation ? "brokenBefore" : "broken";
            Assert.Equal(outcome, claim.Outcome);
            Assert.Equal(_weighs && outcome == "broken" ? options.Weights.EducationRegionBreak : 0, a.Criteria["educationRegionBreak"]);
            if (outcome == "broken")
            {
                Because(y, a, claim, meeting, "educationRegionBreaks");
            }
            else
            {
                Assert.Null(claim.Because);
            }
        }

        private void Siblings(Youth y, Assignment? a, BestInterestsClaim? claim)
        {
            if (y.SiblingGroup is not { } group)
            {
                Assert.Null(claim);
                return;
            }

            var members = problem.Youths.Where(s => s.SiblingGroup == group).Select(s => s.Id).ToList();
            Assert.NotNull(claim);
            Assert.Equal(members.Count, claim.Count);
            Assert.Single(members.Select(s => _at.GetValueOrDefault(s)).Distinct());
            Assert.Equal((a is null ? "unplacedTogether" : "together", a?.Location), (claim.Outcome, claim.Got));
        }

        private void Views(Youth y, Assignment? a, BestInterestsClaim claim)
        {
            if (a is not null && _weighs)
            {
                Assert.Equal(_viewsActive, a.Criteria.ContainsKey("views"));
                Assert.Equal(_viewsActive, a.Criteria.ContainsKey("stability"));
            }

            if (!_viewsActive || !y.HasWish)
            {
                Assert.Equal(_viewsActive && y.ViewsHeardOn is not null ? "noWish" : "notRecorded", claim.Outcome);
                Assert.Null(claim.Wanted);
                Assert.Equal(_viewsActive ? y.ViewsHeardOn : null, claim.On);
                if (a is not null && _viewsActive && _weighs)
                {
                    Assert.Equal(0, a.Criteria["views"]);
                }

                return;
            }

            Assert.Equal(Wish(y), claim.Wanted);
            Assert.Equal(y.ViewsHeardOn, claim.On);
            var meeting = problem.Locations.Where(l => WishMet(y, l)).Select(l => l.Id).ToList();
            if (a is null)
            {
                Assert.Equal("unplaced", claim.Outcome);
                Because(y, null, claim, meeting, _views.Tier == ViewsTier.AfterEducation && options.Policy == Policy.EducationFirst ? "views" : "weighted");
                return;
            }

            var (met, cost) = (WishMet(y, _locations[a.Location]), WishCost(y, _locations[a.Location]));
            Assert.Equal(a.Location, claim.Got);
            Assert.True((met ? "met" : "notMet") == claim.Outcome,
                $"{y.Id} ({options.Policy}) wishes {Wish(y)}, placed in {a.Location} ({_regions[a.Location]}): cost {cost}, criteria {a.Criteria.GetValueOrDefault("views")}, claim {claim.Outcome} {string.Join(",", claim.Because ?? [])}");
            Assert.Equal(met, cost == 0); // the criterion costs nothing exactly where the wish is met
            if (_weighs)
            {
                Assert.Equal(cost, a.Criteria["views"]);
            }

            if (met)
            {
                Assert.Null(claim.Because);
                Assert.True(y.WishLocation is null || y.WishLocation == a.Location);
            }
            else
            {
                Because(y, a, claim, meeting, _views.Tier == ViewsTier.AfterEducation && options.Policy == Policy.EducationFirst ? "views" : "weighted");
            }
        }

        private void SchoolDistance(Youth y, Assignment? a, BestInterestsClaim? claim)
        {
            if (a is null || y.School?.Point is not { } school)
            {
                Assert.Null(claim);
                return;
            }

            Assert.NotNull(claim);
            var km = Math.Round(_locations[a.Location].Point.DistanceKm(school), 1);
            Assert.Equal(("measured", km, km), (claim.Outcome, claim.Km!.Value, a.SchoolDistanceKm!.Value));
        }

        private void Moves(Youth y, Assignment? a, BestInterestsClaim? claim)
        {
            if (y.CurrentLocation is not { } current)
            {
                Assert.Null(claim);
                return;
            }

            Assert.NotNull(claim);
            Assert.Equal(_viewsActive ? y.MovesLast12Months ?? 0 : null, claim.Count);
            Assert.Equal(a?.Location, claim.Got);
            if (a is null || a.Location == current)
            {
                Assert.Equal(a is null ? "unplaced" : "stays", claim.Outcome);
            }
            else
            {
                // A closed location or a pin elsewhere forces the move; a chosen move costs stability per recent move.
                var home = _locations[current];
                var mustMove = home.IsClosedOn(_date) || (y.LockedLocation is { } pin && pin != current);
                Assert.Contains(claim.Outcome, mustMove ? ["movedForced"] : new[] { "moved", "movedForced" });
            }

            if (a is not null && _weighs && _viewsActive)
            {
                Assert.Equal(claim.Outcome == "moved" ? claim.Count!.Value * _views.StabilityPerMove : 0, a.Criteria["stability"]);
            }
        }

        private void Turning18(Youth y, Assignment? a, BestInterestsClaim? claim)
        {
            var birthday = y.BirthDate?.AddYears(18);
            var turns = _views.Turning18Applies && birthday > _date && birthday <= _date.AddMonths(_views.Turning18HorizonMonths);
            if (a is not null && _weighs)
            {
                Assert.Equal(_views.Turning18Applies, a.Criteria.ContainsKey("turning18"));
            }

            if (!turns)
            {
                Assert.Null(claim);
                if (a is not null && _weighs && _views.Turning18Applies)
                {
                    Assert.Equal(0, a.Criteria["turning18"]);
                }

                return;
            }

            Assert.NotNull(claim);
            var home = y.CurrentLocation is { } current ? _regions[current].Region : null;
            var got = a is null ? null : _regions[a.Location].Region;
            var outcome = a is null ? "unplaced" : y.CurrentLocation is null ? "newArrival" : a.Location == y.CurrentLocation ? "stays" : Same(got, home) ? "sameRegion" : "crossRegion";
            Assert.Equal((outcome, birthday, home, got), (claim.Outcome, claim.On, claim.Wanted, claim.Got));
            if (a is not null && _weighs)
            {
                Assert.Equal(outcome == "crossRegion" ? _views.Turning18CrossRegion : 0, a.Criteria["turning18"]);
            }

            if (outcome == "crossRegion")
            {
                // With the hard rule a chosen move across regions is not allowed: only a forced one remains.
                Assert.True(!_views.Turning18Hard || _locations[y.CurrentLocation!].IsClosedOn(_date) || y.LockedLocation is not null,
                    $"{y.Id} was moved across regions by choice despite TURNING_18");
                Because(y, a, claim, problem.Locations.Where(l => Same(_regions[l.Id].Region, home)).Select(l => l.Id).ToList(), "weighted");
            }
            else
            {
                Assert.Null(claim.Because);
            }
        }

        /// <summary>
        /// What stood in the way of a goal that the locations <paramref name="meeting"/> would have met:
        /// NO_LOCATION exactly when no other location meets it; rule codes only when no listed
        /// alternative that meets it is possible, each code borne out by the inputs and the proposal;
        /// else one tier code, whose tier is one of the proposal's and ranks as the prefix says.
        /// </summary>
        private void Because(Youth y, Assignment? a, BestInterestsClaim claim, List<string> meeting, string ownTier)
        {
            var because = claim.Because!.Value;
            Assert.NotEmpty(because);
            var kind = because.Contains(BestInterestsCodes.NoLocation) ? "NO_LOCATION" : because.Any(c => c.Contains(':', StringComparison.Ordinal)) ? because[0][..because[0].IndexOf(':', StringComparison.Ordinal)] : "rules";
            seen[$"because:{kind}"] = seen.GetValueOrDefault($"because:{kind}") + 1;
            var others = meeting.Where(l => l != a?.Location).ToList();
            if (because.Contains(BestInterestsCodes.NoLocation))
            {
                Assert.Equal(BestInterestsCodes.NoLocation, Assert.Single(because));
                Assert.Empty(others);
                return;
            }

            Assert.NotEmpty(others);
            var possible = a?.Alternatives.Where(x => x.BlockedBy.IsEmpty && others.Contains(x.Location)).ToList() ?? [];
            var tier = because.SingleOrDefault(c => c.Contains(':', StringComparison.Ordinal));
            if (tier is null)
            {
                // Every meeting location is impossible given the proposal: no listed alternative says otherwise.
                Assert.Empty(possible);
                Assert.All(because, c => Assert.Contains(c, BlockCodes));
                Assert.All(because, c => Assert.True(BorneOut(y, a, c, others), $"{y.Id}: {claim.Topic} because {c}, which no location that would meet it bears out"));
                return;
            }

            Assert.Single(because);
            var (prefix, name) = (tier[..(tier.IndexOf(':', StringComparison.Ordinal) + 1)], tier[(tier.IndexOf(':', StringComparison.Ordinal) + 1)..]);
            Assert.Contains(name, _tiers);
            ownTier = options.Policy == Policy.Weighted ? "weighted" : ownTier; // one tier weighs everything
            var own = Array.IndexOf(_tiers, ownTier);
            var weighed = _weighs;
            switch (prefix)
            {
                case BestInterestsCodes.NotWeighed:
                    Assert.False(weighed, $"{y.Id}: {tier} under {options.Policy}, which weighs {claim.Topic}");
                    Assert.Equal(-1, own);
                    break;
                case BestInterestsCodes.HigherTier:
                    Assert.True(weighed);
                    Assert.InRange(Array.IndexOf(_tiers, name), 0, own - 1);
                    break;
                case BestInterestsCodes.Weighed:
                    Assert.True(weighed);
                    Assert.Equal(ownTier, name);
                    break;
                default:
                    Assert.Fail($"{y.Id}: unknown code {tier}");
                    break;
            }
        }

        /// <summary>True when some location of <paramref name="others"/> is blocked for the youth by <paramref name="code"/>, as the inputs and the proposal show.</summary>
        private bool BorneOut(Youth y, Assignment? a, string code, List<string> others)
        {
            var unit = y.SiblingGroup is { } g ? problem.Youths.Count(s => s.SiblingGroup == g) : 1;
            var age = y.AgeOn(_date);
            return others.Select(id => _locations[id]).Any(l => code switch
            {
                "CLOSED" => l.IsClosedOn(_date),
                "NO_BEDS" => l.FreeBeds == 0,
                "FULL" => _load.GetValueOrDefault(l.Id) + unit > l.FreeBeds,
                "SIBLINGS_DO_NOT_FIT" => unit > l.FreeBeds,
                "SIBLING_NOT_ALLOWED" => unit > 1,
                "AGE" => age < l.MinAge || age > l.MaxAge,
                "GENDER" => !l.Accepts(y.Gender),
                "CARE_LEVEL" => !l.Offers(y.CareLevel),
                "PINNED_ELSEWHERE" => y.LockedLocation is { } pin && pin != l.Id,
                "EXCLUDED" => y.ExcludeLocations.Contains(l.Id),
                "KEEP_APART" => y.KeepApart.Any(k => _at.GetValueOrDefault(k) == l.Id)
                    || problem.Youths.Any(o => o.KeepApart.Contains(y.Id) && _at.GetValueOrDefault(o.Id) == l.Id),
                "TURNING_18" => _views.Turning18Hard && y.CurrentLocation is { } c && !Same(_regions[l.Id].Region, _regions[c].Region),
                "NEEDS" => !y.Needs.IsDefaultOrEmpty,
                _ => false,
            });
        }

        /// <summary>The wish as the criteria read it: the wished location, and the wished municipality and region, given or derived (docs/criteria.md).</summary>
        private (Location? Location, string? Municipality, string? Region) Wished(Youth y)
        {
            var wished = y.WishLocation is { } id ? _locations[id] : null;
            var municipality = y.WishMunicipality is { } gm ? Geo.Municipality(gm)!.Municipality!.Code : null;
            var region = y.WishRegion ?? (y.WishMunicipality is { } m ? Geo.Municipality(m)!.EducationRegion?.Code : null);
            municipality ??= wished is null ? null : _regions[wished.Id].Municipality;
            region ??= wished is null ? null : _regions[wished.Id].Region;
            return (wished, municipality, region);
        }

        /// <summary>True when the location meets every part of the wish (within <c>wishNearFreeKm</c> of the wished place).</summary>
        private bool WishMet(Youth y, Location l)
        {
            var (wished, municipality, region) = Wished(y);
            return (wished is null || wished.Id == l.Id)
                && (municipality is null || Same(_regions[l.Id].Municipality, municipality))
                && (region is null || Same(_regions[l.Id].Region, region))
                && (y.WishNear is not { } near || l.Point.DistanceKm(near) <= _views.WishNearFreeKm);
        }

        /// <summary>The views criterion's cost of the youth in the location: each missed part's weight, per km beyond the free radius (at least 1 when beyond it).</summary>
        private long WishCost(Youth y, Location l)
        {
            var (wished, municipality, region) = Wished(y);
            long cost = 0;
            cost += wished is not null && wished.Id != l.Id ? _views.WishLocation : 0;
            cost += municipality is not null && !Same(_regions[l.Id].Municipality, municipality) ? _views.WishMunicipality : 0;
            cost += region is not null && !Same(_regions[l.Id].Region, region) ? _views.WishRegion : 0;
            if (y.WishNear is { } near && l.Point.DistanceKm(near) - _views.WishNearFreeKm is var beyond && beyond > 0)
            {
                cost += Math.Max(1, (long)Math.Round(beyond * _views.WishNearPerKm, MidpointRounding.AwayFromZero));
            }

            return cost;
        }

        private static string Wish(Youth y)
        {
            var (lat, lon) = y.WishNear is { } near ? near.ToWgs84() : (0, 0);
            return string.Join(' ', new[]
            {
                y.WishLocation is { } l ? "location:" + l : null,
                y.WishMunicipality is { } m ? "municipality:" + m : null,
                y.WishRegion is { } r ? "region:" + r : null,
                y.WishNear is not null ? string.Create(CultureInfo.InvariantCulture, $"near:{lat:F3},{lon:F3}") : null,
            }.OfType<string>());
        }

        private static bool Same(string? a, string? b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
    }
}

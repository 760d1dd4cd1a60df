using Spreidingswet.Placement.Inputs;
using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Rules;
using Spreidingswet.Placement.Tests.Support;
using static Spreidingswet.Placement.Tests.Support.TestProblems;

namespace Spreidingswet.Placement.Tests.Views;

/// <summary>
/// Issue 19, done when: on a generated instance with wishes for about half the youths, education-first
/// honours at least as many wishes as capacity-only and more where beds allow, with no more education
/// breaks than without wishes in either tier order; every youth of every proposal has a
/// best-interests statement whose every claim matches the proposal's own values.
/// </summary>
public sealed class BestInterestsTests
{
    private static readonly SyntheticSettings Settings = new() { Youths = 1_000, Locations = 60, Seed = 11, Closures = 2 };

    private static readonly Lazy<PlacementProblem> Instance = new(() =>
        SyntheticGenerator.AddViews(SyntheticGenerator.Generate(Settings, TestProblems.Geography), 0.5, Settings.Seed, TestProblems.Geography, Settings.PlanningDate));

    private static readonly Dictionary<string, Proposal> Runs = [];

    private static Proposal Run(Policy policy, ViewsOptions views, Language language = Language.English)
    {
        var key = $"{policy}/{views}/{language}";
        lock (Runs)
        {
            if (!Runs.TryGetValue(key, out var proposal))
            {
                var result = new PlacementEngine(TestProblems.Geography).Propose(Instance.Value, new PlacementOptions
                {
                    Policy = policy, PlanningDate = Date, Views = views, Language = language, TimeLimit = TimeSpan.FromSeconds(60),
                });
                Assert.True(result.Succeeded, string.Join("\n", result.Errors));
                proposal = Runs[key] = result.Value!;
            }

            return proposal;
        }
    }

    [Fact]
    public void EducationFirst_HonoursMoreWishesThanCapacityOnly_WithNoMoreEducationBreaksThanWithoutWishes()
    {
        var capacityOnly = Run(Policy.CapacityOnly, ViewsOptions.Default);
        var without = Run(Policy.EducationFirst, ViewsOptions.Default with { Enabled = false });
        foreach (var tier in new[] { ViewsTier.Weighted, ViewsTier.AfterEducation })
        {
            var educationFirst = Run(Policy.EducationFirst, ViewsOptions.Default with { Tier = tier });
            var (ef, co) = (educationFirst.Metrics.Views!, capacityOnly.Metrics.Views!);
            Assert.Equal(co.WishesStated, ef.WishesStated);
            Assert.InRange(ef.WishesStated, 400, 600);
            Assert.True(ef.WishesHonoured > co.WishesHonoured, $"{tier}: education-first honours {ef.WishesHonoured} wishes, capacity-only {co.WishesHonoured}");
            Assert.True(educationFirst.Metrics.EducationRegionBreaksCaused <= without.Metrics.EducationRegionBreaksCaused,
                $"{tier}: {educationFirst.Metrics.EducationRegionBreaksCaused} breaks with wishes, {without.Metrics.EducationRegionBreaksCaused} without");
            Assert.Equal(without.Metrics.Unplaced, educationFirst.Metrics.Unplaced);
        }

        // A tier of their own honours at least as many wishes as the weighted tier.
        Assert.True(Run(Policy.EducationFirst, ViewsOptions.Default with { Tier = ViewsTier.AfterEducation }).Metrics.Views!.WishesHonoured
            >= Run(Policy.EducationFirst, ViewsOptions.Default).Metrics.Views!.WishesHonoured);
    }

    public static TheoryData<Policy, ViewsTier, Language> Proposals() => new()
    {
        { Policy.EducationFirst, ViewsTier.Weighted, Language.English },
        { Policy.EducationFirst, ViewsTier.AfterEducation, Language.Dutch },
        { Policy.Weighted, ViewsTier.Weighted, Language.English },
        { Policy.CapacityOnly, ViewsTier.Weighted, Language.English },
    };

    [Theory]
    [MemberData(nameof(Proposals))]
    public void EveryYouth_HasAStatement_WhoseEveryClaimMatchesTheProposal(Policy policy, ViewsTier tier, Language language)
    {
        var proposal = Run(policy, ViewsOptions.Default with { Tier = tier }, language);
        var youths = Instance.Value.Youths.ToDictionary(y => y.Id, StringComparer.Ordinal);
        var at = proposal.Assignments.ToDictionary(a => a.Youth, a => a.Location, StringComparer.Ordinal);
        var weighs = policy != Policy.CapacityOnly;
        var o = ViewsOptions.Default;
        var honoured = 0;
        Assert.Equal(youths.Count, proposal.Assignments.Length + proposal.Unplaced.Length);
        foreach (var (id, bi, a) in proposal.Assignments.Select(a => (a.Youth, a.BestInterests, (Assignment?)a))
            .Concat(proposal.Unplaced.Select(u => (u.Youth, u.BestInterests, (Assignment?)null))))
        {
            Assert.NotNull(bi);
            Assert.Equal(Texts.BestInterests(bi.Claims, language), bi.Statement);
            var y = youths[id];
            var claims = bi.Claims.ToDictionary(c => c.Topic, StringComparer.Ordinal);
            var placement = claims["placement"];
            if (a is null)
            {
                Assert.Equal("unplaced", placement.Outcome);
                Assert.Equal(proposal.Unplaced.Single(u => u.Youth == id).Reasons.Select(r => r.Code), placement.Because!.Value);
            }
            else
            {
                Assert.Equal(a.Location, placement.Got);
                Assert.Equal(a.From is null ? "newArrival" : a.From == a.Location ? "stays" : "moves", placement.Outcome);
            }

            var education = claims["educationRegion"];
            if (a?.EducationRegion is { } er)
            {
                Assert.Equal((er.School, er.Location), (education.Wanted, education.Got));
                Assert.Equal(er.Kept ? "kept" : a.From == a.Location ? "brokenBefore" : "broken", education.Outcome);
                if (education.Outcome == "broken")
                {
                    Assert.NotEmpty(education.Because!.Value);
                    Assert.True(!weighs || a.Criteria["educationRegionBreak"] > 0);
                }
            }
            else if (a is not null)
            {
                Assert.Contains(education.Outcome, new[] { "notSchoolGoing", "regionUnknown" });
            }

            if (y.SiblingGroup is { } group && Instance.Value.Youths.Count(s => s.SiblingGroup == group) > 1)
            {
                var siblings = Instance.Value.Youths.Where(s => s.SiblingGroup == group).Select(s => s.Id).ToList();
                Assert.Equal(siblings.Count, claims["siblings"].Count);
                Assert.Single(siblings.Select(s => at.GetValueOrDefault(s)).Distinct());
                Assert.Equal(a is null ? "unplacedTogether" : "together", claims["siblings"].Outcome);
            }

            var views = claims["views"];
            if (y.HasWish)
            {
                Assert.Contains(views.Outcome, new[] { "met", "notMet", "unplaced" });
                Assert.Equal(y.ViewsHeardOn, views.On);
                if (a is not null && weighs)
                {
                    Assert.Equal(views.Outcome == "met", a.Criteria["views"] == 0);
                }

                if (views.Outcome == "met")
                {
                    honoured++;
                    Assert.Null(views.Because);
                    Assert.True(y.WishLocation is null || y.WishLocation == a!.Location);
                }
                else
                {
                    Assert.NotEmpty(views.Because!.Value);
                    Assert.True(weighs || views.Because!.Value.All(c => !c.StartsWith("WEIGHED:", StringComparison.Ordinal)));
                }
            }
            else
            {
                Assert.Contains(views.Outcome, new[] { "noWish", "notRecorded" });
            }

            if (a?.SchoolDistanceKm is { } km)
            {
                Assert.Equal(km, claims["schoolDistance"].Km);
            }
            else
            {
                Assert.False(claims.ContainsKey("schoolDistance"));
            }

            if (y.CurrentLocation is not null && a is not null)
            {
                var moves = claims["moves"];
                Assert.Equal(y.MovesLast12Months ?? 0, moves.Count);
                Assert.Equal(a.From == a.Location, moves.Outcome == "stays");
                if (weighs)
                {
                    Assert.Equal(moves.Outcome == "moved" ? moves.Count * o.StabilityPerMove : 0, a.Criteria["stability"]);
                }
            }

            var turns = y.BirthDate is { } birth && birth.AddYears(18) > Date && birth.AddYears(18) <= Date.AddMonths(o.Turning18HorizonMonths);
            Assert.Equal(turns, claims.ContainsKey("turning18"));
            if (turns)
            {
                Assert.Equal(y.BirthDate!.Value.AddYears(18), claims["turning18"].On);
                if (a is not null && weighs)
                {
                    Assert.Equal(claims["turning18"].Outcome == "crossRegion", a.Criteria["turning18"] > 0);
                }
            }
        }

        Assert.Equal(proposal.Metrics.Views!.WishesHonoured, honoured);
        Assert.Equal(Instance.Value.Youths.Count(y => y.HasWish), proposal.Metrics.Views.WishesStated);
    }

    [Fact]
    public void WithoutViewsFields_EveryYouthStillHasAStatement_SayingNoViewsWereRecorded_AndTurning18ComesFromBirthDate()
    {
        var plain = SyntheticGenerator.Generate(Settings with { Youths = 300, Locations = 30 }, TestProblems.Geography);
        var proposal = Propose(plain);
        Assert.All(proposal.Assignments, a => Assert.DoesNotContain("views", a.Criteria.Keys));
        Assert.All(proposal.Assignments, a => Assert.DoesNotContain("stability", a.Criteria.Keys));
        Assert.All(proposal.Assignments, a => Assert.Contains("turning18", a.Criteria.Keys));
        var turning = plain.Youths.Count(y => y.BirthDate!.Value.AddYears(18) is var b && b > Date && b <= Date.AddMonths(6));
        Assert.True(turning > 0);
        Assert.Equal((0, 0, 0, turning), (proposal.Metrics.Views!.WishesStated, proposal.Metrics.Views.WishesHonoured, proposal.Metrics.Views.MovedAgainWithin12Months, proposal.Metrics.Views.Turning18));
        Assert.Equal(ViewsOptions.Default, proposal.Run.Views);
        var youths = plain.Youths.ToDictionary(y => y.Id, StringComparer.Ordinal);
        var statements = proposal.Assignments.Select(a => (a.Youth, a.BestInterests, (string?)a.Location, a.From))
            .Concat(proposal.Unplaced.Select(u => (u.Youth, u.BestInterests, (string?)null, youths[u.Youth].CurrentLocation)))
            .ToArray();
        Assert.Equal(plain.Youths.Length, statements.Length);
        foreach (var (id, bi, location, from) in statements)
        {
            Assert.NotNull(bi);
            Assert.Equal(Texts.BestInterests(bi.Claims, Language.English), bi.Statement);
            var claims = bi.Claims.ToDictionary(c => c.Topic, StringComparer.Ordinal);
            Assert.Equal("notRecorded", claims["views"].Outcome);
            var birthday = youths[id].BirthDate!.Value.AddYears(18);
            Assert.Equal(birthday > Date && birthday <= Date.AddMonths(6), claims.ContainsKey("turning18"));
            Assert.Equal(location is null ? "unplaced" : from is null ? "newArrival" : from == location ? "stays" : "moves", claims["placement"].Outcome);
            if (from is not null)
            {
                // Not recorded, so no count is claimed, and no stability is said to be weighed.
                Assert.Null(claims["moves"].Count);
                Assert.Contains("Moves in the last 12 months: not recorded", bi.Statement, StringComparison.Ordinal);
                Assert.DoesNotContain("stability weighed", bi.Statement, StringComparison.Ordinal);
            }
        }

        // explain and report.html carry the statement too.
        var first = proposal.Assignments[0];
        var text = new PlacementEngine(TestProblems.Geography).Explain(proposal, plain, first.Youth, null, Language.English).GetValueOrThrow();
        Assert.Contains(first.BestInterests!.Statement, text, StringComparison.Ordinal);
        var html = Spreidingswet.Placement.Outputs.ReportHtml.Render(proposal, null, TestProblems.Geography, plain);
        Assert.Contains(System.Net.WebUtility.HtmlEncode(first.BestInterests.Statement), html, StringComparison.Ordinal);

        Assert.Contains(statements, s => s.BestInterests!.Claims.Any(c => c.Topic == "turning18"));

        // With --views on the same problem the views criteria apply, and no youth has a wish.
        var on = new PlacementEngine(TestProblems.Geography).Propose(plain, new PlacementOptions { PlanningDate = Date, Views = new ViewsOptions { Enabled = true } }).GetValueOrThrow();
        Assert.All(on.Assignments, a => Assert.NotNull(a.BestInterests));
        Assert.Equal(0, on.Metrics.Views!.WishesStated);
    }

    [Fact]
    public void Explain_PrintsTheStatement_InTheLanguageAsked()
    {
        var proposal = Run(Policy.EducationFirst, ViewsOptions.Default);
        var youth = proposal.Assignments.First(a => a.BestInterests!.Claims.Any(c => c is { Topic: "views", Outcome: "met" }));
        var engine = new PlacementEngine(TestProblems.Geography);
        var en = engine.Explain(proposal, Instance.Value, youth.Youth, null, Language.English).GetValueOrThrow();
        var nl = engine.Explain(proposal, Instance.Value, youth.Youth, null, Language.Dutch).GetValueOrThrow();
        Assert.Contains("Weighed in the child's best interests:", en, StringComparison.Ordinal);
        Assert.Contains(youth.BestInterests!.Statement, en, StringComparison.Ordinal);
        Assert.Contains("is vervuld", nl, StringComparison.Ordinal);
    }
}

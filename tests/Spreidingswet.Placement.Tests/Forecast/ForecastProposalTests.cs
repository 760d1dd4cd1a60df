using System.Collections.Immutable;
using Spreidingswet.Placement.Geography;
using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Outputs;
using Spreidingswet.Placement.Tests.Support;
using static Spreidingswet.Placement.Tests.Support.TestProblems;

namespace Spreidingswet.Placement.Tests.Forecast;

/// <summary>
/// A proposal with a forecast (<see cref="PlacementOptions.Forecast"/>), by the real engine: beds held
/// for a region's expected school-going arrivals, only its school-going youths take them, the
/// proposal names the real locations, and holding never leaves a youth unplaced who would be placed.
/// </summary>
public sealed class ForecastProposalTests
{
    /// <summary>Utrecht's education region code in the embedded geography.</summary>
    internal static string RegionOf(string municipality) => TestProblems.Geography.Lookup(In(municipality), RegionRole.EducationRegion)!.Code;

    /// <summary>
    /// Utrecht (region A): one small-scale location, 4 free beds, that the under-15s prefer (the
    /// small-scale criterion); Maastricht: 3 beds, not small-scale. Three under-15s without a school
    /// and one school-going youth of region A arrive.
    /// </summary>
    internal static PlacementProblem Instance(int maastrichtBeds = 3) => Problem(
        [Kid("N1", age: 14), Kid("N2", age: 14), Kid("N3", age: 14), Kid("S1", age: 16, school: Utrecht)],
        [Loc("UA", Utrecht, 4) with { SmallScale = true }, Loc("MB", Maastricht, maastrichtBeds)]);

    internal static DemandForecast ForecastFor(string region, params double[] perWeek) => new()
    {
        Weeks = [.. perWeek.Select((n, i) => new ForecastWeek(region, Date.AddDays(7 * (i + 1)), n))],
    };

    private static Proposal Run(PlacementProblem problem, DemandForecast? forecast, Policy policy = Policy.EducationFirst)
    {
        var result = new PlacementEngine(TestProblems.Geography).Propose(problem, new PlacementOptions
        {
            Policy = policy,
            PlanningDate = Date,
            TimeLimit = TimeSpan.FromSeconds(30),
            Forecast = forecast,
        });
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        return result.Value!;
    }

    [Fact]
    public void WithoutAForecast_TheUnder15sTakeTheRegionsBeds_WithOne_TheyStayFreeForItsSchoolGoingArrivals()
    {
        var region = RegionOf(Utrecht);
        var plain = Run(Instance(), null);
        Assert.Null(plain.Run.Forecast);
        Assert.Equal(3, plain.Assignments.Count(a => a.Location == "UA" && a.Youth.StartsWith('N')));

        var held = Run(Instance(), ForecastFor(region, 2, 1));
        var f = held.Run.Forecast!;
        Assert.Equal("full", f.Applied);
        // Shortfall 3 (2 + 1 expected, nobody turning 18) plus S1 (the region's own school-going youth), within UA's 4 free beds.
        Assert.Equal(4, f.HeldPerRegion[region]);
        Assert.Equal(1, f.TakenPerRegion[region]);
        Assert.Equal(3, f.KeptFreePerRegion[region]);
        Assert.Equal("UA", LocationOf(held, "S1"));
        Assert.All(held.Assignments.Where(a => a.Youth.StartsWith('N')), a => Assert.Equal("MB", a.Location));
        Assert.Empty(held.Unplaced);
        Assert.Equal(4, held.Metrics.Placed);

        // Real locations only, in proposal.json too.
        Assert.All(held.Assignments, a => Assert.Contains(a.Location, new[] { "UA", "MB" }));
        Assert.All(held.Assignments.SelectMany(a => a.Alternatives), x => Assert.Contains(x.Location, new[] { "UA", "MB" }));
        var json = System.Text.Json.JsonSerializer.Serialize(held, ProposalWriter.JsonOptions);
        Assert.DoesNotContain("~held", json, StringComparison.Ordinal);
        Assert.Contains("\"forecast\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void ASiblingGroup_IsPlannedAsOne_ItsSchoolGoingMemberKeepsItsRegion_UnlessTheForecastNeedsTheBedsMore()
    {
        // UA's 2 free beds: S1 goes to school in region A, its brother N9 has no school, N8 is alone. The plan
        // places the group as one need of 2 beds (before, it planned S1 alone and offered UA 1 bed, so the
        // group went to Maastricht together and S1's schooling broke).
        var region = RegionOf(Utrecht);
        var problem = Problem(
            [Kid("S1", age: 16, school: Utrecht) with { SiblingGroup = "G" }, Kid("N9", age: 15) with { SiblingGroup = "G" }, Kid("N8", age: 15)],
            [Loc("UA", Utrecht, 2), Loc("MB", Maastricht, 3)]);
        var one = Run(problem, ForecastFor(region, 1));
        Assert.Equal("full", one.Run.Forecast!.Applied);
        Assert.Equal(2, one.Run.Forecast.HeldPerRegion[region]);
        Assert.Equal("UA", LocationOf(one, "S1"));
        Assert.Equal("UA", LocationOf(one, "N9"));
        Assert.Equal("MB", LocationOf(one, "N8"));
        Assert.Equal(2, one.Run.Forecast.TakenPerRegion[region]);

        // Two school-going arrivals expected next week keep more youths in their region than the group's one:
        // the beds are kept for them and the group goes to Maastricht together.
        var two = Run(problem, ForecastFor(region, 2));
        Assert.Equal("MB", LocationOf(two, "S1"));
        Assert.Equal("MB", LocationOf(two, "N9"));
        Assert.Equal(2, two.Run.Forecast!.KeptFreePerRegion[region]);
    }

    [Fact]
    public void AWishForALocation_IsMetInItsHeldBeds_TheSameSite()
    {
        // S1 wishes UA, whose free beds are all held: placed in the held beds it is at UA, and its wish is met
        // (the criterion, the claim, the statement and the metrics), not counted as a placement elsewhere.
        var region = RegionOf(Utrecht);
        var problem = Instance() with { Youths = [.. Instance().Youths.Select(y => y.Id == "S1" ? y with { WishLocation = "UA" } : y)] };
        var held = Run(problem, ForecastFor(region, 2, 1));
        Assert.Equal(4, held.Run.Forecast!.HeldPerRegion[region]);
        var s1 = held.Assignments.Single(a => a.Youth == "S1");
        Assert.Equal("UA", s1.Location);
        Assert.Equal(1, held.Run.Forecast.TakenPerRegion[region]);
        var claim = s1.BestInterests!.Claims.Single(c => c.Topic == "views");
        Assert.Equal(("met", "UA"), (claim.Outcome, claim.Got));
        Assert.Equal(0, s1.Criteria["views"]);
        Assert.Equal((1, 1), (held.Metrics.Views!.WishesStated, held.Metrics.Views.WishesHonoured));
    }

    [Fact]
    public void ResidentsTurning18_FreeBeds_TheHoldIsTheLargestShortfall()
    {
        var region = RegionOf(Utrecht);
        // R1 lives in UA (so UA has 3 free beds) and turns 18 in the first forecast week: expected 2 then 1,
        // freed 1 by the first week: shortfall max(2 - 1, 3 - 1) = 2, plus S1 = 3 beds held.
        var problem = Instance() with
        {
            Youths = [.. Instance().Youths, new Youth("R1") { BirthDate = Date.AddDays(9).AddYears(-18), CurrentLocation = "UA" }],
        };
        var held = Run(problem, ForecastFor(region, 2, 1));
        Assert.Equal(3, held.Run.Forecast!.HeldPerRegion[region]);
        Assert.Equal("UA", LocationOf(held, "R1"));
        Assert.Equal("UA", LocationOf(held, "S1"));
    }

    [Fact]
    public void ThePlanNeverHoldsABedThisProposalNeeds()
    {
        var region = RegionOf(Utrecht);
        // Maastricht has 1 bed: 5 beds for 4 youths and 10 arrivals expected. The plan places everyone (S1 and
        // two under-15s in UA, one in MB) and keeps the fifth bed.
        var held = Run(Instance(maastrichtBeds: 1), ForecastFor(region, 10));
        Assert.Empty(held.Unplaced);
        Assert.Equal("full", held.Run.Forecast!.Applied);
        Assert.Equal(4, held.Run.Forecast.HeldPerRegion[region]);
        Assert.Equal(3, held.Run.Forecast.TakenPerRegion[region]);
        Assert.Equal(1, held.Run.Forecast.KeptFreePerRegion[region]);
        Assert.Equal("UA", LocationOf(held, "S1"));

        // Maastricht has none: 4 beds for 4 youths, nothing is kept.
        var none = Run(Instance(maastrichtBeds: 0), ForecastFor(region, 10));
        Assert.Empty(none.Unplaced);
        Assert.Equal(0, none.Run.Forecast!.KeptFreePerRegion[region]);
    }

    [Fact]
    public void ASmallForecast_HoldsOnlyTheBedsItNeeds_TheRestStaysOpenToEveryone()
    {
        // UA has 10 free beds and one school-going arrival is expected: the plan offers the four youths their
        // beds, keeps one for the arrival and leaves the other 5 open to everyone; all four are at the
        // small-scale UA. Holding every bed the youths do not take (10) would be a hold for no one.
        var region = RegionOf(Utrecht);
        var problem = Problem(
            [Kid("N1", age: 14), Kid("N2", age: 14), Kid("N3", age: 14), Kid("S1", age: 16, school: Utrecht)],
            [Loc("UA", Utrecht, 10) with { SmallScale = true }, Loc("MB", Maastricht, 3)]);
        var held = Run(problem, ForecastFor(region, 1));
        var f = held.Run.Forecast!;
        Assert.Equal("full", f.Applied);
        Assert.InRange(f.HeldPerRegion[region], 1, 5);
        Assert.True(f.KeptFreePerRegion[region] >= 1, "no bed kept for the expected arrival");
        Assert.All(held.Assignments, a => Assert.Equal("UA", a.Location));
        Assert.Empty(held.Unplaced);
    }

    [Fact]
    public void ForecastWeeksBeyond104Weeks_AreNotCounted()
    {
        var region = RegionOf(Utrecht);
        var far = new DemandForecast { Weeks = [new ForecastWeek(region, Date.AddDays(7 * 110), 50)] };
        var proposal = Run(Instance(), far);
        Assert.Empty(proposal.Run.Forecast!.HeldPerRegion);
        Assert.Equal(3, proposal.Assignments.Count(a => a.Location == "UA" && a.Youth.StartsWith('N')));
    }

    [Fact]
    public void HoldingNeverLeavesAYouthUnplaced_WhoWouldBePlacedWithout()
    {
        // K1 and K2 must be kept apart; UA and UB (region A, alike: one pool in the plan) have 2 free beds
        // each and Maastricht none. The plan places both in the pool and keeps 2 beds, but offers its 2 in UA
        // (the most free beds first), where the pair cannot both go: one would be left without a bed. Half the
        // kept beds opened to all (UB 1) places both: kept.
        var region = RegionOf(Utrecht);
        PlacementProblem Pair(int ub) => Problem(
            [Kid("K1", age: 16) with { KeepApart = ["K2"] }, Kid("K2", age: 16)],
            [Loc("UA", Utrecht, 2), Loc("UB", Utrecht, ub), Loc("MB", Maastricht, 0)]);
        Assert.Empty(Run(Pair(2), null).Unplaced);
        var half = Run(Pair(2), ForecastFor(region, 10));
        Assert.Empty(half.Unplaced);
        Assert.Equal("half", half.Run.Forecast!.Applied);
        Assert.NotEqual(LocationOf(half, "K1"), LocationOf(half, "K2"));
        Assert.Equal(3, half.Run.Forecast.HeldPerRegion[region]);

        // UB has 1 bed: half of its kept bed is none, so nothing is held and the pair is placed as without a forecast.
        var none = Run(Pair(1), ForecastFor(region, 10));
        Assert.Empty(none.Unplaced);
        Assert.Equal("none", none.Run.Forecast!.Applied);
        Assert.Empty(none.Run.Forecast.HeldPerRegion);
        Assert.NotEqual(LocationOf(none, "K1"), LocationOf(none, "K2"));
    }

    [Fact]
    public void Weighted_HoldsTheSameBeds()
    {
        var region = RegionOf(Utrecht);
        var p = Run(Instance(), ForecastFor(region, 2, 1), Policy.Weighted);
        Assert.Equal(4, p.Run.Forecast!.HeldPerRegion[region]);
        Assert.Equal("UA", LocationOf(p, "S1"));
        Assert.All(p.Assignments.Where(a => a.Youth.StartsWith('N')), a => Assert.Equal("MB", a.Location));
    }

    [Fact]
    public void AReplanWithAForecast_IsAFullRunThatHoldsAgain()
    {
        var region = RegionOf(Utrecht);
        var engine = new PlacementEngine(TestProblems.Geography);
        var options = new PlacementOptions { PlanningDate = Date, TimeLimit = TimeSpan.FromSeconds(30), Forecast = ForecastFor(region, 2, 1) };
        var problem = Instance(maastrichtBeds: 6) with { Locations = [.. Instance(maastrichtBeds: 6).Locations, Loc("GX", Groningen, 2)] };
        var session = engine.StartSession(problem, options).Value!;
        var closed = problem with { Locations = [.. problem.Locations.Select(l => l.Id == "GX" ? l with { ClosesOn = Date } : l)] };
        var replanned = engine.Replan(session, closed).Value!;
        Assert.Null(replanned.Solver.ReplannedAfterClosing);
        Assert.Equal(4, replanned.Run.Forecast!.HeldPerRegion[region]);
        Assert.All(replanned.Assignments.Where(a => a.Youth.StartsWith('N')), a => Assert.Equal("MB", a.Location));
    }

    [Fact]
    public void CapacityOnly_IgnoresTheForecast_AndSaysSo()
    {
        var p = Run(Instance(), ForecastFor(RegionOf(Utrecht), 5), Policy.CapacityOnly);
        Assert.Equal("ignored", p.Run.Forecast!.Applied);
        Assert.Empty(p.Run.Forecast.HeldPerRegion);
        Assert.Contains(p.Warnings, w => w.Contains("capacity-only ignores the forecast", StringComparison.Ordinal));
    }

    [Fact]
    public void AForecastForAnotherRegion_HoldsNothingHere()
    {
        var p = Run(Instance(), ForecastFor(RegionOf(Groningen), 5));
        Assert.Empty(p.Run.Forecast!.HeldPerRegion);
        Assert.Equal(3, p.Assignments.Count(a => a.Location == "UA" && a.Youth.StartsWith('N')));
    }
}

using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Preparation;
using Spreidingswet.Placement.Rules;
using Spreidingswet.Placement.Rules.Criteria;
using Spreidingswet.Placement.Rules.HardRules;
using Spreidingswet.Placement.Tests.Rules;
using Spreidingswet.Placement.Tests.Support;
using static Spreidingswet.Placement.Tests.Support.TestProblems;

namespace Spreidingswet.Placement.Tests.Views;

/// <summary>
/// Issue 19, criteria: views, stability and turning 18, each alone (the batch path checked against
/// the scalar one by <see cref="RuleVerifier.CriterionCheck"/>), the TURNING_18 hard rule, and where
/// each policy puts them.
/// </summary>
public sealed class ViewsCriteriaTests
{
    private static readonly ViewsOptions O = ViewsOptions.Default;

    private static RuleVerifier.CriterionCheck Verify(Criterion criterion, Youth youth, params Location[] locations)
        => Verify(criterion, O, youth, locations);

    private static RuleVerifier.CriterionCheck Verify(Criterion criterion, ViewsOptions options, Youth youth, params Location[] locations)
    {
        var resolved = Resolver.Resolve(Problem([youth], locations), TestProblems.Geography, Date, 1, options).GetValueOrThrow();
        return new RuleVerifier.CriterionCheck(criterion, new ScoringContext(Weights.Default, resolved) { Views = options, ViewsActive = true });
    }

    // ---- views

    [Fact]
    public void Views_NoWish_CostsNothing()
        => Verify(Policies.Views, Kid("Y1"), Loc("L1", Groningen, 5), Loc("L2", Utrecht, 5)).DoesNotPenalize();

    [Fact]
    public void Views_WishedLocation_CostsNothingThere()
        => Verify(Policies.Views, Kid("Y1") with { WishLocation = "L1" }, Loc("L1", Utrecht, 5), Loc("L2", Groningen, 5)).DoesNotPenalize();

    [Fact]
    public void Views_OtherLocationInTheWishedLocationsMunicipality_CostsTheLocationPartOnly()
        => Verify(Policies.Views, Kid("Y1") with { WishLocation = "L2" }, Loc("L1", Utrecht, 5), Loc("L2", Utrecht, 5)).Penalizes(O.WishLocation);

    [Fact]
    public void Views_WishedLocationMissedInTheSameRegion_CostsLocationAndMunicipality()
        // Zeist lies in Utrecht's education region (MC19).
        => Verify(Policies.Views, Kid("Y1") with { WishLocation = "L2" }, Loc("L1", Zeist, 5), Loc("L2", Utrecht, 5)).Penalizes(O.WishLocation + O.WishMunicipality);

    [Fact]
    public void Views_WishedLocationInAnotherRegion_CostsEveryPart()
        => Verify(Policies.Views, Kid("Y1") with { WishLocation = "L2" }, Loc("L1", Groningen, 5), Loc("L2", Utrecht, 5)).Penalizes(O.WishLocation + O.WishMunicipality + O.WishRegion);

    [Fact]
    public void Views_WishedMunicipality_MetThere_MissedElsewhereInTheRegion()
    {
        Verify(Policies.Views, Kid("Y1") with { WishMunicipality = Utrecht }, Loc("L1", Utrecht, 5), Loc("L2", Zeist, 5)).DoesNotPenalize();
        Verify(Policies.Views, Kid("Y1") with { WishMunicipality = Utrecht }, Loc("L1", Zeist, 5), Loc("L2", Utrecht, 5)).Penalizes(O.WishMunicipality);
    }

    [Fact]
    public void Views_WishedRegion_OnlyTheRegionPart()
    {
        Verify(Policies.Views, Kid("Y1") with { WishRegion = "MC19" }, Loc("L1", Zeist, 5), Loc("L2", Groningen, 5)).DoesNotPenalize();
        Verify(Policies.Views, Kid("Y1") with { WishRegion = "MC19" }, Loc("L1", Groningen, 5), Loc("L2", Zeist, 5)).Penalizes(O.WishRegion);
    }

    [Fact]
    public void Views_WishedRegionWithoutAnyLocation_IsNeverMet()
        => Verify(Policies.Views, Kid("Y1") with { WishRegion = "MC39" }, Loc("L1", Utrecht, 5), Loc("L2", Groningen, 5)).Penalizes(O.WishRegion);

    [Fact]
    public void Views_WishNear_FreeWithinTheRadius_PerKmBeyond()
    {
        Verify(Policies.Views, Kid("Y1") with { WishNear = In(Utrecht) }, Loc("L1", Zeist, 5), Loc("L2", Groningen, 5)).DoesNotPenalize();
        // Utrecht to Groningen is about 160 km: (160 - 25) x 10.
        Verify(Policies.Views, Kid("Y1") with { WishNear = In(Utrecht) }, Loc("L1", Groningen, 5), Loc("L2", Zeist, 5)).PenalizesBetween(1_200, 1_500);
    }

    [Fact]
    public void Views_WishNear_JustBeyondTheRadius_IsMissed_AndNotFree()
    {
        // 30 m beyond the 25 km radius: 0.03 km x 10 rounds to 0, but the wish is missed, so it costs 1.
        var at = In(Utrecht);
        var check = Verify(Policies.Views, Kid("Y1") with { WishNear = Placement.Geography.GeoPoint.FromRd(at.X + 25_030, at.Y) }, Loc("L1", Utrecht, 5), Loc("L2", Groningen, 5));
        check.Penalizes(1);
        Assert.False(ViewsCriterion.Met(check.Problem.Youths[0], check.Problem.Locations[0], O));

        // With the per-km weight at 0 the distance is not weighed at all.
        Verify(Policies.Views, O with { WishNearPerKm = 0 }, Kid("Y1") with { WishNear = Placement.Geography.GeoPoint.FromRd(at.X + 25_030, at.Y) }, Loc("L1", Utrecht, 5)).DoesNotPenalize();
    }

    [Fact]
    public void Views_Met_AgreesWithTheCostBeingZero()
    {
        var check = Verify(Policies.Views, Kid("Y1") with { WishLocation = "L2", WishNear = In(Utrecht) }, Loc("L1", Utrecht, 5), Loc("L2", Zeist, 5));
        var p = check.Problem;
        foreach (var l in p.Locations)
        {
            var cost = Policies.Views.Cost(p.Youths[0], l, new ScoringContext(Weights.Default, p) { Views = O });
            Assert.Equal(cost == 0, ViewsCriterion.Met(p.Youths[0], l, O));
        }
    }

    // ---- stability

    [Fact]
    public void Stability_ChosenMove_GrowsWithTheRecentMoves()
    {
        Verify(Policies.Stability, Kid("Y1", current: "L2") with { MovesLast12Months = 1 }, Loc("L1", Utrecht, 5), Loc("L2", Zeist, 5)).Penalizes(O.StabilityPerMove);
        Verify(Policies.Stability, Kid("Y1", current: "L2") with { MovesLast12Months = 3 }, Loc("L1", Utrecht, 5), Loc("L2", Zeist, 5)).Penalizes(3 * O.StabilityPerMove);
    }

    [Fact]
    public void Stability_StayingNoRecentMovesOrNewArrival_CostsNothing()
    {
        Verify(Policies.Stability, Kid("Y1", current: "L1") with { MovesLast12Months = 2 }, Loc("L1", Utrecht, 5), Loc("L2", Zeist, 5)).DoesNotPenalize();
        Verify(Policies.Stability, Kid("Y1", current: "L2") with { MovesLast12Months = 0 }, Loc("L1", Utrecht, 5), Loc("L2", Zeist, 5)).DoesNotPenalize();
        Verify(Policies.Stability, Kid("Y1") with { MovesLast12Months = 2 }, Loc("L1", Utrecht, 5)).DoesNotPenalize();
    }

    [Fact]
    public void Stability_ForcedMove_CostsNothing()
    {
        // The current location closes: the move is forced, not chosen.
        Verify(Policies.Stability, Kid("Y1", current: "L2") with { MovesLast12Months = 2 }, Loc("L1", Utrecht, 5), Loc("L2", Zeist, 5) with { ClosesOn = Date }).DoesNotPenalize();

        // A hard rule (age) forbids staying.
        Verify(Policies.Stability, Kid("Y1", 14, current: "L2") with { MovesLast12Months = 2 }, Loc("L1", Utrecht, 5), Loc("L2", Zeist, 5, minAge: 15)).DoesNotPenalize();
    }

    // ---- turning 18

    private static Youth Turning18(string current, int monthsAhead = 3) => Kid("Y1", current: current) with { Age = null, BirthDate = Date.AddMonths(monthsAhead).AddYears(-18) };

    [Fact]
    public void Turning18_MovedAcrossRegions_CostsTheWeight()
        => Verify(Policies.Turning18, Turning18("L2"), Loc("L1", Groningen, 5), Loc("L2", Utrecht, 5)).Penalizes(O.Turning18CrossRegion);

    [Fact]
    public void Turning18_StayingOrWithinTheRegion_CostsNothing()
    {
        Verify(Policies.Turning18, Turning18("L1"), Loc("L1", Groningen, 5), Loc("L2", Utrecht, 5)).DoesNotPenalize();
        Verify(Policies.Turning18, Turning18("L2"), Loc("L1", Zeist, 5), Loc("L2", Utrecht, 5)).DoesNotPenalize();
    }

    [Fact]
    public void Turning18_BeyondTheHorizon_CostsNothing_UnlessTheHorizonIsLonger()
    {
        Verify(Policies.Turning18, Turning18("L2", monthsAhead: 8), Loc("L1", Groningen, 5), Loc("L2", Utrecht, 5)).DoesNotPenalize();
        Verify(Policies.Turning18, O with { Turning18HorizonMonths = 12 }, Turning18("L2", monthsAhead: 8), Loc("L1", Groningen, 5), Loc("L2", Utrecht, 5)).Penalizes(O.Turning18CrossRegion);
    }

    [Fact]
    public void Turning18Rule_WithTheHardOption_ForbidsAChosenMoveAcrossRegions_AllowsStayingAndTheRegion()
    {
        var hard = O with { Turning18Hard = true };
        var p = Resolver.Resolve(Problem([Turning18("L2")], [Loc("L1", Groningen, 5), Loc("L2", Utrecht, 5), Loc("L3", Zeist, 5)]), TestProblems.Geography, Date, 1, hard).GetValueOrThrow();
        var rule = new Turning18Rule();
        Assert.False(rule.Allows(p.Youths[0], p.Locations[0]));
        Assert.True(rule.Allows(p.Youths[0], p.Locations[1]));
        Assert.True(rule.Allows(p.Youths[0], p.Locations[2]));
        Assert.Contains("turns 18", rule.Explain(p.Youths[0], p.Locations[0], Language.English), StringComparison.Ordinal);

        // Without the option, or when the location closes (a forced move), it never blocks.
        var soft = Resolver.Resolve(Problem([Turning18("L2")], [Loc("L1", Groningen, 5), Loc("L2", Utrecht, 5)]), TestProblems.Geography, Date, 1, O).GetValueOrThrow();
        Assert.True(rule.CannotBlock(soft.Youths[0]));
        var closing = Resolver.Resolve(Problem([Turning18("L2")], [Loc("L1", Groningen, 5), Loc("L2", Utrecht, 5) with { ClosesOn = Date }]), TestProblems.Geography, Date, 1, hard).GetValueOrThrow();
        Assert.True(rule.Allows(closing.Youths[0], closing.Locations[0]));
    }

    // ---- where the policies put them

    [Fact]
    public void Tiers_EducationFirst_WeighsTheViewsInTheWeightedTier_OrAsATierAfterTheBreaks()
    {
        var weighted = Policies.Tiers(Policy.EducationFirst, Weights.Default, O);
        Assert.Equal(["unplaced", "unplacedPriority", "educationRegionBreaks", "moves", "weighted"], weighted.Select(t => t.Name));
        Assert.Contains(weighted[^1].Terms, x => x.Criterion == Policies.Views);
        Assert.Contains(weighted[^1].Terms, x => x.Criterion == Policies.Stability);
        Assert.Contains(weighted[^1].Terms, x => x.Criterion == Policies.Turning18);

        var own = Policies.Tiers(Policy.EducationFirst, Weights.Default, O with { Tier = ViewsTier.AfterEducation });
        Assert.Equal(["unplaced", "unplacedPriority", "educationRegionBreaks", "views", "moves", "weighted"], own.Select(t => t.Name));
        Assert.DoesNotContain(own[^1].Terms, x => x.Criterion == Policies.Views);
    }

    [Fact]
    public void Tiers_WeightedWeighsThem_CapacityOnlyIgnoresThem_AndWithoutViewsNothingChanges()
    {
        Assert.Contains(Policies.Tiers(Policy.Weighted, Weights.Default, O)[0].Terms, x => x.Criterion == Policies.Views);
        Assert.Equal(Shape(Policies.Tiers(Policy.CapacityOnly, Weights.Default)), Shape(Policies.Tiers(Policy.CapacityOnly, Weights.Default, O)));
        foreach (var policy in new[] { Policy.EducationFirst, Policy.Weighted, Policy.CapacityOnly })
        {
            Assert.Equal(Shape(Policies.Tiers(policy, Weights.Default)), Shape(Policies.Tiers(policy, Weights.Default, null)));
        }

        static string[] Shape(IReadOnlyList<Tier> tiers) => [.. tiers.Select(t => t.Name + ":" + string.Join(",", t.Terms.Select(x => $"{x.Criterion.Name}x{x.Weight}")))];
    }

    [Fact]
    public void ViewsOptions_Validate_NamesTheBadOption()
    {
        Assert.Empty(O.Validate());
        Assert.Contains((O with { WishRegion = -1 }).Validate(), p => p.Contains("WishRegion", StringComparison.Ordinal));
        Assert.Contains((O with { Turning18HorizonMonths = 30 }).Validate(), p => p.Contains("Turning18HorizonMonths is 30", StringComparison.Ordinal));
    }

    [Fact]
    public void ViewsOptions_AppliesTo_AutoFollowsTheData()
    {
        var plain = Problem([Kid("Y1")], [Loc("L1", Utrecht, 5)]);
        var with = Problem([Kid("Y1") with { MovesLast12Months = 0 }], [Loc("L1", Utrecht, 5)]);
        Assert.False(O.AppliesTo(plain));
        Assert.True(O.AppliesTo(with));
        Assert.True((O with { Enabled = true }).AppliesTo(plain));
        Assert.False((O with { Enabled = false }).AppliesTo(with));
    }
}

using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Rules;
using Spreidingswet.Placement.Rules.HardRules;
using static Spreidingswet.Placement.Tests.Rules.RuleVerifier;
using static Spreidingswet.Placement.Tests.Support.TestProblems;

namespace Spreidingswet.Placement.Tests.Rules;

/// <summary>Each hard rule alone, through <see cref="RuleVerifier"/>.</summary>
public sealed class HardRuleTests
{
    private static void Expect(bool allowed, RuleVerifier.HardRuleCheck check)
    {
        if (allowed)
        {
            check.Allows();
        }
        else
        {
            check.Forbids();
        }
    }

    [Theory]
    [InlineData(14, false)]
    [InlineData(15, true)]
    [InlineData(17, true)]
    [InlineData(18, false)]
    public void AgeRule_AgeAgainstRange_AllowsOnlyInside(int age, bool allowed)
        => Expect(allowed, Verify(new AgeRule(), Kid("Y1", age), Loc("L1", Utrecht, 10, 15, 17)));

    [Fact]
    public void AgeRule_BirthDate_UsesAgeOnPlanningDate()
    {
        var youth = new Youth("Y1") { BirthDate = Date.AddYears(-15).AddDays(1) }; // 14 until tomorrow
        Verify(new AgeRule(), youth, Loc("L1", Utrecht, 10, 15, 17)).Forbids();
    }

    [Theory]
    [InlineData(Gender.Male, true)]
    [InlineData(Gender.Female, false)]
    [InlineData(Gender.X, false)]
    public void GenderRule_LocationForBoysOnly_FiltersEligibilityOnly(Gender gender, bool allowed)
        => Expect(allowed, Verify(new GenderRule(), Kid("Y1") with { Gender = gender }, Loc("L1", Utrecht, 10) with { Genders = [Gender.Male] }));

    [Fact]
    public void GenderRule_NoGendersListed_AcceptsAll()
        => Verify(new GenderRule(), Kid("Y1") with { Gender = Gender.Female }, Loc("L1", Utrecht, 10)).Allows();

    [Theory]
    [InlineData(CareLevel.Standard, true)]
    [InlineData(CareLevel.Intensive, true)]
    [InlineData(CareLevel.Protected, false)]
    public void CareLevelRule_OffersStandardAndIntensive_RejectsProtected(CareLevel level, bool allowed)
        => Expect(allowed, Verify(new CareLevelRule(), Kid("Y1") with { CareLevel = level }, Loc("L1", Utrecht, 10) with { CareLevels = [CareLevel.Standard, CareLevel.Intensive] }));

    [Fact]
    public void CareLevelRule_NoLevelsListed_MeansStandardOnly()
    {
        Verify(new CareLevelRule(), Kid("Y1"), Loc("L1", Utrecht, 10)).Allows();
        var (en, nl) = Verify(new CareLevelRule(), Kid("Y1") with { CareLevel = CareLevel.Intensive }, Loc("L1", Utrecht, 10)).Forbids();
        Assert.Equal("L1 does not offer care level intensive", en);
        Assert.Equal("L1 biedt geen zorgniveau intensief", nl);
    }

    [Fact]
    public void NeedsRule_EveryNeedMustBeATag()
    {
        var location = Loc("L1", Utrecht, 10) with { Tags = ["isk", "medical"] };
        Verify(new NeedsRule(), Kid("Y1") with { Needs = ["medical"] }, location).Allows();
        var (en, _) = Verify(new NeedsRule(), Kid("Y1") with { Needs = ["medical", "trauma"] }, location).Forbids();
        Assert.Equal("L1 does not offer: trauma", en);
    }

    [Fact]
    public void NeedsRule_NoNeeds_CannotBlock()
    {
        var check = Verify(new NeedsRule(), Kid("Y1"), Loc("L1", Utrecht, 10));
        check.Allows();
        Assert.True(new NeedsRule().CannotBlock(check.Problem.Youths[0]));
    }

    [Fact]
    public void ExcludedRule_ExcludedLocation_IsNotAllowed()
        => Verify(new ExcludedRule(), Kid("Y1") with { ExcludeLocations = ["L1"] }, Loc("L1", Utrecht, 10)).Forbids();

    [Fact]
    public void ExcludedRule_OtherLocation_IsAllowed()
        => Verify(new ExcludedRule(), Kid("Y1") with { ExcludeLocations = ["L2"] }, Loc("L1", Utrecht, 10), Loc("L2", Zeist, 10)).AllowsAt(1, false).Allows();

    [Fact]
    public void PinRule_PinnedElsewhere_IsNotAllowedHere()
    {
        var check = Verify(new PinRule(), Kid("Y1") with { LockedLocation = "L2" }, Loc("L1", Utrecht, 10), Loc("L2", Zeist, 10));
        var (en, nl) = check.AllowsAt(1, true).Forbids();
        Assert.Equal("the planner pinned this youth to L2", en);
        Assert.Equal("de planner heeft deze jongere vastgezet op L2", nl);
    }

    [Fact]
    public void ClosedRule_ClosingOnOrBeforePlanningDate_TakesNobody()
    {
        var (en, nl) = Verify(new ClosedRule(), Kid("Y1"), Loc("L1", Utrecht, 10) with { ClosesOn = Date }).Forbids();
        Assert.Equal("L1 is closed from 2026-12-01", en);
        Assert.Equal("L1 is gesloten per 2026-12-01", nl);
        Verify(new ClosedRule(), Kid("Y1"), Loc("L1", Utrecht, 10) with { ClosesOn = Date.AddDays(1) }).Allows();
    }

    [Fact]
    public void NoBedsRule_EverythingReserved_TakesNobody()
    {
        var (en, _) = Verify(new NoBedsRule(), Kid("Y1"), Loc("L1", Utrecht, 10) with { Reserved = 10 }).Forbids();
        Assert.Equal("L1 has no beds for this run (capacity 10, reserved 10)", en);
        Verify(new NoBedsRule(), Kid("Y1"), Loc("L1", Utrecht, 10) with { Reserved = 9 }).Allows();
    }

    [Fact]
    public void Explain_Dutch_GivesDutchText()
    {
        var (en, nl) = Verify(new AgeRule(), Kid("Y1", 14), Loc("L1", Utrecht, 10, 15, 17)).Forbids();
        Assert.Equal("L1 neemt leeftijd 15-17, de jongere is 14", nl);
        Assert.Equal("L1 takes ages 15-17, the youth is 14", en);
    }

    [Fact]
    public void All_HasOneRulePerCode_InReportOrder()
        => Assert.Equal(
            [ReasonCodes.Closed, ReasonCodes.NoBeds, ReasonCodes.PinnedElsewhere, ReasonCodes.Excluded, ReasonCodes.Age, ReasonCodes.Gender, ReasonCodes.CareLevel, ReasonCodes.Needs, ReasonCodes.Turning18],
            HardRule.All.Select(r => r.Code));
}

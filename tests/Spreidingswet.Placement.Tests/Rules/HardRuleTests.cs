using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Preparation;
using Spreidingswet.Placement.Rules;
using static Spreidingswet.Placement.Tests.Support.TestProblems;

namespace Spreidingswet.Placement.Tests.Rules;

public sealed class HardRuleTests
{
    private static (ResolvedYouth Youth, ResolvedLocation Location) One(Youth youth, Location location)
    {
        var r = Resolve(Problem([youth], [location]));
        return (r.Youths[0], r.Locations[0]);
    }

    private static bool Allows<TRule>(Youth youth, Location location)
        where TRule : HardRule, new()
    {
        var (y, l) = One(youth, location);
        return new TRule().Allows(y, l);
    }

    [Theory]
    [InlineData(14, false)]
    [InlineData(15, true)]
    [InlineData(17, true)]
    [InlineData(18, false)]
    public void AgeRule_AgeAgainstRange_AllowsOnlyInside(int age, bool allowed)
        => Assert.Equal(allowed, Allows<AgeRule>(Kid("Y1", age), Loc("L1", Utrecht, 10, 15, 17)));

    [Fact]
    public void AgeRule_BirthDate_UsesAgeOnPlanningDate()
    {
        var youth = new Youth("Y1") { BirthDate = Date.AddYears(-15).AddDays(1) }; // 14 until tomorrow
        Assert.False(Allows<AgeRule>(youth, Loc("L1", Utrecht, 10, 15, 17)));
    }

    [Theory]
    [InlineData(Gender.Male, true)]
    [InlineData(Gender.Female, false)]
    [InlineData(Gender.X, false)]
    public void GenderRule_LocationForBoysOnly_FiltersEligibilityOnly(Gender gender, bool allowed)
        => Assert.Equal(allowed, Allows<GenderRule>(Kid("Y1") with { Gender = gender }, Loc("L1", Utrecht, 10) with { Genders = [Gender.Male] }));

    [Fact]
    public void GenderRule_NoGendersListed_AcceptsAll()
        => Assert.True(Allows<GenderRule>(Kid("Y1") with { Gender = Gender.Female }, Loc("L1", Utrecht, 10)));

    [Theory]
    [InlineData(CareLevel.Standard, true)]
    [InlineData(CareLevel.Intensive, true)]
    [InlineData(CareLevel.Protected, false)]
    public void CareLevelRule_OffersStandardAndIntensive_RejectsProtected(CareLevel level, bool allowed)
        => Assert.Equal(allowed, Allows<CareLevelRule>(Kid("Y1") with { CareLevel = level }, Loc("L1", Utrecht, 10) with { CareLevels = [CareLevel.Standard, CareLevel.Intensive] }));

    [Fact]
    public void CareLevelRule_NoLevelsListed_MeansStandardOnly()
    {
        Assert.True(Allows<CareLevelRule>(Kid("Y1"), Loc("L1", Utrecht, 10)));
        Assert.False(Allows<CareLevelRule>(Kid("Y1") with { CareLevel = CareLevel.Intensive }, Loc("L1", Utrecht, 10)));
    }

    [Fact]
    public void NeedsRule_EveryNeedMustBeATag()
    {
        var location = Loc("L1", Utrecht, 10) with { Tags = ["isk", "medical"] };
        Assert.True(Allows<NeedsRule>(Kid("Y1") with { Needs = ["medical"] }, location));
        Assert.False(Allows<NeedsRule>(Kid("Y1") with { Needs = ["medical", "trauma"] }, location));
    }

    [Fact]
    public void ExcludedRule_ExcludedLocation_IsNotAllowed()
        => Assert.False(Allows<ExcludedRule>(Kid("Y1") with { ExcludeLocations = ["L1"] }, Loc("L1", Utrecht, 10)));

    [Fact]
    public void PinRule_PinnedElsewhere_IsNotAllowedHere()
    {
        var r = Resolve(Problem([Kid("Y1") with { LockedLocation = "L2" }], [Loc("L1", Utrecht, 10), Loc("L2", Zeist, 10)]));
        Assert.False(new PinRule().Allows(r.Youths[0], r.Locations[0]));
        Assert.True(new PinRule().Allows(r.Youths[0], r.Locations[1]));
    }

    [Fact]
    public void ClosedRule_ClosingOnOrBeforePlanningDate_TakesNobody()
    {
        Assert.False(Allows<ClosedRule>(Kid("Y1"), Loc("L1", Utrecht, 10) with { ClosesOn = Date }));
        Assert.True(Allows<ClosedRule>(Kid("Y1"), Loc("L1", Utrecht, 10) with { ClosesOn = Date.AddDays(1) }));
    }

    [Fact]
    public void NoBedsRule_EverythingReserved_TakesNobody()
        => Assert.False(Allows<NoBedsRule>(Kid("Y1"), Loc("L1", Utrecht, 10) with { Reserved = 10 }));

    [Fact]
    public void Explain_Dutch_GivesDutchText()
    {
        var (y, l) = One(Kid("Y1", 14), Loc("L1", Utrecht, 10, 15, 17));
        Assert.Contains("leeftijd 15-17", new AgeRule().Explain(y, l, Language.Dutch), StringComparison.Ordinal);
        Assert.Contains("ages 15-17", new AgeRule().Explain(y, l, Language.English), StringComparison.Ordinal);
    }
}

using Spreidingswet.Placement.Inputs;
using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Tests.Support;

namespace Spreidingswet.Placement.Tests.Inputs;

public sealed class HardProfileTests
{
    private static readonly SyntheticSettings Settings = new() { Youths = 2_000, Locations = 100, Seed = 5 };

    [Fact]
    public void HardProfile_SiblingsAndKeepApartPairsAreNewArrivalsOfOneCareLevelAndAgeBand()
    {
        var problem = SyntheticGenerator.Generate(Settings, TestProblems.Geography, SyntheticProfile.Hard);
        var siblings = problem.Youths.Where(y => y.SiblingGroup is not null).ToList();
        Assert.InRange(siblings.Count, 50, 70); // ~3 %
        Assert.All(siblings, y => Assert.Null(y.CurrentLocation));
        Assert.All(siblings, y => Assert.Equal(CareLevel.Intensive, y.CareLevel));
        Assert.All(siblings, y => Assert.InRange(y.AgeOn(Settings.PlanningDate), 12, 13));
        Assert.All(siblings.GroupBy(y => y.SiblingGroup), g => Assert.InRange(g.Count(), 2, 3));
        Assert.All(siblings.GroupBy(y => y.SiblingGroup), g => Assert.Single(g.Select(y => y.Gender).Distinct()));

        var byId = problem.Youths.ToDictionary(y => y.Id);
        var pairs = problem.Youths.SelectMany(y => y.KeepApart.Select(k => (A: y, B: byId[k]))).ToList();
        Assert.InRange(pairs.Count, 15, 20); // ~1 %
        Assert.All(pairs, p => Assert.True(p.A.CurrentLocation is null && p.B.CurrentLocation is null));
        Assert.All(pairs, p => Assert.True(p.A.CareLevel == CareLevel.Intensive && p.B.CareLevel == CareLevel.Intensive));
        Assert.InRange(problem.Youths.Count(y => y.LockedLocation is not null), 35, 40); // ~2 %
    }

    [Fact]
    public void Profiles_AreDeterministic_AndTheDefaultIsTheTwoArgumentGenerate()
    {
        var hard1 = SyntheticGenerator.YouthsCsvText(SyntheticGenerator.Generate(Settings, TestProblems.Geography, SyntheticProfile.Hard).Youths);
        var hard2 = SyntheticGenerator.YouthsCsvText(SyntheticGenerator.Generate(Settings, TestProblems.Geography, SyntheticProfile.Hard).Youths);
        Assert.Equal(hard1, hard2);
        var defaultProblem = SyntheticGenerator.Generate(Settings, TestProblems.Geography);
        var explicitDefault = SyntheticGenerator.Generate(Settings, TestProblems.Geography, SyntheticProfile.Default);
        Assert.Equal(SyntheticGenerator.YouthsCsvText(defaultProblem.Youths), SyntheticGenerator.YouthsCsvText(explicitDefault.Youths));
        Assert.Equal(defaultProblem.Inputs.AsEnumerable(), explicitDefault.Inputs.AsEnumerable());
        Assert.NotEqual(hard1, SyntheticGenerator.YouthsCsvText(defaultProblem.Youths));
    }
}

using System.Collections.Immutable;
using System.Text;
using Spreidingswet.Placement.Audit;
using Spreidingswet.Placement.Inputs;
using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Tests.Audit;
using Spreidingswet.Placement.Tests.Support;

namespace Spreidingswet.Placement.Tests.Inputs;

public sealed class ProblemJsonRoundTripTests
{
    private static PlacementProblem RoundTrip(PlacementProblem problem) =>
        ProblemJson.Parse(Encoding.UTF8.GetBytes(ProblemJson.Write(problem)), "test").GetValueOrThrow();

    [Fact]
    public void Write_EveryField_ReadsBackEqual()
    {
        var youth = new Youth("Y1")
        {
            BirthDate = new DateOnly(2010, 3, 14), Gender = Gender.Female, CareLevel = CareLevel.Protected, CurrentLocation = "L1",
            School = new School(TestProblems.In(TestProblems.Utrecht), "MC19"), SiblingGroup = "S1", KeepApart = ["Y2"], LockedLocation = "L2",
            ExcludeLocations = ["L1"], Needs = ["trauma", "isk"], SchoolingYears = 6.5, ArrivedOn = new DateOnly(2025, 1, 2), EarlierMoves = 3, AuditGroup = "g1",
        };
        var other = new Youth("Y2") { Age = 15, School = new School(null, "MC03") };
        var location = new Location("L1", "KWV \"Oost\", Utrecht", TestProblems.In(TestProblems.Zeist))
        {
            MunicipalityCode = "GM0355", Capacity = 18, Reserved = 4, MinAge = 13, MaxAge = 17, Genders = [Gender.Male, Gender.X],
            CareLevels = [CareLevel.Standard, CareLevel.Intensive], Type = "KWV", SmallScale = true, ClosesOn = new DateOnly(2026, 12, 15), Tags = ["isk", "trauma"],
        };
        var problem = new PlacementProblem
        {
            Youths = [youth, other],
            Locations = [location, new Location("L2", "BO", TestProblems.In(TestProblems.Groningen)) { Capacity = 3 }],
            IskSeats = ImmutableDictionary<string, int>.Empty.Add("MC19", 5),
            Targets = ImmutableDictionary<string, int>.Empty.Add("GM0344", 40).Add("PV26", 100),
            IsSynthetic = true,
        };

        var back = RoundTrip(problem);

        Assert.Equal(problem.Youths, back.Youths, new YouthComparer());
        Assert.Equal(problem.Locations, back.Locations, new LocationComparer());
        Assert.Equal(problem.IskSeats.OrderBy(kv => kv.Key), back.IskSeats.OrderBy(kv => kv.Key));
        Assert.Equal(problem.Targets.OrderBy(kv => kv.Key), back.Targets.OrderBy(kv => kv.Key));
        Assert.True(back.IsSynthetic);
        Assert.Equal(ProblemJson.Write(problem), ProblemJson.Write(back));
    }

    [Fact]
    public void Write_GeneratedProblem_ReadsBackToTheSameProposal()
    {
        var problem = AuditFixture.Generated(300, 30, 8);
        var back = RoundTrip(problem) with { Inputs = problem.Inputs };
        Assert.Equal(ProblemJson.Write(problem), ProblemJson.Write(back));

        // Solved on an instance the flow proves optimal on its own (CP-SAT's parallel workers may pick another of several equal optima).
        problem = SyntheticGenerator.Generate(new SyntheticSettings { Youths = 300, Locations = 30, Seed = 8, Closures = 2, SiblingShare = 0, KeepApartShare = 0 }, TestProblems.Geography);
        back = RoundTrip(problem) with { Inputs = problem.Inputs };
        var a = TestProblems.Propose(problem);
        var b = TestProblems.Propose(back);
        Assert.Empty(AuditReplay.Compare(a, b));
    }

    private sealed class YouthComparer : IEqualityComparer<Youth>
    {
        public bool Equals(Youth? x, Youth? y) => x is not null && y is not null && x with { KeepApart = [], ExcludeLocations = [], Needs = [] } == y with { KeepApart = [], ExcludeLocations = [], Needs = [] }
            && x.KeepApart.SequenceEqual(y.KeepApart) && x.ExcludeLocations.SequenceEqual(y.ExcludeLocations) && x.Needs.SequenceEqual(y.Needs);

        public int GetHashCode(Youth obj) => obj.Id.GetHashCode(StringComparison.Ordinal);
    }

    private sealed class LocationComparer : IEqualityComparer<Location>
    {
        public bool Equals(Location? x, Location? y) => x is not null && y is not null && x with { Genders = [], CareLevels = [], Tags = [] } == y with { Genders = [], CareLevels = [], Tags = [] }
            && x.Genders.SequenceEqual(y.Genders) && x.CareLevels.SequenceEqual(y.CareLevels) && x.Tags.SequenceEqual(y.Tags);

        public int GetHashCode(Location obj) => obj.Id.GetHashCode(StringComparison.Ordinal);
    }
}

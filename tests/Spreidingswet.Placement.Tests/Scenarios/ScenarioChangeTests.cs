using System.Collections.Immutable;
using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Scenarios;
using Spreidingswet.Placement.Tests.Support;
using static Spreidingswet.Placement.Tests.Support.TestProblems;

namespace Spreidingswet.Placement.Tests.Scenarios;

/// <summary>Each kind of change, applied and re-planned through the public API on small problems.</summary>
public sealed class ScenarioChangeTests
{
    private static readonly PlacementOptions Options = new() { PlanningDate = Date, TimeLimit = TimeSpan.FromSeconds(30) };

    internal static ScenarioRun Run(PlacementProblem problem, params ScenarioChange[] changes) => RunCompare(problem, [], changes);

    internal static ScenarioRun RunCompare(PlacementProblem problem, ImmutableArray<Policy> compare, params ScenarioChange[] changes)
    {
        var scenario = new ScenarioDefinition("test", new ScenarioBase { InMemory = problem, PlanningDate = Date, TimeLimit = TimeSpan.FromSeconds(30) }, [.. changes], compare);
        var result = new ScenarioRunner(TestProblems.Geography).Run(scenario);
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        return result.Value!;
    }

    internal static ChangedProblem Apply(PlacementProblem problem, params ScenarioChange[] changes)
    {
        var result = ScenarioChanges.Apply(problem, Options, changes, TestProblems.Geography);
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        return result.Value!;
    }

    internal static IReadOnlyList<InputError> Errors(PlacementProblem problem, params ScenarioChange[] changes)
    {
        var result = ScenarioChanges.Apply(problem, Options, changes, TestProblems.Geography, "s.json");
        Assert.False(result.Succeeded);
        return result.Errors;
    }

    private static PlacementProblem TwoUtrechtLocations() => Problem(
        [Kid("Y1", current: "L1", school: Utrecht), Kid("Y2", current: "L1", school: Utrecht), Kid("Y3", current: "L2", school: Utrecht)],
        [Loc("L1", Utrecht, 4), Loc("L2", Zeist, 4), Loc("L3", Groningen, 10)]);

    [Fact]
    public void Close_ResidentsMoveWithClosureReason_OthersStay()
    {
        var run = Run(TwoUtrechtLocations(), new CloseLocation("L1", new DateOnly(2026, 12, 15)));
        foreach (var policy in run.Result.Policies)
        {
            Assert.Equal(["Y1", "Y2"], policy.Moves.Select(m => m.Youth));
            Assert.All(policy.Moves, m => Assert.Equal(MoveReasons.Closure, m.Reason.Code));
            Assert.All(policy.Moves, m => Assert.Equal("L1", m.From));
        }

        // Education-first keeps both in Zeist (same region, 2 free beds); capacity-only need not.
        var first = run.Result.Policies.Single(p => p.Policy == "education-first");
        Assert.All(first.Moves, m => Assert.Equal("L2", m.To));
        Assert.Equal(0, first.Disruption.SchoolGoingMovedAcrossEducationRegions);
        Assert.Equal(new DateOnly(2026, 12, 1), run.Problem.Locations.Single(l => l.Id == "L1").ClosesOn);
        Assert.Equal("close L1 from 2026-12-15", run.Result.Changes.Single().Description);
    }

    [Fact]
    public void CapacitySet_BelowResidents_ForcesTheSurplusToMoveWithCapacityReason()
    {
        var run = Run(TwoUtrechtLocations(), new ChangeCapacity("L1", Set: 1));
        foreach (var policy in run.Result.Policies)
        {
            var move = Assert.Single(policy.Moves);
            Assert.Equal(MoveReasons.Capacity, move.Reason.Code);
            Assert.Equal("L1", move.From);
        }
    }

    [Fact]
    public void CapacityDelta_AddsBedsThatAnArrivalGets()
    {
        var problem = Problem([Kid("Y1", current: "L1"), Kid("A1")], [Loc("L1", Utrecht, 1)]);
        var without = Run(problem);
        Assert.Equal(1, without.Result.Policies[0].Disruption.Unplaced);
        var with = Run(problem, new ChangeCapacity("L1", Delta: 1));
        Assert.Equal(2, with.Problem.Locations[0].Capacity);
        var arrival = Assert.Single(with.Result.Policies[0].Moves);
        Assert.Equal(("A1", (string?)null, "L1", MoveReasons.ArrivalPlaced), (arrival.Youth, arrival.From, arrival.To, arrival.Reason.Code));
    }

    [Fact]
    public void Open_NewLocationTakesTheArrivalsNoOtherLocationCanTake()
    {
        var problem = Problem([Kid("Y1", current: "L1"), Kid("A1")], [Loc("L1", Utrecht, 1)]);
        var open = new OpenLocation(new Location("L9", "KWV Zeist", In(Zeist)) { Capacity = 3, MaxAge = 17 });
        var run = Run(problem, open);
        Assert.All(run.Result.Policies, p => Assert.Equal("L9", Assert.Single(p.Moves).To));
        Assert.Equal("open L9 (KWV Zeist, 3 beds)", run.Result.Changes.Single().Description);
    }

    [Fact]
    public void ArrivalsFromFile_ArePlacedAndTheirFileIsHashed()
    {
        var dir = TestData.TempDirectory();
        var file = Path.Combine(dir, "arrivals.csv");
        File.WriteAllText(file, "id,age,gender,care_level\nA1,16,m,standard\nA2,15,f,standard\n");
        var definition = ScenarioReaderTests.Write(dir, """{"base": {"demo": true}, "changes": [{"arrivals": {"file": "arrivals.csv"}}]}""");
        var read = ScenarioReader.Read(definition);
        Assert.True(read.Succeeded, string.Join("\n", read.Errors));
        var arrivals = Assert.IsType<AddArrivals>(Assert.Single(read.Value!.Changes));
        Assert.Equal(["A1", "A2"], arrivals.Youths.Select(y => y.Id));
        var run = Run(Problem([Kid("Y1", current: "L1")], [Loc("L1", Utrecht, 3)]), arrivals);
        Assert.All(run.Result.Policies, p => Assert.Equal(2, p.Disruption.ArrivalsPlaced));
        Assert.Contains(run.Result.Inputs, i => i.Role == "arrivals changes[0]" && i.Sha256.Length == 64);
    }

    [Fact]
    public void ArrivalsGenerated_CountSeedAndSyntheticLabel()
    {
        var problem = Problem([Kid("Y1", current: "L1")], [Loc("L1", Utrecht, 3)]);
        var a = Apply(problem, new GenerateArrivals(25, 3));
        var b = Apply(problem, new GenerateArrivals(25, 3));
        Assert.Equal(26, a.Problem.Youths.Length);
        Assert.True(a.Problem.IsSynthetic);
        Assert.All(a.Problem.Youths.Skip(1), y => Assert.StartsWith("N3-", y.Id, StringComparison.Ordinal));
        Assert.All(a.Problem.Youths.Skip(1), y => Assert.Null(y.CurrentLocation));
        Assert.Equal(a.Problem.Youths.Select(y => (y.Id, y.BirthDate, y.Gender, y.CareLevel, y.ArrivedOn)), b.Problem.Youths.Select(y => (y.Id, y.BirthDate, y.Gender, y.CareLevel, y.ArrivedOn)));
    }

    [Fact]
    public void Pin_MovesTheYouthWithPinReason()
    {
        var run = Run(TwoUtrechtLocations(), new PinYouth("Y3", "L3"));
        Assert.All(run.Result.Policies, p =>
        {
            var move = Assert.Single(p.Moves);
            Assert.Equal(("Y3", "L2", "L3", MoveReasons.Pin), (move.Youth, move.From, move.To, move.Reason.Code));
            Assert.True(move.CrossesEducationRegion);
        });
    }

    [Fact]
    public void Release_RemovesTheBasePin()
    {
        var problem = TwoUtrechtLocations();
        problem = problem with { Youths = [.. problem.Youths.Select(y => y.Id == "Y3" ? y with { LockedLocation = "L2" } : y)] };
        var changed = Apply(problem, new ReleaseYouth("Y3"));
        Assert.Null(changed.Problem.Youths.Single(y => y.Id == "Y3").LockedLocation);
        Assert.Equal("L2", problem.Youths.Single(y => y.Id == "Y3").LockedLocation);
    }

    [Fact]
    public void Weights_ChangeOnlyTheNamedWeights()
    {
        var changed = Apply(TwoUtrechtLocations(), new ChangeWeights(ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create("schoolTravel", 5.0)])));
        Assert.Equal(Weights.Default with { SchoolTravel = 5 }, changed.Options.Weights);
    }

    [Fact]
    public void Policy_ChangesTheMainPolicyAndTheDefaultComparison()
    {
        var run = Run(TwoUtrechtLocations(), new ChangePolicy(Policy.Weighted));
        Assert.Equal(["weighted", "capacity-only"], run.Result.Policies.Select(p => p.Policy));
    }

    [Fact]
    public void Errors_NameTheChangeIndexKindAndField()
    {
        var errors = Errors(TwoUtrechtLocations(),
            new CloseLocation("L404"),
            new PinYouth("Y404", "L1"),
            new ChangeCapacity("L1", Delta: -10),
            new OpenLocation(new Location("L2", "dup", In(Zeist)) { Capacity = 1 }),
            new ChangeWeights(ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create("schooltravel", 5.0)])),
            new ReleaseYouth("Y1"));
        Assert.Contains(errors, e => e.Field == "changes[0].close" && e.Value == "L404");
        Assert.Contains(errors, e => e.Field == "changes[1].pin.youth" && e.Value == "Y404");
        Assert.Contains(errors, e => e.Field == "changes[2].capacity.delta" && e.Message.Contains("negative", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Field == "changes[3].open.id" && e.Value == "L2");
        Assert.Contains(errors, e => e.Field == "changes[4].weights.schooltravel" && e.Value == "5" && e.ToString().Contains("'schoolTravel'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Field == "changes[5].release.youth" && e.Message.Contains("no pin", StringComparison.Ordinal));
        Assert.All(errors, e => Assert.Equal("s.json", e.File));
    }

    [Fact]
    public void Errors_ContradictoryChanges()
    {
        var errors = Errors(TwoUtrechtLocations(),
            new CloseLocation("L1"),
            new ChangeCapacity("L1", Delta: 2),
            new PinYouth("Y3", "L1"),
            new CloseLocation("L1"),
            new PinYouth("Y1", "L2"),
            new ReleaseYouth("Y1"));
        Assert.Contains(errors, e => e.Field == "changes[1].capacity.location" && e.Message.Contains("closed by changes[0]", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Field == "changes[2].pin.location" && e.Message.Contains("closed by changes[0]", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Field == "changes[3].close" && e.Message.Contains("already closed", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Field == "changes[5].release.youth" && e.Message.Contains("pinned by changes[4]", StringComparison.Ordinal));
        var policy = ScenarioChanges.Apply(TwoUtrechtLocations(), Options, [new ChangePolicy(Policy.Weighted)], TestProblems.Geography, "s.json", [Policy.EducationFirst, Policy.CapacityOnly]);
        Assert.Contains(policy.Errors, e => e.Field == "changes[0].policy" && e.Value == "weighted");
    }

    [Fact]
    public void FromProposal_AssignmentsBecomeCurrentLocations_SoReplanningMovesNobody()
    {
        var problem = Problem([Kid("A1", school: Utrecht), Kid("A2"), Kid("Y1", current: "L1")], [Loc("L1", Utrecht, 2), Loc("L2", Zeist, 2)]);
        var first = Propose(problem);
        var rebased = ScenarioChanges.FromProposal(problem, first).GetValueOrThrow();
        Assert.All(first.Assignments, a => Assert.Equal(a.Location, rebased.Youths.Single(y => y.Id == a.Youth).CurrentLocation));
        var again = Run(rebased);
        Assert.All(again.Result.Policies, p => Assert.Empty(p.Moves));
    }

    [Fact]
    public void FromProposal_UnknownYouth_IsAnErrorNamingTheAssignment()
    {
        var problem = Problem([Kid("A1")], [Loc("L1", Utrecht, 2)]);
        var proposal = Propose(problem);
        var other = Problem([Kid("B1")], [Loc("L1", Utrecht, 2)]);
        var result = ScenarioChanges.FromProposal(other, proposal, "p.json");
        Assert.Contains(result.Errors, e => e.Field == "assignments[0].youth" && e.Value == "A1");
    }
}

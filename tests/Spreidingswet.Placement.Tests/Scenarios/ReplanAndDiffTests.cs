using Spreidingswet.Placement.Inputs;
using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Scenarios;
using Spreidingswet.Placement.Tests.Support;
using static Spreidingswet.Placement.Tests.Scenarios.ScenarioChangeTests;
using static Spreidingswet.Placement.Tests.Support.TestProblems;

namespace Spreidingswet.Placement.Tests.Scenarios;

/// <summary>Minimal disruption and the diff: who moves, from where to where, and why.</summary>
public sealed class ReplanAndDiffTests
{
    [Fact]
    public void MinimalDisruption_FarSchoolAndAnEmptyLocationNearIt_TheUnaffectedYouthStays()
    {
        // Y1 lives in Groningen and goes to school in Utrecht; L2 in Utrecht is empty. Moving would
        // cut school travel (the weighted rest), but staying breaks nothing: under both policies Y1 stays.
        var problem = Problem([Kid("Y1", current: "L1", school: Utrecht), Kid("Y2", current: "L3")],
            [Loc("L1", Groningen, 2), Loc("L2", Utrecht, 5), Loc("L3", Maastricht, 2)]);
        var run = Run(problem, new CloseLocation("L3"));
        foreach (var policy in run.Result.Policies)
        {
            var move = Assert.Single(policy.Moves);
            Assert.Equal("Y2", move.Youth);
            Assert.Equal(MoveReasons.Closure, move.Reason.Code);
        }
    }

    [Theory]
    [InlineData(Policy.EducationFirst)]
    [InlineData(Policy.CapacityOnly)]
    public void MinimalDisruption_GeneratedNationalNetwork_OnlyTheClosedLocationsResidentsMove(Policy policy)
    {
        // A generated network with beds to spare, no pins or keep-apart pairs; the residents of the
        // closing location are not school-going, so no education criterion asks anyone else to make
        // room: staying costs nothing for every other youth, and none of them may move.
        var generated = SyntheticGenerator.Generate(new SyntheticSettings
        {
            Youths = 600, Locations = 60, Seed = 4, ResidentShare = 1, PinShare = 0, KeepApartShare = 0, BedsPerYouth = 1.5,
        }, TestProblems.Geography);
        var closing = generated.Youths.GroupBy(y => y.CurrentLocation).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).First().Key!;
        var problem = generated with
        {
            Youths = [.. generated.Youths.Where(y => y.CurrentLocation is not null).Select(y => y.CurrentLocation == closing ? y with { School = null } : y)],
        };
        var residents = problem.Youths.Where(y => y.CurrentLocation == closing).Select(y => y.Id).Order(StringComparer.Ordinal).ToList();
        var run = RunCompare(problem, [policy], new CloseLocation(closing));
        var result = Assert.Single(run.Result.Policies);
        Assert.Equal(0, result.Disruption.Unplaced);
        Assert.Equal(residents, result.Moves.Select(m => m.Youth));
        Assert.All(result.Moves, m => Assert.Contains(m.Reason.Code, new[] { MoveReasons.Closure, MoveReasons.SiblingGroup }));
    }

    [Fact]
    public void ClosuresOnly_ReplanFromASessionOfTheBase_OtherChangesRunTheFullEngine()
    {
        var problem = SyntheticGenerator.Generate(new SyntheticSettings { Youths = 300, Locations = 25, Seed = 9, ResidentShare = 1 }, TestProblems.Geography);
        var closing = problem.Youths.GroupBy(y => y.CurrentLocation).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).First().Key!;
        var closed = Run(problem, new CloseLocation(closing));
        Assert.All(closed.Proposals, p => Assert.Equal([closing], p.Solver.ReplannedAfterClosing!.Value.ToArray()));
        Assert.All(closed.Result.Policies, p => Assert.StartsWith("incremental re-plan", p.Solver.Method, StringComparison.Ordinal));

        // Same optimum as the full engine on the changed problem, per policy.
        for (var i = 0; i < closed.Proposals.Length; i++)
        {
            var full = new PlacementEngine(TestProblems.Geography).Propose(closed.Problem, closed.Options[i]).GetValueOrThrow();
            Assert.Equal(full.Solver.Tiers.ToArray(), closed.Proposals[i].Solver.Tiers.ToArray());
        }

        var withArrivals = Run(problem, new CloseLocation(closing), new GenerateArrivals(10, 2));
        Assert.All(withArrivals.Proposals, p => Assert.Null(p.Solver.ReplannedAfterClosing));
    }

    [Fact]
    public void Diff_FreedBedForSiblings_IsTheReasonForTheResidentWhoMakesRoom()
    {
        // Two sibling arrivals need "trauma" care that only L1 offers; L1 has two beds, one taken by
        // Y1, who can live anywhere. The optimum moves Y1 to free the bed for the siblings.
        var problem = Problem(
            [Kid("Y1", current: "L1"), Kid("S1") with { SiblingGroup = "G", Needs = ["trauma"] }, Kid("S2") with { SiblingGroup = "G", Needs = ["trauma"] }],
            [Loc("L1", Utrecht, 2) with { Tags = ["trauma"] }, Loc("L2", Zeist, 3)]);
        var run = Run(problem);
        foreach (var policy in run.Result.Policies)
        {
            var y1 = policy.Moves.Single(m => m.Youth == "Y1");
            Assert.Equal(("L1", "L2", MoveReasons.FreedBedForSiblings), (y1.From, y1.To, y1.Reason.Code));
            Assert.Contains("S1, S2", y1.Reason.Text, StringComparison.Ordinal);
            Assert.All(policy.Moves.Where(m => m.Youth != "Y1"), m => Assert.Equal(MoveReasons.ArrivalPlaced, m.Reason.Code));
            Assert.Equal(0, policy.Disruption.ForcedMoves);
            Assert.Equal(1, policy.Disruption.ChosenMoves);
        }
    }

    [Fact]
    public void Diff_KeepApartAndEligibility_AreForcedReasons()
    {
        var problem = Problem(
            [
                Kid("Y1", current: "L1") with { KeepApart = ["Y2"] }, Kid("Y2", current: "L1"),
                Kid("Y3", current: "L1") with { ExcludeLocations = ["L1"] },
            ],
            [Loc("L1", Utrecht, 5), Loc("L2", Zeist, 5)]);
        var run = Run(problem);
        foreach (var policy in run.Result.Policies)
        {
            Assert.Equal(2, policy.Moves.Length);
            Assert.Contains(policy.Moves, m => m.Youth is "Y1" or "Y2" && m.Reason.Code == MoveReasons.KeepApart);
            Assert.Equal(MoveReasons.NotEligible, policy.Moves.Single(m => m.Youth == "Y3").Reason.Code);
            Assert.Equal(2, policy.Disruption.ForcedMoves);
        }
    }

    [Fact]
    public void Diff_RegionsAndSchoolDistances_BeforeAndAfter()
    {
        var problem = Problem([Kid("Y1", current: "L1", school: Utrecht)], [Loc("L1", Utrecht, 1), Loc("L2", Groningen, 1)]);
        var run = Run(problem, new PinYouth("Y1", "L2"));
        var move = Assert.Single(run.Result.Policies[0].Moves);
        Assert.Equal(("MC19", "MC19", "MC03"), (move.SchoolEducationRegion, move.EducationRegionBefore, move.EducationRegionAfter));
        Assert.Equal(("PV26", "PV20"), (move.ProvinceBefore, move.ProvinceAfter));
        var school = In(Utrecht);
        Assert.Equal(Math.Round(In(Utrecht).DistanceKm(school), 1), move.SchoolDistanceKmBefore);
        Assert.Equal(Math.Round(In(Groningen).DistanceKm(school), 1), move.SchoolDistanceKmAfter);
        var d = run.Result.Policies[0].Disruption;
        Assert.Equal((1, 1, 1, 1, 1), (d.Moves, d.MovesAcrossEducationRegions, d.MovesAcrossProvinces, d.SchoolGoingMoved, d.SchoolGoingMovedAcrossEducationRegions));
    }

    [Fact]
    public void Between_TwoProposals_ListsOnlyYouthsWhosePlaceDiffers()
    {
        var problem = Problem([Kid("A1"), Kid("A2"), Kid("Y1", current: "L1")], [Loc("L1", Utrecht, 2), Loc("L2", Zeist, 3)]);
        var before = Propose(problem);
        var changed = Apply(problem, new CloseLocation("L1"));
        var after = Propose(changed.Problem);
        var moves = ProposalDiff.Between(before, after, changed.Problem, TestProblems.Geography);
        var expected = before.Assignments.Where(a => a.Location != after.Assignments.SingleOrDefault(b => b.Youth == a.Youth)?.Location).Select(a => a.Youth).Order(StringComparer.Ordinal);
        Assert.Equal(expected, moves.Select(m => m.Youth));
        Assert.All(moves, m => Assert.Equal("L1", m.From));
        Assert.All(moves.Where(m => m.To is not null), m => Assert.Equal(MoveReasons.Closure, m.Reason.Code));
    }

    [Fact]
    public void FromCurrent_UnplacedResident_IsListedWithoutDestination()
    {
        var problem = Problem([Kid("Y1", current: "L1")], [Loc("L1", Utrecht, 1)]);
        var changed = Apply(problem, new CloseLocation("L1"));
        var proposal = Propose(changed.Problem);
        var move = Assert.Single(ProposalDiff.FromCurrent(changed.Problem, proposal, TestProblems.Geography));
        Assert.Equal(("L1", (string?)null, MoveReasons.Unplaced), (move.From, move.To, move.Reason.Code));
        Assert.False(move.IsRelocation);
        Assert.Equal(1, ProposalDiff.Measure([move], proposal).LostBed);
    }
}

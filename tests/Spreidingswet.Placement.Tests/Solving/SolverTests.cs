using System.Collections.Immutable;
using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Preparation;
using Spreidingswet.Placement.Rules;
using Spreidingswet.Placement.Rules.Criteria;
using Spreidingswet.Placement.Solving;
using Spreidingswet.Placement.Solving.BranchAndBound;
using Spreidingswet.Placement.Solving.Flow;
using Spreidingswet.Placement.Tests.Support;
using static Spreidingswet.Placement.Tests.Support.TestProblems;

namespace Spreidingswet.Placement.Tests.Solving;

public sealed class SolverTests
{
    [Theory]
    [InlineData(60, 15, 100_000, 39_000)] // Germany's size: 6 s kept for the explanations
    [InlineData(60, 1, 500, 58_970)] // a monthly batch: 30 ms kept
    [InlineData(4, 0, 1_000_000, 3_000)] // the reserve is at most a quarter of the limit
    [InlineData(10, 20, 100, 1_000)] // candidates took longer than the limit: the solver still gets a tenth
    public void SolverBudget_IsTheLimitLessTheTimeSpentAndTheExplanationsReserve(double limitSeconds, double spentSeconds, int units, double expectedMs)
        => Assert.Equal(expectedMs, PlacementPipeline.SolverBudget(TimeSpan.FromSeconds(limitSeconds), TimeSpan.FromSeconds(spentSeconds), units).TotalMilliseconds, 6);

    public static TheoryData<int> Seeds() => [.. Enumerable.Range(1, 40)];

    /// <summary>Exhaustive enumeration of every feasible assignment: the lexicographic optimum.</summary>
    internal static long[] BruteForce(Units units)
    {
        var problem = units.Problem;
        var tiers = units.Tiers.Count;
        var best = (long[]?)null;
        var choice = new int[units.Count];
        var load = new int[problem.Locations.Length];
        var context = new ScoringContext(Weights.Default, problem);

        void Recurse(int u)
        {
            if (u == units.Count)
            {
                var location = new int[problem.Youths.Length];
                for (var v = 0; v < units.Count; v++)
                {
                    foreach (var m in units.Members[v])
                    {
                        location[m] = choice[v];
                    }
                }

                foreach (var (a, b) in problem.KeepApartPairs)
                {
                    if (location[a] >= 0 && location[a] == location[b])
                    {
                        return;
                    }
                }

                var value = new long[tiers];
                for (var t = 0; t < tiers; t++)
                {
                    foreach (var y in problem.Youths)
                    {
                        value[t] += location[y.Index] < 0
                            ? units.YouthUnplacedCost(t, y, context)
                            : units.YouthCost(t, y, problem.Locations[location[y.Index]], context);
                    }

                    // Balance, computed here from its definition: youths over each target.
                    var weight = units.Tiers[t].Terms.Where(x => x.Criterion is BalanceCriterion).Sum(x => x.Weight);
                    foreach (var (code, target) in problem.Targets)
                    {
                        var inRegion = problem.Locations.Where(l => l.Municipality?.Code == code || l.Province?.Code == code).ToList();
                        var load = inRegion.Sum(l => l.Location.Reserved) + problem.Youths.Count(y => location[y.Index] >= 0 && inRegion.Any(l => l.Index == location[y.Index]));
                        value[t] += weight * Math.Max(0, load - target);
                    }

                    // ISK seats, from the definition: changes that need a seat in a region, beyond its free seats.
                    var iskWeight = units.Tiers[t].Terms.Where(x => x.Criterion is IskSeatsCriterion).Sum(x => x.Weight);
                    foreach (var (code, seats) in problem.IskSeats)
                    {
                        var taken = problem.Youths.Count(y => location[y.Index] >= 0
                            && string.Equals(problem.Locations[location[y.Index]].EducationRegion?.Code, code, StringComparison.OrdinalIgnoreCase)
                            && IskSeatsCriterion.NeedsSeat(y, problem.Locations[location[y.Index]]));
                        value[t] += iskWeight * Math.Max(0, taken - seats);
                    }
                }

                if (best is null || Lex.Compare(value, best) < 0)
                {
                    best = value;
                }

                return;
            }

            choice[u] = -1;
            Recurse(u + 1);
            foreach (var l in units.Candidates[u])
            {
                if (load[l] + units.Members[u].Length <= problem.Locations[l].Beds)
                {
                    load[l] += units.Members[u].Length;
                    choice[u] = l;
                    Recurse(u + 1);
                    load[l] -= units.Members[u].Length;
                }
            }
        }

        Recurse(0);
        return best!;
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Solve_SmallRandomInstances_MatchesBruteForceOptimumInEveryTier(int seed)
    {
        foreach (var policy in new[] { Policy.EducationFirst, Policy.CapacityOnly, Policy.Weighted })
        {
            var problem = RandomInstances.Create(seed, youths: 6, locations: 3);
            var resolved = Resolve(problem, seed);
            var units = new Units(resolved, Policies.Tiers(policy, Weights.Default), new ScoringContext(Weights.Default, resolved));
            var solver = new Solver(units, TimeSpan.FromSeconds(20), seed);
            var outcome = solver.Solve(null, CancellationToken.None);
            var expected = BruteForce(units);
            Assert.Equal(SolverStatus.Optimal, outcome.Status);
            Assert.Equal(expected, solver.Values(outcome.UnitLocation));
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Solve_TangledSideConstraints_BranchAndBoundMatchesBruteForce(int seed)
    {
        foreach (var policy in new[] { Policy.EducationFirst, Policy.CapacityOnly, Policy.Weighted })
        {
            var problem = RandomInstances.CreateTangled(seed);
            var resolved = Resolve(problem, seed);
            var units = new Units(resolved, Policies.Tiers(policy, Weights.Default), new ScoringContext(Weights.Default, resolved));
            var solver = new Solver(units, TimeSpan.FromSeconds(20), seed);
            var outcome = solver.Solve(null, CancellationToken.None);
            Assert.Equal(SolverStatus.Optimal, outcome.Status);
            Assert.Equal(BruteForce(units), solver.Values(outcome.UnitLocation));
            Assert.DoesNotContain("CP-SAT", outcome.Method, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void BranchAndBound_ValueOfAnAssignment_IsTheFlowValueTheSearchTracks(int seed)
    {
        // The seeded incumbent's value is computed from the assignment alone; it must equal the flow
        // objective the search tracks, or the cut-offs would prune wrongly. Targets make the balance
        // nodes part of it.
        var problem = RandomInstances.CreateTangled(seed);
        problem = problem with { Targets = problem.Locations.Select(l => Resolve(problem, seed).Locations.First(r => r.Location.Id == l.Id).Municipality!.Code).Distinct().ToImmutableDictionary(c => c, _ => 1) };
        var resolved = Resolve(problem, seed);
        var units = new Units(resolved, Policies.Tiers(Policy.EducationFirst, Weights.Default with { Balance = 500 }), new ScoringContext(Weights.Default with { Balance = 500 }, resolved));
        var flow = new LexicographicFlow(units);
        var relaxed = flow.Solve(null, CancellationToken.None);
        var search = new FlowBranchAndBound(units, flow, relaxed);
        if (Extract(flow, relaxed, units) is { } whole)
        {
            Assert.Equal(relaxed.ScaledValues, search.ScaledValue(whole).ToArray(units.Groups.Length));
        }

        search.Run(TimeSpan.FromSeconds(20), CancellationToken.None);
        Assert.NotNull(search.Incumbent);
        Assert.Equal(search.IncumbentValue, search.ScaledValue(search.Incumbent!).ToArray(units.Groups.Length));

        // The relaxation's assignment when every unit is whole (a split group has no single location).
        static int[]? Extract(LexicographicFlow flow, FlowResult result, Units units)
        {
            var location = new int[units.Count];
            for (var u = 0; u < units.Count; u++)
            {
                var arcs = Enumerable.Range(flow.ArcStart[u], flow.ArcStart[u + 1] - flow.ArcStart[u]).Where(a => result.Flow[a] > 0).ToArray();
                if (arcs.Length != 1)
                {
                    return null;
                }

                var k = arcs[0] - flow.ArcStart[u];
                location[u] = k < units.Candidates[u].Length ? units.Candidates[u][k] : -1;
            }

            return location;
        }
    }

    [Fact]
    public void Solve_TangledSideConstraints_SearchRunsOnMostSeeds()
    {
        var searched = Enumerable.Range(1, 20).Count(seed =>
        {
            var resolved = Resolve(RandomInstances.CreateTangled(seed), seed);
            var units = new Units(resolved, Policies.Tiers(Policy.EducationFirst, Weights.Default), new ScoringContext(Weights.Default, resolved));
            return new Solver(units, TimeSpan.FromSeconds(20), seed).Solve(null, CancellationToken.None).Method.Contains("branch and bound", StringComparison.Ordinal);
        });
        Assert.True(searched >= 5, $"the branch and bound ran on only {searched} of 20 tangled instances");
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Propose_RandomInstances_KeepsEveryHardRule(int seed)
    {
        var problem = RandomInstances.Create(seed + 1000, youths: 30, locations: 8, maxCapacity: 6);
        var proposal = Propose(problem);
        var youths = problem.Youths.ToDictionary(y => y.Id);
        var locations = problem.Locations.ToDictionary(l => l.Id);
        var at = proposal.Assignments.ToDictionary(a => a.Youth, a => a.Location);

        // Capacity (beds minus reserved) never exceeded; nobody in a closed location.
        foreach (var g in proposal.Assignments.GroupBy(a => a.Location))
        {
            Assert.True(g.Count() <= locations[g.Key].FreeBeds, $"{g.Key}: {g.Count()} > {locations[g.Key].FreeBeds}");
            Assert.False(locations[g.Key].IsClosedOn(Date));
        }

        // Every youth is placed or unplaced with a reason, exactly once.
        Assert.Equal(problem.Youths.Length, proposal.Assignments.Length + proposal.Unplaced.Length);
        Assert.All(proposal.Unplaced, u => Assert.NotEmpty(u.Reasons));

        // Siblings together or all unplaced; keep-apart apart; pins kept or reported.
        foreach (var group in problem.Youths.Where(y => y.SiblingGroup is not null).GroupBy(y => y.SiblingGroup))
        {
            Assert.Single(group.Select(y => at.GetValueOrDefault(y.Id)).Distinct());
        }

        foreach (var y in problem.Youths)
        {
            foreach (var other in y.KeepApart)
            {
                if (at.TryGetValue(y.Id, out var l))
                {
                    Assert.NotEqual(l, at.GetValueOrDefault(other));
                }
            }

            if (y.LockedLocation is { } pin && at.TryGetValue(y.Id, out var placed))
            {
                Assert.Equal(pin, placed);
            }

            if (at.TryGetValue(y.Id, out var loc))
            {
                var l = locations[loc];
                var age = y.AgeOn(Date);
                Assert.InRange(age, l.MinAge, l.MaxAge);
                Assert.True(l.Accepts(y.Gender));
                Assert.True(l.Offers(y.CareLevel));
                Assert.DoesNotContain(loc, y.ExcludeLocations);
            }
        }

        // Metrics add up.
        var m = proposal.Metrics;
        Assert.Equal(m.SchoolGoing, m.EducationRegionKept + m.EducationRegionBroken + proposal.Unplaced.Count(u => youths[u.Youth].School is not null));
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Propose_EducationFirst_NeverCausesMoreRegionBreaksThanCapacityOnly(int seed)
    {
        var problem = RandomInstances.Create(seed + 2000, youths: 30, locations: 8, maxCapacity: 6);
        var educationFirst = Propose(problem);
        var capacityOnly = Propose(problem, Policy.CapacityOnly);
        Assert.Equal(capacityOnly.Metrics.Unplaced, educationFirst.Metrics.Unplaced);
        Assert.True(educationFirst.Metrics.EducationRegionBreaksCaused <= capacityOnly.Metrics.EducationRegionBreaksCaused);
    }

    [Fact]
    public void Propose_UnaffectedResidentWithFreeBed_StaysPut()
    {
        var problem = Problem(
            [Kid("Y1", current: "L1", school: Utrecht), Kid("Y2", current: "L2", school: Utrecht)],
            [Loc("L1", Utrecht, 2), Loc("L2", Zeist, 1) with { ClosesOn = Date }, Loc("L3", Groningen, 5)]);
        var proposal = Propose(problem);
        Assert.Equal("L1", LocationOf(proposal, "Y1")); // stays: staying costs nothing
        Assert.Equal("L1", LocationOf(proposal, "Y2")); // the closure forces a move: into the school's region
        Assert.Equal(0, proposal.Metrics.EducationRegionBreaksCaused);
        Assert.Equal(SolverStatus.Optimal, proposal.Solver.Status);
    }

    [Fact]
    public void Propose_CapacityOnly_IgnoresEducationAndPicksTheNearestFromCurrent()
    {
        // L2 closes; its resident goes to school in Maastricht. Capacity-only picks the nearest bed
        // (Utrecht, from Zeist); education-first keeps the youth in the school's region (Maastricht).
        var problem = Problem(
            [Kid("Y1", current: "L2", school: Maastricht)],
            [Loc("L1", Utrecht, 1), Loc("L2", Zeist, 1) with { ClosesOn = Date }, Loc("L3", Maastricht, 1)]);
        Assert.Equal("L1", LocationOf(Propose(problem, Policy.CapacityOnly), "Y1"));
        Assert.Equal("L3", LocationOf(Propose(problem), "Y1"));
    }

    [Fact]
    public void Propose_SiblingsNoLocationCanHold_AreUnplacedWithReasonAndWarning()
    {
        var problem = Problem(
            [Kid("A") with { SiblingGroup = "S" }, Kid("B") with { SiblingGroup = "S" }, Kid("C") with { SiblingGroup = "S" }],
            [Loc("L1", Utrecht, 2), Loc("L2", Zeist, 2)]);
        var proposal = Propose(problem);
        Assert.Equal(3, proposal.Unplaced.Length);
        Assert.All(proposal.Unplaced, u => Assert.Equal("SIBLING_GROUP_CANNOT_BE_HELD", u.Reasons[0].Code));
        Assert.Contains(proposal.Warnings, w => w.Contains("siblings", StringComparison.Ordinal));
    }

    [Fact]
    public void Propose_PinToClosedLocation_UnplacedWithPinReason()
    {
        var problem = Problem([Kid("Y1") with { LockedLocation = "L1" }], [Loc("L1", Utrecht, 2) with { ClosesOn = Date }, Loc("L2", Zeist, 2)]);
        var proposal = Propose(problem);
        var u = Assert.Single(proposal.Unplaced);
        Assert.Equal("PIN_NOT_HONOURED", u.Reasons[0].Code);
        Assert.Contains("closed", u.Reasons[0].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Propose_NoLocationForProtectedCare_ReasonInPlainWords()
    {
        var problem = Problem([Kid("Y1", 14) with { CareLevel = CareLevel.Protected }], [Loc("L1", Utrecht, 2)]);
        var reason = Assert.Single(Assert.Single(Propose(problem).Unplaced).Reasons);
        Assert.Equal("NO_ELIGIBLE_LOCATION", reason.Code);
        Assert.Contains("care level protected for age 14", reason.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Propose_KeepApartPairAtSameLocation_OneMovesAndTheResultIsProvenOptimal()
    {
        var problem = Problem(
            [Kid("A", current: "L1", school: Utrecht) with { KeepApart = ["B"] }, Kid("B", current: "L1", school: Utrecht)],
            [Loc("L1", Utrecht, 4), Loc("L2", Zeist, 4), Loc("L3", Groningen, 4)]);
        var proposal = Propose(problem);
        Assert.NotEqual(LocationOf(proposal, "A"), LocationOf(proposal, "B"));
        Assert.Equal(1, proposal.Metrics.Moved);
        Assert.Equal(0, proposal.Metrics.EducationRegionBreaksCaused);
        Assert.Equal(SolverStatus.Optimal, proposal.Solver.Status);
    }

    [Fact]
    public void Propose_FullCapacity_PriorityGoesToProtectedThenYounger()
    {
        var problem = Problem(
            [Kid("Old", 17), Kid("Young", 13), Kid("Protected", 16) with { CareLevel = CareLevel.Protected }],
            [Loc("L1", Utrecht, 1) with { CareLevels = [CareLevel.Standard, CareLevel.Protected] }, Loc("L2", Zeist, 1)]);
        var proposal = Propose(problem);
        Assert.Equal("L1", LocationOf(proposal, "Protected"));
        Assert.Equal("L2", LocationOf(proposal, "Young"));
        Assert.Equal("Old", Assert.Single(proposal.Unplaced).Youth);
        Assert.Equal("NO_FREE_BED", proposal.Unplaced[0].Reasons[0].Code);
    }
}

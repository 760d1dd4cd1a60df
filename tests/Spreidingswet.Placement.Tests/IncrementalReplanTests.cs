using Spreidingswet.Placement.Audit;
using Spreidingswet.Placement.Explaining;
using Spreidingswet.Placement.Inputs;
using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Outputs;
using Spreidingswet.Placement.Preparation;
using Spreidingswet.Placement.Rules;
using Spreidingswet.Placement.Tests.Solving;
using Spreidingswet.Placement.Tests.Support;
using static Spreidingswet.Placement.Tests.Support.TestProblems;

namespace Spreidingswet.Placement.Tests;

/// <summary>
/// Re-planning a closure from a solved session (PlacementEngine.StartSession / Replan): the same
/// optimum as a full run on the changed problem, proven the same way; anything that is not a
/// closure runs the full engine.
/// </summary>
public sealed class IncrementalReplanTests
{
    private static readonly PlacementEngine Engine = new(TestProblems.Geography);

    private static PlacementOptions Options(Policy policy) => new() { Policy = policy, PlanningDate = Date, TimeLimit = TimeSpan.FromSeconds(30) };

    private static PlacementProblem Close(PlacementProblem problem, params string[] ids)
        => problem with { Locations = [.. problem.Locations.Select(l => ids.Contains(l.Id) ? l with { ClosesOn = Date } : l)] };

    private static PlacementProblem Generated(int seed) => SyntheticGenerator.Generate(new SyntheticSettings
    {
        Youths = 900, Locations = 50, Seed = seed, ResidentShare = 1, SiblingShare = 0.06, KeepApartShare = 0.03,
    }, TestProblems.Geography);

    private static string[] Busiest(PlacementProblem problem, int count) => [.. problem.Youths.Where(y => y.CurrentLocation is not null)
        .GroupBy(y => y.CurrentLocation!).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Take(count).Select(g => g.Key)];

    [Theory]
    [InlineData(3, Policy.EducationFirst)]
    [InlineData(3, Policy.CapacityOnly)]
    [InlineData(5, Policy.EducationFirst)]
    [InlineData(8, Policy.Weighted)]
    public void Replan_Closures_ReachTheFullRunsOptimum(int seed, Policy policy)
    {
        var problem = Generated(seed);
        var session = Engine.StartSession(problem, Options(policy)).GetValueOrThrow();
        var busiest = Busiest(problem, 3);
        foreach (var closing in new[] { [busiest[0]], [busiest[1]], busiest[1..] })
        {
            var changed = Close(problem, closing);
            var replanned = Engine.Replan(session, changed).GetValueOrThrow();
            var full = Engine.Propose(changed, Options(policy)).GetValueOrThrow();

            Assert.Equal(closing.Order(StringComparer.Ordinal), replanned.Solver.ReplannedAfterClosing!.Value.Order(StringComparer.Ordinal));
            Assert.StartsWith("incremental re-plan", replanned.Solver.Method, StringComparison.Ordinal);
            Assert.Equal(SolverStatus.Optimal, replanned.Solver.Status);
            Assert.Equal(full.Solver.Status, replanned.Solver.Status);
            Assert.Equal(full.Solver.Tiers.ToArray(), replanned.Solver.Tiers.ToArray());
            Assert.DoesNotContain(replanned.Assignments, a => closing.Contains(a.Location));
            Assert.Equal(changed.Youths.Length, replanned.Assignments.Length + replanned.Unplaced.Length);
            // Every youth of a closed location was at it: now placed elsewhere or unplaced.
            var residents = changed.Youths.Where(y => closing.Contains(y.CurrentLocation)).Select(y => y.Id).ToHashSet();
            Assert.NotEmpty(residents);
            Assert.All(replanned.Assignments.Where(a => residents.Contains(a.Youth)), a => Assert.DoesNotContain(a.Location, closing));
        }
    }

    [Theory]
    [MemberData(nameof(SolverTests.Seeds), MemberType = typeof(SolverTests))]
    public void Replan_ClosureWithTangledSideConstraints_MatchesBruteForce(int seed)
    {
        // Keep-apart triangles, sibling groups kept apart and tight beds: after the closure the branch
        // and bound (with its incumbent cut-off in the repairs) must still find the true optimum.
        foreach (var policy in new[] { Policy.EducationFirst, Policy.CapacityOnly })
        {
            var problem = RandomInstances.CreateTangled(seed);
            var options = Options(policy) with { Seed = seed };
            var session = Engine.StartSession(problem, options).GetValueOrThrow();
            var closing = problem.Locations[seed % problem.Locations.Length].Id;
            var changed = Close(problem, closing);
            var replanned = Engine.Replan(session, changed).GetValueOrThrow();

            var resolved = Resolver.Resolve(changed, TestProblems.Geography, Date, seed).GetValueOrThrow();
            var units = new Units(resolved, Policies.Tiers(policy, Weights.Default), new ScoringContext(Weights.Default, resolved));
            var expected = SolverTests.BruteForce(units);
            Assert.Equal(expected, replanned.Solver.Tiers.Select(t => t.Value).ToArray());
            Assert.Equal(SolverStatus.Optimal, replanned.Solver.Status);
        }
    }

    [Fact]
    public void Replan_ChangeThatIsNotOnlyAClosure_RunsTheFullEngine()
    {
        var problem = Generated(4);
        var session = Engine.StartSession(problem, Options(Policy.EducationFirst)).GetValueOrThrow();
        var busiest = Busiest(problem, 1)[0];
        var changes = new[]
        {
            problem with { Locations = [.. problem.Locations.Select(l => l.Id == busiest ? l with { Capacity = l.Capacity + 3 } : l)] },
            Close(problem, busiest) with { Youths = problem.Youths.Add(new Youth("NEW-1") { Age = 15 }) },
            problem, // nothing closes
        };
        foreach (var changed in changes)
        {
            var replanned = Engine.Replan(session, changed).GetValueOrThrow();
            var full = Engine.Propose(changed, Options(Policy.EducationFirst)).GetValueOrThrow();
            Assert.Null(replanned.Solver.ReplannedAfterClosing);
            Assert.Empty(AuditReplay.Compare(full, replanned));
        }
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    public void Replan_ExplainsWithTheSessionsCandidates_AsWithTheChangedProblemsOwn(int seed)
    {
        // A re-plan explains its assignment with the session's units (the closed location still among
        // their candidates) over the changed problem. The explanations must be exactly those that
        // units built on the changed problem give for the same assignment.
        var problem = Generated(seed);
        var options = Options(Policy.EducationFirst);
        var session = Engine.StartSession(problem, options).GetValueOrThrow();
        var changed = Close(problem, Busiest(problem, 1));
        var replanned = Engine.Replan(session, changed).GetValueOrThrow();

        // As a run resolves them: no views fields, so turning 18 (from birth_date) is the one views criterion.
        var tiers = Policies.Tiers(Policy.EducationFirst, Weights.Default, null, turning18: true);
        var before = Resolver.Resolve(problem, TestProblems.Geography, Date, 1, options.Views).GetValueOrThrow();
        var after = Resolver.Resolve(changed, TestProblems.Geography, Date, 1, options.Views).GetValueOrThrow();
        var context = new ScoringContext(Weights.Default, after) { Turning18Active = true };
        var sessionUnits = new Units(before, tiers, new ScoringContext(Weights.Default, before) { Turning18Active = true });
        var ownUnits = new Units(after, tiers, context);
        var at = replanned.Assignments.ToDictionary(x => x.Youth, x => x.Location);
        var index = after.Locations.ToDictionary(l => l.Location.Id, l => l.Index);
        int[] unitLocation = [.. Enumerable.Range(0, ownUnits.Count).Select(u => at.TryGetValue(after.Youths[ownUnits.Members[u][0]].Youth.Id, out var l) ? index[l] : -1)];

        var own = new ProposalBuilder(after, ownUnits, options, context).Build(unitLocation);
        var viaSession = new ProposalBuilder(after, sessionUnits, options, context).Build(unitLocation);
        static string Json<T>(T value) => System.Text.Json.JsonSerializer.Serialize(value, ProposalWriter.JsonOptions);
        Assert.Equal(Json(own.Assignments), Json(viaSession.Assignments));
        Assert.Equal(Json(own.Unplaced), Json(viaSession.Unplaced));
        Assert.Equal(Json(own.Assignments), Json(replanned.Assignments));
        Assert.Contains(replanned.Assignments.SelectMany(x => x.Alternatives), x => x.BlockedBy.Contains("CLOSED"));
    }

    [Fact]
    public void Session_ReplansInParallel_GiveTheSameProposalsAsOneAfterTheOther()
    {
        var problem = Generated(7);
        var session = Engine.StartSession(problem, Options(Policy.EducationFirst)).GetValueOrThrow();
        var closings = Busiest(problem, 4);
        var sequential = closings.Select(c => Engine.Replan(session, Close(problem, c)).GetValueOrThrow()).ToArray();
        var parallel = new Proposal[closings.Length];
        Parallel.For(0, closings.Length, i => parallel[i] = Engine.Replan(session, Close(problem, closings[i])).GetValueOrThrow());
        for (var i = 0; i < closings.Length; i++)
        {
            Assert.Empty(AuditReplay.Compare(sequential[i], parallel[i]));
        }
    }
}

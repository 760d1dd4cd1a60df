using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Preparation;
using Spreidingswet.Placement.Rules;
using Spreidingswet.Placement.Rules.Criteria;
using Spreidingswet.Placement.Rules.HardRules;
using Spreidingswet.Placement.Tests.Support;


namespace Spreidingswet.Placement.Tests.Solving;

/// <summary>
/// The hot path (batch scoring from flat arrays, hard rules evaluated by scope) must give exactly
/// what the named criteria and rules give one arc at a time.
/// </summary>
public sealed class FastPathTests
{
    private static readonly Criterion[] AllCriteria =
    [
        Policies.Unplaced, Policies.UnplacedPriority, Policies.EducationRegionBreak, Policies.Move, Policies.SchoolTravel,
        Policies.MoveDistance, Policies.SmallScale, Policies.DistanceFromCurrent, Policies.Balance, Policies.IskSeats, Policies.LearnedContinuity,
    ];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void AddCosts_EveryCriterion_EqualsItsCostPerArc(int seed)
    {
        var problem = RandomInstances.Create(seed, youths: 40, locations: 12);
        var resolved = TestProblems.Resolve(problem, seed);
        var weights = Weights.Default with { SchoolTravel = 3, SchoolTravelFreeKm = 2.5, MoveDistance = 2 };
        var context = new ScoringContext(weights, resolved);
        int[] all = [.. resolved.Locations.Select(l => l.Index)];
        foreach (var criterion in AllCriteria)
        {
            foreach (var youth in resolved.Youths)
            {
                var costs = new long[all.Length];
                costs[0] = 5; // AddCosts adds to what is there
                criterion.AddCosts(youth, all, 7, costs, context);
                var expected = all.Select(l => 7 * criterion.Cost(youth, resolved.Locations[l], context)).ToArray();
                expected[0] += 5;
                Assert.Equal(expected, costs);
            }
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Candidates_ByScope_EqualEveryRuleOnEveryArc(int seed)
    {
        var problem = RandomInstances.Create(seed, youths: 40, locations: 12);
        problem = problem with
        {
            Youths = [.. problem.Youths.Select((y, i) => i % 7 == 3 ? y with { Needs = ["wheelchair"] } : y)],
            Locations = [.. problem.Locations.Select((l, i) => i % 3 == 0 ? l with { Tags = ["wheelchair"] } : l)],
        };
        var resolved = TestProblems.Resolve(problem, seed);
        var units = new Units(resolved, Policies.Tiers(Policy.EducationFirst, Weights.Default), new ScoringContext(Weights.Default, resolved));
        for (var u = 0; u < units.Count; u++)
        {
            var expected = units.KeepApartInside[u]
                ? []
                : resolved.Locations
                    .Where(l => l.Beds >= units.Members[u].Length && units.Members[u].All(m => HardRule.All.All(r => r.Allows(resolved.Youths[m], l))))
                    .Select(l => l.Index).ToArray();
            Assert.Equal(expected, units.Candidates[u]);
        }
    }
}

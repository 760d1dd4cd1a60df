using Spreidingswet.Placement.Explaining;
using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Preparation;
using Spreidingswet.Placement.Rules;
using Spreidingswet.Placement.Rules.HardRules;
using Spreidingswet.Placement.Tests.Support;


namespace Spreidingswet.Placement.Tests.Explaining;

public sealed class AlternativesTests
{
    [Theory]
    [InlineData(1, Policy.EducationFirst)]
    [InlineData(2, Policy.EducationFirst)]
    [InlineData(3, Policy.CapacityOnly)]
    [InlineData(4, Policy.Weighted)]
    public void Alternatives_CostsAddUpAndTheCheapestPossibleIsListed(int seed, Policy policy)
    {
        var problem = RandomInstances.Create(seed, youths: 20, locations: 10, maxCapacity: 8);
        var proposal = TestProblems.Propose(problem, policy);
        var resolved = TestProblems.Resolve(problem);
        var context = new ScoringContext(Weights.Default, resolved);
        var units = new Units(resolved, Policies.Tiers(policy, Weights.Default), context);
        var builder = new ProposalBuilder(resolved, units, new PlacementOptions { Policy = policy }, context);
        var placedAt = proposal.Assignments.ToDictionary(a => a.Youth, a => a.Location);
        var load = proposal.Assignments.GroupBy(a => a.Location).ToDictionary(g => g.Key, g => g.Count());
        var checkedPossible = 0;
        foreach (var a in proposal.Assignments)
        {
            Assert.Equal(a.Criteria.Values.Sum(), a.Cost);
            Assert.InRange(a.Alternatives.Length, 0, 3);
            Assert.Equal(a.Alternatives.OrderBy(x => x.CostDelta).Select(x => x.CostDelta), a.Alternatives.Select(x => x.CostDelta));
            foreach (var alt in a.Alternatives)
            {
                Assert.Equal(alt.CriteriaDelta.Values.Sum(), alt.CostDelta);
            }

            var youth = resolved.Youths.Single(y => y.Youth.Id == a.Youth);
            if (youth.SiblingGroup >= 0 || youth.KeepApart.Length > 0)
            {
                continue;
            }

            // An alternative listed as possible really is: every rule allows it and it has a free bed.
            foreach (var alt in a.Alternatives.Where(x => x.BlockedBy.IsEmpty))
            {
                var l = resolved.Locations.Single(x => x.Location.Id == alt.Location);
                Assert.True(l.Beds - load.GetValueOrDefault(l.Location.Id) > 0, $"{a.Youth}: {alt.Location} is full but listed as possible");
                Assert.True(HardRule.All.All(r => r.Allows(youth, l)), $"{a.Youth}: {alt.Location} breaks a rule but is listed as possible");
            }

            // Every location this youth could move to right now (rules, a free bed) costs at least
            // as much as the best possible alternative listed.
            var best = a.Alternatives.FirstOrDefault(x => x.BlockedBy.IsEmpty);
            var own = a.Cost;
            foreach (var l in resolved.Locations.Where(l => l.Location.Id != a.Location))
            {
                var free = l.Beds - load.GetValueOrDefault(l.Location.Id) > 0;
                if (!free || !HardRule.All.All(r => r.Allows(youth, l)))
                {
                    continue;
                }

                Assert.NotNull(best);
                var cost = builder.Criteria(youth, l).Values.Sum() - own;
                Assert.True(cost >= best!.CostDelta, $"{a.Youth}: {l.Location.Id} ({cost}) is cheaper than the listed {best.Location} ({best.CostDelta})");
                checkedPossible++;
            }
        }

        Assert.True(checkedPossible > 0, "no youth had a possible alternative to check");
    }
}

public sealed class ProgressTests
{
    private sealed class Recorder : IProgress<PlacementProgress>
    {
        public List<PlacementProgress> Reports { get; } = [];

        public void Report(PlacementProgress value) => Reports.Add(value);
    }

    [Fact]
    public void Propose_ReportsEveryStageInOrder_EndingDone()
    {
        var problem = RandomInstances.CreateTangled(3);
        var recorder = new Recorder();
        var result = new PlacementEngine(TestProblems.Geography).Propose(problem, new PlacementOptions { PlanningDate = TestProblems.Date }, recorder);
        Assert.True(result.Succeeded);
        var reports = recorder.Reports;
        Assert.StartsWith("candidates and scores", reports[0].Stage, StringComparison.Ordinal);
        Assert.Contains(reports, r => r.Stage.StartsWith("relaxation: tier group 1 of ", StringComparison.Ordinal));
        Assert.Contains(reports, r => r.Stage.StartsWith("side constraints", StringComparison.Ordinal));
        Assert.Equal("done", reports[^1].Stage);
        Assert.Equal(reports[^1].Steps, reports[^1].Step);
        Assert.True(reports.Zip(reports.Skip(1)).All(p => p.First.Step <= p.Second.Step), "steps must not go back");
    }
}

using Spreidingswet.Placement.Explaining;
using Spreidingswet.Placement.Inputs;
using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Preparation;
using Spreidingswet.Placement.Rules;
using Spreidingswet.Placement.Solving;
using Spreidingswet.Placement.Solving.Flow;
using Spreidingswet.Placement.Tests.Support;
using static Spreidingswet.Placement.Tests.Support.TestProblems;

namespace Spreidingswet.Placement.Tests.Preparation;

/// <summary>
/// Candidate pruning (Germany-sized instances) forced on small generated instances: the pruned
/// solve must reach the full model's optimum when it claims a proof, and otherwise report bounds
/// that never exceed the full model's optimum.
/// </summary>
public sealed class PruningTests
{
    public static TheoryData<int> Seeds() => [.. Enumerable.Range(1, 8)];

    private static (Units Units, Solver Solver, SolveOutcome Outcome) Solve(ResolvedProblem resolved, Policy policy, Pruning? pruning, int seed)
    {
        var units = new Units(resolved, Policies.Tiers(policy, Weights.Default), new ScoringContext(Weights.Default, resolved), pruning);
        var solver = new Solver(units, TimeSpan.FromSeconds(30), seed);
        return (units, solver, solver.Solve(null, CancellationToken.None));
    }

    private static ResolvedProblem Instance(int seed) => Resolve(
        SyntheticGenerator.Generate(new SyntheticSettings { Youths = 400, Locations = 40, Seed = seed, BedsPerYouth = 1.02 }, TestProblems.Geography), seed);

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Solve_PrunedWithPricing_ReachesTheFullOptimumWhenProven(int seed)
    {
        var resolved = Instance(seed);
        foreach (var policy in new[] { Policy.EducationFirst, Policy.CapacityOnly })
        {
            var full = Solve(resolved, policy, null, seed);
            var pruned = Solve(resolved, policy, new Pruning(0, 3) { PricingRounds = 10 }, seed);
            Assert.Null(full.Units.Pruning);
            Assert.NotNull(pruned.Units.Pruning);
            Assert.Equal(full.Units.FullArcCount, pruned.Units.FullArcCount);
            Assert.True(pruned.Units.ArcCount < pruned.Units.FullArcCount, "pruning kept every arc: the test proves nothing");
            Assert.Contains("pruned", pruned.Outcome.Method, StringComparison.Ordinal);
            Assert.Equal(SolverStatus.Optimal, full.Outcome.Status);
            var optimum = full.Solver.Values(full.Outcome.UnitLocation);
            if (pruned.Outcome.Status == SolverStatus.Optimal)
            {
                Assert.Equal(optimum, pruned.Solver.Values(pruned.Outcome.UnitLocation));
            }

            AssertBoundsBelow(optimum, pruned.Outcome);
        }
    }

    [Fact]
    public void Solve_PrunedWithPricing_ProvesMostInstances()
    {
        var proven = Enumerable.Range(1, 8).Count(seed =>
            Solve(Instance(seed), Policy.EducationFirst, new Pruning(0, 3) { PricingRounds = 10 }, seed).Outcome.Status == SolverStatus.Optimal);
        Assert.True(proven >= 4, $"pricing proved only {proven} of 8 pruned instances");
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Solve_PrunedWithoutColumnGeneration_ReportsBoundsBelowTheOptimumAndAConsistentGap(int seed)
    {
        var resolved = Instance(seed);
        var full = Solve(resolved, Policy.EducationFirst, null, seed);
        var optimum = full.Solver.Values(full.Outcome.UnitLocation);
        // One arc per unit and no pricing rounds: the bound is what pricing alone can certify.
        var pruned = Solve(resolved, Policy.EducationFirst, new Pruning(0, 1) { PricingRounds = 0 }, seed);
        var values = pruned.Solver.Values(pruned.Outcome.UnitLocation);
        Assert.True(Lex.Compare(optimum, values) <= 0, "the pruned solution beats the full optimum");
        AssertBoundsBelow(optimum, pruned.Outcome);
        if (pruned.Outcome.Status != SolverStatus.Optimal)
        {
            Assert.Contains("bound from reduced-cost pricing", pruned.Outcome.Method, StringComparison.Ordinal);
            var first = pruned.Outcome.Tiers.First(t => t.Value > t.Bound);
            Assert.Equal((first.Value - first.Bound) / (double)Math.Max(1, first.Value), pruned.Outcome.Gap, 9);
            Assert.True(pruned.Outcome.Gap > 0);
        }
        else
        {
            Assert.Equal(optimum, values);
        }
    }

    [Fact]
    public void Solve_PrunedWithoutColumnGeneration_LeavesAGapOnSomeInstances()
    {
        // Guards the test above: the bound path must actually be taken on these instances.
        var gaps = Enumerable.Range(1, 8).Count(seed =>
            Solve(Instance(seed), Policy.EducationFirst, new Pruning(0, 1) { PricingRounds = 0 }, seed).Outcome.Gap > 0);
        Assert.True(gaps >= 2, $"only {gaps} of 8 instances left a gap with one arc per unit");
    }

    [Fact]
    public void Relaxation_Pruned_FirstTierGroupIsSolvedAndProvenOverEveryArcByProfiles()
    {
        // Germany's tier groups (unplaced + priority | breaks + moves | weighted) on small instances:
        // a heavy break tier (3e7) keeps the multipliers from merging them. The profile network must give
        // the first group's optimum over every candidate arc; with the arcs it names added, the
        // pruned relaxation reaches it and pricing proves that group over every pruned arc.
        var withMissing = 0;
        foreach (var seed in Enumerable.Range(1, 8))
        {
            var resolved = Instance(seed);
            IReadOnlyList<Tier> tiers = [.. Policies.Tiers(Policy.EducationFirst, Weights.Default)
                .Select(x => x.Name == "educationRegionBreaks" ? x with { Terms = [(Policies.EducationRegionBreak, 30_000_000)] } : x)];
            var context = new ScoringContext(Weights.Default, resolved);
            var full = new Units(resolved, tiers, context);
            Assert.Equal([[0, 1], [2, 3], [4]], full.Groups);
            var fullRelaxed = new LexicographicFlow(full) { Pooling = false }.Solve(null, CancellationToken.None);
            var units = new Units(resolved, tiers, context, new Pruning(0, 1));
            Assert.Equal(full.Multiplier, units.Multiplier);
            var profile = ProfileFlow.Solve(units, new LexicographicFlow(units) { Pooling = false }, 0);
            Assert.NotNull(profile);
            Assert.Equal(fullRelaxed.ScaledValues[0], profile.Value);
            withMissing += profile.Missing.Count > 0 ? 1 : 0;
            units.AddArcs(profile.Missing);
            var flow = new LexicographicFlow(units) { Pooling = false, Profile = profile };
            var relaxed = flow.Solve(null, CancellationToken.None);
            Assert.Equal(fullRelaxed.ScaledValues[0], relaxed.ScaledValues[0]);
            var priced = PrunedPricing.Price(units, flow, relaxed, 8);
            Assert.NotEqual(0, priced.FailedGroup);
            Assert.Equal(fullRelaxed.ScaledValues[0], priced.GroupBounds[0]);
            if (priced.Proven)
            {
                Assert.Equal(fullRelaxed.ScaledValues, relaxed.ScaledValues);
            }
        }

        Assert.True(withMissing > 0, "one arc per unit always reached the first group's optimum: the test proves nothing");
    }

    [Fact]
    public void Explanations_Pruned_RankAmongKeptCandidatesAndTheSchoolRegionWithTheFullCostsAndRules()
    {
        var resolved = Instance(3);
        var tiers = Policies.Tiers(Policy.EducationFirst, Weights.Default);
        var context = new ScoringContext(Weights.Default, resolved);
        var options = new PlacementOptions { Policy = Policy.EducationFirst };
        var (units, _, outcome) = Solve(resolved, Policy.EducationFirst, new Pruning(0, 3), 3);
        var full = new ProposalBuilder(resolved, new Units(resolved, tiers, context), options, context);
        var (assignments, _, _) = new ProposalBuilder(resolved, units, options, context).Build(outcome.UnitLocation);
        var youthLocation = new int[resolved.Youths.Length];
        var load = new int[resolved.Locations.Length];
        for (var u = 0; u < units.Count; u++)
        {
            foreach (var m in units.Members[u])
            {
                youthLocation[m] = outcome.UnitLocation[u];
                load[outcome.UnitLocation[u] >= 0 ? outcome.UnitLocation[u] : 0] += outcome.UnitLocation[u] >= 0 ? 1 : 0;
            }
        }

        var fromRegion = 0;
        foreach (var a in assignments)
        {
            var youth = resolved.Youths.Single(y => y.Youth.Id == a.Youth);
            var kept = units.Candidates[units.UnitOf[youth.Index]];
            var region = youth.SchoolRegion ?? resolved.Locations[youth.CurrentLocation >= 0 ? youth.CurrentLocation : youthLocation[youth.Index]].EducationRegion?.Code;
            bool Ranked(ResolvedLocation l) => kept.Contains(l.Index) || l.Index == youth.CurrentLocation
                || (region is not null && string.Equals(l.EducationRegion?.Code, region, StringComparison.OrdinalIgnoreCase));
            var own = full.Criteria(youth, resolved.Locations[youthLocation[youth.Index]]);
            foreach (var alt in a.Alternatives)
            {
                var l = resolved.Locations.Single(x => x.Location.Id == alt.Location);
                Assert.True(Ranked(l), $"{a.Youth}: {alt.Location} is neither kept nor in the region");
                fromRegion += kept.Contains(l.Index) ? 0 : 1;
                Assert.Equal(full.Criteria(youth, l).Values.Sum() - own.Values.Sum(), alt.CostDelta);
                Assert.Equal(full.BlockedBy(youth, l, youthLocation, load), alt.BlockedBy.ToArray());
            }

            // No possible location among the ranked ones is cheaper than the best possible listed.
            if (a.Alternatives.FirstOrDefault(x => x.BlockedBy.IsEmpty) is { } best)
            {
                foreach (var l in resolved.Locations.Where(l => Ranked(l) && l.Index != youthLocation[youth.Index] && full.BlockedBy(youth, l, youthLocation, load).Length == 0))
                {
                    Assert.True(full.Criteria(youth, l).Values.Sum() - own.Values.Sum() >= best.CostDelta, $"{a.Youth}: {l.Location.Id} is cheaper than the listed {best.Location}");
                }
            }
        }

        Assert.True(fromRegion > 0, "no alternative came from the school region beyond the kept candidates: the test proves nothing");
    }

    [Fact]
    public void Units_BelowTheThreshold_KeepEveryArc()
    {
        var resolved = Instance(1);
        var tiers = Policies.Tiers(Policy.EducationFirst, Weights.Default);
        var context = new ScoringContext(Weights.Default, resolved);
        var unpruned = new Units(resolved, tiers, context);
        var high = new Units(resolved, tiers, context, new Pruning(long.MaxValue, 1));
        Assert.Null(high.Pruning);
        Assert.Equal(unpruned.Candidates, high.Candidates);
        Assert.Equal(unpruned.ArcCount, unpruned.FullArcCount);
    }

    [Fact]
    public void Units_Pruned_KeepTheLexicographicallyBestArcsAndTheCurrentLocation()
    {
        var resolved = Instance(2);
        var tiers = Policies.Tiers(Policy.EducationFirst, Weights.Default);
        var context = new ScoringContext(Weights.Default, resolved);
        var full = new Units(resolved, tiers, context);
        var pruned = new Units(resolved, tiers, context, new Pruning(0, 4));
        for (var u = 0; u < full.Count; u++)
        {
            var kept = pruned.Candidates[u];
            Assert.Subset(full.Candidates[u].ToHashSet(), kept.ToHashSet());
            Assert.True(kept.Length >= Math.Min(4, full.Candidates[u].Length));
            var current = full.Members[u].Select(m => resolved.Youths[m].CurrentLocation).FirstOrDefault(c => c >= 0, -1);
            if (current >= 0 && full.Candidates[u].Contains(current))
            {
                Assert.Contains(current, kept);
            }

            // No dropped arc is lexicographically better than the worst kept one (other than the current location).
            long[] Key(int l) => [.. Enumerable.Range(0, tiers.Count).Select(t => full.ArcCost[t][u][Array.IndexOf(full.Candidates[u], l)])];
            var worstKept = kept.Where(l => l != current || kept.Length <= 4).Select(Key).Max(Lex.Comparer);
            foreach (var l in full.Candidates[u].Except(kept))
            {
                Assert.True(Lex.Compare(Key(l), worstKept!) >= 0, $"unit {u}: dropped location {l} is better than a kept one");
            }
        }
    }

    private static void AssertBoundsBelow(long[] optimum, SolveOutcome outcome)
    {
        // Bounds are lexicographic: the first tier where bound and optimum differ must have bound < optimum.
        var bounds = outcome.Tiers.Select(t => t.Bound).ToArray();
        Assert.True(Lex.Compare(bounds, optimum) <= 0, $"bounds {string.Join(",", bounds)} exceed the optimum {string.Join(",", optimum)}");
    }
}

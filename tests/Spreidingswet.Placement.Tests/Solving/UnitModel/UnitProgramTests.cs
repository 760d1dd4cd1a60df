using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Preparation;
using Spreidingswet.Placement.Rules;
using Spreidingswet.Placement.Solving;
using Spreidingswet.Placement.Solving.UnitModel;
using Spreidingswet.Placement.Tests.Support;
using Xunit;
using static Spreidingswet.Placement.Solving.UnitModel.UnitProgram;

namespace Spreidingswet.Placement.Tests.Solving.UnitModel;

/// <summary>
/// The unit model that CP-SAT and the LP file share: its rows hold for the solver's proposals and
/// its objective, evaluated at a proposal, equals the solver's own value of every tier.
/// </summary>
public class UnitProgramTests
{
    public static TheoryData<int> Seeds => [.. Enumerable.Range(1, 16)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Program_AtTheSolversProposal_RowsHoldAndObjectivesEqualTheTierValues(int seed)
    {
        foreach (var policy in new[] { Policy.EducationFirst, Policy.CapacityOnly, Policy.Weighted })
        {
            var problem = seed % 2 == 0 ? RandomInstances.Create(seed, youths: 12, locations: 4) : RandomInstances.CreateTangled(seed);
            var resolved = TestProblems.Resolve(problem, seed);
            var weights = Weights.Default with { Balance = seed % 3 == 0 ? 500 : 0 };
            var units = new Units(resolved, Policies.Tiers(policy, weights), new ScoringContext(weights, resolved));
            var solver = new Solver(units, TimeSpan.FromSeconds(20), seed);
            var location = solver.Solve(null, CancellationToken.None).UnitLocation;
            var program = new UnitProgram(units, units.Candidates);

            var x = Chosen(program, location);
            Assert.All(program.ArcsAt.Select((arcs, l) => (arcs, l)), c =>
                Assert.True(c.arcs.Where(a => x[a.Unit][a.Arc]).Sum(a => program.Size(a.Unit)) <= units.Problem.Locations[c.l].Beds));
            Assert.All(program.Apart, row => Assert.False(x[row.A.Index][row.A.Arc] && x[row.B.Index][row.B.Arc], $"pair {row.Pair} together"));

            var values = solver.Values(location);
            for (var t = 0; t < units.Tiers.Count; t++)
            {
                var objective = program.Objective(t).Sum(term => term.Coefficient * Value(program, x, location, term.Var));
                Assert.Equal(values[t], objective);
            }
        }
    }

    [Fact]
    public void Program_OverPrunedArcs_KeepsOnlyThoseArcsInEveryRow()
    {
        var problem = RandomInstances.CreateTangled(3);
        var resolved = TestProblems.Resolve(problem, 3);
        var units = new Units(resolved, Policies.Tiers(Policy.EducationFirst, Weights.Default), new ScoringContext(Weights.Default, resolved));
        var arcs = units.Candidates.Select(c => c.Take(1).ToArray()).ToArray();
        var program = new UnitProgram(units, arcs);

        Assert.Equal(arcs.Sum(a => a.Length), program.ArcsAt.Sum(a => a.Length));
        Assert.All(program.Apart, row => Assert.Equal(arcs[row.A.Index][row.A.Arc], arcs[row.B.Index][row.B.Arc]));
        Assert.All(program.Objective(0).Where(t => t.Var.Kind == VarKind.Arc), t => Assert.Equal(0, t.Var.Arc));
        Assert.All(Enumerable.Range(0, arcs.Length), u => Assert.Equal(Array.IndexOf(units.Candidates[u], arcs[u].FirstOrDefault(-1)), arcs[u].Length == 0 ? -1 : program.CandidateIndex[u][0]));
    }

    private static bool[][] Chosen(UnitProgram program, int[] location)
        => [.. program.Arcs.Select((arcs, u) => arcs.Select(l => l == location[u]).ToArray())];

    /// <summary>A variable's value at a proposal: the integers at their least feasible value.</summary>
    private static long Value(UnitProgram program, bool[][] x, int[] location, Var v) => v.Kind switch
    {
        VarKind.Arc => x[v.Index][v.Arc] ? 1 : 0,
        VarKind.Unplaced => location[v.Index] < 0 ? 1 : 0,
        VarKind.Over => Math.Max(0, program.Balance[v.Index].Locations.SelectMany(l => program.ArcsAt[l]).Where(a => x[a.Unit][a.Arc]).Sum(a => (long)program.Size(a.Unit)) - program.Balance[v.Index].Free),
        _ => Math.Max(0, program.IskSeats[v.Index].Terms.Where(t => x[t.Var.Index][t.Var.Arc]).Sum(t => t.Need) - program.IskSeats[v.Index].Seats),
    };
}

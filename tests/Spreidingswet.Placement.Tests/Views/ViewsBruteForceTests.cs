using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Preparation;
using Spreidingswet.Placement.Rules;
using Spreidingswet.Placement.Solving;
using Spreidingswet.Placement.Tests.Solving;
using Spreidingswet.Placement.Tests.Support;
using static Spreidingswet.Placement.Tests.Support.TestProblems;

namespace Spreidingswet.Placement.Tests.Views;

/// <summary>Issue 19, done when: brute force agrees with the engine on small instances with the views, stability and turning-18 criteria.</summary>
public sealed class ViewsBruteForceTests
{
    public static TheoryData<int> Seeds() => [.. Enumerable.Range(1, 30)];

    /// <summary>A small random instance where every youth has a wish of some kind, recent moves, and some turn 18 soon.</summary>
    internal static PlacementProblem WithViews(PlacementProblem problem, int seed)
    {
        var r = new Random(seed * 31);
        string[] municipalities = [Utrecht, Zeist, Groningen, Maastricht];
        string[] regions = ["MC19", "MC03", "MC39"];
        return problem with
        {
            Youths = [.. problem.Youths.Select(y =>
            {
                y = (r.Next(4)) switch
                {
                    0 => y with { WishLocation = problem.Locations[r.Next(problem.Locations.Length)].Id },
                    1 => y with { WishMunicipality = municipalities[r.Next(municipalities.Length)] },
                    2 => y with { WishRegion = regions[r.Next(regions.Length)] },
                    _ => y with { WishNear = In(municipalities[r.Next(municipalities.Length)]) },
                };
                y = y with { MovesLast12Months = y.CurrentLocation is null ? null : r.Next(0, 3) };
                return r.Next(3) == 0 ? y with { Age = null, BirthDate = Date.AddMonths(r.Next(1, 6)).AddYears(-18) } : y;
            })],
        };
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Solve_SmallInstancesWithViews_MatchesBruteForceInEveryTier(int seed)
    {
        foreach (var views in new[] { ViewsOptions.Default, ViewsOptions.Default with { Tier = ViewsTier.AfterEducation }, ViewsOptions.Default with { Turning18Hard = true } })
        {
            foreach (var policy in new[] { Policy.EducationFirst, Policy.Weighted })
            {
                var problem = WithViews(RandomInstances.Create(seed, youths: 6, locations: 3), seed);
                var resolved = Resolver.Resolve(problem, TestProblems.Geography, Date, seed, views).GetValueOrThrow();
                var units = new Units(resolved, Policies.Tiers(policy, Weights.Default, views), new ScoringContext(Weights.Default, resolved) { Views = views, ViewsActive = true });
                var solver = new Solver(units, TimeSpan.FromSeconds(20), seed);
                var outcome = solver.Solve(null, CancellationToken.None);
                Assert.Equal(SolverStatus.Optimal, outcome.Status);
                Assert.Equal(SolverTests.BruteForce(units), solver.Values(outcome.UnitLocation));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Solve_TangledInstancesWithViews_MatchesBruteForce(int seed)
    {
        var views = ViewsOptions.Default;
        var problem = WithViews(RandomInstances.CreateTangled(seed), seed);
        var resolved = Resolver.Resolve(problem, TestProblems.Geography, Date, seed, views).GetValueOrThrow();
        var units = new Units(resolved, Policies.Tiers(Policy.EducationFirst, Weights.Default, views), new ScoringContext(Weights.Default, resolved) { Views = views, ViewsActive = true });
        var solver = new Solver(units, TimeSpan.FromSeconds(20), seed);
        var outcome = solver.Solve(null, CancellationToken.None);
        Assert.Equal(SolverStatus.Optimal, outcome.Status);
        Assert.Equal(SolverTests.BruteForce(units), solver.Values(outcome.UnitLocation));
    }
}

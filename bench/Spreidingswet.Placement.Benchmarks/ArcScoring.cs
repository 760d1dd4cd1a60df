using Spreidingswet.Placement.Preparation;
using Spreidingswet.Placement.Rules;

namespace Spreidingswet.Placement.Benchmarks;

/// <summary>
/// The engine's batch arc scoring as the benchmarks measure it: for every member of every unit, each
/// tier's criteria add their weighted costs over the unit's candidate arcs (<c>AddCosts</c>), and the
/// costs are summed so the work cannot be skipped. Shared by <see cref="HotPathBenchmarks"/> and
/// <see cref="ViewsScoringBenchmarks"/>.
/// </summary>
internal static class ArcScoring
{
    public static long ScoreAllArcs(ResolvedProblem problem, Units units, IReadOnlyList<Tier> tiers, ScoringContext context)
    {
        long sum = 0;
        var costs = new long[problem.Locations.Length];
        for (var u = 0; u < units.Count; u++)
        {
            foreach (var m in units.Members[u])
            {
                var youth = problem.Youths[m];
                var span = costs.AsSpan(0, units.Candidates[u].Length);
                foreach (var tier in tiers)
                {
                    span.Clear();
                    foreach (var (criterion, weight) in tier.Terms)
                    {
                        criterion.AddCosts(youth, units.Candidates[u], weight, span, context);
                    }

                    foreach (var c in span)
                    {
                        sum += c;
                    }
                }
            }
        }

        return sum;
    }
}

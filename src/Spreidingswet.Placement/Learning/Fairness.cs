using System.Collections.Immutable;
using Spreidingswet.Placement.Preparation;

namespace Spreidingswet.Placement.Learning
{
    /// <summary>
    /// Outcomes per audit group (youths.csv's <c>audit_group</c>, never read by scoring): placement
    /// rate, education-region kept rate, mean school distance and mean predicted probability, and the
    /// gap between the best- and worst-off group per metric, the largest rate gap flagged.
    /// </summary>
    public sealed record FairnessReport
    {
        /// <summary>The grouping column: <c>audit_group</c>.</summary>
        public required string Attribute { get; init; }

        /// <summary>One entry per group (youths without a group form <c>(none)</c>), ordered by name.</summary>
        public required ImmutableArray<FairnessGroup> Groups { get; init; }

        /// <summary>Per metric, the highest and lowest group and their difference.</summary>
        public required ImmutableArray<FairnessGap> Gaps { get; init; }

        /// <summary>The metric with the largest gap among the rates (placement, region kept, predicted probability); null with fewer than two groups.</summary>
        public required string? LargestGap { get; init; }
    }

    /// <summary>Outcomes of one audit group.</summary>
    /// <param name="Group">The group label.</param>
    /// <param name="Youths">Youths in the group.</param>
    /// <param name="Placed">Of them placed.</param>
    /// <param name="PlacementRate">Placed / youths (0.001).</param>
    /// <param name="SchoolGoing">School-going youths in the group.</param>
    /// <param name="EducationRegionKept">School-going youths placed in their school's education region.</param>
    /// <param name="EducationRegionKeptRate">Kept / school-going (0.001); null when none is school-going.</param>
    /// <param name="MeanSchoolDistanceKm">Mean km from location to school over placed youths with a school point (0.1); null when none.</param>
    /// <param name="MeanPredictedProbability">Mean learned probability over placed youths (0.001); null without a model.</param>
    public sealed record FairnessGroup(string Group, int Youths, int Placed, double PlacementRate, int SchoolGoing, int EducationRegionKept,
        double? EducationRegionKeptRate, double? MeanSchoolDistanceKm, double? MeanPredictedProbability);

    /// <summary>The spread of one metric over the groups.</summary>
    /// <param name="Metric"><c>placementRate</c>, <c>educationRegionKeptRate</c>, <c>meanSchoolDistanceKm</c> or <c>meanPredictedProbability</c>.</param>
    /// <param name="Highest">Group with the highest value.</param>
    /// <param name="Lowest">Group with the lowest value.</param>
    /// <param name="Gap">Highest minus lowest.</param>
    /// <param name="Ratio">Lowest / highest (the "four-fifths" ratio); null when the highest is 0.</param>
    /// <param name="Flagged">True for the largest rate gap of the report.</param>
    public sealed record FairnessGap(string Metric, string Highest, string Lowest, double Gap, double? Ratio, bool Flagged);
}

namespace Spreidingswet.Placement.Learning
{
    /// <summary>Builds the fairness section from a solved assignment (reads <c>audit_group</c>; scoring never does).</summary>
    internal static class Fairness
    {
        public const string NoGroup = "(none)";

        private static readonly string[] Rates = ["placementRate", "educationRegionKeptRate", "meanPredictedProbability"];

        public static FairnessReport? Build(ResolvedProblem problem, int[] unitLocation, Units units, LearnedScores? learned)
        {
            if (problem.Youths.All(y => y.Youth.AuditGroup is null))
            {
                return null;
            }

            var groups = problem.Youths
                .GroupBy(y => y.Youth.AuditGroup ?? NoGroup, StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g =>
                {
                    int placed = 0, schoolGoing = 0, kept = 0;
                    var distances = new List<double>();
                    var probabilities = new List<double>();
                    foreach (var y in g)
                    {
                        var l = unitLocation[units.UnitOf[y.Index]];
                        schoolGoing += y.IsSchoolGoing ? 1 : 0;
                        if (l < 0)
                        {
                            continue;
                        }

                        placed++;
                        var location = problem.Locations[l];
                        if (Rules.EducationRegion.Kept(y, location))
                        {
                            kept++;
                        }

                        if (y.SchoolPoint is { } point)
                        {
                            distances.Add(location.Location.Point.DistanceKm(point));
                        }

                        if (learned is not null)
                        {
                            probabilities.Add(learned.Probability(y.Index, l));
                        }
                    }

                    var youths = g.Count();
                    return new FairnessGroup(g.Key, youths, placed, Math.Round(placed / (double)youths, 3), schoolGoing, kept,
                        schoolGoing == 0 ? null : Math.Round(kept / (double)schoolGoing, 3),
                        distances.Count == 0 ? null : Math.Round(distances.Average(), 1),
                        probabilities.Count == 0 ? null : Math.Round(probabilities.Average(), 3));
                })
                .ToImmutableArray();

            var gaps = new List<FairnessGap>();
            foreach (var (metric, value) in new (string, Func<FairnessGroup, double?>)[]
            {
                ("placementRate", g => g.PlacementRate), ("educationRegionKeptRate", g => g.EducationRegionKeptRate),
                ("meanSchoolDistanceKm", g => g.MeanSchoolDistanceKm), ("meanPredictedProbability", g => g.MeanPredictedProbability),
            })
            {
                var present = groups.Where(g => value(g) is not null).ToList();
                if (present.Count < 2)
                {
                    continue;
                }

                var high = present.OrderByDescending(g => value(g)).ThenBy(g => g.Group, StringComparer.Ordinal).First();
                var low = present.OrderBy(g => value(g)).ThenBy(g => g.Group, StringComparer.Ordinal).First();
                var (h, lo) = (value(high)!.Value, value(low)!.Value);
                gaps.Add(new FairnessGap(metric, high.Group, low.Group, Math.Round(h - lo, 3), h == 0 ? null : Math.Round(lo / h, 3), false));
            }

            var largest = gaps.Where(g => Rates.Contains(g.Metric)).OrderByDescending(g => g.Gap).ThenBy(g => g.Metric, StringComparer.Ordinal).FirstOrDefault();
            return new FairnessReport
            {
                Attribute = "audit_group",
                Groups = groups,
                Gaps = [.. gaps.Select(g => g == largest ? g with { Flagged = true } : g)],
                LargestGap = largest?.Metric,
            };
        }
    }
}

using System.Runtime.CompilerServices;
using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Preparation;
using Spreidingswet.Placement.Rules;
using Spreidingswet.Placement.Rules.Criteria;

namespace Spreidingswet.Placement.Learning;

/// <summary>
/// The learned school-continuity probability of every (youth, location) pair of a run, scored once
/// with the fast tree path before candidates and costs are built, then read by the criterion, the
/// proposal and the fairness report. Youth features come from youths.csv's optional columns, with the
/// model's defaults where absent (stated in the model card).
/// </summary>
internal sealed class LearnedScores
{
    private readonly float[] _probability;
    private readonly int _locations;

    private LearnedScores(float[] probability, int locations)
    {
        _probability = probability;
        _locations = locations;
    }

    public double Probability(int youth, int location) => _probability[(youth * _locations) + location];

    public static LearnedScores Build(ContinuityModel model, ResolvedProblem problem, DateOnly planningDate)
    {
        var scorer = model.Scorer;
        var defaults = model.Defaults;
        var locations = problem.Locations;
        var locationFeatures = new float[locations.Length][];
        var locationPart = new double[locations.Length];
        for (var l = 0; l < locations.Length; l++)
        {
            var x = new float[ContinuityFeatures.Count];
            var region = locations[l].EducationRegion?.Code;
            var seats = region is not null && problem.IskSeats.TryGetValue(region, out var s) ? s : defaults.IskSeatsFree;
            ContinuityFeatures.FillLocation(x, ContinuityFeatures.TypeIndex(locations[l].Location.Type), seats);
            locationFeatures[l] = x;
            locationPart[l] = scorer.LocationPart(x);
        }

        // Education regions as small integers, so that "same region" is an integer compare per arc.
        var regionIndex = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        int Region(string? code) => code is null ? -1 : regionIndex.TryGetValue(code, out var r) ? r : regionIndex[code] = regionIndex.Count;
        var site = new Site[locations.Length];
        for (var l = 0; l < locations.Length; l++)
        {
            site[l] = new Site(locations[l].Location.Point.X, locations[l].Location.Point.Y, Region(locations[l].EducationRegion?.Code), locationPart[l]);
        }

        var schoolRegion = problem.Youths.Select(y => y.SchoolRegion is { } code ? Region(code) : -2).ToArray();
        var copyLocation = scorer.ReadsLocationFeaturesPerArc;
        var probability = new float[problem.Youths.Length * locations.Length];
        Parallel.For(0, problem.Youths.Length, () => (scorer.NewSpecialization(), new float[ContinuityFeatures.Count]), (i, _, state) =>
        {
            var (specialization, x) = state;
            var y = problem.Youths[i];
            var months = y.Youth.ArrivedOn is { } arrived ? Math.Max(0, (planningDate.DayNumber - arrived.DayNumber) / 30.4375) : defaults.MonthsInNetherlands;
            ContinuityFeatures.FillYouth(x, y.Age, y.Youth.CareLevel, y.Youth.SchoolingYears ?? defaults.SchoolingYears, months,
                y.Youth.EarlierMoves ?? defaults.EarlierMoves, y.IsSchoolGoing);
            scorer.Specialize(x, specialization);
            ScoreYouth(scorer, defaults, y, schoolRegion[i], site, copyLocation ? locationFeatures : null, x, specialization,
                probability.AsSpan(i * locations.Length, locations.Length));
            return state;
        }, _ => { });
        return new LearnedScores(probability, locations.Length);
    }

    private readonly record struct Site(double X, double Y, int Region, double LocationPart);

    // The hot loop of a run: optimised at once rather than after tiering (a one-shot CLI run calls it once).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ScoreYouth(TreeScorer scorer, ContinuityDefaults defaults, ResolvedYouth y, int schoolRegion, Site[] sites,
        float[][]? locationFeatures, float[] x, TreeScorer.Specialization specialization, Span<float> row)
    {
        var enrolled = y.IsSchoolGoing;
        var point = y.SchoolPoint;
        var (sx, sy) = point is { } p ? (p.X, p.Y) : (0.0, 0.0);
        for (var l = 0; l < sites.Length; l++)
        {
            var site = sites[l];
            if (locationFeatures is not null)
            {
                locationFeatures[l].AsSpan(ContinuityFeatures.IskSeatsFree).CopyTo(x.AsSpan(ContinuityFeatures.IskSeatsFree));
            }

            if (enrolled)
            {
                var same = site.Region == schoolRegion;
                double distance;
                if (point is not null)
                {
                    var (dx, dy) = (site.X - sx, site.Y - sy);
                    distance = Math.Sqrt((dx * dx) + (dy * dy)) / 1000.0;
                }
                else
                {
                    distance = same ? defaults.SchoolDistanceSameRegionKm : defaults.SchoolDistanceOtherRegionKm;
                }

                ContinuityFeatures.FillSchool(x, distance, same);
            }
            else
            {
                ContinuityFeatures.FillSchool(x, null, false);
            }

            row[l] = (float)scorer.Calibrate(scorer.Score(x, specialization, site.LocationPart));
        }
    }

    /// <summary>The school features of a youth at a location (null distance: not enrolled).</summary>
    internal static (double? DistanceKm, bool Same) School(ResolvedYouth youth, ResolvedLocation location, ContinuityDefaults defaults)
    {
        if (!youth.IsSchoolGoing)
        {
            return (null, false);
        }

        var same = Rules.EducationRegion.Kept(youth, location);
        var distance = youth.SchoolPoint is { } school
            ? location.Location.Point.DistanceKm(school)
            : same ? defaults.SchoolDistanceSameRegionKm : defaults.SchoolDistanceOtherRegionKm;
        return (distance, same);
    }
}

/// <summary>
/// Learned school continuity: weight x (1 - p), rounded to whole units, where p is the model's
/// probability that the youth's schooling continues after this placement. 0 without a model.
/// </summary>
internal sealed class LearnedContinuityCriterion : Criterion
{
    public override string Name => "learnedContinuity";

    public override long Cost(ResolvedYouth youth, ResolvedLocation location, ScoringContext context)
        => context.Learned is { } learned ? Cost(learned.Probability(youth.Index, location.Index), context.Weights) : 0;

    public override void AddCosts(ResolvedYouth youth, ReadOnlySpan<int> locations, long weight, Span<long> costs, ScoringContext context)
    {
        if (context.Learned is not { } learned)
        {
            return;
        }

        for (var k = 0; k < locations.Length; k++)
        {
            costs[k] = checked(costs[k] + (weight * Cost(learned.Probability(youth.Index, locations[k]), context.Weights)));
        }
    }

    private static long Cost(double probability, Weights weights)
        => (long)Math.Round(weights.LearnedContinuity * (1 - probability), MidpointRounding.AwayFromZero);
}

using Spreidingswet.Placement.Learning;
using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Tests.Support;

namespace Spreidingswet.Placement.Tests.Learning;

/// <summary>Histories and models trained once per test run (training takes seconds).</summary>
internal static class TrainedModels
{
    private static readonly Lazy<string> LazyHistory = new(() =>
    {
        var path = Path.Combine(TestData.TempDirectory(), "history.csv");
        PlacementHistory.WriteSynthetic(new HistorySettings { Rows = 8_000, Seed = 11 }, path);
        return path;
    });

    private static readonly Lazy<ContinuityModel> LazyStumps = new(() => Train(new ModelTrainingOptions()));

    private static readonly Lazy<ContinuityModel> LazyTrees = new(() => Train(new ModelTrainingOptions { Trees = 60, Leaves = 8 }));

    /// <summary>A synthetic history of 8,000 placements with the protected columns.</summary>
    public static string History => LazyHistory.Value;

    /// <summary>The default model (boosted stumps).</summary>
    public static ContinuityModel Stumps => LazyStumps.Value;

    /// <summary>A model of deeper trees (interactions; the fast path walks them).</summary>
    public static ContinuityModel Trees => LazyTrees.Value;

    public static ContinuityModel Train(ModelTrainingOptions options, string? history = null)
    {
        var result = ContinuityModel.Train(history ?? History, options);
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        return result.Value!;
    }

    /// <summary>Random placements over the whole feature space (some far outside typical values).</summary>
    public static ContinuityCase[] RandomCases(int count, int seed)
    {
        var random = new Random(seed);
        string[] types = ["POL", "KWV", "KWE", "NIDOS", "BO", "GZH", ""];
        return [.. Enumerable.Range(0, count).Select(_ => new ContinuityCase
        {
            Age = random.Next(11, 19),
            CareLevel = (CareLevel)random.Next(3),
            SchoolingYears = Math.Round(random.NextDouble() * 13, 1),
            MonthsInNetherlands = random.Next(0, 48),
            EarlierMoves = random.Next(0, 8),
            SchoolDistanceKm = random.NextDouble() < 0.8 ? Math.Round(random.NextDouble() * 320, 2) : null,
            SameEducationRegion = random.NextDouble() < 0.5,
            LocationType = types[random.Next(types.Length)],
            IskSeatsFree = random.Next(0, 40),
        })];
    }
}

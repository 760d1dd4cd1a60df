using System.Collections.Immutable;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;

namespace Spreidingswet.Placement.Learning;

/// <summary>ML.NET's view of one placement: the feature vector and the outcome.</summary>
internal sealed class ModelInput
{
    [VectorType(ContinuityFeatures.Count)]
    public float[] Features { get; set; } = [];

    public bool Label { get; set; }

    public static DataViewSchema Schema(MLContext ml)
        => ml.Data.LoadFromEnumerable(Array.Empty<ModelInput>()).Schema;
}

/// <summary>ML.NET's prediction columns.</summary>
internal sealed class ModelOutput
{
    public float Probability { get; set; }

    public float Score { get; set; }

    public bool PredictedLabel { get; set; }
}

/// <summary>What model.json in a model file holds besides the ML.NET model.</summary>
internal sealed record ModelManifest
{
    public string Format { get; init; } = ContinuityModel.Format;

    public int Version { get; init; } = 1;

    public string[] Features { get; init; } = [];

    public string[] ExcludedProtected { get; init; } = [];

    public string[] IgnoredColumns { get; init; } = [];

    public string HistoryFile { get; init; } = "";

    public string HistorySha256 { get; init; } = "";

    public int HistoryRows { get; init; }

    public bool Synthetic { get; init; }

    public string[] HistoryComments { get; init; } = [];

    public string Trainer { get; init; } = "";

    public int Seed { get; init; }

    public ModelTrainingOptions Options { get; init; } = new();

    public ContinuityDefaults Defaults { get; init; } = new();

    public ModelEvaluation Evaluation { get; init; } = new();
}

/// <summary>Trains and evaluates the FastTree model (deterministic: fixed seed, one thread).</summary>
internal static class ContinuityTrainer
{
    public static (MLContext Ml, ITransformer Model, ModelManifest Manifest) Train(HistoryData history, ModelTrainingOptions options)
    {
        // Deterministic split: a seeded shuffle of the row order.
        var order = Enumerable.Range(0, history.Rows.Length).ToArray();
        new Random(options.Seed).Shuffle(order);
        var testCount = Math.Clamp((int)Math.Round(history.Rows.Length * options.HoldOutFraction), 1, history.Rows.Length - 1);
        var test = order.Take(testCount).Order().Select(i => history.Rows[i]).ToArray();
        var train = order.Skip(testCount).Order().Select(i => history.Rows[i]).ToArray();

        var ml = new MLContext(seed: options.Seed);
        var trainView = ml.Data.LoadFromEnumerable(train.Select(ToInput));
        var trainer = ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
        {
            NumberOfTrees = options.Trees,
            NumberOfLeaves = options.Leaves,
            MinimumExampleCountPerLeaf = options.MinimumExamplesPerLeaf,
            LearningRate = options.LearningRate,
            NumberOfThreads = 1,
            FeatureColumnName = nameof(ModelInput.Features),
            LabelColumnName = nameof(ModelInput.Label),
        });
        var model = trainer.Fit(trainView);

        var testView = model.Transform(ml.Data.LoadFromEnumerable(test.Select(ToInput)));
        var metrics = ml.BinaryClassification.Evaluate(testView);
        var probabilities = testView.GetColumn<float>(nameof(ModelOutput.Probability)).ToArray();
        var baseRate = train.Count(r => r.Continued) / (double)train.Length;
        var baselineLogLoss = test.Average(r => -Math.Log2(r.Continued ? baseRate : 1 - baseRate));
        var calibration = Enumerable.Range(0, 10)
            .Select(b =>
            {
                var inBin = Enumerable.Range(0, test.Length).Where(i => Math.Min(9, (int)(probabilities[i] * 10)) == b).ToArray();
                return inBin.Length == 0
                    ? null
                    : new CalibrationBin(b / 10.0, (b + 1) / 10.0, inBin.Length,
                        Math.Round(inBin.Average(i => (double)probabilities[i]), 4), Math.Round(inBin.Average(i => test[i].Continued ? 1.0 : 0.0), 4));
            })
            .Where(b => b is not null)
            .Select(b => b!)
            .ToImmutableArray();

        // Direction checks: the same held-out school-going placements with one feature changed.
        var engine = ml.Model.CreatePredictionEngine<ModelInput, ModelOutput>(model);
        var schoolGoing = test.Where(r => r.Case.SchoolDistanceKm is not null).Select(r => r.Case).ToArray();
        double Mean(Func<ContinuityCase, ContinuityCase> change) => schoolGoing.Length == 0
            ? double.NaN
            : Math.Round(schoolGoing.Average(c => (double)engine.Predict(new ModelInput { Features = ContinuityFeatures.Of(change(c)) }).Probability), 4);

        var evaluation = new ModelEvaluation
        {
            TrainRows = train.Length,
            TestRows = test.Length,
            PositiveRate = Math.Round(test.Count(r => r.Continued) / (double)test.Length, 4),
            Auc = Math.Round(metrics.AreaUnderRocCurve, 4),
            LogLoss = Math.Round(metrics.LogLoss, 4),
            BaselineLogLoss = Math.Round(baselineLogLoss, 4),
            Calibration = calibration,
            MeanProbabilityRegionKept = Mean(c => c with { SameEducationRegion = true }),
            MeanProbabilityRegionBroken = Mean(c => c with { SameEducationRegion = false }),
            MeanProbabilitySchool5Km = Mean(c => c with { SchoolDistanceKm = 5 }),
            MeanProbabilitySchool50Km = Mean(c => c with { SchoolDistanceKm = 50 }),
        };

        var cases = train.Select(r => r.Case).ToArray();
        var defaults = new ContinuityDefaults
        {
            SchoolingYears = Median(cases.Select(c => c.SchoolingYears)),
            MonthsInNetherlands = Median(cases.Select(c => c.MonthsInNetherlands)),
            EarlierMoves = (int)Math.Round(Median(cases.Select(c => (double)c.EarlierMoves)), MidpointRounding.AwayFromZero),
            IskSeatsFree = Median(cases.Select(c => c.IskSeatsFree)),
            SchoolDistanceSameRegionKm = Median(cases.Where(c => c.SchoolDistanceKm is not null && c.SameEducationRegion).Select(c => c.SchoolDistanceKm!.Value)),
            SchoolDistanceOtherRegionKm = Median(cases.Where(c => c.SchoolDistanceKm is not null && !c.SameEducationRegion).Select(c => c.SchoolDistanceKm!.Value)),
        };

        var manifest = new ModelManifest
        {
            Features = ContinuityFeatures.Names,
            ExcludedProtected = [.. history.ExcludedProtected],
            IgnoredColumns = [.. history.IgnoredColumns],
            HistoryFile = Path.GetFileName(history.File),
            HistorySha256 = history.Sha256,
            HistoryRows = history.Rows.Length,
            Synthetic = history.Synthetic,
            HistoryComments = [.. history.Comments],
            Trainer = $"ML.NET {typeof(MLContext).Assembly.GetName().Version} FastTree binary classification (one thread), Platt-calibrated",
            Seed = options.Seed,
            Options = options,
            Defaults = defaults,
            Evaluation = evaluation,
        };
        return (ml, model, manifest);
    }

    private static ModelInput ToInput(HistoryRow row) => new() { Features = ContinuityFeatures.Of(row.Case), Label = row.Continued };

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? 0 : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}

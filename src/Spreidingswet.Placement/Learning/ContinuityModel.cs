using System.Collections.Immutable;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;
using Spreidingswet.Placement.Learning;
using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Outputs;

using Spreidingswet.Placement.Inputs;

namespace Spreidingswet.Placement.Learning;

/// <summary>Options of <see cref="ContinuityModel.Train"/>, with documented defaults.</summary>
public sealed record ModelTrainingOptions
{
    /// <summary>Seed of the train/test split and of ML.NET. Default 1.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Share of the history held out for evaluation. Default 0.2.</summary>
    public double HoldOutFraction { get; init; } = 0.2;

    /// <summary>Boosted trees. Default 200.</summary>
    public int Trees { get; init; } = 200;

    /// <summary>
    /// Leaves per tree. Default 2: boosted stumps, an additive model (each feature's effect can be read
    /// on its own) that the fast path scores as per-feature step functions. More leaves learn
    /// interactions; the fast path then walks those trees per arc (several times slower).
    /// </summary>
    public int Leaves { get; init; } = 2;

    /// <summary>Fewest training placements in a leaf. Default 50.</summary>
    public int MinimumExamplesPerLeaf { get; init; } = 50;

    /// <summary>Learning rate (shrinkage). Default 0.2.</summary>
    public double LearningRate { get; init; } = 0.2;

    /// <summary>Every problem with the options, reported together.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (HoldOutFraction is <= 0 or >= 1 || double.IsNaN(HoldOutFraction))
        {
            problems.Add($"hold-out fraction {HoldOutFraction}: must lie strictly between 0 and 1.");
        }

        if (Trees is < 1 or > 2_000)
        {
            problems.Add($"trees {Trees}: must lie between 1 and 2000.");
        }

        if (Leaves is < 2 or > 128)
        {
            problems.Add($"leaves {Leaves}: must lie between 2 and 128.");
        }

        if (MinimumExamplesPerLeaf < 1)
        {
            problems.Add($"minimum examples per leaf {MinimumExamplesPerLeaf}: must be at least 1.");
        }

        if (LearningRate is <= 0 or > 1 || double.IsNaN(LearningRate))
        {
            problems.Add($"learning rate {LearningRate}: must lie in (0, 1].");
        }

        return problems;
    }
}

/// <summary>
/// Values used at proposal time for a youth feature that youths.csv does not give (the training
/// history's medians), and for the school distance of a youth whose school is given only as a region.
/// </summary>
public sealed record ContinuityDefaults
{
    /// <summary>Years of prior schooling when <c>schooling_years</c> is empty.</summary>
    public double SchoolingYears { get; init; }

    /// <summary>Months in the Netherlands when <c>arrived_on</c> is empty.</summary>
    public double MonthsInNetherlands { get; init; }

    /// <summary>Earlier moves when <c>earlier_moves</c> is empty.</summary>
    public int EarlierMoves { get; init; }

    /// <summary>Free ISK seats of a region missing from isk_seats.csv (or without that file).</summary>
    public double IskSeatsFree { get; init; }

    /// <summary>School distance (km) for a youth whose school is known only by region, placed inside that region.</summary>
    public double SchoolDistanceSameRegionKm { get; init; }

    /// <summary>School distance (km) for a youth whose school is known only by region, placed outside it.</summary>
    public double SchoolDistanceOtherRegionKm { get; init; }
}

/// <summary>One row of a calibration table: predicted probabilities in [From, To) against the observed rate.</summary>
/// <param name="From">Lower edge of the bin.</param>
/// <param name="To">Upper edge of the bin.</param>
/// <param name="Count">Held-out placements in the bin.</param>
/// <param name="MeanPredicted">Mean predicted probability.</param>
/// <param name="Observed">Share of them whose schooling continued.</param>
public sealed record CalibrationBin(double From, double To, int Count, double MeanPredicted, double Observed);

/// <summary>How a model did on the held-out part of its history.</summary>
public sealed record ModelEvaluation
{
    /// <summary>Placements used for training.</summary>
    public int TrainRows { get; init; }

    /// <summary>Placements held out for evaluation.</summary>
    public int TestRows { get; init; }

    /// <summary>Share of held-out placements whose schooling continued.</summary>
    public double PositiveRate { get; init; }

    /// <summary>Area under the ROC curve on the held-out split (ML.NET's evaluator).</summary>
    public double Auc { get; init; }

    /// <summary>Log loss on the held-out split (ML.NET's evaluator, bits).</summary>
    public double LogLoss { get; init; }

    /// <summary>Log loss of always predicting the training base rate (for comparison).</summary>
    public double BaselineLogLoss { get; init; }

    /// <summary>Calibration table on the held-out split (ten bins of 0.1; empty bins left out).</summary>
    public ImmutableArray<CalibrationBin> Calibration { get; init; } = [];

    /// <summary>Mean predicted probability over held-out school-going placements with the education region set to kept (nothing else changed).</summary>
    public double MeanProbabilityRegionKept { get; init; }

    /// <summary>The same with the education region set to broken.</summary>
    public double MeanProbabilityRegionBroken { get; init; }

    /// <summary>Mean predicted probability over held-out school-going placements with the school set to 5 km away (nothing else changed).</summary>
    public double MeanProbabilitySchool5Km { get; init; }

    /// <summary>The same with the school set to 50 km away.</summary>
    public double MeanProbabilitySchool50Km { get; init; }
}

/// <summary>
/// The learned school-continuity score: a boosted-tree model (ML.NET FastTree, trained
/// deterministically on one thread) that predicts the probability that a young person's schooling
/// continues after a placement, from <see cref="ContinuityCase"/> features only. Load once and reuse:
/// immutable and thread-safe. Scoring evaluates the trees directly (the fast path); ML.NET is used to
/// train, evaluate, save and load.
/// </summary>
public sealed class ContinuityModel
{
    internal const string ManifestEntry = "model.json";
    internal const string MlNetEntry = "mlnet.zip";
    internal const string Format = "spreidingswet-continuity-model";

    private readonly ITransformer _transformer;
    private readonly MLContext _ml;
    private readonly Lock _engineLock = new();
    private PredictionEngine<ModelInput, ModelOutput>? _engine;

    private ContinuityModel(MLContext ml, ITransformer transformer, TreeScorer scorer, ModelManifest manifest, byte[] package, string? file)
    {
        _ml = ml;
        _transformer = transformer;
        Scorer = scorer;
        Manifest = manifest;
        Package = package;
        File = file;
        Sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(package));
    }

    internal TreeScorer Scorer { get; }

    internal ModelManifest Manifest { get; }

    internal byte[] Package { get; }

    /// <summary>The file the model was loaded from; <c>null</c> for a model trained in this process.</summary>
    public string? File { get; }

    /// <summary>Lower-case hex SHA-256 of the model file's bytes.</summary>
    public string Sha256 { get; }

    /// <summary>Feature names in vector order.</summary>
    public ImmutableArray<string> Features => [.. Manifest.Features];

    /// <summary>Columns of the training history that were protected attributes and therefore excluded.</summary>
    public ImmutableArray<string> ExcludedAttributes => [.. Manifest.ExcludedProtected];

    /// <summary>True when the training history said it was synthetic.</summary>
    public bool SyntheticData => Manifest.Synthetic;

    /// <summary>Held-out metrics.</summary>
    public ModelEvaluation Evaluation => Manifest.Evaluation;

    /// <summary>Values used for youth features youths.csv does not give.</summary>
    public ContinuityDefaults Defaults => Manifest.Defaults;

    /// <summary>The model card (markdown): data, features, excluded attributes, metrics, intended use, limits, defaults.</summary>
    public string Card => ModelCard.Render(this);

    /// <summary>The card's file next to a model file: <c>model.zip</c> gives <c>model.card.md</c>.</summary>
    public static string CardPath(string modelPath) => Path.ChangeExtension(modelPath, ".card.md");

    /// <summary>The predicted probability that schooling continues after this placement (fast path).</summary>
    public double Predict(ContinuityCase placement)
    {
        ArgumentNullException.ThrowIfNull(placement);
        return Scorer.Probability(ContinuityFeatures.Of(placement));
    }

    /// <summary>The same prediction through ML.NET's own prediction engine (the reference for the fast path).</summary>
    internal double PredictWithMlNet(ContinuityCase placement)
    {
        lock (_engineLock)
        {
            _engine ??= _ml.Model.CreatePredictionEngine<ModelInput, ModelOutput>(_transformer);
            return _engine.Predict(new ModelInput { Features = ContinuityFeatures.Of(placement) }).Probability;
        }
    }

    /// <summary>Writes the model file (atomically) and its card next to it; returns the card's path.</summary>
    public string Save(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        AtomicFile.Write(path, stream => stream.Write(Package));
        var card = CardPath(path);
        AtomicFile.WriteAllText(card, ModelCard.Render(this, Path.GetFileName(path)));
        return card;
    }

    /// <summary>Trains a model on a history file (its columns: docs/learned-score.md), evaluated on a held-out split.</summary>
    /// <param name="historyPath">The placement history (CSV).</param>
    /// <param name="options">Training options; <c>null</c> for the documented defaults.</param>
    /// <param name="progress">Receives the stages (<c>read history</c>, <c>train and evaluate</c>, <c>package</c>); <c>null</c> for none.</param>
    /// <param name="cancellation">
    /// Checked between the stages: a cancelled token throws <see cref="OperationCanceledException"/>
    /// before the next stage starts (the tree fitting itself, seconds on 20,000 rows, runs to its end).
    /// </param>
    /// <returns>The trained model, or the errors in the options or the history file (all of them).</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellation"/> was cancelled.</exception>
    public static LoadResult<ContinuityModel> Train(string historyPath, ModelTrainingOptions? options = null,
        IProgress<PlacementProgress>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(historyPath);
        options ??= new ModelTrainingOptions();
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            return LoadResult<ContinuityModel>.Failure([.. problems.Select(p => new InputError("training options", 0, null, null, p))]);
        }

        const int Steps = 3;
        cancellation.ThrowIfCancellationRequested();
        progress?.Report(new PlacementProgress("read history", 0, Steps));
        var history = HistoryReader.Read(historyPath);
        if (history.Value is not { } data)
        {
            return LoadResult<ContinuityModel>.Failure(history.Errors);
        }

        cancellation.ThrowIfCancellationRequested();
        progress?.Report(new PlacementProgress("train and evaluate", 1, Steps));
        var (ml, transformer, manifest) = ContinuityTrainer.Train(data, options);
        cancellation.ThrowIfCancellationRequested();
        progress?.Report(new PlacementProgress("package", 2, Steps));
        var package = Pack(ml, transformer, manifest);
        var model = new ContinuityModel(ml, transformer, Extract(transformer), manifest, package, null);
        progress?.Report(new PlacementProgress("done", Steps, Steps));
        return LoadResult<ContinuityModel>.Success(model);
    }

    /// <summary>Largest model file, and most bytes all entries of its zip (and of the ML.NET zip inside) may inflate to: 256 MiB.</summary>
    public const long MaxModelBytes = 256L << 20;

    /// <summary>Highest compression ratio (inflated : compressed) of an entry larger than 1 MiB.</summary>
    public const int MaxCompressionRatio = 100;

    /// <summary>Most entries in a model zip (or in the ML.NET zip inside it).</summary>
    public const int MaxZipEntries = 1_000;

    /// <summary>
    /// Loads a model file written by <see cref="Save"/> (or <c>placement model train</c>). The file is
    /// untrusted: its size, the zip entries' declared sizes and compression ratios (of the model zip and
    /// of the ML.NET zip inside it) are checked before anything is inflated, entries are inflated no
    /// further than they declare, and the loaded ML.NET model's input and output schema must be the
    /// one this engine scores (a <c>Features</c> vector of the engine's features in, a calibrated
    /// <c>Probability</c> out).
    /// </summary>
    public static LoadResult<ContinuityModel> Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!System.IO.File.Exists(path))
        {
            return LoadResult<ContinuityModel>.Failure([new InputError(path, 0, "--model", path, "file not found.", "Maybe train one first: placement model train --history history.csv --out model.zip")]);
        }

        try
        {
            var bytes = BoundedFile.Read(path, MaxModelBytes);
            if (bytes is null)
            {
                return Invalid($"is larger than the limit for a model file, {MaxModelBytes:N0} bytes (256 MiB).");
            }

            using var zip = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read);
            if (ZipLimits(zip, "the model file") is { } tooBig)
            {
                return Invalid(tooBig);
            }

            var manifestEntry = zip.GetEntry(ManifestEntry);
            var modelEntry = zip.GetEntry(MlNetEntry);
            if (manifestEntry is null || modelEntry is null)
            {
                return Invalid($"is not a continuity model: it lacks {ManifestEntry} or {MlNetEntry}.");
            }

            var manifest = JsonSerializer.Deserialize<ModelManifest>(Inflate(manifestEntry), ManifestJson);
            if (manifest is null || manifest.Format != Format || manifest.Version != 1)
            {
                return Invalid($"is not a version-1 {Format} file.");
            }

            if (!manifest.Features.SequenceEqual(ContinuityFeatures.Names))
            {
                return Invalid($"was trained on features [{string.Join(", ", manifest.Features)}], not the ones this engine builds [{string.Join(", ", ContinuityFeatures.Names)}].",
                    "Maybe retrain it with this version: placement model train.");
            }

            var inner = Inflate(modelEntry);
            using (var mlZip = new ZipArchive(new MemoryStream(inner, writable: false), ZipArchiveMode.Read))
            {
                if (ZipLimits(mlZip, $"its {MlNetEntry}") is { } innerTooBig)
                {
                    return Invalid(innerTooBig);
                }
            }

            var ml = new MLContext(seed: manifest.Seed);
            var transformer = ml.Model.Load(new MemoryStream(inner, writable: false), out var inputSchema);
            if (SchemaProblem(transformer, inputSchema) is { } schema)
            {
                return Invalid($"holds an ML.NET model of another schema: {schema}", "Maybe retrain it with this version: placement model train.");
            }

            return LoadResult<ContinuityModel>.Success(new ContinuityModel(ml, transformer, Extract(transformer), manifest, bytes, path));
        }
        catch (ZipLimitException ex)
        {
            return Invalid(ex.Message);
        }
        catch (Exception ex) when (ex is InvalidDataException or JsonException or InvalidOperationException or FormatException or NotSupportedException
            or IOException or ArgumentException or IndexOutOfRangeException or OverflowException)
        {
            return Invalid($"cannot be read as a model: {ex.Message}");
        }

        LoadResult<ContinuityModel> Invalid(string message, string? hint = null)
            => LoadResult<ContinuityModel>.Failure([new InputError(path, 0, "--model", path, message, hint)]);
    }

    /// <summary>The declared sizes and ratios of a zip's entries, checked before any is inflated; <c>null</c> when within the limits.</summary>
    private static string? ZipLimits(ZipArchive zip, string what)
    {
        if (zip.Entries.Count > MaxZipEntries)
        {
            return $"{what} has {zip.Entries.Count:N0} zip entries, more than the limit of {MaxZipEntries:N0}.";
        }

        long total = 0;
        foreach (var e in zip.Entries)
        {
            total += e.Length;
            if (e.Length > MaxModelBytes || total > MaxModelBytes)
            {
                return $"{what} inflates to more than the limit of {MaxModelBytes:N0} bytes (256 MiB): entry {e.FullName} declares {e.Length:N0} bytes.";
            }

            if (e.Length > (1 << 20) && e.Length > (long)MaxCompressionRatio * Math.Max(1, e.CompressedLength))
            {
                return $"{what} has an entry ({e.FullName}) compressed {e.Length / Math.Max(1, e.CompressedLength):N0} : 1, more than the limit of {MaxCompressionRatio} : 1 (a zip bomb?).";
            }
        }

        return null;
    }

    /// <summary>An entry's bytes, inflated no further than its declared size (a header that lies cannot make it grow).</summary>
    private static byte[] Inflate(ZipArchiveEntry entry)
    {
        var buffer = new MemoryStream((int)Math.Min(entry.Length, MaxModelBytes));
        using var s = entry.Open();
        var chunk = new byte[81_920];
        int n;
        while ((n = s.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (buffer.Length + n > entry.Length)
            {
                throw new ZipLimitException($"has an entry ({entry.FullName}) that inflates beyond the {entry.Length:N0} bytes it declares (a zip bomb?).");
            }

            buffer.Write(chunk, 0, n);
        }

        return buffer.ToArray();
    }

    /// <summary>What differs from the schema the engine scores with: input <c>Features</c> (Single vector of the engine's feature count), output <c>Probability</c>, <c>Score</c> (Single) and <c>PredictedLabel</c> (Boolean).</summary>
    private static string? SchemaProblem(ITransformer transformer, DataViewSchema? input)
    {
        if (input is null)
        {
            return "it was saved without its input schema.";
        }

        var features = input.GetColumnOrNull(nameof(ModelInput.Features));
        if (features is not { Type: VectorDataViewType { ItemType: var item, Size: var size } } || item != NumberDataViewType.Single || size != ContinuityFeatures.Count)
        {
            return $"its input is [{string.Join(", ", input.Select(c => $"{c.Name}: {c.Type}"))}], not {nameof(ModelInput.Features)}: Vector<Single, {ContinuityFeatures.Count}>.";
        }

        var output = transformer.GetOutputSchema(input);
        var missing = new (string Name, DataViewType Type)[]
        {
            (nameof(ModelOutput.Probability), NumberDataViewType.Single),
            (nameof(ModelOutput.Score), NumberDataViewType.Single),
            (nameof(ModelOutput.PredictedLabel), BooleanDataViewType.Instance),
        }.Where(c => output.GetColumnOrNull(c.Name) is not { } col || !col.Type.Equals(c.Type)).Select(c => $"{c.Name}: {c.Type}").ToList();
        return missing.Count == 0 ? null : $"its output lacks {string.Join(", ", missing)} (a calibrated binary classifier gives them).";
    }

    /// <summary>A zip limit reached while inflating.</summary>
    private sealed class ZipLimitException(string message) : Exception(message);

    internal static readonly JsonSerializerOptions ManifestJson = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private static byte[] Pack(MLContext ml, ITransformer transformer, ModelManifest manifest)
    {
        var inner = new MemoryStream();
        ml.Model.Save(transformer, ModelInput.Schema(ml), inner);
        var outer = new MemoryStream();
        using (var zip = new ZipArchive(outer, ZipArchiveMode.Create, leaveOpen: true))
        {
            // Fixed entry times so that the same training gives the same bytes.
            var manifestEntry = zip.CreateEntry(ManifestEntry, CompressionLevel.Optimal);
            manifestEntry.LastWriteTime = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
            using (var s = manifestEntry.Open())
            {
                s.Write(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(manifest, ManifestJson) + "\n"));
            }

            var modelEntry = zip.CreateEntry(MlNetEntry, CompressionLevel.NoCompression);
            modelEntry.LastWriteTime = manifestEntry.LastWriteTime;
            using (var s = modelEntry.Open())
            {
                s.Write(inner.ToArray());
            }
        }

        return outer.ToArray();
    }

    /// <summary>The tree ensemble and Platt calibrator inside a trained or loaded FastTree binary model, as flat arrays.</summary>
    private static TreeScorer Extract(ITransformer transformer)
    {
        if (transformer is not ISingleFeaturePredictionTransformer<object> prediction
            || prediction.Model is not CalibratedModelParametersBase calibrated
            || calibrated.SubModel is not FastTreeBinaryModelParameters trees
            || calibrated.Calibrator is not PlattCalibrator platt)
        {
            throw new InvalidOperationException($"Expected a calibrated FastTree binary model, found {transformer.GetType().Name}.");
        }

        var ensemble = trees.TrainedTreeEnsemble;
        var list = new List<(int[], float[], int[], int[], double[])>();
        for (var t = 0; t < ensemble.Trees.Count; t++)
        {
            var tree = ensemble.Trees[t];
            if (tree.CategoricalSplitFlags.Any(c => c))
            {
                throw new InvalidOperationException("Categorical splits are not expected: every feature is numeric.");
            }

            if (tree.NumericalSplitFeatureIndexes.Any(f => f is < 0 or >= ContinuityFeatures.Count))
            {
                throw new InvalidOperationException($"A tree splits on a feature outside the engine's {ContinuityFeatures.Count} features.");
            }

            var weight = ensemble.TreeWeights[t];
            list.Add(([.. tree.NumericalSplitFeatureIndexes], [.. tree.NumericalSplitThresholds], [.. tree.LeftChild], [.. tree.RightChild],
                [.. tree.LeafValues.Select(v => v * weight)]));
        }

        return new TreeScorer(list, ensemble.Bias, platt.Slope, platt.Offset, ContinuityFeatures.Roles);
    }
}

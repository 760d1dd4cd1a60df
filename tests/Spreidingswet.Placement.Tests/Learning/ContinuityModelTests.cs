using Spreidingswet.Placement.Inputs;
using Spreidingswet.Placement.Learning;
using Spreidingswet.Placement.Tests.Support;

namespace Spreidingswet.Placement.Tests.Learning;

public sealed class ContinuityModelTests
{
    [Fact]
    public void Synthesize_SameSeed_SameText_HeaderStatesSyntheticAndMechanism()
    {
        var a = PlacementHistory.Synthesize(new HistorySettings { Rows = 500, Seed = 3 });
        var b = PlacementHistory.Synthesize(new HistorySettings { Rows = 500, Seed = 3 });
        var c = PlacementHistory.Synthesize(new HistorySettings { Rows = 500, Seed = 4 });
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        var lines = a.Split('\n');
        Assert.StartsWith("# SYNTHETIC", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith('#') && l.Contains("same_education_region", StringComparison.Ordinal));
        var header = lines.First(l => !l.StartsWith('#'));
        Assert.Equal(string.Join(',', PlacementHistory.Columns) + ",nationality,language,gender", header);
        Assert.Equal(500, lines.Count(l => l.StartsWith('H')));
    }

    [Fact]
    public void Train_SyntheticHistory_RecoversTheMechanismsDirection()
    {
        var model = TrainedModels.Stumps;
        var e = model.Evaluation;
        Assert.True(model.SyntheticData);
        Assert.True(e.Auc > 0.75, $"AUC {e.Auc}");
        Assert.True(e.LogLoss < e.BaselineLogLoss, $"log loss {e.LogLoss} vs base rate {e.BaselineLogLoss}");
        Assert.True(e.MeanProbabilityRegionKept > e.MeanProbabilityRegionBroken + 0.1, $"{e.MeanProbabilityRegionKept} vs {e.MeanProbabilityRegionBroken}");
        Assert.True(e.MeanProbabilitySchool5Km > e.MeanProbabilitySchool50Km + 0.1, $"{e.MeanProbabilitySchool5Km} vs {e.MeanProbabilitySchool50Km}");

        // Case by case: a broken education region and a longer distance lower the probability.
        var typical = new ContinuityCase { Age = 16, SchoolingYears = 5, MonthsInNetherlands = 12, EarlierMoves = 1, SchoolDistanceKm = 6, SameEducationRegion = true, LocationType = "KWV", IskSeatsFree = 10 };
        Assert.True(model.Predict(typical with { SameEducationRegion = false }) < model.Predict(typical) - 0.05);
        Assert.True(model.Predict(typical with { SchoolDistanceKm = 70 }) < model.Predict(typical) - 0.05);
        Assert.True(model.Predict(typical with { EarlierMoves = 4 }) < model.Predict(typical));

        // Calibration: every well-filled bin's observed rate is near its mean prediction.
        foreach (var bin in e.Calibration.Where(b => b.Count >= 100))
        {
            Assert.True(Math.Abs(bin.Observed - bin.MeanPredicted) < 0.1, $"{bin}");
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void FastPath_EqualsMlNetPredictionEngine_OnManyRows(bool deepTrees)
    {
        var model = deepTrees ? TrainedModels.Trees : TrainedModels.Stumps;
        var specialization = model.Scorer.NewSpecialization();
        var worst = 0.0;
        foreach (var c in TrainedModels.RandomCases(3_000, seed: 5))
        {
            var reference = model.PredictWithMlNet(c);
            var direct = model.Predict(c);
            var x = ContinuityFeatures.Of(c);
            model.Scorer.Specialize(x, specialization);
            var specialised = model.Scorer.Calibrate(model.Scorer.Score(x, specialization, model.Scorer.LocationPart(x)));
            worst = Math.Max(worst, Math.Max(Math.Abs(direct - reference), Math.Abs(specialised - reference)));
        }

        Assert.True(worst < 1e-6, $"largest difference {worst}");
    }

    [Fact]
    public void LearnedScores_OfARun_EqualMlNetOnTheSameFeatures()
    {
        var model = TrainedModels.Stumps;
        var problem = SyntheticGenerator.Generate(new SyntheticSettings { Youths = 150, Locations = 40, Seed = 9 }, TestProblems.Geography);
        problem = problem with { IskSeats = System.Collections.Immutable.ImmutableDictionary<string, int>.Empty.Add("MC19", 3) };
        var rp = TestProblems.Resolve(problem);
        var scores = LearnedScores.Build(model, rp, TestProblems.Date);
        var worst = 0.0;
        foreach (var y in rp.Youths)
        {
            foreach (var l in rp.Locations)
            {
                var (distance, same) = LearnedScores.School(y, l, model.Defaults);
                var c = new ContinuityCase
                {
                    Age = y.Age,
                    CareLevel = y.Youth.CareLevel,
                    SchoolingYears = y.Youth.SchoolingYears ?? model.Defaults.SchoolingYears,
                    MonthsInNetherlands = y.Youth.ArrivedOn is { } a ? Math.Max(0, (TestProblems.Date.DayNumber - a.DayNumber) / 30.4375) : model.Defaults.MonthsInNetherlands,
                    EarlierMoves = y.Youth.EarlierMoves ?? model.Defaults.EarlierMoves,
                    SchoolDistanceKm = distance,
                    SameEducationRegion = same,
                    LocationType = l.Location.Type,
                    IskSeatsFree = l.EducationRegion?.Code == "MC19" ? 3 : model.Defaults.IskSeatsFree,
                };
                worst = Math.Max(worst, Math.Abs(scores.Probability(y.Index, l.Index) - model.PredictWithMlNet(c)));
            }
        }

        Assert.True(worst < 1e-6, $"largest difference {worst}");
    }

    [Fact]
    public void Train_PermutingAProtectedColumn_LeavesEveryPredictionUnchanged()
    {
        var lines = File.ReadAllLines(TrainedModels.History);
        var header = lines.First(l => !l.StartsWith('#')).Split(',');
        var column = Array.IndexOf(header, "nationality");
        Assert.True(column > 0);
        var data = lines.Where(l => !l.StartsWith('#')).Skip(1).Select(l => l.Split(',')).ToArray();
        var values = data.Select(r => r[column]).ToArray();
        new Random(2).Shuffle(values);
        var changed = 0;
        for (var i = 0; i < data.Length; i++)
        {
            changed += data[i][column] != values[i] ? 1 : 0;
            data[i][column] = values[i];
        }

        Assert.True(changed > data.Length / 3, "the permutation changes many rows");
        var permuted = Path.Combine(TestData.TempDirectory(), "permuted.csv");
        File.WriteAllLines(permuted, lines.Where(l => l.StartsWith('#')).Append(string.Join(',', header)).Concat(data.Select(r => string.Join(',', r))));

        var original = TrainedModels.Stumps;
        var retrained = TrainedModels.Train(new ModelTrainingOptions(), permuted);
        Assert.Equal(["nationality", "language", "gender"], retrained.ExcludedAttributes.ToArray());
        Assert.Equal(original.Evaluation.Auc, retrained.Evaluation.Auc);
        foreach (var c in TrainedModels.RandomCases(2_000, seed: 8))
        {
            Assert.Equal(original.Predict(c), retrained.Predict(c));
            Assert.Equal(original.PredictWithMlNet(c), retrained.PredictWithMlNet(c));
        }
    }

    [Fact]
    public void Save_ThenLoad_SameHashSamePredictions_CardNextToIt()
    {
        var dir = TestData.TempDirectory();
        var path = Path.Combine(dir, "model.zip");
        var card = TrainedModels.Stumps.Save(path);
        Assert.Equal(Path.Combine(dir, "model.card.md"), card);
        var loaded = ContinuityModel.Load(path);
        Assert.True(loaded.Succeeded, string.Join("\n", loaded.Errors));
        Assert.Equal(TrainedModels.Stumps.Sha256, loaded.Value!.Sha256);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path))), loaded.Value.Sha256);
        foreach (var c in TrainedModels.RandomCases(500, seed: 2))
        {
            Assert.Equal(TrainedModels.Stumps.Predict(c), loaded.Value.Predict(c));
        }

        var text = File.ReadAllText(card);
        foreach (var part in new[] { "SYNTHETIC DATA", "## Data", "## Features", "## Excluded attributes", "`nationality`", "## Metrics", "AUC", "Calibration", "## Intended use", "## Limits", "## Defaults" })
        {
            Assert.Contains(part, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Load_NotAModel_IsAnInputError()
    {
        var path = Path.Combine(TestData.TempDirectory(), "model.zip");
        File.WriteAllText(path, "not a zip");
        var result = ContinuityModel.Load(path);
        Assert.False(result.Succeeded);
        Assert.Contains("model", result.Errors[0].ToString(), StringComparison.Ordinal);
        Assert.False(ContinuityModel.Load(Path.Combine(TestData.TempDirectory(), "missing.zip")).Succeeded);
    }

    [Fact]
    public void Train_BadHistory_ReportsEveryErrorWithLineAndField()
    {
        var path = Path.Combine(TestData.TempDirectory(), "bad.csv");
        File.WriteAllText(path, "# a comment\n" + string.Join(',', PlacementHistory.Columns) + "\n"
            + "H1,abc,standard,4,3,0,2.5,true,KWV,5,1\n"
            + "H2,15,weird,4,3,0,2.5,,KWV,5,2\n");
        var result = ContinuityModel.Train(path);
        Assert.False(result.Succeeded);
        var errors = result.Errors.Select(e => e.ToString()).ToList();
        Assert.Contains(errors, e => e.Contains(":3: age 'abc'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains(":4: care_level 'weird'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains(":4: same_education_region", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains(":4: schooling_continued '2'", StringComparison.Ordinal));
    }
}

using System.CommandLine;
using System.Globalization;
using Spreidingswet.Placement.Learning;

namespace Spreidingswet.Placement.Cli;

/// <summary><c>placement model train</c>: the learned school-continuity score, its metrics and model card.</summary>
internal static class ModelCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var history = new Option<FileInfo>("--history") { Description = "The placement history CSV (columns: docs/learned-score.md).", Required = true, HelpName = "FILE" };
        var output = new Option<FileInfo>("--out") { Description = "The model file to write (e.g. model.zip); the model card goes next to it (model.card.md).", Required = true, HelpName = "FILE" };
        var seed = new Option<int>("--seed") { Description = "Seed of the train/test split and of ML.NET.", DefaultValueFactory = _ => 1 };
        var holdOut = new Option<double>("--hold-out") { Description = "Share of the history held out for evaluation.", DefaultValueFactory = _ => 0.2 };
        var trees = new Option<int>("--trees") { Description = "Boosted trees.", DefaultValueFactory = _ => new ModelTrainingOptions().Trees };
        var leaves = new Option<int>("--leaves") { Description = "Leaves per tree (2 = an additive model of stumps, the fastest to score; more leaves learn interactions).", DefaultValueFactory = _ => new ModelTrainingOptions().Leaves };
        var train = new Command("train", "Train the school-continuity model (ML.NET FastTree, deterministic), evaluate it on a held-out split and write it with its model card.")
        {
            history, output, seed, holdOut, trees, leaves,
        };
        train.SetAction(parse =>
        {
            var path = parse.GetValue(history)!.ToString();
            var options = new ModelTrainingOptions
            {
                Seed = parse.GetValue(seed),
                HoldOutFraction = parse.GetValue(holdOut),
                Trees = parse.GetValue(trees),
                Leaves = parse.GetValue(leaves),
            };
            stderr.WriteLine($"training on {path}...");
            var result = ContinuityModel.Train(path, options);
            if (result.Value is not { } model)
            {
                return Report.Errors(stderr, result.Errors);
            }

            if (model.SyntheticData)
            {
                stderr.WriteLine("warning: the history says it is SYNTHETIC: this model is for trying the pipeline, not for real decisions.");
            }

            stdout.WriteLine(model.ExcludedAttributes.IsEmpty
                ? "protected attributes: none in the history (nationality, ethnicity, religion, language and gender are never features)"
                : $"excluded protected attributes (never features): {string.Join(", ", model.ExcludedAttributes)}");
            stdout.WriteLine($"features: {string.Join(", ", model.Features)}");
            var e = model.Evaluation;
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"held-out evaluation ({e.TestRows} of {e.TrainRows + e.TestRows} placements): AUC {e.Auc:0.0000}, log loss {e.LogLoss:0.0000} (base rate {e.BaselineLogLoss:0.0000})"));
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"direction: region kept {e.MeanProbabilityRegionKept:0.000} vs broken {e.MeanProbabilityRegionBroken:0.000}; school 5 km {e.MeanProbabilitySchool5Km:0.000} vs 50 km {e.MeanProbabilitySchool50Km:0.000}"));
            stdout.WriteLine("calibration (predicted -> observed):");
            foreach (var b in e.Calibration)
            {
                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {b.From:0.0}-{b.To:0.0}  n={b.Count,6}  predicted {b.MeanPredicted:0.000}  observed {b.Observed:0.000}"));
            }

            var outPath = parse.GetValue(output)!.ToString();
            var card = model.Save(outPath);
            stdout.WriteLine($"wrote {outPath} and the model card {card}");
            return ExitCodes.Ok;
        });
        return new Command("model", "The learned school-continuity model.") { train };
    }
}

using System.Text.Json;
using System.Text.RegularExpressions;
using Spreidingswet.Placement.Inputs;
using Spreidingswet.Placement.Learning;
using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Outputs;
using Spreidingswet.Placement.Tests.Cli;
using Spreidingswet.Placement.Tests.Support;

namespace Spreidingswet.Placement.Tests.Learning;

public sealed partial class LearnedCriterionTests
{
    private static Proposal Propose(PlacementProblem problem, ContinuityModel? model, Policy policy = Policy.EducationFirst, Weights? weights = null)
    {
        var result = new PlacementEngine(TestProblems.Geography).Propose(problem, new PlacementOptions
        {
            Policy = policy, PlanningDate = TestProblems.Date, Model = model, Weights = weights ?? Weights.Default, TimeLimit = TimeSpan.FromSeconds(30),
        });
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        return result.Value!;
    }

    [Fact]
    public void Propose_WithModel_ShowsProbabilityPerAssignmentAndAlternative_AndNamesTheModel()
    {
        var problem = SyntheticGenerator.Generate(new SyntheticSettings { Youths = 200, Locations = 25, Seed = 4 }, TestProblems.Geography);
        var model = TrainedModels.Stumps;
        var proposal = Propose(problem, model);
        Assert.NotNull(proposal.Run.Model);
        Assert.Equal(model.Sha256, proposal.Run.Model!.Sha256);
        Assert.True(proposal.Run.Model.SyntheticData);
        Assert.Contains(proposal.Warnings, w => w.Contains("SYNTHETIC MODEL", StringComparison.Ordinal));
        Assert.NotNull(proposal.Metrics.MeanPredictedProbability);
        foreach (var a in proposal.Assignments)
        {
            Assert.InRange(a.PredictedProbability!.Value, 0, 1);
            Assert.True(a.Criteria.ContainsKey("learnedContinuity"));
            Assert.Equal((long)Math.Round(1000 * (1 - a.PredictedProbability.Value)), a.Criteria["learnedContinuity"], tolerance: 1);
            Assert.All(a.Alternatives, alt => Assert.NotNull(alt.PredictedProbability));
        }

        var json = ProposalWriter.ToJson(proposal);
        Assert.Contains("\"predictedProbability\"", json, StringComparison.Ordinal);
        Assert.Contains("\"model\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Propose_WithoutModel_WritesNoLearnedFields()
    {
        var problem = SyntheticGenerator.Generate(new SyntheticSettings { Youths = 120, Locations = 15, Seed = 4 }, TestProblems.Geography);
        var json = ProposalWriter.ToJson(Propose(problem, null));
        foreach (var field in new[] { "predictedProbability", "\"model\"", "meanPredictedProbability", "learnedContinuity\": ", "\"fairness\"" })
        {
            Assert.DoesNotContain(field, json.Replace("\"learnedContinuity\": 1000", "", StringComparison.Ordinal), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void LearnedCriterion_BreaksATieTowardsTheHigherProbability()
    {
        // Two locations equal on every other criterion (same municipality, both within the free school
        // radius); one is a KWE (the mechanism favours it), the other a POL.
        var school = TestProblems.Utrecht;
        var pol = TestProblems.Loc("A", school, 5) with { Type = "POL" };
        var kwe = TestProblems.Loc("B", school, 5) with { Type = "KWE" };
        var youth = TestProblems.Kid("Y1", school: school) with { SchoolingYears = 5, EarlierMoves = 1, ArrivedOn = new DateOnly(2026, 1, 1) };
        var problem = TestProblems.Problem([youth], [pol, kwe]);
        var model = TrainedModels.Stumps;
        var withModel = Propose(problem, model);
        var a = withModel.Assignments.Single();
        var other = a.Alternatives.Single(x => x.BlockedBy.IsEmpty);
        Assert.True(a.PredictedProbability > other.PredictedProbability, $"{a.Location} {a.PredictedProbability} vs {other.Location} {other.PredictedProbability}");
        Assert.Equal("B", a.Location);
        // Capacity-only never reads the model.
        var baseline = Propose(problem, model, Policy.CapacityOnly);
        Assert.DoesNotContain("learnedContinuity", baseline.Assignments.Single().Criteria.Keys);
    }

    [Fact]
    public void ChangingAuditGroups_ChangesNothingButTheFairnessSectionAndInputHashes()
    {
        var data = TestData.TempDirectory();
        Assert.Equal(0, CliRunner.Run("generate", "--youths", "300", "--locations", "30", "--seed", "6", "--closures", "2", "--out", data).Exit);
        var youths = File.ReadAllLines(Path.Combine(data, "youths.csv"));
        var column = Array.IndexOf(youths[0].Split(','), "audit_group");
        string WithGroups(Func<int, string> group) => string.Join('\n', youths.Select((line, i) =>
        {
            if (i == 0)
            {
                return line;
            }

            var cells = line.Split(',');
            cells[column] = group(i);
            return string.Join(',', cells);
        })) + "\n";
        var a = Path.Combine(data, "youths-a.csv");
        var b = Path.Combine(data, "youths-b.csv");
        File.WriteAllText(a, WithGroups(i => i % 3 == 0 ? "G1" : "G2"));
        File.WriteAllText(b, WithGroups(i => i % 2 == 0 ? "north" : i % 5 == 0 ? "" : "south"));
        var modelPath = Path.Combine(data, "model.zip");
        TrainedModels.Stumps.Save(modelPath);
        string Run(string youthsFile)
        {
            var outDir = TestData.TempDirectory();
            var (exit, _, error) = CliRunner.Run("propose", "--youths", youthsFile, "--locations", Path.Combine(data, "locations.csv"),
                "--planning-date", "2026-12-01", "--model", modelPath, "--no-compare", "--out", outDir);
            Assert.True(exit == 0, error);
            Assert.Contains("id=\"fairness\"", File.ReadAllText(Path.Combine(outDir, "report.html")), StringComparison.Ordinal);
            return File.ReadAllText(Path.Combine(outDir, "proposal.json"));
        }

        var jsonA = Run(a);
        var jsonB = Run(b);
        using var docA = JsonDocument.Parse(jsonA);
        using var docB = JsonDocument.Parse(jsonB);
        var groupsA = docA.RootElement.GetProperty("fairness").GetProperty("groups").EnumerateArray().Select(g => g.GetProperty("group").GetString()).ToList();
        var groupsB = docB.RootElement.GetProperty("fairness").GetProperty("groups").EnumerateArray().Select(g => g.GetProperty("group").GetString()).ToList();
        Assert.Equal(["G1", "G2"], groupsA);
        Assert.Equal(["(none)", "north", "south"], groupsB);
        Assert.Contains(docA.RootElement.GetProperty("fairness").GetProperty("gaps").EnumerateArray(), g => g.GetProperty("flagged").GetBoolean());
        Assert.Equal(Normalise(jsonA), Normalise(jsonB));
        Assert.NotEqual(jsonA, jsonB);
    }

    private static string Normalise(string json)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject();
        node.Remove("fairness");
        var run = node["run"]!.AsObject();
        run.Remove("inputs");
        return RunMetadata().Replace(node.ToJsonString(), "");
    }

    [GeneratedRegex("\"(id|timeUtc|seconds)\":[^,}]+")]
    private static partial Regex RunMetadata();

    [Fact]
    public void Cli_SynthTrainPropose_WritesModelCardMetricsAndProbabilities()
    {
        var dir = TestData.TempDirectory();
        var history = Path.Combine(dir, "history.csv");
        var (exit, output, error) = CliRunner.Run("history", "synth", "--rows", "3000", "--seed", "2", "--out", history);
        Assert.True(exit == 0, error);
        Assert.Contains("SYNTHETIC", output, StringComparison.Ordinal);
        var model = Path.Combine(dir, "model.zip");
        (exit, output, error) = CliRunner.Run("model", "train", "--history", history, "--out", model);
        Assert.True(exit == 0, error);
        Assert.Contains("excluded protected attributes (never features): nationality, language, gender", output, StringComparison.Ordinal);
        Assert.Matches("AUC 0\\.[0-9]{4}, log loss", output);
        Assert.Contains("calibration", output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(dir, "model.card.md")));
        Assert.Contains("SYNTHETIC", error, StringComparison.Ordinal);

        var outDir = Path.Combine(dir, "out");
        (exit, output, error) = CliRunner.Run("propose", "--demo", "--model", model, "--out", outDir);
        Assert.True(exit == 0, error);
        Assert.Contains("mean predicted continuity", output, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "proposal.json")));
        Assert.Equal("model.zip", doc.RootElement.GetProperty("run").GetProperty("model").GetProperty("file").GetString());
        Assert.True(doc.RootElement.GetProperty("assignments")[0].GetProperty("predictedProbability").GetDouble() is > 0 and < 1);

        var bad = CliRunner.Run("propose", "--demo", "--model", Path.Combine(dir, "nope.zip"), "--out", Path.Combine(dir, "out2"));
        Assert.Equal(2, bad.Exit);
        Assert.False(Directory.Exists(Path.Combine(dir, "out2")));
    }
}

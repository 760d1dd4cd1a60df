using System.Text.Json;
using Spreidingswet.Placement.Inputs;
using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Tests.Cli;
using Spreidingswet.Placement.Tests.Support;
using static Spreidingswet.Placement.Tests.Support.TestProblems;

namespace Spreidingswet.Placement.Tests.Inputs;

/// <summary>
/// A weights file (<c>--weights</c>) sets the criteria weights and the views, stability and
/// turning-18 weights (docs/formats.md "Weights"); its errors name the file, the line, the weight and the value.
/// </summary>
public sealed class WeightsFileTests
{
    private static string Write(string json)
    {
        var path = Path.Combine(TestData.TempDirectory(), "weights.json");
        File.WriteAllText(path, json);
        return path;
    }

    private const string ViewsWeights = """
        {
          "schoolTravel": 5,
          "wishLocation": 210,
          "wishMunicipality": 320,
          "wishRegion": 530,
          "wishNearPerKm": 11,
          "wishNearFreeKm": 12.5,
          "stabilityPerMove": 340,
          "turning18CrossRegion": 4100
        }
        """;

    [Fact]
    public void Read_SetsTheViewsStabilityAndTurning18Weights_AndKeepsEverythingElse()
    {
        var start = new PlacementOptions { Seed = 9, Views = new ViewsOptions { Tier = ViewsTier.AfterEducation, Turning18Hard = true, Turning18HorizonMonths = 3 } };
        var read = WeightsFile.Read(Write(ViewsWeights), start);
        Assert.True(read.Succeeded, string.Join("\n", read.Errors));
        var o = read.Value!;
        Assert.Equal(Weights.Default with { SchoolTravel = 5 }, o.Weights);
        Assert.Equal(start.Views with
        {
            WishLocation = 210, WishMunicipality = 320, WishRegion = 530, WishNearPerKm = 11, WishNearFreeKm = 12.5, StabilityPerMove = 340, Turning18CrossRegion = 4100,
        }, o.Views);
        Assert.Equal(start with { Weights = o.Weights, Views = o.Views }, o);
    }

    [Fact]
    public void Read_EveryProblem_NamesFileLineWeightAndValue()
    {
        var path = Write("""
            {
              "wishLocation": 200,
              "wishLocaton": 5,
              "stabilityPerMove": -1,
              "turning18CrossRegion": 2.5,
              "wishRegion": "high",
              "wishLocation": 100,
              "wishNearPerKm": 2000000000
            }
            """);
        var errors = WeightsFile.Read(path, new PlacementOptions()).Errors;
        Assert.All(errors, e => Assert.Equal(path, e.File));
        Assert.Equal(
            [
                (3, "wishLocaton", "5", "is not a weight name."),
                (4, "stabilityPerMove", "-1", "must be zero or positive."),
                (5, "turning18CrossRegion", "2.5", "must be a whole number."),
                (6, "wishRegion", "high", "must be a number."),
                (7, "wishLocation", "100", "is given twice (first on line 2)."),
                (8, "wishNearPerKm", "2000000000", "is above 1,000,000,000: weights that large risk overflow."),
            ],
            errors.Select(e => (e.Line, e.Field, e.Value, e.Message)).ToArray());
        Assert.Equal($"{path}:3: wishLocaton '5': is not a weight name. Maybe a misspelt weight name: 'wishLocation'?", errors[0].ToString());
        Assert.Contains("wishNearFreeKm", errors[2].Hint, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\n  \"move\": 5,\n}", 3)]
    [InlineData("{\n  \"move\": 5\n}\n{}", 4)]
    [InlineData("[1, 2]", 1)]
    public void Read_NotAWeightsObject_IsAnErrorOnItsLine(string json, int line)
    {
        var error = Assert.Single(WeightsFile.Read(Write(json), new PlacementOptions()).Errors);
        Assert.Equal(line, error.Line);
    }

    /// <summary>The weights reach the criteria: each alternative's views, stability and turning-18 deltas are the file's weights.</summary>
    [Fact]
    public void WeightsFromTheFile_AreTheCostsOfTheViewsStabilityAndTurning18Criteria()
    {
        // Y1, a new arrival, wishes L1 (Utrecht); Zeist lies in Utrecht's education region, Groningen does not.
        // Y2 lives in L4 (Utrecht), moved twice in the last 12 months and turns 18 in two months.
        var problem = Problem(
            [
                Kid("Y1") with { WishLocation = "L1", ViewsHeardOn = Date.AddDays(-3) },
                new Youth("Y2") { BirthDate = Date.AddMonths(2).AddYears(-18), CurrentLocation = "L4", EarlierMoves = 2, MovesLast12Months = 2 },
            ],
            [Loc("L1", Utrecht, 2), Loc("L2", Zeist, 2), Loc("L3", Groningen, 2), Loc("L4", Utrecht, 2)]);
        var options = WeightsFile.Read(Write(ViewsWeights), new PlacementOptions { PlanningDate = Date, TimeLimit = TimeSpan.FromSeconds(30), Alternatives = 4 }).GetValueOrThrow();
        var proposal = new PlacementEngine(TestProblems.Geography).Propose(problem, options).GetValueOrThrow();
        Assert.Equal(options.Views with { Enabled = true }, proposal.Run.Views);

        var y1 = proposal.Assignments.Single(a => a.Youth == "Y1");
        Assert.Equal("L1", y1.Location);
        Assert.Equal(210 + 320, Delta(y1, "L2", "views"));
        Assert.Equal(210 + 320 + 530, Delta(y1, "L3", "views"));

        var y2 = proposal.Assignments.Single(a => a.Youth == "Y2");
        Assert.Equal("L4", y2.Location);
        Assert.Equal(2 * 340, Delta(y2, "L2", "stability"));
        Assert.Equal(0, Delta(y2, "L2", "turning18"));
        Assert.Equal(4100, Delta(y2, "L3", "turning18"));

        static long Delta(Assignment a, string location, string criterion)
            => a.Alternatives.Single(x => x.Location == location).CriteriaDelta.GetValueOrDefault(criterion);
    }

    [Fact]
    public void Propose_WeightsFileWithViewsWeights_SetsTheRunsViewsWeights_BesideTheViewsOptions()
    {
        var dir = TestData.TempDirectory();
        var (exit, _, error) = CliRunner.Run("propose", "--demo", "--views", "on", "--views-tier", "after-education", "--weights", Write(ViewsWeights),
            "--no-compare", "--no-audit", "--time-limit", "60", "--out", dir);
        Assert.True(exit == 0, error);
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "proposal.json")));
        var run = doc.RootElement.GetProperty("run");
        var views = run.GetProperty("views");
        Assert.Equal(340, views.GetProperty("stabilityPerMove").GetInt64());
        Assert.Equal(4100, views.GetProperty("turning18CrossRegion").GetInt64());
        Assert.Equal(12.5, views.GetProperty("wishNearFreeKm").GetDouble());
        Assert.Equal(5, run.GetProperty("weights").GetProperty("schoolTravel").GetInt64());
        Assert.Contains(doc.RootElement.GetProperty("solver").GetProperty("tiers").EnumerateArray(), t => t.GetProperty("name").GetString() == "views");
    }

    /// <summary>
    /// docs/formats.md's weights table lists every name a weights file takes with its default, and
    /// docs/criteria.md's views table the views, stability and turning-18 weights with theirs: the
    /// numbers of the code (<see cref="Weights.Default"/>, <see cref="ViewsOptions.Default"/>).
    /// </summary>
    [Fact]
    public void Docs_StateEveryWeightWithTheDefaultOfTheCode()
    {
        var formats = Rows(Path.Combine(TestData.RepositoryRoot, "docs", "formats.md"));
        var criteria = Rows(Path.Combine(TestData.RepositoryRoot, "docs", "criteria.md"));
        var viewsWeights = typeof(ViewsOptions).GetProperties().Where(p => p.PropertyType == typeof(long) || p.PropertyType == typeof(double)).ToList();
        Assert.Equal(7, viewsWeights.Count);
        foreach (var name in WeightNames.All)
        {
            var property = char.ToUpperInvariant(name[0]) + name[1..];
            var views = typeof(ViewsOptions).GetProperty(property);
            var value = Convert.ToDouble(views is not null ? views.GetValue(ViewsOptions.Default) : typeof(Weights).GetProperty(property)!.GetValue(Weights.Default), System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(formats.TryGetValue(name, out var row), $"formats.md has no weights row for {name}");
            Assert.Equal(value, Number(row[1]));
            if (views is not null)
            {
                Assert.True(criteria.TryGetValue(name, out var c), $"criteria.md has no views weights row for {name}");
                Assert.Equal(($"`{property}`", value), (c[1], Number(c[2])));
            }
        }

        Assert.Equal(viewsWeights.Select(p => p.Name).Order(), WeightNames.All.Where(n => typeof(ViewsOptions).GetProperty(char.ToUpperInvariant(n[0]) + n[1..]) is not null).Select(n => char.ToUpperInvariant(n[0]) + n[1..]).Order());

        // Table rows whose first cell is a weight name in backticks, by name (the first such row).
        static Dictionary<string, string[]> Rows(string path)
        {
            var rows = new Dictionary<string, string[]>(StringComparer.Ordinal);
            foreach (var line in File.ReadLines(path).Where(l => l.StartsWith("| `", StringComparison.Ordinal)))
            {
                var cells = line.Trim('|').Split('|').Select(c => c.Trim()).ToArray();
                var name = cells[0].Trim('`');
                var isDefault = cells.Length > 2 && (double.TryParse(cells[1].Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture, out _) || cells[1].StartsWith('`'));
                if (WeightNames.All.Contains(name) && isDefault)
                {
                    rows.TryAdd(name, cells);
                }
            }

            return rows;
        }

        static double Number(string cell) => double.Parse(cell.Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public void Propose_WeightsFileWithAMisspeltViewsWeight_NamesTheLineAndTheCloseName()
    {
        var path = Write("{\n  \"stabilityPerMov\": 5\n}");
        var (exit, _, error) = CliRunner.Run("propose", "--demo", "--weights", path, "--no-audit", "--out", TestData.TempDirectory());
        Assert.Equal(2, exit);
        Assert.Contains($"{path}:2: stabilityPerMov '5': is not a weight name. Maybe a misspelt weight name: 'stabilityPerMove'?", error, StringComparison.Ordinal);
    }
}

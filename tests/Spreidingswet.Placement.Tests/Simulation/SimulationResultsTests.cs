using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Preparation;
using Spreidingswet.Placement.Rules.Criteria;
using Spreidingswet.Placement.Simulation;
using Xunit.Abstractions;

namespace Spreidingswet.Placement.Tests.Simulation;

/// <summary>
/// The results per policy: simulation.json's totals are the sums of its weeks, and the weeks agree
/// with a recount from the situations after each batch (placed, moves, youths moved again within 12
/// months, wishes stated and honoured, unplaced-days); report.html draws them over time.
/// </summary>
public sealed partial class SimulationResultsTests(ITestOutputHelper output)
{
    private static readonly SimulationSettings Settings = SimulationTests.Small with
    {
        Periods = 10,
        Policies = [SimulationPolicy.CapacityOnly, SimulationPolicy.EducationFirst, SimulationPolicy.Reservations],
    };

    private static readonly Lazy<(SimulationInput Input, SimulationResult Result)> Run = new(() =>
    {
        var geo = SimulationTests.Geo;
        // Three closures on a small instance, so residents move, some of them twice; half state a wish.
        var input = SimulationInputs.Generate(
            new Placement.Inputs.SyntheticSettings { Youths = 400, Locations = 30, Seed = 5, BedsPerYouth = 1.15 },
            new ArrivalModel { WeeklyRate = 12 }, Settings, closures: 3, geo);
        input = SimulationViews.AddWishes(input, 0.5, 5, geo, Settings.Start);
        return (input, new PlacementSimulator(new PlacementEngine(geo), geo).Run(input, Settings).GetValueOrThrow());
    });

    [Fact]
    public void Totals_AreTheSumsOfTheWeeks_InTheWrittenJson()
    {
        var json = JsonNode.Parse(SimulationWriter.ToJson(Run.Value.Result))!;
        Assert.Equal(1, (int)json["schemaVersion"]!);
        var policies = json["policies"]!.AsArray();
        Assert.Equal(3, policies.Count);
        foreach (var p in policies)
        {
            var weeks = p!["weeks"]!.AsArray();
            var totals = p["totals"]!;
            Assert.Equal(Settings.Periods, weeks.Count);
            foreach (var (total, week) in new[] { ("educationKept", "educationKept"), ("breaksCaused", "breaksCaused"), ("moves", "moves"), ("unplacedDays", "unplacedDays"),
                ("placements", "placed"), ("movedAgainWithin12Months", "movedAgainWithin12Months"), ("wishesStated", "wishesStated"), ("wishesHonoured", "wishesHonoured") })
            {
                Assert.True(totals[total] is not null, $"{p["policy"]}: totals.{total} missing");
                Assert.Equal((int)totals[total]!, weeks.Sum(w => (int)w![week]!));
            }

            Assert.All(weeks, w => Assert.Equal((int)w!["unplaced"]! * Settings.CadenceDays, (int)w["unplacedDays"]!));
            Assert.True((int)totals["movedMoreThanOnce"]! <= (int)totals["movedAgainWithin12Months"]!);
        }
    }

    [Fact]
    public void Weeks_AgreeWithARecountFromTheSituations()
    {
        var (input, result) = Run.Value;
        var geo = SimulationTests.Geo;
        var timeline = new Timeline(input, Settings, geo);
        var wishers = timeline.Youths.Values.Where(y => y.HasWish).ToDictionary(y => y.Id, StringComparer.Ordinal);
        Assert.True(wishers.Count > 50, $"only {wishers.Count} youths with a wish");
        var anyAgain = false;
        foreach (var policy in result.Policies)
        {
            var before = input.Start.Youths.ToDictionary(y => y.Id, y => y.CurrentLocation!, StringComparer.Ordinal);
            var moveDates = new Dictionary<string, List<DateOnly>>(StringComparer.Ordinal);
            var twice = new HashSet<string>(StringComparer.Ordinal);
            for (var p = 0; p < Settings.Periods; p++)
            {
                var after = policy.Situations[p];
                var week = policy.Weeks[p];
                // Placed in this batch: not a resident before, or a resident now elsewhere.
                var placed = after.Residents.Where(r => !before.TryGetValue(r.Key, out var was) || was != r.Value).ToList();
                var moved = placed.Where(r => before.ContainsKey(r.Key)).Select(r => r.Key).ToList();
                var again = 0;
                foreach (var id in moved)
                {
                    var dates = moveDates.TryGetValue(id, out var d) ? d : moveDates[id] = [];
                    if (dates.Any(x => (timeline.Dates[p].DayNumber - x.DayNumber) <= 365))
                    {
                        again++;
                        twice.Add(id);
                    }

                    dates.Add(timeline.Dates[p]);
                }

                Assert.Equal(placed.Count, week.Placed);
                Assert.Equal(moved.Count, week.Moves);
                Assert.Equal(again, week.MovedAgainWithin12Months);
                Assert.Equal(after.Waiting.Length * Settings.CadenceDays, week.UnplacedDays);
                Assert.Equal(placed.Count(r => timeline.SchoolRegion[r.Key] is { } s && s == timeline.Region[timeline.LocationIndex[r.Value]]), week.EducationKept);
                Assert.Equal(placed.Count(r => timeline.SchoolRegion[r.Key] is { } s && s != timeline.Region[timeline.LocationIndex[r.Value]]), week.BreaksCaused);

                // Wishes: recounted with the criterion's own test of a met wish on the resolved youths
                // and locations (not the proposal's claims, which the simulation reads).
                var wished = placed.Where(r => wishers.ContainsKey(r.Key)).ToList();
                Assert.Equal(wished.Count, week.WishesStated);
                Assert.Equal(Honoured(wished.Select(r => (wishers[r.Key], r.Value)).ToList(), input, timeline.Dates[p]), week.WishesHonoured);
                before = after.Residents.ToDictionary(r => r.Key, r => r.Value, StringComparer.Ordinal);
            }

            Assert.Equal(twice.Count, policy.Totals.MovedMoreThanOnce);
            anyAgain |= policy.Totals.MovedAgainWithin12Months > 0;
            output.WriteLine($"{policy.Policy}: placements {policy.Totals.Placements}, moves {policy.Totals.Moves}, moved again {policy.Totals.MovedAgainWithin12Months}, " +
                $"moved >1 {policy.Totals.MovedMoreThanOnce}, wishes {policy.Totals.WishesHonoured}/{policy.Totals.WishesStated}, unplaced-days {policy.Totals.UnplacedDays}");
            Assert.True(policy.Totals.WishesStated > 0);
            Assert.InRange(policy.Totals.WishesHonoured!.Value, 1, policy.Totals.WishesStated!.Value);
        }

        Assert.True(result.Policies.Sum(p => p.Totals.Moves) > 0, "no resident moved: the closures did not bite");
        output.WriteLine($"some policy moved a youth twice within 12 months: {anyAgain}");
    }

    [Fact]
    public void NoWishes_WishCountsAbsent_FromTheJson()
    {
        var (input, _) = SmallWithoutWishes.Value;
        Assert.DoesNotContain(input.Arrivals, a => a.HasWish);
        var json = SimulationWriter.ToJson(SmallWithoutWishes.Value.Result);
        Assert.DoesNotContain("wishesStated", json, StringComparison.Ordinal);
        Assert.Contains("\"movedAgainWithin12Months\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_DrawsBreaksUnplacedAndOccupancyPerRegion_OnePointPerBatch_ForEveryPolicy()
    {
        var result = Run.Value.Result;
        var html = SimulationReport.Render(result);
        foreach (var (id, values) in new (string, Func<PeriodResult, double>)[] { ("breaks", w => w.BreaksCaused), ("unplaced", w => w.Unplaced), ("moves", w => w.Moves) })
        {
            var svg = Svg(html, id);
            var lines = Polylines(svg);
            Assert.Equal(result.Policies.Select(p => p.Policy), lines.Select(l => l.Name));
            var max = Math.Max(1, result.Policies.SelectMany(p => p.Weeks).Max(values));
            foreach (var (line, policy) in lines.Zip(result.Policies))
            {
                Assert.Equal(Settings.Periods, line.Ys.Length);
                // The chart's height is proportional to the value: the highest batch is drawn highest.
                var highest = policy.Weeks.Select(values).ToList().IndexOf(policy.Weeks.Select(values).Max());
                Assert.Equal(line.Ys.Min(), line.Ys[highest]);
            }
        }

        var occupancy = OccupancyId().Matches(html).Select(m => m.Groups[1].Value).ToList();
        Assert.InRange(occupancy.Count, 1, 6);
        Assert.All(occupancy, region => Assert.Equal(Settings.Periods, Polylines(Svg(html, "occupancy-" + region))[0].Ys.Length));
        Assert.Contains("wishes honoured", html, StringComparison.Ordinal);
    }

    private static readonly Lazy<(SimulationInput Input, SimulationResult Result)> SmallWithoutWishes = new(() =>
    {
        var geo = SimulationTests.Geo;
        var settings = Settings with { Periods = 3, Policies = [SimulationPolicy.CapacityOnly] };
        var input = SimulationTests.SmallInput(3, settings);
        return (input, new PlacementSimulator(new PlacementEngine(geo), geo).Run(input, settings).GetValueOrThrow());
    });

    /// <summary>Of these placements of youths with a wish, those where <see cref="ViewsCriterion.Met"/> holds on the resolved youth and location.</summary>
    private static int Honoured(List<(Youth Youth, string Location)> placements, SimulationInput input, DateOnly date)
    {
        if (placements.Count == 0)
        {
            return 0;
        }

        var problem = input.Start with { Youths = [.. placements.Select(p => p.Youth with { CurrentLocation = null, LockedLocation = null, KeepApart = [], SiblingGroup = null })] };
        var resolved = Resolver.Resolve(problem, SimulationTests.Geo, date, 1, ViewsOptions.Default).GetValueOrThrow();
        var locations = resolved.Locations.ToDictionary(l => l.Location.Id, StringComparer.Ordinal);
        var youths = resolved.Youths.ToDictionary(y => y.Youth.Id, StringComparer.Ordinal);
        return placements.Count(p => ViewsCriterion.Met(youths[p.Youth.Id], locations[p.Location], ViewsOptions.Default) == true);
    }

    private static string Svg(string html, string id)
    {
        var start = html.IndexOf($"<svg id=\"{id}\"", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no chart {id}");
        return html[start..html.IndexOf("</svg>", start, StringComparison.Ordinal)];
    }

    private static List<(string Name, double[] Ys)> Polylines(string svg) => [.. PolylineRegex().Matches(svg).Select(m =>
        (m.Groups[2].Value, m.Groups[1].Value.Split(' ').Select(pt => double.Parse(pt.Split(',')[1], System.Globalization.CultureInfo.InvariantCulture)).ToArray()))];

    [GeneratedRegex("<polyline [^>]*points=\"([^\"]*)\"><title>([^<]*)</title>")]
    private static partial Regex PolylineRegex();

    [GeneratedRegex("<svg id=\"occupancy-([^\"]+)\"")]
    private static partial Regex OccupancyId();
}

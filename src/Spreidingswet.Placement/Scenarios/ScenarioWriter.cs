using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Outputs;

namespace Spreidingswet.Placement.Scenarios;

/// <summary>Writes scenario results: scenario.json, report.html (maps and a chart per scenario) and a terminal table.</summary>
public static class ScenarioWriter
{
    /// <summary>The rows of the comparison (terminal table and report), label and value per policy.</summary>
    internal static readonly (string Label, Func<PolicyResult, double?> Value)[] Rows =
    [
        ("youths", p => p.Metrics.Youths),
        ("school-going", p => p.Metrics.SchoolGoing),
        ("moves", p => p.Disruption.Moves),
        ("  forced (closure, capacity, pin, ...)", p => p.Disruption.ForcedMoves),
        ("  chosen by the optimum", p => p.Disruption.ChosenMoves),
        ("moves across education regions", p => p.Disruption.MovesAcrossEducationRegions),
        ("moves across provinces", p => p.Disruption.MovesAcrossProvinces),
        ("school-going moved", p => p.Disruption.SchoolGoingMoved),
        ("school-going changing education region", p => p.Disruption.SchoolGoingMovedAcrossEducationRegions),
        ("arrivals placed", p => p.Disruption.ArrivalsPlaced),
        ("unplaced", p => p.Disruption.Unplaced),
        ("education region broken", p => p.Metrics.EducationRegionBroken),
        ("breaks caused", p => p.Metrics.EducationRegionBreaksCaused),
        ("mean school distance km", p => p.Disruption.MeanSchoolDistanceKm),
        ("max school distance km", p => p.Disruption.MaxSchoolDistanceKm),
    ];

    /// <summary>scenario.json: <c>{"schemaVersion": 1, "scenarios": [...]}</c> with the same JSON conventions as proposal.json.</summary>
    public static string ToJson(IEnumerable<ScenarioResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        return JsonSerializer.Serialize(new ScenarioFile(1, [.. results]), ProposalWriter.JsonOptions) + "\n";
    }

    /// <summary>Reads scenario.json back.</summary>
    public static ImmutableArray<ScenarioResult> FromJson(string json) => JsonSerializer.Deserialize<ScenarioFile>(json, ProposalWriter.JsonOptions)?.Scenarios ?? [];

    /// <summary>Writes scenario.json and report.html into a folder as one set (a hidden folder beside it, swapped in: <see cref="OutputFolder"/>).</summary>
    /// <exception cref="IOException">The folder cannot be written (<see cref="OutputFolder.Check"/> says why); the folder is left as it was.</exception>
    public static void Write(ScenarioBatch batch, string directory)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(directory);
        var json = ToJson(batch.Runs.Select(r => r.Result));
        var html = Report(batch);
        OutputFolder.Write(directory, [("scenario.json", json), ("report.html", html)]);
    }

    /// <summary>A plain-text table comparing the policies of one scenario, for a terminal.</summary>
    public static string Table(ScenarioResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"scenario: {result.Name} (planning date {result.PlanningDate:yyyy-MM-dd}{(result.Synthetic ? ", SYNTHETIC DATA" : "")})\n");
        foreach (var c in result.Changes)
        {
            sb.Append(CultureInfo.InvariantCulture, $"  change {c.Index}: {c.Description}\n");
        }

        const int first = 42, column = 17;
        sb.Append("metric".PadRight(first));
        foreach (var p in result.Policies)
        {
            sb.Append(p.Policy.PadLeft(column));
        }

        sb.Append('\n');
        foreach (var (label, value) in Rows)
        {
            sb.Append(label.PadRight(first));
            foreach (var p in result.Policies)
            {
                sb.Append(ReportHtml.Format(value(p)).PadLeft(column));
            }

            sb.Append('\n');
        }

        sb.Append("solver".PadRight(first));
        foreach (var p in result.Policies)
        {
            sb.Append(p.Solver.Status.Name().PadLeft(column));
        }

        sb.Append('\n');
        return sb.ToString();
    }

    internal static string Report(ScenarioBatch batch)
    {
        var sb = new StringBuilder();
        var title = batch.Runs.Length == 1 ? $"Scenario: {batch.Runs[0].Result.Name}" : $"{batch.Runs.Length} scenarios";
        ReportHtml.Head(sb, title);
        sb.Append("<p>What-if re-plans, each policy against the current situation (<code>current_location</code>). Advice for a planner: a person decides.</p>\n");
        for (var s = 0; s < batch.Runs.Length; s++)
        {
            Section(sb, batch.Runs[s], s);
        }

        sb.Append("</body></html>\n");
        return sb.ToString();
    }

    private static void Section(StringBuilder sb, ScenarioRun run, int index)
    {
        var r = run.Result;
        var h = ReportHtml.Html;
        sb.Append(CultureInfo.InvariantCulture, $"<section class=\"scenario\" id=\"scenario-{index}\">\n<h2>{h(r.Name)}</h2>\n<p>Planning date {r.PlanningDate:yyyy-MM-dd}{(r.Synthetic ? "; <b>SYNTHETIC DATA</b>" : "")}.</p>\n<ol start=\"0\" class=\"changes\">");
        foreach (var c in r.Changes)
        {
            sb.Append("<li>").Append(h(c.Description)).Append("</li>");
        }

        sb.Append("</ol>\n");
        foreach (var w in r.Warnings.Take(12))
        {
            sb.Append("<div class=\"warn\">").Append(h(w)).Append("</div>\n");
        }

        sb.Append("<table class=\"metrics\"><tr><th>metric</th>");
        foreach (var p in r.Policies)
        {
            sb.Append("<th>").Append(h(p.Policy)).Append("</th>");
        }

        sb.Append("</tr>\n");
        foreach (var (label, value) in Rows.Append(("solver", _ => null)))
        {
            sb.Append("<tr><td>").Append(h(label.Trim())).Append("</td>");
            foreach (var p in r.Policies)
            {
                sb.Append("<td>").Append(label == "solver" ? h(p.Solver.Status.Name()) : ReportHtml.Format(value(p))).Append("</td>");
            }

            sb.Append("</tr>\n");
        }

        sb.Append("</table>\n<h3>Policies compared</h3>\n");
        ReportHtml.Bars(sb, $"chart-{index}", [.. r.Policies.Select(p => p.Policy)],
        [
            ("moves", [.. r.Policies.Select(p => (double)p.Disruption.Moves)]),
            ("across education regions", [.. r.Policies.Select(p => (double)p.Disruption.MovesAcrossEducationRegions)]),
            ("school-going across regions", [.. r.Policies.Select(p => (double)p.Disruption.SchoolGoingMovedAcrossEducationRegions)]),
            ("across provinces", [.. r.Policies.Select(p => (double)p.Disruption.MovesAcrossProvinces)]),
            ("unplaced", [.. r.Policies.Select(p => (double)p.Disruption.Unplaced)]),
        ]);
        sb.Append("<h3>Moves</h3>\n<p class=\"legend\">Education regions in grey; circles are locations sized by the youths placed there (orange: closing); ")
          .Append("arrows are relocations: <span style=\"color:#c62828\">red</span> into another education region, <span style=\"color:#2e7d32\">green</span> within it.</p>\n<div class=\"maps\">\n");
        for (var k = 0; k < r.Policies.Length; k++)
        {
            var p = r.Policies[k];
            var load = run.Proposals[k].Assignments.GroupBy(a => a.Location, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
            ReportHtml.Map(sb, $"map-{index}-{p.Policy}", $"{p.Policy}: {p.Disruption.Moves} moves, {p.Disruption.MovesAcrossEducationRegions} across education regions",
                p.Moves.Where(m => m.IsRelocation).Select(m => (m.From!, m.To!, m.CrossesEducationRegion)), load, run.Geography, run.Problem);
        }

        sb.Append("</div>\n");
        foreach (var p in r.Policies)
        {
            const int limit = 300;
            sb.Append(CultureInfo.InvariantCulture, $"<details><summary>{h(p.Policy)}: {p.Moves.Length} youths change place{(p.Moves.Length > limit ? $" (first {limit} shown; all in scenario.json)" : "")}</summary>\n")
              .Append("<table class=\"moves\"><tr><th>youth</th><th>from</th><th>to</th><th>region before</th><th>region after</th><th>school region</th><th>school km before</th><th>school km after</th><th>reason</th></tr>\n");
            foreach (var m in p.Moves.Take(limit))
            {
                sb.Append("<tr><td>").Append(h(m.Youth)).Append("</td><td>").Append(h(m.From ?? "-")).Append("</td><td>").Append(h(m.To ?? "-"))
                  .Append("</td><td>").Append(h(m.EducationRegionBefore ?? "-")).Append("</td><td>").Append(h(m.EducationRegionAfter ?? "-"))
                  .Append("</td><td>").Append(h(m.SchoolEducationRegion ?? "-")).Append("</td><td>").Append(ReportHtml.Format(m.SchoolDistanceKmBefore))
                  .Append("</td><td>").Append(ReportHtml.Format(m.SchoolDistanceKmAfter)).Append("</td><td style=\"text-align:left\">")
                  .Append(h($"{m.Reason.Code}: {m.Reason.Text}")).Append("</td></tr>\n");
            }

            sb.Append("</table></details>\n");
        }

        sb.Append("</section>\n");
    }

    private sealed record ScenarioFile(int SchemaVersion, ImmutableArray<ScenarioResult> Scenarios);
}

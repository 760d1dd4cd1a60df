using System.Globalization;
using System.Net;
using System.Text;
using NetTopologySuite.Geometries;
using NetTopologySuite.Simplify;
using Spreidingswet.Placement.Geography;
using Spreidingswet.Placement.Learning;
using Spreidingswet.Placement.Model;

namespace Spreidingswet.Placement.Outputs;

/// <summary>
/// report.html: one self-contained page (inline SVG and CSS, no network): a map of the Netherlands
/// with the education regions, locations sized by load and moves as arrows; the metrics; and the
/// same metrics for capacity-only practice on the same input, side by side.
/// </summary>
internal static class ReportHtml
{
    private const double Width = 560;

    public static string Render(Proposal proposal, Proposal? baseline, RegionMap geography, PlacementProblem problem)
    {
        var sb = new StringBuilder();
        var title = $"Placement proposal {proposal.Run.PlanningDate:yyyy-MM-dd} ({proposal.Run.Policy})";
        Head(sb, title);
        sb.Append("<p>Advice for a planner: a person decides. Solver: <b>").Append(Html(proposal.Solver.Status.Name())).Append("</b>, gap ")
          .Append(proposal.Solver.Gap.ToString("P2", CultureInfo.InvariantCulture)).Append(", ").Append(Html(proposal.Solver.Method)).Append(".</p>\n");
        foreach (var w in proposal.Warnings.Take(12))
        {
            sb.Append("<div class=\"warn\">").Append(Html(w)).Append("</div>\n");
        }

        sb.Append("<h2>Metrics: this proposal against capacity-only practice</h2>\n");
        MetricsTable(sb, proposal, baseline);
        if (baseline is not null)
        {
            sb.Append("<h2>Comparison chart</h2>\n");
            Chart(sb, proposal, baseline);
        }

        if (proposal.Fairness is { } fairness)
        {
            FairnessTable(sb, fairness);
        }

        sb.Append("<h2>Map</h2>\n<p class=\"legend\">Education regions (RMC) in grey; circles are locations sized by the youths placed there; ")
          .Append("arrows are moves: <span style=\"color:#2e7d32\">green</span> within the school's education region or not school-going, ")
          .Append("<span style=\"color:#c62828\">red</span> across education regions. Map built from the ")
          .Append(geography.Layers.All(l => l.IsDefault) ? "embedded official 2025" : "loaded").Append(" region layers.</p>\n<div class=\"maps\">\n");
        Map(sb, proposal, geography, problem, proposal.Run.Policy);
        if (baseline is not null)
        {
            Map(sb, baseline, geography, problem, baseline.Run.Policy);
        }

        sb.Append("</div>\n");
        sb.Append("<h2>Unplaced</h2>\n");
        if (proposal.Unplaced.IsEmpty)
        {
            sb.Append("<p>Every youth has a bed.</p>\n");
        }
        else
        {
            sb.Append("<table><tr><th>youth</th><th>reasons</th></tr>\n");
            foreach (var u in proposal.Unplaced.Take(200))
            {
                sb.Append("<tr><td>").Append(Html(u.Youth)).Append("</td><td style=\"text-align:left\">")
                  .Append(Html(string.Join("; ", u.Reasons.Select(r => $"{r.Code}: {r.Text}")))).Append("</td></tr>\n");
            }

            sb.Append("</table>\n");
        }

        BestInterestsTable(sb, proposal);
        sb.Append("<p class=\"legend\">Run ").Append(Html(proposal.Run.Id)).Append(", engine ").Append(Html(proposal.Run.EngineVersion))
          .Append(", seed ").Append(proposal.Run.Seed.ToString(CultureInfo.InvariantCulture)).Append(proposal.Run.Synthetic ? ", SYNTHETIC DATA" : "").Append(".</p>\n");
        if (geography.Layers.Any(l => l.IsDefault))
        {
            sb.Append("<footer><p class=\"legend\">").Append(Html(RegionMap.Attribution)).Append(' ').Append(Html(RegionMap.BorderAccuracyNote)).Append("</p></footer>\n");
        }

        sb.Append("</body></html>\n");
        return sb.ToString();
    }

    /// <summary>The page head (title, inline CSS) and the title as the first heading.</summary>
    internal static void Head(StringBuilder sb, string title)
    {
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").Append(Html(title)).Append("</title>\n<style>\n")
          .Append("body{font-family:system-ui,sans-serif;margin:24px;color:#1b1b1b;max-width:1250px}h1{font-size:22px}h2{font-size:17px;margin-top:28px}")
          .Append("table{border-collapse:collapse;font-size:14px}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}th{background:#f2f2f2}td:first-child,th:first-child{text-align:left}")
          .Append(".warn{background:#fff4d6;border:1px solid #e0b400;padding:8px;margin:6px 0;font-size:14px}.maps{display:flex;gap:16px;flex-wrap:wrap}figure{margin:0}.map{border:1px solid #ccc}")
          .Append(".legend{font-size:13px;color:#444}.better{color:#0a7d32;font-weight:600}.worse{color:#b3261e;font-weight:600}\n</style></head><body>\n");
        sb.Append("<h1>").Append(Html(title)).Append("</h1>\n");
    }

    private static readonly (string Label, Func<ProposalMetrics, double?> Value, bool LowerIsBetter)[] Rows =
    [
        ("youths", m => m.Youths, false),
        ("placed", m => m.Placed, false),
        ("unplaced", m => m.Unplaced, true),
        ("moved", m => m.Moved, true),
        ("school-going", m => m.SchoolGoing, false),
        ("education region kept", m => m.EducationRegionKept, false),
        ("education region broken", m => m.EducationRegionBroken, true),
        ("breaks caused by this proposal", m => m.EducationRegionBreaksCaused, true),
        ("mean school distance (km)", m => m.MeanSchoolDistanceKm, true),
        ("max school distance (km)", m => m.MaxSchoolDistanceKm, true),
    ];

    private static readonly (string Label, Func<ProposalMetrics, double?> Value, bool LowerIsBetter)[] ViewsRows =
    [
        ("wishes stated", m => m.Views?.WishesStated, false),
        ("wishes honoured", m => m.Views?.WishesHonoured, false),
        ("moved again within 12 months", m => m.Views?.MovedAgainWithin12Months, true),
        ("turning 18 within the horizon", m => m.Views?.Turning18, false),
        ("turning 18, moved across regions", m => m.Views?.Turning18MovedAcrossRegions, true),
    ];

    /// <summary>The most best-interests statements the page lists (every one is in proposal.json).</summary>
    private const int MaxStatements = 1_000;

    /// <summary>The best-interests statements per youth, in id order (present when the run has them).</summary>
    private static void BestInterestsTable(StringBuilder sb, Proposal proposal)
    {
        var rows = proposal.Assignments.Where(a => a.BestInterests is not null).Select(a => (a.Youth, a.BestInterests!.Statement))
            .Concat(proposal.Unplaced.Where(u => u.BestInterests is not null).Select(u => (u.Youth, u.BestInterests!.Statement)))
            .OrderBy(r => r.Youth, StringComparer.Ordinal).ToList();
        if (rows.Count == 0)
        {
            return;
        }

        sb.Append("<h2>Best interests</h2>\n<p class=\"legend\">Per youth, what was weighed and how, built from the claims in proposal.json (<code>bestInterests</code>)")
          .Append(rows.Count > MaxStatements ? string.Create(CultureInfo.InvariantCulture, $"; the first {MaxStatements:N0} of {rows.Count:N0} youths") : "").Append(".</p>\n");
        sb.Append("<table id=\"best-interests\"><tr><th>youth</th><th>statement</th></tr>\n");
        foreach (var (youth, statement) in rows.Take(MaxStatements))
        {
            sb.Append("<tr><td>").Append(Html(youth)).Append("</td><td style=\"text-align:left\">").Append(Html(statement)).Append("</td></tr>\n");
        }

        sb.Append("</table>\n");
    }

    private static void MetricsTable(StringBuilder sb, Proposal proposal, Proposal? baseline)
    {
        sb.Append("<table id=\"metrics\"><tr><th>metric</th><th>").Append(Html(proposal.Run.Policy)).Append("</th>");
        if (baseline is not null)
        {
            sb.Append("<th>").Append(Html(baseline.Run.Policy)).Append("</th><th>difference</th>");
        }

        sb.Append("</tr>\n");
        var rows = proposal.Metrics.MeanPredictedProbability is null ? Rows
            : [.. Rows, ("mean predicted school continuity", m => m.MeanPredictedProbability, false)];
        if (proposal.Metrics.Views is not null)
        {
            rows = [.. rows, .. ViewsRows];
        }
        foreach (var (label, value, lower) in rows)
        {
            var a = value(proposal.Metrics);
            sb.Append("<tr><td>").Append(label).Append("</td><td>").Append(Format(a)).Append("</td>");
            if (baseline is not null)
            {
                var b = value(baseline.Metrics);
                var diff = a is null || b is null ? (double?)null : a - b;
                var css = diff is null || diff == 0 || label is "youths" or "school-going" ? "" : (diff < 0) == lower ? "better" : "worse";
                sb.Append("<td>").Append(Format(b)).Append("</td><td class=\"").Append(css).Append("\">")
                  .Append(diff is null ? "" : (diff > 0 ? "+" : "") + Format(diff)).Append("</td>");
            }

            sb.Append("</tr>\n");
        }

        sb.Append("</table>\n");
    }

    private static void FairnessTable(StringBuilder sb, FairnessReport fairness)
    {
        sb.Append("<h2>Fairness by audit group</h2>\n<p class=\"legend\">Groups from <code>audit_group</code>, which scoring never reads. ")
          .Append("The bar shows each group's placement rate; the flagged row is the largest gap between groups.</p>\n");
        sb.Append("<table id=\"fairness\"><tr><th>group</th><th>youths</th><th>placed</th><th>placement rate</th><th>region kept rate</th><th>mean school km</th><th>mean predicted p</th></tr>\n");
        foreach (var g in fairness.Groups)
        {
            sb.Append("<tr><td>").Append(Html(g.Group)).Append("</td><td>").Append(g.Youths.ToString(CultureInfo.InvariantCulture))
              .Append("</td><td>").Append(g.Placed.ToString(CultureInfo.InvariantCulture)).Append("</td><td>")
              .Append(CultureInfo.InvariantCulture, $"<svg width=\"80\" height=\"10\" aria-hidden=\"true\"><rect width=\"{80 * g.PlacementRate:F1}\" height=\"10\" fill=\"#1565c0\"/></svg> {g.PlacementRate:0.000}")
              .Append("</td><td>").Append(Rate(g.EducationRegionKeptRate)).Append("</td><td>").Append(Format(g.MeanSchoolDistanceKm))
              .Append("</td><td>").Append(Rate(g.MeanPredictedProbability)).Append("</td></tr>\n");
        }

        sb.Append("</table>\n<table id=\"fairness-gaps\"><tr><th>metric</th><th>highest</th><th>lowest</th><th>gap</th><th>ratio</th></tr>\n");
        foreach (var gap in fairness.Gaps)
        {
            sb.Append(gap.Flagged ? "<tr class=\"worse\"><td>&#9873; " : "<tr><td>").Append(Html(gap.Metric)).Append("</td><td>").Append(Html(gap.Highest))
              .Append("</td><td>").Append(Html(gap.Lowest)).Append("</td><td>").Append(gap.Gap.ToString("0.000", CultureInfo.InvariantCulture))
              .Append("</td><td>").Append(Rate(gap.Ratio)).Append("</td></tr>\n");
        }

        sb.Append("</table>\n");
        static string Rate(double? value) => value?.ToString("0.000", CultureInfo.InvariantCulture) ?? "-";
    }

    private static void Chart(StringBuilder sb, Proposal a, Proposal b) => Bars(sb, "chart",
        [a.Run.Policy, b.Run.Policy],
        [
            ("moved", [a.Metrics.Moved, b.Metrics.Moved]),
            ("region broken", [a.Metrics.EducationRegionBroken, b.Metrics.EducationRegionBroken]),
            ("breaks caused", [a.Metrics.EducationRegionBreaksCaused, b.Metrics.EducationRegionBreaksCaused]),
            ("unplaced", [a.Metrics.Unplaced, b.Metrics.Unplaced]),
        ]);

    private static readonly string[] SeriesColours = ["#1565c0", "#9e9e9e", "#ef6c00", "#6a1b9a"];

    /// <summary>A horizontal bar chart (inline SVG): per item one bar per series, labelled with the value and the series name.</summary>
    internal static void Bars(StringBuilder sb, string id, IReadOnlyList<string> series, IReadOnlyList<(string Label, double[] Values)> items)
    {
        var max = Math.Max(1, items.Max(i => i.Values.Max()));
        const double barW = 300, barH = 16, gap = 2;
        var rowH = (series.Count * (barH + gap)) + 10;
        sb.Append(CultureInfo.InvariantCulture, $"<svg id=\"{Html(id)}\" class=\"chart\" width=\"620\" height=\"{(items.Count * rowH) + 30:F0}\" role=\"img\" aria-label=\"comparison chart\">\n");
        for (var i = 0; i < items.Count; i++)
        {
            var y = 10 + (i * rowH);
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"0\" y=\"{y + 16}\" font-size=\"13\">{Html(items[i].Label)}</text>");
            for (var k = 0; k < series.Count; k++)
            {
                var v = items[i].Values[k];
                var top = y + 2 + (k * (barH + gap));
                sb.Append(CultureInfo.InvariantCulture, $"<rect class=\"bar\" x=\"170\" y=\"{top:F0}\" width=\"{barW * v / max:F1}\" height=\"{barH:F0}\" fill=\"{SeriesColours[k % SeriesColours.Length]}\"><title>{Html(items[i].Label)}: {Format(v)} ({Html(series[k])})</title></rect>")
                  .Append(CultureInfo.InvariantCulture, $"<text x=\"{175 + (barW * v / max):F1}\" y=\"{top + 13:F0}\" font-size=\"12\">{Format(v)} ({Html(series[k])})</text>");
            }

            sb.Append('\n');
        }

        sb.Append("</svg>\n");
    }

    private static void Map(StringBuilder sb, Proposal proposal, RegionMap geography, PlacementProblem problem, string caption) => Map(sb, $"map-{caption}", caption,
        proposal.Assignments.Where(a => a.From is not null && a.From != a.Location).Select(a => (a.From!, a.Location, a.EducationRegion is { Kept: false })),
        proposal.Assignments.GroupBy(a => a.Location, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal),
        geography, problem);

    /// <summary>
    /// A map (inline SVG) of the education regions, the locations sized by <paramref name="load"/>
    /// (closing ones in orange) and moves as arrows, red when <c>Across</c>, else green.
    /// </summary>
    internal static void Map(StringBuilder sb, string id, string caption, IEnumerable<(string From, string To, bool Across)> arrows, IReadOnlyDictionary<string, int> load,
        RegionMap geography, PlacementProblem problem)
    {
        var layer = geography.Layer(RegionRole.EducationRegion);
        var env = new Envelope();
        foreach (var g in layer.Geometries)
        {
            env.ExpandToInclude(g.EnvelopeInternal);
        }

        var scale = Width / env.Width;
        var height = env.Height * scale;
        string X(double x) => ((x - env.MinX) * scale).ToString("F1", CultureInfo.InvariantCulture);
        string Y(double y) => ((env.MaxY - y) * scale).ToString("F1", CultureInfo.InvariantCulture);
        sb.Append(CultureInfo.InvariantCulture, $"<figure><svg class=\"map\" id=\"{Html(id)}\" width=\"{Width:F0}\" height=\"{height:F0}\" viewBox=\"0 0 {Width:F0} {height:F0}\" role=\"img\" aria-label=\"map {Html(caption)}\">\n");
        sb.Append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"3\" markerHeight=\"3\" orient=\"auto-start-reverse\"><path d=\"M0,0L10,5L0,10z\" fill=\"context-stroke\"/></marker></defs>\n");
        for (var i = 0; i < layer.Geometries.Count; i++)
        {
            var simplified = DouglasPeuckerSimplifier.Simplify(layer.Geometries[i], 400);
            sb.Append("<path class=\"region\" fill=\"#eceff1\" stroke=\"#90a4ae\" stroke-width=\"0.7\" d=\"");
            for (var n = 0; n < simplified.NumGeometries; n++)
            {
                if (simplified.GetGeometryN(n) is not Polygon p)
                {
                    continue;
                }

                foreach (var ring in new[] { p.ExteriorRing }.Concat(p.InteriorRings))
                {
                    var coords = ring.Coordinates;
                    sb.Append('M').Append(X(coords[0].X)).Append(',').Append(Y(coords[0].Y));
                    for (var k = 1; k < coords.Length; k++)
                    {
                        sb.Append('L').Append(X(coords[k].X)).Append(',').Append(Y(coords[k].Y));
                    }

                    sb.Append('Z');
                }
            }

            sb.Append("\"><title>").Append(Html($"{layer.Regions[i].Code} {layer.Regions[i].Name}")).Append("</title></path>\n");
        }

        var locations = problem.Locations.ToDictionary(l => l.Id, StringComparer.Ordinal);
        var moves = arrows.GroupBy(a => a)
            .OrderBy(g => g.Key.From, StringComparer.Ordinal).ThenBy(g => g.Key.To, StringComparer.Ordinal).ThenBy(g => g.Key.Across);
        foreach (var g in moves)
        {
            if (!locations.TryGetValue(g.Key.From, out var from) || !locations.TryGetValue(g.Key.To, out var to))
            {
                continue;
            }

            var colour = g.Key.Across ? "#c62828" : "#2e7d32";
            sb.Append(CultureInfo.InvariantCulture, $"<line class=\"move\" x1=\"{X(from.Point.X)}\" y1=\"{Y(from.Point.Y)}\" x2=\"{X(to.Point.X)}\" y2=\"{Y(to.Point.Y)}\" stroke=\"{colour}\" stroke-opacity=\"0.7\" stroke-width=\"{Math.Min(4, 0.8 + (0.4 * g.Count())):F1}\" marker-end=\"url(#arrow)\"><title>{g.Count()} from {Html(g.Key.From)} to {Html(g.Key.To)}</title></line>\n");
        }

        foreach (var l in problem.Locations.OrderBy(l => l.Id, StringComparer.Ordinal))
        {
            var n = load.GetValueOrDefault(l.Id);
            var r = 1.5 + Math.Sqrt(n);
            sb.Append(CultureInfo.InvariantCulture, $"<circle class=\"location\" cx=\"{X(l.Point.X)}\" cy=\"{Y(l.Point.Y)}\" r=\"{r:F1}\" fill=\"{(l.ClosesOn is not null ? "#ff8f00" : "#1565c0")}\" fill-opacity=\"0.6\" stroke=\"#0d47a1\" stroke-width=\"0.4\"><title>{Html(l.Id)} {Html(l.Name)}: {n} placed</title></circle>\n");
        }

        sb.Append("</svg><figcaption>").Append(Html(caption)).Append("</figcaption></figure>\n");
    }

    internal static string Format(double? value) => value switch
    {
        null => "-",
        var v when Math.Abs(v.Value - Math.Round(v.Value)) < 1e-9 => v.Value.ToString("0", CultureInfo.InvariantCulture),
        var v => v.Value.ToString("0.0", CultureInfo.InvariantCulture),
    };

    internal static string Html(string text) => WebUtility.HtmlEncode(text);
}

using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Outputs;

namespace Spreidingswet.Placement.Simulation;

/// <summary>Mean outcomes of a policy over the runs of a sweep.</summary>
public sealed record PolicySummary
{
    /// <summary>The policy name.</summary>
    public required string Policy { get; init; }

    /// <summary>Runs summarised.</summary>
    public required int Runs { get; init; }

    /// <summary>Mean share of the hindsight value (null when no run had a hindsight).</summary>
    public required double? ShareOfHindsight { get; init; }

    /// <summary>Lowest share over the runs.</summary>
    public required double? ShareMin { get; init; }

    /// <summary>Highest share over the runs.</summary>
    public required double? ShareMax { get; init; }

    /// <summary>Mean education kept.</summary>
    public required double EducationKept { get; init; }

    /// <summary>Mean education region breaks caused.</summary>
    public required double BreaksCaused { get; init; }

    /// <summary>Mean moves.</summary>
    public required double Moves { get; init; }

    /// <summary>Mean unplaced-days.</summary>
    public required double UnplacedDays { get; init; }

    /// <summary>Mean youths moved more than once within 12 months.</summary>
    public required double MovedMoreThanOnce { get; init; }

    /// <summary>Mean moves that were a youth's second within 12 months.</summary>
    public double MovedAgainWithin12Months { get; init; }

    /// <summary>Mean placements of youths with a stated wish, over the runs that have wishes; null when none has.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public double? WishesStated { get; init; }

    /// <summary>Mean of those placed where the wish is met, over the same runs.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public double? WishesHonoured { get; init; }
}

/// <summary>A sweep: many runs (seeds) of the same simulation, or one shard of them.</summary>
public sealed record SimulationSweep
{
    /// <summary>Version of the simulation.json schema.</summary>
    public int SchemaVersion { get; init; } = 1;

    /// <summary>Runs in the whole sweep.</summary>
    public required int TotalRuns { get; init; }

    /// <summary>The shard (<c>i/N</c>, 1-based) this document holds, or null for the whole sweep.</summary>
    public string? Shard { get; init; }

    /// <summary>
    /// What makes the sweep (every setting of the command but the shard, the output folder and the
    /// parallelism, by option name): shards merge only when these are equal. Null when not recorded.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public ImmutableSortedDictionary<string, string>? Settings { get; init; }

    /// <summary>Per policy, means over <see cref="Runs"/>.</summary>
    public required ImmutableArray<PolicySummary> Policies { get; init; }

    /// <summary>The runs, ordered by seed.</summary>
    public required ImmutableArray<SimulationResult> Runs { get; init; }

    /// <summary>The sweep of some runs, summarised.</summary>
    public static SimulationSweep Of(IEnumerable<SimulationResult> runs, int totalRuns, string? shard)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var list = runs.OrderBy(r => r.Seed).ToImmutableArray();
        var names = list.SelectMany(r => r.Policies.Select(p => p.Policy)).Distinct().ToList();
        var summaries = names.Select(name =>
        {
            var ps = list.SelectMany(r => r.Policies.Where(p => p.Policy == name)).ToList();
            var shares = ps.Where(p => p.ShareOfHindsight is not null).Select(p => p.ShareOfHindsight!.Value).ToList();
            var wished = ps.Where(p => p.Totals.WishesStated is not null).ToList();
            return new PolicySummary
            {
                Policy = name,
                Runs = ps.Count,
                ShareOfHindsight = shares.Count == 0 ? null : Math.Round(shares.Average(), 4),
                ShareMin = shares.Count == 0 ? null : shares.Min(),
                ShareMax = shares.Count == 0 ? null : shares.Max(),
                EducationKept = Math.Round(ps.Average(p => p.Totals.EducationKept), 2),
                BreaksCaused = Math.Round(ps.Average(p => p.Totals.BreaksCaused), 2),
                Moves = Math.Round(ps.Average(p => p.Totals.Moves), 2),
                UnplacedDays = Math.Round(ps.Average(p => p.Totals.UnplacedDays), 2),
                MovedMoreThanOnce = Math.Round(ps.Average(p => p.Totals.MovedMoreThanOnce), 2),
                MovedAgainWithin12Months = Math.Round(ps.Average(p => p.Totals.MovedAgainWithin12Months), 2),
                WishesStated = wished.Count == 0 ? null : Math.Round(wished.Average(p => p.Totals.WishesStated!.Value), 2),
                WishesHonoured = wished.Count == 0 ? null : Math.Round(wished.Average(p => p.Totals.WishesHonoured ?? 0), 2),
            };
        }).ToImmutableArray();
        return new SimulationSweep { TotalRuns = totalRuns, Shard = shard, Policies = summaries, Runs = list };
    }
}

/// <summary>simulation.json and report.html of a simulation or a sweep, and the merge of shards.</summary>
public static class SimulationWriter
{
    /// <summary>The JSON of one simulation (schema in docs/simulation.md).</summary>
    public static string ToJson(SimulationResult result) => JsonSerializer.Serialize(result, ProposalWriter.JsonOptions) + "\n";

    /// <summary>The JSON of a sweep or a shard.</summary>
    public static string ToJson(SimulationSweep sweep) => JsonSerializer.Serialize(sweep, ProposalWriter.JsonOptions) + "\n";

    /// <summary>Reads a sweep's simulation.json (a shard or a whole sweep); errors name the file.</summary>
    public static LoadResult<SimulationSweep> ReadSweep(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        try
        {
            var sweep = JsonSerializer.Deserialize<SimulationSweep>(File.ReadAllText(path), ProposalWriter.JsonOptions);
            if (sweep is null || sweep.Runs.IsDefault || sweep.SchemaVersion != 1)
            {
                return LoadResult<SimulationSweep>.Failure([new InputError(path, 0, "schemaVersion", sweep?.SchemaVersion.ToString(CultureInfo.InvariantCulture), "not a sweep's simulation.json of schema version 1.", "Maybe pass the simulation.json of a run with --runs or --shard.")]);
            }

            return LoadResult<SimulationSweep>.Success(sweep);
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException or NotSupportedException)
        {
            var line = ex is JsonException { LineNumber: { } l } ? (int)l + 1 : 0;
            return LoadResult<SimulationSweep>.Failure([new InputError(path, line, null, null, $"cannot be read as a sweep: {ex.Message}")]);
        }
    }

    /// <summary>Parses a sweep's JSON text (for tests and callers that hold the text).</summary>
    internal static SimulationSweep ReadSweepText(string json) => JsonSerializer.Deserialize<SimulationSweep>(json, ProposalWriter.JsonOptions)!;

    /// <summary>
    /// Combines shards into the whole sweep: every shard of the same sweep (same run count, same
    /// settings, shards 1..N each once), no run twice, none missing; the result equals the unsharded
    /// sweep's document (wall-clock seconds aside). Every problem is reported, naming the shard's file.
    /// </summary>
    public static LoadResult<SimulationSweep> Merge(IReadOnlyList<(string File, SimulationSweep Sweep)> shards)
    {
        ArgumentNullException.ThrowIfNull(shards);
        var errors = new List<InputError>();
        if (shards.Count == 0)
        {
            return LoadResult<SimulationSweep>.Failure([new InputError("simulate merge", 0, "SHARD", null, "name at least one shard's simulation.json.")]);
        }

        var (firstFile, first) = shards[0];
        var total = first.TotalRuns;
        var seen = new Dictionary<int, string>();
        var shardIndex = new Dictionary<string, string>(StringComparer.Ordinal);
        int? count = null;
        foreach (var (file, sweep) in shards)
        {
            if (sweep.TotalRuns != total)
            {
                errors.Add(new InputError(file, 0, "totalRuns", sweep.TotalRuns.ToString(CultureInfo.InvariantCulture), $"differs from {firstFile}'s {total}: not the same sweep."));
            }

            errors.AddRange(SettingsDiffer(file, sweep.Settings, firstFile, first.Settings));
            if (sweep.Shard is not { } s)
            {
                if (shards.Count > 1)
                {
                    errors.Add(new InputError(file, 0, "shard", null, "is a whole sweep, not a shard: it cannot be merged with others.", "Maybe pass only the simulation.json files of simulate --shard i/N."));
                }
            }
            else if (ParseShard(s) is not { } parsed)
            {
                errors.Add(new InputError(file, 0, "shard", s, "not a shard (i/N with 1 <= i <= N)."));
            }
            else
            {
                count ??= parsed.Count;
                if (parsed.Count != count)
                {
                    errors.Add(new InputError(file, 0, "shard", s, $"not a shard of {count} as {shards.First(x => x.Sweep.Shard is { } f && ParseShard(f) is { } g && g.Count == count).File} is."));
                }
                else if (!shardIndex.TryAdd(s, file))
                {
                    errors.Add(new InputError(file, 0, "shard", s, $"this shard is also given as {shardIndex[s]}."));
                }
            }

            foreach (var run in sweep.Runs)
            {
                if (!seen.TryAdd(run.Seed, file))
                {
                    errors.Add(new InputError(file, 0, "seed", run.Seed.ToString(CultureInfo.InvariantCulture), $"this run is also in {seen[run.Seed]}: the shards overlap."));
                }
            }
        }

        if (errors.Count == 0 && seen.Count != total)
        {
            var missing = count is { } n ? Enumerable.Range(1, n).Select(i => $"{i}/{n}").Where(x => !shardIndex.ContainsKey(x)).ToList() : [];
            errors.Add(new InputError("simulate merge", 0, "SHARD", string.Join(' ', shards.Select(s => s.File)),
                $"{seen.Count} of the sweep's {total} runs: {(missing.Count > 0 ? $"shard {string.Join(", ", missing)} is missing" : "a shard is missing")}.", "Maybe wait for every shard of the job to finish."));
        }

        return errors.Count > 0 ? LoadResult<SimulationSweep>.Failure(errors)
            : LoadResult<SimulationSweep>.Success(SimulationSweep.Of(shards.SelectMany(s => s.Sweep.Runs), total, null) with { Settings = first.Settings });
    }

    private static (int Index, int Count)? ParseShard(string text)
    {
        var parts = text.Split('/');
        return parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var i)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1 && i >= 1 && i <= n ? (i, n) : null;
    }

    /// <summary>One error per setting that differs (or is present in only one of the two).</summary>
    private static IEnumerable<InputError> SettingsDiffer(string file, ImmutableSortedDictionary<string, string>? settings, string firstFile, ImmutableSortedDictionary<string, string>? firstSettings)
    {
        var mine = settings ?? ImmutableSortedDictionary<string, string>.Empty;
        var theirs = firstSettings ?? ImmutableSortedDictionary<string, string>.Empty;
        foreach (var key in mine.Keys.Union(theirs.Keys).Order(StringComparer.Ordinal))
        {
            var a = mine.GetValueOrDefault(key);
            var b = theirs.GetValueOrDefault(key);
            if (!string.Equals(a, b, StringComparison.Ordinal))
            {
                yield return new InputError(file, 0, $"settings.{key}", a ?? "(absent)", $"differs from {firstFile}'s '{b ?? "(absent)"}': a shard of another sweep.", "Maybe run every shard with the same options.");
            }
        }
    }

    /// <summary>Writes simulation.json and report.html into a folder as one set (nothing half-written).</summary>
    public static void Write(string directory, SimulationResult result)
        => OutputFolder.Write(directory, [("simulation.json", ToJson(result)), ("report.html", SimulationReport.Render(result))]);

    /// <summary>Writes a sweep's simulation.json and report.html into a folder as one set.</summary>
    public static void Write(string directory, SimulationSweep sweep)
        => OutputFolder.Write(directory, [("simulation.json", ToJson(sweep)), ("report.html", SimulationReport.Render(sweep))]);
}

/// <summary>report.html of a simulation: the table per policy and charts over time (inline SVG, no network).</summary>
internal static class SimulationReport
{
    private static readonly string[] Colours = ["#9e9e9e", "#ef6c00", "#1565c0", "#2e7d32", "#6a1b9a"];

    public static string Render(SimulationResult r)
    {
        var sb = new StringBuilder();
        ReportHtml.Head(sb, $"Simulation: {r.Periods} {r.Cadence} batches from {r.Start:yyyy-MM-dd}");
        sb.Append("<p>").Append(ReportHtml.Html(r.Source)).Append(". ").Append(r.StartResidents.ToString(CultureInfo.InvariantCulture)).Append(" residents at the start in ")
          .Append(r.Locations.ToString(CultureInfo.InvariantCulture)).Append(" locations, ").Append(r.Arrivals.ToString(CultureInfo.InvariantCulture)).Append(" arrivals, seed ")
          .Append(r.Seed.ToString(CultureInfo.InvariantCulture)).Append(". Advice for analysts: each policy is the engine's proposal per batch, accepted as proposed.</p>\n");
        if (r.Hindsight is { } h)
        {
            sb.Append("<p>Hindsight model: <b>").Append(ReportHtml.Html(h.Status)).Append("</b>, value ").Append(h.Value.ToString("0.#", CultureInfo.InvariantCulture))
              .Append(" (best solution found ").Append(h.Found.ToString(CultureInfo.InvariantCulture)).Append("), ").Append(h.Needs.ToString(CultureInfo.InvariantCulture)).Append(" needs in ")
              .Append(h.Classes.ToString(CultureInfo.InvariantCulture)).Append(" classes over ").Append(h.Pools.ToString(CultureInfo.InvariantCulture)).Append(" pools, ")
              .Append(h.Seconds.ToString("0.0", CultureInfo.InvariantCulture)).Append(" s. ")
              .Append(h.Status == "bound" ? "The shares are measured against a proven upper bound, so the true shares are at least these." : "").Append("</p>\n");
        }

        var wishes = r.Policies.Any(p => p.Totals.WishesStated is not null);
        sb.Append("<h2>Per policy</h2>\n<table><tr><th>policy</th><th>share of hindsight (education)</th><th>education kept</th><th>breaks caused</th><th>moves</th><th>unplaced-days</th><th>moved more than once in 12 months</th>")
          .Append(wishes ? "<th>wishes honoured / stated</th>" : "").Append("<th>seconds</th></tr>\n");
        foreach (var p in r.Policies)
        {
            sb.Append("<tr><td>").Append(ReportHtml.Html(p.Policy)).Append("</td><td>").Append(p.ShareOfHindsight?.ToString("P1", CultureInfo.InvariantCulture) ?? "-").Append("</td><td>")
              .Append(Int(p.Totals.EducationKept)).Append("</td><td>").Append(Int(p.Totals.BreaksCaused)).Append("</td><td>").Append(Int(p.Totals.Moves)).Append("</td><td>")
              .Append(Int(p.Totals.UnplacedDays)).Append("</td><td>").Append(Int(p.Totals.MovedMoreThanOnce)).Append("</td><td>")
              .Append(!wishes ? "" : p.Totals.WishesStated is { } stated ? $"{Int(p.Totals.WishesHonoured ?? 0)} / {Int(stated)}</td><td>" : "-</td><td>")
              .Append(p.Totals.Seconds.ToString("0.0", CultureInfo.InvariantCulture)).Append("</td></tr>\n");
        }

        sb.Append("</table>\n");
        var policies = r.Policies.Where(p => !p.Weeks.IsDefaultOrEmpty).ToList();
        sb.Append("<h2>Education region breaks caused per batch</h2>\n");
        Lines(sb, "breaks", policies.Select(p => (p.Policy, p.Weeks.Select(w => (double)w.BreaksCaused).ToArray())).ToList(), r.Periods);
        sb.Append("<h2>Youths without a bed after each batch</h2>\n");
        Lines(sb, "unplaced", policies.Select(p => (p.Policy, p.Weeks.Select(w => (double)w.Unplaced).ToArray())).ToList(), r.Periods);
        sb.Append("<h2>Residents moved per batch</h2>\n");
        Lines(sb, "moves", policies.Select(p => (p.Policy, p.Weeks.Select(w => (double)w.Moves).ToArray())).ToList(), r.Periods);
        sb.Append("<h2>Occupancy per education region (residents / beds)</h2>\n<p class=\"legend\">The six regions with the most school-going demand; one line per policy.</p>\n");
        var regions = policies.SelectMany(p => p.Weeks).SelectMany(w => w.OccupancyPerRegion.Keys).Distinct(StringComparer.Ordinal)
            .OrderByDescending(reg => policies.Sum(p => p.Weeks.Sum(w => w.OccupancyPerRegion.GetValueOrDefault(reg)))).ThenBy(reg => reg, StringComparer.Ordinal).Take(6).ToList();
        foreach (var region in regions)
        {
            sb.Append("<h3 style=\"font-size:14px\">").Append(ReportHtml.Html(region)).Append("</h3>\n");
            Lines(sb, "occupancy-" + region, policies.Select(p => (p.Policy, p.Weeks.Select(w =>
                w.BedsPerRegion.GetValueOrDefault(region) is var beds and > 0 ? 100.0 * w.OccupancyPerRegion.GetValueOrDefault(region) / beds : 0).ToArray())).ToList(), r.Periods, "%");
        }

        sb.Append("<p class=\"legend\">SYNTHETIC DATA where the source says so. Seconds are wall-clock on the machine that ran it.</p>\n</body></html>\n");
        return sb.ToString();
    }

    public static string Render(SimulationSweep s)
    {
        var sb = new StringBuilder();
        ReportHtml.Head(sb, $"Simulation sweep: {s.Runs.Length} of {s.TotalRuns} runs{(s.Shard is null ? "" : $" (shard {s.Shard})")}");
        sb.Append("<table><tr><th>policy</th><th>runs</th><th>share of hindsight (mean)</th><th>min</th><th>max</th><th>education kept</th><th>breaks caused</th><th>moves</th><th>unplaced-days</th></tr>\n");
        foreach (var p in s.Policies)
        {
            sb.Append("<tr><td>").Append(ReportHtml.Html(p.Policy)).Append("</td><td>").Append(Int(p.Runs)).Append("</td><td>").Append(p.ShareOfHindsight?.ToString("P1", CultureInfo.InvariantCulture) ?? "-")
              .Append("</td><td>").Append(p.ShareMin?.ToString("P1", CultureInfo.InvariantCulture) ?? "-").Append("</td><td>").Append(p.ShareMax?.ToString("P1", CultureInfo.InvariantCulture) ?? "-")
              .Append("</td><td>").Append(Num(p.EducationKept)).Append("</td><td>").Append(Num(p.BreaksCaused)).Append("</td><td>").Append(Num(p.Moves)).Append("</td><td>").Append(Num(p.UnplacedDays)).Append("</td></tr>\n");
        }

        sb.Append("</table>\n<h2>Share of hindsight per run</h2>\n");
        var withShare = s.Policies.Where(p => p.ShareOfHindsight is not null && p.Policy != "hindsight").ToList();
        if (withShare.Count > 0 && s.Runs.Length > 0)
        {
            ReportHtml.Bars(sb, "shares", [.. withShare.Select(p => p.Policy)],
                [.. s.Runs.Select(run => ($"seed {run.Seed}", withShare.Select(p => 100 * (run.Policies.FirstOrDefault(x => x.Policy == p.Policy)?.ShareOfHindsight ?? 0)).ToArray()))]);
        }

        sb.Append("</body></html>\n");
        return sb.ToString();
    }

    private static string Int(int v) => v.ToString("N0", CultureInfo.InvariantCulture);

    private static string Num(double v) => v.ToString("#,0.##", CultureInfo.InvariantCulture);

    /// <summary>A line chart over the periods (inline SVG), one line per series, with a legend.</summary>
    private static void Lines(StringBuilder sb, string id, List<(string Name, double[] Values)> series, int periods, string unit = "")
    {
        const double w = 620, h = 180, left = 44, bottom = 24, top = 8;
        var max = Math.Max(1, series.SelectMany(s => s.Values).DefaultIfEmpty(0).Max());
        double X(int p) => left + ((w - left - 10) * p / Math.Max(1, periods - 1));
        double Y(double v) => top + ((h - top - bottom) * (1 - (v / max)));
        sb.Append(CultureInfo.InvariantCulture, $"<svg id=\"{ReportHtml.Html(id)}\" class=\"chart\" width=\"{w + 160:F0}\" height=\"{h:F0}\" role=\"img\" aria-label=\"{ReportHtml.Html(id)} over time\">\n");
        sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{left}\" y1=\"{Y(0):F1}\" x2=\"{w - 10}\" y2=\"{Y(0):F1}\" stroke=\"#999\"/><line x1=\"{left}\" y1=\"{top}\" x2=\"{left}\" y2=\"{Y(0):F1}\" stroke=\"#999\"/>");
        sb.Append(CultureInfo.InvariantCulture, $"<text x=\"2\" y=\"{top + 10}\" font-size=\"11\">{max:0.#}{unit}</text><text x=\"2\" y=\"{Y(0):F1}\" font-size=\"11\">0</text>");
        sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{left}\" y=\"{h - 6}\" font-size=\"11\">period 1</text><text x=\"{w - 70}\" y=\"{h - 6}\" font-size=\"11\">period {periods}</text>\n");
        for (var s = 0; s < series.Count; s++)
        {
            var colour = Colours[s % Colours.Length];
            var points = string.Join(' ', series[s].Values.Select((v, p) => string.Create(CultureInfo.InvariantCulture, $"{X(p):F1},{Y(v):F1}")));
            sb.Append(CultureInfo.InvariantCulture, $"<polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"1.6\" points=\"{points}\"><title>{ReportHtml.Html(series[s].Name)}</title></polyline>");
            sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"{w + 4}\" y=\"{top + (s * 18)}\" width=\"12\" height=\"12\" fill=\"{colour}\"/><text x=\"{w + 20}\" y=\"{top + 10 + (s * 18)}\" font-size=\"12\">{ReportHtml.Html(series[s].Name)}</text>\n");
        }

        sb.Append("</svg>\n");
    }
}

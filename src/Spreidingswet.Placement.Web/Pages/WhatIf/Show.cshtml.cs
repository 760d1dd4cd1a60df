using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Spreidingswet.Placement.Scenarios;
using Spreidingswet.Placement.Web.Services;

namespace Spreidingswet.Placement.Web.Pages.WhatIf;

/// <summary>A what-if's two policies side by side: the metrics (table and chart), two maps, the moves with their reasons; turn one into a proposal.</summary>
public sealed class ShowModel(WhatIfs whatIfs, Texts texts, IAuthorizationService authorization) : PageModel
{
    public ProposalJob? Job { get; private set; }

    public ScenarioRun? Run => Job?.Scenario;

    public bool CanPlan { get; private set; }

    /// <summary>(text key, value per policy) for the comparison table and chart.</summary>
    public IReadOnlyList<(string Key, double?[] Values)> Rows { get; private set; } = [];

    /// <summary>The chart's data (labels, one series per policy) as JSON for the page's script.</summary>
    public string ChartJson { get; private set; } = "{}";

    public async Task<IActionResult> OnGetAsync(string id)
    {
        Job = whatIfs.Find(id);
        if (Job is null)
        {
            return NotFound();
        }

        if (!Job.Finished)
        {
            return Redirect($"/jobs/{Job.Id}");
        }

        CanPlan = (await authorization.AuthorizeAsync(User, Roles.Plan)).Succeeded;
        if (Run is { } run)
        {
            var p = run.Result.Policies;
            Rows = Metrics.Select(m => (m.Key, p.Select(x => m.Value(x)).ToArray())).ToList();
            ChartJson = Chart(texts, Rows.Where(r => Charted.Contains(r.Key)).ToList(), p.Select(x => x.Policy).ToArray());
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAdoptAsync(string id, int index)
    {
        if (!(await authorization.AuthorizeAsync(User, Roles.Plan)).Succeeded)
        {
            return Forbid();
        }

        return whatIfs.Find(id) is { } job && await whatIfs.AdoptAsync(job, index, HttpContext.RequestAborted) is { } runId
            ? Redirect($"/runs/{runId}")
            : NotFound();
    }

    private static readonly (string Key, Func<PolicyResult, double?> Value)[] Metrics =
    [
        ("m.placed", p => p.Metrics.Placed),
        ("m.unplaced", p => p.Metrics.Unplaced),
        ("w.moves", p => p.Disruption.Moves),
        ("w.forced", p => p.Disruption.ForcedMoves),
        ("w.chosen", p => p.Disruption.ChosenMoves),
        ("w.across", p => p.Disruption.MovesAcrossEducationRegions),
        ("w.schoolacross", p => p.Disruption.SchoolGoingMovedAcrossEducationRegions),
        ("w.arrivals", p => p.Disruption.ArrivalsPlaced),
        ("w.lostbed", p => p.Disruption.LostBed),
        ("m.kept", p => p.Metrics.EducationRegionKept),
        ("m.broken", p => p.Metrics.EducationRegionBroken),
        ("m.meankm", p => p.Metrics.MeanSchoolDistanceKm),
        ("m.maxkm", p => p.Metrics.MaxSchoolDistanceKm),
    ];

    private static readonly HashSet<string> Charted = ["m.unplaced", "w.moves", "w.forced", "w.chosen", "w.across", "w.schoolacross", "m.broken"];

    /// <summary>Chart data: { labels: [...], series: [{ label, data: [...] }] } (numbers only).</summary>
    internal static string Chart(Texts texts, IReadOnlyList<(string Key, double?[] Values)> rows, string[] series) => JsonSerializer.Serialize(new
    {
        labels = rows.Select(r => texts[r.Key]).ToArray(),
        series = series.Select((s, k) => new { label = s, data = rows.Select(r => r.Values[k] ?? 0).ToArray() }).ToArray(),
    });

    public static string Format(double? v) => v is null ? "-" : v.Value == Math.Round(v.Value) ? v.Value.ToString("0", CultureInfo.InvariantCulture) : v.Value.ToString("0.0", CultureInfo.InvariantCulture);
}

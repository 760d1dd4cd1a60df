using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Spreidingswet.Placement.Web.Services;

namespace Spreidingswet.Placement.Web.Pages.Runs;

/// <summary>A run's result: metrics against capacity-only practice, the map, the youths (filter: moved, unplaced, region broken).</summary>
public sealed class ShowModel(RunStore runs, AuditStore audit) : PageModel
{
    public sealed record Row(string Youth, string? From, string? To, bool? RegionKept, string Decision);

    public RunView? Run { get; private set; }

    public string Show { get; private set; } = "all";

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public IActionResult OnGet(string id, string? show)
    {
        Run = runs.Find(id);
        if (Run is null)
        {
            return NotFound();
        }

        Show = show is "moved" or "unplaced" or "broken" ? show : "all";
        var latest = audit.Read(log => log.FindRun(Run.Id)).Value?.LatestDecisions;
        var assigned = Run.Proposal.Assignments.ToDictionary(a => a.Youth, StringComparer.Ordinal);
        var all = Run.Problem.Youths.Select(y =>
        {
            var a = assigned.GetValueOrDefault(y.Id);
            var d = latest?.GetValueOrDefault(y.Id);
            return new Row(y.Id, y.CurrentLocation, a?.Location, a?.EducationRegion?.Kept, d is null ? "" : d.Decision.Kind.ToString().ToLowerInvariant());
        });
        Rows = [.. all.Where(r => Show switch
        {
            "moved" => r.From is not null && r.To is not null && r.From != r.To,
            "unplaced" => r.To is null,
            "broken" => r.RegionKept == false,
            _ => true,
        })];
        return Page();
    }
}

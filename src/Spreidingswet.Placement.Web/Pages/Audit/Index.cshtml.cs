using Microsoft.AspNetCore.Mvc.RazorPages;
using Spreidingswet.Placement.Audit;
using Spreidingswet.Placement.Web.Services;

namespace Spreidingswet.Placement.Web.Pages.Audit;

/// <summary>The auditor's view: the chain's verification, the runs and every decision (newest first).</summary>
public sealed class IndexModel(AuditStore audit) : PageModel
{
    public AuditVerification? Verification { get; private set; }

    public IReadOnlyList<AuditRunSummary> Runs { get; private set; } = [];

    public IReadOnlyList<RecordedDecision> Decisions { get; private set; } = [];

    public void OnGet() => audit.Read(log =>
    {
        Verification = log.Verify();
        Runs = [.. log.ListRuns().OrderByDescending(r => r.Sequence)];
        Decisions = [.. Runs.Where(r => r.Decisions > 0)
            .SelectMany(r => log.FindRun(r.RunId).Value?.Decisions ?? [])
            .OrderByDescending(d => d.Sequence)];
        return 0;
    });
}

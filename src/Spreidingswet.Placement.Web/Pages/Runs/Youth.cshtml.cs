using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Spreidingswet.Placement.Audit;
using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Web.Services;

namespace Spreidingswet.Placement.Web.Pages.Runs;

/// <summary>A youth of a run: the engine's explanation, the decision form (accept, change with the hard-rule check and overrides, reject) and the history.</summary>
public sealed class YouthModel(RunStore runs, AuditStore audit, DecisionService decisions, Texts texts, IAuthorizationService authorization) : PageModel
{
    public sealed record LocationOption(string Id, string Name, int Load, int Capacity);

    public RunView? Run { get; private set; }

    public Youth? Youth { get; private set; }

    public Assignment? Assignment { get; private set; }

    public UnplacedYouth? Unplaced { get; private set; }

    public string Explanation { get; private set; } = "";

    public string? WhyNot { get; private set; }

    public IReadOnlyList<LocationOption> Locations { get; private set; } = [];

    public IReadOnlyList<RecordedDecision> History { get; private set; } = [];

    public long Expected { get; private set; }

    public bool CanPlan { get; private set; }

    public string Kind { get; private set; } = "accept";

    public string? Location { get; private set; }

    public string? Reason { get; private set; }

    public IReadOnlyList<string> Rules { get; private set; } = [];

    public IReadOnlyList<string> Errors { get; private set; } = [];

    public string? Outcome { get; private set; }

    public bool OutcomeIsError { get; private set; }

    /// <summary>The decision recorded after the version the planner saw (when their decision was not recorded).</summary>
    public RecordedDecision? ConflictWith { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id, string youth, string? whynot)
    {
        if (!await Load(id, youth))
        {
            return NotFound();
        }

        // "Why not there": the engine's explanation for a location the planner picks.
        if (!string.IsNullOrEmpty(whynot) && Run!.Problem.Locations.Any(l => l.Id == whynot))
        {
            Location = whynot;
            WhyNot = Text(Run.Engine.Explain(Run.Proposal, Run.Problem, youth, whynot, texts.Language));
        }

        return Page();
    }

    /// <summary>The youth's sibling group (with the youth), each with the proposed location and the version seen; empty without a group.</summary>
    public IReadOnlyList<(string Youth, string? Proposed, long Expected)> Siblings { get; private set; } = [];

    public async Task<IActionResult> OnPostAsync(string id, string youth, string? kind, string? location, string? reason, string[]? overrides, long expected, string? group, string[]? members)
    {
        if (!(await authorization.AuthorizeAsync(User, Roles.Plan)).Succeeded)
        {
            return Forbid();
        }

        if (!await Load(id, youth))
        {
            return NotFound();
        }

        var decisionKind = kind switch { "change" => DecisionKind.Change, "reject" => DecisionKind.Reject, _ => DecisionKind.Accept };
        // The whole sibling group at once when asked: "Y00023:17" per member (the version the planner saw).
        var who = group == "on" && members is { Length: > 1 }
            ? [.. members.Select(m => m.Split(':')).Where(p => p.Length == 2 && long.TryParse(p[1], out _)).Select(p => (Youth: p[0], Expected: long.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture)))
                .Where(m => Siblings.Any(s => s.Youth == m.Youth))]
            : new List<(string Youth, long Expected)> { (youth, expected) };
        var requests = who.Select(m => new DecisionRequest(m.Youth, decisionKind, location, reason, Api.Overrides(overrides), m.Expected)).ToList();
        var outcome = await decisions.DecideAsync(Run!.Id, requests, PlannerIds.Of(User), HttpContext.RequestAborted);
        switch (outcome)
        {
            case DecisionRecorded:
                return Redirect($"/runs/{Run.Id}/youths/{Uri.EscapeDataString(youth)}?recorded=1");
            case DecisionConflict conflict:
                ConflictWith = conflict.Latest;
                Outcome = "conflict";
                OutcomeIsError = true;
                break;
            case DecisionRefused refused:
                // The engine's messages name the rule ("Y00023: [AGE] ..."); its hints are the CLI's, so they are left out.
                Errors = [.. refused.Errors.Select(e => e.Message)];
                Rules = refused.Rules;
                Outcome = refused.Rules.Count > 0 ? "rules" : null;
                OutcomeIsError = true;
                break;
            default:
                return NotFound();
        }

        // Keep what the planner entered; show the explanation for the location they picked.
        (Kind, Location, Reason) = (kind ?? "accept", location, reason);
        if (decisionKind == DecisionKind.Change && !string.IsNullOrEmpty(location))
        {
            WhyNot = Text(Run.Engine.Explain(Run.Proposal, Run.Problem, youth, location, texts.Language));
        }

        await Load(id, youth);
        return Page();
    }

    private async Task<bool> Load(string id, string youth)
    {
        Run = runs.Find(id);
        Youth = Run?.Problem.Youths.FirstOrDefault(y => y.Id == youth);
        if (Run is null || Youth is null)
        {
            return false;
        }

        CanPlan = (await authorization.AuthorizeAsync(User, Roles.Plan)).Succeeded;
        Assignment = Run.Proposal.Assignments.FirstOrDefault(a => a.Youth == youth);
        Unplaced = Run.Proposal.Unplaced.FirstOrDefault(u => u.Youth == youth);
        Explanation = Text(Run.Engine.Explain(Run.Proposal, Run.Problem, youth, null, texts.Language));
        var load = Run.Proposal.Assignments.GroupBy(a => a.Location, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        Locations = [.. Run.Problem.Locations.OrderBy(l => l.Id, StringComparer.Ordinal).Select(l => new LocationOption(l.Id, l.Name, load.GetValueOrDefault(l.Id), l.Capacity))];
        var stored = audit.Read(log => log.FindRun(Run.Id)).Value;
        History = stored is null ? [] : [.. stored.Decisions.Where(d => d.Decision.Youth == youth).OrderByDescending(d => d.Sequence)];
        Expected = stored?.LatestDecisions.GetValueOrDefault(youth)?.Sequence ?? 0;
        var proposed = Run.Proposal.Assignments.ToDictionary(a => a.Youth, a => a.Location, StringComparer.Ordinal);
        Siblings = Youth.SiblingGroup is { } g
            ? [.. Run.Problem.Youths.Where(y => y.SiblingGroup == g).OrderBy(y => y.Id, StringComparer.Ordinal)
                .Select(y => (y.Id, proposed.GetValueOrDefault(y.Id), stored?.LatestDecisions.GetValueOrDefault(y.Id)?.Sequence ?? 0))]
            : [];
        if (Outcome is null && Request.Query["recorded"] == "1")
        {
            Outcome = "recorded";
        }

        return true;
    }

    private static string Text(LoadResult<string> result) => result.Value ?? string.Join("\n", result.Errors.Select(e => e.Message));
}

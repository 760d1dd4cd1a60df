using System.Collections.Immutable;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Spreidingswet.Placement.Audit;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Web.Services;

namespace Spreidingswet.Placement.Web.Pages.Runs;

/// <summary>A run's result: metrics against capacity-only practice, the map, the youths (filter: moved, unplaced, region broken).</summary>
public sealed class ShowModel(RunStore runs, AuditStore audit, DecisionService decisions, Approvals approvals, Texts texts, IAuthorizationService authorization) : PageModel
{
    public bool CanPlan { get; private set; }

    public bool CanApprove { get; private set; }

    public RecordedApproval? Approval { get; private set; }

    /// <summary>A coordinator approves the whole run (the rest accepted in their name; the approval kept with the audit head).</summary>
    public async Task<IActionResult> OnPostApproveAsync(string id, string? confirm)
    {
        if (!(await authorization.AuthorizeAsync(User, Roles.Approve)).Succeeded)
        {
            return Forbid();
        }

        if (runs.Find(id) is null)
        {
            return NotFound();
        }

        if (confirm == "on")
        {
            (Message, MessageIsError) = await approvals.ApproveAsync(id, PlannerIds.Of(User), HttpContext.RequestAborted) switch
            {
                Approved a => ($"{texts["approved"]} ({a.Approval.Accepted} {texts["acceptremaining.done"]})", false),
                ApprovalRefused { Reason: DecisionRefused f } => (string.Join(" ", f.Errors.Take(5).Select(e => e.Message)), true),
                _ => (texts["notfound"], true),
            };
        }

        return await OnGetAsync(id, null, null, null);
    }

    /// <summary>Youths of the run without any decision yet.</summary>
    public int Undecided { get; private set; }

    public string? Message { get; private set; }

    public bool MessageIsError { get; private set; }

    /// <summary>"Accept all remaining": every youth without a decision, in one transaction (nothing when someone decided one meanwhile).</summary>
    public async Task<IActionResult> OnPostAcceptRemainingAsync(string id, string? confirm)
    {
        if (!(await authorization.AuthorizeAsync(User, Roles.Plan)).Succeeded)
        {
            return Forbid();
        }

        var run = runs.Find(id);
        if (run is null)
        {
            return NotFound();
        }

        if (confirm == "on")
        {
            var decided = audit.Read(log => log.FindRun(run.Id)).Value?.LatestDecisions ?? ImmutableSortedDictionary<string, RecordedDecision>.Empty;
            var requests = run.Problem.Youths.Where(y => !decided.ContainsKey(y.Id)).Select(y => new DecisionRequest(y.Id, DecisionKind.Accept, null, null, [], 0)).ToList();
            var outcome = requests.Count == 0 ? null : await decisions.DecideAsync(run.Id, requests, PlannerIds.Of(User), HttpContext.RequestAborted);
            (Message, MessageIsError) = outcome switch
            {
                null => ("0 " + texts["acceptremaining.done"], false),
                DecisionRecorded r => ($"{r.Count} {texts["acceptremaining.done"]}", false),
                DecisionConflict => (texts["conflict"], true),
                DecisionRefused f => (string.Join(" ", f.Errors.Take(5).Select(e => e.Message)), true),
                _ => (texts["notfound"], true),
            };
        }

        return await OnGetAsync(id, null, null, null);
    }

    public sealed record Row(string Youth, string? From, string? To, bool? RegionKept, string Decision, string? SiblingGroup);

    /// <summary>The sibling-group filter (null: any).</summary>
    public string? Group { get; private set; }

    /// <summary>The location filter: youths there now or proposed there (null: any).</summary>
    public string? Location { get; private set; }

    public IReadOnlyList<string> Groups { get; private set; } = [];

    /// <summary>The chart's data: this proposal against capacity-only (empty without a baseline).</summary>
    public string? ChartJson { get; private set; }

    public RunView? Run { get; private set; }

    public string Show { get; private set; } = "all";

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string id, string? show, string? group, string? location)
    {
        Run = runs.Find(id);
        if (Run is null)
        {
            return NotFound();
        }

        Show = show is "moved" or "unplaced" or "broken" or "siblings" ? show : "all";
        Group = string.IsNullOrWhiteSpace(group) ? null : group;
        Location = string.IsNullOrWhiteSpace(location) ? null : location;
        Groups = [.. Run.Problem.Youths.Select(y => y.SiblingGroup).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        if (Run.Baseline is { } baseline)
        {
            (string Key, Func<ProposalMetrics, double?> Value)[] charted =
            [
                ("m.unplaced", x => x.Unplaced), ("m.moved", x => x.Moved), ("m.kept", x => x.EducationRegionKept), ("m.broken", x => x.EducationRegionBroken),
                ("m.meankm", x => x.MeanSchoolDistanceKm), ("m.maxkm", x => x.MaxSchoolDistanceKm),
            ];
            ChartJson = WhatIf.ShowModel.Chart(texts, [.. charted.Select(c => (c.Key, new[] { c.Value(Run.Proposal.Metrics), c.Value(baseline.Metrics) }))],
                [texts["thisproposal"], texts["capacityonly"]]);
        }

        CanPlan = (await authorization.AuthorizeAsync(User, Roles.Plan)).Succeeded;
        CanApprove = (await authorization.AuthorizeAsync(User, Roles.Approve)).Succeeded;
        Approval = approvals.Find(Run.Id);
        var latest = audit.Read(log => log.FindRun(Run.Id)).Value?.LatestDecisions;
        Undecided = Run.Problem.Youths.Count(y => latest?.ContainsKey(y.Id) != true);
        var assigned = Run.Proposal.Assignments.ToDictionary(a => a.Youth, StringComparer.Ordinal);
        var all = Run.Problem.Youths.Select(y =>
        {
            var a = assigned.GetValueOrDefault(y.Id);
            var d = latest?.GetValueOrDefault(y.Id);
            return new Row(y.Id, y.CurrentLocation, a?.Location, a?.EducationRegion?.Kept, d is null ? "" : d.Decision.Kind.ToString().ToLowerInvariant(), y.SiblingGroup);
        });
        Rows = [.. all.Where(r => Show switch
        {
            "moved" => r.From is not null && r.To is not null && r.From != r.To,
            "unplaced" => r.To is null,
            "broken" => r.RegionKept == false,
            "siblings" => r.SiblingGroup is not null,
            _ => true,
        } && (Group is null || r.SiblingGroup == Group) && (Location is null || r.From == Location || r.To == Location))];
        return Page();
    }
}

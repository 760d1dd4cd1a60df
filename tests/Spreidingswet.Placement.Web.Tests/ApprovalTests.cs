using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Spreidingswet.Placement.Audit;
using Spreidingswet.Placement.Web.Services;

namespace Spreidingswet.Placement.Web.Tests;

/// <summary>A coordinator approves a whole run; planners cannot. Uses its own run (a what-if turned into a proposal) so the demo run's youths stay undecided for the other tests.</summary>
[Collection(WebGroup.Name)]
public sealed class ApprovalTests(WebFixture app)
{
    private static async Task<HttpResponseMessage> Post(HttpClient client, string token, string url, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body) };
        request.Headers.Add("RequestVerificationToken", token);
        return await client.SendAsync(request);
    }

    [Fact]
    public async Task A_coordinator_approves_a_whole_run_in_their_name_once_and_a_planner_cannot()
    {
        using var planner = await app.SignedIn("planner1");
        var plannerToken = await WebFixture.ApiToken(planner);
        using var started = await Post(planner, plannerToken, "/api/whatif", new { name = "for approval", timeLimitSeconds = 5, policies = new[] { "capacity-only", "education-first" } });
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var jobId = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        Assert.Equal("done", (await WhatIfTests.Finished(planner, jobId)).GetProperty("status").GetString());
        using var adopted = await Post(planner, plannerToken, $"/api/whatif/{jobId}/adopt/0", new { });
        var runId = (await adopted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("runId").GetString()!;

        // A planner decides one youth, and cannot approve.
        var audit = app.Factory.Services.GetRequiredService<AuditStore>();
        var youths = audit.Read(log => log.FindRun(runId)).Value!.Problem.Youths.Select(y => y.Id).Order(StringComparer.Ordinal).ToList();
        using var decided = await Post(planner, plannerToken, $"/api/runs/{runId}/decisions", new { youth = youths[0], kind = "reject", reason = "test", expectedSequence = 0 });
        Assert.Equal(HttpStatusCode.Created, decided.StatusCode);
        using var refused = await Post(planner, plannerToken, $"/api/runs/{runId}/approval", new { confirm = true });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

        using var coordinator = await app.SignedIn("coordinator1");
        var token = await WebFixture.ApiToken(coordinator);
        using var unconfirmed = await Post(coordinator, token, $"/api/runs/{runId}/approval", new { });
        Assert.Equal(HttpStatusCode.BadRequest, unconfirmed.StatusCode);
        using var approved = await Post(coordinator, token, $"/api/runs/{runId}/approval", new { confirm = true });
        Assert.Equal(HttpStatusCode.Created, approved.StatusCode);
        var approval = await approved.Content.ReadFromJsonAsync<RecordedApproval>();
        Assert.Equal(youths.Count - 1, approval!.Accepted);

        // In the audit log: every other youth accepted by the coordinator's pseudonymous id, the planner's reject kept.
        var stored = audit.Read(log => log.FindRun(runId)).Value!;
        var coordinatorId = stored.LatestDecisions[youths[1]].Decision.Planner;
        Assert.Equal(approval.Approver, coordinatorId);
        Assert.DoesNotContain("coordinator1", coordinatorId, StringComparison.Ordinal);
        Assert.Equal(DecisionKind.Reject, stored.LatestDecisions[youths[0]].Decision.Kind);
        Assert.All(youths.Skip(1), y =>
        {
            var d = stored.LatestDecisions[y].Decision;
            Assert.Equal((DecisionKind.Accept, coordinatorId, AuditLog.ApprovalReason), (d.Kind, d.Planner, d.Reason));
        });
        // The approval is the chain's own record, after every decision it approves.
        var head = audit.Read(log => log.Verify());
        Assert.True(head.Intact, head.Problem);
        Assert.Equal(head.HeadSequence, approval.Sequence);
        Assert.Equal(approval, stored.Approval);
        Assert.All(stored.Decisions, d => Assert.True(d.Sequence < approval.Sequence));
        Assert.Equal(youths.Count, approval.Decisions);

        // Once: again returns the same approval and records nothing more; the run says it is approved.
        using var again = await Post(coordinator, token, $"/api/runs/{runId}/approval", new { confirm = true });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(stored.Decisions.Length, audit.Read(log => log.FindRun(runId)).Value!.Decisions.Length);
        var shown = await planner.GetFromJsonAsync<JsonElement>($"/api/runs/{runId}");
        Assert.Equal(coordinatorId, shown.GetProperty("approval").GetProperty("approver").GetString());
        Assert.Contains("approval", await planner.GetStringAsync($"/runs/{runId}"), StringComparison.Ordinal);
    }
}

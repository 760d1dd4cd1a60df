using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Spreidingswet.Placement.Audit;
using Spreidingswet.Placement.Web.Services;

namespace Spreidingswet.Placement.Web.Tests;

/// <summary>Decisions through the API: the engine's rule check, overrides, and optimistic concurrency under load.</summary>
[Collection(WebGroup.Name)]
public sealed class DecisionTests(WebFixture app)
{
    private RunView Run => app.Factory.Services.GetRequiredService<RunStore>().Find(app.RunId)!;

    private AuditRun Stored => app.Factory.Services.GetRequiredService<AuditStore>().Read(log => log.FindRun(app.RunId)).Value!;

    private static async Task<HttpResponseMessage> Decide(HttpClient client, string token, string runId, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/runs/{runId}/decisions") { Content = JsonContent.Create(body) };
        request.Headers.Add("RequestVerificationToken", token);
        return await client.SendAsync(request);
    }

    [Fact]
    public async Task Twenty_concurrent_planners_deciding_on_one_run_lose_no_decision_and_duplicate_none()
    {
        // 20 different youths (placed, not decided by another test), 20 clients of two planners, all at once.
        var youths = Run.Proposal.Assignments.Select(a => a.Youth).Order(StringComparer.Ordinal).Skip(100).Take(20).ToList();
        var clients = new List<(HttpClient Client, string Token)>();
        foreach (var i in Enumerable.Range(0, 20))
        {
            var c = await app.SignedIn(i % 2 == 0 ? "planner1" : "planner2");
            clients.Add((c, await WebFixture.ApiToken(c)));
        }

        var before = Stored.Decisions.Length;
        using var start = new ManualResetEventSlim();
        var responses = await Task.WhenAll(youths.Select((y, i) => Task.Run(async () =>
        {
            start.Wait();
            return await Decide(clients[i].Client, clients[i].Token, app.RunId, new { youth = y, kind = "accept", expectedSequence = 0 });
        })).Append(Task.Run(() => { start.Set(); return (HttpResponseMessage)null!; })).ToArray());

        var statuses = responses.Where(r => r is not null).Select(r => r.StatusCode).ToList();
        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.Created, s));
        var stored = Stored;
        Assert.Equal(before + 20, stored.Decisions.Length);
        var mine = stored.Decisions.Where(d => youths.Contains(d.Decision.Youth)).ToList();
        Assert.Equal(20, mine.Count);
        Assert.Equal(20, mine.Select(d => d.Decision.Youth).Distinct().Count());
        Assert.Equal(stored.Decisions.Length, stored.Decisions.Select(d => d.Sequence).Distinct().Count());
        foreach (var (c, _) in clients)
        {
            c.Dispose();
        }
    }

    [Fact]
    public async Task Twenty_concurrent_decisions_on_one_youth_record_exactly_one_and_tell_the_others()
    {
        var youth = Run.Proposal.Assignments.Select(a => a.Youth).Order(StringComparer.Ordinal).Skip(200).First();
        var clients = new List<(HttpClient Client, string Token)>();
        foreach (var i in Enumerable.Range(0, 20))
        {
            var c = await app.SignedIn(i % 2 == 0 ? "planner1" : "planner2");
            clients.Add((c, await WebFixture.ApiToken(c)));
        }

        var responses = await Task.WhenAll(clients.Select(c => Decide(c.Client, c.Token, app.RunId, new { youth, kind = "accept", expectedSequence = 0 })));
        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.Equal(19, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        Assert.Single(Stored.Decisions, d => d.Decision.Youth == youth);
        foreach (var (c, _) in clients)
        {
            c.Dispose();
        }
    }

    [Fact]
    public async Task A_change_that_breaks_a_hard_rule_names_it_and_needs_an_override_with_a_reason()
    {
        var (youth, location) = BrowserPathTests.AgeBreakingChange(Run, skip: 1);
        using var client = await app.SignedIn("coordinator1");
        var token = await WebFixture.ApiToken(client);

        using var refused = await Decide(client, token, app.RunId, new { youth, kind = "change", location, reason = "test", expectedSequence = 0 });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var rules = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rules").EnumerateArray().Select(r => r.GetString()!).ToArray();
        Assert.Contains("AGE", rules);

        using var noReason = await Decide(client, token, app.RunId, new { youth, kind = "change", location, overrides = rules, expectedSequence = 0 });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noReason.StatusCode);

        using var recorded = await Decide(client, token, app.RunId, new { youth, kind = "change", location, overrides = rules, reason = "placed with an older sibling", expectedSequence = 0 });
        Assert.Equal(HttpStatusCode.Created, recorded.StatusCode);
        var d = Assert.Single(Stored.Decisions, d => d.Decision.Youth == youth);
        Assert.Equal(location, d.Decision.Location);
        Assert.Contains("AGE", d.Decision.Overrides);

        // The planner id is the signed-in user's pseudonymous id, never typed.
        var users = app.Factory.Services.CreateScope().ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Microsoft.AspNetCore.Identity.IdentityUser>>();
        Assert.Equal((await users.FindByNameAsync("coordinator1"))!.Id, d.Decision.Planner);
    }

    [Fact]
    public async Task Accept_all_remaining_records_every_undecided_youth_once_and_siblings_are_decided_together()
    {
        // A run of its own (a short capacity-only proposal through the queue), so that the shared demo run keeps its undecided youths.
        var runner = app.Factory.Services.GetRequiredService<ProposalRunner>();
        var job = runner.Enqueue(new ProposalRequest(Model.Policy.CapacityOnly, new DateOnly(2026, 12, 1), 5), "test");
        for (var i = 0; i < 300 && !job.Finished; i++)
        {
            await Task.Delay(100);
        }

        Assert.Equal(JobStatus.Done, job.Status);
        var runId = job.RunId!;
        var run = app.Factory.Services.GetRequiredService<RunStore>().Find(runId)!;
        var group = run.Problem.Youths.Where(y => y.SiblingGroup is not null).GroupBy(y => y.SiblingGroup)
            .First(g => g.Count() > 1 && g.All(y => run.Proposal.Assignments.Any(a => a.Youth == y.Id)));
        var first = group.OrderBy(y => y.Id, StringComparer.Ordinal).First().Id;

        using var client = await app.SignedIn("planner1");
        var url = $"/runs/{runId}/youths/{first}";
        var page = await client.GetStringAsync(url);
        Assert.Contains("id=\"siblings\"", page, StringComparison.Ordinal);
        var members = group.Select(y => new KeyValuePair<string, string>("members", $"{y.Id}:0")).ToList();
        using var together = await client.PostAsync(url, new FormUrlEncodedContent([
            new("__RequestVerificationToken", WebFixture.FormToken(page)), new("kind", "accept"), new("expected", "0"), new("group", "on"), .. members]));
        Assert.Equal(HttpStatusCode.Redirect, together.StatusCode);
        var stored = app.Factory.Services.GetRequiredService<AuditStore>().Read(log => log.FindRun(runId)).Value!;
        Assert.Equal(group.Count(), stored.Decisions.Length);

        var show = await client.GetStringAsync($"/runs/{runId}");
        using var rest = await client.PostAsync($"/runs/{runId}?handler=AcceptRemaining", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = WebFixture.FormToken(show),
            ["confirm"] = "on",
        }));
        Assert.Equal(HttpStatusCode.OK, rest.StatusCode);
        Assert.Contains("class=\"ok\" id=\"remaining-outcome\"", await rest.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        stored = app.Factory.Services.GetRequiredService<AuditStore>().Read(log => log.FindRun(runId)).Value!;
        Assert.Equal(run.Problem.Youths.Length, stored.Decisions.Length);
        Assert.Equal(run.Problem.Youths.Length, stored.Decisions.Select(d => d.Decision.Youth).Distinct().Count());
    }

    [Fact]
    public async Task Api_posts_without_an_anti_forgery_token_are_refused()
    {
        using var client = await app.SignedIn("planner1");
        using var response = await client.PostAsJsonAsync($"/api/runs/{app.RunId}/decisions", new { youth = "Y-none", kind = "accept", expectedSequence = 0 });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}

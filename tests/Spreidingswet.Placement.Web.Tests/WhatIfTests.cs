using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Spreidingswet.Placement.Scenarios;
using Spreidingswet.Placement.Web.Services;

namespace Spreidingswet.Placement.Web.Tests;

/// <summary>What-ifs through the API: built from changes, run under two policies in the queue, compared, turned into a proposal and decided on.</summary>
[Collection(WebGroup.Name)]
public sealed class WhatIfTests(WebFixture app)
{
    private RunView Run => app.Factory.Services.GetRequiredService<RunStore>().Find(app.RunId)!;

    private static async Task<HttpResponseMessage> Post(HttpClient client, string token, string url, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body) };
        request.Headers.Add("RequestVerificationToken", token);
        return await client.SendAsync(request);
    }

    /// <summary>Polls the job until it is finished; its last status document.</summary>
    internal static async Task<JsonElement> Finished(HttpClient client, string jobId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (DateTime.UtcNow < deadline)
        {
            var job = await client.GetFromJsonAsync<JsonElement>($"/api/jobs/{jobId}");
            if (job.GetProperty("status").GetString() is "done" or "failed" or "cancelled")
            {
                return job;
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"job {jobId} did not finish in 120 s");
    }

    /// <summary>A run of its own for a test (a what-if without changes turned into a proposal), so that the demo run's youths stay undecided for the others.</summary>
    internal static async Task<string> OwnRun(HttpClient client, string token, string name)
    {
        using var started = await Post(client, token, "/api/whatif", new { name, timeLimitSeconds = 5, policies = new[] { "capacity-only", "education-first" } });
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var jobId = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        Assert.Equal("done", (await Finished(client, jobId)).GetProperty("status").GetString());
        using var adopted = await Post(client, token, $"/api/whatif/{jobId}/adopt/0", new { });
        Assert.Equal(HttpStatusCode.Created, adopted.StatusCode);
        return (await adopted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("runId").GetString()!;
    }

    /// <summary>The location with the most youths now (closing it forces moves).</summary>
    internal static string Busiest(RunView run) => run.Problem.Youths.Where(y => y.CurrentLocation is not null)
        .GroupBy(y => y.CurrentLocation!, StringComparer.Ordinal).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).First().Key;

    [Fact]
    public async Task A_what_if_runs_under_two_policies_is_compared_and_becomes_a_proposal_to_decide_on()
    {
        using var client = await app.SignedIn("planner1");
        var token = await WebFixture.ApiToken(client);
        var run = Run;
        var closed = Busiest(run);
        var residents = run.Problem.Youths.Where(y => y.CurrentLocation == closed).Select(y => y.Id).ToHashSet(StringComparer.Ordinal);
        var other = run.Problem.Locations.First(l => l.Id != closed).Id;
        var pinned = run.Proposal.Assignments.First(a => a.Location != closed && a.From != closed && a.From is not null);
        using var started = await Post(client, token, "/api/whatif", new
        {
            name = "close the busiest, 12 arrivals",
            policies = new[] { "education-first", "capacity-only" },
            timeLimitSeconds = 10,
            close = new[] { new { location = closed, from = "2026-12-15" } },
            capacity = new[] { new { location = other, delta = 4 } },
            arrivals = new { count = 12, seed = 7 },
            pin = new[] { new { youth = pinned.Youth, location = pinned.Location } },
        });
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var jobId = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        var job = await Finished(client, jobId);
        Assert.Equal("done", job.GetProperty("status").GetString());
        Assert.Equal($"/whatif/{jobId}", job.GetProperty("resultUrl").GetString());

        // The comparison as scenario.json: both policies, the changes applied, every closed location's resident moved for "closure".
        var result = ScenarioWriter.FromJson(await client.GetStringAsync($"/api/whatif/{jobId}")).Single();
        Assert.Equal(["education-first", "capacity-only"], result.Policies.Select(p => p.Policy));
        Assert.Equal(["close", "capacity", "arrivals", "pin"], result.Changes.Select(c => c.Kind));
        foreach (var p in result.Policies)
        {
            var moved = p.Moves.Where(m => residents.Contains(m.Youth)).ToList();
            Assert.Equal(residents.Count, moved.Count);
            Assert.All(moved, m => Assert.NotEqual(closed, m.To));
            Assert.Contains(p.Moves, m => m.Reason.Code == MoveReasons.Closure);
            Assert.True(p.Disruption.ArrivalsPlaced > 0, "arrivals are placed");
            Assert.Equal(run.Problem.Youths.Length + 12, p.Metrics.Youths);
        }

        // Both maps: the closed location holds nobody.
        foreach (var k in new[] { 0, 1 })
        {
            var map = await client.GetFromJsonAsync<JsonElement>($"/api/whatif/{jobId}/map/{k}");
            var location = map.GetProperty("locations").EnumerateArray().Single(l => l.GetProperty("id").GetString() == closed);
            Assert.Equal(0, location.GetProperty("load").GetInt32());
        }

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/whatif/{jobId}/map/2")).StatusCode);

        // Turn the education-first result into a proposal: a scenario run in the audit log, once, that planners decide on.
        using var adopted = await Post(client, token, $"/api/whatif/{jobId}/adopt/0", new { });
        Assert.Equal(HttpStatusCode.Created, adopted.StatusCode);
        var runId = (await adopted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("runId").GetString()!;
        Assert.Equal(result.Policies[0].RunId, runId);
        using var again = await Post(client, token, $"/api/whatif/{jobId}/adopt/0", new { });
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        var listed = app.Factory.Services.GetRequiredService<AuditStore>().Read(log => log.ListRuns()).Where(r => r.RunId == runId).ToList();
        Assert.Equal("scenario", Assert.Single(listed).Kind);
        Assert.Equal("close the busiest, 12 arrivals", listed[0].Scenario);

        var shown = await client.GetFromJsonAsync<JsonElement>($"/api/runs/{runId}");
        Assert.Equal(result.Policies[0].Metrics.Placed, shown.GetProperty("metrics").GetProperty("placed").GetInt32());
        Assert.Equal(JsonValueKind.Object, shown.GetProperty("baseline").ValueKind); // capacity-only, the other policy

        var arrival = result.Policies[0].Moves.First(m => m.From is null && m.To is not null);
        using var decided = await Post(client, token, $"/api/runs/{runId}/decisions", new { youth = arrival.Youth, kind = "accept", expectedSequence = 0 });
        Assert.Equal(HttpStatusCode.Created, decided.StatusCode);
    }

    [Fact]
    public async Task An_invalid_what_if_names_every_wrong_change_and_queues_nothing()
    {
        using var client = await app.SignedIn("coordinator1");
        var token = await WebFixture.ApiToken(client);
        var queue = app.Factory.Services.GetRequiredService<ProposalRunner>();
        var before = queue.Jobs.Count;
        var youth = Run.Problem.Youths.First(y => y.LockedLocation is null).Id;
        using var response = await Post(client, token, "/api/whatif", new
        {
            close = new[] { new { location = "NO-SUCH-LOCATION" } },
            release = new[] { youth },
        });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("\"changes[0].close\"", text, StringComparison.Ordinal);
        Assert.Contains("NO-SUCH-LOCATION", text, StringComparison.Ordinal);
        Assert.Contains("changes[1].release.youth", text, StringComparison.Ordinal);
        Assert.Contains("has no pin to release", text, StringComparison.Ordinal);

        using var same = await Post(client, token, "/api/whatif", new { policies = new[] { "weighted", "weighted" } });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, same.StatusCode);
        Assert.Equal(before, queue.Jobs.Count);
    }

    [Fact]
    public async Task Arrivals_from_a_csv_join_the_what_if_and_a_wrong_csv_is_named_by_line_and_field()
    {
        using var client = await app.SignedIn("planner2");
        var token = await WebFixture.ApiToken(client);
        const string Header = "id,birth_date,gender,care_level,school_lat,school_lon\n";
        var csv = Header + "A-0001,2010-05-01,m,standard,52.0907,5.1214\nA-0002,2011-02-11,f,standard,,\nA-0003,2009-09-30,m,standard,51.4416,5.4697\n";
        using var started = await Post(client, token, "/api/whatif", new { name = "three arrivals from a file", timeLimitSeconds = 10, arrivalsCsv = csv });
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var jobId = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        Assert.Equal("done", (await Finished(client, jobId)).GetProperty("status").GetString());
        var result = ScenarioWriter.FromJson(await client.GetStringAsync($"/api/whatif/{jobId}")).Single();
        Assert.Equal(["arrivals"], result.Changes.Select(c => c.Kind));
        foreach (var p in result.Policies)
        {
            Assert.Equal(Run.Problem.Youths.Length + 3, p.Metrics.Youths);
            Assert.Equal(["A-0001", "A-0002", "A-0003"], p.Moves.Where(m => m.From is null && m.Youth.StartsWith("A-", StringComparison.Ordinal)).Select(m => m.Youth).Order(StringComparer.Ordinal));
        }

        // Wrong: a current location on line 2, a bad gender on line 3.
        var bad = Header.Replace("care_level,", "care_level,current_location,", StringComparison.Ordinal)
            + $"B-1,2010-05-01,m,standard,{Run.Problem.Locations[0].Id},52.09,5.12\nB-2,2010-05-01,q,standard,,52.09,5.12\n";
        var queue = app.Factory.Services.GetRequiredService<ProposalRunner>();
        var before = queue.Jobs.Count;
        using var refused = await Post(client, token, "/api/whatif", new { arrivalsCsv = bad });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var errors = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateArray().ToList();
        Assert.Contains(errors, e => e.GetProperty("file").GetString() == "arrivals.csv" && e.GetProperty("line").GetInt32() == 2 && e.GetProperty("field").GetString() == "current_location");
        Assert.Contains(errors, e => e.GetProperty("file").GetString() == "arrivals.csv" && e.GetProperty("line").GetInt32() == 3 && e.GetProperty("field").GetString() == "gender");
        Assert.DoesNotContain(errors, e => (e.GetProperty("file").GetString() ?? "").Contains("placement-arrivals-", StringComparison.Ordinal));

        // A well-formed file whose youth the situation already has: refused by the scenario check, naming the id.
        var existing = Run.Problem.Youths[0].Id;
        using var duplicate = await Post(client, token, "/api/whatif", new { arrivalsCsv = Header + $"{existing},2010-05-01,m,standard,52.09,5.12\n" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, duplicate.StatusCode);
        Assert.Contains(existing, await duplicate.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, queue.Jobs.Count);
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Spreidingswet.Placement.Web.Services;

namespace Spreidingswet.Placement.Web.Tests;

/// <summary>Weights in a proposal request: carried into the run, and checked (negative weights are refused).</summary>
[Collection(WebGroup.Name)]
public sealed class WeightsTests(WebFixture app)
{
    private static async Task<HttpResponseMessage> Propose(HttpClient client, string token, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/proposals") { Content = JsonContent.Create(body) };
        request.Headers.Add("RequestVerificationToken", token);
        return await client.SendAsync(request);
    }

    [Fact]
    public async Task A_proposal_runs_with_the_weights_asked_for_and_refuses_negative_ones()
    {
        using var client = await app.SignedIn("planner2");
        var token = await WebFixture.ApiToken(client);
        using var refused = await Propose(client, token, new { policy = "weighted", timeLimitSeconds = 5, weights = new { move = -1 } });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("Move", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var started = await Propose(client, token, new { policy = "weighted", timeLimitSeconds = 5, weights = new { move = 7777, schoolTravelFreeKm = 12.5 } });
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var job = await WhatIfTests.Finished(client, (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!);
        Assert.Equal("done", job.GetProperty("status").GetString());
        var run = app.Factory.Services.GetRequiredService<RunStore>().Find(job.GetProperty("runId").GetString()!)!;
        Assert.Equal(7777, run.Proposal.Run.Weights.Move);
        Assert.Equal(12.5, run.Proposal.Run.Weights.SchoolTravelFreeKm);
        Assert.Equal(Model.Weights.Default.Unplaced, run.Proposal.Run.Weights.Unplaced);
    }

    [Fact]
    public void The_form_reads_weights_by_name_and_names_a_wrong_one()
    {
        var (weights, errors) = WeightFields.Read(n => n switch { "move" => "250", "schoolTravelFreeKm" => "7.5", _ => "" });
        Assert.Empty(errors);
        Assert.Equal(250, weights!.Move);
        Assert.Equal(7.5, weights.SchoolTravelFreeKm);
        var (none, wrong) = WeightFields.Read(n => n == "balance" ? "1.5" : n == "iskSeats" ? "-3" : null);
        Assert.Null(none);
        Assert.Contains(wrong, e => e.Contains("balance", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_proposal_runs_with_the_views_options_asked_for_and_refuses_wrong_ones()
    {
        using var client = await app.SignedIn("planner2");
        var token = await WebFixture.ApiToken(client);
        using var refused = await Propose(client, token, new { policy = "weighted", timeLimitSeconds = 5, views = new { stabilityPerMove = -5 } });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("StabilityPerMove", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var started = await Propose(client, token, new { policy = "weighted", timeLimitSeconds = 5, views = new { stabilityPerMove = 777, turning18CrossRegion = 9000, tier = "AfterEducation", turning18Hard = true } });
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var job = await WhatIfTests.Finished(client, (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!);
        Assert.Equal("done", job.GetProperty("status").GetString());
        var views = app.Factory.Services.GetRequiredService<RunStore>().Find(job.GetProperty("runId").GetString()!)!.Proposal.Run.Views!;
        Assert.Equal((777L, 9000L, Model.ViewsTier.AfterEducation, true), (views.StabilityPerMove, views.Turning18CrossRegion, views.Tier, views.Turning18Hard));
        Assert.Equal(Model.ViewsOptions.Default.WishRegion, views.WishRegion);
    }

    [Fact]
    public void The_form_reads_the_views_options_by_name_and_names_a_wrong_one()
    {
        var (views, errors) = WeightFields.ReadViews(n => n switch { "views" => "on", "viewsTier" => "after-education", "turning18Hard" => "on", "wishRegion" => "650", "wishNearFreeKm" => "12.5", _ => "" });
        Assert.Empty(errors);
        Assert.Equal((true, Model.ViewsTier.AfterEducation, true, 650L, 12.5), (views!.Enabled, views.Tier, views.Turning18Hard, views.WishRegion, views.WishNearFreeKm));
        Assert.Equal(Model.ViewsOptions.Default with { Enabled = false }, WeightFields.ReadViews(n => n == "views" ? "off" : null).Views);
        var (none, wrong) = WeightFields.ReadViews(n => n switch { "viewsTier" => "first", "turning18HorizonMonths" => "30", "stabilityPerMove" => "2.5", _ => null });
        Assert.Null(none);
        Assert.Contains(wrong, e => e.Contains("viewsTier 'first'", StringComparison.Ordinal));
        Assert.Contains(wrong, e => e.Contains("stabilityPerMove '2.5'", StringComparison.Ordinal));
        Assert.Contains(wrong, e => e.Contains("Turning18HorizonMonths", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_proposal_holds_beds_for_a_forecast_and_a_bad_forecast_names_its_line()
    {
        using var client = await app.SignedIn("planner2");
        var token = await WebFixture.ApiToken(client);
        const string header = "education_region,week_start,school_going_arrivals\n";
        using var refused = await Propose(client, token, new { policy = "education-first", timeLimitSeconds = 10, forecastCsv = header + "MC21,2026-12-08,2\nMC99,2026-12-15,1\n" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var error = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors")[0];
        Assert.Equal(("forecast.csv", 3, "MC99"), (error.GetProperty("file").GetString(), error.GetProperty("line").GetInt32(), error.GetProperty("value").GetString()));

        using var started = await Propose(client, token, new { policy = "education-first", timeLimitSeconds = 10, forecastCsv = header + "MC21,2026-12-08,3\nMC21,2026-12-15,2\n" });
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var job = await WhatIfTests.Finished(client, (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!);
        Assert.Equal("done", job.GetProperty("status").GetString());
        var run = app.Factory.Services.GetRequiredService<RunStore>().Find(job.GetProperty("runId").GetString()!)!;
        var forecast = run.Proposal.Run.Forecast!;
        Assert.Equal(("forecast.csv", 2), (forecast.File, forecast.Rows));
        Assert.Contains(forecast.Applied, new[] { "full", "half", "none" });
        Assert.DoesNotContain(run.Proposal.Assignments, a => a.Location.Contains('~', StringComparison.Ordinal));
        Assert.Null(run.Baseline!.Run.Forecast);

        // The run's page shows what was held, per region, as proposal.json records it.
        Assert.NotEmpty(forecast.HeldPerRegion);
        var page = await client.GetStringAsync($"/runs/{run.Id}");
        Assert.Contains($"<span id=\"forecast-applied\">{forecast.Applied}</span>", page, StringComparison.Ordinal);
        foreach (var (region, held) in forecast.HeldPerRegion)
        {
            Assert.Contains($"<tr><td>{region}</td><td>{held}</td><td>{forecast.TakenPerRegion.GetValueOrDefault(region)}</td><td>{forecast.KeptFreePerRegion[region]}</td></tr>", page, StringComparison.Ordinal);
        }

        Assert.Equal(forecast.HeldPerRegion.Count > 0, page.Contains("id=\"forecast-held\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_proposal_form_takes_a_forecast_file_and_names_a_bad_line()
    {
        using var client = await app.SignedIn("planner2");
        var page = await client.GetStringAsync("/");
        Assert.Contains("enctype=\"multipart/form-data\"", page, StringComparison.Ordinal);
        Assert.Contains("id=\"forecast-file\"", page, StringComparison.Ordinal);
        using var form = new MultipartFormDataContent
        {
            { new StringContent(WebFixture.FormToken(page)), "__RequestVerificationToken" },
            { new StringContent("education-first"), "policy" },
            { new StringContent("2026-12-01"), "planningDate" },
            { new StringContent("5"), "timeLimit" },
        };
        form.Add(new StringContent("education_region,week_start,school_going_arrivals\nMC21,2026-12-08,-4\n"), "forecast", "mine.csv");
        using var response = await client.PostAsync("/?handler=Propose", form);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("id=\"propose-error\"", html, StringComparison.Ordinal);
        Assert.Contains("forecast.csv:2", html, StringComparison.Ordinal);
        Assert.Contains("-4", html, StringComparison.Ordinal);
    }
}

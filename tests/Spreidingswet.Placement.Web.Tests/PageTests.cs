using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Web.Services;

namespace Spreidingswet.Placement.Web.Tests;

/// <summary>Pages and API reads: health, headers, languages, the result page, the youth page, the map data, proposals in the queue.</summary>
[Collection(WebGroup.Name)]
public sealed class PageTests(WebFixture app)
{
    [Fact]
    public async Task Healthz_is_anonymous_and_every_response_has_the_security_headers()
    {
        using var client = app.Anonymous();
        using var health = await client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        using var login = await client.GetAsync("/Account/Login");
        var csp = login.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", login.Headers.GetValues("X-Content-Type-Options").Single());
        var html = await login.Content.ReadAsStringAsync();
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.DoesNotContain(" style=", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dutch_is_the_default_and_the_switch_gives_English()
    {
        using var client = app.Anonymous();
        Assert.Contains("Inloggen", await client.GetStringAsync("/Account/Login"), StringComparison.Ordinal);
        using var switched = await client.GetAsync("/lang/en?returnUrl=/Account/Login");
        Assert.Equal("/Account/Login", switched.Headers.Location!.OriginalString);
        Assert.Contains("Sign in", await client.GetStringAsync("/Account/Login"), StringComparison.Ordinal);
        using var offsite = await client.GetAsync("/lang/en?returnUrl=//evil.example");
        Assert.Equal("/", offsite.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Wrong_passwords_lock_the_account()
    {
        using var scope = app.Factory.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Microsoft.AspNetCore.Identity.IdentityUser>>();
        Assert.Empty(await AccountSetup.CreateUserAsync(users, "lockme", WebFixture.Password, [Roles.Planner]));
        using var client = app.Anonymous();
        string page = "";
        for (var i = 0; i < 6; i++)
        {
            var form = await client.GetStringAsync("/Account/Login");
            using var response = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["userName"] = "lockme",
                ["password"] = i < 5 ? "wrong-password-000" : WebFixture.Password,
                ["__RequestVerificationToken"] = WebFixture.FormToken(form),
            }));
            page = await response.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Contains("id=\"signin-error\"", page, StringComparison.Ordinal);
        using var fresh = app.Factory.Services.CreateScope();
        var check = fresh.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Microsoft.AspNetCore.Identity.IdentityUser>>();
        Assert.True(await check.IsLockedOutAsync((await check.FindByNameAsync("lockme"))!));
        Assert.Contains(new Texts(new Microsoft.AspNetCore.Http.HttpContextAccessor())["signin.locked"], System.Net.WebUtility.HtmlDecode(page), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_result_page_shows_metrics_against_capacity_only_and_filters_the_youths()
    {
        using var client = await app.SignedIn("auditor1");
        var page = await client.GetStringAsync($"/runs/{app.RunId}");
        Assert.Contains("id=\"metrics\"", page, StringComparison.Ordinal);
        Assert.Contains("Alleen capaciteit", page, StringComparison.Ordinal);
        Assert.Contains("data-map-url", page, StringComparison.Ordinal);
        var run = app.Factory.Services.GetRequiredService<RunStore>().Find(app.RunId)!;
        Assert.NotNull(run.Baseline);
        var all = Count(page);
        Assert.Equal(run.Problem.Youths.Length, all);
        var unplaced = Count(await client.GetStringAsync($"/runs/{app.RunId}?show=unplaced"));
        Assert.Equal(run.Proposal.Unplaced.Length, unplaced);
        var broken = Count(await client.GetStringAsync($"/runs/{app.RunId}?show=broken"));
        Assert.Equal(run.Proposal.Metrics.EducationRegionBroken, broken);
        Assert.InRange(Count(await client.GetStringAsync($"/runs/{app.RunId}?show=moved")), 1, all - 1);

        // The views figures (turning 18 applies from birth_date in the demo) beside the baseline's.
        var views = run.Proposal.Metrics.Views!;
        Assert.Equal(5, page.Split("class=\"views-metric\"").Length - 1);
        Assert.Contains($"<td id=\"m-turning18across\">{views.Turning18MovedAcrossRegions}</td><td>{run.Baseline!.Metrics.Views!.Turning18MovedAcrossRegions}</td>", page, StringComparison.Ordinal);
        Assert.Contains("wordt 18 binnen de horizon", WebUtility.HtmlDecode(page), StringComparison.Ordinal);

        static int Count(string html) => html.Split("class=\"youth-link\"").Length - 1;
    }

    [Fact]
    public async Task The_map_data_has_regions_in_wgs84_locations_and_moves()
    {
        using var client = await app.SignedIn("planner1");
        var regions = await client.GetFromJsonAsync<JsonElement>("/api/regions");
        var features = regions.GetProperty("features");
        Assert.True(features.GetArrayLength() > 30);
        var first = features[0].GetProperty("geometry").GetProperty("coordinates")[0][0][0];
        Assert.InRange(first[0].GetDouble(), 3.0, 7.5);
        Assert.InRange(first[1].GetDouble(), 50.5, 53.8);
        var map = await client.GetFromJsonAsync<JsonElement>($"/api/runs/{app.RunId}/map");
        Assert.True(map.GetProperty("locations").GetArrayLength() > 100);
        Assert.True(map.GetProperty("moves").GetArrayLength() > 0);
        var run = app.Factory.Services.GetRequiredService<RunStore>().Find(app.RunId)!;
        var placed = map.GetProperty("locations").EnumerateArray().Sum(l => l.GetProperty("placed").GetArrayLength());
        Assert.Equal(run.Proposal.Assignments.Length, placed);
        var movesIn = map.GetProperty("locations").EnumerateArray().Sum(l => l.GetProperty("movesIn").GetArrayLength());
        var movesOut = map.GetProperty("locations").EnumerateArray().Sum(l => l.GetProperty("movesOut").GetArrayLength());
        Assert.Equal(movesIn, movesOut);
        Assert.True(movesIn > 0);
    }

    [Fact]
    public async Task The_proposal_downloads_as_the_cli_writes_it()
    {
        using var client = await app.SignedIn("auditor1");
        var json = await client.GetStringAsync($"/api/runs/{app.RunId}/proposal.json");
        var proposal = Outputs.ProposalWriter.FromJson(json);
        Assert.NotNull(proposal);
        Assert.Equal(app.RunId, proposal.Run.Id);
        var csv = await client.GetStringAsync($"/api/runs/{app.RunId}/proposal.csv");
        var run = app.Factory.Services.GetRequiredService<RunStore>().Find(app.RunId)!;
        Assert.Equal(Outputs.ProposalWriter.ToCsv(run.Proposal), csv);
    }

    [Fact]
    public async Task The_youth_page_explains_why_not_a_location_the_planner_picks()
    {
        var run = app.Factory.Services.GetRequiredService<RunStore>().Find(app.RunId)!;
        var (youth, location) = BrowserPathTests.AgeBreakingChange(run, skip: 2);
        using var client = await app.SignedIn("auditor1");
        var page = System.Net.WebUtility.HtmlDecode(await client.GetStringAsync($"/runs/{app.RunId}/youths/{youth}?whynot={location}"));
        Assert.Contains("id=\"whynot\"", page, StringComparison.Ordinal);
        Assert.Contains("[AGE]", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_youth_page_explains_the_placement()
    {
        var run = app.Factory.Services.GetRequiredService<RunStore>().Find(app.RunId)!;
        var youth = run.Proposal.Assignments.Select(a => a.Youth).Order(StringComparer.Ordinal).Skip(300).First();
        using var client = await app.SignedIn("planner2");
        var page = await client.GetStringAsync($"/runs/{app.RunId}/youths/{youth}");
        Assert.Contains("id=\"explanation\"", page, StringComparison.Ordinal);
        Assert.Contains("id=\"decide-form\"", page, StringComparison.Ordinal);
        Assert.Contains(youth, page, StringComparison.Ordinal);
        using var auditor = await app.SignedIn("auditor1");
        Assert.DoesNotContain("id=\"decide-form\"", await auditor.GetStringAsync($"/runs/{app.RunId}/youths/{youth}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_youth_page_shows_the_best_interests_statement_claim_by_claim_in_the_pages_language()
    {
        var run = app.Factory.Services.GetRequiredService<RunStore>().Find(app.RunId)!;
        using var client = await app.SignedIn("auditor1");
        var moved = run.Proposal.Assignments.First(a => a.From is not null && a.From != a.Location && a.BestInterests is not null);
        var unplaced = run.Proposal.Unplaced.FirstOrDefault(u => u.BestInterests is not null);
        foreach (var (youth, bi) in new[] { (moved.Youth, moved.BestInterests!), (unplaced?.Youth, unplaced?.BestInterests) }.Where(x => x.Item1 is not null))
        {
            var page = WebUtility.HtmlDecode(await client.GetStringAsync($"/runs/{app.RunId}/youths/{youth}"));
            Assert.Contains("id=\"best-interests\"", page, StringComparison.Ordinal);
            Assert.Contains(bi!.StatementIn(Language.Dutch), page, StringComparison.Ordinal); // Dutch: the default page language
            var rows = System.Text.RegularExpressions.Regex.Matches(page, "class=\"claim\" data-topic=\"([^\"]+)\" data-outcome=\"([^\"]+)\"")
                .Select(m => (m.Groups[1].Value, m.Groups[2].Value)).ToList();
            Assert.Equal(bi!.Claims.Select(c => (c.Topic, c.Outcome)).ToList(), rows);
        }

        using var english = await app.SignedIn("auditor1");
        await english.GetAsync("/lang/en?returnUrl=/");
        var en = WebUtility.HtmlDecode(await english.GetStringAsync($"/runs/{app.RunId}/youths/{moved.Youth}"));
        Assert.Contains(moved.BestInterests!.StatementIn(Language.English), en, StringComparison.Ordinal);
        Assert.Contains("In the child's best interests", en, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_proposal_started_through_the_api_runs_in_the_queue_and_can_be_cancelled()
    {
        using var client = await app.SignedIn("planner1");
        var token = await WebFixture.ApiToken(client);
        using var start = new HttpRequestMessage(HttpMethod.Post, "/api/proposals") { Content = JsonContent.Create(new { policy = "capacity-only", planningDate = "2026-12-01", timeLimitSeconds = 5 }) };
        start.Headers.Add("RequestVerificationToken", token);
        using var started = await client.SendAsync(start);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var id = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        using var cancel = new HttpRequestMessage(HttpMethod.Post, $"/api/jobs/{id}/cancel");
        cancel.Headers.Add("RequestVerificationToken", token);
        using var cancelled = await client.SendAsync(cancel);
        JsonElement job = default;
        for (var i = 0; i < 150; i++)
        {
            job = await client.GetFromJsonAsync<JsonElement>($"/api/jobs/{id}");
            if (job.GetProperty("status").GetString() is "done" or "cancelled" or "failed")
            {
                break;
            }

            await Task.Delay(200);
        }

        // Cancelled while queued or running, or done when it finished before the cancel arrived.
        Assert.Contains(job.GetProperty("status").GetString(), new[] { "cancelled", "done" });
        Assert.True(cancelled.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound);
    }
}

/// <summary>The sign-in POST is rate-limited per client address (its own app: a low limit, no demo run).</summary>
public sealed class SignInRateLimitTests
{
    [Fact]
    public async Task The_sign_in_post_is_rate_limited()
    {
        var data = Path.Combine(Path.GetTempPath(), "placement-web-rate-" + Guid.NewGuid().ToString("N")[..8]);
        using (var factory = new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("Placement:DataDirectory", data);
            b.UseSetting("Placement:DemoOnStart", "false");
            b.UseSetting("Placement:SignInPermitsPerMinute", "3");
        }))
        {
            using var client = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
            var page = await client.GetStringAsync("/Account/Login");
            Assert.Contains("id=\"no-admin\"", page, StringComparison.Ordinal);
            var token = WebFixture.FormToken(page);
            var codes = new List<HttpStatusCode>();
            for (var i = 0; i < 5; i++)
            {
                using var response = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["userName"] = "someone",
                    ["password"] = "not-the-password",
                    ["__RequestVerificationToken"] = token,
                }));
                codes.Add(response.StatusCode);
            }

            Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], codes);
            using var get = await client.GetAsync("/Account/Login");
            Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        }

        try
        {
            Directory.Delete(data, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>The youth page's decision form: a second planner who saw the same version is told, not overwritten.</summary>
[Collection(WebGroup.Name)]
public sealed class YouthPageConcurrencyTests(WebFixture app)
{
    [Fact]
    public async Task A_second_planner_deciding_the_same_youth_from_the_page_is_told()
    {
        var run = app.Factory.Services.GetRequiredService<RunStore>().Find(app.RunId)!;
        var youth = run.Proposal.Assignments.Select(a => a.Youth).Order(StringComparer.Ordinal).Skip(400).First();
        var url = $"/runs/{app.RunId}/youths/{youth}";
        using var first = await app.SignedIn("planner1");
        using var second = await app.SignedIn("planner2");
        var firstPage = await first.GetStringAsync(url);
        var secondPage = await second.GetStringAsync(url);
        Assert.Contains("name=\"expected\" value=\"0\"", firstPage, StringComparison.Ordinal);
        Assert.Contains("name=\"expected\" value=\"0\"", secondPage, StringComparison.Ordinal);

        using var accepted = await first.PostAsync(url, Form(firstPage, "accept", null));
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        using var told = await second.PostAsync(url, Form(secondPage, "reject", "no bed after all"));
        Assert.Equal(HttpStatusCode.OK, told.StatusCode);
        var html = await told.Content.ReadAsStringAsync();
        Assert.Contains("id=\"outcome\"", html, StringComparison.Ordinal);
        Assert.Contains("Een andere planner", System.Net.WebUtility.HtmlDecode(html), StringComparison.Ordinal);
        var stored = app.Factory.Services.GetRequiredService<AuditStore>().Read(log => log.FindRun(app.RunId)).Value!;
        Assert.Equal(Audit.DecisionKind.Accept, Assert.Single(stored.Decisions, d => d.Decision.Youth == youth).Decision.Kind);

        static FormUrlEncodedContent Form(string page, string kind, string? reason) => new(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = WebFixture.FormToken(page),
            ["expected"] = "0",
            ["kind"] = kind,
            ["reason"] = reason ?? "",
        });
    }

    [Fact]
    public async Task Without_oidc_settings_only_local_accounts_are_offered()
    {
        var schemes = await app.Factory.Services.GetRequiredService<Microsoft.AspNetCore.Authentication.IAuthenticationSchemeProvider>().GetAllSchemesAsync();
        Assert.DoesNotContain(schemes, s => s.Name == Microsoft.AspNetCore.Authentication.OpenIdConnect.OpenIdConnectDefaults.AuthenticationScheme);
        using var client = app.Anonymous();
        Assert.DoesNotContain("handler=Oidc", await client.GetStringAsync("/Account/Login"), StringComparison.Ordinal);
    }
}

/// <summary>HSTS outside Development (over HTTPS), not in Development.</summary>
public sealed class HstsTests
{
    [Theory]
    [InlineData("Production", true)]
    [InlineData("Development", false)]
    public async Task Hsts_is_sent_outside_development(string environment, bool expected)
    {
        var data = Path.Combine(Path.GetTempPath(), "placement-web-hsts-" + Guid.NewGuid().ToString("N")[..8]);
        using (var factory = new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment(environment);
            b.UseSetting("Placement:DataDirectory", data);
            b.UseSetting("Placement:DemoOnStart", "false");
        }))
        {
            using var client = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://placement.example/"), AllowAutoRedirect = false });
            using var response = await client.GetAsync("/healthz");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(expected, response.Headers.Contains("Strict-Transport-Security"));
        }

        try
        {
            Directory.Delete(data, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Spreidingswet.Placement.Web.Services;

namespace Spreidingswet.Placement.Web.Tests;

/// <summary>
/// The planner's path in a real browser (headless Debian chromium through Playwright) against the
/// app on a real Kestrel server on a free port: sign in, open the demo proposal, open a youth,
/// change the placement to a location that breaks a hard rule (the page names it), override it with
/// a reason, and find the decision in the audit view.
/// </summary>
public sealed class BrowserPathTests : IAsyncLifetime
{
    private const string Chromium = "/usr/bin/chromium";
    private readonly string _data = Path.Combine(Path.GetTempPath(), "placement-web-browser-" + Guid.NewGuid().ToString("N")[..8]);
    private WebApplication _app = null!;
    private string _base = "";

    /// <summary>A youth and a location whose age range excludes the youth (so a change breaks AGE), not the proposed one.</summary>
    internal static (string Youth, string Location) AgeBreakingChange(RunView run, int skip = 0)
    {
        var date = run.Proposal.Run.PlanningDate;
        int? AgeOf(Model.Youth y) => y.Age ?? (y.BirthDate is { } b ? date.Year - b.Year - (date < b.AddYears(date.Year - b.Year) ? 1 : 0) : null);
        var proposed = run.Proposal.Assignments.ToDictionary(a => a.Youth, a => a.Location, StringComparer.Ordinal);
        return run.Problem.Youths
            .Where(y => proposed.ContainsKey(y.Id) && y.SiblingGroup is null && AgeOf(y) is not null)
            .OrderBy(y => y.Id, StringComparer.Ordinal)
            .SelectMany(y => run.Problem.Locations.Where(l => l.Id != proposed[y.Id] && (AgeOf(y) > l.MaxAge || AgeOf(y) < l.MinAge))
                .OrderBy(l => l.Id, StringComparer.Ordinal).Take(1).Select(l => (y.Id, l.Id)))
            .Skip(skip).First();
    }

    public async Task InitializeAsync()
    {
        _app = WebApp.Create(
            ["--urls", "http://127.0.0.1:0", "--contentRoot", ProjectDirectory(), "--environment", "Development",
             "--Placement:DataDirectory", _data, "--Placement:DemoTimeLimitSeconds", "20",
             "--PLACEMENT_WEB_ADMIN_USER", "admin", "--PLACEMENT_WEB_ADMIN_PASSWORD", WebFixture.Password]);
        await WebApp.PrepareAsync(_app);
        await _app.StartAsync();
        _base = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        await WebFixture.SeedUsers(_app.Services, [("planner-auditor", [Roles.Planner, Roles.Auditor])]);
    }

    public async Task DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task A_planner_signs_in_opens_the_demo_proposal_overrides_a_rule_with_a_reason_and_finds_it_in_the_audit_view()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: apt-get install chromium (eng/test.sh does)");
        var runId = await WebFixture.DemoRun(_app.Services);
        var (youth, location) = AgeBreakingChange(_app.Services.GetRequiredService<RunStore>().Find(runId)!);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-dev-shm-usage"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { BaseURL = _base });
        var consoleErrors = new List<string>();
        page.Console += (_, m) => { if (m.Type == "error") consoleErrors.Add(m.Text); };
        page.Response += (_, r) => { if (r.Status >= 400) consoleErrors.Add($"{r.Status} {r.Url}"); };
        page.SetDefaultTimeout(120_000); // generous: the machine is shared (2 cores, both test assemblies at once)

        // Sign in (Dutch by default).
        await page.GotoAsync("/");
        Assert.Contains("/Account/Login", page.Url, StringComparison.Ordinal);
        await Shot(page, "signin");
        await page.FillAsync("input[name=userName]", "planner-auditor");
        await page.FillAsync("input[name=password]", WebFixture.Password);
        await page.ClickAsync("#signin");
        await page.WaitForSelectorAsync("#runs");
        await Shot(page, "overview");

        // Start a short capacity-only proposal from the page: its page shows the progress and opens the result when done.
        // It also sets a weight in the form: the run carries it.
        await page.SelectOptionAsync("select[name=policy]", "capacity-only");
        await page.FillAsync("input[name=timeLimit]", "5");
        await page.ClickAsync("#weights summary");
        await page.FillAsync("#w-move", "4321");
        await page.ClickAsync("#views-options summary");
        await page.FillAsync("#v-stabilityPerMove", "654");
        await page.SelectOptionAsync("#views-tier", "after-education");
        await page.ClickAsync("#propose-form button[type=submit]");
        // The job page shows its progress until the run is done, then opens the result; a short run
        // on an idle machine can be done before the job page renders, so either is what is expected.
        await page.WaitForSelectorAsync("#job-progress, #metrics");
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/runs/[0-9a-f]+$"), new PageWaitForURLOptions { Timeout = 120_000 });
        await page.WaitForSelectorAsync("#metrics");
        Assert.DoesNotContain(runId, page.Url, StringComparison.Ordinal);
        var started = _app.Services.GetRequiredService<RunStore>().Find(page.Url[(page.Url.LastIndexOf('/') + 1)..])!;
        Assert.Equal(4321, started.Proposal.Run.Weights.Move);
        Assert.Equal((654L, Model.ViewsTier.AfterEducation), (started.Proposal.Run.Views!.StabilityPerMove, started.Proposal.Run.Views.Tier));

        // Open the demo proposal: metrics and the map drawn by the bundled Leaflet.
        await page.GotoAsync("/");
        await page.ClickAsync($"a.run-link[href='/runs/{runId}']");
        await page.WaitForSelectorAsync("#metrics");
        await page.WaitForSelectorAsync("#map[data-ready=true]");
        Assert.True(await page.Locator("#map path.leaflet-interactive").CountAsync() > 30, "the education regions are drawn");
        await page.WaitForSelectorAsync("#run-chart[data-ready=true]");
        var run = _app.Services.GetRequiredService<RunStore>().Find(runId)!;
        var moveLines = run.Proposal.Assignments.Where(a => a.From is not null && a.From != a.Location).Select(a => (a.From, a.Location, a.EducationRegion is { Kept: false })).Distinct().Count();
        Assert.Equal(moveLines, await page.Locator("#map path.arrow-head").CountAsync());
        Assert.True(await page.Locator("#map path.arrow-head.move-broken").CountAsync() > 0, "broken-region moves are red arrows");
        await Shot(page, "proposal");

        // The table's filters: sibling groups, and a location (youths there now or proposed there).
        await page.ClickAsync("#filter-siblings");
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("show=siblings"));
        var siblings = run.Problem.Youths.Count(y => y.SiblingGroup is not null);
        Assert.Equal(siblings.ToString(System.Globalization.CultureInfo.InvariantCulture), await page.InnerTextAsync("#row-count"));
        var group = run.Problem.Youths.First(y => y.SiblingGroup is not null).SiblingGroup!;
        await page.SelectOptionAsync("#filter-group", group);
        await page.ClickAsync("#filter-apply");
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("group="));
        Assert.Equal(run.Problem.Youths.Count(y => y.SiblingGroup == group).ToString(System.Globalization.CultureInfo.InvariantCulture), await page.InnerTextAsync("#row-count"));
        var busiest = WhatIfTests.Busiest(run);
        await page.GotoAsync($"/runs/{runId}?show=moved");
        await page.SelectOptionAsync("#filter-location", busiest);
        await page.ClickAsync("#filter-apply");
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("location="));
        var expected = run.Proposal.Assignments.Count(a => a.From is not null && a.From != a.Location && (a.From == busiest || a.Location == busiest));
        Assert.Equal(expected.ToString(System.Globalization.CultureInfo.InvariantCulture), await page.InnerTextAsync("#row-count"));
        await Shot(page, "filters");
        await page.GotoAsync($"/runs/{runId}");
        await page.WaitForSelectorAsync("#map[data-ready=true]");

        // Click the largest location circle: a pop-up lists who is there, linked to their pages.
        var circles = page.Locator("#map path.location-marker");
        Assert.Equal(_app.Services.GetRequiredService<RunStore>().Find(runId)!.Problem.Locations.Length, await circles.CountAsync());
        var largest = await page.EvaluateAsync<int>("() => { const c = [...document.querySelectorAll('#map path.location-marker')]; let best = 0; c.forEach((p, i) => { if (p.getBBox().width > c[best].getBBox().width) best = i; }); return best; }");
        await circles.Nth(largest).ClickAsync(new LocatorClickOptions { Force = true });
        await page.WaitForSelectorAsync(".leaflet-popup-content .popup a");
        if (Environment.GetEnvironmentVariable("PLACEMENT_WEB_SCREENSHOTS") is { Length: > 0 } shots)
        {
            await page.Locator("#map").ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(shots, "map.png") });
        }

        await page.Keyboard.PressAsync("Escape");

        // Open the youth and change the placement to a location that breaks AGE.
        await page.ClickAsync($"a.youth-link[href='/runs/{runId}/youths/{youth}']");
        await page.WaitForSelectorAsync("#explanation");

        // "Why not there?" for a location clicked on the youth's map.
        await page.WaitForSelectorAsync("#pick-map[data-ready=true]");
        await page.Locator($"#pick-map path.location-{location}").ClickAsync(new LocatorClickOptions { Force = true });
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex($"whynot={location}"));
        await page.WaitForSelectorAsync("#whynot");
        Assert.Contains(location, await page.InnerTextAsync("#whynot"), StringComparison.Ordinal);
        await page.SelectOptionAsync("#location", location);
        Assert.True(await page.IsCheckedAsync("#kind-change"), "picking a location selects 'change'");
        await page.FillAsync("#reason", "plaatsing bij oudere broer in de buurt");
        await page.ClickAsync("#record");
        await page.WaitForSelectorAsync("#rules");
        await Shot(page, "youth-rule");
        Assert.Contains("AGE", await page.InnerTextAsync("#rules"), StringComparison.Ordinal);

        // Override the named rules, with the reason, and record.
        foreach (var box in await page.Locator("input.override").AllAsync())
        {
            await box.CheckAsync();
        }

        await page.ClickAsync("#record");
        await page.WaitForSelectorAsync("#history");
        Assert.Contains(location, await page.InnerTextAsync("#history"), StringComparison.Ordinal);

        // The audit view shows the decision, and the chain is intact.
        await page.GotoAsync("/audit");
        var decisions = await page.InnerTextAsync("#audit-decisions");
        await Shot(page, "audit");
        Assert.Contains(youth, decisions, StringComparison.Ordinal);
        Assert.Contains("AGE", decisions, StringComparison.Ordinal);
        Assert.Contains("plaatsing bij oudere broer", decisions, StringComparison.Ordinal);
        Assert.Contains("intact", await page.InnerTextAsync("#chain"), StringComparison.Ordinal);

        // Export the run from the audit view: run.json as the audit log holds it, and the report shown in the browser.
        var row = page.Locator("#audit-runs tr", new PageLocatorOptions { HasText = runId });
        Assert.Equal($"/api/audit/runs/{runId}/export.json", await row.Locator("a.export-run").GetAttributeAsync("href"));
        Assert.Equal($"/api/runs/{runId}/proposal.xlsx", await row.Locator("a.export-xlsx").GetAttributeAsync("href"));
        await row.Locator("a", new LocatorLocatorOptions { HasText = "report.html" }).ClickAsync();
        await page.WaitForURLAsync($"**/api/runs/{runId}/report.html");
        Assert.Contains("capacity-only practice", await page.InnerTextAsync("body"), StringComparison.Ordinal);
        await Shot(page, "report");

        // The situation page (upload).
        await page.GotoAsync("/situation");
        await Shot(page, "situation");
        Assert.Empty(consoleErrors);
    }

    [Fact]
    public async Task A_planner_builds_a_what_if_compares_two_policies_and_turns_one_into_a_proposal()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: apt-get install chromium (eng/test.sh does)");
        var runId = await WebFixture.DemoRun(_app.Services);
        var run = _app.Services.GetRequiredService<RunStore>().Find(runId)!;
        var closed = WhatIfTests.Busiest(run);
        var bigger = run.Problem.Locations.First(l => l.Id != closed).Id;

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Launch(playwright);
        var (page, errors) = await SignIn(browser, "planner1");

        // Build the what-if in the page: close the busiest location from a date, add beds elsewhere, 15 generated arrivals and 2 from a file.
        await page.ClickAsync("#nav-whatif");
        await page.WaitForSelectorAsync("#whatif-form");
        await page.FillAsync("#whatif-name", "sluiting drukste locatie");
        await page.SelectOptionAsync("#close", closed);
        await page.FillAsync("#close-from", "2026-12-15");
        await page.SelectOptionAsync("#cap-location-0", bigger);
        await page.FillAsync("#cap-delta-0", "5");
        await page.FillAsync("#arrivals", "15");
        await page.SetInputFilesAsync("#arrivals-file", new FilePayload
        {
            Name = "arrivals.csv",
            MimeType = "text/csv",
            Buffer = System.Text.Encoding.UTF8.GetBytes("id,birth_date,gender,care_level,school_lat,school_lon\nF-0001,2010-05-01,m,standard,52.0907,5.1214\nF-0002,2011-02-11,f,standard,,\n"),
        });
        await page.FillAsync("#whatif-timelimit", "5");
        await Shot(page, "whatif-form");
        await page.ClickAsync("#whatif-run");

        // The job's page shows the progress, then the comparison opens: table, chart, two maps, the moves with reasons.
        // (A fast what-if may already be done when the job's page loads: then it goes straight on.)
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/(jobs|whatif)/[0-9a-f]+$"));
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/whatif/[0-9a-f]+$"), new PageWaitForURLOptions { Timeout = 120_000 });
        await page.WaitForSelectorAsync("#whatif-chart[data-ready=true]");
        await page.WaitForSelectorAsync("#map-0[data-ready=true]");
        await page.WaitForSelectorAsync("#map-1[data-ready=true]");
        Assert.Contains("sluiting drukste locatie", await page.InnerTextAsync("#whatif-title"), StringComparison.Ordinal);
        var changes = await page.InnerTextAsync("#whatif-changes");
        Assert.Contains($"close {closed} from 2026-12-15", changes, StringComparison.Ordinal);
        Assert.Contains("15 generated arrivals", changes, StringComparison.Ordinal);
        Assert.Contains("2 arrivals from arrivals.csv", changes, StringComparison.Ordinal);
        var header = await page.InnerTextAsync("#whatif-metrics thead");
        Assert.Contains("education-first", header, StringComparison.Ordinal);
        Assert.Contains("capacity-only", header, StringComparison.Ordinal);
        foreach (var k in new[] { 0, 1 })
        {
            Assert.Contains(Scenarios.MoveReasons.Closure, await page.InnerTextAsync($"#moves-{k}"), StringComparison.Ordinal);
            Assert.True(await page.Locator($"#map-{k} path.arrow-head").CountAsync() > 0, "moves are drawn as arrows");
        }

        await Shot(page, "whatif");

        // Turn the education-first result into a proposal: its result page, with the what-if's changed situation.
        await page.ClickAsync("#adopt-0");
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/runs/[0-9a-f]+$"));
        await page.WaitForSelectorAsync("#metrics");
        var adopted = page.Url[(page.Url.LastIndexOf('/') + 1)..];
        Assert.NotEqual(runId, adopted);
        var recorded = _app.Services.GetRequiredService<AuditStore>().Read(log => log.ListRuns()).Single(r => r.RunId == adopted);
        Assert.Equal("scenario", recorded.Kind);
        Assert.Equal(run.Problem.Youths.Length + 15 + 2, int.Parse(await page.InnerTextAsync("#metrics tbody tr:first-child td:nth-child(2)"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(0, await page.Locator("#approve").CountAsync()); // a planner cannot approve
        Assert.Empty(errors);

        // A coordinator approves the whole run in the browser.
        var (coordinator, coordinatorErrors) = await SignIn(browser, "coordinator1");
        await coordinator.GotoAsync($"/runs/{adopted}");
        await coordinator.CheckAsync("#approve-form input[name=confirm]");
        await coordinator.ClickAsync("#approve");
        await coordinator.WaitForSelectorAsync("#approval.ok");
        Assert.Contains(PlannerIds.Of(await Principal("coordinator1")), await coordinator.InnerTextAsync("#approval"), StringComparison.Ordinal);
        Assert.Equal(run.Problem.Youths.Length + 15 + 2, _app.Services.GetRequiredService<AuditStore>().Read(log => log.FindRun(adopted)).Value!.LatestDecisions.Count);
        await Shot(coordinator, "approval");
        Assert.Empty(coordinatorErrors);

        // The administrator's users page.
        var (admin, adminErrors) = await SignIn(browser, "admin", "#runs, h1");
        await admin.GotoAsync("/admin/users");
        await Shot(admin, "users");
        Assert.Empty(adminErrors);
    }

    private static Task<IBrowser> Launch(IPlaywright playwright) => playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
    {
        ExecutablePath = Chromium,
        Headless = true,
        Args = ["--no-sandbox", "--disable-dev-shm-usage"],
    });

    /// <summary>A page signed in as <paramref name="user"/>, and the list that collects console errors and failed responses.</summary>
    private async Task<(IPage Page, List<string> Errors)> SignIn(IBrowser browser, string user, string landing = "#runs")
    {
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { BaseURL = _base, ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var errors = new List<string>();
        page.Console += (_, m) => { if (m.Type == "error") errors.Add(m.Text); };
        page.Response += (_, r) => { if (r.Status >= 400) errors.Add($"{r.Status} {r.Url}"); };
        page.SetDefaultTimeout(120_000); // generous: the machine is shared (2 cores, both test assemblies at once)
        await page.GotoAsync("/");
        await page.FillAsync("input[name=userName]", user);
        await page.FillAsync("input[name=password]", WebFixture.Password);
        await page.ClickAsync("#signin");
        await page.WaitForSelectorAsync(landing);
        return (page, errors);
    }

    /// <summary>The signed-in principal of a local user (for its pseudonymous id).</summary>
    private async Task<System.Security.Claims.ClaimsPrincipal> Principal(string user)
    {
        using var scope = _app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Microsoft.AspNetCore.Identity.IdentityUser>>();
        var factory = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.IUserClaimsPrincipalFactory<Microsoft.AspNetCore.Identity.IdentityUser>>();
        return await factory.CreateAsync((await users.FindByNameAsync(user))!);
    }

    /// <summary>With PLACEMENT_WEB_SCREENSHOTS=folder, a full-page screenshot of each main page (docs/web/ has them).</summary>
    private static async Task Shot(IPage page, string name)
    {
        if (Environment.GetEnvironmentVariable("PLACEMENT_WEB_SCREENSHOTS") is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png"), FullPage = name is not ("proposal" or "approval") });
        }
    }

    /// <summary>The web project's folder (its wwwroot has the bundle the build made).</summary>
    internal static string ProjectDirectory() => Path.Combine(WebFixture.Repository(), "src", "Spreidingswet.Placement.Web");
}

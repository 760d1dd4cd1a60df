using System.Diagnostics;
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
        page.SetDefaultTimeout(20_000);

        // Sign in (Dutch by default).
        await page.GotoAsync("/");
        Assert.Contains("/Account/Login", page.Url, StringComparison.Ordinal);
        await page.FillAsync("input[name=userName]", "planner-auditor");
        await page.FillAsync("input[name=password]", WebFixture.Password);
        await page.ClickAsync("#signin");
        await page.WaitForSelectorAsync("#runs");
        await Shot(page, "overview");

        // Start a short capacity-only proposal from the page: its page shows the progress and opens the result when done.
        await page.SelectOptionAsync("select[name=policy]", "capacity-only");
        await page.FillAsync("input[name=timeLimit]", "5");
        await page.ClickAsync("#propose-form button[type=submit]");
        await page.WaitForSelectorAsync("#job-progress");
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/runs/[0-9a-f]+$"), new PageWaitForURLOptions { Timeout = 60_000 });
        await page.WaitForSelectorAsync("#metrics");
        Assert.DoesNotContain(runId, page.Url, StringComparison.Ordinal);

        // Open the demo proposal: metrics and the map drawn by the bundled Leaflet.
        await page.GotoAsync("/");
        await page.ClickAsync($"a.run-link[href='/runs/{runId}']");
        await page.WaitForSelectorAsync("#metrics");
        await page.WaitForSelectorAsync("#map[data-ready=true]");
        Assert.True(await page.Locator("#map path.leaflet-interactive").CountAsync() > 30, "the education regions are drawn");
        await Shot(page, "proposal");

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
        Assert.Empty(consoleErrors);
    }

    /// <summary>With PLACEMENT_WEB_SCREENSHOTS=folder, a full-page screenshot of each main page (docs/web/ has them).</summary>
    private static async Task Shot(IPage page, string name)
    {
        if (Environment.GetEnvironmentVariable("PLACEMENT_WEB_SCREENSHOTS") is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png"), FullPage = name != "proposal" });
        }
    }

    /// <summary>The web project's folder (its wwwroot has the bundle the build made).</summary>
    private static string ProjectDirectory()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Spreidingswet.Placement.sln")))
        {
            dir = dir.Parent;
        }

        Debug.Assert(dir is not null);
        return Path.Combine(dir!.FullName, "src", "Spreidingswet.Placement.Web");
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Spreidingswet.Placement.Audit;
using Spreidingswet.Placement.Web.Services;

namespace Spreidingswet.Placement.Web.Tests;

/// <summary>
/// The test identity provider (<see cref="OidcProvider"/>) and the web app, both on Kestrel on free loopback
/// ports, the app's <c>Oidc</c> section pointing at the provider (roles in the claim <c>role</c>), and the demo
/// proposal solved. Identity's security-stamp check runs on every request here (interval zero), as it does
/// every 30 minutes in production, so a session it would end ends at once.
/// </summary>
public sealed class OidcFixture : IAsyncLifetime
{
    public const string ClientId = "placement-web";
    public const string RoleClaim = "role";

    /// <summary>Login name to subject and roles. Subjects like a person's name on purpose: the audit log must never show them.</summary>
    public static readonly Dictionary<string, (string Subject, string[] Roles)> Users = new(StringComparer.Ordinal)
    {
        ["anna"] = ("anna.jansen", [Roles.Planner]),
        ["bert"] = ("bert.bakker", [Roles.Auditor]),
        ["carl"] = ("carl.smit", ["visitor"]),
        ["dora"] = ("dora.visser", []),
        ["eva"] = ("eva.dekker", [Roles.Planner, Roles.Auditor]), // two roles: a JSON array in the id_token
    };

    private readonly string _data = Path.Combine(Path.GetTempPath(), "placement-web-oidc-" + Guid.NewGuid().ToString("N")[..8]);

    public string Secret { get; } = "secret-" + Guid.NewGuid().ToString("N");

    public OidcProvider Provider { get; private set; } = null!;

    public WebApplication App { get; private set; } = null!;

    public string Base { get; private set; } = "";

    public string RunId { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Provider = await OidcProvider.StartAsync(Path.Combine(_data, "provider"), RoleClaim, Users);
        App = WebApp.Create(
            ["--urls", "http://127.0.0.1:0", "--contentRoot", BrowserPathTests.ProjectDirectory(), "--environment", "Development",
             "--Placement:DataDirectory", Path.Combine(_data, "app"), "--Placement:DemoTimeLimitSeconds", "10",
             "--Oidc:Authority", Provider.BaseUrl, "--Oidc:ClientId", ClientId, "--Oidc:ClientSecret", Secret,
             "--Oidc:RoleClaim", RoleClaim, "--Oidc:DisplayName", "Test provider", "--Oidc:RequireHttps", "false"],
            b => b.Services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.Zero));
        await WebApp.PrepareAsync(App);
        await App.StartAsync();
        Base = App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        await Provider.RegisterClientAsync(ClientId, Secret, new Uri(Base + "/signin-oidc"));
        RunId = await WebFixture.DemoRun(App.Services);
    }

    public async Task DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        await Provider.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>A form of a page: its action (resolved against the page) and its fields, found by a part of the action.</summary>
    internal static (Uri Action, Dictionary<string, string> Fields) Form(string html, Uri page, string actionPart)
    {
        foreach (Match form in Regex.Matches(html, "<form\\b([^>]*)>(.*?)</form>", RegexOptions.Singleline | RegexOptions.IgnoreCase))
        {
            var action = WebUtility.HtmlDecode(Regex.Match(form.Groups[1].Value, "action=\"([^\"]*)\"").Groups[1].Value);
            if (!action.Contains(actionPart, StringComparison.Ordinal))
            {
                continue;
            }

            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (Match input in Regex.Matches(form.Groups[2].Value, "<input\\b[^>]*>", RegexOptions.IgnoreCase))
            {
                var name = Regex.Match(input.Value, "\\bname=\"([^\"]*)\"");
                if (name.Success)
                {
                    fields[WebUtility.HtmlDecode(name.Groups[1].Value)] = WebUtility.HtmlDecode(Regex.Match(input.Value, "\\bvalue=\"([^\"]*)\"").Groups[1].Value);
                }
            }

            return (new Uri(page, action), fields);
        }

        throw new Xunit.Sdk.XunitException($"no form with an action containing '{actionPart}' in {page}: {html[..Math.Min(html.Length, 2000)]}");
    }

    /// <summary>
    /// Signs in through the provider with real HTTP, as a browser would (one cookie jar for both servers,
    /// redirects followed by hand so each step is checked): the app's OIDC button, the redirect to the
    /// provider's authorization endpoint (code flow, PKCE), its sign-in form, the form_post back to the
    /// app's /signin-oidc, which exchanges the code for the id_token and signs the user in.
    /// </summary>
    public async Task<HttpClient> SignInThroughProvider(string login)
    {
        var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() };
        var client = new HttpClient(handler, disposeHandler: true) { BaseAddress = new Uri(Base) };
        var loginPage = new Uri(client.BaseAddress, "/Account/Login");
        var (button, fields) = Form(await client.GetStringAsync(loginPage), loginPage, "handler=Oidc");
        using var challenge = await client.PostAsync(button, new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        var authorize = challenge.Headers.Location!;
        Assert.StartsWith(Provider.BaseUrl + "connect/authorize?", authorize.AbsoluteUri, StringComparison.Ordinal);
        Assert.Contains("response_type=code", authorize.Query, StringComparison.Ordinal);
        Assert.Contains("code_challenge_method=S256", authorize.Query, StringComparison.Ordinal);

        var (signIn, request) = Form(await client.GetStringAsync(authorize), authorize, "/connect/authorize");
        request["login"] = login;
        using var approved = await client.PostAsync(signIn, new FormUrlEncodedContent(request));
        var formPost = await approved.Content.ReadAsStringAsync();
        Assert.True(approved.StatusCode == HttpStatusCode.OK, $"{approved.StatusCode}: {formPost}");
        var (callback, response) = Form(formPost, signIn, "/signin-oidc");
        Assert.Equal(new Uri(Base + "/signin-oidc"), callback);
        Assert.Contains("code", response.Keys);

        using var signedIn = await client.PostAsync(callback, new FormUrlEncodedContent(response));
        Assert.True(signedIn.StatusCode == HttpStatusCode.Redirect, $"{signedIn.StatusCode}: {await signedIn.Content.ReadAsStringAsync()}");
        Assert.Equal("/", signedIn.Headers.Location!.OriginalString);
        return client;
    }

    /// <summary>The provider's issuer, from its discovery document.</summary>
    public async Task<string> Issuer()
    {
        using var http = new HttpClient();
        using var discovery = JsonDocument.Parse(await http.GetStringAsync(Provider.BaseUrl + ".well-known/openid-configuration"));
        return discovery.RootElement.GetProperty("issuer").GetString()!;
    }

    public AuditRun Stored => App.Services.GetRequiredService<AuditStore>().Read(log => log.FindRun(RunId)).Value!;
}

/// <summary>Sign-in through a real OpenID Connect provider: roles from its token, the audit log's pseudonymous id, refusals.</summary>
public sealed class OidcSignInTests(OidcFixture oidc) : IClassFixture<OidcFixture>
{
    private const string Chromium = "/usr/bin/chromium";

    private static async Task<HttpResponseMessage> PostJson(HttpClient client, string path, object body)
    {
        var token = await WebFixture.ApiToken(client);
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Add("RequestVerificationToken", token);
        return await client.SendAsync(request);
    }

    private string UndecidedYouth(int skip)
    {
        var run = oidc.App.Services.GetRequiredService<RunStore>().Find(oidc.RunId)!;
        var decided = oidc.Stored.Decisions.Select(d => d.Decision.Youth).ToHashSet(StringComparer.Ordinal);
        var single = run.Problem.Youths.Where(y => y.SiblingGroup is null).Select(y => y.Id).ToHashSet(StringComparer.Ordinal);
        return run.Proposal.Assignments.Select(a => a.Youth).Where(y => single.Contains(y) && !decided.Contains(y)).Order(StringComparer.Ordinal).Skip(skip).First();
    }

    private static void AccessDenied(HttpResponseMessage response) =>
        Assert.True(response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.AbsolutePath == "/Account/AccessDenied",
            $"{response.RequestMessage?.RequestUri}: {response.StatusCode} {response.Headers.Location}");

    [Fact]
    public async Task A_planner_signed_in_at_the_provider_opens_the_proposal_and_decides_and_the_audit_log_records_a_hash_of_issuer_and_subject()
    {
        using var client = await oidc.SignInThroughProvider("anna");
        // Every request below passes Identity's security-stamp check (interval zero in this fixture).
        using (var page = await client.GetAsync($"/runs/{oidc.RunId}"))
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Contains("id=\"metrics\"", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var youth = UndecidedYouth(0);
        using (var page = await client.GetAsync($"/runs/{oidc.RunId}/youths/{youth}"))
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        }

        using (var situation = await client.GetAsync("/situation"))
        {
            Assert.Equal(HttpStatusCode.OK, situation.StatusCode);
        }

        using var decided = await PostJson(client, $"/api/runs/{oidc.RunId}/decisions", new { youth, kind = "accept", reason = "oidc test", expectedSequence = 0 });
        Assert.True(decided.StatusCode == HttpStatusCode.Created, $"{decided.StatusCode}: {await decided.Content.ReadAsStringAsync()}");

        var (subject, _) = OidcFixture.Users["anna"];
        var expected = "u-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{await oidc.Issuer()}\n{subject}")))[..24];
        var recorded = Assert.Single(oidc.Stored.Decisions, d => d.Decision.Youth == youth);
        Assert.Equal(expected, recorded.Decision.Planner);
        Assert.DoesNotContain("anna", recorded.Decision.Planner, StringComparison.OrdinalIgnoreCase);

        // The auditor, signed in at the provider too, finds that id with the decision in the audit view.
        using var auditor = await oidc.SignInThroughProvider("bert");
        var audit = await auditor.GetStringAsync("/audit");
        Assert.Contains(expected, audit, StringComparison.Ordinal);
        Assert.Contains(youth, audit, StringComparison.Ordinal);
        Assert.DoesNotContain("anna.jansen", audit, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_auditor_from_the_provider_reads_the_proposal_but_cannot_decide_or_plan()
    {
        using var client = await oidc.SignInThroughProvider("bert");
        using (var page = await client.GetAsync($"/runs/{oidc.RunId}"))
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        }

        using (var audit = await client.GetAsync("/audit"))
        {
            Assert.Equal(HttpStatusCode.OK, audit.StatusCode);
        }

        var before = oidc.Stored.Decisions.Length;
        using var decided = await PostJson(client, $"/api/runs/{oidc.RunId}/decisions", new { youth = UndecidedYouth(1), kind = "accept", expectedSequence = 0 });
        Assert.Equal(HttpStatusCode.Forbidden, decided.StatusCode);
        Assert.Equal(before, oidc.Stored.Decisions.Length);
        using var situation = await client.GetAsync("/situation");
        AccessDenied(situation);
    }

    [Fact]
    public async Task A_user_with_two_roles_in_the_token_has_both()
    {
        using var client = await oidc.SignInThroughProvider("eva");
        foreach (var path in new[] { "/situation", "/audit", $"/runs/{oidc.RunId}" })
        {
            using var page = await client.GetAsync(path);
            Assert.True(page.StatusCode == HttpStatusCode.OK, $"{path}: {page.StatusCode} {page.Headers.Location}");
        }

        using var admin = await client.GetAsync("/admin/users");
        AccessDenied(admin);
    }

    [Theory]
    [InlineData("carl")] // a role the app does not know
    [InlineData("dora")] // no role claim at all
    public async Task A_user_whose_token_has_no_known_role_is_signed_in_but_refused_the_planner_pages_and_calls(string login)
    {
        using var client = await oidc.SignInThroughProvider(login);
        using (var home = await client.GetAsync("/"))
        {
            Assert.Equal(HttpStatusCode.OK, home.StatusCode); // signed in: the overview needs a user, no role
            Assert.Contains(login, await home.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        foreach (var path in new[] { "/situation", $"/runs/{oidc.RunId}", "/whatif", "/audit" })
        {
            using var page = await client.GetAsync(path);
            AccessDenied(page);
        }

        var before = oidc.Stored.Decisions.Length;
        using var decided = await PostJson(client, $"/api/runs/{oidc.RunId}/decisions", new { youth = UndecidedYouth(2), kind = "accept", expectedSequence = 0 });
        Assert.Equal(HttpStatusCode.Forbidden, decided.StatusCode);
        using var proposal = await PostJson(client, "/api/proposals", new { policy = "capacity-only", timeLimitSeconds = 1 });
        Assert.Equal(HttpStatusCode.Forbidden, proposal.StatusCode);
        Assert.Equal(before, oidc.Stored.Decisions.Length);
    }

    [Fact]
    public async Task An_unknown_login_at_the_provider_gets_no_code_and_the_app_stays_signed_out()
    {
        var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() };
        using var client = new HttpClient(handler) { BaseAddress = new Uri(oidc.Base) };
        var loginPage = new Uri(client.BaseAddress, "/Account/Login");
        var (button, fields) = OidcFixture.Form(await client.GetStringAsync(loginPage), loginPage, "handler=Oidc");
        using var challenge = await client.PostAsync(button, new FormUrlEncodedContent(fields));
        var authorize = challenge.Headers.Location!;
        var (signIn, request) = OidcFixture.Form(await client.GetStringAsync(authorize), authorize, "/connect/authorize");
        request["login"] = "mallory";
        using var refused = await client.PostAsync(signIn, new FormUrlEncodedContent(request));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var again = await refused.Content.ReadAsStringAsync();
        Assert.Contains("id=\"unknown\"", again, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"code\"", again, StringComparison.Ordinal);
        using var home = await client.GetAsync("/");
        Assert.Equal("/Account/Login", home.Headers.Location!.AbsolutePath);
    }

    [Fact]
    public async Task In_chromium_the_sign_in_button_goes_to_the_provider_and_back_under_the_apps_content_security_policy()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: apt-get install chromium (eng/test.sh does)");
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-dev-shm-usage"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { BaseURL = oidc.Base });
        var errors = new List<string>();
        page.Console += (_, m) => { if (m.Type == "error") errors.Add($"{m.Text} ({m.Location})"); };
        page.Response += (_, r) => { if (r.Status >= 400) errors.Add($"{r.Status} {r.Url}"); };
        page.SetDefaultTimeout(120_000);

        await page.GotoAsync($"/runs/{oidc.RunId}");
        Assert.Contains("/Account/Login", page.Url, StringComparison.Ordinal);
        await page.ClickAsync("#signin-oidc");
        await page.WaitForSelectorAsync("#provider-signin");
        Assert.StartsWith(oidc.Provider.BaseUrl + "connect/authorize", page.Url, StringComparison.Ordinal);
        await page.FillAsync("#login", "anna");
        await page.ClickAsync("#provider-signin");
        // The provider's form_post page submits itself to /signin-oidc, which signs in and returns to the run.
        await page.WaitForURLAsync(oidc.Base + $"/runs/{oidc.RunId}");
        await page.WaitForSelectorAsync("#metrics");
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }
}

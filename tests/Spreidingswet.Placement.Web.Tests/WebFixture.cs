using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Spreidingswet.Placement.Web.Services;

namespace Spreidingswet.Placement.Web.Tests;

/// <summary>
/// One app (TestServer) for the API, authorisation and concurrency tests: its own data folder, the
/// demo proposal solved at start, one user per role plus one without a role.
/// </summary>
public sealed partial class WebFixture : IAsyncLifetime
{
    public const string Password = "test-password-0123";

    public static readonly string[] Users = ["planner1", "planner2", "coordinator1", "auditor1", "admin", "norole"];

    private readonly string _data = Path.Combine(Path.GetTempPath(), "placement-web-tests-" + Guid.NewGuid().ToString("N")[..8]);

    public WebApplicationFactory<Program> Factory { get; private set; } = null!;

    public string RunId { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Development");
            b.UseSetting("Placement:DataDirectory", _data);
            b.UseSetting("Placement:DemoOnStart", "true");
            b.UseSetting("Placement:DemoTimeLimitSeconds", "20");
            b.UseSetting("Placement:SignInPermitsPerMinute", "10000");
            b.UseSetting("PLACEMENT_WEB_ADMIN_USER", "admin");
            b.UseSetting("PLACEMENT_WEB_ADMIN_PASSWORD", Password);
        });
        _ = Factory.Server;
        await SeedUsers(Factory.Services);
        RunId = await DemoRun(Factory.Services);
    }

    public Task DisposeAsync()
    {
        Factory.Dispose();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }

        return Task.CompletedTask;
    }

    /// <summary>Creates planner1, planner2, coordinator1, auditor1 and norole (admin comes from PLACEMENT_WEB_ADMIN_*).</summary>
    public static async Task SeedUsers(IServiceProvider services, IEnumerable<(string Name, string[] Roles)>? extra = null)
    {
        using var scope = services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        (string, string[])[] all = [("planner1", [Roles.Planner]), ("planner2", [Roles.Planner]), ("coordinator1", [Roles.Coordinator]), ("auditor1", [Roles.Auditor]), ("norole", []), .. extra ?? []];
        foreach (var (name, roles) in all)
        {
            var errors = await AccountSetup.CreateUserAsync(users, name, Password, roles);
            Assert.Empty(errors);
        }
    }

    /// <summary>Waits for the demo proposal queued at start; its run id.</summary>
    public static async Task<string> DemoRun(IServiceProvider services)
    {
        var runner = services.GetRequiredService<ProposalRunner>();
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            var jobs = runner.Jobs;
            var job = jobs.Count > 0 ? jobs[^1] : null; // the oldest: the demo queued at start
            if (job is { Status: JobStatus.Done, RunId: { } id })
            {
                return id;
            }

            Assert.False(job is { Status: JobStatus.Failed or JobStatus.Cancelled }, job?.Error);
            await Task.Delay(200);
        }

        throw new TimeoutException("the demo proposal did not finish in 90 s");
    }

    public HttpClient Anonymous() => Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>A client signed in through the real sign-in form (anti-forgery token and all).</summary>
    public async Task<HttpClient> SignedIn(string user)
    {
        var client = Anonymous();
        var form = await client.GetStringAsync("/Account/Login");
        var response = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["userName"] = user,
            ["password"] = Password,
            ["returnUrl"] = "/",
            ["__RequestVerificationToken"] = FormToken(form),
        }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location?.OriginalString);
        return client;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();

    /// <summary>The repository's root (the folder with Spreidingswet.Placement.sln), found from the test binaries.</summary>
    public static string Repository()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Spreidingswet.Placement.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Spreidingswet.Placement.sln not found above " + AppContext.BaseDirectory);
    }

    public static string FormToken(string html)
    {
        var m = TokenField().Match(html);
        Assert.True(m.Success, "no anti-forgery token in the page");
        return m.Groups[1].Value;
    }

    /// <summary>The anti-forgery request token for API POSTs of this signed-in client.</summary>
    public static async Task<string> ApiToken(HttpClient client)
    {
        var body = await client.GetFromJsonAsync<TokenBody>("/api/antiforgery");
        return body!.Token;
    }

    private sealed record TokenBody(string Token, string Header);
}

[CollectionDefinition(Name)]
public sealed class WebGroup : ICollectionFixture<WebFixture>
{
    public const string Name = "web app";
}

using System.Net;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Spreidingswet.Placement.Web.Services;

namespace Spreidingswet.Placement.Web.Tests;

/// <summary>Every endpoint refuses an anonymous caller and a caller without the role; the table below must name every endpoint.</summary>
[Collection(WebGroup.Name)]
public sealed class AuthorizationTests(WebFixture app)
{
    private const string Any = "any signed-in user";

    private static readonly string[] ReadRoles = [Roles.Planner, Roles.Coordinator, Roles.Auditor];
    private static readonly string[] PlanRoles = [Roles.Planner, Roles.Coordinator];

    /// <summary>(method, route pattern, who may call it: role names or <see cref="Any"/>).</summary>
    private static readonly (string Method, string Route, string[] Allowed)[] Table =
    [
        ("GET", "", [Any]),
        ("GET", "Index", [Any]),
        ("POST", "Index?handler=Propose", PlanRoles),
        ("GET", "Account/Logout", [Any]),
        ("POST", "Account/Logout", [Any]),
        ("GET", "admin/users", [Roles.Administrator]),
        ("POST", "admin/users", [Roles.Administrator]),
        ("GET", "audit", [Roles.Auditor]),
        ("GET", "situation", PlanRoles),
        ("POST", "situation", PlanRoles),
        ("POST", "situation?handler=Demo", PlanRoles),
        ("POST", "situation?handler=Layers", PlanRoles),
        ("POST", "situation?handler=DefaultLayers", PlanRoles),
        ("GET", "jobs/{id}", ReadRoles),
        ("POST", "jobs/{id}?handler=Cancel", PlanRoles),
        ("GET", "runs/{id}", ReadRoles),
        ("POST", "runs/{id}?handler=AcceptRemaining", PlanRoles),
        ("GET", "runs/{id}/youths/{youth}", ReadRoles),
        ("POST", "runs/{id}/youths/{youth}", PlanRoles),
        ("GET", "api/antiforgery", [Any]),
        ("GET", "api/regions", ReadRoles),
        ("GET", "api/runs/{id}/regions", ReadRoles),
        ("GET", "api/situation", ReadRoles),
        ("POST", "api/situation", PlanRoles),
        ("POST", "api/situation/demo", PlanRoles),
        ("POST", "api/situation/layers", PlanRoles),
        ("POST", "api/situation/layers/default", PlanRoles),
        ("GET", "api/runs", ReadRoles),
        ("GET", "api/runs/{id}", ReadRoles),
        ("GET", "api/runs/{id}/map", ReadRoles),
        ("GET", "api/runs/{id}/proposal.json", ReadRoles),
        ("GET", "api/runs/{id}/proposal.csv", ReadRoles),
        ("GET", "api/jobs/{id}", ReadRoles),
        ("POST", "api/proposals", PlanRoles),
        ("POST", "api/jobs/{id}/cancel", PlanRoles),
        ("POST", "api/runs/{id}/decisions", PlanRoles),
        ("GET", "api/audit", [Roles.Auditor]),
        ("GET", "api/runs/{id}/report.html", ReadRoles),
        ("GET", "api/runs/{id}/proposal.xlsx", ReadRoles),
        ("GET", "api/audit/runs/{id}/export.json", [Roles.Auditor]),
        ("GET", "openapi/{documentName}.json", [Any]),
        ("POST", "runs/{id}?handler=Approve", [Roles.Coordinator]),
        ("POST", "api/runs/{id}/approval", [Roles.Coordinator]),
        ("GET", "whatif", PlanRoles),
        ("POST", "whatif", PlanRoles),
        ("GET", "whatif/{id}", ReadRoles),
        ("POST", "whatif/{id}?handler=Adopt", PlanRoles),
        ("POST", "api/whatif", PlanRoles),
        ("GET", "api/whatif/{id}", ReadRoles),
        ("GET", "api/whatif/{id}/map/{index:int}", ReadRoles),
        ("GET", "api/whatif/{id}/regions", ReadRoles),
        ("POST", "api/whatif/{id}/adopt/{index:int}", PlanRoles),
    ];

    private static readonly string[] Anonymous = ["healthz", "lang/{code}", "Account/Login", "Account/AccessDenied", "Error"];

    private static readonly Dictionary<string, string> UserRoles = new(StringComparer.Ordinal)
    {
        ["planner1"] = Roles.Planner,
        ["coordinator1"] = Roles.Coordinator,
        ["auditor1"] = Roles.Auditor,
        ["admin"] = Roles.Administrator,
        ["norole"] = "",
    };

    [Fact]
    public void The_table_names_every_endpoint_that_is_not_anonymous()
    {
        var endpoints = app.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        var routes = endpoints.Select(e => e.RoutePattern.RawText!.Trim('/')).ToHashSet(StringComparer.Ordinal);
        var named = Table.Select(t => t.Route.Split('?')[0]).ToHashSet(StringComparer.Ordinal);
        Assert.Empty(routes.Except(named).Except(Anonymous));
        Assert.Empty(named.Except(routes));
        foreach (var e in endpoints.Where(e => Anonymous.Contains(e.RoutePattern.RawText!.Trim('/'))))
        {
            Assert.NotNull(e.Metadata.GetMetadata<IAllowAnonymous>());
        }
    }

    [Fact]
    public async Task Anonymous_callers_are_refused_everywhere()
    {
        using var client = app.Anonymous();
        foreach (var (method, route, _) in Table)
        {
            using var response = await client.SendAsync(Request(method, route, null));
            if (route.StartsWith("api/", StringComparison.Ordinal) || route.StartsWith("openapi/", StringComparison.Ordinal))
            {
                Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} /{route}: {response.StatusCode}");
            }
            else
            {
                Assert.True(response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.OriginalString.Contains("/Account/Login", StringComparison.Ordinal),
                    $"{method} /{route}: {response.StatusCode} {response.Headers.Location}");
            }
        }
    }

    [Fact]
    public async Task Callers_without_the_role_are_refused_and_callers_with_it_are_let_through()
    {
        var checkedCalls = 0;
        foreach (var (user, role) in UserRoles)
        {
            using var client = await app.SignedIn(user);
            var token = WebFixture.FormToken(await client.GetStringAsync("/"));
            foreach (var (method, route, allowed) in Table.Where(t => t.Route != "Account/Logout"))
            {
                var may = allowed.Contains(Any) || allowed.Contains(role);
                using var response = await client.SendAsync(Request(method, route, token));
                var refused = response.StatusCode == HttpStatusCode.Forbidden
                    || (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.OriginalString.Contains("/Account/AccessDenied", StringComparison.Ordinal));
                var unauthenticated = response.StatusCode == HttpStatusCode.Unauthorized
                    || (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.OriginalString.Contains("/Account/Login", StringComparison.Ordinal));
                Assert.False(unauthenticated, $"{user} {method} /{route}: treated as not signed in");
                Assert.True(may != refused, $"{user} ({role}) {method} /{route}: {(may ? "refused" : "let through")} ({response.StatusCode} {response.Headers.Location})");
                checkedCalls++;
            }
        }

        Assert.True(checkedCalls > 100);
    }

    /// <summary>A request with harmless values: POSTs carry the anti-forgery token (form field and header) and an empty body.</summary>
    private HttpRequestMessage Request(string method, string route, string? token)
    {
        var path = "/" + route.Replace("{id}", app.RunId, StringComparison.Ordinal).Replace("{youth}", "Y-none", StringComparison.Ordinal)
            .Replace("{index:int}", "0", StringComparison.Ordinal).Replace("{documentName}", "v1", StringComparison.Ordinal);
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST")
        {
            if (route.StartsWith("api/", StringComparison.Ordinal))
            {
                request.Content = new StringContent("{\"youth\":\"Y-none\",\"kind\":\"accept\",\"expectedSequence\":-1,\"timeLimitSeconds\":-1}", System.Text.Encoding.UTF8, "application/json");
            }
            else
            {
                request.Content = new FormUrlEncodedContent(token is null ? [] : new Dictionary<string, string> { ["__RequestVerificationToken"] = token });
            }

            if (token is not null)
            {
                request.Headers.Add("RequestVerificationToken", token);
            }
        }

        return request;
    }
}

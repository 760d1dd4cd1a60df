using System.Net;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Spreidingswet.Placement.Web.Tests;

/// <summary>The provider's store: OpenIddict's entities (applications, authorizations, tokens) in SQLite.</summary>
public sealed class ProviderDb(DbContextOptions<ProviderDb> options) : DbContext(options);

/// <summary>
/// A real OpenID Connect provider in the test process (OpenIddict 7.9 server on Kestrel, a free loopback
/// port, its store in a SQLite file): discovery, the authorization code flow with PKCE (required), a
/// confidential client, id_tokens signed with an ephemeral key. The authorization endpoint shows a trivial
/// sign-in form (a login name picked from <see cref="Users"/>, no password) and then issues a code for that
/// user; the id_token carries <c>sub</c>, <c>name</c> and the user's roles in the claim named
/// <see cref="RoleClaim"/>.
/// </summary>
public sealed class OidcProvider : IAsyncDisposable
{
    private readonly WebApplication _app;

    private OidcProvider(WebApplication app, string baseUrl) => (_app, BaseUrl) = (app, baseUrl);

    /// <summary>The provider's address, e.g. <c>http://127.0.0.1:41234/</c> (the app's Oidc:Authority).</summary>
    public string BaseUrl { get; }

    /// <summary>The claim type the roles go into (the app's Oidc:RoleClaim).</summary>
    public required string RoleClaim { get; init; }

    /// <summary>Who can sign in: login name to subject and roles.</summary>
    public required IReadOnlyDictionary<string, (string Subject, string[] Roles)> Users { get; init; }

    public static async Task<OidcProvider> StartAsync(string folder, string roleClaim, IReadOnlyDictionary<string, (string Subject, string[] Roles)> users)
    {
        Directory.CreateDirectory(folder);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Development, ContentRootPath = folder });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddDbContext<ProviderDb>(o =>
        {
            o.UseSqlite($"Data Source={Path.Combine(folder, "provider.db")}");
            o.UseOpenIddict();
        });
        builder.Services.AddOpenIddict()
            .AddCore(o => o.UseEntityFrameworkCore().UseDbContext<ProviderDb>())
            .AddServer(o =>
            {
                o.SetAuthorizationEndpointUris("connect/authorize").SetTokenEndpointUris("connect/token");
                o.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange();
                o.RegisterScopes(Scopes.OpenId, Scopes.Profile);
                o.AddEphemeralEncryptionKey().AddEphemeralSigningKey();
                // Plain http on loopback: the provider runs on this machine only.
                o.UseAspNetCore().EnableAuthorizationEndpointPassthrough().DisableTransportSecurityRequirement();
            });

        var app = builder.Build();
        OidcProvider? provider = null;
        app.MapMethods("/connect/authorize", [HttpMethods.Get, HttpMethods.Post], (Func<HttpContext, Task<IResult>>)(ctx => provider!.Authorize(ctx)));
        app.MapGet("/favicon.ico", () => Results.NoContent()); // a browser asks; no 404 in its console
        using (var scope = app.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<ProviderDb>().Database.EnsureCreatedAsync();
        }

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        provider = new OidcProvider(app, address.TrimEnd('/') + "/") { RoleClaim = roleClaim, Users = users };
        return provider;
    }

    /// <summary>Registers the app as a confidential client with its redirect URI, the code flow and PKCE.</summary>
    public async Task RegisterClientAsync(string clientId, string secret, Uri redirectUri)
    {
        using var scope = _app.Services.CreateScope();
        var manager = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        await manager.CreateAsync(new OpenIddictApplicationDescriptor
        {
            ClientId = clientId,
            ClientSecret = secret,
            ClientType = ClientTypes.Confidential,
            RedirectUris = { redirectUri },
            Permissions =
            {
                Permissions.Endpoints.Authorization, Permissions.Endpoints.Token,
                Permissions.GrantTypes.AuthorizationCode, Permissions.ResponseTypes.Code, Permissions.Scopes.Profile,
            },
            Requirements = { Requirements.Features.ProofKeyForCodeExchange },
        });
    }

    private async Task<IResult> Authorize(HttpContext ctx)
    {
        var request = ctx.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("no OpenID Connect request");
        var login = HttpMethods.IsPost(ctx.Request.Method) ? (string?)(await ctx.Request.ReadFormAsync())["login"] : null;
        if (login is null || !Users.TryGetValue(login, out var user))
        {
            return Results.Content(LoginForm(request, login), "text/html; charset=utf-8", Encoding.UTF8, login is null ? 200 : 400);
        }

        var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, RoleClaim);
        identity.SetClaim(Claims.Subject, user.Subject).SetClaim(Claims.Name, login);
        foreach (var role in user.Roles)
        {
            identity.AddClaim(new Claim(RoleClaim, role));
        }

        identity.SetScopes(request.GetScopes());
        identity.SetDestinations(_ => [Destinations.IdentityToken, Destinations.AccessToken]);
        return Results.SignIn(new ClaimsPrincipal(identity), properties: null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    /// <summary>The sign-in form: the authorization request's parameters as hidden fields and a login name.</summary>
    private static string LoginForm(OpenIddictRequest request, string? failed)
    {
        var html = new StringBuilder("<!doctype html><html><head><title>Test provider</title></head><body><h1>Test provider</h1>");
        if (failed is not null)
        {
            html.Append("<p id=\"unknown\">unknown login</p>");
        }

        html.Append("<form method=\"post\" action=\"/connect/authorize\">");
        foreach (var (name, value) in request.GetParameters())
        {
            html.Append("<input type=\"hidden\" name=\"").Append(WebUtility.HtmlEncode(name)).Append("\" value=\"")
                .Append(WebUtility.HtmlEncode((string?)value)).Append("\" />");
        }

        html.Append("<label>Login <input id=\"login\" name=\"login\" /></label><button type=\"submit\" id=\"provider-signin\">Sign in</button></form></body></html>");
        return html.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

using System.Globalization;
using System.Security.Claims;
using System.Text.Json.Serialization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Spreidingswet.Placement.Geography;
using Spreidingswet.Placement.Web;
using Spreidingswet.Placement.Web.Services;

var app = WebApp.Create(args);
await WebApp.PrepareAsync(app);
await app.RunAsync();

namespace Spreidingswet.Placement.Web
{
    /// <summary>The composition of the web app (also used by the tests to start a real Kestrel server).</summary>
    public static class WebApp
    {
        /// <summary>The app: accounts and sign-in, authorisation and the sign-in rate limit, the pages, the placement services; then the pipeline and the endpoints.</summary>
        public static WebApplication Create(string[] args, Action<WebApplicationBuilder>? configure = null)
        {
            // The application name is this assembly (not the entry assembly) so that its pages are found when a
            // test host starts the app.
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ApplicationName = typeof(WebApp).Assembly.GetName().Name });
            configure?.Invoke(builder);
            var services = builder.Services;
            var config = builder.Configuration;
            services.Configure<WebOptions>(config.GetSection("Placement"));
            var web = config.GetSection("Placement").Get<WebOptions>() ?? new WebOptions();
            var oidc = config.GetSection("Oidc").Get<OidcOptions>() ?? new OidcOptions();
            var root = builder.Environment.ContentRootPath;
            CheckOidc(oidc, builder.Environment);
            AddAccounts(services, web, oidc, root);
            AddAuthorization(services, web);
            AddPages(services);
            AddPlacement(services, web, root);

            var app = builder.Build();
            UsePipeline(app, oidc);
            MapEndpoints(app);
            return app;
        }

        /// <summary>Local accounts (ASP.NET Core Identity in SQLite, lockout), the sign-in cookie and, when configured, OpenID Connect.</summary>
        private static void AddAccounts(IServiceCollection services, WebOptions web, OidcOptions oidc, string root)
        {
            var usersDb = web.Resolve(root, web.UsersDatabase);
            Directory.CreateDirectory(Path.GetDirectoryName(usersDb)!);
            services.AddDataProtection().PersistKeysToFileSystem(new DirectoryInfo(web.Resolve(root, "keys")));
            services.AddDbContext<WebDb>(o => o.UseSqlite($"Data Source={usersDb}"));
            services.AddIdentity<IdentityUser, IdentityRole>(IdentitySettings)
                .AddEntityFrameworkStores<WebDb>()
                .AddDefaultTokenProviders();
            services.ConfigureApplicationCookie(o =>
            {
                o.LoginPath = "/Account/Login";
                o.AccessDeniedPath = "/Account/AccessDenied";
                o.Cookie.Name = "placement.auth";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.SlidingExpiration = true;
                o.ExpireTimeSpan = SessionLifetime;
                o.Events.OnRedirectToLogin = ctx => ApiAware(ctx.HttpContext, ctx.RedirectUri, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = ctx => ApiAware(ctx.HttpContext, ctx.RedirectUri, StatusCodes.Status403Forbidden);
                o.Events.OnValidatePrincipal = ValidatePrincipal;
            });
            if (oidc.Configured)
            {
                services.AddAuthentication().AddOpenIdConnect(OpenIdConnectDefaults.AuthenticationScheme, oidc.DisplayName, o =>
                {
                    o.Authority = oidc.Authority;
                    o.ClientId = oidc.ClientId;
                    o.ClientSecret = string.IsNullOrEmpty(oidc.ClientSecret) ? null : oidc.ClientSecret;
                    o.ResponseType = "code";
                    o.UsePkce = true;
                    o.SignInScheme = IdentityConstants.ApplicationScheme;
                    o.TokenValidationParameters.RoleClaimType = oidc.RoleClaim;
                    o.TokenValidationParameters.NameClaimType = "name";
                    o.MapInboundClaims = false;
                    o.RequireHttpsMetadata = oidc.RequireHttps;
                    if (!oidc.RequireHttps)
                    {
                        // A provider on this machine over http (Development only, CheckOidc): the handler's
                        // cookies without Secure, so SameSite=Lax (browsers refuse SameSite=None without Secure).
                        foreach (var cookie in new[] { o.CorrelationCookie, o.NonceCookie })
                        {
                            cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                            cookie.SameSite = SameSiteMode.Lax;
                        }
                    }

                    // Marks the session as an OIDC one (ValidatePrincipal): the cookie keeps the properties.
                    o.Events.OnTicketReceived = ctx =>
                    {
                        ctx.Properties!.Items[OidcSignedInAt] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
                        return Task.CompletedTask;
                    };
                });
            }
        }

        /// <summary>The Identity settings (passwords, lockout); also the design-time factory's, so that dotnet-ef sees the app's model.</summary>
        internal static void IdentitySettings(IdentityOptions o)
        {
            o.Password.RequiredLength = 12;
            o.Password.RequireNonAlphanumeric = false;
            o.Password.RequireUppercase = false;
            o.Password.RequireLowercase = false;
            o.Password.RequireDigit = false;
            o.Lockout.MaxFailedAccessAttempts = 5;
            o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
            o.Lockout.AllowedForNewUsers = true;
            o.User.RequireUniqueEmail = false;
        }

        /// <summary>The cookie property that marks a session signed in through OpenID Connect, with the time of that sign-in.</summary>
        internal const string OidcSignedInAt = "placement.oidc-signed-in";

        /// <summary>How long a session lasts without a request (sliding), and at most for an OIDC sign-in.</summary>
        internal static readonly TimeSpan SessionLifetime = TimeSpan.FromHours(8);

        /// <summary>
        /// Local accounts: Identity's security-stamp check (a changed password or removed user ends the session).
        /// OIDC sessions have no local user to check against (the roles come from the provider's token), so
        /// Identity's check would end each one after its interval (30 min); instead they end 8 hours after the
        /// sign-in at the provider, whatever the activity, so a role taken away there applies within a working day.
        /// </summary>
        private static Task ValidatePrincipal(CookieValidatePrincipalContext ctx)
        {
            if (!ctx.Properties.Items.TryGetValue(OidcSignedInAt, out var at))
            {
                return SecurityStampValidator.ValidatePrincipalAsync(ctx);
            }

            if (DateTimeOffset.TryParseExact(at, "O", CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var signedIn)
                && DateTimeOffset.UtcNow - signedIn <= SessionLifetime)
            {
                return Task.CompletedTask;
            }

            ctx.RejectPrincipal();
            return ctx.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
        }

        /// <summary>The Oidc section's values that would otherwise fail late or unclearly: an authority that is no absolute URL, http outside Development.</summary>
        private static void CheckOidc(OidcOptions oidc, IWebHostEnvironment environment)
        {
            if (!oidc.Configured)
            {
                return;
            }

            if (!Uri.TryCreate(oidc.Authority, UriKind.Absolute, out var authority) || (authority.Scheme != Uri.UriSchemeHttps && authority.Scheme != Uri.UriSchemeHttp))
            {
                throw new InvalidOperationException($"Oidc:Authority: '{oidc.Authority}' is not an absolute http(s) URL of the identity provider.");
            }

            if (!oidc.RequireHttps && !environment.IsDevelopment())
            {
                throw new InvalidOperationException($"Oidc:RequireHttps: false is allowed only in the Development environment (a provider on this machine), not in '{environment.EnvironmentName}'.");
            }

            if (oidc.RequireHttps && authority.Scheme != Uri.UriSchemeHttps)
            {
                throw new InvalidOperationException($"Oidc:Authority: '{oidc.Authority}' is not https (Oidc:RequireHttps is true).");
            }
        }

        /// <summary>Every page and call needs a signed-in user; the role policies; the sign-in rate limit.</summary>
        private static void AddAuthorization(IServiceCollection services, WebOptions web)
        {
            services.AddAuthorizationBuilder()
                .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
                .AddPolicy(Roles.Read, p => p.RequireRole(Roles.Planner, Roles.Coordinator, Roles.Auditor))
                .AddPolicy(Roles.Plan, p => p.RequireRole(Roles.Planner, Roles.Coordinator))
                .AddPolicy(Roles.Approve, p => p.RequireRole(Roles.Coordinator))
                .AddPolicy(Roles.Audit, p => p.RequireRole(Roles.Auditor))
                .AddPolicy(Roles.Admin, p => p.RequireRole(Roles.Administrator));

            services.AddRateLimiter(o =>
            {
                o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
                o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(ctx =>
                    HttpMethods.IsPost(ctx.Request.Method) && ctx.Request.Path.StartsWithSegments("/Account/Login", StringComparison.OrdinalIgnoreCase)
                        ? RateLimitPartition.GetFixedWindowLimiter(ctx.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                            _ => new FixedWindowRateLimiterOptions { PermitLimit = Math.Max(1, web.SignInPermitsPerMinute), Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })
                        : RateLimitPartition.GetNoLimiter("other"));
            });
        }

        private static void AddPages(IServiceCollection services)
        {
            services.AddRazorPages(o =>
            {
                o.Conventions.AllowAnonymousToPage("/Account/Login");
                o.Conventions.AllowAnonymousToPage("/Account/AccessDenied");
                o.Conventions.AuthorizeFolder("/Runs", Roles.Read);
                o.Conventions.AuthorizeFolder("/Jobs", Roles.Read);
                o.Conventions.AuthorizeFolder("/Audit", Roles.Audit);
                o.Conventions.AuthorizeFolder("/Upload", Roles.Plan);
                o.Conventions.AuthorizeFolder("/WhatIf", Roles.Read);
                o.Conventions.AuthorizePage("/WhatIf/Index", Roles.Plan);
                o.Conventions.AuthorizeFolder("/Admin", Roles.Admin);
            });
            services.AddAntiforgery(o => o.HeaderName = "RequestVerificationToken");
            services.AddOpenApi();
            services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        }

        /// <summary>The situation, the audit store, runs, decisions and the proposal queue.</summary>
        private static void AddPlacement(IServiceCollection services, WebOptions web, string root)
        {
            services.AddHttpContextAccessor();
            services.AddScoped<Texts>();
            services.AddSingleton<AccountSetup>();
            services.AddSingleton(_ => new WebState(web.Resolve(root, web.StateDatabase)));
            services.AddSingleton(sp =>
            {
                var situation = new Situation(RegionMap.LoadDefault(), sp.GetRequiredService<WebState>(), web.Resolve(root, "layers"));
                if (situation.RestoreFailed is { } failed)
                {
                    sp.GetRequiredService<ILogger<Situation>>().LogWarning("Restoring the kept state: {Problem}", failed);
                }

                return situation;
            });
            services.AddSingleton(sp => new Uploads(sp.GetRequiredService<Situation>()));
            services.AddSingleton(sp => new AuditStore(web.Resolve(root, web.AuditLog)));
            services.AddSingleton<RunStore>();
            services.AddSingleton<DecisionService>();
            services.AddSingleton<ProposalRunner>();
            services.AddSingleton<WhatIfs>();
            services.AddSingleton<Approvals>();
            services.AddHostedService(sp => sp.GetRequiredService<ProposalRunner>());
            services.AddHostedService<DemoStarter>();
            services.AddHsts(o => o.MaxAge = TimeSpan.FromDays(365));
        }

        private static void UsePipeline(WebApplication app, OidcOptions oidc)
        {
            if (!app.Environment.IsDevelopment())
            {
                app.UseExceptionHandler("/Error");
                app.UseHsts();
            }

            app.Use(SecurityHeaders(oidc));
            app.UseStaticFiles();
            app.UseRouting();
            app.UseRateLimiter();
            app.UseAuthentication();
            app.UseAuthorization();
        }

        private static void MapEndpoints(WebApplication app)
        {
            app.MapGet("/healthz", () => Results.Text("ok")).AllowAnonymous();
            app.MapGet("/lang/{code}", (string code, string? returnUrl, HttpContext ctx) =>
            {
                ctx.Response.Cookies.Append(Texts.Cookie, code == "en" ? "en" : "nl",
                    new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Lax, MaxAge = TimeSpan.FromDays(365), IsEssential = true });
                return Results.LocalRedirect(returnUrl is { Length: > 0 } r && r.StartsWith('/') && !r.StartsWith("//", StringComparison.Ordinal) && !r.StartsWith("/\\", StringComparison.Ordinal) ? r : "/");
            }).AllowAnonymous();
            Api.Map(app);
            // The API's OpenAPI document (GET /openapi/v1.json), for signed-in callers like the API itself.
            app.MapOpenApi().RequireAuthorization();
            app.MapRazorPages();
        }

        /// <summary>Creates the users' database, the roles and the first administrator; warms the engine up.</summary>
        public static async Task PrepareAsync(WebApplication app)
        {
            ArgumentNullException.ThrowIfNull(app);
            await app.Services.GetRequiredService<AccountSetup>().RunAsync(app.Services, app.Configuration, app.Logger);
            _ = app.Services.GetRequiredService<Situation>();
        }

        private static Task ApiAware(HttpContext ctx, string redirect, int status)
        {
            if (ctx.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase) || ctx.Request.Path.StartsWithSegments("/openapi", StringComparison.OrdinalIgnoreCase))
            {
                ctx.Response.StatusCode = status;
            }
            else
            {
                ctx.Response.Redirect(redirect);
            }

            return Task.CompletedTask;
        }

        private static Func<HttpContext, RequestDelegate, Task> SecurityHeaders(OidcOptions oidc)
        {
            var formAction = oidc.Configured ? $"'self' {new Uri(oidc.Authority).GetLeftPart(UriPartial.Authority)}" : "'self'";
            var csp = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; "
                + $"object-src 'none'; base-uri 'self'; form-action {formAction}; frame-ancestors 'none'";
            return (ctx, next) =>
            {
                var h = ctx.Response.Headers;
                h.ContentSecurityPolicy = csp;
                h.XContentTypeOptions = "nosniff";
                h.XFrameOptions = "DENY";
                h["Referrer-Policy"] = "no-referrer";
                h["Cross-Origin-Opener-Policy"] = "same-origin";
                return next(ctx);
            };
        }

        internal static string Planner(ClaimsPrincipal user) => PlannerIds.Of(user);
    }
}

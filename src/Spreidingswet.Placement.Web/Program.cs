using System.Security.Claims;
using System.Text.Json.Serialization;
using System.Threading.RateLimiting;
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
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.Events.OnRedirectToLogin = ctx => ApiAware(ctx.HttpContext, ctx.RedirectUri, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = ctx => ApiAware(ctx.HttpContext, ctx.RedirectUri, StatusCodes.Status403Forbidden);
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
            services.AddSingleton(sp => new Situation(RegionMap.LoadDefault(), sp.GetRequiredService<WebState>()));
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

namespace Spreidingswet.Placement.Web.Services;

/// <summary>The app's settings (section <c>Placement</c> of appsettings.json); relative paths are under <see cref="DataDirectory"/>.</summary>
public sealed class WebOptions
{
    /// <summary>Folder of the users' database and the audit log, relative to the content root. Default <c>data</c>.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>The ASP.NET Core Identity database (SQLite). Default <c>users.db</c>.</summary>
    public string UsersDatabase { get; set; } = "users.db";

    /// <summary>The app's working state (SQLite; <see cref="WebState"/>): the current situation and the job queue, kept across restarts. Default <c>web-state.db</c>.</summary>
    public string StateDatabase { get; set; } = "web-state.db";

    /// <summary>The engine's audit log (SQLite; <c>AuditLog</c>). Default <c>placement-audit.db</c>.</summary>
    public string AuditLog { get; set; } = "placement-audit.db";

    /// <summary>Queue a demo proposal at start when the audit log has no run yet. Default true.</summary>
    public bool DemoOnStart { get; set; } = true;

    /// <summary>The demo proposal's time limit in seconds. Default 30.</summary>
    public double DemoTimeLimitSeconds { get; set; } = 30;

    /// <summary>Proposals solved at once; 0 means one per core. Default 0.</summary>
    public int Workers { get; set; }

    /// <summary>Sign-in attempts (POST) per client address per minute. Default 10.</summary>
    public int SignInPermitsPerMinute { get; set; } = 10;

    internal string Resolve(string contentRoot, string file) =>
        Path.GetFullPath(Path.Combine(Path.IsPathRooted(DataDirectory) ? DataDirectory : Path.Combine(contentRoot, DataDirectory), file));
}

/// <summary>OpenID Connect (section <c>Oidc</c>): used when <see cref="Authority"/> and <see cref="ClientId"/> are set; otherwise local accounts only.</summary>
public sealed class OidcOptions
{
    public string Authority { get; set; } = "";

    public string ClientId { get; set; } = "";

    public string ClientSecret { get; set; } = "";

    /// <summary>The claim of the identity provider's token that carries the roles. Default <c>roles</c>.</summary>
    public string RoleClaim { get; set; } = "roles";

    public string DisplayName { get; set; } = "Organisation account";

    /// <summary>
    /// The provider's metadata over HTTPS only, and the sign-in's correlation and nonce cookies
    /// <c>Secure; SameSite=None</c>. Default true. False (only in the Development environment, for a provider
    /// on this machine as in the tests) allows an <c>http://</c> authority and sends those cookies
    /// <c>SameSite=Lax</c>, <c>Secure</c> only over HTTPS.
    /// </summary>
    public bool RequireHttps { get; set; } = true;

    public bool Configured => !string.IsNullOrWhiteSpace(Authority) && !string.IsNullOrWhiteSpace(ClientId);
}

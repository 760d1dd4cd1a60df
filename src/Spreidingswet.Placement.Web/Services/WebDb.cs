using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Spreidingswet.Placement.Web.Services;

/// <summary>The app's own SQLite database: local accounts and roles (ASP.NET Core Identity).</summary>
public sealed class WebDb(DbContextOptions<WebDb> options) : IdentityDbContext<IdentityUser>(options);

/// <summary>Creates the database, the roles and, on first start, the administrator from PLACEMENT_WEB_ADMIN_USER / PLACEMENT_WEB_ADMIN_PASSWORD.</summary>
public sealed class AccountSetup
{
    /// <summary>True while no administrator exists (the sign-in page then says how to create one).</summary>
    public bool NeedsAdministrator { get; private set; }

    public async Task RunAsync(IServiceProvider services, IConfiguration configuration, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<WebDb>();
        await db.Database.EnsureCreatedAsync();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new IdentityRole(role));
            }
        }

        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        if ((await users.GetUsersInRoleAsync(Roles.Administrator)).Count > 0)
        {
            NeedsAdministrator = false;
            return;
        }

        var name = configuration["PLACEMENT_WEB_ADMIN_USER"];
        var password = configuration["PLACEMENT_WEB_ADMIN_PASSWORD"];
        if (string.IsNullOrWhiteSpace(name) || string.IsNullOrEmpty(password))
        {
            NeedsAdministrator = true;
            logger.LogWarning("No administrator yet: set PLACEMENT_WEB_ADMIN_USER and PLACEMENT_WEB_ADMIN_PASSWORD (at least 12 characters) and restart to create the first one.");
            return;
        }

        var created = await CreateUserAsync(users, name, password, [Roles.Administrator]);
        NeedsAdministrator = created.Count > 0;
        if (created.Count > 0)
        {
            logger.LogError("The first administrator could not be created: {Errors}", string.Join(" ", created));
        }
        else
        {
            logger.LogInformation("Created the first administrator from PLACEMENT_WEB_ADMIN_USER.");
        }
    }

    /// <summary>Creates a user with roles; the errors (empty on success).</summary>
    public static async Task<IReadOnlyList<string>> CreateUserAsync(UserManager<IdentityUser> users, string name, string password, IEnumerable<string> roles)
    {
        ArgumentNullException.ThrowIfNull(users);
        var user = new IdentityUser(name.Trim());
        var result = await users.CreateAsync(user, password);
        if (!result.Succeeded)
        {
            return [.. result.Errors.Select(e => e.Description)];
        }

        var added = await users.AddToRolesAsync(user, roles.Where(r => Roles.All.Contains(r, StringComparer.Ordinal)));
        return added.Succeeded ? [] : [.. added.Errors.Select(e => e.Description)];
    }
}

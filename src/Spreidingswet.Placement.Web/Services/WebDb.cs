using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Spreidingswet.Placement.Web.Services;

/// <summary>The app's own SQLite database: local accounts and roles (ASP.NET Core Identity). Its schema is kept by EF Core migrations (<c>Migrations/</c>).</summary>
public sealed class WebDb(DbContextOptions<WebDb> options) : IdentityDbContext<IdentityUser>(options)
{
    /// <summary>The tables of the first migration (<c>Initial</c>): the schema that <c>EnsureCreated</c> made before the app used migrations.</summary>
    internal static readonly string[] InitialTables =
        ["AspNetRoleClaims", "AspNetRoles", "AspNetUserClaims", "AspNetUserLogins", "AspNetUserRoles", "AspNetUsers", "AspNetUserTokens"];

    /// <summary>
    /// Brings the database to the latest migration. A database made by the app before it used migrations
    /// (<c>EnsureCreated</c>: the Identity tables, no <c>__EFMigrationsHistory</c>) is adopted first: the
    /// <c>Initial</c> migration, which describes exactly that schema, is recorded as applied, so its users
    /// are kept and later migrations apply on top. A database with only some of those tables is refused.
    /// </summary>
    public async Task MigrateAsync(ILogger logger, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(logger);
        var history = this.GetService<IHistoryRepository>();
        if (!await history.ExistsAsync(cancel))
        {
            var present = await TablesAsync(cancel);
            if (present.Contains("AspNetUsers"))
            {
                var missing = InitialTables.Where(t => !present.Contains(t)).ToList();
                var file = (Database.GetDbConnection() as SqliteConnection)?.DataSource ?? Database.GetConnectionString();
                if (missing.Count > 0)
                {
                    throw new InvalidOperationException(
                        $"{file}: the users' database has AspNetUsers but no migration history and lacks {string.Join(", ", missing)}; it was not made by this app, so it is not adopted.");
                }

                var initial = Database.GetMigrations().First(m => m.EndsWith("_Initial", StringComparison.Ordinal));
                await using (var tx = await Database.BeginTransactionAsync(cancel))
                {
                    await Database.ExecuteSqlRawAsync(history.GetCreateIfNotExistsScript(), cancel);
                    await Database.ExecuteSqlRawAsync(history.GetInsertScript(new HistoryRow(initial, ProductInfo.GetVersion())), cancel);
                    await tx.CommitAsync(cancel);
                }

                logger.LogInformation("{File}: adopted a users' database made before migrations (recorded {Migration} as applied).", file, initial);
            }
        }

        await Database.MigrateAsync(cancel);
    }

    private async Task<HashSet<string>> TablesAsync(CancellationToken cancel)
    {
        var connection = Database.GetDbConnection();
        await Database.OpenConnectionAsync(cancel);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table'";
            await using var reader = await command.ExecuteReaderAsync(cancel);
            var names = new HashSet<string>(StringComparer.Ordinal);
            while (await reader.ReadAsync(cancel))
            {
                names.Add(reader.GetString(0));
            }

            return names;
        }
        finally
        {
            await Database.CloseConnectionAsync();
        }
    }
}

/// <summary>
/// For dotnet-ef (<c>dotnet ef migrations add NAME</c>): the context with the app's Identity settings, so the
/// tool sees the model the app runs with. It never opens the database.
/// </summary>
public sealed class WebDbDesignTimeFactory : IDesignTimeDbContextFactory<WebDb>
{
    public WebDb CreateDbContext(string[] args)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDbContext<WebDb>(o => o.UseSqlite("Data Source=design-time-users.db"));
        services.AddIdentityCore<IdentityUser>(WebApp.IdentitySettings).AddRoles<IdentityRole>().AddEntityFrameworkStores<WebDb>();
        return services.BuildServiceProvider().CreateScope().ServiceProvider.GetRequiredService<WebDb>();
    }
}

/// <summary>Migrates the database (adopting one made before migrations), creates the roles and, on first start, the administrator from PLACEMENT_WEB_ADMIN_USER / PLACEMENT_WEB_ADMIN_PASSWORD.</summary>
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
        await db.MigrateAsync(logger);
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

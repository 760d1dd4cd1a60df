using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Spreidingswet.Placement.Web.Services;

namespace Spreidingswet.Placement.Web.Tests;

/// <summary>
/// users.db under EF Core migrations, on real SQLite files: the model has no change without a migration, a
/// fresh start makes the schema by migrations (the same schema EnsureCreated made), and a database made by
/// the app before migrations (EnsureCreated, a user in it) is adopted with its users.
/// </summary>
public sealed class UsersDbMigrationTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "placement-web-usersdb-" + Guid.NewGuid().ToString("N")[..8]);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private string Folder(string name) => Directory.CreateDirectory(Path.Combine(_root, name)).FullName;

    private static WebApplicationFactory<Program> Start(string data) => new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
    {
        b.UseEnvironment("Development");
        b.UseSetting("Placement:DataDirectory", data);
        b.UseSetting("Placement:DemoOnStart", "false");
        b.UseSetting("Placement:SignInPermitsPerMinute", "10000");
        b.UseSetting("PLACEMENT_WEB_ADMIN_USER", "admin");
        b.UseSetting("PLACEMENT_WEB_ADMIN_PASSWORD", WebFixture.Password);
    });

    /// <summary>A users.db as the app made it before migrations: <c>EnsureCreated</c> with the app's Identity settings, the planner role and one planner. The planner's id.</summary>
    private static async Task<string> OldDatabase(string data, string userName)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDbContext<WebDb>(o => o.UseSqlite($"Data Source={Path.Combine(data, "users.db")}"));
        services.AddIdentityCore<IdentityUser>(WebApp.IdentitySettings).AddRoles<IdentityRole>().AddEntityFrameworkStores<WebDb>();
        await using var provider = services.BuildServiceProvider();
        using var scope = provider.CreateScope();
        Assert.True(await scope.ServiceProvider.GetRequiredService<WebDb>().Database.EnsureCreatedAsync());
        Assert.True((await scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>().CreateAsync(new IdentityRole(Roles.Planner))).Succeeded);
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        Assert.Empty(await AccountSetup.CreateUserAsync(users, userName, WebFixture.Password, [Roles.Planner]));
        return (await users.FindByNameAsync(userName))!.Id;
    }

    private static List<string> Query(string file, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={file};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            rows.Add(string.Join(" | ", Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "NULL" : reader.GetValue(i).ToString())));
        }

        return rows;
    }

    /// <summary>Every table and index of the file but EF's own bookkeeping, with its SQL.</summary>
    private static List<string> Schema(string file) => Query(file,
        "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE '\\_\\_EFMigrations%' ESCAPE '\\' AND name NOT LIKE 'sqlite_%' ORDER BY type, name");

    private static List<string> History(string file) => Query(file, "SELECT MigrationId FROM __EFMigrationsHistory ORDER BY MigrationId");

    private static async Task<HttpStatusCode> SignInAndOpen(WebApplicationFactory<Program> app, string user, string path)
    {
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var form = await client.GetStringAsync("/Account/Login");
        using var response = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["userName"] = user,
            ["password"] = WebFixture.Password,
            ["returnUrl"] = "/",
            ["__RequestVerificationToken"] = WebFixture.FormToken(form),
        }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location?.OriginalString);
        using var page = await client.GetAsync(path);
        return page.StatusCode;
    }

    [Fact]
    public async Task A_fresh_start_makes_the_schema_by_migrations_the_same_as_EnsureCreated_made_and_the_model_has_no_unmigrated_change()
    {
        var data = Folder("fresh");
        using (var app = Start(data))
        {
            _ = app.Server;
            using var scope = app.Services.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<WebDb>();
            // A model change without its migration (dotnet ef migrations add NAME) fails here.
            Assert.False(db.Database.HasPendingModelChanges(), "the model has changes that no migration describes: run dotnet ef migrations add NAME (docs/web.md)");
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            var migrations = db.Database.GetMigrations().ToList();
            Assert.Contains(migrations, m => m.EndsWith("_Initial", StringComparison.Ordinal));
            Assert.Equal(migrations, History(Path.Combine(data, "users.db")));
            Assert.Equal(HttpStatusCode.OK, await SignInAndOpen(app, "admin", "/admin/users"));
        }

        var old = Folder("ensure-created");
        await OldDatabase(old, "someone");
        var migrated = Schema(Path.Combine(data, "users.db"));
        Assert.Equal(WebDb.InitialTables.Length, migrated.Count(r => r.StartsWith("table |", StringComparison.Ordinal)));
        Assert.Equal(Schema(Path.Combine(old, "users.db")), migrated);
    }

    [Fact]
    public async Task A_database_made_by_EnsureCreated_is_adopted_its_planner_signs_in_with_the_same_id_and_role()
    {
        var data = Folder("old");
        var id = await OldDatabase(data, "old-planner");
        var file = Path.Combine(data, "users.db");
        Assert.Empty(Query(file, "SELECT name FROM sqlite_master WHERE name = '__EFMigrationsHistory'"));
        var before = Schema(file);

        for (var start = 0; start < 2; start++) // adopted on the first start; the second finds its history
        {
            using var app = Start(data);
            _ = app.Server;
            using var scope = app.Services.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<WebDb>();
            Assert.Equal(db.Database.GetMigrations().ToList(), History(file));
            Assert.Single(History(file), m => m.EndsWith("_Initial", StringComparison.Ordinal));
            var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
            var found = await users.FindByNameAsync("old-planner");
            Assert.NotNull(found);
            Assert.Equal(id, found.Id); // the pseudonymous id the audit log records stays the same
            Assert.True(await users.IsInRoleAsync(found, Roles.Planner));
            Assert.Equal(HttpStatusCode.OK, await SignInAndOpen(app, "old-planner", "/situation"));
        }

        Assert.Equal(before, Schema(file));
    }

    [Fact]
    public async Task A_database_with_only_some_of_the_Identity_tables_and_no_history_is_refused_naming_the_file_and_the_missing_tables()
    {
        var data = Folder("partial");
        var file = Path.Combine(data, "users.db");
        using (var connection = new SqliteConnection($"Data Source={file};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE AspNetUsers (Id TEXT NOT NULL PRIMARY KEY, UserName TEXT)";
            command.ExecuteNonQuery();
        }

        await using var app = WebApp.Create(["--environment", "Development", "--Placement:DataDirectory", data, "--Placement:DemoOnStart", "false"]);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => WebApp.PrepareAsync(app));
        Assert.Contains(file, error.Message, StringComparison.Ordinal);
        Assert.Contains("AspNetRoles", error.Message, StringComparison.Ordinal);
        Assert.Empty(Query(file, "SELECT name FROM sqlite_master WHERE name = '__EFMigrationsHistory'"));
    }
}

using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Spreidingswet.Placement.Web.Services;

namespace Spreidingswet.Placement.Web.Pages.Admin;

/// <summary>The administrator's minimal user page: list users and their roles, add a user with roles.</summary>
public sealed class UsersModel(UserManager<IdentityUser> users) : PageModel
{
    public sealed record Row(string Id, string Name, IReadOnlyList<string> Roles);

    public IReadOnlyList<Row> Users { get; private set; } = [];

    public IReadOnlyList<string> Errors { get; private set; } = [];

    public bool Added { get; private set; }

    public async Task OnGetAsync(bool added = false)
    {
        Added = added;
        var list = new List<Row>();
        foreach (var u in await users.Users.OrderBy(u => u.UserName).ToListAsync())
        {
            list.Add(new Row(u.Id, u.UserName ?? "", [.. await users.GetRolesAsync(u)]));
        }

        Users = list;
    }

    public async Task<IActionResult> OnPostAsync(string? userName, string? password, string[]? roles)
    {
        Errors = string.IsNullOrWhiteSpace(userName) || string.IsNullOrEmpty(password)
            ? ["user name and password are required"]
            : await AccountSetup.CreateUserAsync(users, userName, password, roles ?? []);
        if (Errors.Count == 0)
        {
            return Redirect("/admin/users?added=true");
        }

        await OnGetAsync();
        return Page();
    }
}

using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Spreidingswet.Placement.Web.Services;

namespace Spreidingswet.Placement.Web.Pages.Account;

/// <summary>Local sign-in (ASP.NET Core Identity, lockout after 5 failures; the POST is rate-limited), and the OIDC button when configured.</summary>
public sealed class LoginModel(SignInManager<IdentityUser> signIn, AccountSetup setup, IConfiguration configuration) : PageModel
{
    public string? Message { get; private set; }

    public string ReturnUrl { get; private set; } = "/";

    public bool NeedsAdministrator => setup.NeedsAdministrator;

    private OidcOptions OidcSettings => configuration.GetSection("Oidc").Get<OidcOptions>() ?? new OidcOptions();

    public bool Oidc => OidcSettings.Configured;

    public string OidcName => OidcSettings.DisplayName;

    public void OnGet(string? returnUrl) => ReturnUrl = Local(returnUrl);

    public async Task<IActionResult> OnPostAsync(string? userName, string? password, string? returnUrl)
    {
        ReturnUrl = Local(returnUrl);
        if (string.IsNullOrWhiteSpace(userName) || string.IsNullOrEmpty(password))
        {
            Message = "signin.failed";
            return Page();
        }

        var result = await signIn.PasswordSignInAsync(userName.Trim(), password, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            return LocalRedirect(ReturnUrl);
        }

        Message = result.IsLockedOut ? "signin.locked" : "signin.failed";
        return Page();
    }

    public IActionResult OnPostOidc(string? returnUrl) => Oidc
        ? Challenge(new AuthenticationProperties { RedirectUri = Local(returnUrl) }, OpenIdConnectDefaults.AuthenticationScheme)
        : NotFound();

    private string Local(string? url) => !string.IsNullOrEmpty(url) && Url.IsLocalUrl(url) ? url : "/";
}

using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Spreidingswet.Placement.Web.Services;

/// <summary>The four roles and the authorisation policies built on them.</summary>
public static class Roles
{
    public const string Planner = "planner";
    public const string Coordinator = "coordinator";
    public const string Auditor = "auditor";
    public const string Administrator = "administrator";

    public static readonly string[] All = [Planner, Coordinator, Auditor, Administrator];

    /// <summary>Policy: read runs, proposals and explanations (planner, coordinator, auditor).</summary>
    public const string Read = "read";

    /// <summary>Policy: start proposals and decide (planner, coordinator).</summary>
    public const string Plan = "plan";

    /// <summary>Policy: approve a whole run (coordinator).</summary>
    public const string Approve = "approve";

    /// <summary>Policy: the audit view (auditor).</summary>
    public const string Audit = "audit";

    /// <summary>Policy: users (administrator).</summary>
    public const string Admin = "admin";
}

/// <summary>The pseudonymous id the audit log records for the signed-in user: never typed, never a name.</summary>
public static partial class PlannerIds
{
    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex Pseudonymous();

    /// <summary>
    /// A local account's Identity user id (a GUID: already pseudonymous); for an OpenID Connect user (a
    /// <c>sub</c> claim, no local id) always <c>u-</c> and 24 hex digits of SHA-256 over issuer, newline and
    /// subject, since a provider's subject may be a name or an employee number.
    /// </summary>
    public static string Of(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var local = user.FindFirst(ClaimTypes.NameIdentifier);
        // Only a claim the app issued itself (local accounts): a provider's claim is hashed even when it looks like an id.
        if (local is not null && local.Issuer == ClaimsIdentity.DefaultIssuer && Pseudonymous().IsMatch(local.Value))
        {
            return local.Value;
        }

        var claim = local ?? user.FindFirst("sub")
            ?? throw new InvalidOperationException("The signed-in user has no id claim.");

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{claim.Issuer}\n{claim.Value}"));
        return "u-" + Convert.ToHexStringLower(hash)[..24];
    }
}

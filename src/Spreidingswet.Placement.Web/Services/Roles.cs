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

    /// <summary>The user's id claim when it is already a pseudonymous id (local accounts: the Identity user id), otherwise a hash of issuer and subject.</summary>
    public static string Of(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var claim = user.FindFirst(ClaimTypes.NameIdentifier) ?? user.FindFirst("sub")
            ?? throw new InvalidOperationException("The signed-in user has no id claim.");
        if (Pseudonymous().IsMatch(claim.Value))
        {
            return claim.Value;
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{claim.Issuer}\n{claim.Value}"));
        return "u-" + Convert.ToHexStringLower(hash)[..24];
    }
}

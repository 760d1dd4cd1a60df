using System.Globalization;

namespace Spreidingswet.Placement.Rules;

/// <summary>
/// Why a youth's place differs between two situations (scenario diffs, <c>Scenarios.MoveReasons</c>).
/// These are written in English only: scenario.json and the scenario report have no Dutch form.
/// </summary>
internal static partial class Texts
{
    /// <summary><see cref="ReasonCodes.ArrivalPlaced"/>.</summary>
    public static string ArrivalPlaced(string to, bool newArrival) => newArrival
        ? $"new arrival placed at {to}"
        : $"had no bed before; placed at {to}";

    /// <summary><see cref="ReasonCodes.Unplaced"/>; <paramref name="why"/> is the first unplaced reason as "CODE: text", or null.</summary>
    public static string LeavesWithoutBed(string from, string? why) => $"leaves {from} without a new bed ({why ?? "no bed"})";

    /// <summary><see cref="ReasonCodes.Closure"/>.</summary>
    public static string Closure(string location, string name) => $"forced: {location} ({name}) closes";

    /// <summary><see cref="ReasonCodes.Pin"/>.</summary>
    public static string PinnedByPlanner(string location) => $"pinned to {location} by a planner";

    /// <summary><see cref="ReasonCodes.NotEligible"/>; <paramref name="broken"/> are "CODE: text" items, joined.</summary>
    public static string NotEligible(string broken) => "forced: " + broken;

    /// <summary><see cref="ReasonCodes.Capacity"/>.</summary>
    public static string OverCapacity(string location, int beds, int residents)
        => string.Create(CultureInfo.InvariantCulture, $"forced: {location} has {beds} beds for this run's {residents} residents");

    /// <summary><see cref="ReasonCodes.KeepApart"/> in a scenario diff.</summary>
    public static string KeptApartFrom(string other, string location) => $"forced: must be kept apart from {other}, who is at {location}";

    /// <summary><see cref="ReasonCodes.SiblingGroup"/>.</summary>
    public static string MovesWithSiblingGroup(string? group, string forcedMember, string forcedReason)
        => $"moves with its sibling group {group}: {forcedMember} must move ({forcedReason})";

    /// <summary><see cref="ReasonCodes.FreedBedForSiblings"/>; <paramref name="members"/> are the group's ids, joined.</summary>
    public static string FreedBedForSiblings(string location, string? group, string members) => $"freed a bed at {location} for sibling group {group} ({members})";

    /// <summary><see cref="ReasonCodes.FreedBed"/>; <paramref name="whoFrom"/> is null for a new arrival.</summary>
    public static string FreedBed(string location, string who, string? whoFrom)
        => $"freed a bed at {location} for {who}{(whoFrom is null ? " (new arrival)" : $" (from {whoFrom})")}";

    /// <summary><see cref="ReasonCodes.Optimum"/>; <paramref name="schoolDetail"/> from <see cref="SchoolDistanceChange"/> or empty.</summary>
    public static string Optimum(string schoolDetail) => "not forced: the policy's criteria prefer the new place" + schoolDetail;

    /// <summary>The school distance before and after a chosen move.</summary>
    public static string SchoolDistanceChange(double beforeKm, double afterKm) => string.Create(CultureInfo.InvariantCulture, $" (school {beforeKm:F1} -> {afterKm:F1} km)");
}

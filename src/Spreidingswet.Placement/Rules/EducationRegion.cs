using System.Runtime.CompilerServices;
using Spreidingswet.Placement.Preparation;

namespace Spreidingswet.Placement.Rules;

/// <summary>
/// The project's central question, answered in one place: is a school-going youth's education
/// region kept? A youth whose school region is known (<see cref="ResolvedYouth.SchoolRegion"/>) keeps
/// it in a location whose education region has the same code (case-insensitive); a location outside
/// every education region breaks it. For a youth without a known school region the question does not
/// apply. A break is "caused" by a proposal when the youth is placed somewhere other than where it
/// already lives: staying put is never a new break, even in another region.
/// </summary>
/// <remarks>
/// The string forms serve the explanations and metrics; <see cref="KeptById"/> is the same test over
/// the region numbers of <see cref="ScoringContext.EducationRegionIds"/> for the criterion's cost loop.
/// </remarks>
internal static class EducationRegion
{
    /// <summary>True when two education region codes are the same region (case-insensitive; two unknowns are the same).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Same(string? a, string? b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    /// <summary>True when a location in region <paramref name="locationRegion"/> keeps the school region <paramref name="school"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Kept(string school, string? locationRegion) => string.Equals(locationRegion, school, StringComparison.OrdinalIgnoreCase);

    /// <summary>True when the youth's school region is known and the location keeps it.</summary>
    public static bool Kept(ResolvedYouth youth, ResolvedLocation location) => youth.SchoolRegion is { } school && Kept(school, location.EducationRegion?.Code);

    /// <summary>Kept, broken, or not applicable (no known school region) for the youth in the location.</summary>
    public static EducationRegionOutcome Outcome(ResolvedYouth youth, ResolvedLocation location)
        => youth.SchoolRegion is not { } school ? EducationRegionOutcome.NotApplicable
            : Kept(school, location.EducationRegion?.Code) ? EducationRegionOutcome.Kept
            : EducationRegionOutcome.Broken;

    /// <summary>True when placing the youth in the location breaks its school region and is a change (not staying where it lives).</summary>
    public static bool BreakCaused(ResolvedYouth youth, ResolvedLocation location)
        => youth.SchoolRegion is { } school && location.Index != youth.CurrentLocation && !Kept(school, location.EducationRegion?.Code);

    /// <summary>
    /// <see cref="Kept(string, string?)"/> over region numbers: <paramref name="schoolRegion"/> is -1
    /// when no location lies in the school's region (then no location keeps it).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool KeptById(int schoolRegion, int locationRegion) => schoolRegion >= 0 && locationRegion == schoolRegion;
}

/// <summary>The answer of <see cref="EducationRegion.Outcome"/>.</summary>
internal enum EducationRegionOutcome
{
    /// <summary>The youth has no known school region.</summary>
    NotApplicable,

    /// <summary>The location lies in the school's education region.</summary>
    Kept,

    /// <summary>The location lies outside the school's education region.</summary>
    Broken,
}

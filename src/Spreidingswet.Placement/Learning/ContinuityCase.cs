using Spreidingswet.Placement.Model;

namespace Spreidingswet.Placement.Learning;

/// <summary>
/// One placement as the learned school-continuity score sees it: the youth's age, care level,
/// prior schooling, months in the Netherlands and earlier moves, and what the placement does to its
/// schooling (distance from the location to the school attended before, whether the education
/// region stays the same), the location type and the free ISK seats in the destination region.
/// Protected attributes (nationality, ethnicity, religion, language, gender) have no place here.
/// </summary>
public sealed record ContinuityCase
{
    /// <summary>Age in whole years.</summary>
    public int Age { get; init; }

    /// <summary>Care level.</summary>
    public CareLevel CareLevel { get; init; } = CareLevel.Standard;

    /// <summary>Years of schooling before arrival.</summary>
    public double SchoolingYears { get; init; }

    /// <summary>Months in the Netherlands at the placement.</summary>
    public double MonthsInNetherlands { get; init; }

    /// <summary>Number of earlier moves.</summary>
    public int EarlierMoves { get; init; }

    /// <summary>Straight-line km from the location to the school attended before the placement; <c>null</c> when the youth was not enrolled.</summary>
    public double? SchoolDistanceKm { get; init; }

    /// <summary>True when the location lies in the education region of the school attended before (false when not enrolled).</summary>
    public bool SameEducationRegion { get; init; }

    /// <summary>Location type: POL, KWV, KWE, NIDOS, BO or another value.</summary>
    public string LocationType { get; init; } = "";

    /// <summary>Free ISK seats in the destination's education region.</summary>
    public double IskSeatsFree { get; init; }
}

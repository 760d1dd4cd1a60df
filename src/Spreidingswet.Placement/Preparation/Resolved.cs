using Spreidingswet.Placement.Geography;
using Spreidingswet.Placement.Model;

namespace Spreidingswet.Placement.Preparation;

/// <summary>A youth with everything the engine derives from the inputs (indexes instead of ids).</summary>
internal sealed record ResolvedYouth(
    int Index,
    Youth Youth,
    int Age,
    int CurrentLocation,
    GeoPoint? SchoolPoint,
    string? SchoolRegion,
    int SiblingGroup,
    int PinnedLocation,
    HashSet<int> Excluded,
    int[] KeepApart,
    long PriorityRank)
{
    /// <summary>True when the school point lies outside the Netherlands and too far away to keep as a point: still school-going, region unknown.</summary>
    public bool SchoolAbroad { get; init; }

    public bool IsSchoolGoing => SchoolPoint is not null || SchoolRegion is not null || SchoolAbroad;
}

/// <summary>A location with its resolved regions.</summary>
internal sealed record ResolvedLocation(
    int Index,
    Location Location,
    Region? Municipality,
    Region? Province,
    Region? EducationRegion,
    int Beds,
    bool Closed);

/// <summary>The problem after validation and geography: arrays indexed by youth and location.</summary>
internal sealed record ResolvedProblem(
    PlacementProblem Problem,
    RegionMap Geography,
    ResolvedYouth[] Youths,
    ResolvedLocation[] Locations,
    int[][] SiblingGroups,
    (int A, int B)[] KeepApartPairs,
    IReadOnlyDictionary<string, int> IskSeats,
    IReadOnlyDictionary<string, int> Targets)
{
    /// <summary>What resolution assumed (coastal points assigned to the nearest municipality, schools outside the Netherlands), one line per point.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}

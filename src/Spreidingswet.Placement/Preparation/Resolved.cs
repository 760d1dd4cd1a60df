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

    /// <summary>The youth's views, recent moves and turning 18, resolved; null when the views criteria do not apply to the run.</summary>
    public ResolvedViews? Views { get; init; }
}

/// <summary>
/// A youth's views and circumstances as the views, stability and turning-18 criteria read them.
/// The wished municipality and region are the given ones, else those of the wished location (or of
/// the wished municipality), so that a placement next door to a wished location still meets part of the wish.
/// </summary>
/// <param name="WishLocation">Index of the wished location, -1 for none.</param>
/// <param name="WishMunicipality">Wished municipality code (given or derived), or null.</param>
/// <param name="WishRegion">Wished education region code (given or derived), or null.</param>
/// <param name="WishNear">The place the youth wants to be near, or null.</param>
/// <param name="MovesLast12Months">Moves in the last 12 months (0 when not given).</param>
/// <param name="MoveForced">True when the youth cannot stay (its location closes, a hard rule or a pin forbids it): a move is then not a choice.</param>
/// <param name="Turns18On">The 18th birthday when it falls within the horizon after the planning date, else null.</param>
/// <param name="HomeRegion">Education region code of the current location, or null.</param>
/// <param name="KeepRegionHard">True when the turning-18 hard rule holds the youth to <paramref name="HomeRegion"/>.</param>
internal sealed record ResolvedViews(
    int WishLocation,
    string? WishMunicipality,
    string? WishRegion,
    GeoPoint? WishNear,
    int MovesLast12Months,
    bool MoveForced,
    DateOnly? Turns18On,
    string? HomeRegion,
    bool KeepRegionHard)
{
    public bool HasWish => WishLocation >= 0 || WishMunicipality is not null || WishRegion is not null || WishNear is not null;
}

/// <summary>A location with its resolved regions.</summary>
internal sealed record ResolvedLocation(
    int Index,
    Location Location,
    Region? Municipality,
    Region? Province,
    Region? EducationRegion,
    int Beds,
    bool Closed)
{
    /// <summary>
    /// The location a youth who wished for this one is at: its own index, or for a copy of held beds
    /// (<see cref="HeldBeds"/>, id <c>L~held</c>) the index of <c>L</c>: the same site, so a wish for
    /// <c>L</c> is met there too.
    /// </summary>
    public int Site { get; init; } = Index;
}

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

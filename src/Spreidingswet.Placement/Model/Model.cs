using System.Collections.Immutable;
using Spreidingswet.Placement.Geography;

namespace Spreidingswet.Placement.Model;

/// <summary>Gender as recorded for eligibility only: it filters locations that accept some genders and never drives the objective.</summary>
public enum Gender
{
    /// <summary><c>m</c>.</summary>
    Male,

    /// <summary><c>f</c>.</summary>
    Female,

    /// <summary><c>x</c>: other or not recorded.</summary>
    X,
}

/// <summary>The care a young person needs; a location states which levels it offers.</summary>
public enum CareLevel
{
    /// <summary><c>standard</c>.</summary>
    Standard,

    /// <summary><c>intensive</c>: more supervision or care.</summary>
    Intensive,

    /// <summary><c>protected</c>: beschermde opvang (victims or suspected victims of trafficking).</summary>
    Protected,
}

/// <summary>Where a young person goes to school now: a point, or only an education region code.</summary>
/// <param name="Point">The school's location, when known.</param>
/// <param name="RegionCode">The education region code, when given explicitly instead of a point.</param>
public sealed record School(GeoPoint? Point, string? RegionCode);

/// <summary>
/// One young person in a run, identified pseudonymously. Immutable; build it with the
/// <c>with</c> expression or read it from youths.csv.
/// </summary>
/// <param name="Id">Pseudonymous identifier, unique in the run.</param>
public sealed record Youth(string Id)
{
    /// <summary>Date of birth, when known; else <see cref="Age"/> is used.</summary>
    public DateOnly? BirthDate { get; init; }

    /// <summary>Age in whole years, used when no birth date is given.</summary>
    public int? Age { get; init; }

    /// <summary>Gender (eligibility only).</summary>
    public Gender Gender { get; init; } = Gender.X;

    /// <summary>Care level needed.</summary>
    public CareLevel CareLevel { get; init; } = CareLevel.Standard;

    /// <summary>The location where the youth lives now; <c>null</c> for a new arrival.</summary>
    public string? CurrentLocation { get; init; }

    /// <summary>The school the youth attends now; <c>null</c> when not enrolled yet.</summary>
    public School? School { get; init; }

    /// <summary>Sibling group: youths with the same value are placed together or not at all.</summary>
    public string? SiblingGroup { get; init; }

    /// <summary>Youths who must not be placed in the same location as this one.</summary>
    public ImmutableArray<string> KeepApart { get; init; } = [];

    /// <summary>A planner's pin: the youth goes here or stays unplaced.</summary>
    public string? LockedLocation { get; init; }

    /// <summary>Locations this youth must not go to.</summary>
    public ImmutableArray<string> ExcludeLocations { get; init; } = [];

    /// <summary>Needs (tags) a location must offer.</summary>
    public ImmutableArray<string> Needs { get; init; } = [];

    /// <summary>Years of schooling before arrival (learned score only).</summary>
    public double? SchoolingYears { get; init; }

    /// <summary>Date of arrival in the Netherlands (waiting-time priority, learned score).</summary>
    public DateOnly? ArrivedOn { get; init; }

    /// <summary>Number of earlier moves (learned score only).</summary>
    public int? EarlierMoves { get; init; }

    /// <summary>A group label for the fairness report only; never read by scoring.</summary>
    public string? AuditGroup { get; init; }

    /// <summary>The youth's stated wish: a location id (a preference, never a hard rule).</summary>
    public string? WishLocation { get; init; }

    /// <summary>The youth's stated wish: a municipality (GM code).</summary>
    public string? WishMunicipality { get; init; }

    /// <summary>The youth's stated wish: an education region (RMC code).</summary>
    public string? WishRegion { get; init; }

    /// <summary>A place the youth wants to be near (a town, never a person's address).</summary>
    public GeoPoint? WishNear { get; init; }

    /// <summary>When the youth's views were heard (recorded by the guardian or mentor).</summary>
    public DateOnly? ViewsHeardOn { get; init; }

    /// <summary>Who heard the views: a pseudonymous id.</summary>
    public string? ViewsHeardBy { get; init; }

    /// <summary>Moves in the 12 months before the planning date (stability criterion).</summary>
    public int? MovesLast12Months { get; init; }

    /// <summary>True when the youth has a stated wish (location, municipality, region or a place to be near).</summary>
    public bool HasWish => WishLocation is not null || WishMunicipality is not null || WishRegion is not null || WishNear is not null;

    /// <summary>True when any of the views fields (wish, heard on/by, moves in the last 12 months) is given.</summary>
    public bool HasViewsData => HasWish || ViewsHeardOn is not null || ViewsHeardBy is not null || MovesLast12Months is not null;

    /// <summary>Age in whole years on a date (from the birth date when known).</summary>
    public int AgeOn(DateOnly date)
    {
        if (BirthDate is { } birth)
        {
            var age = date.Year - birth.Year;
            if (date < birth.AddYears(age))
            {
                age--;
            }

            return age;
        }

        return Age ?? throw new InvalidOperationException($"Youth {Id} has neither a birth date nor an age.");
    }
}

/// <summary>A reception location. Immutable.</summary>
/// <param name="Id">Identifier, unique in the run.</param>
/// <param name="Name">Display name.</param>
/// <param name="Point">Where it is.</param>
public sealed record Location(string Id, string Name, GeoPoint Point)
{
    /// <summary>Municipality code that fixes municipality, province and education region exactly (overrides the point lookup).</summary>
    public string? MunicipalityCode { get; init; }

    /// <summary>Total beds.</summary>
    public int Capacity { get; init; }

    /// <summary>Beds held by residents who are not in this run's youths.</summary>
    public int Reserved { get; init; }

    /// <summary>Youngest accepted age (inclusive).</summary>
    public int MinAge { get; init; }

    /// <summary>Oldest accepted age (inclusive).</summary>
    public int MaxAge { get; init; } = 17;

    /// <summary>Accepted genders; empty = all.</summary>
    public ImmutableArray<Gender> Genders { get; init; } = [];

    /// <summary>Care levels offered; empty = standard only.</summary>
    public ImmutableArray<CareLevel> CareLevels { get; init; } = [];

    /// <summary>Type: POL, KWV, KWE, BO, NIDOS, ...</summary>
    public string Type { get; init; } = "";

    /// <summary>Small-scale living (preferred for under-15s).</summary>
    public bool SmallScale { get; init; }

    /// <summary>From this date the location takes nobody and its residents must move.</summary>
    public DateOnly? ClosesOn { get; init; }

    /// <summary>What the location offers, matched against youths' needs.</summary>
    public ImmutableArray<string> Tags { get; init; } = [];

    /// <summary>Beds available to this run's youths: capacity minus reserved.</summary>
    public int FreeBeds => Math.Max(0, Capacity - Reserved);

    /// <summary>True when the location is closed on the planning date.</summary>
    public bool IsClosedOn(DateOnly date) => ClosesOn is { } closes && closes <= date;

    /// <summary>Whether the location accepts a gender.</summary>
    public bool Accepts(Gender gender) => Genders.IsDefaultOrEmpty || Genders.Contains(gender);

    /// <summary>Whether the location offers a care level.</summary>
    public bool Offers(CareLevel level) => CareLevels.IsDefaultOrEmpty ? level == CareLevel.Standard : CareLevels.Contains(level);
}

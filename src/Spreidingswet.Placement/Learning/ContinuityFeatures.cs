using Spreidingswet.Placement.Model;

namespace Spreidingswet.Placement.Learning;

/// <summary>
/// The feature vector of the learned score: one fixed layout shared by training, ML.NET's
/// prediction engine and the fast tree scorer, so that all three see the same numbers.
/// </summary>
internal static class ContinuityFeatures
{
    public const int Age = 0;
    public const int CareIntensive = 1;
    public const int CareProtected = 2;
    public const int SchoolingYears = 3;
    public const int MonthsInNl = 4;
    public const int EarlierMoves = 5;
    public const int EnrolledBefore = 6;
    public const int SchoolDistanceKm = 7;
    public const int SameEducationRegion = 8;
    public const int IskSeatsFree = 9;
    public const int TypeFirst = 10;

    /// <summary>Location types with their own one-hot feature; anything else is "other".</summary>
    public static readonly string[] Types = ["POL", "KWV", "KWE", "NIDOS", "BO"];

    public const int Count = TypeFirst + 6;

    /// <summary>Feature names, in vector order (written into model.json and the model card).</summary>
    public static readonly string[] Names =
    [
        "age", "careIntensive", "careProtected", "schoolingYears", "monthsInNl", "earlierMoves",
        "enrolledBefore", "schoolDistanceKm", "sameEducationRegion", "iskSeatsFree",
        "typePol", "typeKwv", "typeKwe", "typeNidos", "typeBo", "typeOther",
    ];

    /// <summary>What each feature depends on: the youth, the location, or the pair.</summary>
    public static readonly FeatureRole[] Roles =
        [.. Enumerable.Range(0, Count).Select(i => i < SchoolDistanceKm ? FeatureRole.Youth : i <= SameEducationRegion ? FeatureRole.Pair : FeatureRole.Location)];

    /// <summary>Distances above this are treated as this (km): beyond it, a school is simply far.</summary>
    public const double MaxDistanceKm = 300;

    public static void FillYouth(Span<float> x, int age, CareLevel care, double schoolingYears, double monthsInNl, int earlierMoves, bool enrolled)
    {
        x[Age] = age;
        x[CareIntensive] = care == CareLevel.Intensive ? 1 : 0;
        x[CareProtected] = care == CareLevel.Protected ? 1 : 0;
        x[SchoolingYears] = (float)schoolingYears;
        x[MonthsInNl] = (float)monthsInNl;
        x[EarlierMoves] = earlierMoves;
        x[EnrolledBefore] = enrolled ? 1 : 0;
    }

    public static void FillLocation(Span<float> x, int typeIndex, double iskSeats)
    {
        x[IskSeatsFree] = (float)iskSeats;
        for (var t = 0; t <= Types.Length; t++)
        {
            x[TypeFirst + t] = t == typeIndex ? 1 : 0;
        }
    }

    public static void FillSchool(Span<float> x, double? distanceKm, bool sameRegion)
    {
        x[SchoolDistanceKm] = distanceKm is { } d ? (float)Math.Min(d, MaxDistanceKm) : 0;
        x[SameEducationRegion] = distanceKm is not null && sameRegion ? 1 : 0;
    }

    public static float[] Of(ContinuityCase c)
    {
        var x = new float[Count];
        FillYouth(x, c.Age, c.CareLevel, c.SchoolingYears, c.MonthsInNetherlands, c.EarlierMoves, c.SchoolDistanceKm is not null);
        FillLocation(x, TypeIndex(c.LocationType), c.IskSeatsFree);
        FillSchool(x, c.SchoolDistanceKm, c.SameEducationRegion);
        return x;
    }

    /// <summary>Index of a location type in <see cref="Types"/>, or <c>Types.Length</c> for "other".</summary>
    public static int TypeIndex(string? type)
    {
        var i = Array.FindIndex(Types, t => string.Equals(t, type?.Trim(), StringComparison.OrdinalIgnoreCase));
        return i < 0 ? Types.Length : i;
    }
}

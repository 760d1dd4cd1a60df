using System.Globalization;
using Spreidingswet.Placement.Model;

namespace Spreidingswet.Placement.Inputs;

/// <summary>
/// The weight names that a weights file (<c>--weights</c>), a scenario's <c>base.weights</c> and a
/// scenario's <c>weights</c> change know (camelCase, docs/formats.md "Weights"): the criteria weights
/// of <see cref="Weights"/> and the views, stability and turning-18 weights of <see cref="ViewsOptions"/>,
/// each with how it is checked and set. One table, so that the three places accept the same names.
/// </summary>
internal static class WeightNames
{
    private sealed record Field(string Name, bool Whole, Func<PlacementOptions, double, PlacementOptions> Set);

    private static readonly Field[] Fields =
    [
        W("unplaced", (o, v) => o with { Weights = o.Weights with { Unplaced = (long)v } }),
        W("educationRegionBreak", (o, v) => o with { Weights = o.Weights with { EducationRegionBreak = (long)v } }),
        W("move", (o, v) => o with { Weights = o.Weights with { Move = (long)v } }),
        W("schoolTravel", (o, v) => o with { Weights = o.Weights with { SchoolTravel = (long)v } }),
        Km("schoolTravelFreeKm", (o, v) => o with { Weights = o.Weights with { SchoolTravelFreeKm = v } }),
        W("moveDistance", (o, v) => o with { Weights = o.Weights with { MoveDistance = (long)v } }),
        W("smallScaleUnder15", (o, v) => o with { Weights = o.Weights with { SmallScaleUnder15 = (long)v } }),
        W("iskSeats", (o, v) => o with { Weights = o.Weights with { IskSeats = (long)v } }),
        W("balance", (o, v) => o with { Weights = o.Weights with { Balance = (long)v } }),
        W("learnedContinuity", (o, v) => o with { Weights = o.Weights with { LearnedContinuity = (long)v } }),
        W("wishLocation", (o, v) => o with { Views = o.Views with { WishLocation = (long)v } }),
        W("wishMunicipality", (o, v) => o with { Views = o.Views with { WishMunicipality = (long)v } }),
        W("wishRegion", (o, v) => o with { Views = o.Views with { WishRegion = (long)v } }),
        W("wishNearPerKm", (o, v) => o with { Views = o.Views with { WishNearPerKm = (long)v } }),
        Km("wishNearFreeKm", (o, v) => o with { Views = o.Views with { WishNearFreeKm = v } }),
        W("stabilityPerMove", (o, v) => o with { Views = o.Views with { StabilityPerMove = (long)v } }),
        W("turning18CrossRegion", (o, v) => o with { Views = o.Views with { Turning18CrossRegion = (long)v } }),
    ];

    /// <summary>Every name, criteria weights first, then the views, stability and turning-18 weights.</summary>
    public static IReadOnlyList<string> All { get; } = [.. Fields.Select(f => f.Name)];

    /// <summary>The names that take decimals (the free radii in km); the others take whole numbers.</summary>
    public static IReadOnlyList<string> Decimal { get; } = [.. Fields.Where(f => !f.Whole).Select(f => f.Name)];

    /// <summary>True when <paramref name="name"/> is a weight name (exact, case-sensitive).</summary>
    public static bool Known(string name) => Find(name) is not null;

    /// <summary>
    /// <paramref name="options"/> with weight <paramref name="name"/> set to <paramref name="value"/>, or
    /// what is wrong: an unknown name, a negative, too large or not a number value, a fraction where a
    /// whole number is needed.
    /// </summary>
    public static (PlacementOptions? Options, string? Error, string? Hint) Set(PlacementOptions options, string name, double value)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (Find(name) is not { } field)
        {
            return (null, "is not a weight name.", UnknownHint(name));
        }

        if (double.IsNaN(value) || value < 0)
        {
            return (null, "must be zero or positive.", null);
        }

        if (value > 1e9)
        {
            return (null, "is above 1,000,000,000: weights that large risk overflow.", null);
        }

        if (field.Whole && value != Math.Floor(value))
        {
            return (null, "must be a whole number.", $"Only {string.Join(" and ", Decimal)} take decimals.");
        }

        return (field.Set(options, value), null, null);
    }

    /// <summary>The hint for an unknown name: the close one, or every name.</summary>
    public static string UnknownHint(string name)
        => Spelling.Close(name, All) is { } close
            ? $"Maybe a misspelt weight name: '{close}'?"
            : $"Maybe a misspelt weight name? Names: {string.Join(", ", All)}.";

    /// <summary>A value as written in an error.</summary>
    public static string Text(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static Field? Find(string name) => Array.Find(Fields, f => string.Equals(f.Name, name, StringComparison.Ordinal));

    private static Field W(string name, Func<PlacementOptions, double, PlacementOptions> set) => new(name, true, set);

    private static Field Km(string name, Func<PlacementOptions, double, PlacementOptions> set) => new(name, false, set);
}

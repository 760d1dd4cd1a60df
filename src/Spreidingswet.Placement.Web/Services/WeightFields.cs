using System.Globalization;
using Spreidingswet.Placement.Model;

namespace Spreidingswet.Placement.Web.Services;

/// <summary>The weights a planner can set in the proposal form (camelCase names as in weights.json), read back with their checks.</summary>
public static class WeightFields
{
    public static readonly (string Name, Func<Weights, double> Get, Func<Weights, double, Weights> Set, bool Whole)[] All =
    [
        ("unplaced", w => w.Unplaced, (w, v) => w with { Unplaced = (long)v }, true),
        ("educationRegionBreak", w => w.EducationRegionBreak, (w, v) => w with { EducationRegionBreak = (long)v }, true),
        ("move", w => w.Move, (w, v) => w with { Move = (long)v }, true),
        ("schoolTravel", w => w.SchoolTravel, (w, v) => w with { SchoolTravel = (long)v }, true),
        ("schoolTravelFreeKm", w => w.SchoolTravelFreeKm, (w, v) => w with { SchoolTravelFreeKm = v }, false),
        ("moveDistance", w => w.MoveDistance, (w, v) => w with { MoveDistance = (long)v }, true),
        ("smallScaleUnder15", w => w.SmallScaleUnder15, (w, v) => w with { SmallScaleUnder15 = (long)v }, true),
        ("iskSeats", w => w.IskSeats, (w, v) => w with { IskSeats = (long)v }, true),
        ("balance", w => w.Balance, (w, v) => w with { Balance = (long)v }, true),
    ];

    /// <summary>The views, stability and turning-18 weights (<see cref="ViewsOptions"/>, names as in weights.json).</summary>
    public static readonly (string Name, Func<ViewsOptions, double> Get, Func<ViewsOptions, double, ViewsOptions> Set, bool Whole)[] Views =
    [
        ("wishLocation", v => v.WishLocation, (o, v) => o with { WishLocation = (long)v }, true),
        ("wishMunicipality", v => v.WishMunicipality, (o, v) => o with { WishMunicipality = (long)v }, true),
        ("wishRegion", v => v.WishRegion, (o, v) => o with { WishRegion = (long)v }, true),
        ("wishNearPerKm", v => v.WishNearPerKm, (o, v) => o with { WishNearPerKm = (long)v }, true),
        ("wishNearFreeKm", v => v.WishNearFreeKm, (o, v) => o with { WishNearFreeKm = v }, false),
        ("stabilityPerMove", v => v.StabilityPerMove, (o, v) => o with { StabilityPerMove = (long)v }, true),
        ("turning18CrossRegion", v => v.Turning18CrossRegion, (o, v) => o with { Turning18CrossRegion = (long)v }, true),
        ("turning18HorizonMonths", v => v.Turning18HorizonMonths, (o, v) => o with { Turning18HorizonMonths = (int)v }, true),
    ];

    /// <summary>
    /// The views options from the form: <c>views</c> (auto, on, off), <c>viewsTier</c> (weighted,
    /// after-education), <c>turning18Hard</c> (a checkbox) and the <see cref="Views"/> weights (name
    /// to text; empty = the default); errors name the field and value.
    /// </summary>
    public static (ViewsOptions? Views, IReadOnlyList<string> Errors) ReadViews(Func<string, string?> value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var views = ViewsOptions.Default;
        var errors = new List<string>();
        switch (value("views"))
        {
            case null or "" or "auto": break;
            case "on": views = views with { Enabled = true }; break;
            case "off": views = views with { Enabled = false }; break;
            case var other: errors.Add($"views '{other}': auto, on or off is needed."); break;
        }

        switch (value("viewsTier"))
        {
            case null or "" or "weighted": break;
            case "after-education": views = views with { Tier = ViewsTier.AfterEducation }; break;
            case var other: errors.Add($"viewsTier '{other}': weighted or after-education is needed."); break;
        }

        switch (value("turning18Hard"))
        {
            case null or "" or "false": break;
            case "on" or "true": views = views with { Turning18Hard = true }; break;
            case var other: errors.Add($"turning18Hard '{other}': on or off is needed."); break;
        }

        foreach (var (name, _, set, whole) in Views)
        {
            if (Number(value(name), name, whole, errors) is { } v)
            {
                views = set(views, v);
            }
        }

        errors.AddRange(views.Validate());
        return errors.Count == 0 ? (views, []) : (null, errors);
    }

    private static double? Number(string? text, string name, bool whole, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || double.IsNaN(v) || double.IsInfinity(v) || (whole && v != Math.Round(v)) || Math.Abs(v) > 1e15)
        {
            errors.Add($"weight {name} '{text}': {(whole ? "a whole number" : "a number")} is needed.");
            return null;
        }

        return v;
    }

    public static string Format(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>The defaults with the given values (name to text; empty = the default); errors name the weight.</summary>
    public static (Weights? Weights, IReadOnlyList<string> Errors) Read(Func<string, string?> value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var weights = Weights.Default;
        var errors = new List<string>();
        foreach (var (name, _, set, whole) in All)
        {
            if (Number(value(name), name, whole, errors) is { } v)
            {
                weights = set(weights, v);
            }
        }

        errors.AddRange(weights.Validate());
        return errors.Count == 0 ? (weights, []) : (null, errors);
    }
}

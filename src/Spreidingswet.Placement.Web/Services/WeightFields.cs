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

    public static string Format(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>The defaults with the given values (name to text; empty = the default); errors name the weight.</summary>
    public static (Weights? Weights, IReadOnlyList<string> Errors) Read(Func<string, string?> value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var weights = Weights.Default;
        var errors = new List<string>();
        foreach (var (name, _, set, whole) in All)
        {
            var text = value(name);
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || double.IsNaN(v) || double.IsInfinity(v) || (whole && v != Math.Round(v)))
            {
                errors.Add($"weight {name} '{text}': {(whole ? "a whole number" : "a number")} is needed.");
                continue;
            }

            weights = set(weights, v);
        }

        errors.AddRange(weights.Validate());
        return errors.Count == 0 ? (weights, []) : (null, errors);
    }
}

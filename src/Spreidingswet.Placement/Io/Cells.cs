using System.Globalization;

namespace Spreidingswet.Placement.Io;

/// <summary>Typed parsing of CSV cells; every failure becomes an <see cref="InputError"/> with file, line, field and value.</summary>
internal static class Cells
{
    /// <summary>
    /// Parses a decimal number written with a '.' or, as Excel in a Dutch locale writes it, a ','
    /// as decimal separator (no thousands separators).
    /// </summary>
    public static bool TryParseNumber(string text, out double value)
    {
        var t = text.Trim();
        if (t.Contains(',', StringComparison.Ordinal) && !t.Contains('.', StringComparison.Ordinal))
        {
            t = t.Replace(',', '.');
        }

        return double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
    }

    public static double? Number(CsvTable table, CsvRow row, string column, List<InputError> errors, double? min = null, double? max = null, string? hint = null)
    {
        var text = table.Cell(row, column);
        if (text.Length == 0)
        {
            return null;
        }

        if (!TryParseNumber(text, out var value))
        {
            errors.Add(new InputError(table.File, row.Line, column, text, "is not a number.", hint ?? "Maybe a typo, or a unit after the number?"));
            return null;
        }

        if ((min is not null && value < min) || (max is not null && value > max))
        {
            errors.Add(new InputError(table.File, row.Line, column, text,
                $"is out of range: it must lie between {min?.ToString(CultureInfo.InvariantCulture) ?? "-inf"} and {max?.ToString(CultureInfo.InvariantCulture) ?? "inf"}.", hint));
            return null;
        }

        return value;
    }
}

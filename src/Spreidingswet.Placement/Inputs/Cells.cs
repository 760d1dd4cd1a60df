using System.Globalization;
using Spreidingswet.Placement.Model;

namespace Spreidingswet.Placement.Inputs;

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

    public static int? Integer(CsvTable table, CsvRow row, string column, List<InputError> errors, int min, int max, string? hint = null)
    {
        var text = table.Cell(row, column);
        if (text.Length == 0)
        {
            return null;
        }

        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            errors.Add(new InputError(table.File, row.Line, column, text, "is not a whole number.", hint));
            return null;
        }

        if (value < min || value > max)
        {
            errors.Add(new InputError(table.File, row.Line, column, text, $"is out of range: it must lie between {min} and {max}.", hint));
            return null;
        }

        return value;
    }

    public static DateOnly? Date(CsvTable table, CsvRow row, string column, List<InputError> errors)
    {
        var text = table.Cell(row, column);
        if (text.Length == 0)
        {
            return null;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        errors.Add(new InputError(table.File, row.Line, column, text, "is not a date in the form yyyy-mm-dd.",
            DateOnly.TryParseExact(text, ["dd-MM-yyyy", "d-M-yyyy", "dd/MM/yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var dutch)
                ? $"Maybe {dutch:yyyy-MM-dd}?"
                : null));
        return null;
    }

    public static bool? Boolean(CsvTable table, CsvRow row, string column, List<InputError> errors)
    {
        var text = table.Cell(row, column);
        switch (text.ToUpperInvariant())
        {
            case "":
                return null;
            case "TRUE" or "YES" or "1" or "JA" or "Y" or "J":
                return true;
            case "FALSE" or "NO" or "0" or "NEE" or "N":
                return false;
            default:
                errors.Add(new InputError(table.File, row.Line, column, text, "is not true or false."));
                return null;
        }
    }

    /// <summary>
    /// An id cell (a youth or location id, or a reference to one, a group or a region code): the
    /// trimmed text, or (with an error) null when it holds a control or invisible formatting character
    /// such as NUL, ESC or a right-to-left override.
    /// </summary>
    public static string? Id(CsvTable table, CsvRow row, string column, List<InputError> errors)
    {
        var text = table.Cell(row, column);
        return IdError(text) is { } error ? Fail(table, row, column, text, error, errors) : text;
    }

    /// <summary>A list of ids (<see cref="List"/>), each checked as <see cref="Id"/>; bad entries are left out with an error.</summary>
    public static string[] IdList(CsvTable table, CsvRow row, string column, List<InputError> errors)
        => [.. List(table, row, column).Where(id => IdError(id) is not { } error || Fail(table, row, column, id, error, errors) is not null)];

    /// <summary>Why a text cannot be an id (it holds a control or formatting character), or null when it can.</summary>
    public static string? IdError(string text)
    {
        foreach (var c in text)
        {
            if (char.IsControl(c) || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format)
            {
                return $"holds the control or formatting character U+{(int)c:X4}, which an id may not hold.";
            }
        }

        return null;
    }

    private static string? Fail(CsvTable table, CsvRow row, string column, string text, string message, List<InputError> errors)
    {
        errors.Add(new InputError(table.File, row.Line, column, text, message, "Maybe binary content, or invisible characters copied along with the id?"));
        return null;
    }

    /// <summary>Splits a list cell on ';', '|' or white space (a ';' list needs quotes in a ';'-separated file).</summary>
    public static string[] List(CsvTable table, CsvRow row, string column)
        => table.Cell(row, column).Split([';', '|', ' ', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public static T? Choice<T>(CsvTable table, CsvRow row, string column, List<InputError> errors, IReadOnlyDictionary<string, T> choices)
        where T : struct
    {
        var text = table.Cell(row, column);
        if (text.Length == 0)
        {
            return null;
        }

        if (choices.TryGetValue(text, out var value))
        {
            return value;
        }

        errors.Add(new InputError(table.File, row.Line, column, text, $"is not one of: {string.Join(", ", choices.Keys)}."));
        return null;
    }

    /// <summary>Quotes a CSV field when it holds a separator (',' or ';'), a quote or a line break.</summary>
    public static string Escape(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        return value.IndexOfAny([',', ';', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}

namespace Spreidingswet.Placement.Outputs;

/// <summary>
/// The cells of every CSV file the engine writes. Text cells (ids, names, free text) are neutralised
/// against spreadsheet formula injection as OWASP advises: a cell that starts with <c>=</c>, <c>+</c>,
/// <c>-</c>, <c>@</c>, a tab or a carriage return gets a leading single quote, so that Excel and
/// LibreOffice show it as text instead of evaluating it. Numeric cells the engine formats itself
/// (costs, distances, counts, coordinates) are written as they are, so that <c>-1.5</c> stays a number.
/// Every cell is then quoted as CSV requires (a separator, a quote or a line break inside).
/// </summary>
internal static class CsvCells
{
    /// <summary>A text cell: neutralised (a leading quote, and the whole cell quoted), otherwise escaped as CSV requires.</summary>
    public static string Text(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        return IsFormulaStart(value[0]) ? Quote("'" + value) : Escape(value);
    }

    /// <summary>
    /// Neutralises a text cell (a leading quote, the whole cell quoted) and otherwise leaves it as it is,
    /// for writers that escape their cells themselves (the synthetic generator).
    /// </summary>
    public static string Neutral(string? value)
        => string.IsNullOrEmpty(value) ? "" : IsFormulaStart(value[0]) ? Quote("'" + value) : value;

    /// <summary>A cell the engine formatted itself (a number, a boolean, a date): escaped only.</summary>
    public static string Number(string? value) => string.IsNullOrEmpty(value) ? "" : Escape(value);

    /// <summary>True for the characters a spreadsheet reads as the start of a formula (or, tab and CR, that hide one).</summary>
    public static bool IsFormulaStart(char c) => c is '=' or '+' or '-' or '@' or '\t' or '\r';

    private static string Escape(string value) => value.AsSpan().IndexOfAny(",;\"\n\r") >= 0 ? Quote(value) : value;

    private static string Quote(string value) => "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}

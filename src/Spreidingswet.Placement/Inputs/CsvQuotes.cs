using Spreidingswet.Placement.Model;

namespace Spreidingswet.Placement.Inputs;

/// <summary>
/// Finds quoted cells that are not closed on the line where they open. No cell of these inputs
/// holds a line break, so a quote still open at the end of its line is a stray or missing quote; it is
/// reported at the line where it opened (a CSV parser would swallow the following lines into the
/// cell and fail far later, on an unrelated field).
/// </summary>
internal static class CsvQuotes
{
    /// <summary>One error per line whose quoted cell is not closed on it; <paramref name="lineOffset"/> is added to the line numbers.</summary>
    public static List<InputError> Unclosed(string text, char delimiter, string file, int lineOffset)
    {
        var errors = new List<InputError>();
        var header = HeaderNames(text, delimiter);
        var line = 1;
        var field = 0;
        var atFieldStart = true;
        var quoteStart = -1;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoteStart >= 0)
            {
                if (c == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"')
                    {
                        i++;
                    }
                    else
                    {
                        quoteStart = -1;
                    }
                }
                else if (c is '\n' or '\r')
                {
                    errors.Add(Error(text, quoteStart, i, file, line + lineOffset, line == 1 ? null : field < header.Count ? header[field] : null));
                    quoteStart = -1;
                    i = SkipLineBreak(text, i);
                    line++;
                    field = 0;
                    atFieldStart = true;
                }

                continue;
            }

            if (c == '\n')
            {
                line++;
                field = 0;
                atFieldStart = true;
            }
            else if (c == delimiter)
            {
                field++;
                atFieldStart = true;
            }
            else if (c == '"' && atFieldStart)
            {
                quoteStart = i;
                atFieldStart = false;
            }
            else if (c is not (' ' or '\t' or '\r'))
            {
                atFieldStart = false;
            }
        }

        if (quoteStart >= 0)
        {
            errors.Add(Error(text, quoteStart, text.Length, file, line + lineOffset, line == 1 ? null : field < header.Count ? header[field] : null));
        }

        return errors;
    }

    private static int SkipLineBreak(string text, int i) => text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n' ? i + 1 : i;

    private static InputError Error(string text, int quote, int end, string file, int line, string? column)
    {
        var cell = text[quote..end];
        var shown = cell.Length > 40 ? cell[..40] + "..." : cell;
        return new InputError(file, line, column ?? "cell", shown, "opens a quote that is not closed on this line.",
            "Maybe a stray or missing '\"'? A quote inside a quoted cell is written twice (\"\").");
    }

    /// <summary>The header names split naively (only for naming the column in an error).</summary>
    private static List<string> HeaderNames(string text, char delimiter)
    {
        var end = text.IndexOf('\n', StringComparison.Ordinal);
        var first = end < 0 ? text : text[..end];
        return [.. first.Split(delimiter).Select(h => h.Trim().Trim('"').Trim())];
    }
}

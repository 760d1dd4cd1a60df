using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using Spreidingswet.Placement.Model;

namespace Spreidingswet.Placement.Inputs;

/// <summary>
/// A CSV file read as text cells with their line numbers: UTF-8 with or without a byte-order mark,
/// <c>,</c> or <c>;</c> separated (detected from the header line), header names case-insensitive,
/// unknown columns checked against the caller's known ones, every row as long as the header, within
/// <see cref="InputLimits"/>. Typed parsing happens in the callers so that every error can name
/// file, line, field and value.
/// </summary>
internal sealed class CsvTable
{
    private readonly Dictionary<string, int> _columns;

    private CsvTable(string file, string[] header, List<CsvRow> rows, List<string> comments)
    {
        File = file;
        Comments = comments;
        Header = header;
        Rows = rows;
        _columns = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < header.Length; i++)
        {
            _columns.TryAdd(header[i].Trim(), i);
        }
    }

    public string File { get; }

    public IReadOnlyList<string> Header { get; }

    public IReadOnlyList<CsvRow> Rows { get; }

    /// <summary>Leading <c>#</c> comment lines (without the <c>#</c>), when the reader was asked to allow them.</summary>
    public IReadOnlyList<string> Comments { get; }

    public bool Has(string column) => _columns.ContainsKey(column);

    public int? IndexOf(string column) => _columns.TryGetValue(column, out var i) ? i : null;

    /// <summary>
    /// Reads a CSV file within <see cref="InputLimits"/>. With <paramref name="knownColumns"/>, a header
    /// name close to a known column (<see cref="Spelling"/>) is an error with a "Maybe" hint, and any
    /// other unknown name a warning that lists it.
    /// </summary>
    public static LoadResult<CsvTable> Read(string path, bool allowComments = false, IReadOnlyCollection<string>? knownColumns = null)
    {
        if (!System.IO.File.Exists(path))
        {
            return LoadResult<CsvTable>.Failure([new InputError(path, 0, null, null, "file not found.")]);
        }

        var text = InputText.ReadCsv(path);
        return text.Value is { } t ? Parse(t, path, allowComments, knownColumns) : LoadResult<CsvTable>.Failure(text.Errors);
    }

    public static LoadResult<CsvTable> Read(TextReader reader, string file, bool allowComments = false)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return Parse(reader.ReadToEnd(), file, allowComments, null);
    }

    private static LoadResult<CsvTable> Parse(string text, string file, bool allowComments, IReadOnlyCollection<string>? knownColumns)
    {
        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            text = text[1..];
        }

        // Leading '#' lines (a file's documentation header) are kept aside; line numbers still count them.
        var comments = new List<string>();
        while (allowComments && text.StartsWith('#'))
        {
            var end = text.IndexOf('\n', StringComparison.Ordinal);
            comments.Add((end < 0 ? text[1..] : text[1..end]).TrimEnd('\r').Trim());
            text = end < 0 ? "" : text[(end + 1)..];
        }

        var firstLineEnd = text.IndexOf('\n', StringComparison.Ordinal);
        var firstLine = firstLineEnd < 0 ? text : text[..firstLineEnd];
        var delimiter = firstLine.Count(c => c == ';') > firstLine.Count(c => c == ',') ? ';' : ',';
        var quoteErrors = CsvQuotes.Unclosed(text, delimiter, file, comments.Count);
        if (quoteErrors.Count > 0)
        {
            return LoadResult<CsvTable>.Failure(quoteErrors);
        }

        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            Delimiter = delimiter.ToString(),
            HasHeaderRecord = true,
            BadDataFound = null,
            MissingFieldFound = null,
            DetectColumnCountChanges = false,
            TrimOptions = TrimOptions.Trim,
        };
        using var csv = new CsvReader(new StringReader(text), config);
        if (!csv.Read() || !csv.ReadHeader() || csv.HeaderRecord is null)
        {
            return LoadResult<CsvTable>.Failure([new InputError(file, comments.Count + 1, null, null, "is empty: a header line is required.")]);
        }

        var header = csv.HeaderRecord;
        var errors = new List<InputError>();
        var warnings = new List<string>();
        CheckHeader(header, file, comments.Count + 1, knownColumns, errors, warnings);
        var rows = new List<CsvRow>();
        try
        {
            while (csv.Read())
            {
                var cells = new string[csv.Parser.Count];
                for (var i = 0; i < cells.Length; i++)
                {
                    cells[i] = csv.Parser[i] ?? "";
                }

                if (cells.All(string.IsNullOrWhiteSpace))
                {
                    continue;
                }

                var line = csv.Parser.RawRow + comments.Count;
                if (rows.Count == InputLimits.MaxRows)
                {
                    errors.Add(new InputError(file, line, null, null,
                        $"is beyond {InputLimits.MaxRows:N0} rows, the limit for a CSV file (InputLimits.MaxRows).", "Maybe split the file?"));
                    break;
                }

                if (cells.Length != header.Length)
                {
                    errors.Add(RowLength(file, line, header, cells.Length, delimiter));
                }

                rows.Add(new CsvRow(line, cells));
            }
        }
        catch (CsvHelperException ex)
        {
            var line = (ex.Context?.Parser?.RawRow ?? 0) + comments.Count;
            return LoadResult<CsvTable>.Failure([new InputError(file, line, null, null, $"is not valid CSV: {ex.Message.Split('\n')[0]}")]);
        }

        return errors.Count > 0
            ? LoadResult<CsvTable>.Failure(errors, warnings)
            : LoadResult<CsvTable>.Success(new CsvTable(file, header, rows, comments), warnings);
    }

    /// <summary>A column named twice is an error; so is an unknown name close to a known column, while other unknown names are a warning.</summary>
    private static void CheckHeader(string[] header, string file, int line, IReadOnlyCollection<string>? known, List<InputError> errors, List<string> warnings)
    {
        var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var unused = new List<string>();
        for (var i = 0; i < header.Length; i++)
        {
            var name = header[i].Trim();
            if (name.Length == 0)
            {
                continue;
            }

            if (!seen.TryAdd(name, i + 1))
            {
                errors.Add(new InputError(file, line, name, null, $"column appears twice (columns {seen[name]} and {i + 1}).", "Maybe one of them is misnamed?"));
                continue;
            }

            if (known is null || known.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                continue;
            }

            if (Spelling.Close(name, known) is { } close)
            {
                errors.Add(new InputError(file, line, "column", name, "is not a known column.", $"Maybe '{close}'?"));
            }
            else
            {
                unused.Add(name);
            }
        }

        if (unused.Count > 0)
        {
            warnings.Add($"{file}: column(s) {string.Join(", ", unused.Select(u => $"'{u}'"))} are not known and are ignored (known columns: {string.Join(", ", known!)}).");
        }
    }

    private static InputError RowLength(string file, int line, string[] header, int count, char delimiter)
    {
        if (count < header.Length)
        {
            var missing = header[count..].Where(h => h.Trim().Length > 0).Select(h => h.Trim()).ToList();
            return new InputError(file, line, null, null,
                $"has {count} cells where the header has {header.Length}{(missing.Count > 0 ? $" (no cell for {string.Join(", ", missing.Take(5))}{(missing.Count > 5 ? ", ..." : "")})" : "")}.",
                $"Maybe a missing '{delimiter}', or a row cut short?");
        }

        return new InputError(file, line, null, null, $"has {count} cells where the header has {header.Length}.",
            delimiter == ';' ? "Maybe a list with ';' that needs quotes in a ';'-separated file?" : "Maybe a value with ',' (a decimal comma?) that needs quotes?");
    }

    /// <summary>The cell of a column in a row; empty when the row is short or the column absent.</summary>
    public string Cell(CsvRow row, string column)
    {
        ArgumentNullException.ThrowIfNull(row);
        return _columns.TryGetValue(column, out var i) && i < row.Cells.Length ? row.Cells[i].Trim() : "";
    }
}

/// <summary>One data row: its 1-based line number in the file and its cells.</summary>
internal sealed record CsvRow(int Line, string[] Cells);

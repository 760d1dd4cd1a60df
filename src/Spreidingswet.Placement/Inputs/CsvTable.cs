using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using Spreidingswet.Placement.Model;

namespace Spreidingswet.Placement.Inputs;

/// <summary>
/// A CSV file read as text cells with their line numbers: UTF-8 with or without a byte-order mark,
/// <c>,</c> or <c>;</c> separated (detected from the header line), header names case-insensitive,
/// extra columns kept but unused. Typed parsing happens in the callers so that every error can name
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

    public static LoadResult<CsvTable> Read(string path, bool allowComments = false)
    {
        if (!System.IO.File.Exists(path))
        {
            return LoadResult<CsvTable>.Failure([new InputError(path, 0, null, null, "file not found.")]);
        }

        try
        {
            using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            return Read(reader, path, allowComments);
        }
        catch (IOException ex)
        {
            return LoadResult<CsvTable>.Failure([new InputError(path, 0, null, null, $"cannot be read: {ex.Message}")]);
        }
    }

    public static LoadResult<CsvTable> Read(TextReader reader, string file, bool allowComments = false)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var text = reader.ReadToEnd();
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
        var delimiter = firstLine.Count(c => c == ';') > firstLine.Count(c => c == ',') ? ";" : ",";
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            Delimiter = delimiter,
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

                rows.Add(new CsvRow(csv.Parser.RawRow + comments.Count, cells));
            }
        }
        catch (CsvHelperException ex)
        {
            var line = (ex.Context?.Parser?.RawRow ?? 0) + comments.Count;
            return LoadResult<CsvTable>.Failure([new InputError(file, line, null, null, $"is not valid CSV: {ex.Message.Split('\n')[0]}")]);
        }

        return LoadResult<CsvTable>.Success(new CsvTable(file, header, rows, comments));
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

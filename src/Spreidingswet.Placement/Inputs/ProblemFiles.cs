using System.Collections.Immutable;
using System.Security.Cryptography;
using Spreidingswet.Placement.Model;

namespace Spreidingswet.Placement.Inputs;

/// <summary>The files a problem is read from (CSV contracts in docs/formats.md).</summary>
/// <param name="Youths">youths.csv.</param>
/// <param name="Locations">locations.csv.</param>
public sealed record ProblemFiles(string Youths, string Locations)
{
    /// <summary>Optional isk_seats.csv (<c>region_code,seats</c>).</summary>
    public string? IskSeats { get; init; }

    /// <summary>Optional targets.csv (<c>code,target</c>).</summary>
    public string? Targets { get; init; }

    /// <summary>True when the files hold synthetic data (written by <c>placement generate</c>).</summary>
    public bool IsSynthetic { get; init; }
}

/// <summary>Reads a <see cref="PlacementProblem"/> from CSV files; every problem in every file is reported together.</summary>
public static class ProblemReader
{
    /// <summary>
    /// Reads a whole problem from one JSON document with the same fields as the CSV files
    /// (camelCase; docs/formats.md, "Problem JSON"). Errors name the JSON path.
    /// </summary>
    public static LoadResult<PlacementProblem> ReadJson(string path) => ProblemJson.Read(path);

    /// <summary>Reads a problem JSON document held in memory (as <see cref="ProblemWriter.ToJson"/> writes it); errors name <paramref name="file"/> and the JSON path.</summary>
    public static LoadResult<PlacementProblem> ParseJson(byte[] json, string file)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentException.ThrowIfNullOrEmpty(file);
        return ProblemJson.Parse(json, file);
    }

    /// <summary>
    /// Reads new arrivals from a youths.csv (the same columns and checks as <see cref="Read"/>'s youths file),
    /// as a scenario's <c>addArrivals.file</c> does. A youth with a current location is an error (arrivals have none).
    /// </summary>
    public static LoadResult<IReadOnlyList<Youth>> ReadArrivals(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var warnings = new List<string>();
        var (youths, errors) = YouthsCsv.Read(path, warnings);
        errors.AddRange(youths.Where(y => y.Value.CurrentLocation is not null).Select(y => new InputError(y.File, y.Line, "current_location", y.Value.CurrentLocation,
            "a new arrival has no current location.", "Maybe leave the column empty, or upload this youth with the situation?")));
        return errors.Count > 0
            ? LoadResult<IReadOnlyList<Youth>>.Failure(errors, warnings)
            : LoadResult<IReadOnlyList<Youth>>.Success([.. youths.Select(y => y.Value)], warnings);
    }

    /// <summary>Reads youths, locations and the optional files. Cross-file checks (unknown ids) are made when the problem is resolved.</summary>
    public static LoadResult<PlacementProblem> Read(ProblemFiles files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var warnings = new List<string>();
        var (youths, youthErrors) = YouthsCsv.Read(files.Youths, warnings);
        var (locations, locationErrors) = LocationsCsv.Read(files.Locations, warnings);
        var errors = new List<InputError>(youthErrors);
        errors.AddRange(locationErrors);
        var isk = ReadCodeTable(files.IskSeats, "region_code", "seats", errors, warnings);
        var targets = ReadCodeTable(files.Targets, "code", "target", errors, warnings);
        if (errors.Count > 0)
        {
            return LoadResult<PlacementProblem>.Failure(errors, warnings);
        }

        var sources = new Dictionary<string, (string File, int Line)>(StringComparer.Ordinal);
        var repeats = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        foreach (var (key, line, file) in youths.Select(y => ("youth:" + y.Value.Id, y.Line, y.File)).Concat(locations.Select(l => ("location:" + l.Value.Id, l.Line, l.File))))
        {
            if (!sources.TryAdd(key, (file, line)))
            {
                (repeats.TryGetValue(key, out var lines) ? lines : repeats[key] = []).Add(line);
            }
        }

        var digests = new List<InputDigest> { Digest("youths", files.Youths), Digest("locations", files.Locations) };
        if (files.IskSeats is not null)
        {
            digests.Add(Digest("isk-seats", files.IskSeats));
        }

        if (files.Targets is not null)
        {
            digests.Add(Digest("targets", files.Targets));
        }

        var problem = new PlacementProblem
        {
            Youths = [.. youths.Select(y => y.Value)],
            Locations = [.. locations.Select(l => l.Value)],
            IskSeats = isk?.Table ?? ImmutableDictionary<string, int>.Empty,
            Targets = targets?.Table ?? ImmutableDictionary<string, int>.Empty,
            IsSynthetic = files.IsSynthetic || IsMarkedSynthetic(files.Youths),
            Inputs = [.. digests],
            Sources = new SourceMap(sources, files.Youths, files.Locations, files.IskSeats, files.Targets, isk?.Lines, targets?.Lines)
            {
                Repeats = repeats.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<int>)kv.Value, StringComparer.Ordinal),
            },
        };
        return LoadResult<PlacementProblem>.Success(problem, warnings);
    }

    private static bool IsMarkedSynthetic(string youthsPath)
    {
        var manifest = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(youthsPath)) ?? ".", SyntheticGenerator.SyntheticManifest);
        return File.Exists(manifest) && BoundedFile.ReadText(manifest, BoundedFile.SmallFileBytes) is { } text && text.Contains("\"synthetic\": true", StringComparison.Ordinal);
    }

    internal static InputDigest Digest(string role, string path)
    {
        using var stream = File.OpenRead(path);
        return new InputDigest(role, path, Convert.ToHexStringLower(SHA256.HashData(stream)));
    }

    private static (ImmutableDictionary<string, int> Table, Dictionary<string, int> Lines)? ReadCodeTable(string? path, string codeColumn, string valueColumn,
        List<InputError> errors, List<string> warnings)
    {
        if (path is null)
        {
            return null;
        }

        var read = CsvTable.Read(path, knownColumns: [codeColumn, valueColumn]);
        warnings.AddRange(read.Warnings);
        if (read.Value is not { } table)
        {
            errors.AddRange(read.Errors);
            return null;
        }

        foreach (var column in new[] { codeColumn, valueColumn })
        {
            if (!table.Has(column))
            {
                errors.Add(new InputError(path, 1, column, null, "column is missing.", $"The header has: {string.Join(", ", table.Header)}."));
            }
        }

        var result = ImmutableDictionary.CreateBuilder<string, int>(StringComparer.OrdinalIgnoreCase);
        var lines = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        if (errors.Count > 0)
        {
            return null;
        }

        foreach (var row in table.Rows)
        {
            var code = Cells.Id(table, row, codeColumn, errors);
            var value = Cells.Integer(table, row, valueColumn, errors, 0, 1_000_000);
            if (code is null)
            {
                continue;
            }

            if (code.Length == 0)
            {
                errors.Add(new InputError(path, row.Line, codeColumn, "", "is empty."));
                continue;
            }

            if (lines.TryGetValue(code, out var first))
            {
                errors.Add(new InputError(path, row.Line, codeColumn, code, $"appears twice (first on line {first})."));
                continue;
            }

            lines[code] = row.Line;
            if (value is not null)
            {
                result[code] = value.Value;
            }
        }

        return (result.ToImmutable(), lines);
    }
}

/// <summary>Where each youth and location came from, so that cross-file errors name file and line.</summary>
internal sealed record SourceMap(
    IReadOnlyDictionary<string, (string File, int Line)> Records,
    string YouthsFile,
    string LocationsFile,
    string? IskFile,
    string? TargetsFile,
    IReadOnlyDictionary<string, int>? IskLines,
    IReadOnlyDictionary<string, int>? TargetLines)
{
    public static SourceMap None { get; } = new(new Dictionary<string, (string, int)>(), "youths", "locations", "isk-seats", "targets", null, null);

    /// <summary>The lines of the second and later records with one key (<c>youth:ID</c>, <c>location:ID</c>), in file order.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<int>> Repeats { get; init; } = new Dictionary<string, IReadOnlyList<int>>();

    public (string File, int Line) Youth(string id) => Records.TryGetValue("youth:" + id, out var s) ? s : (YouthsFile, 0);

    public (string File, int Line) Location(string id) => Records.TryGetValue("location:" + id, out var s) ? s : (LocationsFile, 0);

    /// <summary>Where the <paramref name="occurrence"/>-th record with this youth id came from (0 = the first).</summary>
    public (string File, int Line) Youth(string id, int occurrence) => Repeated("youth:" + id, occurrence) ?? Youth(id);

    /// <summary>Where the <paramref name="occurrence"/>-th record with this location id came from (0 = the first).</summary>
    public (string File, int Line) Location(string id, int occurrence) => Repeated("location:" + id, occurrence) ?? Location(id);

    private (string File, int Line)? Repeated(string key, int occurrence)
        => occurrence > 0 && Repeats.TryGetValue(key, out var lines) && occurrence <= lines.Count && Records.TryGetValue(key, out var first)
            ? (first.File, lines[occurrence - 1])
            : null;
}

/// <summary>Writes a problem as one JSON document (docs/formats.md, "Problem JSON"; the form the audit log keeps): <see cref="ProblemReader.ParseJson"/> reads it back.</summary>
public static class ProblemWriter
{
    /// <summary>The problem as JSON (with its synthetic label; its input digests and source lines are not part of it).</summary>
    public static string ToJson(PlacementProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return ProblemJson.Write(problem);
    }
}

using System.Collections.Immutable;
using System.Security.Cryptography;
using Spreidingswet.Placement.Model;

namespace Spreidingswet.Placement.Inputs;

/// <summary>The files a problem is read from (CSV contracts in the README).</summary>
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
    /// (camelCase; see the README). Errors name the JSON path.
    /// </summary>
    public static LoadResult<PlacementProblem> ReadJson(string path) => ProblemJson.Read(path);

    /// <summary>Reads youths, locations and the optional files. Cross-file checks (unknown ids) are made when the problem is resolved.</summary>
    public static LoadResult<PlacementProblem> Read(ProblemFiles files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var (youths, youthErrors) = YouthsCsv.Read(files.Youths);
        var (locations, locationErrors) = LocationsCsv.Read(files.Locations);
        var errors = new List<InputError>(youthErrors);
        errors.AddRange(locationErrors);
        var isk = ReadCodeTable(files.IskSeats, "region_code", "seats", errors);
        var targets = ReadCodeTable(files.Targets, "code", "target", errors);
        if (errors.Count > 0)
        {
            return LoadResult<PlacementProblem>.Failure(errors);
        }

        var sources = new Dictionary<string, (string File, int Line)>(StringComparer.Ordinal);
        foreach (var y in youths)
        {
            sources.TryAdd("youth:" + y.Value.Id, (y.File, y.Line));
        }

        foreach (var l in locations)
        {
            sources.TryAdd("location:" + l.Value.Id, (l.File, l.Line));
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
            Sources = new SourceMap(sources, files.Youths, files.Locations, files.IskSeats, files.Targets, isk?.Lines, targets?.Lines),
        };
        return LoadResult<PlacementProblem>.Success(problem);
    }

    private static bool IsMarkedSynthetic(string youthsPath)
    {
        var manifest = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(youthsPath)) ?? ".", SyntheticGenerator.SyntheticManifest);
        return File.Exists(manifest) && File.ReadAllText(manifest).Contains("\"synthetic\": true", StringComparison.Ordinal);
    }

    internal static InputDigest Digest(string role, string path)
    {
        using var stream = File.OpenRead(path);
        return new InputDigest(role, path, Convert.ToHexStringLower(SHA256.HashData(stream)));
    }

    private static (ImmutableDictionary<string, int> Table, Dictionary<string, int> Lines)? ReadCodeTable(string? path, string codeColumn, string valueColumn, List<InputError> errors)
    {
        if (path is null)
        {
            return null;
        }

        var read = CsvTable.Read(path);
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
            var code = table.Cell(row, codeColumn);
            var value = Cells.Integer(table, row, valueColumn, errors, 0, 1_000_000);
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

    public (string File, int Line) Youth(string id) => Records.TryGetValue("youth:" + id, out var s) ? s : (YouthsFile, 0);

    public (string File, int Line) Location(string id) => Records.TryGetValue("location:" + id, out var s) ? s : (LocationsFile, 0);
}

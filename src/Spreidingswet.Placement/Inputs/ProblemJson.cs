using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using Spreidingswet.Placement.Geography;
using Spreidingswet.Placement.Model;

namespace Spreidingswet.Placement.Inputs;

/// <summary>
/// A whole problem as one JSON document with the same fields as the CSV files (camelCase):
/// <c>{"youths": [...], "locations": [...], "iskSeats": {...}, "targets": {...}}</c>. Errors name
/// the file, the JSON path (for example <c>youths[3].gender</c>) and the value.
/// </summary>
internal static partial class ProblemJson
{
    public static LoadResult<PlacementProblem> Read(string path)
    {
        if (!File.Exists(path))
        {
            return LoadResult<PlacementProblem>.Failure([new InputError(path, 0, "--problem", path, "file not found.")]);
        }

        var bytes = InputText.ReadJson(path);
        if (bytes.Value is null)
        {
            return LoadResult<PlacementProblem>.Failure(bytes.Errors);
        }

        var read = Parse(bytes.Value, path);
        return read.Value is { } problem
            ? LoadResult<PlacementProblem>.Success(problem with
            {
                Inputs = [ProblemReader.Digest("problem", path)],
                Sources = SourceMap.None with { YouthsFile = path, LocationsFile = path, IskFile = path, TargetsFile = path },
            })
            : read;
    }

    /// <summary>The fields of the document's top level.</summary>
    public static readonly IReadOnlyList<string> RootFields = ["youths", "locations", "iskSeats", "targets", "synthetic"];

    /// <summary>The fields of a youth.</summary>
    public static readonly IReadOnlyList<string> YouthFields =
    [
        "id", "birthDate", "age", "gender", "careLevel", "currentLocation", "school", "siblingGroup", "keepApart", "lockedLocation",
        "excludeLocations", "needs", "schoolingYears", "arrivedOn", "earlierMoves", "auditGroup",
        "wishLocation", "wishMunicipality", "wishRegion", "wishNear", "viewsHeardOn", "viewsHeardBy", "movesLast12Months",
    ];

    /// <summary>The fields of a youth's <c>wishNear</c> (WGS84 lat/lon or RD New x/y).</summary>
    public static readonly IReadOnlyList<string> WishNearFields = ["lat", "lon", "x", "y"];

    /// <summary>The fields of a youth's school.</summary>
    public static readonly IReadOnlyList<string> SchoolFields = ["lat", "lon", "x", "y", "educationRegion"];

    /// <summary>The fields of a location.</summary>
    public static readonly IReadOnlyList<string> LocationFields =
    [
        "id", "name", "lat", "lon", "x", "y", "municipalityCode", "capacity", "reserved", "minAge", "maxAge", "genders", "careLevels",
        "type", "smallScale", "closesOn", "tags",
    ];

    /// <summary>
    /// Parses a problem document; <paramref name="file"/> names it in errors. The result has no input
    /// digests. A key twice in one object, an unknown field at any level and invalid UTF-8 are errors.
    /// </summary>
    public static LoadResult<PlacementProblem> Parse(byte[] json, string file)
    {
        ArgumentNullException.ThrowIfNull(json);
        var path = file;
        if (InputText.FirstInvalidUtf8(json) is { } bad)
        {
            return LoadResult<PlacementProblem>.Failure([InputText.InvalidUtf8(path, bad.Line, bad.Offset, json[bad.Offset])]);
        }

        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, AllowDuplicateProperties = false });
        }
        catch (JsonException ex)
        {
            if (FirstDuplicateKey(json) is { } duplicate)
            {
                return LoadResult<PlacementProblem>.Failure([new InputError(path, duplicate.Line, duplicate.Path, null,
                    "is not valid JSON: this key appears twice in one object.", "Maybe the same field written twice? Keep one.")]);
            }

            return LoadResult<PlacementProblem>.Failure([new InputError(path, (int)(ex.LineNumber ?? -1) + 1, ex.Path, null, "is not valid JSON: " + ex.Message.Split(" Path:")[0])]);
        }

        using (doc)
        {
            var errors = new List<InputError>();
            var reader = new Reader(path, errors);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return LoadResult<PlacementProblem>.Failure([new InputError(path, 0, "$", null, "must be an object with youths and locations.")]);
            }

            reader.Known(root, "", RootFields);
            var youths = Records(root, "youths", reader, (e, at) =>
            {
                reader.Known(e, at, YouthFields);
                if (e.ValueKind == JsonValueKind.Object && e.TryGetProperty("school", out var school))
                {
                    reader.Known(school, $"{at}.school", SchoolFields);
                }

                if (e.ValueKind == JsonValueKind.Object && e.TryGetProperty("wishNear", out var near))
                {
                    reader.Known(near, $"{at}.wishNear", WishNearFields);
                }

                return reader.Youth(e, at);
            }, y => y.Id, "youth");
            var locations = Records(root, "locations", reader, (e, at) =>
            {
                reader.Known(e, at, LocationFields);
                return reader.Location(e, at);
            }, l => l.Id, "location");

            var isk = reader.CodeTable(root, "iskSeats");
            var targets = reader.CodeTable(root, "targets");
            if (errors.Count > 0)
            {
                return LoadResult<PlacementProblem>.Failure(errors);
            }

            return LoadResult<PlacementProblem>.Success(new PlacementProblem
            {
                Youths = [.. youths],
                Locations = [.. locations],
                IskSeats = isk,
                Targets = targets,
                IsSynthetic = root.TryGetProperty("synthetic", out var synthetic) && synthetic.ValueKind == JsonValueKind.True,
            });
        }
    }

    /// <summary>
    /// The records of one array (youths or locations): at most <see cref="InputLimits.MaxRows"/>, each
    /// read by <paramref name="read"/>; an id seen before is an error naming the first.
    /// </summary>
    private static List<T> Records<T>(JsonElement root, string name, Reader reader, Func<JsonElement, string, T?> read, Func<T, string> id, string what)
        where T : class
    {
        var records = new List<T>();
        if (!root.TryGetProperty(name, out var array) || array.ValueKind != JsonValueKind.Array)
        {
            reader.Error(name, null, $"is missing: give an array of {name}.");
            return records;
        }

        if (array.GetArrayLength() > InputLimits.MaxRows)
        {
            reader.Error(name, null, $"has {array.GetArrayLength():N0} entries, beyond {InputLimits.MaxRows:N0}, the limit (InputLimits.MaxRows).");
            return records;
        }

        var first = new Dictionary<string, int>(StringComparer.Ordinal);
        var i = 0;
        foreach (var e in array.EnumerateArray())
        {
            if (read(e, $"{name}[{i}]") is { } record)
            {
                if (first.TryAdd(id(record), i))
                {
                    records.Add(record);
                }
                else
                {
                    reader.Error($"{name}[{i}].id", id(record), $"is a duplicate {what} id (first at {name}[{first[id(record)]}]).");
                }
            }

            i++;
        }

        return records;
    }
}

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
internal static class ProblemJson
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
    ];

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
    /// The first key that appears twice in one object, with its 1-based line and JSON path (for
    /// example <c>youths[0].keepApart</c>); null when there is none. Run only when parsing failed,
    /// since <see cref="JsonDocumentOptions.AllowDuplicateProperties"/> reports no position.
    /// </summary>
    private static (int Line, string Path)? FirstDuplicateKey(byte[] json)
    {
        var start = json.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? 3 : 0;
        var reader = new Utf8JsonReader(json.AsSpan(start), new JsonReaderOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        var frames = new List<Frame>();
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        var name = reader.GetString()!;
                        var top = frames[^1];
                        if (!top.Keys!.Add(name))
                        {
                            var line = json.AsSpan(0, start + (int)reader.TokenStartIndex).Count((byte)'\n') + 1;
                            var at = PathOf(frames);
                            return (line, at.Length == 0 ? name : $"{at}.{name}");
                        }

                        top.Property = name;
                        break;
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        NextElement(frames);
                        frames.Add(new Frame(reader.TokenType == JsonTokenType.StartObject ? new HashSet<string>(StringComparer.Ordinal) : null));
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        frames.RemoveAt(frames.Count - 1);
                        break;
                    case JsonTokenType.Comment:
                        break;
                    default:
                        NextElement(frames);
                        break;
                }
            }
        }
        catch (JsonException)
        {
            // another syntax error comes first: the caller reports it
        }

        return null;

        static void NextElement(List<Frame> frames)
        {
            if (frames.Count > 0 && frames[^1].Keys is null)
            {
                frames[^1].Index++;
            }
        }

        // The path of the object the duplicate is in: each enclosing container names its child by key or index.
        static string PathOf(List<Frame> frames)
        {
            var path = new System.Text.StringBuilder();
            foreach (var f in frames.Take(frames.Count - 1))
            {
                _ = f.Keys is null ? path.Append(CultureInfo.InvariantCulture, $"[{f.Index}]") : path.Append(path.Length == 0 ? "" : ".").Append(f.Property);
            }

            return path.ToString();
        }
    }

    /// <summary>One open object (its keys so far and the current one) or array (the current index) while looking for duplicate keys.</summary>
    private sealed class Frame(HashSet<string>? keys)
    {
        public HashSet<string>? Keys { get; } = keys;

        public string? Property { get; set; }

        public int Index { get; set; } = -1;
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

    /// <summary>
    /// Writes a problem as the JSON document <see cref="Read"/> reads back to an equal problem:
    /// coordinates as RD New <c>x</c>/<c>y</c> (exact, no datum shift on the way back), every
    /// field in a fixed order, absent values left out, and <c>"synthetic": true</c> for synthetic data.
    /// </summary>
    public static string Write(PlacementProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = false, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            if (problem.IsSynthetic)
            {
                w.WriteBoolean("synthetic", true);
            }

            w.WriteStartArray("youths");
            foreach (var y in problem.Youths)
            {
                WriteYouth(w, y);
            }

            w.WriteEndArray();
            w.WriteStartArray("locations");
            foreach (var l in problem.Locations)
            {
                WriteLocation(w, l);
            }

            w.WriteEndArray();
            WriteTable(w, "iskSeats", problem.IskSeats);
            WriteTable(w, "targets", problem.Targets);
            w.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteYouth(Utf8JsonWriter w, Youth y)
    {
        w.WriteStartObject();
        w.WriteString("id", y.Id);
        OptionalDate(w, "birthDate", y.BirthDate);
        if (y.Age is { } age)
        {
            w.WriteNumber("age", age);
        }

        w.WriteString("gender", Vocabulary.Code(y.Gender));
        w.WriteString("careLevel", Vocabulary.Code(y.CareLevel));
        Optional(w, "currentLocation", y.CurrentLocation);
        if (y.School is { } school)
        {
            w.WriteStartObject("school");
            if (school.Point is { } p)
            {
                w.WriteNumber("x", p.X);
                w.WriteNumber("y", p.Y);
            }

            Optional(w, "educationRegion", school.RegionCode);
            w.WriteEndObject();
        }

        Optional(w, "siblingGroup", y.SiblingGroup);
        Strings(w, "keepApart", y.KeepApart);
        Optional(w, "lockedLocation", y.LockedLocation);
        Strings(w, "excludeLocations", y.ExcludeLocations);
        Strings(w, "needs", y.Needs);
        if (y.SchoolingYears is { } years)
        {
            w.WriteNumber("schoolingYears", years);
        }

        OptionalDate(w, "arrivedOn", y.ArrivedOn);
        if (y.EarlierMoves is { } moves)
        {
            w.WriteNumber("earlierMoves", moves);
        }

        Optional(w, "auditGroup", y.AuditGroup);
        w.WriteEndObject();
    }

    private static void WriteLocation(Utf8JsonWriter w, Location l)
    {
        w.WriteStartObject();
        w.WriteString("id", l.Id);
        w.WriteString("name", l.Name);
        w.WriteNumber("x", l.Point.X);
        w.WriteNumber("y", l.Point.Y);
        Optional(w, "municipalityCode", l.MunicipalityCode);
        w.WriteNumber("capacity", l.Capacity);
        w.WriteNumber("reserved", l.Reserved);
        w.WriteNumber("minAge", l.MinAge);
        w.WriteNumber("maxAge", l.MaxAge);
        Strings(w, "genders", [.. l.Genders.Select(Vocabulary.Code)]);
        Strings(w, "careLevels", [.. l.CareLevels.Select(Vocabulary.Code)]);
        Optional(w, "type", l.Type.Length == 0 ? null : l.Type);
        if (l.SmallScale)
        {
            w.WriteBoolean("smallScale", true);
        }

        OptionalDate(w, "closesOn", l.ClosesOn);
        Strings(w, "tags", l.Tags);
        w.WriteEndObject();
    }

    private static void WriteTable(Utf8JsonWriter w, string name, ImmutableDictionary<string, int> table)
    {
        w.WriteStartObject(name);
        foreach (var (code, value) in table.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            w.WriteNumber(code, value);
        }

        w.WriteEndObject();
    }

    private static void Optional(Utf8JsonWriter w, string name, string? value)
    {
        if (value is not null)
        {
            w.WriteString(name, value);
        }
    }

    private static void OptionalDate(Utf8JsonWriter w, string name, DateOnly? value)
    {
        if (value is { } d)
        {
            w.WriteString(name, d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }
    }

    private static void Strings(Utf8JsonWriter w, string name, ImmutableArray<string> values)
    {
        if (values.IsDefaultOrEmpty)
        {
            return;
        }

        w.WriteStartArray(name);
        foreach (var v in values)
        {
            w.WriteStringValue(v);
        }

        w.WriteEndArray();
    }

    internal sealed class Reader(string file, List<InputError> errors)
    {
        public Youth? Youth(JsonElement e, string at)
        {
            if (e.ValueKind != JsonValueKind.Object)
            {
                Error(at, null, "must be an object.");
                return null;
            }

            if (!Id(e, at, "id", out var id))
            {
                return null;
            }

            if (string.IsNullOrEmpty(id))
            {
                Error($"{at}.id", id, "is missing: every youth needs a pseudonymous id.");
                return null;
            }

            var birth = Date(e, at, "birthDate");
            var age = Int(e, at, "age", 0, 25);
            if (birth is null && age is null)
            {
                Error($"{at}.birthDate", null, "and age are both missing: give one.");
            }

            var genderText = String(e, at, "gender");
            Gender gender = Gender.X;
            if (genderText is null || !Vocabulary.Genders.TryGetValue(genderText, out gender))
            {
                Error($"{at}.gender", genderText, "must be m, f or x.");
            }

            var careText = String(e, at, "careLevel") ?? "standard";
            if (!Vocabulary.CareLevels.TryGetValue(careText, out var care))
            {
                Error($"{at}.careLevel", careText, "must be standard, intensive or protected.");
            }

            School? school = null;
            if (e.TryGetProperty("school", out var s) && s.ValueKind == JsonValueKind.Object)
            {
                var lat = Number(s, $"{at}.school", "lat", -90, 90);
                var lon = Number(s, $"{at}.school", "lon", -180, 180);
                var x = Number(s, $"{at}.school", "x", -100_000, 400_000);
                var y = Number(s, $"{at}.school", "y", 200_000, 700_000);
                var region = IdOrNull(s, $"{at}.school", "educationRegion");
                school = lat is not null && lon is not null ? new School(GeoPoint.FromWgs84(lat.Value, lon.Value), region)
                    : x is not null && y is not null ? new School(GeoPoint.FromRd(x.Value, y.Value), region)
                    : region is not null ? new School(null, region)
                    : null;
                if (school is null)
                {
                    Error($"{at}.school", null, "needs lat and lon, x and y, or educationRegion.");
                }
            }

            return new Youth(id)
            {
                BirthDate = birth,
                Age = age,
                Gender = gender,
                CareLevel = care,
                CurrentLocation = IdOrNull(e, at, "currentLocation"),
                School = school,
                SiblingGroup = IdOrNull(e, at, "siblingGroup"),
                KeepApart = Ids(e, at, "keepApart"),
                LockedLocation = IdOrNull(e, at, "lockedLocation"),
                ExcludeLocations = Ids(e, at, "excludeLocations"),
                Needs = [.. Strings(e, at, "needs").Select(n => n.ToLowerInvariant())],
                SchoolingYears = Number(e, at, "schoolingYears", 0, 20),
                ArrivedOn = Date(e, at, "arrivedOn"),
                EarlierMoves = Int(e, at, "earlierMoves", 0, 100),
                AuditGroup = String(e, at, "auditGroup"),
            };
        }

        public Location? Location(JsonElement e, string at)
        {
            if (e.ValueKind != JsonValueKind.Object)
            {
                Error(at, null, "must be an object.");
                return null;
            }

            if (!Id(e, at, "id", out var id))
            {
                return null;
            }

            if (string.IsNullOrEmpty(id))
            {
                Error($"{at}.id", id, "is missing: every location needs an id.");
                return null;
            }

            var lat = Number(e, at, "lat", -90, 90);
            var lon = Number(e, at, "lon", -180, 180);
            var x = Number(e, at, "x", -100_000, 400_000);
            var y = Number(e, at, "y", 200_000, 700_000);
            GeoPoint? point = lat is not null && lon is not null ? GeoPoint.FromWgs84(lat.Value, lon.Value)
                : x is not null && y is not null ? GeoPoint.FromRd(x.Value, y.Value) : null;
            if (point is null)
            {
                Error($"{at}.lat", null, "and lon (or x and y) are missing: every location needs coordinates.");
                return null;
            }

            var capacity = Int(e, at, "capacity", 0, 100_000);
            if (capacity is null)
            {
                Error($"{at}.capacity", null, "is missing: give the number of beds.");
            }

            var reserved = Int(e, at, "reserved", 0, 100_000) ?? 0;
            if (capacity is not null && reserved > capacity)
            {
                Error($"{at}.reserved", reserved.ToString(CultureInfo.InvariantCulture), $"is larger than capacity ({capacity}).");
            }

            var minAge = Int(e, at, "minAge", 0, 25) ?? 0;
            var maxAge = Int(e, at, "maxAge", 0, 25) ?? 17;
            if (minAge > maxAge)
            {
                Error($"{at}.minAge", minAge.ToString(CultureInfo.InvariantCulture), $"is above maxAge ({maxAge}).");
            }

            var genders = new List<Gender>();
            foreach (var g in Strings(e, at, "genders"))
            {
                if (Vocabulary.Genders.TryGetValue(g, out var gender))
                {
                    genders.Add(gender);
                }
                else
                {
                    Error($"{at}.genders", g, "must be m, f or x.");
                }
            }

            var care = new List<CareLevel>();
            foreach (var c in Strings(e, at, "careLevels"))
            {
                if (Vocabulary.CareLevels.TryGetValue(c, out var level))
                {
                    care.Add(level);
                }
                else
                {
                    Error($"{at}.careLevels", c, "must be standard, intensive or protected.");
                }
            }

            return Vocabulary.Normalised(new Location(id, String(e, at, "name") ?? id, point.Value)
            {
                MunicipalityCode = IdOrNull(e, at, "municipalityCode"),
                Capacity = capacity ?? 0,
                Reserved = reserved,
                MinAge = minAge,
                MaxAge = maxAge,
                Genders = [.. genders],
                CareLevels = [.. care],
                Type = String(e, at, "type") ?? "",
                SmallScale = e.TryGetProperty("smallScale", out var ss) && ss.ValueKind == JsonValueKind.True,
                ClosesOn = Date(e, at, "closesOn"),
                Tags = [.. Strings(e, at, "tags")],
            });
        }

        public ImmutableDictionary<string, int> CodeTable(JsonElement root, string name)
        {
            var builder = ImmutableDictionary.CreateBuilder<string, int>(StringComparer.OrdinalIgnoreCase);
            if (!root.TryGetProperty(name, out var table) || table.ValueKind == JsonValueKind.Null)
            {
                return builder.ToImmutable();
            }

            if (table.ValueKind != JsonValueKind.Object)
            {
                Error(name, null, "must be an object of code: number.");
                return builder.ToImmutable();
            }

            foreach (var p in table.EnumerateObject())
            {
                if (p.Value.ValueKind == JsonValueKind.Number && p.Value.TryGetInt32(out var v) && v >= 0)
                {
                    builder[p.Name] = v;
                }
                else
                {
                    Error($"{name}.{p.Name}", p.Value.ToString(), "must be a whole number of at least 0.");
                }
            }

            return builder.ToImmutable();
        }

        /// <summary>Unknown fields of an object are errors, with a hint at the field meant ("keep_apart" -> keepApart).</summary>
        public void Known(JsonElement e, string at, IReadOnlyList<string> fields)
        {
            if (e.ValueKind != JsonValueKind.Object)
            {
                return;
            }

            foreach (var p in e.EnumerateObject())
            {
                if (!fields.Contains(p.Name, StringComparer.Ordinal))
                {
                    Error(at.Length == 0 ? p.Name : $"{at}.{p.Name}", null, "is not a known field.", Spelling.Hint(p.Name, [.. fields], "fields here"));
                }
            }
        }

        /// <summary>An id string (<see cref="String"/>); false (with an error) when it holds a control or formatting character.</summary>
        internal bool Id(JsonElement e, string at, string name, out string? id)
        {
            id = String(e, at, name);
            if (id is not null && Cells.IdError(id) is { } problem)
            {
                Error($"{at}.{name}", id, problem);
                id = null;
                return false;
            }

            return true;
        }

        private string? IdOrNull(JsonElement e, string at, string name) => Id(e, at, name, out var id) ? id : null;

        /// <summary>A list of id strings; entries with a control or formatting character are errors and left out.</summary>
        private ImmutableArray<string> Ids(JsonElement e, string at, string name)
        {
            var ids = Strings(e, at, name);
            foreach (var bad in ids.Where(i => Cells.IdError(i) is not null))
            {
                Error($"{at}.{name}", bad, Cells.IdError(bad)!);
            }

            return [.. ids.Where(i => Cells.IdError(i) is null)];
        }

        internal string? String(JsonElement e, string at, string name)
        {
            if (!e.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            if (v.ValueKind != JsonValueKind.String)
            {
                Error($"{at}.{name}", v.ToString(), "must be a string.");
                return null;
            }

            var s = v.GetString()!.Trim();
            return s.Length == 0 ? null : s;
        }

        internal ImmutableArray<string> Strings(JsonElement e, string at, string name)
        {
            if (!e.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
            {
                return [];
            }

            if (v.ValueKind != JsonValueKind.Array || v.EnumerateArray().Any(x => x.ValueKind != JsonValueKind.String))
            {
                Error($"{at}.{name}", v.ToString(), "must be an array of strings.");
                return [];
            }

            return [.. v.EnumerateArray().Select(x => x.GetString()!.Trim()).Where(x => x.Length > 0)];
        }

        internal double? Number(JsonElement e, string at, string name, double min, double max)
        {
            if (!e.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            if (v.ValueKind != JsonValueKind.Number || !v.TryGetDouble(out var d) || d < min || d > max)
            {
                Error($"{at}.{name}", v.ToString(), $"must be a number between {min.ToString(CultureInfo.InvariantCulture)} and {max.ToString(CultureInfo.InvariantCulture)}.");
                return null;
            }

            return d;
        }

        internal int? Int(JsonElement e, string at, string name, int min, int max)
        {
            if (!e.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt32(out var i) || i < min || i > max)
            {
                Error($"{at}.{name}", v.ToString(), $"must be a whole number between {min} and {max}.");
                return null;
            }

            return i;
        }

        internal DateOnly? Date(JsonElement e, string at, string name)
        {
            var s = String(e, at, name);
            if (s is null)
            {
                return null;
            }

            if (DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            {
                return d;
            }

            Error($"{at}.{name}", s, "is not a date in the form yyyy-mm-dd.");
            return null;
        }

        internal void Error(string field, string? value, string message, string? hint = null) => errors.Add(new InputError(file, 0, field, value, message, hint));
    }
}

using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Utilities;
using NetTopologySuite.IO;
using NetTopologySuite.IO.Converters;
using NetTopologySuite.Operation.Union;
using NetTopologySuite.Operation.Valid;
using Spreidingswet.Placement.Model;

using Spreidingswet.Placement.Inputs;

namespace Spreidingswet.Placement.Geography;

/// <summary>
/// Reads a region layer (GeoJSON, GeoPackage or Shapefile) into RD New polygons with a code and
/// a name, reporting every problem with the file, the feature and the property concerned.
/// </summary>
internal static class LayerReader
{
    public static readonly GeometryFactory RdFactory = new(new PrecisionModel(), 28992);

    private static readonly JsonSerializerOptions GeoJsonOptions = new()
    {
        Converters = { new GeoJsonConverterFactory(new GeometryFactory()) },
    };

    private sealed record RawFeature(int Number, Geometry Geometry, Func<string, object?> Attribute, IReadOnlyList<string> Names);

    public static LoadResult<RegionLayer> Read(RegionRole role, RegionLayerSource source, string? optionPrefix = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        var file = source.Path;
        var prefix = optionPrefix ?? RoleOption(role);
        if (!File.Exists(file))
        {
            return Fail(file, 0, prefix, file, "file not found.", "Maybe the path is relative to another folder?");
        }

        var ext = Path.GetExtension(file).ToLowerInvariant();
        if (TooLarge(file, ext, prefix) is { } tooLarge)
        {
            return LoadResult<RegionLayer>.Failure([tooLarge]);
        }

        try
        {
            var (features, statedCrs, error) = ext switch
            {
                ".geojson" or ".json" => ReadGeoJson(file),
                ".gpkg" => ReadGeoPackage(file, source.Layer),
                ".shp" => ReadShapefile(file),
                _ => (null, null, new InputError(file, 0, prefix, ext, "is not a supported layer format.", "Use a GeoJSON (.geojson/.json), GeoPackage (.gpkg) or Shapefile (.shp).")),
            };
            if (error is not null)
            {
                return LoadResult<RegionLayer>.Failure([error]);
            }

            return Build(role, source, file, features!, statedCrs, prefix);
        }
        catch (Exception ex) when (ex is JsonException or IOException or SqliteException or InvalidOperationException or ArgumentException or FormatException or NotSupportedException or ParseException or IndexOutOfRangeException)
        {
            return Fail(file, 0, prefix, null, $"cannot be read as a {ext.TrimStart('.')} region layer: {ex.Message}", "Maybe the file is damaged or of another format?");
        }
    }

    /// <summary>Reads an embedded GeoJSON default layer (RD New).</summary>
    public static RegionLayer ReadEmbedded(RegionRole role, string resourceName)
    {
        using var stream = typeof(LayerReader).Assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"Embedded resource '{resourceName}' is missing from the assembly.");
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        var bytes = memory.ToArray();
        var (features, _, error) = ReadGeoJson(bytes, resourceName);
        if (error is not null)
        {
            throw new InvalidOperationException(error.ToString());
        }

        var result = Build(role, new RegionLayerSource(resourceName) { Crs = "EPSG:28992" }, resourceName, features!, "EPSG:28992", RoleOption(role), isDefault: true);
        return result.Value ?? throw new InvalidOperationException(string.Join("; ", result.Errors));
    }

    public static string RoleOption(RegionRole role) => role switch
    {
        RegionRole.Municipality => "--municipalities",
        RegionRole.Province => "--provinces",
        RegionRole.EducationRegion => "--education-regions",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "Unknown region role."),
    };

    /// <summary>
    /// A layer from its features in four steps: the code and name properties are there, the CRS
    /// (the option, then the file's statement, then the coordinate range), each feature checked and
    /// brought to RD New (invalid ones repaired with a warning), the parts of one code unioned in
    /// code order.
    /// </summary>
    private static LoadResult<RegionLayer> Build(
        RegionRole role,
        RegionLayerSource source,
        string file,
        List<RawFeature> features,
        string? statedCrs,
        string prefix,
        bool isDefault = false)
    {
        if (features.Count == 0)
        {
            return Fail(file, 0, prefix, null, "has no features.", "Maybe the wrong layer was chosen?");
        }

        var missing = MissingProperties(source, file, features[0].Names, prefix);
        if (missing.Count > 0)
        {
            return LoadResult<RegionLayer>.Failure(missing);
        }

        if (!TryChooseCrs(source.Crs ?? statedCrs, features, out var crsName, out var toRd, out var crsError))
        {
            return Fail(file, 0, $"{prefix}-crs", source.Crs ?? statedCrs, crsError + ".", "Maybe EPSG:28992 or EPSG:4326?");
        }

        var warnings = new List<string>();
        var (byCode, errors) = GroupByCode(source, file, features, toRd, warnings);
        if (errors.Count > 0)
        {
            return LoadResult<RegionLayer>.Failure(errors, warnings);
        }

        // Stable order by code, so that outputs never depend on the file's feature order.
        var order = byCode.Keys.Order(StringComparer.Ordinal).ToList();
        var regions = new List<Region>(order.Count);
        var geometries = new List<Geometry>(order.Count);
        foreach (var code in order)
        {
            var (name, parts) = byCode[code];
            regions.Add(new Region(code, name));
            geometries.Add(parts.Count == 1 ? parts[0] : UnaryUnionOp.Union(parts));
        }

        var info = new RegionLayerInfo(role, isDefault, isDefault ? null : file, crsName, regions.Count, isDefault ? HashResource(file) : HashFile(file));
        return LoadResult<RegionLayer>.Success(new RegionLayer(role, regions, geometries, info), warnings);
    }

    private static List<InputError> MissingProperties(RegionLayerSource source, string file, IReadOnlyCollection<string> names, string prefix)
    {
        var errors = new List<InputError>();
        foreach (var (property, option) in new[] { (source.CodeProperty, "code-property"), (source.NameProperty, "name-property") })
        {
            if (!names.Contains(property, StringComparer.OrdinalIgnoreCase))
            {
                errors.Add(new InputError(file, 0, $"{prefix}-{option}", property, "is not a property of the features.",
                    $"Maybe one of: {string.Join(", ", names.Take(20))}?"));
            }
        }

        return errors;
    }

    /// <summary>The CRS given (option or file) or, when none is, detected from the coordinate range; null <paramref name="toRd"/> means RD New already.</summary>
    private static bool TryChooseCrs(string? crsText, List<RawFeature> features, out string crsName, out Func<double, double, (double X, double Y)>? toRd, out string? error)
    {
        error = null;
        if (crsText is not null)
        {
            var parsed = Projections.Parse(crsText);
            toRd = parsed.ToRdNew;
            crsName = parsed.Name;
            error = parsed.Error;
            return error is null;
        }

        var env = new Envelope();
        foreach (var f in features)
        {
            env.ExpandToInclude(f.Geometry.EnvelopeInternal);
        }

        var degrees = env.MinX >= -180 && env.MaxX <= 180 && env.MinY >= -90 && env.MaxY <= 90;
        toRd = degrees ? Projections.Wgs84ToRd : null;
        crsName = degrees ? "EPSG:4326 (detected)" : "EPSG:28992 (detected)";
        return true;
    }

    /// <summary>Each feature checked (a code, a non-empty polygon), in RD New and valid, grouped by code (the first name wins).</summary>
    private static (Dictionary<string, (string Name, List<Geometry> Parts)> ByCode, List<InputError> Errors) GroupByCode(
        RegionLayerSource source, string file, List<RawFeature> features, Func<double, double, (double X, double Y)>? toRd, List<string> warnings)
    {
        var errors = new List<InputError>();
        var byCode = new Dictionary<string, (string Name, List<Geometry> Parts)>(StringComparer.OrdinalIgnoreCase);
        foreach (var f in features)
        {
            var code = Text(f.Attribute(source.CodeProperty));
            var name = Text(f.Attribute(source.NameProperty));
            if (FeatureError(source, file, f, code) is { } error)
            {
                errors.Add(error);
                continue;
            }

            var geometry = toRd is null ? RdFactory.CreateGeometry(f.Geometry) : Transform(f.Geometry, toRd);
            var validity = new IsValidOp(geometry).ValidationError;
            if (validity is not null)
            {
                geometry = GeometryFixer.Fix(geometry);
                warnings.Add($"{file}: feature {f.Number} ({code}) was invalid ({validity.Message} at {validity.Coordinate.X.ToString("F0", CultureInfo.InvariantCulture)},{validity.Coordinate.Y.ToString("F0", CultureInfo.InvariantCulture)} RD) and has been repaired.");
            }

            if (!byCode.TryGetValue(code, out var entry))
            {
                byCode[code] = entry = (string.IsNullOrWhiteSpace(name) ? code : name, []);
            }

            entry.Parts.Add(geometry);
        }

        return (byCode, errors);
    }

    private static InputError? FeatureError(RegionLayerSource source, string file, RawFeature f, string code)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            return new InputError(file, 0, $"feature {f.Number} {source.CodeProperty}", code, "is empty: every region needs a code.");
        }

        if (f.Geometry is (Polygon or MultiPolygon) && f.Geometry.IsEmpty)
        {
            return new InputError(file, 0, $"feature {f.Number} ({code}) geometry", null, "is empty: every region needs an area.");
        }

        return f.Geometry is not (Polygon or MultiPolygon)
            ? new InputError(file, 0, $"feature {f.Number} ({code}) geometry", f.Geometry.GeometryType,
                "is not a polygon: a region layer holds polygons or multipolygons.", "Maybe this is a point or line layer?")
            : null;
    }

    private static string HashFile(string file)
    {
        using var stream = File.OpenRead(file);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    private static string HashResource(string resourceName)
    {
        using var stream = typeof(LayerReader).Assembly.GetManifestResourceStream(resourceName)!;
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    private static Geometry Transform(Geometry geometry, Func<double, double, (double X, double Y)> toRd)
    {
        var copy = RdFactory.CreateGeometry(geometry);
        copy.Apply(new TransformFilter(toRd));
        copy.GeometryChanged();
        return copy;
    }

    private sealed class TransformFilter(Func<double, double, (double X, double Y)> toRd) : ICoordinateSequenceFilter
    {
        public bool Done => false;

        public bool GeometryChanged => true;

        public void Filter(CoordinateSequence seq, int i)
        {
            var (x, y) = toRd(seq.GetX(i), seq.GetY(i));
            seq.SetX(i, x);
            seq.SetY(i, y);
        }
    }

    private static string Text(object? value) => value switch
    {
        null => "",
        string s => s.Trim(),
        JsonElement { ValueKind: JsonValueKind.String } e => e.GetString()?.Trim() ?? "",
        JsonElement e => e.ToString().Trim(),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture).Trim(),
        _ => value.ToString()?.Trim() ?? "",
    };

    private static LoadResult<RegionLayer> Fail(string file, int line, string? field, string? value, string message, string? hint = null)
        => LoadResult<RegionLayer>.Failure([new InputError(file, line, field, value, message, hint)]);

    /// <summary>The largest layer file (GeoJSON, GeoPackage, or a shapefile's .shp or .dbf): 512 MiB (the official generalised layers are a few MB).</summary>
    public const long MaxLayerBytes = 512L * 1024 * 1024;

    /// <summary>A layer file over <see cref="MaxLayerBytes"/> is refused before it is read.</summary>
    private static InputError? TooLarge(string file, string ext, string prefix)
    {
        var parts = ext == ".shp" ? new[] { file, Path.ChangeExtension(file, ".dbf") } : [file];
        foreach (var part in parts.Where(File.Exists))
        {
            var info = new FileInfo(part);
            var target = info.LinkTarget is null ? info : info.ResolveLinkTarget(returnFinalTarget: true) as FileInfo ?? info;
            if (target.Length > MaxLayerBytes)
            {
                return new InputError(part, 0, prefix, null, $"is larger than {MaxLayerBytes / (1024 * 1024)} MiB, the limit for a region layer file (LayerReader.MaxLayerBytes).", "Maybe a generalised version of the layer (the official CBS layers come generalised)?");
            }

        }

        return null;
    }

    private static (List<RawFeature>?, string?, InputError?) ReadGeoJson(string file)
        => BoundedFile.Read(file, MaxLayerBytes) is { } bytes
            ? ReadGeoJson(bytes, file)
            : (null, null, new InputError(file, 0, "file", null, $"is larger than {MaxLayerBytes / (1024 * 1024)} MiB, the limit for a region layer file (LayerReader.MaxLayerBytes), or is not a regular file."));

    private static (List<RawFeature>?, string?, InputError?) ReadGeoJson(byte[] bytes, string file)
    {
        string? crs = null;
        using (var doc = JsonDocument.Parse(bytes))
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object
                || !doc.RootElement.TryGetProperty("type", out var type)
                || type.GetString() is not ("FeatureCollection" or "Feature"))
            {
                return (null, null, new InputError(file, 0, "type", null, "is not a GeoJSON FeatureCollection.", "Maybe the file is TopoJSON or plain JSON?"));
            }

            if (doc.RootElement.TryGetProperty("crs", out var crsElement)
                && crsElement.TryGetProperty("properties", out var props)
                && props.TryGetProperty("name", out var name))
            {
                crs = name.GetString();
            }
        }

        var collection = JsonSerializer.Deserialize<FeatureCollection>(bytes, GeoJsonOptions) ?? [];
        var list = new List<RawFeature>(collection.Count);
        var number = 0;
        foreach (var feature in collection)
        {
            number++;
            var attributes = feature.Attributes;
            var names = attributes?.GetNames() ?? [];
            list.Add(new RawFeature(number, feature.Geometry ?? RdFactory.CreatePolygon(), key => Lookup(attributes, key), names));
        }

        return (list, crs, null);
    }

    private static object? Lookup(IAttributesTable? attributes, string key)
    {
        if (attributes is null)
        {
            return null;
        }

        foreach (var name in attributes.GetNames())
        {
            if (string.Equals(name, key, StringComparison.OrdinalIgnoreCase))
            {
                return attributes[name];
            }
        }

        return null;
    }

    private static (List<RawFeature>?, string?, InputError?) ReadShapefile(string file)
    {
        var features = NetTopologySuite.IO.Esri.Shapefile.ReadAllFeatures(file);
        var prj = Path.ChangeExtension(file, ".prj");
        var crs = File.Exists(prj) ? BoundedFile.ReadText(prj, BoundedFile.SmallFileBytes) ?? throw new IOException(prj + ": " + BoundedFile.TooLarge(BoundedFile.SmallFileBytes, "a projection file")) : null;
        var list = new List<RawFeature>(features.Length);
        var number = 0;
        foreach (var feature in features)
        {
            number++;
            var attributes = feature.Attributes;
            list.Add(new RawFeature(number, feature.Geometry ?? RdFactory.CreatePolygon(), key => Lookup(attributes, key), attributes?.GetNames() ?? []));
        }

        return (list, crs, null);
    }

    /// <summary>Null when <paramref name="name"/> is a table of the database; otherwise the name.</summary>
    private static string? NotATable(SqliteConnection connection, string name)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = $name COLLATE NOCASE";
        cmd.Parameters.AddWithValue("$name", name);
        return Convert.ToInt64(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 1 ? null : name;
    }

    private static (List<RawFeature>?, string?, InputError?) ReadGeoPackage(string file, string? layer)
    {
        var builder = new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadOnly, Pooling = false };
        using var connection = new SqliteConnection(builder.ToString());
        connection.Open();

        // An untrusted file: no value may be larger than a layer file may be, and only real tables are
        // read (a view can compute rows without end, from a file of a few kilobytes).
        SQLitePCL.raw.sqlite3_limit(connection.Handle, SQLitePCL.raw.SQLITE_LIMIT_LENGTH, 64 * 1024 * 1024);
        if ((NotATable(connection, "gpkg_geometry_columns") ?? NotATable(connection, "gpkg_spatial_ref_sys")) is { } notTable)
        {
            return (null, null, new InputError(file, 0, "layer", notTable, "is not a table of the GeoPackage (a view or missing): the file is not a GeoPackage this reader accepts."));
        }

        var layers = new List<(string Table, string Column, int Srs)>();
        using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = "SELECT table_name, column_name, srs_id FROM gpkg_geometry_columns ORDER BY table_name";
            using var reader = cmd.ExecuteReader();
            while (reader.Read())
            {
                layers.Add((reader.GetString(0), reader.GetString(1), reader.GetInt32(2)));
            }
        }

        if (layers.Count == 0)
        {
            return (null, null, new InputError(file, 0, "layer", null, "the GeoPackage has no geometry layer."));
        }

        (string Table, string Column, int Srs) chosen;
        if (layer is null)
        {
            if (layers.Count > 1)
            {
                return (null, null, new InputError(file, 0, "layer", null, "the GeoPackage has several layers: name one.",
                    $"Maybe one of: {string.Join(", ", layers.Select(l => l.Table))}?"));
            }

            chosen = layers[0];
        }
        else
        {
            var match = layers.FindIndex(l => string.Equals(l.Table, layer, StringComparison.OrdinalIgnoreCase));
            if (match < 0)
            {
                return (null, null, new InputError(file, 0, "layer", layer, "is not a layer of the GeoPackage.",
                    $"Maybe one of: {string.Join(", ", layers.Select(l => l.Table))}?"));
            }

            chosen = layers[match];
        }

        if (NotATable(connection, chosen.Table) is { } view)
        {
            return (null, null, new InputError(file, 0, "layer", view, "is a view or no table of the GeoPackage: only layers stored as tables are read."));
        }

        string? crs = null;
        using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = "SELECT organization, organization_coordsys_id, definition FROM gpkg_spatial_ref_sys WHERE srs_id = $id";
            cmd.Parameters.AddWithValue("$id", chosen.Srs);
            using var reader = cmd.ExecuteReader();
            if (reader.Read())
            {
                var org = reader.IsDBNull(0) ? "" : reader.GetString(0);
                var id = reader.IsDBNull(1) ? 0 : reader.GetInt32(1);
                crs = string.Equals(org, "EPSG", StringComparison.OrdinalIgnoreCase) && id > 0
                    ? $"EPSG:{id}"
                    : reader.IsDBNull(2) ? null : reader.GetString(2);
                if (crs is "undefined" or "")
                {
                    crs = null;
                }
            }
        }

        var list = new List<RawFeature>();
        var geoReader = new GeoPackageGeoReader();
        using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = $"SELECT * FROM \"{chosen.Table.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
            using var reader = cmd.ExecuteReader();
            var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToArray();
            var geometryOrdinal = Array.FindIndex(columns, c => string.Equals(c, chosen.Column, StringComparison.OrdinalIgnoreCase));
            var number = 0;
            while (reader.Read())
            {
                number++;
                var values = new object?[columns.Length];
                for (var i = 0; i < columns.Length; i++)
                {
                    values[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
                }

                var geometry = values[geometryOrdinal] is byte[] blob ? geoReader.Read(blob) : RdFactory.CreatePolygon();
                var names = columns.Where((_, i) => i != geometryOrdinal).ToArray();
                list.Add(new RawFeature(number, geometry, key =>
                {
                    var i = Array.FindIndex(columns, c => string.Equals(c, key, StringComparison.OrdinalIgnoreCase));
                    return i < 0 ? null : values[i];
                }, names));
            }
        }

        return (list, crs, null);
    }
}

using System.Globalization;
using Spreidingswet.Placement.Geography;
using Spreidingswet.Placement.Model;

namespace Spreidingswet.Placement.Inputs;

/// <summary>A record read from a file, with where it came from (for cross-file error messages).</summary>
internal sealed record Sourced<T>(T Value, string File, int Line);

/// <summary>Reads youths.csv (columns in docs/formats.md); syntax and per-row checks only.</summary>
internal static class YouthsCsv
{
    /// <summary>The columns youths.csv may have; others are errors when close to one of these, otherwise warnings.</summary>
    public static readonly IReadOnlyList<string> Columns =
    [
        "id", "birth_date", "age", "gender", "care_level", "current_location", "school_lat", "school_lon", "school_x", "school_y",
        "education_region", "sibling_group", "keep_apart", "locked_location", "exclude_locations", "needs", "schooling_years",
        "arrived_on", "earlier_moves", "audit_group", "wish_location", "wish_municipality", "wish_region", "wish_near_lat", "wish_near_lon",
        "views_heard_on", "views_heard_by", "moves_last_12_months",
    ];

    /// <summary>Reads the youths; <paramref name="warnings"/>, when given, receives the unknown columns that were ignored.</summary>
    public static (List<Sourced<Youth>> Youths, List<InputError> Errors) Read(string path, List<string>? warnings = null)
    {
        var errors = new List<InputError>();
        var youths = new List<Sourced<Youth>>();
        var read = CsvTable.Read(path, knownColumns: [.. Columns]);
        warnings?.AddRange(read.Warnings);
        if (read.Value is not { } table)
        {
            return (youths, [.. read.Errors]);
        }

        foreach (var column in new[] { "id", "gender", "care_level" })
        {
            if (!table.Has(column))
            {
                errors.Add(new InputError(path, 1, column, null, "column is missing.", $"The header has: {string.Join(", ", table.Header)}."));
            }
        }

        if (!table.Has("birth_date") && !table.Has("age"))
        {
            errors.Add(new InputError(path, 1, "birth_date / age", null, "column is missing: give birth_date (yyyy-mm-dd) or age.",
                $"The header has: {string.Join(", ", table.Header)}."));
        }

        if (errors.Count > 0)
        {
            return (youths, errors);
        }

        foreach (var row in table.Rows)
        {
            var id = Cells.Id(table, row, "id", errors);
            if (id is null)
            {
                continue;
            }

            if (id.Length == 0)
            {
                errors.Add(new InputError(path, row.Line, "id", "", "is empty: every youth needs a pseudonymous id."));
                continue;
            }

            youths.Add(new Sourced<Youth>(Youth(table, row, id, errors), path, row.Line));
        }

        return (youths, errors);
    }

    private static Youth Youth(CsvTable table, CsvRow row, string id, List<InputError> errors)
    {
        var path = table.File;
        var birth = Cells.Date(table, row, "birth_date", errors);
        var age = Cells.Integer(table, row, "age", errors, 0, 25, "Maybe the birth date was meant?");
        if (birth is null && age is null && table.Cell(row, "birth_date").Length == 0 && table.Cell(row, "age").Length == 0)
        {
            errors.Add(new InputError(path, row.Line, "birth_date / age", "", "are both empty: give one."));
        }

        var gender = Cells.Choice(table, row, "gender", errors, Vocabulary.Genders);
        if (table.Cell(row, "gender").Length == 0)
        {
            errors.Add(new InputError(path, row.Line, "gender", "", "is empty: use m, f or x."));
        }

        var care = Cells.Choice(table, row, "care_level", errors, Vocabulary.CareLevels);
        var school = School(table, row, errors);
        return new Youth(id)
        {
            BirthDate = birth,
            Age = age,
            Gender = gender ?? Gender.X,
            CareLevel = care ?? CareLevel.Standard,
            CurrentLocation = NullIfEmpty(Cells.Id(table, row, "current_location", errors)),
            School = school,
            SiblingGroup = NullIfEmpty(Cells.Id(table, row, "sibling_group", errors)),
            KeepApart = [.. Cells.IdList(table, row, "keep_apart", errors)],
            LockedLocation = NullIfEmpty(Cells.Id(table, row, "locked_location", errors)),
            ExcludeLocations = [.. Cells.IdList(table, row, "exclude_locations", errors)],
            Needs = [.. Cells.List(table, row, "needs").Select(t => t.ToLowerInvariant())],
            SchoolingYears = Cells.Number(table, row, "schooling_years", errors, 0, 20),
            ArrivedOn = Cells.Date(table, row, "arrived_on", errors),
            EarlierMoves = Cells.Integer(table, row, "earlier_moves", errors, 0, 100),
            AuditGroup = NullIfEmpty(table.Cell(row, "audit_group")),
            WishLocation = NullIfEmpty(Cells.Id(table, row, "wish_location", errors)),
            WishMunicipality = NullIfEmpty(Cells.Id(table, row, "wish_municipality", errors)),
            WishRegion = NullIfEmpty(Cells.Id(table, row, "wish_region", errors)),
            WishNear = WishNear(table, row, errors),
            ViewsHeardOn = Cells.Date(table, row, "views_heard_on", errors),
            ViewsHeardBy = NullIfEmpty(Cells.Id(table, row, "views_heard_by", errors)),
            MovesLast12Months = Cells.Integer(table, row, "moves_last_12_months", errors, 0, InputLimits.MaxMovesLast12Months, "A count of moves in the last 12 months."),
        };
    }

    /// <summary>The place the youth wants to be near (WGS84); null when both cells are empty, an error when only one is given.</summary>
    private static GeoPoint? WishNear(CsvTable table, CsvRow row, List<InputError> errors)
    {
        var lat = Cells.Number(table, row, "wish_near_lat", errors, -90, 90, "Maybe wish_near_lat and wish_near_lon are swapped?");
        var lon = Cells.Number(table, row, "wish_near_lon", errors, -180, 180);
        if (lat is not null && lon is not null)
        {
            return GeoPoint.FromWgs84(lat.Value, lon.Value);
        }

        var latText = table.Cell(row, "wish_near_lat");
        var lonText = table.Cell(row, "wish_near_lon");
        if ((latText.Length == 0) != (lonText.Length == 0))
        {
            errors.Add(new InputError(table.File, row.Line, latText.Length == 0 ? "wish_near_lat" : "wish_near_lon", "",
                "is empty while the other coordinate of wish_near is given: give both, or neither."));
        }

        return null;
    }

    /// <summary>The school: WGS84 or RD New coordinates, or only an education region code; null when all are empty.</summary>
    private static School? School(CsvTable table, CsvRow row, List<InputError> errors)
    {
        var lat = Cells.Number(table, row, "school_lat", errors, -90, 90);
        var lon = Cells.Number(table, row, "school_lon", errors, -180, 180);
        var x = Cells.Number(table, row, "school_x", errors, -100_000, 400_000, "RD New x runs from about 0 to 300000 m.");
        var y = Cells.Number(table, row, "school_y", errors, 200_000, 700_000, "RD New y runs from about 300000 to 620000 m.");
        var regionCode = NullIfEmpty(Cells.Id(table, row, "education_region", errors));
        if (lat is not null && lon is not null)
        {
            return new School(GeoPoint.FromWgs84(lat.Value, lon.Value), regionCode);
        }

        if (x is not null && y is not null)
        {
            return new School(GeoPoint.FromRd(x.Value, y.Value), regionCode);
        }

        if ((lat is null) != (lon is null) || (x is null) != (y is null))
        {
            errors.Add(new InputError(table.File, row.Line, lat is not null || lon is not null ? "school_lat/school_lon" : "school_x/school_y", "",
                "has only one coordinate: give both, or neither."));
            return null;
        }

        return regionCode is null ? null : new School(null, regionCode);
    }

    internal static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;
}

/// <summary>
/// Reads locations.csv (columns in docs/formats.md); syntax and per-row checks only (duplicate ids
/// are found when the problem is resolved). The steps: the header (known columns, required columns,
/// which coordinates), then per row the id, the point, capacity and reserved beds, ages, accepted genders and care levels, and
/// the location built from them.
/// </summary>
internal static class LocationsCsv
{
    /// <summary>The columns locations.csv may have; others are errors when close to one of these, otherwise warnings.</summary>
    public static readonly IReadOnlyList<string> Columns =
    [
        "id", "name", "lat", "lon", "x", "y", "municipality_code", "capacity", "reserved", "min_age", "max_age", "genders",
        "care_levels", "type", "small_scale", "closes_on", "tags",
    ];

    /// <summary>Reads the locations; <paramref name="warnings"/>, when given, receives the unknown columns that were ignored.</summary>
    public static (List<Sourced<Location>> Locations, List<InputError> Errors) Read(string path, List<string>? warnings = null)
    {
        var read = CsvTable.Read(path, knownColumns: [.. Columns]);
        warnings?.AddRange(read.Warnings);
        if (read.Value is not { } table)
        {
            return ([], [.. read.Errors]);
        }

        var errors = new List<InputError>();
        if (Header(table, errors) is not { } coordinates)
        {
            return ([], errors);
        }

        var rows = new Row(table, coordinates, errors);
        var locations = new List<Sourced<Location>>();
        foreach (var row in table.Rows)
        {
            if (rows.Id(row) is { } id && rows.Location(row, id) is { } location)
            {
                locations.Add(new Sourced<Location>(location, path, row.Line));
            }
        }

        return (locations, errors);
    }

    /// <summary>Which coordinates the file gives (WGS84, RD New), or null (with errors) when a required column is missing.</summary>
    private static Coordinates? Header(CsvTable table, List<InputError> errors)
    {
        var before = errors.Count;
        foreach (var column in new[] { "id", "capacity" })
        {
            if (!table.Has(column))
            {
                errors.Add(new InputError(table.File, 1, column, null, "column is missing.", $"The header has: {string.Join(", ", table.Header)}."));
            }
        }

        var coordinates = new Coordinates(table.Has("lat") && table.Has("lon"), table.Has("x") && table.Has("y"));
        if (!coordinates.Wgs && !coordinates.Rd)
        {
            errors.Add(new InputError(table.File, 1, "lat,lon / x,y", null, "columns are missing: give lat and lon (WGS84) or x and y (RD New).",
                $"The header has: {string.Join(", ", table.Header)}."));
        }

        return errors.Count == before ? coordinates : null;
    }

    /// <summary>Which coordinate columns the header has.</summary>
    private sealed record Coordinates(bool Wgs, bool Rd);

    /// <summary>The per-row steps; every error is added to the shared list in the order of the fields.</summary>
    private sealed class Row(CsvTable table, Coordinates coordinates, List<InputError> errors)
    {
        private string File => table.File;

        /// <summary>The id, or null (with an error) when it is empty or holds a control character.</summary>
        public string? Id(CsvRow row)
        {
            var id = Cells.Id(table, row, "id", errors);
            if (id is { Length: 0 })
            {
                errors.Add(new InputError(File, row.Line, "id", "", "is empty: every location needs an id."));
                return null;
            }

            return id;
        }

        /// <summary>The location of a row with an id; null when it has no usable point (the errors say why).</summary>
        public Location? Location(CsvRow row, string id)
        {
            var point = Point(row);
            var (capacity, reserved) = Beds(row);
            var (minAge, maxAge) = Ages(row);
            var genders = Choices(row, "genders", Vocabulary.Genders, "is not m, f or x.");
            var care = Choices(row, "care_levels", Vocabulary.CareLevels, "is not one of: standard, intensive, protected.");
            if (point is null)
            {
                return null;
            }

            var name = table.Cell(row, "name");
            return Vocabulary.Normalised(new Location(id, name.Length == 0 ? id : name, point.Value)
            {
                MunicipalityCode = YouthsCsv.NullIfEmpty(Cells.Id(table, row, "municipality_code", errors)),
                Capacity = capacity ?? 0,
                Reserved = reserved,
                MinAge = minAge,
                MaxAge = maxAge,
                Genders = [.. genders],
                CareLevels = [.. care],
                Type = table.Cell(row, "type"),
                SmallScale = Cells.Boolean(table, row, "small_scale", errors) ?? false,
                ClosesOn = Cells.Date(table, row, "closes_on", errors),
                Tags = [.. Cells.List(table, row, "tags")],
            });
        }

        /// <summary>The point from lat/lon when given, else from x/y; an error when neither is filled in.</summary>
        private GeoPoint? Point(CsvRow row)
        {
            var before = errors.Count;
            GeoPoint? point = null;
            if (coordinates.Wgs && table.Cell(row, "lat").Length + table.Cell(row, "lon").Length > 0)
            {
                var lat = Cells.Number(table, row, "lat", errors, -90, 90, "Maybe lat and lon are swapped?");
                var lon = Cells.Number(table, row, "lon", errors, -180, 180);
                point = lat is not null && lon is not null ? GeoPoint.FromWgs84(lat.Value, lon.Value) : null;
            }
            else if (coordinates.Rd)
            {
                var x = Cells.Number(table, row, "x", errors, -100_000, 400_000, "RD New x runs from about 0 to 300000 m.");
                var y = Cells.Number(table, row, "y", errors, 200_000, 700_000, "RD New y runs from about 300000 to 620000 m.");
                point = x is not null && y is not null ? GeoPoint.FromRd(x.Value, y.Value) : null;
            }

            if (point is null && errors.Count == before)
            {
                errors.Add(new InputError(File, row.Line, coordinates.Wgs ? "lat,lon" : "x,y", "", "is empty: every location needs coordinates."));
            }

            return point;
        }

        /// <summary>Capacity (required) and reserved beds (default 0, at most the capacity).</summary>
        private (int? Capacity, int Reserved) Beds(CsvRow row)
        {
            var capacity = Cells.Integer(table, row, "capacity", errors, 0, 100_000);
            if (capacity is null && table.Cell(row, "capacity").Length == 0)
            {
                errors.Add(new InputError(File, row.Line, "capacity", "", "is empty: give the number of beds."));
            }

            var reserved = Cells.Integer(table, row, "reserved", errors, 0, 100_000) ?? 0;
            if (capacity is not null && reserved > capacity)
            {
                errors.Add(new InputError(File, row.Line, "reserved", reserved.ToString(CultureInfo.InvariantCulture),
                    $"is larger than capacity ({capacity}).", "Maybe capacity is meant to be larger?"));
            }

            return (capacity, reserved);
        }

        /// <summary>The accepted ages (defaults 0 and 17), the minimum at most the maximum.</summary>
        private (int Min, int Max) Ages(CsvRow row)
        {
            var minAge = Cells.Integer(table, row, "min_age", errors, 0, 25) ?? 0;
            var maxAge = Cells.Integer(table, row, "max_age", errors, 0, 25) ?? 17;
            if (minAge > maxAge)
            {
                errors.Add(new InputError(File, row.Line, "min_age", minAge.ToString(CultureInfo.InvariantCulture),
                    $"is above max_age ({maxAge}).", "Maybe the two are swapped?"));
            }

            return (minAge, maxAge);
        }

        /// <summary>A list cell of vocabulary words (genders, care levels); each unknown word is an error.</summary>
        private List<T> Choices<T>(CsvRow row, string column, IReadOnlyDictionary<string, T> words, string message)
        {
            var values = new List<T>();
            foreach (var word in Cells.List(table, row, column))
            {
                if (words.TryGetValue(word, out var value))
                {
                    values.Add(value);
                }
                else
                {
                    errors.Add(new InputError(File, row.Line, column, word, message));
                }
            }

            return values;
        }
    }
}

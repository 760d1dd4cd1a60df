using System.Collections.Immutable;
using Spreidingswet.Placement.Geography;
using Spreidingswet.Placement.Model;

namespace Spreidingswet.Placement.Inputs;

/// <summary>A record read from a file, with where it came from (for cross-file error messages).</summary>
internal sealed record Sourced<T>(T Value, string File, int Line);

/// <summary>Reads youths.csv (columns in the README); syntax and per-row checks only.</summary>
internal static class YouthsCsv
{
    public static (List<Sourced<Youth>> Youths, List<InputError> Errors) Read(string path)
    {
        var errors = new List<InputError>();
        var youths = new List<Sourced<Youth>>();
        var read = CsvTable.Read(path);
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
            var id = table.Cell(row, "id");
            if (id.Length == 0)
            {
                errors.Add(new InputError(path, row.Line, "id", "", "is empty: every youth needs a pseudonymous id."));
                continue;
            }

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
            School? school = null;
            var lat = Cells.Number(table, row, "school_lat", errors, -90, 90);
            var lon = Cells.Number(table, row, "school_lon", errors, -180, 180);
            var x = Cells.Number(table, row, "school_x", errors, -100_000, 400_000, "RD New x runs from about 0 to 300000 m.");
            var y = Cells.Number(table, row, "school_y", errors, 200_000, 700_000, "RD New y runs from about 300000 to 620000 m.");
            var regionCode = table.Cell(row, "education_region");
            if (lat is not null && lon is not null)
            {
                school = new School(GeoPoint.FromWgs84(lat.Value, lon.Value), regionCode.Length > 0 ? regionCode : null);
            }
            else if (x is not null && y is not null)
            {
                school = new School(GeoPoint.FromRd(x.Value, y.Value), regionCode.Length > 0 ? regionCode : null);
            }
            else if ((lat is null) != (lon is null) || (x is null) != (y is null))
            {
                errors.Add(new InputError(path, row.Line, lat is not null || lon is not null ? "school_lat/school_lon" : "school_x/school_y", "",
                    "has only one coordinate: give both, or neither."));
            }
            else if (regionCode.Length > 0)
            {
                school = new School(null, regionCode);
            }

            var youth = new Youth(id)
            {
                BirthDate = birth,
                Age = age,
                Gender = gender ?? Gender.X,
                CareLevel = care ?? CareLevel.Standard,
                CurrentLocation = NullIfEmpty(table.Cell(row, "current_location")),
                School = school,
                SiblingGroup = NullIfEmpty(table.Cell(row, "sibling_group")),
                KeepApart = [.. Cells.List(table, row, "keep_apart")],
                LockedLocation = NullIfEmpty(table.Cell(row, "locked_location")),
                ExcludeLocations = [.. Cells.List(table, row, "exclude_locations")],
                Needs = [.. Cells.List(table, row, "needs").Select(t => t.ToLowerInvariant())],
                SchoolingYears = Cells.Number(table, row, "schooling_years", errors, 0, 20),
                ArrivedOn = Cells.Date(table, row, "arrived_on", errors),
                EarlierMoves = Cells.Integer(table, row, "earlier_moves", errors, 0, 100),
                AuditGroup = NullIfEmpty(table.Cell(row, "audit_group")),
            };
            youths.Add(new Sourced<Youth>(youth, path, row.Line));
        }

        return (youths, errors);
    }

    internal static string? NullIfEmpty(string text) => text.Length == 0 ? null : text;
}

/// <summary>Reads locations.csv (columns in the README); syntax and per-row checks only.</summary>
internal static class LocationsCsv
{
    public static (List<Sourced<Location>> Locations, List<InputError> Errors) Read(string path)
    {
        var errors = new List<InputError>();
        var locations = new List<Sourced<Location>>();
        var read = CsvTable.Read(path);
        if (read.Value is not { } table)
        {
            return (locations, [.. read.Errors]);
        }

        foreach (var column in new[] { "id", "capacity" })
        {
            if (!table.Has(column))
            {
                errors.Add(new InputError(path, 1, column, null, "column is missing.", $"The header has: {string.Join(", ", table.Header)}."));
            }
        }

        var wgs = table.Has("lat") && table.Has("lon");
        var rd = table.Has("x") && table.Has("y");
        if (!wgs && !rd)
        {
            errors.Add(new InputError(path, 1, "lat,lon / x,y", null, "columns are missing: give lat and lon (WGS84) or x and y (RD New).",
                $"The header has: {string.Join(", ", table.Header)}."));
        }

        if (errors.Count > 0)
        {
            return (locations, errors);
        }

        foreach (var row in table.Rows)
        {
            var id = table.Cell(row, "id");
            if (id.Length == 0)
            {
                errors.Add(new InputError(path, row.Line, "id", "", "is empty: every location needs an id."));
                continue;
            }

            var before = errors.Count;
            GeoPoint? point = null;
            if (wgs && table.Cell(row, "lat").Length + table.Cell(row, "lon").Length > 0)
            {
                var lat = Cells.Number(table, row, "lat", errors, -90, 90, "Maybe lat and lon are swapped?");
                var lon = Cells.Number(table, row, "lon", errors, -180, 180);
                point = lat is not null && lon is not null ? GeoPoint.FromWgs84(lat.Value, lon.Value) : null;
            }
            else if (rd)
            {
                var x = Cells.Number(table, row, "x", errors, -100_000, 400_000, "RD New x runs from about 0 to 300000 m.");
                var y = Cells.Number(table, row, "y", errors, 200_000, 700_000, "RD New y runs from about 300000 to 620000 m.");
                point = x is not null && y is not null ? GeoPoint.FromRd(x.Value, y.Value) : null;
            }

            if (point is null && errors.Count == before)
            {
                errors.Add(new InputError(path, row.Line, wgs ? "lat,lon" : "x,y", "", "is empty: every location needs coordinates."));
            }

            var capacity = Cells.Integer(table, row, "capacity", errors, 0, 100_000);
            if (capacity is null && table.Cell(row, "capacity").Length == 0)
            {
                errors.Add(new InputError(path, row.Line, "capacity", "", "is empty: give the number of beds."));
            }

            var reserved = Cells.Integer(table, row, "reserved", errors, 0, 100_000) ?? 0;
            if (capacity is not null && reserved > capacity)
            {
                errors.Add(new InputError(path, row.Line, "reserved", reserved.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    $"is larger than capacity ({capacity}).", "Maybe capacity is meant to be larger?"));
            }

            var minAge = Cells.Integer(table, row, "min_age", errors, 0, 25) ?? 0;
            var maxAge = Cells.Integer(table, row, "max_age", errors, 0, 25) ?? 17;
            if (minAge > maxAge)
            {
                errors.Add(new InputError(path, row.Line, "min_age", minAge.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    $"is above max_age ({maxAge}).", "Maybe the two are swapped?"));
            }

            var genders = new List<Gender>();
            foreach (var g in Cells.List(table, row, "genders"))
            {
                if (Vocabulary.Genders.TryGetValue(g, out var gender))
                {
                    genders.Add(gender);
                }
                else
                {
                    errors.Add(new InputError(path, row.Line, "genders", g, "is not m, f or x."));
                }
            }

            var care = new List<CareLevel>();
            foreach (var c in Cells.List(table, row, "care_levels"))
            {
                if (Vocabulary.CareLevels.TryGetValue(c, out var level))
                {
                    care.Add(level);
                }
                else
                {
                    errors.Add(new InputError(path, row.Line, "care_levels", c, "is not one of: standard, intensive, protected."));
                }
            }

            if (point is null)
            {
                continue;
            }

            var name = table.Cell(row, "name");
            locations.Add(new Sourced<Location>(Vocabulary.Normalised(new Location(id, name.Length == 0 ? id : name, point.Value)
            {
                MunicipalityCode = YouthsCsv.NullIfEmpty(table.Cell(row, "municipality_code")),
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
            }), path, row.Line));
        }

        return (locations, errors);
    }
}

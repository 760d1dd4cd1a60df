using System.Text;
using Spreidingswet.Placement.Inputs;
using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Outputs;

namespace Spreidingswet.Placement.Geography;

/// <summary>A point with an identifier, as read from a points file.</summary>
/// <param name="Id">The identifier from the <c>id</c> column.</param>
/// <param name="Point">The point.</param>
/// <param name="Line">The 1-based line in the file.</param>
public sealed record NamedPoint(string Id, GeoPoint Point, int Line);

/// <summary>
/// Points files (<c>id,lat,lon</c> in WGS84 or <c>id,x,y</c> in RD New) and the region lookup CSV
/// written for them.
/// </summary>
public static class PointFile
{
    /// <summary>The exact header of the lookup output.</summary>
    public const string LookupHeader = "id,municipality_code,municipality_name,province_code,province_name,education_region_code,education_region_name,snapped_m,note";

    /// <summary>Reads a points file; all problems are reported together.</summary>
    public static LoadResult<IReadOnlyList<NamedPoint>> Read(string path)
    {
        var read = CsvTable.Read(path);
        if (read.Value is not { } table)
        {
            return LoadResult<IReadOnlyList<NamedPoint>>.Failure(read.Errors);
        }

        var errors = new List<InputError>();
        var wgs = table.Has("lat") && table.Has("lon");
        var rd = table.Has("x") && table.Has("y");
        if (!table.Has("id"))
        {
            errors.Add(new InputError(path, 1, "id", null, "column is missing.", $"The header has: {string.Join(", ", table.Header)}."));
        }

        if (!wgs && !rd)
        {
            errors.Add(new InputError(path, 1, "lat,lon / x,y", null, "columns are missing: give lat and lon (WGS84) or x and y (RD New).",
                $"The header has: {string.Join(", ", table.Header)}."));
        }

        if (errors.Count > 0)
        {
            return LoadResult<IReadOnlyList<NamedPoint>>.Failure(errors);
        }

        var points = new List<NamedPoint>(table.Rows.Count);
        foreach (var row in table.Rows)
        {
            var id = table.Cell(row, "id");
            if (id.Length == 0)
            {
                errors.Add(new InputError(path, row.Line, "id", "", "is empty."));
            }

            var before = errors.Count;
            GeoPoint? point = null;
            if (wgs && (table.Cell(row, "lat").Length > 0 || !rd))
            {
                var lat = Cells.Number(table, row, "lat", errors, -90, 90, "Maybe lat and lon are swapped, or the file holds RD x/y?");
                var lon = Cells.Number(table, row, "lon", errors, -180, 180);
                if (lat is not null && lon is not null)
                {
                    point = GeoPoint.FromWgs84(lat.Value, lon.Value);
                }
            }
            else
            {
                var x = Cells.Number(table, row, "x", errors, -100_000, 400_000, "RD New x runs from about 0 to 300000 m.");
                var y = Cells.Number(table, row, "y", errors, 200_000, 700_000, "RD New y runs from about 300000 to 620000 m.");
                if (x is not null && y is not null)
                {
                    point = GeoPoint.FromRd(x.Value, y.Value);
                }
            }

            if (point is null && errors.Count == before)
            {
                errors.Add(new InputError(path, row.Line, wgs ? "lat,lon" : "x,y", "", "is empty: every point needs coordinates."));
            }

            if (point is not null)
            {
                points.Add(new NamedPoint(id, point.Value, row.Line));
            }
        }

        return errors.Count > 0
            ? LoadResult<IReadOnlyList<NamedPoint>>.Failure(errors)
            : LoadResult<IReadOnlyList<NamedPoint>>.Success(points);
    }

    /// <summary>Looks up every point and formats the result CSV (header, then one row per point in input order).</summary>
    public static string LookupCsv(RegionMap geography, IEnumerable<NamedPoint> points)
    {
        ArgumentNullException.ThrowIfNull(geography);
        ArgumentNullException.ThrowIfNull(points);
        var sb = new StringBuilder();
        sb.Append(LookupHeader).Append('\n');
        foreach (var p in points)
        {
            var r = geography.Lookup(p.Point);
            // Text cells neutralised against formula injection (the id comes from the user's file); snapped_m is a number.
            sb.AppendJoin(',', new[]
            {
                CsvCells.Text(p.Id), CsvCells.Text(r.Municipality?.Code), CsvCells.Text(r.Municipality?.Name), CsvCells.Text(r.Province?.Code), CsvCells.Text(r.Province?.Name),
                CsvCells.Text(r.EducationRegion?.Code), CsvCells.Text(r.EducationRegion?.Name),
                CsvCells.Number(r.SnappedMetres?.ToString("F0", System.Globalization.CultureInfo.InvariantCulture)), CsvCells.Text(string.Join(" ", r.Notes)),
            }).Append('\n');
        }

        return sb.ToString();
    }

    /// <summary>Writes <see cref="LookupCsv"/> to a file atomically (temporary file, then rename).</summary>
    public static void WriteLookupCsv(RegionMap geography, IEnumerable<NamedPoint> points, string path)
        => AtomicFile.WriteAllText(path, LookupCsv(geography, points));

}

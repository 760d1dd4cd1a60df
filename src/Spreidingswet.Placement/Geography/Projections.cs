using System.Globalization;
using ProjNet.CoordinateSystems;
using ProjNet.CoordinateSystems.Transformations;

namespace Spreidingswet.Placement.Geography;

/// <summary>
/// Coordinate reference systems through ProjNET: RD New (EPSG:28992, with the EPSG 7-parameter
/// datum shift to WGS84, about 1 m), WGS84 (EPSG:4326), ETRS89 (EPSG:4258, treated as WGS84 at this
/// precision), Web Mercator (EPSG:3857), and any CRS given as WKT (Shapefile .prj, GeoPackage).
/// </summary>
internal static class Projections
{
    public const string RdNewWkt =
        "PROJCS[\"Amersfoort / RD New\",GEOGCS[\"Amersfoort\",DATUM[\"Amersfoort\",SPHEROID[\"Bessel 1841\",6377397.155,299.1528128]," +
        "TOWGS84[565.417,50.3319,465.552,-0.398957,0.343988,-1.8774,4.0725]],PRIMEM[\"Greenwich\",0],UNIT[\"degree\",0.0174532925199433]]," +
        "PROJECTION[\"Oblique_Stereographic\"],PARAMETER[\"latitude_of_origin\",52.1561605555556],PARAMETER[\"central_meridian\",5.38763888888889]," +
        "PARAMETER[\"scale_factor\",0.9999079],PARAMETER[\"false_easting\",155000],PARAMETER[\"false_northing\",463000],UNIT[\"metre\",1]," +
        "AXIS[\"Easting\",EAST],AXIS[\"Northing\",NORTH],AUTHORITY[\"EPSG\",\"28992\"]]";

    private static readonly CoordinateSystemFactory CsFactory = new();
    private static readonly CoordinateTransformationFactory CtFactory = new();

    public static readonly ProjectedCoordinateSystem RdNew = (ProjectedCoordinateSystem)CsFactory.CreateFromWkt(RdNewWkt);

    // MathTransform instances keep per-call state in some ProjNET versions; one per thread is safe.
    private static readonly ThreadLocal<MathTransform> ToRd = new(() => CtFactory.CreateFromCoordinateSystems(GeographicCoordinateSystem.WGS84, RdNew).MathTransform);
    private static readonly ThreadLocal<MathTransform> FromRd = new(() => CtFactory.CreateFromCoordinateSystems(RdNew, GeographicCoordinateSystem.WGS84).MathTransform);

    public static (double X, double Y) Wgs84ToRd(double lon, double lat) => ToRd.Value!.Transform(lon, lat);

    public static (double Lon, double Lat) RdToWgs84(double x, double y) => FromRd.Value!.Transform(x, y);

    /// <summary>
    /// Parses a CRS given as <c>EPSG:n</c>, <c>urn:ogc:def:crs:EPSG::n</c>, a bare number, the words
    /// <c>rd</c>/<c>wgs84</c>, or WKT. Returns a transform to RD New (null = identity), or an error text.
    /// </summary>
    public static (Func<double, double, (double X, double Y)>? ToRdNew, string? Error, string Name) Parse(string crs)
    {
        var text = crs.Trim();
        var epsg = TryEpsg(text);
        if (epsg is 28992)
        {
            return (null, null, "EPSG:28992");
        }

        if (epsg is 4326 or 4258 or 4979 or 4937)
        {
            return (Wgs84ToRd, null, $"EPSG:{epsg}");
        }

        if (epsg is 3857 or 900913)
        {
            return ((x, y) =>
            {
                var lon = x / 6378137.0 * 180.0 / Math.PI;
                var lat = (2 * Math.Atan(Math.Exp(y / 6378137.0)) - (Math.PI / 2)) * 180.0 / Math.PI;
                return Wgs84ToRd(lon, lat);
            }, null, "EPSG:3857");
        }

        if (epsg is not null)
        {
            return (null, $"EPSG:{epsg} is not supported by name", text);
        }

        if (text.Contains('[', StringComparison.Ordinal))
        {
            try
            {
                var cs = CsFactory.CreateFromWkt(text);
                if (cs is ProjectedCoordinateSystem p && p.Name.Contains("RD New", StringComparison.OrdinalIgnoreCase))
                {
                    return (null, null, "EPSG:28992");
                }

                if (cs is GeographicCoordinateSystem)
                {
                    return (Wgs84ToRd, null, cs.Name);
                }

                var local = new ThreadLocal<MathTransform>(() => CtFactory.CreateFromCoordinateSystems(cs, RdNew).MathTransform);
                return ((x, y) => local.Value!.Transform(x, y), null, cs.Name);
            }
            catch (Exception ex) when (ex is ArgumentException or NotSupportedException or InvalidOperationException or FormatException)
            {
                return (null, $"WKT is not understood: {ex.Message}", text);
            }
        }

        return (null, "is not a CRS: use EPSG:28992 (RD New), EPSG:4326 (WGS84), EPSG:3857 or WKT", text);
    }

    private static int? TryEpsg(string text)
    {
        var t = text.ToUpperInvariant();
        if (t is "RD" or "RDNEW" or "RD NEW")
        {
            return 28992;
        }

        if (t is "WGS84" or "WGS 84")
        {
            return 4326;
        }

        foreach (var prefix in new[] { "URN:OGC:DEF:CRS:EPSG::", "URN:OGC:DEF:CRS:EPSG:", "EPSG:" })
        {
            if (t.StartsWith(prefix, StringComparison.Ordinal))
            {
                t = t[prefix.Length..];
                var colon = t.LastIndexOf(':');
                if (colon >= 0)
                {
                    t = t[(colon + 1)..];
                }

                break;
            }
        }

        if (t == "URN:OGC:DEF:CRS:OGC:1.3:CRS84" || t == "CRS84")
        {
            return 4326;
        }

        return int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var code) ? code : null;
    }
}

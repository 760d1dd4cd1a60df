using System.Globalization;
using System.Text.Json;
using NetTopologySuite.Geometries;
using NetTopologySuite.Simplify;

namespace Spreidingswet.Placement.Geography;

/// <summary>
/// A role layer of a <see cref="RegionMap"/> (embedded or loaded from files) as WGS84 GeoJSON for web
/// maps: each region a Feature with <c>code</c> and <c>name</c>, its outline simplified
/// (Douglas-Peucker, in RD New metres) and rounded to 5 decimals (about 1 m).
/// </summary>
public static class RegionGeoJson
{
    /// <summary>The layer of <paramref name="role"/> as UTF-8 GeoJSON (a FeatureCollection of MultiPolygons).</summary>
    /// <param name="geography">The region layers.</param>
    /// <param name="role">Which layer.</param>
    /// <param name="simplifyMetres">Douglas-Peucker tolerance in metres (0: the outlines as loaded).</param>
    public static byte[] Write(RegionMap geography, RegionRole role, double simplifyMetres = 300)
    {
        ArgumentNullException.ThrowIfNull(geography);
        ArgumentOutOfRangeException.ThrowIfNegative(simplifyMetres);
        var layer = geography.Layer(role);
        using var output = new MemoryStream();
        using (var w = new Utf8JsonWriter(output))
        {
            w.WriteStartObject();
            w.WriteString("type", "FeatureCollection");
            w.WriteStartArray("features");
            for (var i = 0; i < layer.Regions.Count; i++)
            {
                var geometry = simplifyMetres > 0 ? DouglasPeuckerSimplifier.Simplify(layer.Geometries[i], simplifyMetres) : layer.Geometries[i];
                w.WriteStartObject();
                w.WriteString("type", "Feature");
                w.WriteStartObject("properties");
                w.WriteString("code", layer.Regions[i].Code);
                w.WriteString("name", layer.Regions[i].Name);
                w.WriteEndObject();
                w.WriteStartObject("geometry");
                w.WriteString("type", "MultiPolygon");
                w.WriteStartArray("coordinates");
                for (var n = 0; n < geometry.NumGeometries; n++)
                {
                    if (geometry.GetGeometryN(n) is Polygon p)
                    {
                        WritePolygon(w, p);
                    }
                }

                w.WriteEndArray();
                w.WriteEndObject();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return output.ToArray();
    }

    private static void WritePolygon(Utf8JsonWriter w, Polygon p)
    {
        w.WriteStartArray();
        foreach (var ring in new[] { p.ExteriorRing }.Concat(p.InteriorRings))
        {
            w.WriteStartArray();
            foreach (var c in ring.Coordinates)
            {
                var (lat, lon) = GeoPoint.FromRd(c.X, c.Y).ToWgs84();
                w.WriteStartArray();
                w.WriteRawValue(Math.Round(lon, 5).ToString("R", CultureInfo.InvariantCulture));
                w.WriteRawValue(Math.Round(lat, 5).ToString("R", CultureInfo.InvariantCulture));
                w.WriteEndArray();
            }

            w.WriteEndArray();
        }

        w.WriteEndArray();
    }
}

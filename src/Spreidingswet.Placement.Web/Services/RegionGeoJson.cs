using System.Globalization;
using System.Text.Json;
using NetTopologySuite.Geometries;
using NetTopologySuite.Simplify;
using Spreidingswet.Placement.Geography;

namespace Spreidingswet.Placement.Web.Services;

/// <summary>
/// The embedded education regions (the library's default layer, RD New) as WGS84 GeoJSON for the
/// browser, simplified (Douglas-Peucker, 300 m) and rounded to 5 decimals: built once, about 40 kB.
/// </summary>
public static class RegionGeoJson
{
    private static readonly Lazy<byte[]> Built = new(Build);

    public static byte[] Utf8 => Built.Value;

    private static byte[] Build()
    {
        using var stream = typeof(RegionGeoJson).Assembly.GetManifestResourceStream("education-regions.geojson")
            ?? throw new InvalidOperationException("embedded education-regions.geojson is missing");
        using var doc = JsonDocument.Parse(stream);
        var factory = new GeometryFactory();
        using var output = new MemoryStream();
        using (var w = new Utf8JsonWriter(output))
        {
            w.WriteStartObject();
            w.WriteString("type", "FeatureCollection");
            w.WriteStartArray("features");
            foreach (var feature in doc.RootElement.GetProperty("features").EnumerateArray())
            {
                var props = feature.GetProperty("properties");
                var geometry = feature.GetProperty("geometry");
                var polygons = geometry.GetProperty("type").GetString() == "Polygon"
                    ? [ReadPolygon(factory, geometry.GetProperty("coordinates"))]
                    : geometry.GetProperty("coordinates").EnumerateArray().Select(p => ReadPolygon(factory, p)).ToArray();
                var simplified = DouglasPeuckerSimplifier.Simplify(factory.CreateMultiPolygon(polygons), 300);
                w.WriteStartObject();
                w.WriteString("type", "Feature");
                w.WriteStartObject("properties");
                w.WriteString("code", props.GetProperty("statcode").GetString());
                w.WriteString("name", props.GetProperty("statnaam").GetString());
                w.WriteEndObject();
                w.WriteStartObject("geometry");
                w.WriteString("type", "MultiPolygon");
                w.WriteStartArray("coordinates");
                for (var i = 0; i < simplified.NumGeometries; i++)
                {
                    if (simplified.GetGeometryN(i) is not Polygon p)
                    {
                        continue;
                    }

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

                w.WriteEndArray();
                w.WriteEndObject();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return output.ToArray();
    }

    private static Polygon ReadPolygon(GeometryFactory factory, JsonElement rings)
    {
        var all = rings.EnumerateArray().Select(r => factory.CreateLinearRing([.. r.EnumerateArray().Select(c => new Coordinate(c[0].GetDouble(), c[1].GetDouble()))])).ToArray();
        return factory.CreatePolygon(all[0], all[1..]);
    }
}

using System.Text.Json;
using Spreidingswet.Placement.Geography;
using Spreidingswet.Placement.Tests.Support;

namespace Spreidingswet.Placement.Tests.Geography;

/// <summary>A layer as WGS84 GeoJSON for web maps: every region once, in the Netherlands, simplified when asked.</summary>
public sealed class RegionGeoJsonTests
{
    private static (int Features, int Coordinates, HashSet<string> Codes, (double MinLon, double MaxLon, double MinLat, double MaxLat) Box) Read(byte[] utf8)
    {
        using var doc = JsonDocument.Parse(utf8);
        var features = doc.RootElement.GetProperty("features").EnumerateArray().ToList();
        var codes = features.Select(f => f.GetProperty("properties").GetProperty("code").GetString()!).ToHashSet(StringComparer.Ordinal);
        var points = features.SelectMany(f => f.GetProperty("geometry").GetProperty("coordinates").EnumerateArray())
            .SelectMany(polygon => polygon.EnumerateArray()).SelectMany(ring => ring.EnumerateArray())
            .Select(c => (Lon: c[0].GetDouble(), Lat: c[1].GetDouble())).ToList();
        return (features.Count, points.Count, codes, (points.Min(p => p.Lon), points.Max(p => p.Lon), points.Min(p => p.Lat), points.Max(p => p.Lat)));
    }

    [Theory]
    [InlineData(RegionRole.EducationRegion)]
    [InlineData(RegionRole.Province)]
    public void Write_GivesEveryRegionOnce_InWgs84_SimplifiedWhenAsked(RegionRole role)
    {
        var geography = TestProblems.Geography;
        var regions = geography.Regions(role);
        var simplified = Read(RegionGeoJson.Write(geography, role));
        var full = Read(RegionGeoJson.Write(geography, role, simplifyMetres: 0));
        Assert.Equal(regions.Count, simplified.Features);
        Assert.Equal(regions.Select(r => r.Code).ToHashSet(StringComparer.Ordinal), simplified.Codes);
        Assert.True(simplified.Coordinates < full.Coordinates, $"{simplified.Coordinates} simplified vs {full.Coordinates}");
        foreach (var box in new[] { simplified.Box, full.Box })
        {
            // The Netherlands (with the Wadden islands and Zuid-Limburg): about 3.3-7.3 E, 50.7-53.6 N.
            Assert.InRange(box.MinLon, 3.2, 3.5);
            Assert.InRange(box.MaxLon, 7.1, 7.3);
            Assert.InRange(box.MinLat, 50.7, 50.8);
            Assert.InRange(box.MaxLat, 53.4, 53.6);
        }
    }
}

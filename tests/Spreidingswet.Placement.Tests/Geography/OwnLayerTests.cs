using Spreidingswet.Placement.Geography;
using Geo = Spreidingswet.Placement.Geography.RegionMap;
using Spreidingswet.Placement.Tests.Support;

namespace Spreidingswet.Placement.Tests.Geography;

/// <summary>Layers of other years or of a user's own regions: membership from the largest overlap, said once.</summary>
public sealed class OwnLayerTests
{
    private static string Embedded(string name)
    {
        using var stream = typeof(Geo).Assembly.GetManifestResourceStream($"Spreidingswet.Placement.default.{name}.geojson")!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static string Write(string text)
    {
        var path = Path.Combine(TestData.TempDirectory(), "layer.geojson");
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Load_OwnEducationRegionsWithOtherCodes_SaysSoOnce_AndTakesMembershipFromTheOverlap()
    {
        var path = Write(Embedded("education-regions").Replace("\"statcode\":\"MC", "\"statcode\":\"OR", StringComparison.Ordinal));
        var geography = Geo.Load(new GeographyOptions { EducationRegions = new RegionLayerSource(path) }).GetValueOrThrow();
        var warning = Assert.Single(geography.Warnings);
        Assert.Contains("education-region layer's codes do not match the 2025 membership table for 342 municipalities", warning, StringComparison.Ordinal);
        Assert.Equal("OR19", geography.Municipality("GM0344")!.EducationRegion?.Code);
        foreach (var f in MunicipalityFacts.All)
        {
            Assert.Equal("OR" + f.EducationRegionCode[2..], geography.Municipality(f.Code)!.EducationRegion?.Code);
        }

        var dom = geography.Lookup(GeoPoint.FromWgs84(52.0907, 5.1214));
        Assert.Equal("OR19", dom.EducationRegion?.Code);
        Assert.Empty(dom.Notes);
    }

    [Fact]
    public void Load_OwnEducationRegionsWithTableCodesButOtherMembership_UsesTheLayer_AndSaysSoOnce()
    {
        // As a layer of another year would: the codes MC19 and MC20 swapped between their polygons.
        var text = Embedded("education-regions").Replace("\"statcode\":\"MC19\"", "\"statcode\":\"TMP\"", StringComparison.Ordinal)
            .Replace("\"statcode\":\"MC20\"", "\"statcode\":\"MC19\"", StringComparison.Ordinal)
            .Replace("\"statcode\":\"TMP\"", "\"statcode\":\"MC20\"", StringComparison.Ordinal);
        var geography = Geo.Load(new GeographyOptions { EducationRegions = new RegionLayerSource(Write(text)) }).GetValueOrThrow();
        var warning = Assert.Single(geography.Warnings);
        var swapped = MunicipalityFacts.All.Count(f => f.EducationRegionCode is "MC19" or "MC20");
        Assert.Contains($"puts {swapped} municipalities in another region than the 2025 membership table", warning, StringComparison.Ordinal);
        Assert.Equal("MC20", geography.Municipality("GM0344")!.EducationRegion?.Code);
        var dom = geography.Lookup(GeoPoint.FromWgs84(52.0907, 5.1214));
        Assert.Equal("MC20", dom.EducationRegion?.Code);
        Assert.Empty(dom.Notes);
    }

    [Fact]
    public void Load_MunicipalitiesOfAnotherYear_SaysOnceWhichCodesAreUnknown_AndStillResolvesTheirRegions()
    {
        var path = Write(Embedded("municipalities").Replace("\"statcode\":\"GM0344\"", "\"statcode\":\"GM9344\"", StringComparison.Ordinal));
        var geography = Geo.Load(new GeographyOptions { Municipalities = new RegionLayerSource(path) }).GetValueOrThrow();
        var warning = Assert.Single(geography.Warnings);
        Assert.Contains("1 of 342 codes that the 2025 membership table does not know (e.g. GM9344)", warning, StringComparison.Ordinal);
        var dom = geography.Lookup(GeoPoint.FromWgs84(52.0907, 5.1214));
        Assert.Equal("GM9344", dom.Municipality?.Code);
        Assert.Equal("PV26", dom.Province?.Code);
        Assert.Equal("MC19", dom.EducationRegion?.Code);
    }
}

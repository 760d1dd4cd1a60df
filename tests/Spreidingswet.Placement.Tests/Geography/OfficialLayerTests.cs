using Spreidingswet.Placement.Geography;
using Geo = Spreidingswet.Placement.Geography.RegionMap;
using Spreidingswet.Placement.Tests.Support;

namespace Spreidingswet.Placement.Tests.Geography;

/// <summary>Lookups on the official 2025 layers (the committed fixture, loaded as a user would) against the facts table.</summary>
public sealed class OfficialLayerTests
{
    internal static GeographyOptions Official(string suffix) => new()
    {
        Municipalities = new RegionLayerSource(TestData.Official($"gemeente_2025_{suffix}.geojson")),
        Provinces = new RegionLayerSource(TestData.Official($"provincie_2025_{suffix}.geojson")),
        EducationRegions = new RegionLayerSource(TestData.Official($"rmc_2025_{suffix}.geojson")),
    };

    [Theory]
    [InlineData("rd")]
    [InlineData("wgs84")]
    public void Lookup_EveryMunicipalityInteriorPoint_FindsItsMunicipalityProvinceAndRmcRegion(string crs)
    {
        var geography = Geo.Load(Official(crs)).GetValueOrThrow();
        Assert.All(geography.Layers, l => Assert.False(l.IsDefault));
        var facts = MunicipalityFacts.All;
        Assert.Equal(342, facts.Count);
        var wrong = new List<string>();
        foreach (var f in facts)
        {
            var r = geography.Lookup(GeoPoint.FromWgs84(f.InteriorLat, f.InteriorLon));
            if (r.Municipality?.Code != f.Code || r.Province?.Code != f.ProvinceCode || r.EducationRegion?.Code != f.EducationRegionCode)
            {
                wrong.Add($"{f.Code} {f.Name}: got {r.Municipality?.Code}/{r.Province?.Code}/{r.EducationRegion?.Code}");
            }
        }

        Assert.Empty(wrong);
    }

    [Fact]
    public void Load_OfficialLayers_HaveTheOfficialCounts()
    {
        var geography = Geo.Load(Official("rd")).GetValueOrThrow();
        Assert.Equal(342, geography.Regions(RegionRole.Municipality).Count);
        Assert.Equal(12, geography.Regions(RegionRole.Province).Count);
        Assert.Equal(40, geography.Regions(RegionRole.EducationRegion).Count);
        Assert.DoesNotContain(geography.Regions(RegionRole.EducationRegion), r => r.Code == "MC14");
        Assert.All(geography.Layers, l => Assert.Equal(64, l.Sha256.Length));
        Assert.Empty(geography.Warnings);
    }

    [Fact]
    public void Municipality_ByCode_GivesExactMembershipFromTheLayers()
    {
        var geography = Geo.Load(Official("rd")).GetValueOrThrow();
        var utrecht = geography.Municipality("GM0344");
        Assert.NotNull(utrecht);
        Assert.Equal("Utrecht", utrecht.Municipality!.Name);
        Assert.Equal("PV26", utrecht.Province!.Code);
        Assert.Equal("MC19", utrecht.EducationRegion!.Code);
        Assert.Null(geography.Municipality("GM9999"));
    }

    [Fact]
    public void Members_RmcRegions_PartitionAllMunicipalitiesAsInTheFactsTable()
    {
        var geography = Geo.Load(Official("rd")).GetValueOrThrow();
        var members = geography.Members(RegionRole.EducationRegion);
        Assert.Equal(342, members.Sum(m => m.Members.Count));
        var expected = MunicipalityFacts.All.ToDictionary(f => f.Code, f => f.EducationRegionCode);
        foreach (var m in members)
        {
            Assert.All(m.Members, x => Assert.Equal(expected[x.Code], m.Region.Code));
        }
    }

    [Theory]
    [InlineData(52.5, 3.5)] // North Sea off Zuid-Holland
    [InlineData(53.7, 5.5)] // North Sea north of the Wadden islands
    [InlineData(51.9607, 7.6261)] // Münster, Germany
    [InlineData(52.2700, 7.0500)] // Gronau area, Germany, just across the border
    [InlineData(51.2194, 4.4025)] // Antwerp, Belgium
    [InlineData(50.8503, 4.3517)] // Brussels, Belgium
    public void Lookup_PointOutsideTheNetherlands_IsReportedOutside(double lat, double lon)
    {
        var official = Geo.Load(Official("rd")).GetValueOrThrow();
        Assert.True(official.Lookup(GeoPoint.FromWgs84(lat, lon)).IsOutside);
        Assert.True(Geo.LoadDefault().Lookup(GeoPoint.FromWgs84(lat, lon)).IsOutside);
    }
}

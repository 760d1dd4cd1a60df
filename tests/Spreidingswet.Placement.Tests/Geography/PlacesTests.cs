using Spreidingswet.Placement.Geography;
using Geo = Spreidingswet.Placement.Geography.RegionMap;

namespace Spreidingswet.Placement.Tests.Geography;

/// <summary>
/// Real coastal, harbour, island and border places get the right municipality, province and education
/// region, on the embedded default and on the official layers loaded from files; places abroad and at
/// sea are outside. Provinces and regions are checked against the membership table.
/// </summary>
public sealed class PlacesTests
{
    private static readonly Lazy<Geo> OfficialRd = new(() => Geo.Load(OfficialLayerTests.Official("rd")).GetValueOrThrow());
    private static readonly Lazy<Geo> OfficialWgs84 = new(() => Geo.Load(OfficialLayerTests.Official("wgs84")).GetValueOrThrow());

    public static TheoryData<string, double, double, string> DutchPlaces => new()
    {
        { "Scheveningen harbour", 52.0995, 4.2650, "GM0518" },
        { "Scheveningen beach", 52.1130, 4.2790, "GM0518" },
        { "Kijkduin", 52.0695, 4.2180, "GM0518" },
        { "Zandvoort beach", 52.3740, 4.5270, "GM0473" },
        { "Den Helder", 52.9580, 4.7600, "GM0400" },
        { "Den Helder harbour", 52.9640, 4.7800, "GM0400" },
        { "Vlissingen boulevard", 51.4425, 3.5730, "GM0718" },
        { "Cadzand-Bad", 51.3735, 3.3830, "GM1714" },
        { "Den Burg (Texel)", 53.0540, 4.7970, "GM0448" },
        { "'t Horntje ferry (Texel)", 53.0020, 4.7880, "GM0448" },
        { "Oost-Vlieland", 53.2960, 5.0710, "GM0096" },
        { "West-Terschelling harbour", 53.3590, 5.2170, "GM0093" },
        { "Nes (Ameland)", 53.4440, 5.7740, "GM0060" },
        { "Schiermonnikoog village", 53.4800, 6.1600, "GM0088" },
        { "Harlingen harbour", 53.1750, 5.4110, "GM0072" },
        { "Delfzijl", 53.3300, 6.9200, "GM1979" },
        { "Urk", 52.6620, 5.6000, "GM0184" },
        { "Vaals", 50.7720, 6.0180, "GM0981" },
        { "Kerkrade", 50.8660, 6.0630, "GM0928" },
        { "Eijsden", 50.7770, 5.7100, "GM1903" },
        { "Nieuweschans", 53.1830, 7.2050, "GM1895" },
        { "Nieuweschans, at the border", 53.1830, 7.2090, "GM1895" },
    };

    public static TheoryData<string, double, double> PlacesAbroad => new()
    {
        { "Aachen", 50.7753, 6.0839 },
        { "Antwerp", 51.2194, 4.4025 },
        { "Emden", 53.3670, 7.2060 },
        { "Ghent", 51.0543, 3.7174 },
        { "North Sea off Zuid-Holland", 52.5000, 3.5000 },
        { "North Sea off the Wadden islands", 53.7000, 5.5000 },
        { "Münster", 51.9607, 7.6261 },
        { "Brussels", 50.8503, 4.3517 },
    };

    [Theory]
    [MemberData(nameof(DutchPlaces))]
    public void Lookup_DutchPlace_OnTheDefault_GetsItsMunicipalityProvinceAndRegion(string place, double lat, double lon, string municipality)
        => AssertPlace(Geo.LoadDefault(), place, lat, lon, municipality);

    [Theory]
    [MemberData(nameof(DutchPlaces))]
    public void Lookup_DutchPlace_OnTheOfficialLayers_GetsItsMunicipalityProvinceAndRegion(string place, double lat, double lon, string municipality)
    {
        AssertPlace(OfficialRd.Value, place, lat, lon, municipality);
        AssertPlace(OfficialWgs84.Value, place, lat, lon, municipality);
    }

    [Theory]
    [MemberData(nameof(PlacesAbroad))]
    public void Lookup_PlaceAbroadOrAtSea_IsOutside(string place, double lat, double lon)
    {
        foreach (var geography in new[] { Geo.LoadDefault(), OfficialRd.Value })
        {
            var r = geography.Lookup(GeoPoint.FromWgs84(lat, lon));
            Assert.True(r.IsOutside, $"{place}: {r.Municipality?.Code}");
        }
    }

    [Fact]
    public void Lookup_BeyondTheCoast_IsTheNearestMunicipalityWithin1Km_ThenOutside()
    {
        // Walk west from Kijkduin to the generalised coastline, then into the sea.
        var geography = Geo.LoadDefault();
        var start = GeoPoint.FromWgs84(52.0650, 4.2300);
        Assert.Equal("GM0518", geography.Lookup(start).Municipality?.Code);
        var x = start.X;
        while (geography.Lookup(GeoPoint.FromRd(x, start.Y)).SnappedMetres is null)
        {
            x -= 5;
            Assert.True(start.X - x < 5_000, "no coastline within 5 km west of Kijkduin");
        }

        var near = geography.Lookup(GeoPoint.FromRd(x - 400, start.Y));
        Assert.Equal("GM0518", near.Municipality?.Code);
        Assert.Equal("PV28", near.Province?.Code);
        Assert.InRange(near.SnappedMetres!.Value, 200, 410); // the coast runs obliquely
        var note = Assert.Single(near.Notes);
        Assert.Contains("m outside every municipality", note, StringComparison.Ordinal);
        Assert.Contains("GM0518", note, StringComparison.Ordinal);
        Assert.True(geography.Lookup(GeoPoint.FromRd(x - 2_500, start.Y)).IsOutside);
    }

    [Fact]
    public void Lookup_AcrossTheLandBorder_IsOutsideBeyondTheBorderTolerance()
    {
        // Walk east from Bad Nieuweschans into Germany: within 200 m the border's generalisation is
        // tolerated, beyond it the point lies in Germany although it is within 1 km of Oldambt.
        var geography = Geo.LoadDefault();
        var start = GeoPoint.FromWgs84(53.1830, 7.2000);
        Assert.Equal("GM1895", geography.Lookup(start).Municipality?.Code);
        var x = start.X;
        while (geography.Lookup(GeoPoint.FromRd(x, start.Y)).SnappedMetres is null)
        {
            x += 5;
            Assert.True(x - start.X < 5_000, "no border within 5 km east of Bad Nieuweschans");
        }

        Assert.Equal("GM1895", geography.Lookup(GeoPoint.FromRd(x + 100, start.Y)).Municipality?.Code);
        var inGermany = geography.Lookup(GeoPoint.FromRd(x + 500, start.Y));
        Assert.True(inGermany.IsOutside, inGermany.Municipality?.Code);
    }

    [Fact]
    public void Lookup_OnOfficialLayers_ProvinceAndRegionFollowTheMunicipality_AndEveryOverruleIsNoted()
    {
        // The official province and RMC layers are generalised separately from the municipalities
        // (coastlines up to 400 m apart): every point in a municipality still gets its membership,
        // and a note wherever the role layer itself said otherwise or nothing.
        var geography = OfficialRd.Value;
        var municipalities = geography.Layer(RegionRole.Municipality);
        var provinces = geography.Layer(RegionRole.Province);
        var education = geography.Layer(RegionRole.EducationRegion);
        var random = new Random(11);
        int points = 0, disagreeing = 0;
        var coast = GeoPoint.FromWgs84(52.0695, 4.2180);
        while (points < 20_000)
        {
            // Half the points in a 10 km box around Kijkduin's coast, half anywhere.
            var (x, y) = points % 2 == 0
                ? (coast.X - 5_000 + (random.NextDouble() * 10_000), coast.Y - 5_000 + (random.NextDouble() * 10_000))
                : (random.NextDouble() * 300_000, 300_000 + (random.NextDouble() * 330_000));
            var m = municipalities.Locate(x, y);
            if (m is null)
            {
                continue;
            }

            points++;
            var fact = MunicipalityFacts.ByCode[m.Code];
            var r = geography.Lookup(GeoPoint.FromRd(x, y));
            Assert.Equal(fact.ProvinceCode, r.Province?.Code);
            Assert.Equal(fact.EducationRegionCode, r.EducationRegion?.Code);
            var overruled = (provinces.Locate(x, y)?.Code != fact.ProvinceCode ? 1 : 0) + (education.Locate(x, y)?.Code != fact.EducationRegionCode ? 1 : 0);
            Assert.Equal(overruled, r.Notes.Count);
            disagreeing += overruled > 0 ? 1 : 0;
        }

        Assert.True(disagreeing > 0, "the sample should meet the coast where the official layers differ");
    }

    private static void AssertPlace(Geo geography, string place, double lat, double lon, string municipality)
    {
        var fact = MunicipalityFacts.ByCode[municipality];
        var r = geography.Lookup(GeoPoint.FromWgs84(lat, lon));
        Assert.True(r.Municipality?.Code == municipality, $"{place}: municipality {r.Municipality?.Code}, expected {municipality}");
        Assert.True(r.Province?.Code == fact.ProvinceCode, $"{place}: province {r.Province?.Code}, expected {fact.ProvinceCode}");
        Assert.True(r.EducationRegion?.Code == fact.EducationRegionCode, $"{place}: region {r.EducationRegion?.Code}, expected {fact.EducationRegionCode}");
        Assert.Equal(r.SnappedMetres is null ? 0 : 1, r.Notes.Count(n => n.Contains("outside every municipality", StringComparison.Ordinal)));
    }
}

using Spreidingswet.Placement.Geography;

namespace Spreidingswet.Placement.Tests.Geography;

public sealed class ProjectionTests
{
    // Published reference pair: the RD origin at the Onze Lieve Vrouwetoren, Amersfoort.
    private const double AmersfoortX = 155000;
    private const double AmersfoortY = 463000;
    private const double AmersfoortLat = 52.15517;
    private const double AmersfoortLon = 5.38721;

    [Fact]
    public void FromRd_AmersfoortReference_MatchesPublishedWgs84WithinAMetre()
    {
        var (lat, lon) = GeoPoint.FromRd(AmersfoortX, AmersfoortY).ToWgs84();
        var back = GeoPoint.FromWgs84(AmersfoortLat, AmersfoortLon);
        // One metre is about 9.0e-6 degrees of latitude and 1.47e-5 degrees of longitude here.
        Assert.InRange(Math.Abs(lat - AmersfoortLat) * 111_250, 0, 1.0);
        Assert.InRange(Math.Abs(lon - AmersfoortLon) * 68_400, 0, 1.0);
        Assert.InRange(back.DistanceKm(GeoPoint.FromRd(AmersfoortX, AmersfoortY)) * 1000, 0, 1.0);
    }

    [Theory]
    [InlineData(13_000, 371_000)]
    [InlineData(278_000, 614_000)]
    [InlineData(190_000, 310_000)]
    [InlineData(136_000, 455_800)]
    public void ToWgs84_RoundTrip_ReturnsSamePointWithinFiveCentimetres(double x, double y)
    {
        var (lat, lon) = GeoPoint.FromRd(x, y).ToWgs84();
        var back = GeoPoint.FromWgs84(lat, lon);
        Assert.InRange(Math.Abs(back.X - x), 0, 0.05);
        Assert.InRange(Math.Abs(back.Y - y), 0, 0.05);
    }

    [Fact]
    public void FromWgs84_UtrechtDomTower_LandsInUtrechtCentreRd()
    {
        // The Dom tower (52.09083 N, 5.12139 E) is at about RD 136,800 / 455,900.
        var p = GeoPoint.FromWgs84(52.09083, 5.12139);
        Assert.InRange(p.X, 136_700, 136_900);
        Assert.InRange(p.Y, 455_800, 456_000);
    }

    [Theory]
    [InlineData(91, 5)]
    [InlineData(52, 181)]
    [InlineData(double.NaN, 5)]
    public void FromWgs84_OutOfRange_Throws(double lat, double lon)
        => Assert.Throws<ArgumentOutOfRangeException>(() => GeoPoint.FromWgs84(lat, lon));
}

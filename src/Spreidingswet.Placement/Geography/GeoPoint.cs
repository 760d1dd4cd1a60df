namespace Spreidingswet.Placement.Geography;

/// <summary>
/// A point in the Netherlands, held in RD New (EPSG:28992, metres), the CRS in which every distance
/// and region lookup is computed. Create it from WGS84 degrees or from RD New metres.
/// </summary>
public readonly record struct GeoPoint
{
    private GeoPoint(double x, double y)
    {
        X = x;
        Y = y;
    }

    /// <summary>RD New easting in metres.</summary>
    public double X { get; }

    /// <summary>RD New northing in metres.</summary>
    public double Y { get; }

    /// <summary>A point from RD New coordinates (EPSG:28992, metres).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A coordinate is not finite.</exception>
    public static GeoPoint FromRd(double x, double y)
    {
        if (!double.IsFinite(x))
        {
            throw new ArgumentOutOfRangeException(nameof(x), x, "RD x must be a finite number of metres.");
        }

        if (!double.IsFinite(y))
        {
            throw new ArgumentOutOfRangeException(nameof(y), y, "RD y must be a finite number of metres.");
        }

        return new GeoPoint(x, y);
    }

    /// <summary>A point from WGS84 latitude and longitude in degrees (EPSG:4326), projected to RD New.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The latitude or longitude is outside its range.</exception>
    public static GeoPoint FromWgs84(double latitude, double longitude)
    {
        if (!double.IsFinite(latitude) || latitude is < -90 or > 90)
        {
            throw new ArgumentOutOfRangeException(nameof(latitude), latitude, "Latitude must be between -90 and 90 degrees.");
        }

        if (!double.IsFinite(longitude) || longitude is < -180 or > 180)
        {
            throw new ArgumentOutOfRangeException(nameof(longitude), longitude, "Longitude must be between -180 and 180 degrees.");
        }

        var (x, y) = Projections.Wgs84ToRd(longitude, latitude);
        return new GeoPoint(x, y);
    }

    /// <summary>The point in WGS84 degrees.</summary>
    public (double Latitude, double Longitude) ToWgs84()
    {
        var (lon, lat) = Projections.RdToWgs84(X, Y);
        return (lat, lon);
    }

    /// <summary>Straight-line distance to another point in kilometres (in the RD New plane).</summary>
    public double DistanceKm(GeoPoint other) => DistanceKm(X, Y, other.X, other.Y);

    /// <summary>Straight-line distance in km between two RD New points given by their coordinates (m).</summary>
    internal static double DistanceKm(double x1, double y1, double x2, double y2)
    {
        var dx = x1 - x2;
        var dy = y1 - y2;
        return Math.Sqrt((dx * dx) + (dy * dy)) / 1000.0;
    }
}

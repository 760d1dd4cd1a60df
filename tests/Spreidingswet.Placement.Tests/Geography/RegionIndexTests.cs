using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;
using Spreidingswet.Placement.Geography;
using Spreidingswet.Placement.Tests.Support;

namespace Spreidingswet.Placement.Tests.Geography;

public sealed class RegionIndexTests
{
    private static readonly GeometryFactory Factory = new();

    private static Polygon Box(double x0, double y0, double x1, double y1, params LinearRing[] holes)
        => Factory.CreatePolygon(Factory.CreateLinearRing([new(x0, y0), new(x1, y0), new(x1, y1), new(x0, y1), new(x0, y0)]), holes);

    private static LinearRing Ring(double x0, double y0, double x1, double y1)
        => Factory.CreateLinearRing([new(x0, y0), new(x0, y1), new(x1, y1), new(x1, y0), new(x0, y0)]);

    [Fact]
    public void Locate_PolygonWithHoleAndMultiPolygon_AnswersEachPart()
    {
        var withHole = Box(0, 0, 100, 100, Ring(40, 40, 60, 60));
        var multi = Factory.CreateMultiPolygon([Box(200, 0, 250, 50), Box(300, 0, 350, 50)]);
        var index = new RegionIndex([withHole, multi], maxCellsPerSide: 16);

        Assert.Equal(0, index.Locate(10, 10));
        Assert.Equal(-1, index.Locate(50, 50)); // in the hole
        Assert.Equal(1, index.Locate(225, 25));
        Assert.Equal(1, index.Locate(325, 25));
        Assert.Equal(-1, index.Locate(275, 25)); // between the parts
        Assert.Equal(-1, index.Locate(-5, 10)); // left of the envelope
        Assert.Equal(-1, index.Locate(10, 1000)); // above the envelope
        Assert.Equal(-1, index.Locate(double.NaN, 10));
    }

    [Fact]
    public void Locate_OverlappingRegions_FirstInLayerOrderWins()
    {
        var index = new RegionIndex([Box(0, 0, 100, 100), Box(50, 0, 150, 100)], maxCellsPerSide: 8);
        Assert.Equal(0, index.Locate(75, 50));
        Assert.Equal(1, index.Locate(125, 50));
    }

    [Theory]
    [InlineData(4, 8)]
    [InlineData(64, 8)]
    [InlineData(1024, 8)]
    [InlineData(64, 1)]
    [InlineData(64, 3)]
    [InlineData(16, 32)]
    public void Locate_RandomPointsOnRandomTriangles_AgreesWithNetTopologySuite(int cellsPerSide, int subCellsPerSide)
    {
        var random = new Random(7);
        var regions = new List<Geometry>();
        for (var i = 0; i < 30; i++)
        {
            var cx = random.NextDouble() * 1000;
            var cy = random.NextDouble() * 1000;
            var coords = Enumerable.Range(0, 3).Select(_ => new Coordinate(cx + (random.NextDouble() * 200) - 100, cy + (random.NextDouble() * 200) - 100)).ToList();
            coords.Add(coords[0]);
            var triangle = Factory.CreatePolygon([.. coords]);
            if (triangle.IsValid && triangle.Area > 1)
            {
                regions.Add(triangle);
            }
        }

        var index = new RegionIndex(regions, cellsPerSide, subCellsPerSide);
        var prepared = regions.Select(PreparedGeometryFactory.Prepare).ToArray();
        // Points on the layer envelope's far edges fall in the last cell and sub-cell (no index overflow).
        var envelope = new Envelope();
        regions.ForEach(r => envelope.ExpandToInclude(r.EnvelopeInternal));
        foreach (var (x, y) in new[] { (envelope.MaxX, envelope.MaxY), (envelope.MaxX, envelope.MinY), (envelope.MinX, envelope.MaxY) })
        {
            Assert.InRange(index.Locate(x, y), -1, regions.Count - 1);
        }

        for (var n = 0; n < 20_000; n++)
        {
            var p = Factory.CreatePoint(new Coordinate((random.NextDouble() * 1300) - 150, (random.NextDouble() * 1300) - 150));
            var expected = Array.FindIndex(prepared, g => g.Contains(p));
            Assert.Equal(expected, index.Locate(p.X, p.Y));
        }
    }

    [Fact]
    public void Locate_OfficialMunicipalities_AgreesWithNetTopologySuiteOnRandomPoints()
    {
        var layer = LayerReader.Read(RegionRole.Municipality, new RegionLayerSource(TestData.Official("gemeente_2025_rd.geojson"))).GetValueOrThrow();
        var prepared = layer.Geometries.Select(PreparedGeometryFactory.Prepare).ToArray();
        var random = new Random(11);
        var checkedInside = 0;
        for (var n = 0; n < 20_000; n++)
        {
            var x = random.NextDouble() * 300_000;
            var y = 300_000 + (random.NextDouble() * 330_000);
            var point = LayerReader.RdFactory.CreatePoint(new Coordinate(x, y));
            var got = layer.Index.Locate(x, y);
            var expected = Array.FindIndex(prepared, g => g.Contains(point));
            Assert.Equal(expected, got);
            checkedInside += expected >= 0 ? 1 : 0;
        }

        Assert.True(checkedInside > 5_000, $"only {checkedInside} sample points fell inside the Netherlands");
    }
}

using Microsoft.Data.Sqlite;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;
using Spreidingswet.Placement.Geography;
using Geo = Spreidingswet.Placement.Geography.RegionMap;
using Spreidingswet.Placement.Tests.Support;

namespace Spreidingswet.Placement.Tests.Geography;

/// <summary>GeoJSON, GeoPackage and Shapefile layers give the same answers; bad layers give clear errors.</summary>
public sealed class LayerFormatTests
{
    private static RegionLayer Reference() =>
        LayerReader.Read(RegionRole.Province, new RegionLayerSource(TestData.Official("provincie_2025_rd.geojson"))).GetValueOrThrow();

    private static void AssertSameAnswers(RegionLayer expected, RegionLayer actual)
    {
        Assert.Equal(expected.Regions.Select(r => r.Code), actual.Regions.Select(r => r.Code));
        var random = new Random(3);
        for (var i = 0; i < 2_000; i++)
        {
            var x = 10_000 + (random.NextDouble() * 270_000);
            var y = 310_000 + (random.NextDouble() * 300_000);
            Assert.Equal(expected.Locate(x, y)?.Code, actual.Locate(x, y)?.Code);
        }
    }

    private static List<IFeature> Features(RegionLayer layer, string codeName = "statcode", string nameName = "statnaam") =>
        layer.Regions.Select((r, i) => (IFeature)new Feature(layer.Geometries[i], new AttributesTable { { codeName, r.Code }, { nameName, r.Name } })).ToList();

    [Fact]
    public void Read_GeoPackageInRdNew_GivesSameAnswersAsGeoJson()
    {
        var reference = Reference();
        var path = Path.Combine(TestData.TempDirectory(), "provinces.gpkg");
        WriteGeoPackage(path, ("provincie", reference, 28992));
        var layer = LayerReader.Read(RegionRole.Province, new RegionLayerSource(path)).GetValueOrThrow();
        Assert.StartsWith("EPSG:28992", layer.Info.Crs, StringComparison.Ordinal);
        AssertSameAnswers(reference, layer);
    }

    [Fact]
    public void Read_GeoPackageWithSeveralLayers_NeedsALayerNameAndListsThem()
    {
        var reference = Reference();
        var path = Path.Combine(TestData.TempDirectory(), "cbs.gpkg");
        WriteGeoPackage(path, ("provincie_gegeneraliseerd", reference, 28992), ("gemeente_gegeneraliseerd", reference, 28992));

        var failed = LayerReader.Read(RegionRole.Province, new RegionLayerSource(path));
        var error = Assert.Single(failed.Errors);
        Assert.Contains("provincie_gegeneraliseerd", error.Hint, StringComparison.Ordinal);

        var chosen = LayerReader.Read(RegionRole.Province, new RegionLayerSource(path) { Layer = "provincie_gegeneraliseerd" }).GetValueOrThrow();
        AssertSameAnswers(reference, chosen);

        var unknown = LayerReader.Read(RegionRole.Province, new RegionLayerSource(path) { Layer = "wijken" });
        Assert.Equal("wijken", Assert.Single(unknown.Errors).Value);
    }

    [Fact]
    public void Read_ShapefileWithPrj_GivesSameAnswersAsGeoJson()
    {
        var reference = Reference();
        var path = Path.Combine(TestData.TempDirectory(), "provinces.shp");
        NetTopologySuite.IO.Esri.Shapefile.WriteAllFeatures(Features(reference), path, Projections.RdNewWkt);
        var layer = LayerReader.Read(RegionRole.Province, new RegionLayerSource(path)).GetValueOrThrow();
        Assert.Equal("EPSG:28992", layer.Info.Crs);
        AssertSameAnswers(reference, layer);
    }

    [Fact]
    public void Read_Wgs84GeoJson_IsDetectedAndAgreesWithRd()
    {
        var rd = LayerReader.Read(RegionRole.Province, new RegionLayerSource(TestData.Official("provincie_2025_rd.geojson"))).GetValueOrThrow();
        var wgs = LayerReader.Read(RegionRole.Province, new RegionLayerSource(TestData.Official("provincie_2025_wgs84.geojson"))).GetValueOrThrow();
        Assert.Equal("EPSG:4326 (detected)", wgs.Info.Crs);
        Assert.Equal("EPSG:28992", rd.Info.Crs); // stated in the file's crs member
        // The WGS84 copy was made with a ~1 m Helmert transformation: answers agree away from borders.
        var agreement = LayerComparison.Measure(rd, wgs, 5_000, seed: 5);
        Assert.True(agreement.Share > 0.999, $"{agreement.Share:P3}");
    }

    [Fact]
    public void Read_CustomCodeAndNameProperties_AreUsed()
    {
        var reference = Reference();
        var path = Path.Combine(TestData.TempDirectory(), "onderwijsregios.shp");
        NetTopologySuite.IO.Esri.Shapefile.WriteAllFeatures(Features(reference, "regio_id", "regio"), path, Projections.RdNewWkt);
        var layer = LayerReader.Read(RegionRole.EducationRegion, new RegionLayerSource(path) { CodeProperty = "regio_id", NameProperty = "regio" }).GetValueOrThrow();
        Assert.Equal("PV26", layer.Locate(136_000, 455_800)?.Code);
    }

    [Fact]
    public void Read_UnknownCodeProperty_NamesThePropertyAndListsTheAvailableOnes()
    {
        var result = LayerReader.Read(RegionRole.Municipality, new RegionLayerSource(TestData.Official("gemeente_2025_rd.geojson")) { CodeProperty = "gemeentecode" });
        var error = Assert.Single(result.Errors);
        Assert.Equal("--municipalities-code-property", error.Field);
        Assert.Equal("gemeentecode", error.Value);
        Assert.Contains("statcode", error.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_PointLayer_IsRejectedNamingTheFeature()
    {
        var path = Path.Combine(TestData.TempDirectory(), "points.geojson");
        File.WriteAllText(path, """{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"statcode":"X1","statnaam":"A"},"geometry":{"type":"Point","coordinates":[5.1,52.1]}}]}""");
        var error = Assert.Single(LayerReader.Read(RegionRole.EducationRegion, new RegionLayerSource(path)).Errors);
        Assert.Contains("feature 1 (X1)", error.Field, StringComparison.Ordinal);
        Assert.Equal("Point", error.Value);
    }

    [Theory]
    [InlineData("""{"type":"Topology","objects":{}}""", "type")]
    [InlineData("""{"type":"FeatureCollection","features":[""", null)]
    public void Read_NotGeoJson_IsAClearError(string content, string? field)
    {
        var path = Path.Combine(TestData.TempDirectory(), "broken.geojson");
        File.WriteAllText(path, content);
        var error = Assert.Single(LayerReader.Read(RegionRole.Municipality, new RegionLayerSource(path)).Errors);
        Assert.Equal(path, error.File);
        if (field is not null)
        {
            Assert.Equal(field, error.Field);
        }
    }

    [Fact]
    public void Load_MissingFilesAndBadCrs_ReportsAllProblemsTogether()
    {
        var result = Geo.Load(new GeographyOptions
        {
            Municipalities = new RegionLayerSource("/nonexistent/gemeenten.gpkg"),
            Provinces = new RegionLayerSource(TestData.Official("provincie_2025_rd.geojson")) { Crs = "EPSG:31466" },
        });
        Assert.False(result.Succeeded);
        Assert.Equal(2, result.Errors.Count);
        Assert.Contains(result.Errors, e => e.File == "/nonexistent/gemeenten.gpkg");
        Assert.Contains(result.Errors, e => e.Field == "--provinces-crs" && e.Value == "EPSG:31466");
    }

    [Fact]
    public void Read_ExplicitCrsOption_OverridesDetection()
    {
        // A stated CRS is used as given (no detection).
        var layer = LayerReader.Read(RegionRole.Province, new RegionLayerSource(TestData.Official("provincie_2025_rd.geojson")) { Crs = "EPSG:28992" }).GetValueOrThrow();
        Assert.Equal("EPSG:28992", layer.Info.Crs);
        Assert.Equal("PV26", layer.Locate(136_000, 455_800)?.Code);
    }

    [Fact]
    public void Read_GeoPackageWhoseLayerIsAView_IsRefused_NotReadWithoutEnd()
    {
        // A hostile file of a few kilobytes: its "layer" is a view over a recursive query with no end.
        var path = Path.Combine(TestData.TempDirectory(), "endless.gpkg");
        WriteGeoPackage(path, ("provincie", Reference(), 28992));
        using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString()))
        {
            connection.Open();
            Execute(connection, "CREATE VIEW endless AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT i AS fid, zeroblob(1000000) AS geom, 'PV' || i AS statcode, 'x' AS statnaam FROM n");
            Execute(connection, "UPDATE gpkg_geometry_columns SET table_name = 'endless'");
        }

        var refused = LayerReader.Read(RegionRole.Province, new RegionLayerSource(path));
        var error = Assert.Single(refused.Errors);
        Assert.Equal(("layer", "endless"), (error.Field, error.Value));
        Assert.Contains("view", error.Message, StringComparison.Ordinal);
    }

    internal static void WriteGeoPackage(string path, params (string Table, RegionLayer Layer, int Srs)[] tables)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        Execute(connection, """
            CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER PRIMARY KEY, organization TEXT NOT NULL, organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT);
            CREATE TABLE gpkg_contents (table_name TEXT PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT, description TEXT DEFAULT '', last_change DATETIME, min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER);
            CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL, srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL);
            """);
        Execute(connection, $"INSERT INTO gpkg_spatial_ref_sys VALUES ('Amersfoort / RD New', 28992, 'EPSG', 28992, '{Projections.RdNewWkt.Replace("'", "''", StringComparison.Ordinal)}', NULL)");
        var writer = new GeoPackageGeoWriter();
        foreach (var (table, layer, srs) in tables)
        {
            Execute(connection, $"CREATE TABLE \"{table}\" (fid INTEGER PRIMARY KEY, geom BLOB, statcode TEXT, statnaam TEXT)");
            Execute(connection, $"INSERT INTO gpkg_contents (table_name, data_type, identifier, srs_id) VALUES ('{table}', 'features', '{table}', {srs})");
            Execute(connection, $"INSERT INTO gpkg_geometry_columns VALUES ('{table}', 'geom', 'MULTIPOLYGON', {srs}, 0, 0)");
            for (var i = 0; i < layer.Regions.Count; i++)
            {
                using var insert = connection.CreateCommand();
                insert.CommandText = $"INSERT INTO \"{table}\" (geom, statcode, statnaam) VALUES ($g, $c, $n)";
                var geometry = layer.Geometries[i].Copy();
                geometry.SRID = srs;
                insert.Parameters.AddWithValue("$g", writer.Write(geometry));
                insert.Parameters.AddWithValue("$c", layer.Regions[i].Code);
                insert.Parameters.AddWithValue("$n", layer.Regions[i].Name);
                insert.ExecuteNonQuery();
            }
        }
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }
}

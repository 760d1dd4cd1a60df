using System.Text;
using Spreidingswet.Placement.Geography;
using Spreidingswet.Placement.Tests.Support;

namespace Spreidingswet.Placement.Tests.Cli;

public sealed class RegionsCommandTests
{
    private static string[] OfficialLayers() =>
    [
        "--municipalities", TestData.Official("gemeente_2025_rd.geojson"),
        "--provinces", TestData.Official("provincie_2025_wgs84.geojson"),
        "--education-regions", TestData.Official("rmc_2025_rd.geojson"),
    ];

    [Fact]
    public void Lookup_LatLonOnDefault_PrintsAllThreeRegionsWithoutWarnings()
    {
        var (exit, output, error) = CliRunner.Run("regions", "lookup", "--lat", "52.0907", "--lon", "5.1214");
        Assert.Equal(0, exit);
        Assert.Contains("GM0344  Utrecht", output, StringComparison.Ordinal);
        Assert.Contains("PV26    Utrecht", output, StringComparison.Ordinal);
        Assert.Contains("MC19    Utrecht", output, StringComparison.Ordinal);
        Assert.Equal("", error);
    }

    [Fact]
    public void Lookup_HarbourJustOffTheGeneralisedCoast_IsTerschellingWithAWarningNamingTheDistance()
    {
        var (exit, output, error) = CliRunner.Run("regions", "lookup", "--lat", "53.3590", "--lon", "5.2170");
        Assert.Equal(0, exit);
        Assert.Contains("GM0093  Terschelling", output, StringComparison.Ordinal);
        Assert.Contains("PV21", output, StringComparison.Ordinal);
        Assert.Contains("MC04", output, StringComparison.Ordinal);
        Assert.Matches(@"warning: point 53\.35900,5\.21700 lies \d+ m outside every municipality", error);
    }

    [Fact]
    public void Lookup_RdPointOnOfficialLayers_PrintsRegionsWithoutWarnings()
    {
        var (exit, output, error) = CliRunner.Run(["regions", "lookup", "--x", "136000", "--y", "455800", .. OfficialLayers()]);
        Assert.Equal(0, exit);
        Assert.Contains("GM0344  Utrecht", output, StringComparison.Ordinal);
        Assert.DoesNotContain("warning", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Lookup_PointInTheSea_SaysOutside()
    {
        var (exit, output, _) = CliRunner.Run("regions", "lookup", "--lat", "52.5", "--lon", "3.5");
        Assert.Equal(0, exit);
        Assert.Contains("outside the Netherlands", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Lookup_PointsFileExcelStyle_WritesOneRowPerInputInOrderWithTheExactHeader()
    {
        var dir = TestData.TempDirectory();
        var input = Path.Combine(dir, "points.csv");
        // Excel in a Dutch locale: byte-order mark, ';' separator, decimal comma, extra column.
        File.WriteAllText(input, "Id;LAT;lon;note\nutrecht;52,0907;5,1214;dom\nsea;52,5;3,5;\nmaastricht;50,8514;5,6910;x\n", new UTF8Encoding(true));
        var output = Path.Combine(dir, "out", "result.csv");
        var (exit, _, error) = CliRunner.Run(["regions", "lookup", "--points", input, "--out", output, .. OfficialLayers()]);
        Assert.True(exit == 0, error);
        var lines = File.ReadAllLines(output);
        Assert.Equal(PointFile.LookupHeader, lines[0]);
        Assert.Equal("id,municipality_code,municipality_name,province_code,province_name,education_region_code,education_region_name,snapped_m,note", lines[0]);
        Assert.Equal(4, lines.Length);
        Assert.Equal("utrecht,GM0344,Utrecht,PV26,Utrecht,MC19,Utrecht,,", lines[1]);
        Assert.Equal("sea,,,,,,,,", lines[2]);
        Assert.StartsWith("maastricht,GM0935,Maastricht,PV31,Limburg,", lines[3], StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(output)!, "*.tmp"));
    }

    [Fact]
    public void Lookup_PointsFileRd_WritesCsvToStandardOutput()
    {
        var input = Path.Combine(TestData.TempDirectory(), "points.csv");
        File.WriteAllText(input, "id,x,y\na,136000,455800\nb,176000,317000\n");
        var (exit, output, _) = CliRunner.Run(["regions", "lookup", "--points", input, .. OfficialLayers()]);
        Assert.Equal(0, exit);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("a,GM0344,", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("b,GM0935,Maastricht,PV31", lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public void Lookup_PointsFileWithBadValues_ReportsEveryErrorWithLineAndFieldAndWritesNothing()
    {
        var dir = TestData.TempDirectory();
        var input = Path.Combine(dir, "points.csv");
        File.WriteAllText(input, "id,lat,lon\na,52.09,5.12\nb,abc,5.1\nc,52.1,500\n");
        var output = Path.Combine(dir, "result.csv");
        var (exit, _, error) = CliRunner.Run("regions", "lookup", "--points", input, "--out", output);
        Assert.Equal(2, exit);
        Assert.Contains($"{input}:3: lat 'abc': is not a number.", error, StringComparison.Ordinal);
        Assert.Contains($"{input}:4: lon '500': is out of range", error, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void Lookup_PointsFileWithoutCoordinateColumns_NamesTheMissingColumns()
    {
        var input = Path.Combine(TestData.TempDirectory(), "points.csv");
        File.WriteAllText(input, "id,latitude,longitude\na,52.09,5.12\n");
        var (exit, _, error) = CliRunner.Run("regions", "lookup", "--points", input);
        Assert.Equal(2, exit);
        Assert.Contains("lat,lon / x,y", error, StringComparison.Ordinal);
        Assert.Contains("latitude", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Lookup_MissingLayerFile_ExitsTwoNamingTheFile()
    {
        var (exit, _, error) = CliRunner.Run("regions", "lookup", "--lat", "52.09", "--lon", "5.12", "--education-regions", "/nonexistent/onderwijsregios.gpkg");
        Assert.Equal(2, exit);
        Assert.Contains("/nonexistent/onderwijsregios.gpkg", error, StringComparison.Ordinal);
        Assert.Contains("file not found", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Lookup_NoPointGiven_ExitsTwoWithAHint()
    {
        var (exit, _, error) = CliRunner.Run("regions", "lookup", "--lat", "52.09");
        Assert.Equal(2, exit);
        Assert.Contains("Maybe", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("education", 40)]
    [InlineData("province", 12)]
    [InlineData("municipality", 342)]
    public void List_Role_PrintsEveryRegion(string role, int count)
    {
        var (exit, output, _) = CliRunner.Run("regions", "list", "--role", role);
        Assert.Equal(0, exit);
        Assert.Contains($"{count} region(s)", output, StringComparison.Ordinal);
        if (role == "education")
        {
            Assert.Contains("MC19    Utrecht", output, StringComparison.Ordinal);
            Assert.Contains("De Bilt", output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void List_UnknownRole_IsRejected()
    {
        var (exit, _, _) = CliRunner.Run("regions", "list", "--role", "wijk");
        Assert.NotEqual(0, exit);
    }
}

using System.Globalization;
using System.Text.Json;
using Spreidingswet.Placement.Tests.Support;

namespace Spreidingswet.Placement.Tests.Cli;

/// <summary>
/// Real schools on the coast, in harbours and on the islands never refuse an input on the embedded
/// default: coastal points resolve to their municipality, and a school abroad only loses its region.
/// </summary>
public sealed class CoastalSchoolsTests
{
    private static readonly (double Lat, double Lon)[] CoastalSchools =
    [
        (52.0995, 4.2650), (52.0695, 4.2180), (52.3740, 4.5270), (52.9640, 4.7800), (51.4425, 3.5730),
        (51.3735, 3.3830), (53.0020, 4.7880), (53.2960, 5.0710), (53.3590, 5.2170), (53.4440, 5.7740),
        (53.4800, 6.1600), (53.1750, 5.4110), (53.3300, 6.9200), (52.6620, 5.6000), (50.7720, 6.0180),
    ];

    [Fact]
    public void Propose_600YouthsWithCoastalAndForeignSchools_RunsOnTheDefault_AndWarnsPerYouth()
    {
        var data = TestData.TempDirectory();
        Assert.Equal(0, CliRunner.Run("generate", "--youths", "600", "--locations", "40", "--seed", "14", "--closures", "2", "--out", data).Exit);
        var path = Path.Combine(data, "youths.csv");
        var lines = File.ReadAllLines(path);
        var header = lines[0].Split(',');
        var (latColumn, lonColumn) = (Array.IndexOf(header, "school_lat"), Array.IndexOf(header, "school_lon"));
        var rewritten = 0;
        string? antwerpYouth = null;
        for (var i = 1; i < lines.Length; i++)
        {
            var cells = lines[i].Split(',');
            if (cells[latColumn].Length == 0 || i % 3 != 0)
            {
                continue;
            }

            // Every third school-going youth goes to school on the coast; one to school in Antwerp.
            var (lat, lon) = antwerpYouth is null ? (51.2194, 4.4025) : CoastalSchools[rewritten % CoastalSchools.Length];
            antwerpYouth ??= cells[0];
            cells[latColumn] = lat.ToString("F4", CultureInfo.InvariantCulture);
            cells[lonColumn] = lon.ToString("F4", CultureInfo.InvariantCulture);
            lines[i] = string.Join(',', cells);
            rewritten++;
        }

        Assert.True(rewritten >= 60, $"only {rewritten} schools moved to the coast");
        File.WriteAllLines(path, lines);
        var outDir = TestData.TempDirectory();
        var (exit, _, error) = CliRunner.Run("propose", "--youths", path, "--locations", Path.Combine(data, "locations.csv"),
            "--planning-date", "2026-12-01", "--no-compare", "--no-audit", "--out", outDir);
        Assert.True(exit == 0, error);
        Assert.Contains($"warning: youth {antwerpYouth}: school_lat,school_lon 51.21940,4.40250 lies outside the Netherlands", error, StringComparison.Ordinal);
        Assert.Contains("m outside every municipality", error, StringComparison.Ordinal);

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "proposal.json")));
        var assignments = json.RootElement.GetProperty("assignments").EnumerateArray().ToList();
        Assert.Equal(600, assignments.Count + json.RootElement.GetProperty("unplaced").GetArrayLength());
        var warnings = json.RootElement.GetProperty("warnings").EnumerateArray().Select(w => w.GetString()!).ToList();
        Assert.Single(warnings, w => w.StartsWith($"youth {antwerpYouth}: school_lat,school_lon", StringComparison.Ordinal));
    }
}

using Spreidingswet.Placement.Tests.Cli;
using Spreidingswet.Placement.Tests.Support;

namespace Spreidingswet.Placement.Tests.Simulation;

/// <summary>
/// Bad arrivals and changes files at the command line: exit 2, each error naming the file, the line,
/// the field and the value, no stack trace, and nothing written to --out (not even the folder).
/// </summary>
public sealed class SimulationFileErrorsCliTests
{
    private const string Header = "id,birth_date,gender,care_level,arrived_on";

    /// <summary>The generated starting situation has locations L0001..L0012 (capacity 12 or so) and residents Y00001 and up.</summary>
    private static readonly string[] Simulate =
        ["simulate", "--weeks", "4", "--youths", "80", "--locations", "12", "--arrival-rate", "4", "--closures", "0", "--policies", "capacity-only"];

    public static TheoryData<string, string, string> BadArrivals => new()
    {
        { "missing column", "id,birth_date,gender,care_level\nA1,2011-03-04,m,standard\n", "{0}:1: arrived_on: column is missing: an arrivals file needs each arrival's date." },
        { "bad date", $"{Header}\nA1,2011-03-04,m,standard,2027-01-05\nA2,2011-03-04,m,standard,2027-02-30\n", "{0}:3: arrived_on '2027-02-30': is not a date in the form yyyy-mm-dd." },
        { "outside the horizon", $"{Header}\nA1,2011-03-04,m,standard,2027-06-01\n", "{0}:2: arrived_on '2027-06-01': outside the horizon 2026-12-29 to 2027-01-25. Maybe change --start or --weeks." },
        { "duplicate id", $"{Header}\nA1,2011-03-04,m,standard,2027-01-05\nA1,2010-03-04,f,standard,2027-01-12\n", "{0}:3: id 'A1': appears more than once." },
        { "id of a resident", $"{Header}\nA1,2011-03-04,m,standard,2027-01-05\nY00002,2010-03-04,f,standard,2027-01-12\n", "{0}:3: id 'Y00002': appears more than once (among the residents and the arrivals)." },
        { "unknown location", $"{Header},exclude_locations\nA1,2011-03-04,m,standard,2027-01-05,L0999\n", "{0}:2: exclude_locations 'L0999': is not a location in locations.csv." },
        { "unknown wished location", $"{Header},wish_location\nA1,2011-03-04,m,standard,2027-01-05,\nA2,2011-03-04,m,standard,2027-01-05,L777\n", "{0}:3: wish_location 'L777': is not a location in locations.csv." },
        { "unknown region", $"{Header},education_region\nA1,2011-03-04,m,standard,2027-01-05,MC99\n", "{0}:2: education_region 'MC99': is not an education region of the loaded layer." },
        { "a current location", $"{Header},current_location\nA1,2011-03-04,m,standard,2027-01-05,L0001\n", "{0}:2: current_location 'L0001': an arrival has no current location. Maybe leave it empty." },
        { "bad gender", $"{Header}\nA1,2011-03-04,q,standard,2027-01-05\n", "{0}:2: gender 'q':" },
    };

    public static TheoryData<string, string, string> BadChanges => new()
    {
        { "missing column", "date,location\n2027-01-11,L0001\n", "{0}:1: change: missing column. The header is date,location,change,capacity." },
        { "bad date", "date,location,change,capacity\n2027-01-11,L0001,close,\n2027-1-18,L0002,close,\n", "{0}:3: date '2027-1-18': not a date (yyyy-mm-dd)." },
        { "unknown location", "date,location,change,capacity\n2027-01-11,L0001,close,\n2027-01-18,L0999,close,\n", "{0}:3: location 'L0999': no such location." },
        { "bad change kind", "date,location,change,capacity\n2027-01-11,L0001,shut,\n", "{0}:2: change 'shut': must be close, open or capacity." },
        { "negative capacity", "date,location,change,capacity\n2027-01-11,L0001,capacity,-3\n", "{0}:2: capacity '-3': a capacity change needs a whole number of beds." },
        { "capacity decrease", "date,location,change,capacity\n2027-01-11,L0001,capacity,1\n", "{0}:2: capacity '1': location L0001: a capacity change must be an increase" },
        { "capacity on a closure", "date,location,change,capacity\n2027-01-11,L0001,close,5\n", "{0}:2: capacity '5': only a capacity change has a capacity (this is close)." },
        { "duplicate closure", "date,location,change,capacity\n2027-01-11,L0001,close,\n2027-01-18,L0001,close,\n", "{0}:3: change 'close': location L0001 already has this change on line 2." },
    };

    [Theory]
    [MemberData(nameof(BadArrivals))]
    public void Arrivals_BadInput_ExitsTwoNamingFileLineFieldAndValue_WritesNothing(string kind, string csv, string expected)
    {
        var dir = TestData.TempDirectory();
        var file = Path.Combine(dir, "arrivals.csv");
        File.WriteAllText(file, csv);
        AssertRefused(kind, [.. Simulate, "--arrivals", file], dir, string.Format(System.Globalization.CultureInfo.InvariantCulture, expected, file));
    }

    [Theory]
    [MemberData(nameof(BadChanges))]
    public void Changes_BadInput_ExitsTwoNamingFileLineFieldAndValue_WritesNothing(string kind, string csv, string expected)
    {
        var dir = TestData.TempDirectory();
        var file = Path.Combine(dir, "changes.csv");
        File.WriteAllText(file, csv);
        AssertRefused(kind, [.. Simulate, "--changes", file], dir, string.Format(System.Globalization.CultureInfo.InvariantCulture, expected, file));
    }

    [Fact]
    public void Changes_BadInTheRunsOfASweep_ReportedOnce_NothingWritten()
    {
        var dir = TestData.TempDirectory();
        var file = Path.Combine(dir, "changes.csv");
        File.WriteAllText(file, "date,location,change,capacity\n2027-01-18,L0999,close,\n");
        var outDir = Path.Combine(dir, "out");
        var (exit, _, error) = CliRunner.Run([.. Simulate, "--changes", file, "--runs", "3", "--out", outDir]);
        Assert.Equal(2, exit);
        Assert.Single(error.Split('\n'), l => l.StartsWith("error: ", StringComparison.Ordinal));
        Assert.Contains($"error: {file}:2: location 'L0999': no such location.", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(outDir));
    }

    [Fact]
    public void GoodFiles_Run_AndTheChangesApply()
    {
        var dir = TestData.TempDirectory();
        var (arrivals, changes) = (Path.Combine(dir, "arrivals.csv"), Path.Combine(dir, "changes.csv"));
        File.WriteAllText(arrivals, $"{Header},wish_location\nA1,2011-03-04,m,standard,2027-01-05,L0003\nA2,2010-05-06,f,standard,2027-01-12,\n");
        File.WriteAllText(changes, "date,location,change,capacity\n2027-01-11,L0001,close,\n2027-01-18,L0002,capacity,200\n");
        var outDir = Path.Combine(dir, "out");
        var (exit, stdout, error) = CliRunner.Run([.. Simulate, "--arrivals", arrivals, "--changes", changes, "--out", outDir]);
        Assert.True(exit == 0, error);
        Assert.Contains("wishes honoured", stdout, StringComparison.Ordinal);
        var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "simulation.json")))!;
        Assert.Equal(2, (int)json["arrivals"]!);
        var weeks = json["policies"]![0]!["weeks"]!.AsArray();
        Assert.True((int)weeks[1]!["moves"]! > 0, "the closure of L0001 on 2027-01-11 moves its residents in the second batch");
        Assert.Equal(1, weeks.Sum(w => (int?)w!["wishesStated"] ?? 0));
    }

    [Theory]
    [InlineData("2")]
    [InlineData("-0.1")]
    [InlineData("NaN")]
    public void LeaveRate_OutsideZeroToOne_ExitsTwoNamingTheOption_WritesNothing(string value)
    {
        var dir = TestData.TempDirectory();
        AssertRefused("leave rate " + value, [.. Simulate, "--leave-rate", value], dir, $"simulation: --leave-rate '{value}': must be between 0 and 1.");
    }

    [Fact]
    public void LeaveRate_DrivesTheEarlyDepartures_TheSameForEveryPolicy()
    {
        int[] Departures(string rate, string policy)
        {
            var outDir = Path.Combine(TestData.TempDirectory(), "out");
            var (exit, _, error) = CliRunner.Run([.. Simulate[..^1], policy, "--leave-rate", rate, "--out", outDir]);
            Assert.True(exit == 0, error);
            var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "simulation.json")))!;
            return [.. json["policies"]![0]!["weeks"]!.AsArray().Select(w => (int)w!["departures"]!)];
        }

        var none = Departures("0", "capacity-only");
        var half = Departures("0.5", "capacity-only");
        Assert.True(half.Sum() > none.Sum() + 40, $"a leave rate of 0.5 a week empties about half of the 80 residents in 4 weeks: {half.Sum()} against {none.Sum()} without leaving");
        Assert.Equal(half, Departures("0.5", "education-first"));
    }

    private static void AssertRefused(string kind, string[] args, string dir, string expected)
    {
        var outDir = Path.Combine(dir, "out");
        var (exit, _, error) = CliRunner.Run([.. args, "--out", outDir]);
        Assert.True(exit == 2, $"{kind}: exit {exit}\n{error}");
        Assert.Contains("error: " + expected, error, StringComparison.Ordinal);
        Assert.Contains("nothing was written.", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(outDir), $"{kind}: {outDir} was created");
    }
}

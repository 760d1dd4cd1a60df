using Spreidingswet.Placement.Tests.Support;

namespace Spreidingswet.Placement.Tests.Cli;

/// <summary>Issue 16, points 6 to 8 at the command line: exit code 2, every error listed, nothing written, no stack trace, bounded memory.</summary>
public sealed class InputErrorsCliTests
{
    private const string Locations = "id,name,lat,lon,capacity\nL1,A,52.09,5.12,10\n";

    [Fact]
    public void Propose_YouthsFromDevZero_ExitsTwoNamingTheLimit_InBoundedMemory()
    {
        var dir = TestData.TempDirectory();
        var locations = Path.Combine(dir, "locations.csv");
        File.WriteAllText(locations, Locations);
        var outDir = Path.Combine(dir, "out");
        var before = GC.GetAllocatedBytesForCurrentThread();
        var (exit, _, error) = CliRunner.Run("propose", "--youths", "/dev/zero", "--locations", locations, "--no-audit", "--out", outDir);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(2, exit);
        Assert.Contains("error: /dev/zero:1: has a line longer than 1 MiB, the limit for a CSV line (InputLimits.MaxLineBytes).", error, StringComparison.Ordinal);
        Assert.Contains("1 input error(s); nothing was written.", error, StringComparison.Ordinal);
        Assert.True(allocated < 64L * 1024 * 1024, $"allocated {allocated:N0} bytes");
        Assert.False(Directory.Exists(outDir));
    }

    [Fact]
    public void Propose_ProblemFromDevZero_ExitsTwoNamingTheFileSizeLimit()
    {
        var outDir = Path.Combine(TestData.TempDirectory(), "out");
        var (exit, _, error) = CliRunner.Run("propose", "--problem", "/dev/zero", "--no-audit", "--out", outDir);
        Assert.Equal(2, exit);
        Assert.Contains("error: /dev/zero: is larger than 256 MiB, the limit for an input file (InputLimits.MaxFileBytes).", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(outDir));
    }

    [Fact]
    public void Propose_MisspeltColumnsAndAShortRow_ExitTwo_ListEveryError_WriteNothing()
    {
        var dir = TestData.TempDirectory();
        var (youths, locations) = (Path.Combine(dir, "youths.csv"), Path.Combine(dir, "locations.csv"));
        File.WriteAllText(youths, "id,age,gender,care_level,keep_appart,locked_locaton\nY1,16,m,standard,Y2,\nY2,16,m\n");
        File.WriteAllText(locations, Locations);
        var outDir = Path.Combine(dir, "out");
        var (exit, _, error) = CliRunner.Run("propose", "--youths", youths, "--locations", locations, "--no-audit", "--out", outDir);
        Assert.Equal(2, exit);
        Assert.Contains($"error: {youths}:1: column 'keep_appart': is not a known column. Maybe 'keep_apart'?", error, StringComparison.Ordinal);
        Assert.Contains($"error: {youths}:1: column 'locked_locaton': is not a known column. Maybe 'locked_location'?", error, StringComparison.Ordinal);
        Assert.Contains($"error: {youths}:3: has 3 cells where the header has 6", error, StringComparison.Ordinal);
        Assert.Contains("3 input error(s); nothing was written.", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(outDir));
    }

    [Fact]
    public void Propose_ProblemJsonInTheCsvSpelling_ExitsTwoWithAHint()
    {
        var dir = TestData.TempDirectory();
        var problem = Path.Combine(dir, "problem.json");
        File.WriteAllText(problem, """
            { "youths": [ { "id": "Y1", "age": 16, "gender": "m", "keep_apart": ["Y2"] }, { "id": "Y2", "age": 16, "gender": "m" } ],
              "locations": [ { "id": "L1", "name": "A", "lat": 52.09, "lon": 5.12, "capacity": 2 } ] }
            """);
        var (exit, _, error) = CliRunner.Run("propose", "--problem", problem, "--no-audit", "--out", Path.Combine(dir, "out"));
        Assert.Equal(2, exit);
        Assert.Contains($"error: {problem}: youths[0].keep_apart: is not a known field. Maybe 'keepApart'?", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Propose_ControlCodesInAnEchoedValue_AreEscapedOnTheTerminal()
    {
        var dir = TestData.TempDirectory();
        var (youths, locations) = (Path.Combine(dir, "youths.csv"), Path.Combine(dir, "locations.csv"));
        File.WriteAllText(youths, "id,age,gender,care_level\nY1,16,\u001b]0;owned\u0007\u001b[2Jq,standard\n");
        File.WriteAllText(locations, Locations);
        var (exit, _, error) = CliRunner.Run("propose", "--youths", youths, "--locations", locations, "--no-audit", "--out", Path.Combine(dir, "out"));
        Assert.Equal(2, exit);
        Assert.Contains("gender '\\u001b]0;owned\\u0007\\u001b[2Jq': is not one of", error, StringComparison.Ordinal);
        Assert.DoesNotContain(error, c => c == '\u001b' || c == '\u0007');
    }

    [Fact]
    public void Propose_DuplicateIds_AreReportedOnTheDuplicatesLine_WithEveryOtherError()
    {
        var dir = TestData.TempDirectory();
        var (youths, locations) = (Path.Combine(dir, "youths.csv"), Path.Combine(dir, "locations.csv"));
        File.WriteAllText(youths, "id,age,gender,care_level,current_location\nY1,16,m,standard,L9\nY2,16,m,standard,\nY1,15,m,standard,\n");
        File.WriteAllText(locations, "id,name,lat,lon,capacity\nL1,A,52.09,5.12,10\nL2,B,52.10,5.13,10\nL1,C,52.11,5.14,10\n");
        var (exit, _, error) = CliRunner.Run("propose", "--youths", youths, "--locations", locations, "--planning-date", "2026-12-01", "--no-audit", "--out", Path.Combine(dir, "out"));
        Assert.Equal(2, exit);
        Assert.Contains($"error: {locations}:4: id 'L1': is a duplicate location id (first on line 2).", error, StringComparison.Ordinal);
        Assert.Contains($"error: {youths}:4: id 'Y1': is a duplicate youth id (first on line 2).", error, StringComparison.Ordinal);
        Assert.Contains($"error: {youths}:2: current_location 'L9': is not a location", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Propose_UnrelatedExtraColumn_IsAWarning_AndTheRunGoesOn()
    {
        var dir = TestData.TempDirectory();
        var (youths, locations) = (Path.Combine(dir, "youths.csv"), Path.Combine(dir, "locations.csv"));
        File.WriteAllText(youths, "id,age,gender,care_level,caseworker_note\nY1,16,m,standard,call back\n");
        File.WriteAllText(locations, Locations);
        var (exit, _, error) = CliRunner.Run("propose", "--youths", youths, "--locations", locations, "--no-audit", "--no-compare", "--out", Path.Combine(dir, "out"));
        Assert.True(exit == 0, error);
        Assert.Contains($"warning: {youths}: column(s) 'caseworker_note' are not known and are ignored", error, StringComparison.Ordinal);
    }
}

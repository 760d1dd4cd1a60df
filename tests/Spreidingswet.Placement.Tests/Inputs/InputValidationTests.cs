using System.Text;
using Spreidingswet.Placement.Inputs;
using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Tests.Support;

namespace Spreidingswet.Placement.Tests.Inputs;

/// <summary>
/// Issue 16, points 7 and 8: misspelt columns and fields, short and long rows, invalid UTF-8,
/// control characters in ids, unclosed quotes, duplicate ids and duplicate JSON keys are errors
/// that name the file, line and field, never silently read.
/// </summary>
public sealed class InputValidationTests
{
    private const string Locations = "id,name,lat,lon,capacity\nL1,A,52.09,5.12,10\nL2,B,52.10,5.13,10\n";

    // ---- point 7: unknown columns and fields, short and long rows

    [Fact]
    public void Csv_MisspeltColumns_AreErrorsWithAMaybeHint()
    {
        var (youths, locations) = Write("id,age,gender,care_level,keep_appart,locked_locaton\nY1,16,m,standard,Y2,L1\nY2,16,m,standard,Y1,\n", Locations);
        var errors = Errors(ProblemReader.Read(new ProblemFiles(youths, locations)));
        Assert.Contains($"{youths}:1: column 'keep_appart': is not a known column. Maybe 'keep_apart'?", errors);
        Assert.Contains($"{youths}:1: column 'locked_locaton': is not a known column. Maybe 'locked_location'?", errors);
    }

    [Theory]
    [InlineData("Keep-Apart", "keep_apart")]
    [InlineData("keepApart", "keep_apart")]
    [InlineData("brith_date", "birth_date")]
    [InlineData("gendr", "gender")]
    public void Csv_ColumnCloseToAKnownOne_IsAnError(string column, string meant)
    {
        var (youths, locations) = Write($"id,age,gender,care_level,{column}\nY1,16,m,standard,\n", Locations);
        var errors = Errors(ProblemReader.Read(new ProblemFiles(youths, locations)));
        Assert.Contains($"{youths}:1: column '{column}': is not a known column. Maybe '{meant}'?", errors);
    }

    [Fact]
    public void Csv_UnrelatedExtraColumn_IsAWarningListingIt_NotAnError()
    {
        var (youths, locations) = Write("id,age,gender,care_level,remarks_by_caseworker\nY1,16,m,standard,anything\n", Locations);
        var read = ProblemReader.Read(new ProblemFiles(youths, locations));
        Assert.True(read.Succeeded, string.Join("\n", read.Errors));
        Assert.Contains(read.Warnings, w => w.Contains("'remarks_by_caseworker'", StringComparison.Ordinal) && w.Contains("ignored", StringComparison.Ordinal));
    }

    [Fact]
    public void Csv_ShortRow_IsAnErrorNamingTheLine()
    {
        const string header = "id,birth_date,gender,care_level,current_location,school_lat,school_lon,education_region,sibling_group,keep_apart,locked_location,exclude_locations,needs,schooling_years,arrived_on,earlier_moves,audit_group";
        var (youths, locations) = Write($"{header}\nY1,2010-01-01,m,standard,L1,52.09,5.12,,,,,,,,,,\nY2,2010-01-01,m,standard,L1\n", Locations);
        var errors = Errors(ProblemReader.Read(new ProblemFiles(youths, locations)));
        Assert.Contains(errors, e => e.StartsWith($"{youths}:3: has 5 cells where the header has 17 (no cell for school_lat, school_lon", StringComparison.Ordinal));
    }

    [Fact]
    public void Csv_LongRow_IsAnErrorNamingTheLine()
    {
        var (youths, locations) = Write("id;age;gender;care_level;keep_apart\nY1;16;m;standard;Y2;Y3\nY2;16;m;standard;\nY3;16;m;standard;\n", Locations);
        var errors = Errors(ProblemReader.Read(new ProblemFiles(youths, locations)));
        Assert.Contains($"{youths}:2: has 6 cells where the header has 5. Maybe a list with ';' that needs quotes in a ';'-separated file?", errors);
    }

    [Theory]
    [InlineData("""{"youths":[{"id":"Y1","age":16,"gender":"m","keep_apart":["Y2"]}],"locations":[]}""", "youths[0].keep_apart: is not a known field. Maybe 'keepApart'?")]
    [InlineData("""{"youths":[{"id":"Y1","age":16,"gender":"m","lockedLocaton":"L1"}],"locations":[]}""", "youths[0].lockedLocaton: is not a known field. Maybe 'lockedLocation'?")]
    [InlineData("""{"youths":[{"id":"Y1","age":16,"gender":"m","school":{"educationRegion":"MC19","education_region":"MC19"}}],"locations":[]}""", "youths[0].school.education_region: is not a known field. Maybe 'educationRegion'?")]
    [InlineData("""{"youths":[],"locations":[{"id":"L1","lat":52.1,"lon":5.1,"capacity":3,"min_age":15}]}""", "locations[0].min_age: is not a known field. Maybe 'minAge'?")]
    [InlineData("""{"youths":[],"locations":[],"isk_seats":{"MC19":5}}""", "isk_seats: is not a known field. Maybe 'iskSeats'?")]
    [InlineData("""{"youths":[],"locations":[],"comment":"x"}""", "comment: is not a known field. The fields here are: youths, locations, iskSeats, targets, synthetic.")]
    public void Json_UnknownOrMisspeltField_IsAnErrorWithAHint_AtEveryLevel(string json, string expected)
    {
        var path = WriteFile("problem.json", json);
        Assert.Contains($"{path}: {expected}", Errors(ProblemReader.ReadJson(path)));
    }

    // ---- point 8: encoding, control characters, quotes, duplicates

    [Fact]
    public void Csv_InvalidUtf8_IsAnErrorNamingFileAndLine()
    {
        var dir = TestData.TempDirectory();
        var youths = Path.Combine(dir, "youths.csv");
        var bytes = new List<byte>(Encoding.UTF8.GetBytes("id,age,gender,care_level\nY1,16,m,standard\nY"));
        bytes.Add(0xE9); // 'é' in Windows-1252: not UTF-8
        bytes.AddRange(Encoding.UTF8.GetBytes(",16,m,standard\n"));
        File.WriteAllBytes(youths, [.. bytes]);
        var locations = WriteFile("locations.csv", Locations);
        var errors = Errors(ProblemReader.Read(new ProblemFiles(youths, locations)));
        Assert.Contains(errors, e => e.StartsWith($"{youths}:3: is not valid UTF-8 (byte 0xE9", StringComparison.Ordinal));
    }

    [Fact]
    public void Json_InvalidUtf8_IsAnErrorNamingFileAndLine()
    {
        var bytes = new List<byte>(Encoding.UTF8.GetBytes("{\"youths\": [\n{\"id\": \"Y"));
        bytes.Add(0xFF);
        bytes.AddRange(Encoding.UTF8.GetBytes("\", \"age\": 16, \"gender\": \"m\"}],\n\"locations\": []}"));
        var path = Path.Combine(TestData.TempDirectory(), "problem.json");
        File.WriteAllBytes(path, [.. bytes]);
        var errors = Errors(ProblemReader.ReadJson(path));
        Assert.Contains(errors, e => e.StartsWith($"{path}:2: is not valid UTF-8 (byte 0xFF", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("\u0000", "U+0000")]
    [InlineData("\u001b[2J", "U+001B")]
    [InlineData("\u202e", "U+202E")]
    public void Csv_ControlCharacterInId_IsAnError(string inserted, string code)
    {
        var (youths, locations) = Write($"id,age,gender,care_level,keep_apart\nY1,16,m,standard,\nY{inserted}1,16,m,standard,Y1\n", Locations);
        var errors = Errors(ProblemReader.Read(new ProblemFiles(youths, locations)));
        Assert.Contains(errors, e => e.StartsWith($"{youths}:3: id ", StringComparison.Ordinal) && e.Contains($"holds the control or formatting character {code}", StringComparison.Ordinal));
    }

    [Fact]
    public void Csv_ControlCharacterInALocationReference_IsAnError()
    {
        var (youths, locations) = Write("id,age,gender,care_level,locked_location\nY1,16,m,standard,L1\u0000\n", Locations);
        var errors = Errors(ProblemReader.Read(new ProblemFiles(youths, locations)));
        Assert.Contains(errors, e => e.StartsWith($"{youths}:2: locked_location 'L1\\u0000': holds the control or formatting character U+0000", StringComparison.Ordinal));
    }

    [Fact]
    public void Json_ControlCharacterInId_IsAnError()
    {
        var path = WriteFile("problem.json", """{"youths":[{"id":"Y\u00001","age":16,"gender":"m"}],"locations":[{"id":"L\u001b1","lat":52.1,"lon":5.1,"capacity":3}]}""");
        var errors = Errors(ProblemReader.ReadJson(path));
        Assert.Contains(errors, e => e.StartsWith($"{path}: youths[0].id 'Y\\u00001': holds the control or formatting character U+0000", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith($"{path}: locations[0].id 'L\\u001b1': holds the control or formatting character U+001B", StringComparison.Ordinal));
    }

    [Fact]
    public void InputError_EchoedValueWithControlCodes_IsEscaped()
    {
        var (youths, locations) = Write("id,age,gender,care_level\nY1,16,\u001b[31mq\u0007,standard\n", Locations);
        var errors = Errors(ProblemReader.Read(new ProblemFiles(youths, locations)));
        var gender = Assert.Single(errors, e => e.Contains("gender", StringComparison.Ordinal));
        Assert.Contains("gender '\\u001b[31mq\\u0007': is not one of", gender, StringComparison.Ordinal);
        Assert.DoesNotContain(errors, e => e.Any(char.IsControl));
    }

    [Fact]
    public void Csv_UnterminatedQuote_IsReportedAtTheLineWhereItOpened()
    {
        var rows = new StringBuilder("id,age,gender,care_level,sibling_group\nY1,16,m,standard,\nY2,16,m,standard,\"S1\n");
        for (var i = 3; i < 60; i++)
        {
            rows.Append(FormattableString.Invariant($"Y{i},16,m,standard,\n"));
        }

        var (youths, locations) = Write(rows.ToString(), Locations);
        var errors = Errors(ProblemReader.Read(new ProblemFiles(youths, locations)));
        var error = Assert.Single(errors);
        Assert.StartsWith($"{youths}:3: sibling_group '\"S1': opens a quote that is not closed on this line.", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Csv_StrayQuoteClosedLinesLater_IsReportedAtTheLineWhereItOpened()
    {
        var (youths, locations) = Write("id,age,gender,care_level,needs\nY1,16,m,standard,\"trauma\nY2,16,m,standard,\nY3,16,m,standard,\"\n", Locations);
        var errors = Errors(ProblemReader.Read(new ProblemFiles(youths, locations)));
        Assert.Contains(errors, e => e.StartsWith($"{youths}:2: needs '\"trauma': opens a quote that is not closed on this line.", StringComparison.Ordinal));
    }

    [Fact]
    public void Csv_QuotedCellsWithDelimitersAndDoubledQuotes_StillRead()
    {
        var (youths, locations) = Write("id;age;gender;care_level;keep_apart;needs\nY1;16;m;standard;\"Y2;Y3\";\"a \"\"quoted\"\" need\"\nY2;16;m;standard;;\nY3;16;m;standard;;\n", Locations);
        var read = ProblemReader.Read(new ProblemFiles(youths, locations));
        Assert.True(read.Succeeded, string.Join("\n", read.Errors));
        Assert.Equal(["Y2", "Y3"], read.Value!.Youths[0].KeepApart.ToArray());
    }

    [Fact]
    public void Csv_DuplicateLocationId_IsReportedOnTheDuplicatesLine_NamingTheFirst()
    {
        var (youths, locations) = Write("id,age,gender,care_level\nY1,16,m,standard\nY2,16,m,standard\nY1,15,m,standard\n",
            "id,name,lat,lon,capacity\nL1,A,52.09,5.12,10\nL2,B,52.10,5.13,10\nL1,C,52.11,5.14,10\n");
        var problem = ProblemReader.Read(new ProblemFiles(youths, locations)).GetValueOrThrow();
        var errors = Errors(new PlacementEngine(TestProblems.Geography).Propose(problem, new PlacementOptions { PlanningDate = new DateOnly(2026, 12, 1) }));
        Assert.Contains(errors, e => e.StartsWith($"{locations}:4: id 'L1': is a duplicate location id (first on line 2).", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith($"{youths}:4: id 'Y1': is a duplicate youth id (first on line 2).", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("{\"youths\": [\n  {\"id\": \"Y1\", \"age\": 16, \"gender\": \"m\",\n   \"keepApart\": [\"Y2\"], \"keepApart\": []},\n  {\"id\": \"Y2\", \"age\": 16, \"gender\": \"m\"}],\n \"locations\": []}", "3: youths[0].keepApart")]
    [InlineData("{\"youths\": [], \"locations\": [],\n \"youths\": [{\"id\": \"Y1\", \"age\": 16, \"gender\": \"m\"}]}", "2: youths")]
    [InlineData("{\"youths\": [{\"id\": \"Y1\", \"age\": 16, \"gender\": \"m\"}, {\"id\": \"Y2\", \"age\": 16, \"gender\": \"m\",\n \"school\": {\"educationRegion\": \"MC19\", \"educationRegion\": \"MC20\"}}], \"locations\": []}", "2: youths[1].school.educationRegion")]
    public void Json_DuplicateKey_IsAnErrorNamingLineAndPath(string json, string where)
    {
        var path = WriteFile("problem.json", json);
        var error = Assert.Single(Errors(ProblemReader.ReadJson(path)));
        Assert.Equal($"{path}:{where}: is not valid JSON: this key appears twice in one object. Maybe the same field written twice? Keep one.", error);
    }

    [Fact]
    public void Json_DuplicateId_NamesTheFirstEntry()
    {
        var path = WriteFile("problem.json", """{"youths":[],"locations":[{"id":"L1","lat":52.1,"lon":5.1,"capacity":3},{"id":"L1","lat":52.1,"lon":5.1,"capacity":3}]}""");
        Assert.Contains($"{path}: locations[1].id 'L1': is a duplicate location id (first at locations[0]).", Errors(ProblemReader.ReadJson(path)));
    }

    private static List<string> Errors<T>(LoadResult<T> read)
        where T : class
    {
        Assert.False(read.Succeeded, "expected errors");
        return [.. read.Errors.Select(e => e.ToString())];
    }

    private static (string Youths, string Locations) Write(string youths, string locations)
    {
        var dir = TestData.TempDirectory();
        var y = Path.Combine(dir, "youths.csv");
        var l = Path.Combine(dir, "locations.csv");
        File.WriteAllText(y, youths);
        File.WriteAllText(l, locations);
        return (y, l);
    }

    private static string WriteFile(string name, string text)
    {
        var path = Path.Combine(TestData.TempDirectory(), name);
        File.WriteAllText(path, text);
        return path;
    }
}

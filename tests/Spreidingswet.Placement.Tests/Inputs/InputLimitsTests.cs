using System.Text;
using Spreidingswet.Placement.Inputs;
using Spreidingswet.Placement.Tests.Support;

namespace Spreidingswet.Placement.Tests.Inputs;

/// <summary>Issue 16, point 6 for CSV and JSON inputs: every limit of <see cref="InputLimits"/> is an error naming the limit and the file.</summary>
public sealed class InputLimitsTests
{
    [Fact]
    public void Csv_LineLongerThanTheLimit_IsAnErrorNamingTheLimitAndTheLine()
    {
        var path = Path.Combine(TestData.TempDirectory(), "youths.csv");
        File.WriteAllText(path, "id,age,gender,care_level\nY1,16,m,standard\n" + new string('a', InputLimits.MaxLineBytes + 1) + "\n");
        var error = Assert.Single(CsvTable.Read(path).Errors);
        Assert.Equal($"{path}:3: has a line longer than 1 MiB, the limit for a CSV line (InputLimits.MaxLineBytes). Maybe this is not a CSV file?", error.ToString());
    }

    [Fact]
    public void Csv_MoreRowsThanTheLimit_IsAnErrorNamingTheLimit()
    {
        var path = Path.Combine(TestData.TempDirectory(), "isk_seats.csv");
        var text = new StringBuilder("region_code,seats\n");
        text.Insert(text.Length, "R,1\n", InputLimits.MaxRows + 1);
        File.WriteAllText(path, text.ToString());
        var error = Assert.Single(CsvTable.Read(path).Errors);
        Assert.Equal($"{path}:{InputLimits.MaxRows + 2}: is beyond 1,000,000 rows, the limit for a CSV file (InputLimits.MaxRows). Maybe split the file?", error.ToString());
    }

    [Theory]
    [InlineData("youths.csv")]
    [InlineData("problem.json")]
    public void File_LargerThanTheLimit_IsAnErrorNamingTheLimit(string name)
    {
        var path = Path.Combine(TestData.TempDirectory(), name);
        using (var sparse = File.Create(path))
        {
            sparse.SetLength(InputLimits.MaxFileBytes + 1);
        }

        try
        {
            var errors = name.EndsWith(".csv", StringComparison.Ordinal) ? CsvTable.Read(path).Errors : ProblemReader.ReadJson(path).Errors;
            var error = Assert.Single(errors);
            Assert.Equal($"{path}: is larger than 256 MiB, the limit for an input file (InputLimits.MaxFileBytes). Maybe the wrong file, or a device such as /dev/zero?", error.ToString());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Json_MoreEntriesThanTheLimit_IsAnErrorNamingTheLimit()
    {
        var path = Path.Combine(TestData.TempDirectory(), "problem.json");
        var text = new StringBuilder("{\"locations\": [], \"youths\": [0");
        text.Insert(text.Length, ",0", InputLimits.MaxRows);
        File.WriteAllText(path, text.Append("]}").ToString());
        var error = Assert.Single(ProblemReader.ReadJson(path).Errors);
        Assert.Equal($"{path}: youths: has 1,000,001 entries, beyond 1,000,000, the limit (InputLimits.MaxRows).", error.ToString());
    }
}

using System.Text;
using Spreidingswet.Placement.Inputs;
using Spreidingswet.Placement.Tests.Support;

namespace Spreidingswet.Placement.Tests.Inputs;

public sealed class ArrivalsAndProblemTextTests
{
    [Fact]
    public void Arrivals_read_as_youths_and_a_current_location_or_a_bad_field_is_named_by_line()
    {
        var dir = TestData.TempDirectory();
        var good = Path.Combine(dir, "arrivals.csv");
        File.WriteAllText(good, "id,birth_date,gender,care_level,school_lat,school_lon\nA1,2010-05-01,m,standard,52.0907,5.1214\nA2,2011-02-11,f,standard,,\n");
        var read = ProblemReader.ReadArrivals(good);
        Assert.True(read.Succeeded, string.Join("\n", read.Errors));
        Assert.Equal(["A1", "A2"], read.Value!.Select(y => y.Id));
        Assert.NotNull(read.Value![0].School);
        Assert.Null(read.Value![1].School);

        var bad = Path.Combine(dir, "bad.csv");
        File.WriteAllText(bad, "id,birth_date,gender,care_level,current_location\nB1,2010-05-01,m,standard,L1\nB2,2010-05-01,m,nonsense,\n");
        var refused = ProblemReader.ReadArrivals(bad);
        Assert.False(refused.Succeeded);
        Assert.Contains(refused.Errors, e => e.File == bad && e.Line == 2 && e.Field == "current_location" && e.Value == "L1");
        Assert.Contains(refused.Errors, e => e.File == bad && e.Line == 3 && e.Field == "care_level" && e.Value == "nonsense");
    }

    [Fact]
    public void A_problem_written_as_json_reads_back_to_the_same_json()
    {
        var problem = SyntheticGenerator.Generate(new SyntheticSettings { Youths = 60, Locations = 8, Seed = 3 }, TestProblems.Geography);
        var json = ProblemWriter.ToJson(problem);
        var back = ProblemReader.ParseJson(Encoding.UTF8.GetBytes(json), "kept.json");
        Assert.True(back.Succeeded, string.Join("\n", back.Errors));
        Assert.Equal(json, ProblemWriter.ToJson(back.Value!));
        Assert.Equal(problem.Youths.Length, back.Value!.Youths.Length);
        Assert.True(back.Value.IsSynthetic);
        var broken = ProblemReader.ParseJson(Encoding.UTF8.GetBytes("{\"youths\": [{\"id\": 5}]}"), "kept.json");
        Assert.Contains(broken.Errors, e => e.File == "kept.json");
    }
}

using System.Text;
using Spreidingswet.Placement.Inputs;
using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Tests.Support;
using static Spreidingswet.Placement.Tests.Support.TestProblems;

namespace Spreidingswet.Placement.Tests.Views;

/// <summary>Issue 19, inputs: the views columns of youths.csv and fields of the problem JSON are read, checked and kept.</summary>
public sealed class ViewsInputTests
{
    private const string Locations = "id,name,lat,lon,capacity\nL1,A,52.09,5.12,10\nL2,B,52.10,5.13,10\n";
    private const string Header = "id,age,gender,care_level,current_location,earlier_moves,wish_location,wish_municipality,wish_region,wish_near_lat,wish_near_lon,views_heard_on,views_heard_by,moves_last_12_months";

    [Fact]
    public void Csv_ViewsColumns_AreRead()
    {
        var problem = Read($"{Header}\nY1,16,m,standard,L1,3,L2,GM0344,MC19,52.37,4.89,2026-11-20,M017,2\n").Value!;
        var y = problem.Youths.Single();
        Assert.Equal("L2", y.WishLocation);
        Assert.Equal("GM0344", y.WishMunicipality);
        Assert.Equal("MC19", y.WishRegion);
        var (lat, lon) = y.WishNear!.Value.ToWgs84();
        Assert.Equal(52.37, lat, 4);
        Assert.Equal(4.89, lon, 4);
        Assert.Equal(new DateOnly(2026, 11, 20), y.ViewsHeardOn);
        Assert.Equal("M017", y.ViewsHeardBy);
        Assert.Equal(2, y.MovesLast12Months);
        Assert.True(y.HasWish);
    }

    [Theory]
    [InlineData("Y1,16,m,standard,L1,3,,,,52.37,,,,", "wish_near_lon ''", "is empty while the other coordinate of wish_near is given")]
    [InlineData("Y1,16,m,standard,L1,3,,,,95,4.9,,,", "wish_near_lat '95'", "is out of range")]
    [InlineData("Y1,16,m,standard,L1,3,,,,,,20-11-2026,,", "views_heard_on '20-11-2026'", "is not a date in the form yyyy-mm-dd. Maybe 2026-11-20?")]
    [InlineData("Y1,16,m,standard,L1,3,,,,,,,,53", "moves_last_12_months '53'", "is out of range: it must lie between 0 and 52.")]
    [InlineData("Y1,16,m,standard,L1,3,,,,,,,,two", "moves_last_12_months 'two'", "is not a whole number.")]
    public void Csv_BadViewsCell_IsAnErrorNamingFileLineFieldAndValue(string row, string fieldAndValue, string message)
    {
        var read = Read($"{Header}\n{row}\n");
        var errors = read.Errors.Select(e => e.ToString()).ToList();
        Assert.Contains(errors, e => e.Contains($"youths.csv:2: {fieldAndValue}: {message}", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Y1,16,m,standard,L1,3,L9,,,,,,,", "wish_location 'L9'", "is not a location in locations.csv.")]
    [InlineData("Y1,16,m,standard,L1,3,,GM9999,,,,,,", "wish_municipality 'GM9999'", "is not a municipality of the loaded layer.")]
    [InlineData("Y1,16,m,standard,L1,3,,,MC99,,,,,", "wish_region 'MC99'", "is not an education region of the loaded layer.")]
    [InlineData("Y1,16,m,standard,L1,3,,,,,,2026-12-24,,", "views_heard_on '2026-12-24'", "lies after the planning date 2026-12-01.")]
    [InlineData("Y1,16,m,standard,L1,1,,,,,,,,2", "moves_last_12_months '2'", "is more than earlier_moves (1)")]
    public void Csv_ViewsReferenceOrDateThatDoesNotResolve_IsAnErrorNamingFileLineFieldAndValue(string row, string fieldAndValue, string message)
    {
        var read = Read($"{Header}\n{row}\n");
        Assert.True(read.Succeeded, string.Join("\n", read.Errors));
        var result = new PlacementEngine(TestProblems.Geography).Propose(read.Value!, new PlacementOptions { PlanningDate = Date });
        Assert.False(result.Succeeded);
        Assert.Contains(result.Errors.Select(e => e.ToString()), e => e.Contains($"youths.csv:2: {fieldAndValue}: {message}", StringComparison.Ordinal));
    }

    [Fact]
    public void Json_ViewsFields_RoundTrip()
    {
        var problem = Problem([Kid("Y1", current: "L1") with
        {
            WishLocation = "L2", WishMunicipality = Utrecht, WishRegion = "MC19", WishNear = In(Zeist),
            ViewsHeardOn = new DateOnly(2026, 11, 2), ViewsHeardBy = "M1", MovesLast12Months = 1, EarlierMoves = 2,
        }], [Loc("L1", Utrecht, 3), Loc("L2", Zeist, 3)]);
        var text = ProblemJson.Write(problem);
        var back = ProblemJson.Parse(Encoding.UTF8.GetBytes(text), "p.json").GetValueOrThrow();
        var y = back.Youths.Single();
        Assert.Equal(("L2", Utrecht, "MC19", new DateOnly(2026, 11, 2), "M1", 1), (y.WishLocation, y.WishMunicipality, y.WishRegion, y.ViewsHeardOn!.Value, y.ViewsHeardBy, y.MovesLast12Months!.Value));
        Assert.Equal(problem.Youths[0].WishNear, y.WishNear);
        Assert.Equal(text, ProblemJson.Write(back));
    }

    [Theory]
    [InlineData("\"wishNear\": {\"lat\": 52.1}", "youths[0].wishNear", "needs both lat and lon")]
    [InlineData("\"wishNear\": {\"lat\": 52.1, \"lon\": 200}", "youths[0].wishNear.lon '200'", "must be a number between -180 and 180.")]
    [InlineData("\"movesLast12Months\": -1", "youths[0].movesLast12Months '-1'", "must be a whole number between 0 and 52.")]
    [InlineData("\"viewsHeardOn\": \"2026/11/01\"", "youths[0].viewsHeardOn '2026/11/01'", "is not a date in the form yyyy-mm-dd.")]
    [InlineData("\"wish_location\": \"L1\"", "youths[0].wish_location:", "is not a known field. Maybe 'wishLocation'?")]
    public void Json_BadViewsField_IsAnErrorNamingThePathAndValue(string field, string where, string message)
    {
        var json = $"{{\"youths\": [{{\"id\": \"Y1\", \"age\": 16, \"gender\": \"m\", {field}}}], \"locations\": [{{\"id\": \"L1\", \"lat\": 52.09, \"lon\": 5.12, \"capacity\": 2}}]}}";
        var read = ProblemJson.Parse(Encoding.UTF8.GetBytes(json), "p.json");
        Assert.False(read.Succeeded);
        Assert.Contains(read.Errors.Select(e => e.ToString()), e => e.Contains(where, StringComparison.Ordinal) && e.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void Generator_Wishes_AboutHalfTheYouths_DeterministicBySeed_DefaultUnchanged()
    {
        var settings = new SyntheticSettings { Youths = 400, Locations = 30, Seed = 5 };
        var plain = SyntheticGenerator.Generate(settings, TestProblems.Geography);
        var a = SyntheticGenerator.AddViews(plain, 0.5, 5, TestProblems.Geography, settings.PlanningDate);
        var b = SyntheticGenerator.AddViews(SyntheticGenerator.Generate(settings, TestProblems.Geography), 0.5, 5, TestProblems.Geography, settings.PlanningDate);
        Assert.Equal(ProblemJson.Write(a), ProblemJson.Write(b));
        Assert.InRange(a.Youths.Count(y => y.HasWish), 160, 240);
        Assert.Same(plain, SyntheticGenerator.AddViews(plain, 0, 5, TestProblems.Geography, settings.PlanningDate));
        Assert.DoesNotContain("wish_location", SyntheticGenerator.YouthsCsvText(plain.Youths), StringComparison.Ordinal);
        Assert.Contains("wish_location", SyntheticGenerator.YouthsCsvText(a.Youths), StringComparison.Ordinal);

        // Everything but the views fields is the default instance's.
        Assert.Equal(ProblemJson.Write(plain), ProblemJson.Write(a with { Youths = [.. a.Youths.Select(y => y with { WishLocation = null, WishMunicipality = null, WishRegion = null, WishNear = null, ViewsHeardOn = null, ViewsHeardBy = null, MovesLast12Months = null })] }));

        // And the generated views resolve without errors.
        Assert.True(Resolver(a).Succeeded);
    }

    private static LoadResult<Placement.Preparation.ResolvedProblem> Resolver(PlacementProblem p)
        => Placement.Preparation.Resolver.Resolve(p, TestProblems.Geography, Date, 1, ViewsOptions.Default);

    private static LoadResult<PlacementProblem> Read(string youths)
    {
        var dir = TestData.TempDirectory();
        var y = Path.Combine(dir, "youths.csv");
        var l = Path.Combine(dir, "locations.csv");
        File.WriteAllText(y, youths);
        File.WriteAllText(l, Locations);
        return ProblemReader.Read(new ProblemFiles(y, l));
    }
}

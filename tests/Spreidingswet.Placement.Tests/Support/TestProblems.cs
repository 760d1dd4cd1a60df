using System.Collections.Immutable;
using Spreidingswet.Placement.Geography;
using Geo = Spreidingswet.Placement.Geography.RegionMap;
using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Preparation;

namespace Spreidingswet.Placement.Tests.Support;

/// <summary>Small problems built in code on the embedded default geography.</summary>
internal static class TestProblems
{
    public static readonly DateOnly Date = new(2026, 12, 1);

    public static Geo Geography { get; } = Geo.LoadDefault();

    /// <summary>A point inside a municipality (its facts-table interior point).</summary>
    public static GeoPoint In(string municipalityCode)
    {
        var f = MunicipalityFacts.All.Single(m => m.Code == municipalityCode);
        return GeoPoint.FromWgs84(f.InteriorLat, f.InteriorLon);
    }

    // Utrecht (MC19), Amersfoort (MC20? see facts), Groningen (MC03), Maastricht (MC39).
    public const string Utrecht = "GM0344";
    public const string Zeist = "GM0355";
    public const string Groningen = "GM0014";
    public const string Maastricht = "GM0935";

    public static Location Loc(string id, string municipality, int capacity, int minAge = 12, int maxAge = 17) =>
        new(id, id, In(municipality)) { Capacity = capacity, MinAge = minAge, MaxAge = maxAge, Type = "KWV" };

    public static Youth Kid(string id, int age = 16, string? current = null, string? school = null) => new(id)
    {
        Age = age,
        CurrentLocation = current,
        School = school is null ? null : new School(In(school), null),
    };

    public static PlacementProblem Problem(IEnumerable<Youth> youths, IEnumerable<Location> locations) =>
        new() { Youths = [.. youths], Locations = [.. locations] };

    public static Proposal Propose(PlacementProblem problem, Policy policy = Policy.EducationFirst, Weights? weights = null)
    {
        var engine = new PlacementEngine(Geography);
        var result = engine.Propose(problem, new PlacementOptions { Policy = policy, PlanningDate = Date, Weights = weights ?? Weights.Default, TimeLimit = TimeSpan.FromSeconds(30) });
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        return result.Value!;
    }

    public static ResolvedProblem Resolve(PlacementProblem problem, int seed = 1)
        => Resolver.Resolve(problem, Geography, Date, seed).GetValueOrThrow();

    public static string? LocationOf(Proposal proposal, string youth) => proposal.Assignments.SingleOrDefault(a => a.Youth == youth)?.Location;
}

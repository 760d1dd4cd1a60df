using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Scenarios;
using Spreidingswet.Placement.Tests.Support;

namespace Spreidingswet.Placement.Tests.Scenarios;

public sealed class ScenarioReaderTests
{
    internal static string Write(string dir, string text, string name = "scenario.json")
    {
        var path = Path.Combine(dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private const string DesignExample = """
        {
          "name": "Three KWVs close; 60 arrivals",
          "base": { "youths": "youths.csv", "locations": "locations.csv", "planningDate": "2026-12-01", "policy": "education-first" },
          "changes": [
            { "close": "L012", "from": "2026-12-15" },
            { "capacity": { "location": "L020", "delta": 10 } },
            { "capacity": { "location": "L021", "set": 0 } },
            { "open": { "id": "L900", "name": "KWV Zeist", "lat": 52.09, "lon": 5.23, "capacity": 20,
                        "minAge": 15, "maxAge": 17, "genders": ["m"], "careLevels": ["standard"], "type": "KWV" } },
            { "arrivals": { "generate": { "count": 60, "seed": 3 } } },
            { "pin": { "youth": "Y00017", "location": "L003" } },
            { "release": { "youth": "Y00018" } },
            { "weights": { "schoolTravel": 5 } },
            { "policy": "weighted" }
          ],
          "compare": ["education-first", "capacity-only", "weighted"]
        }
        """;

    private const string DesignExampleYaml = """
        name: Three KWVs close; 60 arrivals
        base:
          youths: youths.csv
          locations: locations.csv
          planningDate: "2026-12-01"
          policy: education-first
        changes:
          - close: L012
            from: "2026-12-15"
          - capacity: { location: L020, delta: 10 }
          - capacity: { location: L021, set: 0 }
          - open: { id: L900, name: KWV Zeist, lat: 52.09, lon: 5.23, capacity: 20, minAge: 15, maxAge: 17, genders: [m], careLevels: [standard], type: KWV }
          - arrivals: { generate: { count: 60, seed: 3 } }
          - pin: { youth: Y00017, location: L003 }
          - release: { youth: Y00018 }
          - weights: { schoolTravel: 5 }
          - policy: weighted
        compare: [education-first, capacity-only, weighted]
        """;

    private static string WithBaseFiles()
    {
        var dir = TestData.TempDirectory();
        File.WriteAllText(Path.Combine(dir, "youths.csv"), "id,age,gender,care_level\n");
        File.WriteAllText(Path.Combine(dir, "locations.csv"), "id,name,lat,lon,capacity\n");
        return dir;
    }

    [Fact]
    public void Read_DesignExample_EveryKindOfChangeInOrder()
    {
        var dir = WithBaseFiles();
        var read = ScenarioReader.Read(Write(dir, DesignExample));
        Assert.True(read.Succeeded, string.Join("\n", read.Errors));
        var s = read.Value!;
        Assert.Equal("Three KWVs close; 60 arrivals", s.Name);
        Assert.Equal(Path.Combine(dir, "youths.csv"), s.Base.Youths);
        Assert.Equal(new DateOnly(2026, 12, 1), s.Base.PlanningDate);
        Assert.Equal(
            [typeof(CloseLocation), typeof(ChangeCapacity), typeof(ChangeCapacity), typeof(OpenLocation), typeof(GenerateArrivals), typeof(PinYouth), typeof(ReleaseYouth), typeof(ChangeWeights), typeof(ChangePolicy)],
            s.Changes.Select(c => c.GetType()));
        Assert.Equal(new CloseLocation("L012", new DateOnly(2026, 12, 15)), s.Changes[0]);
        Assert.Equal(new ChangeCapacity("L021", Set: 0), s.Changes[2]);
        Assert.Equal(20, ((OpenLocation)s.Changes[3]).Location.Capacity);
        Assert.Equal([Policy.EducationFirst, Policy.CapacityOnly, Policy.Weighted], s.Compare.ToArray());
    }

    [Fact]
    public void Read_Yaml_GivesTheSameScenarioAsJson()
    {
        var dir = WithBaseFiles();
        var json = ScenarioReader.Read(Write(dir, DesignExample)).GetValueOrThrow();
        var yaml = ScenarioReader.Read(Write(dir, DesignExampleYaml, "scenario.yaml")).GetValueOrThrow();
        Assert.Equal(json.Name, yaml.Name);
        Assert.Equal(json.Base, yaml.Base);
        Assert.Equal(json.Compare.ToArray(), yaml.Compare.ToArray());
        Assert.Equal(json.Changes.Length, yaml.Changes.Length);
        for (var i = 0; i < json.Changes.Length; i++)
        {
            // Records compare by value; the open location holds arrays, so compare their descriptions there.
            Assert.Equal(json.Changes[i].Describe(), yaml.Changes[i].Describe());
        }

        Assert.Equal(((OpenLocation)json.Changes[3]).Location.Genders.ToArray(), ((OpenLocation)yaml.Changes[3]).Location.Genders.ToArray());
    }

    [Fact]
    public void Read_Mistakes_AllReportedWithChangeAndField()
    {
        var dir = TestData.TempDirectory();
        var read = ScenarioReader.Read(Write(dir, """
            {
              "base": { "youths": "missing.csv", "locations": "missing-too.csv", "polcy": "x" },
              "changes": [
                { "close": "L1", "capacity": { "location": "L1", "delta": 1 } },
                { "capacity": { "location": "L1", "delta": 1, "set": 3 } },
                { "arrivals": { "file": "arrivals.csv" } },
                { "pin": { "youth": "Y1" } },
                { "teleport": "Y1" },
                { "policy": "fastest" }
              ],
              "compare": ["education-first", "cheapest"]
            }
            """));
        Assert.False(read.Succeeded);
        var errors = read.Errors;
        Assert.Contains(errors, e => e.Field == "base.youths" && e.Value == "missing.csv" && e.Message.Contains("not found", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Field == "base.polcy" && e.Hint!.Contains("policy", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Field == "changes[0]" && e.Message.Contains("2 changes", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Field == "changes[1].capacity" && e.Message.Contains("exactly one of delta", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Field == "changes[2].arrivals.file" && e.Value == "arrivals.csv");
        Assert.Contains(errors, e => e.Field == "changes[3].pin.location" && e.Message.Contains("missing", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Field == "changes[4]" && e.Message.Contains("no change", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Field == "changes[5].policy" && e.Value == "fastest");
        Assert.Contains(errors, e => e.Field == "compare" && e.Value == "cheapest");
    }

    [Fact]
    public void Read_InvalidJsonOrYaml_NamesTheLine()
    {
        var dir = TestData.TempDirectory();
        var json = ScenarioReader.Read(Write(dir, "{\n \"base\": {\n  \"demo\": tru\n}"));
        Assert.True(Assert.Single(json.Errors).Line >= 3);
        var yaml = ScenarioReader.Read(Write(dir, "base:\n  demo: true\n changes: [\n", "bad.yml"));
        Assert.Contains("YAML", Assert.Single(yaml.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_MissingFile_IsAnError()
        => Assert.Contains("not found", Assert.Single(ScenarioReader.Read("/nonexistent/scenario.json").Errors).Message, StringComparison.Ordinal);
}

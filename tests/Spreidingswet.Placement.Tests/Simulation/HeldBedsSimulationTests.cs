using System.Collections.Immutable;
using Spreidingswet.Placement.Geography;
using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Simulation;

namespace Spreidingswet.Placement.Tests.Simulation;

/// <summary>The reservations' held beds in the simulation against the hard rules of the batch.</summary>
public sealed class HeldBedsSimulationTests
{
    [Fact]
    public void APairKeptApart_NeverSharesOneRealLocation_ThroughAHeldCopy_OrWhenOneIsPlacedAfterWaiting()
    {
        // One location of 3 beds in Utrecht; two arrivals in the first week who must be kept apart, one
        // going to school in the location's region. The forecast expects nobody, so the reservations hold
        // one bed (the school-going arrival's) as the copy L~held: the engine sees L and L~held as two
        // locations and could put the pair in both, which is one real location. The one left waiting must
        // not join the other later either (its partner is then a resident, not in the batch): in every
        // policy it waits, as the only location holds its partner.
        var geo = SimulationTests.Geo;
        var point = GeoPoint.FromWgs84(52.0907, 5.1214);
        var region = geo.Lookup(point).EducationRegion!.Code;
        var start = new DateOnly(2027, 1, 4);
        var location = new Location("L1", "Utrecht", point) { Capacity = 3, MinAge = 12, MaxAge = 17 };
        var input = new SimulationInput
        {
            Start = new PlacementProblem { Youths = [], Locations = [location], IsSynthetic = true },
            Arrivals =
            [
                new Youth("A1") { BirthDate = new DateOnly(2012, 3, 1), School = new School(null, region), KeepApart = ["A2"], ArrivedOn = start },
                new Youth("A2") { BirthDate = new DateOnly(2012, 5, 1), KeepApart = ["A1"], ArrivedOn = start },
            ],
            Forecast = new ArrivalForecast([.. Enumerable.Range(0, 4).Select(_ => ImmutableSortedDictionary.Create<string, double>(StringComparer.Ordinal).Add(region, 0))]),
        };
        var settings = new SimulationSettings { Periods = 4, Seed = 1, KeepSituations = true, LeaveRatePerWeek = 0, Policies = [SimulationPolicy.EducationFirst, SimulationPolicy.Reservations] };

        var result = new PlacementSimulator(new PlacementEngine(geo), geo).Run(input, settings).GetValueOrThrow();

        Assert.Equal(2, result.Policies.Length);
        foreach (var run in result.Policies)
        {
            var first = run.Situations[0];
            Assert.Equal(1, new[] { "A1", "A2" }.Count(first.Residents.ContainsKey));
            Assert.Single(first.Waiting);
            foreach (var situation in run.Situations)
            {
                Assert.False(situation.Residents.TryGetValue("A1", out var a) && situation.Residents.TryGetValue("A2", out var b) && a == b,
                    $"{run.Policy}, period {situation.Period}: the pair kept apart shares {a}");
                Assert.Single(situation.Waiting);
            }
        }
    }
}

using Spreidingswet.Placement.Simulation;

namespace Spreidingswet.Placement.Tests.Simulation;

/// <summary>The expected demand of the look-ahead plan: the forecast's school-going arrivals spread over the profiles seen.</summary>
public sealed class ReservationDemandTests
{
    [Fact]
    public void CappedProfiles_KeepTheForecastsArrivalsPerRegionAndPeriod_InAtMostThatManyProfiles()
    {
        var input = SimulationTests.SmallInput();
        var t = new Timeline(input, SimulationTests.Small, SimulationTests.Geo);
        var demand = new ReservationDemand(t, input.Forecast);
        var seen = Enumerable.Range(0, 6).SelectMany(p => t.ArrivalsAt[p].Select(a => (a, p))).ToList();
        var residents = input.Start.Youths.ToDictionary(y => y.Id, y => y.CurrentLocation!, StringComparer.Ordinal);

        var all = demand.Expected(6, residents, seen, [], everyRegion: true, expectOthers: false);
        var capped = demand.Expected(6, residents, seen, [], everyRegion: true, expectOthers: false, maxProfiles: 2);

        var perCell = (List<LookaheadPlan.Demand> d) => d.GroupBy(x => (x.School, x.Ready)).ToDictionary(g => g.Key, g => (Count: g.Count(), Sum: g.Sum(x => x.Count)));
        var full = perCell(all);
        var two = perCell(capped);
        Assert.True(full.Values.Max(v => v.Count) > 2, "the stream has too few profiles for the cap to bite");
        Assert.Equal(full.Keys.Order().ToList(), two.Keys.Order().ToList());
        foreach (var (cell, v) in two)
        {
            Assert.InRange(v.Count, 1, 2);
            Assert.Equal(input.Forecast!.Expected(cell.School!, cell.Ready, 1), v.Sum, 9);
            Assert.Equal(full[cell].Sum, v.Sum, 9);
        }

        Assert.All(all.Concat(capped), d => Assert.True(d.OwnRegionOnly && d.School is not null));
    }
}

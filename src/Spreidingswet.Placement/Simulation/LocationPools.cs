using System.Globalization;
using Spreidingswet.Placement.Model;

namespace Spreidingswet.Placement.Simulation;

/// <summary>
/// The pools of the time-expanded models (the hindsight, the reservations' look-ahead plan): the
/// locations that take youths from period <c>from</c> on or later (none with an announced closure), alike
/// ones together (same region, ages, genders, care levels, tags and first period; or each location its
/// own pool), with per pool and period the free beds over its members.
/// </summary>
internal sealed class LocationPools
{
    private readonly Timeline _t;

    private LocationPools(Timeline t, int from, List<List<int>> members)
    {
        _t = t;
        From = from;
        Members = members;
        Region = [.. members.Select(m => t.Region[m[0]])];
    }

    /// <summary>The first period modelled.</summary>
    public int From { get; }

    /// <summary>Per pool the location indices in it.</summary>
    public List<List<int>> Members { get; }

    /// <summary>Per pool its education region.</summary>
    public string[] Region { get; }

    public int Count => Members.Count;

    /// <summary>Builds the pools from period <paramref name="from"/> on; <paramref name="pool"/> false: each location its own pool.</summary>
    public static LocationPools Build(Timeline t, int from, bool pool = true)
    {
        var keys = new Dictionary<string, int>(StringComparer.Ordinal);
        var members = new List<List<int>>();
        for (var l = 0; l < t.Locations.Length; l++)
        {
            if (t.ClosePeriod[l] != int.MaxValue || t.OpenPeriod[l] >= t.Periods)
            {
                continue;
            }

            var loc = t.Locations[l];
            var key = pool
                ? string.Create(CultureInfo.InvariantCulture, $"{t.Region[l]}|{loc.MinAge}|{loc.MaxAge}|{string.Join(';', loc.Genders.Order())}|{string.Join(';', loc.CareLevels.Order())}|{string.Join(';', loc.Tags.Order(StringComparer.Ordinal))}|{Math.Max(from, t.OpenPeriod[l])}")
                : loc.Id;
            if (!keys.TryGetValue(key, out var k))
            {
                keys[key] = k = members.Count;
                members.Add([]);
            }

            members[k].Add(l);
        }

        return new LocationPools(t, from, members);
    }

    /// <summary>Per pool and period from <see cref="From"/> (index 0) to the horizon's end, the beds of its open members less those <paramref name="taken"/> (location, period) holds, at least 0 per location.</summary>
    public double[][] Free(Func<int, int, double> taken)
    {
        var free = new double[Count][];
        for (var k = 0; k < Count; k++)
        {
            free[k] = new double[_t.Periods - From];
            foreach (var l in Members[k])
            {
                for (var q = Math.Max(From, _t.OpenPeriod[l]); q < _t.Periods; q++)
                {
                    free[k][q - From] += Math.Max(0, _t.Capacity[l][q] - taken(l, q));
                }
            }
        }

        return free;
    }

    /// <summary>
    /// The occupancy rows of a time-expanded LP: per pool and period a variable occ[k,t] between 0 and
    /// <paramref name="free"/>(k, t) and a row occ[k,t] - occ[k,t-1] = 0, to which the caller adds each
    /// placement with -1 at its ready period and +1 at its departure (a running sum of the present).
    /// </summary>
    public static Google.OrTools.LinearSolver.Constraint[,] OccupancyRows(Google.OrTools.LinearSolver.Solver solver, int pools, int periods, Func<int, int, double> free)
    {
        var rows = new Google.OrTools.LinearSolver.Constraint[pools, periods];
        for (var k = 0; k < pools; k++)
        {
            Google.OrTools.LinearSolver.Variable? previous = null;
            for (var q = 0; q < periods; q++)
            {
                var occ = solver.MakeNumVar(0, free(k, q), "");
                var flow = rows[k, q] = solver.MakeConstraint(0, 0);
                flow.SetCoefficient(occ, 1);
                if (previous is not null)
                {
                    flow.SetCoefficient(previous, -1);
                }

                previous = occ;
            }
        }

        return rows;
    }

    /// <summary>The pools a youth may use from period <paramref name="ready"/> at age <paramref name="age"/>: open by then, its age, gender, care level and needs, not every member excluded; only in <paramref name="region"/> when given.</summary>
    public int[] Eligible(Youth y, int ready, int age, string? region = null)
        => [.. Enumerable.Range(0, Count).Where(k =>
        {
            var first = Members[k][0];
            var loc = _t.Locations[first];
            return (region is null || Region[k] == region) && Math.Max(From, _t.OpenPeriod[first]) <= ready && age >= loc.MinAge && age <= loc.MaxAge
                && loc.Accepts(y.Gender) && loc.Offers(y.CareLevel) && y.Needs.All(x => loc.Tags.Contains(x)) && Members[k].Any(l => !y.ExcludeLocations.Contains(_t.Locations[l].Id));
        })];
}

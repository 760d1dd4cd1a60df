using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text.Json;
using Spreidingswet.Placement.Geography;
using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Preparation;

namespace Spreidingswet.Placement;

/// <summary>
/// A proposal with a forecast (<see cref="PlacementOptions.Forecast"/>): per education region the forecast
/// names, the beds to hold now are the largest shortfall over the forecast's weeks after the planning
/// date of the beds its residents free by turning 18 (known from their birth dates) against the
/// school-going arrivals expected by then, plus the region's own school-going youths of this proposal
/// who need a bed, at most the region's free beds, in its locations with the most free beds first.
/// They are held as location copies (<see cref="HeldBeds"/>) only the region's school-going youths and
/// their siblings may take; when holding leaves more youths unplaced than holding none, half the holds
/// are tried, then none. The proposal names the real locations.
/// </summary>
internal static class ForecastPlanning
{
    public delegate LoadResult<Proposal> Solve(PlacementProblem problem, PlacementOptions options, IProgress<PlacementProgress>? progress);

    public static LoadResult<Proposal> Propose(PlacementProblem problem, PlacementOptions options, RegionMap geography, TimeProvider time, Solve solve, IProgress<PlacementProgress>? progress)
    {
        var forecast = options.Forecast!;
        var plainOptions = options with { Forecast = null };
        var info = new ForecastRun
        {
            File = forecast.File is null ? null : Path.GetFileName(forecast.File),
            Sha256 = forecast.Sha256 ?? Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(forecast.Weeks))),
            Rows = forecast.Weeks.Length,
            Applied = "full",
            HeldPerRegion = ImmutableSortedDictionary<string, int>.Empty.WithComparers(StringComparer.Ordinal),
            TakenPerRegion = ImmutableSortedDictionary<string, int>.Empty.WithComparers(StringComparer.Ordinal),
        };
        if (options.Policy == Policy.CapacityOnly)
        {
            var baseline = solve(problem, plainOptions, progress);
            return baseline.Value is { } b
                ? With(b, info with { Applied = "ignored" }, "capacity-only ignores the forecast (today's practice holds no beds): nothing was held.")
                : baseline;
        }

        var date = options.PlanningDate ?? DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var resolved = Resolver.Resolve(problem, geography, date, options.Seed, options.Views);
        if (resolved.Value is not { } r)
        {
            return solve(problem, plainOptions, progress);
        }

        var locationRegion = r.Locations.Select(l => l.EducationRegion?.Code).ToArray();
        var youthRegion = r.Youths.Select(y => y.SchoolRegion).ToArray();
        var holds = Holds(r, forecast, date);
        if (holds.Count == 0)
        {
            var none = solve(problem, plainOptions, progress);
            return none.Value is { } n ? With(n, info, null) : none;
        }

        var first = solve(HeldBeds.Apply(problem, holds, locationRegion, youthRegion), plainOptions, progress);
        if (first.Value is not { } proposal)
        {
            return first;
        }

        var used = holds;
        var applied = "full";
        if (proposal.Unplaced.Length > 0 || !HeldBeds.KeepsApart(problem, HeldBeds.MapBack(proposal, Copies(problem, holds))))
        {
            // Holding beds must never leave a youth without one: compare with holding none, and if that
            // places more, with half the holds (kept when it places as many).
            var plain = solve(problem, plainOptions, null).Value!;
            if (plain.Unplaced.Length < proposal.Unplaced.Length || !HeldBeds.KeepsApart(problem, HeldBeds.MapBack(proposal, Copies(problem, holds))))
            {
                var half = holds.Where(kv => kv.Value / 2 > 0).ToDictionary(kv => kv.Key, kv => kv.Value / 2);
                var third = half.Count > 0 ? solve(HeldBeds.Apply(problem, half, locationRegion, youthRegion), plainOptions, null).Value : null;
                (proposal, used, applied) = third is not null && third.Unplaced.Length <= plain.Unplaced.Length && HeldBeds.KeepsApart(problem, HeldBeds.MapBack(third, Copies(problem, half)))
                    ? (third, half, "half")
                    : (plain, [], "none");
            }
        }

        var regionOf = r.Locations.ToDictionary(l => l.Location.Id, l => l.EducationRegion?.Code, StringComparer.Ordinal);
        var taken = proposal.Assignments.Where(a => HeldBeds.IsCopy(a.Location))
            .GroupBy(a => regionOf[HeldBeds.Base(a.Location)]!, StringComparer.Ordinal)
            .ToImmutableSortedDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var held = used.GroupBy(kv => locationRegion[kv.Key]!, StringComparer.Ordinal).ToImmutableSortedDictionary(g => g.Key, g => g.Sum(kv => kv.Value), StringComparer.Ordinal);
        var mapped = HeldBeds.MapBack(proposal, Copies(problem, used));
        return With(mapped, info with { Applied = applied, HeldPerRegion = held, TakenPerRegion = taken }, null);
    }

    private static IEnumerable<string> Copies(PlacementProblem problem, IReadOnlyDictionary<int, int> holds)
        => holds.Where(kv => kv.Value > 0).Select(kv => problem.Locations[kv.Key].Id + HeldBeds.Suffix);

    private static LoadResult<Proposal> With(Proposal proposal, ForecastRun info, string? warning)
    {
        var p = proposal with
        {
            Run = proposal.Run with { Forecast = info },
            Warnings = warning is null ? proposal.Warnings : [.. proposal.Warnings, warning],
        };
        return LoadResult<Proposal>.Success(p, p.Warnings);
    }

    /// <summary>Beds to hold per location index (see the class).</summary>
    internal static Dictionary<int, int> Holds(ResolvedProblem r, DemandForecast forecast, DateOnly date)
    {
        var occupants = new int[r.Locations.Length];
        foreach (var y in r.Youths.Where(y => y.CurrentLocation >= 0))
        {
            occupants[y.CurrentLocation]++;
        }

        var free = new Dictionary<int, int>();
        foreach (var l in r.Locations.Where(l => !l.Closed && l.EducationRegion is not null && l.Beds - occupants[l.Index] > 0))
        {
            free[l.Index] = l.Beds - occupants[l.Index];
        }

        var holds = new Dictionary<int, int>();
        foreach (var region in forecast.Weeks.Select(w => w.EducationRegion).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            var weeks = forecast.Weeks.Where(w => w.EducationRegion == region && w.WeekStart > date).OrderBy(w => w.WeekStart).ToList();
            if (weeks.Count == 0)
            {
                continue;
            }

            // The residents of the region's open locations who turn 18 after the planning date free their beds then.
            var turning18 = r.Youths.Where(y => y.CurrentLocation >= 0 && !r.Locations[y.CurrentLocation].Closed
                    && r.Locations[y.CurrentLocation].EducationRegion?.Code == region && y.Youth.BirthDate is not null)
                .Select(y => y.Youth.BirthDate!.Value.AddYears(18)).Where(d => d > date).ToList();
            var shortfall = 0.0;
            var expected = 0.0;
            foreach (var w in weeks)
            {
                expected += w.SchoolGoingArrivals;
                var freed = turning18.Count(d => d <= w.WeekStart.AddDays(6));
                shortfall = Math.Max(shortfall, expected - freed);
            }

            if (shortfall <= 1e-9)
            {
                continue;
            }

            // The region's own school-going youths of this proposal who need a bed (no current one, or
            // theirs closes) may take held beds now: held on top, as the reservations do.
            var own = r.Youths.Count(y => y.SchoolRegion == region && (y.CurrentLocation < 0 || r.Locations[y.CurrentLocation].Closed));
            var need = (int)Math.Ceiling(shortfall - 1e-9) + own;
            Preparation.HeldBeds.Spread(holds, free.Where(kv => r.Locations[kv.Key].EducationRegion!.Code == region), need);
        }

        return holds;
    }
}

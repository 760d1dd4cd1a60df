using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text.Json;
using Spreidingswet.Placement.Geography;
using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Preparation;

namespace Spreidingswet.Placement;

/// <summary>
/// A proposal with a forecast (<see cref="PlacementOptions.Forecast"/>): the reservations' look-ahead plan
/// (<see cref="Simulation.ForecastPlan"/>) over the forecast's weeks decides, per location of a forecast
/// region, which of this proposal's youths may take its free beds and how many; the rest is kept free for
/// the school-going arrivals expected there. The beds are held as location copies (<see cref="HeldBeds"/>);
/// when holding leaves more youths unplaced than holding none, half the beds kept free are opened to
/// everyone, then none are held. The proposal names the real locations.
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

        var holds = Simulation.ForecastPlan.Solve(problem, r, forecast, date, geography, options.Seed);
        if (holds.Count == 0)
        {
            var none = solve(problem, plainOptions, progress);
            return none.Value is { } n ? With(n, info, null) : none;
        }

        Func<Simulation.ForecastPlan.Hold, int> full = h => h.Spare;
        Func<Simulation.ForecastPlan.Hold, int> half = h => h.Spare + ((h.Free - h.Offered - h.Spare) / 2);
        var first = solve(HeldBeds.Apply(problem, holds, full), plainOptions, progress);
        if (first.Value is not { } proposal)
        {
            return first;
        }

        var copies = holds.Keys.Select(l => problem.Locations[l].Id + HeldBeds.Suffix).ToList();
        var open = full;
        var applied = "full";
        if (proposal.Unplaced.Length > 0 || !HeldBeds.KeepsApart(problem, HeldBeds.MapBack(proposal, copies)))
        {
            // Holding beds must never leave a youth without one: compare with holding none, and if that
            // places more, with half the beds kept for the expected arrivals opened to all (kept when it places as many).
            var unheld = solve(problem, plainOptions, null);
            if (unheld.Value is not { } plain)
            {
                return unheld;
            }

            if (plain.Unplaced.Length < proposal.Unplaced.Length || !HeldBeds.KeepsApart(problem, HeldBeds.MapBack(proposal, copies)))
            {
                var third = holds.Values.Any(h => half(h) > full(h)) ? solve(HeldBeds.Apply(problem, holds, half), plainOptions, null).Value : null;
                (proposal, open, applied) = third is not null && third.Unplaced.Length <= plain.Unplaced.Length && HeldBeds.KeepsApart(problem, HeldBeds.MapBack(third, copies))
                    ? (third, half, "half")
                    : (plain, h => h.Free, "none");
            }
        }

        var regionOf = r.Locations.Select(l => l.EducationRegion?.Code ?? "").ToArray();
        var byId = r.Locations.ToDictionary(l => l.Location.Id, l => l.Index, StringComparer.Ordinal);
        var taken = proposal.Assignments.Where(a => HeldBeds.IsCopy(a.Location))
            .GroupBy(a => regionOf[byId[HeldBeds.Base(a.Location)]], StringComparer.Ordinal)
            .ToImmutableSortedDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var held = holds.Where(kv => kv.Value.Free - open(kv.Value) > 0).GroupBy(kv => regionOf[kv.Key], StringComparer.Ordinal)
            .ToImmutableSortedDictionary(g => g.Key, g => g.Sum(kv => kv.Value.Free - open(kv.Value)), StringComparer.Ordinal);
        var mapped = HeldBeds.MapBack(proposal, copies);
        return With(mapped, info with { Applied = applied, HeldPerRegion = held, TakenPerRegion = taken }, null);
    }

    private static LoadResult<Proposal> With(Proposal proposal, ForecastRun info, string? warning)
    {
        var p = proposal with
        {
            Run = proposal.Run with { Forecast = info },
            Warnings = warning is null ? proposal.Warnings : [.. proposal.Warnings, warning],
        };
        return LoadResult<Proposal>.Success(p, p.Warnings);
    }
}

using System.Collections.Immutable;
using Spreidingswet.Placement.Model;

namespace Spreidingswet.Placement.Preparation;

/// <summary>
/// Beds held by a look-ahead plan (<see cref="Simulation.ForecastPlan"/>), as location copies: the location
/// keeps the beds open to everyone (the held ones counted reserved), and a copy, id <c>ID~held</c>, with the
/// beds the plan offers, that every youth the plan does not place there excludes (the rest stays free for
/// the expected arrivals). Used by a proposal with a forecast, which maps its proposal back to the real
/// locations (<see cref="MapBack"/>); the simulation shares <see cref="KeepsApart(IEnumerable{Youth}, Proposal)"/>.
/// </summary>
internal static class HeldBeds
{
    /// <summary>Suffix of the location copies with the beds a plan offers to the youths it places there.</summary>
    public const string Suffix = "~held";

    /// <summary>The real location of an id (a copy's original; any other id itself).</summary>
    public static string Base(string location) => location.EndsWith(Suffix, StringComparison.Ordinal) ? location[..^Suffix.Length] : location;

    /// <summary>True for a copy's id.</summary>
    public static bool IsCopy(string location) => location.EndsWith(Suffix, StringComparison.Ordinal);

    /// <summary>
    /// The problem with a look-ahead plan's holds (<see cref="Simulation.ForecastPlan"/>): each holding location
    /// (by index) keeps <paramref name="open"/> of its free beds for everyone and reserves the rest; its copy
    /// (appended after the locations, in their order) has the offered beds, and every youth the plan does
    /// not allow there excludes it.
    /// </summary>
    public static PlacementProblem Apply(PlacementProblem problem, IReadOnlyDictionary<int, Simulation.ForecastPlan.Hold> holds, Func<Simulation.ForecastPlan.Hold, int> open)
    {
        var locations = new List<Location>(problem.Locations.Length + holds.Count);
        var copies = new List<(Location Copy, ImmutableHashSet<int> Allowed)>();
        for (var l = 0; l < problem.Locations.Length; l++)
        {
            var loc = problem.Locations[l];
            if (!holds.TryGetValue(l, out var hold))
            {
                locations.Add(loc);
                continue;
            }

            var keep = Math.Clamp(open(hold), 0, hold.Free);
            locations.Add(loc with { Reserved = loc.Reserved + hold.Free - keep });
            var offered = Math.Min(hold.Offered, hold.Free - keep);
            if (offered > 0)
            {
                copies.Add((loc with { Id = loc.Id + Suffix, Capacity = offered, Reserved = 0 }, hold.Allowed));
            }
        }

        locations.AddRange(copies.Select(c => c.Copy));
        var youths = problem.Youths.Select((y, i) => y with
        {
            ExcludeLocations = [.. y.ExcludeLocations, .. copies.Where(c => !c.Allowed.Contains(i)).Select(c => c.Copy.Id)],
        });
        return problem with { Youths = [.. youths], Locations = [.. locations] };
    }

    /// <summary>
    /// The proposal over the real locations: assignments at a copy are at its location, alternatives
    /// at a copy that the youth may not take are left out, the others named by their location (once,
    /// never the assigned one), and every text that names a copy names its location.
    /// </summary>
    public static Proposal MapBack(Proposal proposal, IEnumerable<string> copyIds)
    {
        var ids = copyIds.OrderByDescending(c => c.Length).ThenBy(c => c, StringComparer.Ordinal).ToList();
        if (ids.Count == 0)
        {
            return proposal;
        }

        string Fix(string s)
        {
            foreach (var id in ids)
            {
                s = s.Replace(id, Base(id), StringComparison.Ordinal);
            }

            return s;
        }

        string? FixN(string? s) => s is null ? null : Fix(s);
        BestInterests? FixBest(BestInterests? b) => b is null ? null : b with
        {
            Statement = Fix(b.Statement),
            Claims = [.. b.Claims.Select(c => c with { Wanted = FixN(c.Wanted), Got = FixN(c.Got), Because = c.Because is { } because ? [.. because.Select(Fix)] : null })],
        };

        var assignments = proposal.Assignments.Select(a =>
        {
            var location = Base(a.Location);
            var seen = new HashSet<string>(StringComparer.Ordinal) { location };
            var alternatives = a.Alternatives.Where(x => !(IsCopy(x.Location) && x.BlockedBy.Length > 0))
                .Select(x => x with { Location = Base(x.Location), BlockedBy = [.. x.BlockedBy.Select(Fix)] })
                .Where(x => seen.Add(x.Location));
            return a with { Location = location, Alternatives = [.. alternatives], BestInterests = FixBest(a.BestInterests) };
        });
        var unplaced = proposal.Unplaced.Select(u => u with
        {
            Reasons = [.. u.Reasons.Select(r => r with { Text = Fix(r.Text) })],
            BestInterests = FixBest(u.BestInterests),
        });
        return proposal with { Assignments = [.. assignments], Unplaced = [.. unplaced], Warnings = [.. proposal.Warnings.Select(Fix)] };
    }

    /// <summary>Youth pairs to be kept apart that a mapped proposal puts in one real location (one of them in a copy): the holds must then go.</summary>
    public static bool KeepsApart(PlacementProblem problem, Proposal mapped) => KeepsApart(problem.Youths, mapped);

    /// <summary>Whether a proposal, mapped back or still naming copies, keeps every pair of the youths to be kept apart in different real locations.</summary>
    public static bool KeepsApart(IEnumerable<Youth> youths, Proposal proposal)
    {
        var at = proposal.Assignments.ToDictionary(a => a.Youth, a => Base(a.Location), StringComparer.Ordinal);
        return !youths.Any(y => at.TryGetValue(y.Id, out var l) && y.KeepApart.Any(o => at.TryGetValue(o, out var m) && m == l));
    }
}

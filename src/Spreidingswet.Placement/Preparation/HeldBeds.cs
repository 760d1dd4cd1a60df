using System.Collections.Immutable;
using Spreidingswet.Placement.Model;

namespace Spreidingswet.Placement.Preparation;

/// <summary>
/// Beds held for an education region's school-going youths, as location copies: the location keeps
/// its other beds (the held ones counted reserved), and a copy with the held beds, id
/// <c>ID~held</c>, that every youth who is not school-going in the region excludes, but for the siblings
/// of one who is. Used by a proposal with a forecast, which maps its proposal back to the real
/// locations (<see cref="MapBack"/>); the simulation shares <see cref="KeepsApart(IEnumerable{Youth}, Proposal)"/>.
/// </summary>
internal static class HeldBeds
{
    /// <summary>Suffix of the location copies that hold beds for a region's school-going youths.</summary>
    public const string Suffix = "~held";

    /// <summary>The real location of an id (a copy's original; any other id itself).</summary>
    public static string Base(string location) => location.EndsWith(Suffix, StringComparison.Ordinal) ? location[..^Suffix.Length] : location;

    /// <summary>True for a copy's id.</summary>
    public static bool IsCopy(string location) => location.EndsWith(Suffix, StringComparison.Ordinal);

    /// <summary>
    /// Adds up to <paramref name="need"/> held beds to <paramref name="holds"/> (location index to beds)
    /// over the locations in <paramref name="regionFree"/> (location index to free beds), the location
    /// with the most free beds first (ties by index), never more than a location's free beds.
    /// </summary>
    public static void Spread(Dictionary<int, int> holds, IEnumerable<KeyValuePair<int, int>> regionFree, int need)
    {
        var remaining = regionFree.ToDictionary(kv => kv.Key, kv => kv.Value);
        while (need > 0 && remaining.Values.Any(v => v > 0))
        {
            var best = remaining.Where(kv => kv.Value > 0).OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key).First().Key;
            remaining[best]--;
            holds[best] = holds.GetValueOrDefault(best) + 1;
            need--;
        }
    }

    /// <summary>
    /// The problem with the holds: each holding location (by index) with the held beds reserved, and its
    /// copy (appended after the locations, in their order) with them free; youths whose school region
    /// (by youth index; null: not school-going) is not the location's region exclude the copy, unless a
    /// member of their sibling group goes to school there (the group is placed together).
    /// </summary>
    public static PlacementProblem Apply(PlacementProblem problem, IReadOnlyDictionary<int, int> holds, IReadOnlyList<string?> locationRegion, IReadOnlyList<string?> youthSchoolRegion)
    {
        var locations = new List<Location>(problem.Locations.Length + holds.Count);
        var copies = new List<Location>();
        var copiesPerRegion = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        for (var l = 0; l < problem.Locations.Length; l++)
        {
            var loc = problem.Locations[l];
            var hold = holds.GetValueOrDefault(l);
            if (hold <= 0 || locationRegion[l] is not { } region)
            {
                locations.Add(loc);
                continue;
            }

            locations.Add(loc with { Reserved = loc.Reserved + hold });
            copies.Add(loc with { Id = loc.Id + Suffix, Capacity = hold, Reserved = 0 });
            (copiesPerRegion.TryGetValue(region, out var list) ? list : copiesPerRegion[region] = []).Add(loc.Id + Suffix);
        }

        locations.AddRange(copies);

        // A sibling group is placed together: each member may take the held beds of every region one of them goes to school in.
        var groupRegions = problem.Youths.Select((y, i) => (y.SiblingGroup, Region: youthSchoolRegion[i]))
            .Where(x => x.SiblingGroup is not null && x.Region is not null)
            .ToLookup(x => x.SiblingGroup!, x => x.Region!, StringComparer.Ordinal);
        var youths = problem.Youths.Select((y, i) => y with
        {
            ExcludeLocations = [.. y.ExcludeLocations, .. copiesPerRegion
                .Where(kv => kv.Key != youthSchoolRegion[i] && !(y.SiblingGroup is { } g && groupRegions[g].Contains(kv.Key, StringComparer.Ordinal)))
                .SelectMany(kv => kv.Value)],
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

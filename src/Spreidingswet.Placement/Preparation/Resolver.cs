using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Spreidingswet.Placement.Geography;
using Spreidingswet.Placement.Inputs;
using Spreidingswet.Placement.Model;

namespace Spreidingswet.Placement.Preparation;

/// <summary>
/// Validates a problem against itself and the geography (unknown ids, duplicates, impossible ages,
/// points outside the Netherlands) and resolves it to indexed arrays. All errors are reported together,
/// in input order: locations, duplicate youth ids, then each youth's references, age and school, then
/// the ISK seats and the targets. Only a problem without errors is ranked (<see cref="Rank"/>) and resolved.
/// </summary>
/// <remarks>
/// One instance per call holds the lists the steps fill; the steps are split by what they resolve:
/// locations here, youths in Resolver.Youths.cs, region tables (ISK seats, targets) in Resolver.Regions.cs.
/// </remarks>
internal sealed partial class Resolver
{
    private readonly PlacementProblem _problem;
    private readonly RegionMap _geography;
    private readonly DateOnly _planningDate;
    private readonly SourceMap _src;
    private readonly List<InputError> _errors = [];
    private readonly List<string> _warnings = [];
    private readonly Dictionary<string, int> _locationIndex = new(StringComparer.Ordinal);
    private readonly List<ResolvedLocation> _locations = [];
    private readonly Dictionary<string, int> _youthIndex = new(StringComparer.Ordinal);
    private readonly List<ResolvedYouth> _youths = [];
    private readonly Dictionary<string, int> _groups = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _locationRepeats = new(StringComparer.Ordinal);
    private HashSet<string> _educationCodes = [];

    private readonly ViewsOptions? _views;

    private Resolver(PlacementProblem problem, RegionMap geography, DateOnly planningDate, ViewsOptions? views)
    {
        _problem = problem;
        _geography = geography;
        _planningDate = planningDate;
        _src = problem.Sources;
        _views = views;
    }

    /// <summary>
    /// Resolves the problem; with <paramref name="views"/> (when the views criteria apply to the run)
    /// every youth also gets its <see cref="ResolvedViews"/>. The views fields are validated either way.
    /// </summary>
    public static LoadResult<ResolvedProblem> Resolve(PlacementProblem problem, RegionMap geography, DateOnly planningDate, int seed, ViewsOptions? views = null)
    {
        var run = new Resolver(problem, geography, planningDate, views);
        run.ResolveLocations();
        run.IndexYouthIds();
        run.ResolveYouths();
        var isk = run.IskSeats();
        var targets = run.Targets();
        if (run._errors.Count > 0)
        {
            return LoadResult<ResolvedProblem>.Failure(run._errors);
        }

        var resolved = Rank(run._youths, seed);
        return LoadResult<ResolvedProblem>.Success(new ResolvedProblem(problem, geography, resolved, [.. run._locations], SiblingGroups(resolved),
            KeepApartPairs(resolved), isk, targets) { Warnings = run._warnings });
    }

    /// <summary>" (first on line N)" for a duplicate's message, or nothing when the first has no line (a JSON or programmatic problem).</summary>
    private static string FirstOn(int line) => line > 0 ? string.Create(CultureInfo.InvariantCulture, $" (first on line {line})") : "";

    private void ResolveLocations()
    {
        foreach (var l in _problem.Locations)
        {
            if (ResolveLocation(l) is { } location)
            {
                _locations.Add(location);
            }
        }

        // Held beds are a share of their location: the same site for a youth's wish.
        for (var i = 0; i < _locations.Count; i++)
        {
            if (HeldBeds.IsCopy(_locations[i].Location.Id) && _locationIndex.TryGetValue(HeldBeds.Base(_locations[i].Location.Id), out var site))
            {
                _locations[i] = _locations[i] with { Site = site };
            }
        }
    }

    /// <summary>A location's regions, from its municipality code or else its point; <c>null</c> (with an error) when neither resolves.</summary>
    private ResolvedLocation? ResolveLocation(Location l)
    {
        var (errors, warnings, src, geography, locations) = (_errors, _warnings, _src, _geography, _locations);
        var (file, line) = src.Location(l.Id);
        if (!_locationIndex.TryAdd(l.Id, locations.Count))
        {
            var occurrence = _locationRepeats[l.Id] = _locationRepeats.GetValueOrDefault(l.Id) + 1;
            (file, line) = src.Location(l.Id, occurrence);
            errors.Add(new InputError(file, line, "id", l.Id, $"is a duplicate location id{FirstOn(src.Location(l.Id).Line)}.", "Maybe two rows describe the same location?"));
            return null;
        }

        RegionLookup regions;
        if (l.MunicipalityCode is { } code)
        {
            var m = geography.Municipality(code);
            if (m is null)
            {
                errors.Add(new InputError(file, line, "municipality_code", code, "is not a municipality of the loaded layer.", "Maybe a code of another year, or without the GM prefix?"));
                return null;
            }

            regions = m;
        }
        else
        {
            regions = geography.Lookup(l.Point);
            if (regions.IsOutside)
            {
                var (lat, lon) = l.Point.ToWgs84();
                errors.Add(new InputError(file, line, "lat,lon", FormattableString.Invariant($"{lat:F5},{lon:F5}"),
                    "lies outside the Netherlands.", "Maybe lat and lon are swapped, or the coordinates are RD New (x,y)?"));
                return null;
            }

            warnings.AddRange(regions.Notes.Select(n => $"location {l.Id}: {n}"));
        }

        return new ResolvedLocation(locations.Count, l, regions.Municipality, regions.Province, regions.EducationRegion,
            l.FreeBeds, l.IsClosedOn(_planningDate));
    }

    /// <summary>Priority for a bed: protected > intensive > standard, younger, longer waiting, then a stable hash.</summary>
    private static ResolvedYouth[] Rank(List<ResolvedYouth> youths, int seed)
    {
        var order = youths.OrderByDescending(y => y.Youth.CareLevel)
            .ThenBy(y => y.Age)
            .ThenBy(y => y.Youth.ArrivedOn ?? DateOnly.MaxValue)
            .ThenBy(y => StableHash(y.Youth.Id, seed))
            .ToList();
        var rank = new long[youths.Count];
        for (var i = 0; i < order.Count; i++)
        {
            rank[order[i].Index] = order.Count - 1 - i; // higher = more important
        }

        return youths.Select(y => y with { PriorityRank = rank[y.Index] }).ToArray();
    }

    private static int[][] SiblingGroups(ResolvedYouth[] resolved)
        => resolved.Where(y => y.SiblingGroup >= 0).GroupBy(y => y.SiblingGroup).OrderBy(g => g.Key).Select(g => g.Select(y => y.Index).ToArray()).ToArray();

    private static (int, int)[] KeepApartPairs(ResolvedYouth[] resolved)
    {
        var pairs = new HashSet<(int, int)>();
        foreach (var y in resolved)
        {
            foreach (var o in y.KeepApart)
            {
                pairs.Add((Math.Min(y.Index, o), Math.Max(y.Index, o)));
            }
        }

        return [.. pairs.OrderBy(p => p.Item1).ThenBy(p => p.Item2)];
    }

    /// <summary>Within about 50 km of the Netherlands (Belgium and Germany across the border): a school there is still a point to travel to.</summary>
    private static bool NearTheNetherlands(double lat, double lon) => lat is >= 50.3 and <= 53.9 && lon is >= 2.8 and <= 7.9;

    internal static ulong StableHash(string id, int seed)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{seed}:{id}")));
        return BinaryPrimitives.ReadUInt64LittleEndian(bytes);
    }
}

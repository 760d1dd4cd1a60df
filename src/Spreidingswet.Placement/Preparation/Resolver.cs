using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Spreidingswet.Placement.Geography;
using Spreidingswet.Placement.Model;

namespace Spreidingswet.Placement.Preparation;

/// <summary>
/// Validates a problem against itself and the geography (unknown ids, duplicates, impossible ages,
/// points outside the Netherlands) and resolves it to indexed arrays. All errors are reported together.
/// </summary>
internal static class Resolver
{
    public static LoadResult<ResolvedProblem> Resolve(PlacementProblem problem, RegionMap geography, DateOnly planningDate, int seed)
    {
        var errors = new List<InputError>();
        var warnings = new List<string>();
        var src = problem.Sources;
        var locationIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var locations = new List<ResolvedLocation>();
        foreach (var l in problem.Locations)
        {
            var (file, line) = src.Location(l.Id);
            if (!locationIndex.TryAdd(l.Id, locations.Count))
            {
                errors.Add(new InputError(file, line, "id", l.Id, $"is a duplicate location id (first on line {src.Location(l.Id).Line}).", "Maybe two rows describe the same location?"));
                continue;
            }

            RegionLookup regions;
            if (l.MunicipalityCode is { } code)
            {
                var m = geography.Municipality(code);
                if (m is null)
                {
                    errors.Add(new InputError(file, line, "municipality_code", code, "is not a municipality of the loaded layer.", "Maybe a code of another year, or without the GM prefix?"));
                    continue;
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
                    continue;
                }

                warnings.AddRange(regions.Notes.Select(n => $"location {l.Id}: {n}"));
            }

            locations.Add(new ResolvedLocation(locations.Count, l, regions.Municipality, regions.Province, regions.EducationRegion,
                l.FreeBeds, l.IsClosedOn(planningDate)));
        }

        var youthIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var y in problem.Youths)
        {
            if (!youthIndex.TryAdd(y.Id, youthIndex.Count))
            {
                var (file, line) = src.Youth(y.Id);
                errors.Add(new InputError(file, line, "id", y.Id, "is a duplicate youth id.", "Maybe the same youth is listed twice?"));
            }
        }

        var educationCodes = geography.Regions(RegionRole.EducationRegion).Select(r => r.Code).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var youths = new List<ResolvedYouth>();
        var groups = new Dictionary<string, int>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var y in problem.Youths)
        {
            if (!seen.Add(y.Id))
            {
                continue;
            }

            var (file, line) = src.Youth(y.Id);
            int Loc(string? id, string field)
            {
                if (id is null)
                {
                    return -1;
                }

                if (locationIndex.TryGetValue(id, out var i))
                {
                    return i;
                }

                errors.Add(new InputError(file, line, field, id, "is not a location in locations.csv.", "Maybe a typo in the id?"));
                return -1;
            }

            var current = Loc(y.CurrentLocation, "current_location");
            var pinned = Loc(y.LockedLocation, "locked_location");
            var excluded = y.ExcludeLocations.Select(e => Loc(e, "exclude_locations")).Where(i => i >= 0).ToHashSet();
            var apart = new List<int>();
            foreach (var other in y.KeepApart)
            {
                if (other == y.Id)
                {
                    errors.Add(new InputError(file, line, "keep_apart", other, "names the youth itself."));
                }
                else if (youthIndex.TryGetValue(other, out var o))
                {
                    apart.Add(o);
                }
                else
                {
                    errors.Add(new InputError(file, line, "keep_apart", other, "is not a youth in youths.csv.", "Maybe a typo in the id?"));
                }
            }

            int age;
            if (y.BirthDate is { } birth && birth > planningDate)
            {
                errors.Add(new InputError(file, line, "birth_date", birth.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), $"lies after the planning date {planningDate:yyyy-MM-dd}."));
                age = 0;
            }
            else if (y.BirthDate is null && y.Age is null)
            {
                errors.Add(new InputError(file, line, "birth_date / age", null, "are both missing."));
                age = 0;
            }
            else
            {
                age = y.AgeOn(planningDate);
                if (age > 21)
                {
                    errors.Add(new InputError(file, line, y.BirthDate is null ? "age" : "birth_date", y.BirthDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? age.ToString(CultureInfo.InvariantCulture),
                        $"gives age {age} on {planningDate:yyyy-MM-dd}: this engine places minors.", "Maybe the year is mistyped?"));
                }
            }

            GeoPoint? schoolPoint = y.School?.Point;
            var schoolAbroad = false;
            var given = y.School?.RegionCode;
            if (given is not null && !educationCodes.Contains(given))
            {
                errors.Add(new InputError(file, line, "education_region", given, "is not an education region of the loaded layer.", "Maybe an RMC code such as MC19?"));
            }

            var schoolRegion = given;
            if (schoolPoint is { } sp)
            {
                // A school outside the Netherlands (or in a gap of a loaded education layer) does not
                // refuse the input: its region is unknown and the education criterion does not apply to
                // this youth, unless the row names the region itself.
                var r = geography.Lookup(sp);
                warnings.AddRange(r.Notes.Select(n => $"youth {y.Id} school: {n}"));
                if (r.EducationRegion is null)
                {
                    var (lat, lon) = sp.ToWgs84();
                    var where = r.IsOutside ? "lies outside the Netherlands" : $"lies in municipality {r.Municipality!.Code} but in no region of the loaded education layer";
                    var consequence = given is null
                        ? "the school region is unknown and the education criterion does not apply to this youth"
                        : $"the row's education_region {given} is used";
                    warnings.Add(FormattableString.Invariant($"youth {y.Id}: school_lat,school_lon {lat:F5},{lon:F5} {where}: {consequence}. Maybe lat and lon are swapped?"));

                    // A school just across the border stays a point (travel distance); one far away does not.
                    if (r.IsOutside && !NearTheNetherlands(lat, lon))
                    {
                        schoolPoint = null;
                        schoolAbroad = given is null;
                    }
                }

                schoolRegion = given ?? r.EducationRegion?.Code;
            }

            var group = -1;
            if (y.SiblingGroup is { } g)
            {
                if (!groups.TryGetValue(g, out group))
                {
                    group = groups.Count;
                    groups[g] = group;
                }
            }

            youths.Add(new ResolvedYouth(youths.Count, y, age, current, schoolPoint, schoolRegion, group, pinned, excluded, [.. apart], 0) { SchoolAbroad = schoolAbroad });
        }

        var isk = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var (code, seats) in problem.IskSeats)
        {
            if (!educationCodes.Contains(code))
            {
                errors.Add(new InputError(src.IskFile ?? "isk-seats", src.IskLines?.GetValueOrDefault(code) ?? 0, "region_code", code, "is not an education region of the loaded layer."));
            }

            isk[code] = seats;
        }

        var targetCodes = geography.Regions(RegionRole.Municipality).Concat(geography.Regions(RegionRole.Province)).Select(r => r.Code).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var targets = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var (code, target) in problem.Targets)
        {
            if (!targetCodes.Contains(code))
            {
                errors.Add(new InputError(src.TargetsFile ?? "targets", src.TargetLines?.GetValueOrDefault(code) ?? 0, "code", code, "is not a municipality or province code of the loaded layers."));
            }

            targets[code] = target;
        }

        if (errors.Count > 0)
        {
            return LoadResult<ResolvedProblem>.Failure(errors);
        }

        // Priority for a bed: protected > intensive > standard, younger, longer waiting, then a stable hash.
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

        var resolved = youths.Select(y => y with { PriorityRank = rank[y.Index] }).ToArray();
        var siblingGroups = resolved.Where(y => y.SiblingGroup >= 0).GroupBy(y => y.SiblingGroup).OrderBy(g => g.Key).Select(g => g.Select(y => y.Index).ToArray()).ToArray();
        var pairs = new HashSet<(int, int)>();
        foreach (var y in resolved)
        {
            foreach (var o in y.KeepApart)
            {
                pairs.Add((Math.Min(y.Index, o), Math.Max(y.Index, o)));
            }
        }

        return LoadResult<ResolvedProblem>.Success(new ResolvedProblem(problem, geography, resolved, [.. locations], siblingGroups,
            [.. pairs.OrderBy(p => p.Item1).ThenBy(p => p.Item2)], isk, targets) { Warnings = warnings });
    }

    /// <summary>Within about 50 km of the Netherlands (Belgium and Germany across the border): a school there is still a point to travel to.</summary>
    private static bool NearTheNetherlands(double lat, double lon) => lat is >= 50.3 and <= 53.9 && lon is >= 2.8 and <= 7.9;

    internal static ulong StableHash(string id, int seed)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{seed}:{id}")));
        return BinaryPrimitives.ReadUInt64LittleEndian(bytes);
    }
}

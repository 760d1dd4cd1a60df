using System.Globalization;
using Spreidingswet.Placement.Geography;
using Spreidingswet.Placement.Model;

namespace Spreidingswet.Placement.Preparation;

/// <summary>The youths' steps: duplicate ids, location references, keep-apart names, age, school and sibling group.</summary>
internal sealed partial class Resolver
{
    /// <summary>First index per youth id, so that keep-apart names resolve before the youths do; duplicates are errors.</summary>
    private void IndexYouthIds()
    {
        var repeats = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var y in _problem.Youths)
        {
            if (!_youthIndex.TryAdd(y.Id, _youthIndex.Count))
            {
                var occurrence = repeats[y.Id] = repeats.GetValueOrDefault(y.Id) + 1;
                var (file, line) = _src.Youth(y.Id, occurrence);
                _errors.Add(new InputError(file, line, "id", y.Id, $"is a duplicate youth id{FirstOn(_src.Youth(y.Id).Line)}.", "Maybe the same youth is listed twice?"));
            }
        }
    }

    private void ResolveYouths()
    {
        _educationCodes = _geography.Regions(RegionRole.EducationRegion).Select(r => r.Code).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var y in _problem.Youths)
        {
            if (seen.Add(y.Id))
            {
                _youths.Add(ResolveYouth(y));
            }
        }
    }

    /// <summary>One youth, its errors added in the order of its fields.</summary>
    private ResolvedYouth ResolveYouth(Youth y)
    {
        var (file, line) = _src.Youth(y.Id);
        var current = LocationRef(y.CurrentLocation, "current_location", file, line);
        var pinned = LocationRef(y.LockedLocation, "locked_location", file, line);
        var excluded = y.ExcludeLocations.Select(e => LocationRef(e, "exclude_locations", file, line)).Where(i => i >= 0).ToHashSet();
        var apart = KeepApart(y, file, line);
        var age = Age(y, file, line);
        var (schoolPoint, schoolRegion, schoolAbroad) = School(y, file, line);
        var group = SiblingGroup(y);
        var resolved = new ResolvedYouth(_youths.Count, y, age, current, schoolPoint, schoolRegion, group, pinned, excluded, [.. apart], 0) { SchoolAbroad = schoolAbroad };
        var views = Views(resolved, file, line);
        return _views is null ? resolved : resolved with { Views = views };
    }

    /// <summary>
    /// The youth's views fields checked (unknown location, municipality or region; heard after the
    /// planning date; more recent moves than earlier moves) and resolved.
    /// </summary>
    private ResolvedViews Views(ResolvedYouth resolved, string file, int line)
    {
        var y = resolved.Youth;
        var wishLocation = LocationRef(y.WishLocation, "wish_location", file, line);
        string? municipality = null, region = null;
        if (y.WishMunicipality is { } gm)
        {
            if (_geography.Municipality(gm) is { } m)
            {
                municipality = m.Municipality!.Code;
                region = m.EducationRegion?.Code;
            }
            else
            {
                _errors.Add(new InputError(file, line, "wish_municipality", gm, "is not a municipality of the loaded layer.", "Maybe a code of another year, or without the GM prefix (GM0344)?"));
            }
        }

        if (y.WishRegion is { } rmc)
        {
            if (_educationCodes.Contains(rmc))
            {
                region = rmc;
            }
            else
            {
                _errors.Add(new InputError(file, line, "wish_region", rmc, "is not an education region of the loaded layer.", "Maybe an RMC code such as MC19?"));
            }
        }

        if (wishLocation >= 0)
        {
            var wished = _locations[wishLocation];
            municipality ??= wished.Municipality?.Code;
            region ??= wished.EducationRegion?.Code;
        }

        if (y.ViewsHeardOn is { } heard && heard > _planningDate)
        {
            _errors.Add(new InputError(file, line, "views_heard_on", heard.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), $"lies after the planning date {_planningDate:yyyy-MM-dd}."));
        }

        if (y.MovesLast12Months is { } recent && y.EarlierMoves is { } earlier && recent > earlier)
        {
            _errors.Add(new InputError(file, line, "moves_last_12_months", recent.ToString(CultureInfo.InvariantCulture),
                $"is more than earlier_moves ({earlier}): the moves of the last 12 months are among the earlier moves.", "Maybe the two columns are swapped?"));
        }

        var current = resolved.CurrentLocation;
        var home = current >= 0 ? _locations[current] : null;
        var forced = home is not null && Rules.HardRules.HardRule.AnyForbids(resolved, home);
        DateOnly? turns18 = null;
        if (_views is { } options && y.BirthDate is { } birth)
        {
            var eighteen = birth.AddYears(18);
            if (eighteen > _planningDate && eighteen <= _planningDate.AddMonths(options.Turning18HorizonMonths))
            {
                turns18 = eighteen;
            }
        }

        var homeRegion = home?.EducationRegion?.Code;
        var hard = _views is { Turning18Hard: true } && turns18 is not null && home is not null && !forced && homeRegion is not null;
        return new ResolvedViews(wishLocation, municipality, region, y.WishNear, y.MovesLast12Months ?? 0, forced, turns18, homeRegion, hard);
    }

    /// <summary>A location id's index; -1 for none, or (with an error) for an unknown id.</summary>
    private int LocationRef(string? id, string field, string file, int line)
    {
        if (id is null)
        {
            return -1;
        }

        if (_locationIndex.TryGetValue(id, out var i))
        {
            return i;
        }

        _errors.Add(new InputError(file, line, field, id, "is not a location in locations.csv.", "Maybe a typo in the id?"));
        return -1;
    }

    private List<int> KeepApart(Youth y, string file, int line)
    {
        var errors = _errors;
        var apart = new List<int>();
        foreach (var other in y.KeepApart)
        {
            if (other == y.Id)
            {
                errors.Add(new InputError(file, line, "keep_apart", other, "names the youth itself."));
            }
            else if (_youthIndex.TryGetValue(other, out var o))
            {
                apart.Add(o);
            }
            else
            {
                errors.Add(new InputError(file, line, "keep_apart", other, "is not a youth in youths.csv.", "Maybe a typo in the id?"));
            }
        }

        return apart;
    }

    /// <summary>Age on the planning date; 0 (with an error) when it cannot be known, an error too when over 21.</summary>
    private int Age(Youth y, string file, int line)
    {
        var (errors, planningDate) = (_errors, _planningDate);
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

        return age;
    }

    /// <summary>The school's point (dropped when far abroad) and education region: the row's, else the point's.</summary>
    private (GeoPoint? Point, string? Region, bool Abroad) School(Youth y, string file, int line)
    {
        var (errors, warnings, geography) = (_errors, _warnings, _geography);
        GeoPoint? schoolPoint = y.School?.Point;
        var schoolAbroad = false;
        var given = y.School?.RegionCode;
        if (given is not null && !_educationCodes.Contains(given))
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

        return (schoolPoint, schoolRegion, schoolAbroad);
    }

    /// <summary>Sibling groups numbered in order of first appearance; -1 for none.</summary>
    private int SiblingGroup(Youth y)
    {
        var group = -1;
        if (y.SiblingGroup is { } g)
        {
            if (!_groups.TryGetValue(g, out group))
            {
                group = _groups.Count;
                _groups[g] = group;
            }
        }

        return group;
    }
}

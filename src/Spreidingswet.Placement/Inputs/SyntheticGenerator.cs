using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Spreidingswet.Placement.Geography;
using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Outputs;

namespace Spreidingswet.Placement.Inputs;

/// <summary>Settings of a synthetic instance (docs/domain.md figures as defaults).</summary>
public sealed record SyntheticSettings
{
    /// <summary>Young people in the run.</summary>
    public int Youths { get; init; } = 8_000;

    /// <summary>Reception locations.</summary>
    public int Locations { get; init; } = 400;

    /// <summary>Random seed.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Share of youths who are residents (have a current location); the rest are new arrivals.</summary>
    public double ResidentShare { get; init; } = 0.85;

    /// <summary>Share of youths in sibling groups. Default 3 %.</summary>
    public double SiblingShare { get; init; } = 0.03;

    /// <summary>Keep-apart pairs as a share of youths. Default 1 %.</summary>
    public double KeepApartShare { get; init; } = 0.01;

    /// <summary>Share of youths pinned by a planner. Default 2 %.</summary>
    public double PinShare { get; init; } = 0.02;

    /// <summary>Beds per youth over all locations. Default 1.08.</summary>
    public double BedsPerYouth { get; init; } = 1.08;

    /// <summary>Number of locations that close on the planning date (their residents must move). Default 0.</summary>
    public int Closures { get; init; }

    /// <summary>The planning date the ages and closures refer to.</summary>
    public DateOnly PlanningDate { get; init; } = new(2026, 12, 1);
}

/// <summary>Which class of instance <see cref="SyntheticGenerator"/> draws.</summary>
public enum SyntheticProfile
{
    /// <summary>The realistic default: siblings and keep-apart pairs mostly among residents of one location.</summary>
    Default,

    /// <summary>
    /// The hard class (docs/solver-design.md#the-hard-class): the sibling groups (2-3) and keep-apart
    /// pairs are new arrivals of one care level and age band who compete for the same scarce eligible
    /// beds, so that the relaxation splits many groups; pins as in the default profile.
    /// </summary>
    Hard,
}

/// <summary>
/// Realistic synthetic national instances, labelled synthetic everywhere: locations spread by the
/// provincial AMV targets of the Spreidingswet's first cycle, docs/domain.md's location types and sizes,
/// ages, gender ratio and care levels, schools near where youths live, siblings, keep-apart pairs,
/// pins and not-yet-enrolled new arrivals. Deterministic for a seed.
/// </summary>
public static class SyntheticGenerator
{
    // AMV places per province in the first cycle (docs/domain.md; ZH, UT, FR, DR, FL by population, approximate).
    private static readonly Dictionary<string, int> ProvinceTargets = new(StringComparer.Ordinal)
    {
        ["PV27"] = 1380, ["PV30"] = 1247, ["PV25"] = 992, ["PV23"] = 538, ["PV31"] = 480, ["PV20"] = 228, ["PV29"] = 180,
        ["PV28"] = 1729, ["PV26"] = 637, ["PV21"] = 300, ["PV22"] = 228, ["PV24"] = 200,
    };

    private sealed record TypeSpec(string Type, double Share, int MinSize, int MaxSize, int MinAge, int MaxAge, string Genders, string Care, bool SmallScale, string Tags);

    private static readonly TypeSpec[] Types =
    [
        new("KWV", 0.50, 16, 20, 15, 17, "m", "standard;intensive", true, "isk;mentor"),
        new("KWV", 0.12, 16, 20, 15, 17, "m;f;x", "standard;intensive", true, "isk;mentor"),
        new("KWE", 0.12, 4, 4, 15, 17, "m;f;x", "standard", true, "isk"),
        new("NIDOS", 0.10, 8, 12, 12, 17, "m;f;x", "standard;intensive", true, "isk;foster"),
        new("POL", 0.10, 50, 100, 13, 17, "m;f;x", "standard;intensive", false, "isk;medical"),
        new("BO", 0.06, 10, 20, 13, 17, "m;f;x", "standard;intensive;protected", true, "isk;medical;trauma"),
    ];

    /// <summary>Generates a problem in memory (marked synthetic).</summary>
    public static PlacementProblem Generate(SyntheticSettings settings, RegionMap geography) => Generate(settings, geography, SyntheticProfile.Default);

    /// <summary>Generates a problem of a profile in memory (marked synthetic); the default profile's draws are those of <see cref="Generate(SyntheticSettings, RegionMap)"/>.</summary>
    public static PlacementProblem Generate(SyntheticSettings settings, RegionMap geography, SyntheticProfile profile)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(geography);
        var (youths, locations) = profile == SyntheticProfile.Hard ? BuildHard(settings, geography) : Build(settings, geography);
        var text = profile == SyntheticProfile.Hard ? $"{settings} profile hard" : $"{settings}";
        return new PlacementProblem
        {
            Youths = [.. youths],
            Locations = [.. locations],
            IsSynthetic = true,
            Inputs = [new InputDigest("synthetic", null, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
                Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{text}")))))],
        };
    }

    /// <summary>
    /// The built-in demo: a national network of 400 locations, a monthly batch of 500 new arrivals,
    /// and the residents of five locations that close on the planning date; every other resident
    /// is counted in the locations' <c>reserved</c> beds.
    /// </summary>
    public static PlacementProblem Demo(RegionMap geography)
    {
        ArgumentNullException.ThrowIfNull(geography);
        var settings = new SyntheticSettings { Youths = 8_000, Locations = 400, Seed = 2026, ResidentShare = 1 - (500.0 / 8_000), Closures = 5, BedsPerYouth = 1.06 };
        var (youths, locations) = Build(settings, geography);
        var closing = locations.Where(l => l.ClosesOn is not null).Select(l => l.Id).ToHashSet(StringComparer.Ordinal);
        var arrivals = youths.Skip((int)Math.Round(settings.Youths * settings.ResidentShare)).Select(y => y.Id).ToHashSet(StringComparer.Ordinal);
        var included = youths.Where(y => arrivals.Contains(y.Id) || (y.CurrentLocation is not null && closing.Contains(y.CurrentLocation))).ToList();
        var ids = included.Select(y => y.Id).ToHashSet(StringComparer.Ordinal);
        var groups = included.Where(y => y.SiblingGroup is not null).GroupBy(y => y.SiblingGroup!).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var allGroups = youths.Where(y => y.SiblingGroup is not null).GroupBy(y => y.SiblingGroup!).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        included = [.. included.Select(y => y with
        {
            KeepApart = [.. y.KeepApart.Where(ids.Contains)],
            // A group only partly in the batch is not a group of this run.
            SiblingGroup = y.SiblingGroup is { } g && groups[g] == allGroups[g] && groups[g] > 1 ? g : null,
        })];
        var residents = youths.Where(y => y.CurrentLocation is not null && !ids.Contains(y.Id))
            .GroupBy(y => y.CurrentLocation!).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        locations = [.. locations.Select(l => l with { Reserved = Math.Min(l.Capacity, residents.GetValueOrDefault(l.Id)) })];
        return new PlacementProblem
        {
            Youths = [.. included],
            Locations = [.. locations],
            IsSynthetic = true,
            Inputs = [new InputDigest("demo", null, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
                Encoding.UTF8.GetBytes(YouthsCsvText(included) + LocationsCsvText(locations)))))],
        };
    }

    /// <summary>
    /// New arrivals only (no current location, not enrolled yet, no pins), generated like the
    /// arrivals of <see cref="Generate(SyntheticSettings, RegionMap)"/>; ids <c>N{seed}-0001</c>, ... so that they do not collide
    /// with generated residents (<c>Y00001</c>, ...).
    /// </summary>
    internal static ImmutableArray<Youth> Arrivals(int count, int seed, DateOnly planningDate, RegionMap geography)
    {
        var settings = new SyntheticSettings { Youths = count, Locations = Math.Max(1, count / 20), Seed = seed, ResidentShare = 0, PinShare = 0, PlanningDate = planningDate };
        var (youths, _) = Build(settings, geography);
        var ids = youths.Select((y, i) => (y.Id, New: string.Create(CultureInfo.InvariantCulture, $"N{seed}-{i + 1:D4}"))).ToDictionary(p => p.Id, p => p.New, StringComparer.Ordinal);
        return [.. youths.Select(y => y with { Id = ids[y.Id], KeepApart = [.. y.KeepApart.Select(k => ids[k])] })];
    }

    /// <summary>Writes youths.csv, locations.csv and a manifest (synthetic.json) into a folder, each atomically.</summary>
    public static void Write(PlacementProblem problem, SyntheticSettings settings, string directory)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(settings);
        Directory.CreateDirectory(directory);
        AtomicFile.WriteAllText(Path.Combine(directory, "youths.csv"), YouthsCsvText(problem.Youths));
        AtomicFile.WriteAllText(Path.Combine(directory, "locations.csv"), LocationsCsvText(problem.Locations));
        AtomicFile.WriteAllText(Path.Combine(directory, SyntheticManifest), string.Create(CultureInfo.InvariantCulture,
            $"{{\n  \"synthetic\": true,\n  \"note\": \"Generated by placement generate: not real young people.\",\n  \"youths\": {problem.Youths.Length},\n  \"locations\": {problem.Locations.Length},\n  \"seed\": {settings.Seed},\n  \"planningDate\": \"{settings.PlanningDate:yyyy-MM-dd}\"\n}}\n"));
    }

    /// <summary>
    /// Gives about <paramref name="share"/> of the youths a stated wish (deterministic for the seed,
    /// from a random stream of its own, so the rest of the instance is unchanged): residents mostly
    /// wish to stay where they live or to be in their school's municipality, others to be near a town
    /// (a location's place, jittered by up to 10 km) or in an education region; every youth with a
    /// wish gets the day its views were heard and a pseudonymous mentor id. Every resident gets
    /// <c>moves_last_12_months</c> (at most its earlier moves). Marked synthetic, as the input is.
    /// </summary>
    public static PlacementProblem AddViews(PlacementProblem problem, double share, int seed, RegionMap geography, DateOnly planningDate)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(geography);
        if (share <= 0 || problem.Locations.IsEmpty)
        {
            return problem;
        }

        var random = new Random(unchecked((seed * 7919) + 19));
        var locations = problem.Locations;
        var byId = locations.ToDictionary(l => l.Id, StringComparer.Ordinal);
        var youths = problem.Youths.Select(y =>
        {
            var recent = y.CurrentLocation is not null ? Math.Min(y.EarlierMoves ?? 0, random.Next(0, 3)) : (int?)null;
            y = y with { MovesLast12Months = recent };
            if (random.NextDouble() >= share)
            {
                return y;
            }

            var roll = random.NextDouble();
            var anywhere = locations[random.Next(locations.Length)];
            var home = y.CurrentLocation is { } c && byId.TryGetValue(c, out var h) ? h : null;
            y = roll switch
            {
                < 0.30 when home is not null => y with { WishLocation = home.Id },
                < 0.55 when y.School?.Point is { } school && geography.Lookup(school).Municipality is { } m => y with { WishMunicipality = m.Code },
                < 0.80 => y with { WishNear = Round(Jitter(random, anywhere.Point, 10_000)) },
                _ when geography.Lookup(anywhere.Point).EducationRegion is { } r => y with { WishRegion = r.Code },
                _ => y with { WishNear = Round(Jitter(random, anywhere.Point, 10_000)) },
            };
            return y with
            {
                ViewsHeardOn = planningDate.AddDays(-random.Next(0, 60)),
                ViewsHeardBy = string.Create(CultureInfo.InvariantCulture, $"M{random.Next(1, 400):D3}"),
            };
        }).ToImmutableArray();
        return problem with { Youths = youths };
    }

    /// <summary>The manifest file that marks a folder's CSV files as synthetic.</summary>
    public const string SyntheticManifest = "synthetic.json";

    /// <summary>
    /// The draws in a fixed order from one seeded <see cref="Random"/> (the order is part of the
    /// output: changing it changes every generated instance): locations, youths, residents' homes
    /// and schools, sibling groups, keep-apart pairs, pins.
    /// </summary>
    private static (List<Youth>, List<Location>) Build(SyntheticSettings s, RegionMap geography)
    {
        var random = new Random(s.Seed);
        var locations = DrawLocations(s, geography, random);
        var youths = DrawYouths(s, random);
        PlaceResidents(s, geography, random, youths, locations);
        var inGroup = FormSiblingGroups(s, random, youths);
        AddKeepApartPairs(s, random, youths, inGroup);
        PinResidents(s, random, youths, inGroup);
        return (youths, locations);
    }

    /// <summary>
    /// The hard profile: locations, youths and residents' homes drawn as in <see cref="Build"/>; then
    /// the sibling groups and keep-apart pairs among the new arrivals, all of one care level
    /// (intensive) and age band (12-13), whose eligible beds are the few of the locations that take
    /// 12-year-olds with intensive care; then pins as in the default profile.
    /// </summary>
    private static (List<Youth>, List<Location>) BuildHard(SyntheticSettings s, RegionMap geography)
    {
        var random = new Random(s.Seed);
        var locations = DrawLocations(s, geography, random);
        var youths = DrawYouths(s, random);
        PlaceResidents(s, geography, random, youths, locations);
        var inGroup = FormArrivalSiblingGroups(s, random, youths);
        AddArrivalKeepApartPairs(s, random, youths, inGroup);
        PinResidents(s, random, youths, inGroup);
        return (youths, locations);
    }

    /// <summary>A new arrival made a member of the hard class: intensive care, aged 12 or 13, no needs, no school.</summary>
    private static Youth HardClass(SyntheticSettings s, Random random, Youth y, Gender gender)
    {
        var age = random.NextDouble() < 0.5 ? 12 : 13;
        return y with { BirthDate = s.PlanningDate.AddYears(-age).AddDays(-random.Next(0, 365)), CareLevel = CareLevel.Intensive, Gender = gender, Needs = [], School = null };
    }

    /// <returns>The youths in a sibling group.</returns>
    private static HashSet<int> FormArrivalSiblingGroups(SyntheticSettings s, Random random, List<Youth> youths)
    {
        var groupsWanted = (int)Math.Round(s.Youths * s.SiblingShare / 2.3);
        var arrivals = Enumerable.Range(0, youths.Count).Where(i => youths[i].CurrentLocation is null).ToList();
        var inGroup = new HashSet<int>();
        var next = 0;
        for (var g = 0; g < groupsWanted; g++)
        {
            var size = random.NextDouble() < 0.7 ? 2 : 3;
            if (next + size > arrivals.Count)
            {
                break;
            }

            var gender = youths[arrivals[next]].Gender;
            for (var k = 0; k < size; k++)
            {
                var i = arrivals[next++];
                inGroup.Add(i);
                youths[i] = HardClass(s, random, youths[i], gender) with { SiblingGroup = string.Create(CultureInfo.InvariantCulture, $"S{g + 1:D4}") };
            }
        }

        return inGroup;
    }

    private static void AddArrivalKeepApartPairs(SyntheticSettings s, Random random, List<Youth> youths, HashSet<int> inGroup)
    {
        // Keep-apart pairs: two arrivals of the hard class, or an arrival of it and a sibling.
        var pairsWanted = (int)Math.Round(s.Youths * s.KeepApartShare);
        var singles = Enumerable.Range(0, youths.Count).Where(i => youths[i].CurrentLocation is null && !inGroup.Contains(i)).ToList();
        var siblings = inGroup.Order().ToList();
        for (var p = 0; p < pairsWanted && singles.Count >= 2; p++)
        {
            var a = singles[random.Next(singles.Count)];
            singles.Remove(a);
            youths[a] = HardClass(s, random, youths[a], youths[a].Gender);
            int b;
            if (siblings.Count > 0 && random.NextDouble() < 0.3)
            {
                b = siblings[random.Next(siblings.Count)];
            }
            else
            {
                b = singles[random.Next(singles.Count)];
                singles.Remove(b);
                youths[b] = HardClass(s, random, youths[b], youths[b].Gender);
            }

            youths[a] = youths[a] with { KeepApart = youths[a].KeepApart.Add(youths[b].Id) };
        }
    }

    /// <summary>Locations: type by share, province by target, municipality by area within the province; beds scaled to the wanted total; some close on the planning date.</summary>
    private static List<Location> DrawLocations(SyntheticSettings s, RegionMap geography, Random random)
    {
        var byProvince = MunicipalityFacts.All.GroupBy(m => m.ProvinceCode).ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
        var locations = new List<Location>();
        var targetBeds = (int)Math.Ceiling(s.Youths * s.BedsPerYouth);
        var provinceCodes = ProvinceTargets.Keys.OrderBy(k => k, StringComparer.Ordinal).ToArray();
        for (var i = 0; i < s.Locations; i++)
        {
            var type = Pick(random, Types, t => t.Share);
            var province = Pick(random, provinceCodes, p => ProvinceTargets[p]);
            var municipality = Pick(random, byProvince[province], m => Math.Sqrt(m.AreaKm2));
            var point = Near(random, geography, municipality, 2.5);
            locations.Add(new Location(string.Create(CultureInfo.InvariantCulture, $"L{i + 1:D4}"), $"{type.Type} {municipality.Name}", point)
            {
                Capacity = random.Next(type.MinSize, type.MaxSize + 1),
                MinAge = type.MinAge,
                MaxAge = type.MaxAge,
                Genders = [.. type.Genders.Split(';').Select(g => Vocabulary.Genders[g])],
                CareLevels = [.. type.Care.Split(';').Select(c => Vocabulary.CareLevels[c])],
                Type = type.Type,
                SmallScale = type.SmallScale,
                Tags = [.. type.Tags.Split(';')],
            });
        }

        // Scale capacities so that the beds match the wanted total.
        var beds = locations.Sum(l => l.Capacity);
        var factor = targetBeds / (double)Math.Max(1, beds);
        locations = [.. locations.Select(l => l with { Capacity = Math.Max(2, (int)Math.Round(l.Capacity * factor)) })];

        // Closures: random non-POL locations close on the planning date.
        var closing = locations.Where(l => l.Type != "POL").OrderBy(_ => random.Next()).Take(s.Closures).Select(l => l.Id).ToHashSet(StringComparer.Ordinal);
        locations = [.. locations.Select(l => closing.Contains(l.Id) ? l with { ClosesOn = s.PlanningDate } : l)];
        return locations;
    }

    private static List<Youth> DrawYouths(SyntheticSettings s, Random random)
    {
        var youths = new List<Youth>();
        var residentCount = (int)Math.Round(s.Youths * s.ResidentShare);
        for (var i = 0; i < s.Youths; i++)
        {
            var age = Pick(random, [12, 13, 14, 15, 16, 17], a => a switch { 12 => 3, 13 => 5, 14 => 10, 15 => 22, 16 => 30, _ => 30 });
            var gender = random.NextDouble() < 0.87 ? Gender.Male : random.NextDouble() < 0.95 ? Gender.Female : Gender.X;
            var careRoll = random.NextDouble();
            var care = careRoll < 0.03 ? CareLevel.Protected : careRoll < 0.15 ? CareLevel.Intensive : CareLevel.Standard;
            var birth = s.PlanningDate.AddYears(-age).AddDays(-random.Next(0, 365));
            var arrived = s.PlanningDate.AddDays(-random.Next(i < residentCount ? 60 : 0, i < residentCount ? 900 : 60));
            var youth = new Youth(string.Create(CultureInfo.InvariantCulture, $"Y{i + 1:D5}"))
            {
                BirthDate = birth,
                Gender = gender,
                CareLevel = care,
                ArrivedOn = arrived,
                SchoolingYears = Math.Round(random.NextDouble() * 9, 1),
                EarlierMoves = i < residentCount ? random.Next(0, 4) : 0,
            };
            if (care == CareLevel.Protected)
            {
                youth = youth with { Needs = ["trauma"] };
            }

            youths.Add(youth);
        }

        return youths;
    }

    private static void PlaceResidents(SyntheticSettings s, RegionMap geography, Random random, List<Youth> youths, List<Location> locations)
    {
        var residentCount = (int)Math.Round(s.Youths * s.ResidentShare);
        var load = new Dictionary<string, int>(StringComparer.Ordinal);
        // Homes for residents, the most constrained first (youngest, then protected, ...), so that
        // scarce beds go to those who need them; then a school near home for most of them.
        var residentsByConstraint = Enumerable.Range(0, residentCount)
            .Select(i => (i, fits: locations.Count(l => Fits(youths[i], l, s.PlanningDate))))
            .OrderBy(x => x.fits).ThenBy(x => x.i).Select(x => x.i).ToList();
        foreach (var i in residentsByConstraint)
        {
            var fits = locations.Where(l => Fits(youths[i], l, s.PlanningDate) && load.GetValueOrDefault(l.Id) < l.Capacity).ToList();
            if (fits.Count == 0)
            {
                continue;
            }

            var home = fits[random.Next(fits.Count)];
            load[home.Id] = load.GetValueOrDefault(home.Id) + 1;
            youths[i] = youths[i] with { CurrentLocation = home.Id };
            if (random.NextDouble() < 0.8)
            {
                // Goes to a school near home (an ISK within about 12 km).
                var school = Jitter(random, home.Point, 12_000);
                if (geography.Lookup(school) is not { EducationRegion: not null, SnappedMetres: null })
                {
                    school = home.Point;
                }

                var (lat, lon) = school.ToWgs84();
                youths[i] = youths[i] with { School = new School(GeoPoint.FromWgs84(Math.Round(lat, 5), Math.Round(lon, 5)), null) };
            }
        }
    }

    private static bool Fits(Youth y, Location l, DateOnly planningDate)
    {
        var age = y.AgeOn(planningDate);
        return age >= l.MinAge && age <= l.MaxAge && l.Accepts(y.Gender) && l.Offers(y.CareLevel) && y.Needs.All(n => l.Tags.Contains(n));
    }

    /// <returns>The youths in a sibling group.</returns>
    private static HashSet<int> FormSiblingGroups(SyntheticSettings s, Random random, List<Youth> youths)
    {
        // Sibling groups: pairs and triples of residents in the same location (or of arrivals), similar ages.
        var groupsWanted = (int)Math.Round(s.Youths * s.SiblingShare / 2.3);
        var byHome = youths.Select((y, i) => (y, i)).Where(x => x.y.CurrentLocation is not null && x.y.CareLevel != CareLevel.Protected)
            .GroupBy(x => x.y.CurrentLocation!).Where(g => g.Count() >= 3).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        var inGroup = new HashSet<int>();
        for (var g = 0; g < groupsWanted && byHome.Count > 0; g++)
        {
            var home = byHome[random.Next(byHome.Count)].Where(x => !inGroup.Contains(x.i)).ToList();
            var size = random.NextDouble() < 0.7 ? 2 : 3;
            if (home.Count < size)
            {
                continue;
            }

            var members = home.OrderBy(_ => random.Next()).Take(size).ToList();
            var school = members[0].y.School;
            foreach (var (y, i) in members)
            {
                inGroup.Add(i);
                youths[i] = y with { SiblingGroup = string.Create(CultureInfo.InvariantCulture, $"S{g + 1:D4}"), School = y.School is null ? null : school, Gender = members[0].y.Gender };
            }
        }

        return inGroup;
    }

    private static void AddKeepApartPairs(SyntheticSettings s, Random random, List<Youth> youths, HashSet<int> inGroup)
    {
        // Keep-apart pairs: usually two residents of the same location after an incident.
        var pairsWanted = (int)Math.Round(s.Youths * s.KeepApartShare);
        var singles = Enumerable.Range(0, youths.Count).Where(i => !inGroup.Contains(i)).ToList();
        for (var p = 0; p < pairsWanted; p++)
        {
            var a = singles[random.Next(singles.Count)];
            var candidatesB = random.NextDouble() < 0.7 && youths[a].CurrentLocation is { } home
                ? singles.Where(i => i != a && youths[i].CurrentLocation == home).ToList()
                : [];
            var b = candidatesB.Count > 0 ? candidatesB[random.Next(candidatesB.Count)] : singles[random.Next(singles.Count)];
            if (a == b)
            {
                continue;
            }

            youths[a] = youths[a] with { KeepApart = youths[a].KeepApart.Add(youths[b].Id) };
        }
    }

    private static void PinResidents(SyntheticSettings s, Random random, List<Youth> youths, HashSet<int> inGroup)
    {
        // Pins: a planner keeps some residents where they are.
        var pinsWanted = (int)Math.Round(s.Youths * s.PinShare);
        var pinnable = Enumerable.Range(0, youths.Count).Where(i => youths[i].CurrentLocation is not null && !inGroup.Contains(i) && youths[i].KeepApart.IsEmpty).OrderBy(_ => random.Next()).Take(pinsWanted);
        foreach (var i in pinnable)
        {
            youths[i] = youths[i] with { LockedLocation = youths[i].CurrentLocation };
        }
    }

    private static T Pick<T>(Random random, IReadOnlyList<T> items, Func<T, double> weight)
    {
        var total = items.Sum(weight);
        var r = random.NextDouble() * total;
        foreach (var item in items)
        {
            r -= weight(item);
            if (r <= 0)
            {
                return item;
            }
        }

        return items[^1];
    }

    private static GeoPoint Near(Random random, RegionMap geography, MunicipalityFact municipality, double km)
    {
        var centre = GeoPoint.FromWgs84(municipality.InteriorLat, municipality.InteriorLon);
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var p = Jitter(random, centre, km * 1000);
            if (geography.Lookup(p) is { SnappedMetres: null } r && r.Municipality?.Code == municipality.Code)
            {
                return Round(p);
            }
        }

        return Round(centre);
    }

    private static GeoPoint Jitter(Random random, GeoPoint p, double metres)
        => GeoPoint.FromRd(p.X + ((random.NextDouble() * 2) - 1) * metres, p.Y + ((random.NextDouble() * 2) - 1) * metres);

    private static GeoPoint Round(GeoPoint p)
    {
        var (lat, lon) = p.ToWgs84();
        return GeoPoint.FromWgs84(Math.Round(lat, 5), Math.Round(lon, 5));
    }

    internal static string YouthsCsvText(IEnumerable<Youth> youths)
    {
        var list = youths as IReadOnlyCollection<Youth> ?? [.. youths];
        var views = list.Any(y => y.HasViewsData);
        var sb = new StringBuilder("id,birth_date,gender,care_level,current_location,school_lat,school_lon,education_region,sibling_group,keep_apart,locked_location,exclude_locations,needs,schooling_years,arrived_on,earlier_moves,audit_group");
        sb.Append(views ? ",wish_location,wish_municipality,wish_region,wish_near_lat,wish_near_lon,views_heard_on,views_heard_by,moves_last_12_months\n" : "\n");
        foreach (var y in list)
        {
            var (lat, lon) = y.School?.Point is { } p ? p.ToWgs84() : (double.NaN, double.NaN);
            sb.AppendJoin(',', [
                CsvCells.Neutral(y.Id),
                y.BirthDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "",
                Vocabulary.Code(y.Gender),
                Vocabulary.Code(y.CareLevel),
                CsvCells.Neutral(y.CurrentLocation),
                double.IsNaN(lat) ? "" : lat.ToString("F5", CultureInfo.InvariantCulture),
                double.IsNaN(lon) ? "" : lon.ToString("F5", CultureInfo.InvariantCulture),
                y.School?.Point is null ? CsvCells.Neutral(y.School?.RegionCode) : "",
                CsvCells.Neutral(y.SiblingGroup),
                CsvCells.Neutral(string.Join(';', y.KeepApart)),
                CsvCells.Neutral(y.LockedLocation),
                CsvCells.Neutral(string.Join(';', y.ExcludeLocations)),
                CsvCells.Neutral(string.Join(';', y.Needs)),
                y.SchoolingYears?.ToString("0.#", CultureInfo.InvariantCulture) ?? "",
                y.ArrivedOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "",
                y.EarlierMoves?.ToString(CultureInfo.InvariantCulture) ?? "",
                CsvCells.Neutral(y.AuditGroup),
            ]);
            if (views)
            {
                var (nearLat, nearLon) = y.WishNear is { } near ? near.ToWgs84() : (double.NaN, double.NaN);
                sb.Append(',').AppendJoin(',', [
                    CsvCells.Neutral(y.WishLocation),
                    CsvCells.Neutral(y.WishMunicipality),
                    CsvCells.Neutral(y.WishRegion),
                    double.IsNaN(nearLat) ? "" : nearLat.ToString("F5", CultureInfo.InvariantCulture),
                    double.IsNaN(nearLon) ? "" : nearLon.ToString("F5", CultureInfo.InvariantCulture),
                    y.ViewsHeardOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "",
                    CsvCells.Neutral(y.ViewsHeardBy),
                    y.MovesLast12Months?.ToString(CultureInfo.InvariantCulture) ?? "",
                ]);
            }

            sb.Append('\n');
        }

        return sb.ToString();
    }

    internal static string LocationsCsvText(IEnumerable<Location> locations)
    {
        var sb = new StringBuilder("id,name,lat,lon,municipality_code,capacity,reserved,min_age,max_age,genders,care_levels,type,small_scale,closes_on,tags\n");
        foreach (var l in locations)
        {
            var (lat, lon) = l.Point.ToWgs84();
            sb.AppendJoin(',', [
                CsvCells.Neutral(l.Id),
                l.Name.Contains(',', StringComparison.Ordinal) && !CsvCells.IsFormulaStart(l.Name[0]) ? $"\"{l.Name}\"" : CsvCells.Neutral(l.Name),
                lat.ToString("F5", CultureInfo.InvariantCulture),
                lon.ToString("F5", CultureInfo.InvariantCulture),
                CsvCells.Neutral(l.MunicipalityCode),
                l.Capacity.ToString(CultureInfo.InvariantCulture),
                l.Reserved.ToString(CultureInfo.InvariantCulture),
                l.MinAge.ToString(CultureInfo.InvariantCulture),
                l.MaxAge.ToString(CultureInfo.InvariantCulture),
                string.Join(';', l.Genders.Select(Vocabulary.Code)),
                string.Join(';', l.CareLevels.Select(Vocabulary.Code)),
                CsvCells.Neutral(l.Type),
                l.SmallScale ? "true" : "false",
                l.ClosesOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "",
                CsvCells.Neutral(string.Join(';', l.Tags)),
            ]).Append('\n');
        }

        return sb.ToString();
    }
}

using System.Collections.Immutable;
using Spreidingswet.Placement.Model;
using static Spreidingswet.Placement.Tests.Support.TestProblems;

namespace Spreidingswet.Placement.Tests.Support;

/// <summary>Seeded random instances with every kind of hard rule and side constraint.</summary>
internal static class RandomInstances
{
    private static readonly string[] Municipalities = [Utrecht, Zeist, Groningen, Maastricht];

    public static PlacementProblem Create(int seed, int youths, int locations, int maxCapacity = 3)
    {
        var r = new Random(seed);
        var locs = new List<Location>();
        for (var i = 0; i < locations; i++)
        {
            var minAge = r.Next(3) == 0 ? 15 : 12;
            locs.Add(Loc($"L{i}", Municipalities[r.Next(Municipalities.Length)], r.Next(0, maxCapacity + 1), minAge, 17) with
            {
                Genders = r.Next(4) == 0 ? [Gender.Male] : [],
                CareLevels = r.Next(3) == 0 ? [CareLevel.Standard, CareLevel.Intensive] : [],
                ClosesOn = r.Next(8) == 0 ? Date : null,
                SmallScale = r.Next(2) == 0,
                Reserved = r.Next(6) == 0 ? 1 : 0,
            });
        }

        locs = [.. locs.Select(l => l with { Reserved = Math.Min(l.Reserved, l.Capacity) })];
        var kids = new List<Youth>();
        for (var i = 0; i < youths; i++)
        {
            kids.Add(Kid($"Y{i}", r.Next(13, 18), r.Next(3) == 0 ? null : $"L{r.Next(locations)}", r.Next(3) == 0 ? null : Municipalities[r.Next(Municipalities.Length)]) with
            {
                Gender = r.Next(5) == 0 ? Gender.Female : Gender.Male,
                CareLevel = r.Next(6) == 0 ? CareLevel.Intensive : CareLevel.Standard,
            });
        }

        if (youths >= 3 && r.Next(2) == 0)
        {
            kids[0] = kids[0] with { SiblingGroup = "S1" };
            kids[1] = kids[1] with { SiblingGroup = "S1" };
        }

        if (youths >= 4 && r.Next(2) == 0)
        {
            kids[2] = kids[2] with { KeepApart = [kids[3].Id], CurrentLocation = kids[3].CurrentLocation ?? "L0" };
        }

        if (youths >= 5 && r.Next(3) == 0)
        {
            kids[4] = kids[4] with { LockedLocation = $"L{r.Next(locations)}" };
        }

        if (youths >= 6 && r.Next(3) == 0)
        {
            kids[5] = kids[5] with { ExcludeLocations = [$"L{r.Next(locations)}"] };
        }

        var problem = Problem(kids, locs);
        if (r.Next(2) == 0)
        {
            // Spreidingswet targets for a municipality and a province (tight, so that they bind).
            problem = problem with
            {
                Targets = System.Collections.Immutable.ImmutableDictionary<string, int>.Empty
                    .Add(Utrecht, r.Next(0, 3)).Add("PV26", r.Next(1, 4)),
            };
        }

        if (r.Next(2) == 0)
        {
            // Few free ISK seats in two education regions, so that the criterion binds.
            var regions = problem.Locations.Select(l => TestProblems.Resolve(Problem([], [l])).Locations[0].EducationRegion?.Code).OfType<string>().Distinct().Take(2);
            problem = problem with { IskSeats = regions.ToImmutableDictionary(code => code, _ => r.Next(0, 2)) };
        }

        return problem;
    }

    /// <summary>
    /// Side constraints that the flow network cannot hold on its own: a triangle of keep-apart
    /// pairs (a youth in two pairs), sibling groups kept apart from each other, and tight beds that
    /// make groups split in the relaxation. The branch and bound must resolve them.
    /// </summary>
    public static PlacementProblem CreateTangled(int seed)
    {
        var r = new Random(seed);
        var locs = new List<Location>();
        for (var i = 0; i < 3; i++)
        {
            locs.Add(Loc($"L{i}", Municipalities[r.Next(Municipalities.Length)], r.Next(1, 4), 12, 17));
        }

        var kids = new List<Youth>();
        for (var i = 0; i < 8; i++)
        {
            kids.Add(Kid($"Y{i}", r.Next(13, 18), r.Next(4) == 0 ? null : $"L{r.Next(3)}", r.Next(3) == 0 ? null : Municipalities[r.Next(Municipalities.Length)]));
        }

        // A triangle of keep-apart pairs among residents of one location.
        var home = $"L{r.Next(3)}";
        kids[0] = kids[0] with { CurrentLocation = home, KeepApart = [kids[1].Id, kids[2].Id] };
        kids[1] = kids[1] with { CurrentLocation = home, KeepApart = [kids[2].Id] };
        kids[2] = kids[2] with { CurrentLocation = home };

        // Two sibling groups (sizes 2 and 2 or 3) kept apart from each other.
        kids[3] = kids[3] with { SiblingGroup = "S1", KeepApart = [kids[5].Id] };
        kids[4] = kids[4] with { SiblingGroup = "S1" };
        kids[5] = kids[5] with { SiblingGroup = "S2" };
        kids[6] = kids[6] with { SiblingGroup = "S2" };
        if (r.Next(2) == 0)
        {
            kids[7] = kids[7] with { SiblingGroup = "S2" };
        }

        return Problem(kids, locs);
    }

    /// <summary>
    /// The hard class in miniature (<c>generate --profile hard</c>): sibling groups of 2-3 and a
    /// keep-apart pair among new arrivals of one care level (intensive) and age band (12-13) who
    /// compete for the few beds of the locations that take them (odd room, so that the relaxation
    /// splits groups); residents aged 15-17 fill the other beds and may be moved to make room; a pin.
    /// </summary>
    public static PlacementProblem CreateHard(int seed)
    {
        var r = new Random(seed);
        var locs = new List<Location>();
        for (var i = 0; i < 4; i++)
        {
            // L0, L1 take the arrivals (12-17, intensive care); L2, L3 only 15-17.
            var young = i < 2;
            locs.Add(Loc($"L{i}", Municipalities[r.Next(Municipalities.Length)], young ? r.Next(1, 4) : r.Next(1, 3), young ? 12 : 15, 17) with
            {
                CareLevels = young ? [CareLevel.Standard, CareLevel.Intensive] : [CareLevel.Standard],
            });
        }

        var kids = new List<Youth>();
        // Residents, aged 15-17, standard care.
        var residents = r.Next(2, 4);
        for (var i = 0; i < residents; i++)
        {
            kids.Add(Kid($"R{i}", r.Next(15, 18), $"L{r.Next(4)}", r.Next(2) == 0 ? null : Municipalities[r.Next(Municipalities.Length)]));
        }

        if (r.Next(2) == 0)
        {
            kids[0] = kids[0] with { LockedLocation = kids[0].CurrentLocation };
        }

        // New arrivals of the hard class: two sibling groups (2 and 2 or 3) and a keep-apart pair.
        Youth Arrival(string id) => Kid(id, r.Next(12, 14)) with { CareLevel = CareLevel.Intensive };
        kids.Add(Arrival("A0") with { SiblingGroup = "S1" });
        kids.Add(Arrival("A1") with { SiblingGroup = "S1" });
        kids.Add(Arrival("A2") with { SiblingGroup = "S2" });
        kids.Add(Arrival("A3") with { SiblingGroup = "S2" });
        if (r.Next(2) == 0)
        {
            kids.Add(Arrival("A4") with { SiblingGroup = "S2" });
        }

        kids.Add(Arrival("P0") with { KeepApart = [r.Next(2) == 0 ? "P1" : "A0"] });
        kids.Add(Arrival("P1"));
        return Problem(kids, locs);
    }
}

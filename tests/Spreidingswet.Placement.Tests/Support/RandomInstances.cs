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
}

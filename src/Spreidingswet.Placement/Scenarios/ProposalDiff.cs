using System.Collections.Immutable;
using Spreidingswet.Placement.Geography;
using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Preparation;
using Spreidingswet.Placement.Rules;
using Spreidingswet.Placement.Rules.HardRules;

namespace Spreidingswet.Placement.Scenarios;

/// <summary>One youth whose place differs between two situations, and why.</summary>
public sealed record YouthMove
{
    /// <summary>Youth id.</summary>
    public required string Youth { get; init; }

    /// <summary>Location before (current location, or the earlier proposal's); <c>null</c>: no bed before (a new arrival).</summary>
    public required string? From { get; init; }

    /// <summary>Location after; <c>null</c>: unplaced after.</summary>
    public required string? To { get; init; }

    /// <summary>Why: a stable code (<see cref="MoveReasons"/>) and a text.</summary>
    public required Reason Reason { get; init; }

    /// <summary>True when the youth has a current school.</summary>
    public required bool SchoolGoing { get; init; }

    /// <summary>Education region of the youth's school, or <c>null</c>.</summary>
    public required string? SchoolEducationRegion { get; init; }

    /// <summary>Education region of <see cref="From"/>, or <c>null</c>.</summary>
    public required string? EducationRegionBefore { get; init; }

    /// <summary>Education region of <see cref="To"/>, or <c>null</c>.</summary>
    public required string? EducationRegionAfter { get; init; }

    /// <summary>Province of <see cref="From"/>, or <c>null</c>.</summary>
    public required string? ProvinceBefore { get; init; }

    /// <summary>Province of <see cref="To"/>, or <c>null</c>.</summary>
    public required string? ProvinceAfter { get; init; }

    /// <summary>Straight-line km from <see cref="From"/> to the school (0.1 km), or <c>null</c>.</summary>
    public required double? SchoolDistanceKmBefore { get; init; }

    /// <summary>Straight-line km from <see cref="To"/> to the school (0.1 km), or <c>null</c>.</summary>
    public required double? SchoolDistanceKmAfter { get; init; }

    /// <summary>True for a relocation: a bed before and a different bed after.</summary>
    public bool IsRelocation => From is not null && To is not null && From != To;

    /// <summary>True for a relocation to a location in another education region.</summary>
    public bool CrossesEducationRegion => IsRelocation && !Rules.EducationRegion.Same(EducationRegionBefore, EducationRegionAfter);
}

/// <summary>The reason codes of <see cref="YouthMove.Reason"/>. Forced reasons first; the last two are moves the optimum chose.</summary>
public static class MoveReasons
{
    /// <summary>A new arrival (or a youth without a bed before) gets one.</summary>
    public const string ArrivalPlaced = ReasonCodes.ArrivalPlaced;

    /// <summary>The youth had a bed and has none after.</summary>
    public const string Unplaced = ReasonCodes.Unplaced;

    /// <summary>Forced: the location it lived in closes.</summary>
    public const string Closure = ReasonCodes.Closure;

    /// <summary>Forced: it lived in a location that now has fewer beds than residents.</summary>
    public const string Capacity = ReasonCodes.Capacity;

    /// <summary>Forced: a planner pinned it to the new location.</summary>
    public const string Pin = ReasonCodes.Pin;

    /// <summary>Forced: its location no longer fits it (age, care level, needs, exclusion, gender filter).</summary>
    public const string NotEligible = ReasonCodes.NotEligible;

    /// <summary>Forced: a youth it must be kept apart from is in its old location.</summary>
    public const string KeepApart = ReasonCodes.KeepApart;

    /// <summary>Moves with its sibling group, one of whom was forced.</summary>
    public const string SiblingGroup = ReasonCodes.SiblingGroup;

    /// <summary>Part of the optimum: its bed went to a sibling group that needed it.</summary>
    public const string FreedBedForSiblings = ReasonCodes.FreedBedForSiblings;

    /// <summary>Part of the optimum: its bed went to another youth.</summary>
    public const string FreedBed = ReasonCodes.FreedBed;

    /// <summary>Part of the optimum: not forced, the policy's criteria prefer the new place.</summary>
    public const string Optimum = ReasonCodes.Optimum;

    /// <summary>The codes that mean the move was forced by the situation, not chosen.</summary>
    public static ImmutableHashSet<string> Forced { get; } = [Closure, Capacity, Pin, NotEligible, KeepApart, SiblingGroup];
}

/// <summary>How much a plan disturbs the current situation.</summary>
public sealed record DisruptionMetrics
{
    /// <summary>Relocations: a bed before and a different bed after.</summary>
    public required int Moves { get; init; }

    /// <summary>Relocations to a location in another education region.</summary>
    public required int MovesAcrossEducationRegions { get; init; }

    /// <summary>Relocations to a location in another province.</summary>
    public required int MovesAcrossProvinces { get; init; }

    /// <summary>Relocations of school-going youths.</summary>
    public required int SchoolGoingMoved { get; init; }

    /// <summary>Relocations of school-going youths to a location in another education region (recommendation 7's figure).</summary>
    public required int SchoolGoingMovedAcrossEducationRegions { get; init; }

    /// <summary>Relocations forced by the situation (closure, capacity, pin, eligibility, keep-apart, sibling group).</summary>
    public required int ForcedMoves { get; init; }

    /// <summary>Relocations the optimum chose (a freed bed, or better on the policy's criteria).</summary>
    public required int ChosenMoves { get; init; }

    /// <summary>Youths without a bed before who got one (new arrivals).</summary>
    public required int ArrivalsPlaced { get; init; }

    /// <summary>Youths who had a bed and have none after.</summary>
    public required int LostBed { get; init; }

    /// <summary>Youths without a bed after (all of them).</summary>
    public required int Unplaced { get; init; }

    /// <summary>Mean school distance after over placed youths with a school point, km; <c>null</c> when none.</summary>
    public required double? MeanSchoolDistanceKm { get; init; }

    /// <summary>Largest school distance after, km; <c>null</c> when none.</summary>
    public required double? MaxSchoolDistanceKm { get; init; }

    /// <summary>Moves (of every kind) per reason code.</summary>
    public required ImmutableSortedDictionary<string, int> ByReason { get; init; }
}

/// <summary>
/// Who moves from where to where, and why, between the current situation (or an earlier proposal)
/// and a proposal. Reasons are derived from the data only: closures, capacity, pins, eligibility,
/// keep-apart pairs and sibling groups force a move; otherwise the move is part of the optimum (it
/// freed a bed for someone, or the policy's criteria prefer the new place).
/// </summary>
public static class ProposalDiff
{
    /// <summary>The moves of <paramref name="proposal"/> against each youth's <c>current_location</c> in <paramref name="problem"/> (the problem the proposal was made from).</summary>
    public static ImmutableArray<YouthMove> FromCurrent(PlacementProblem problem, Proposal proposal, RegionMap geography)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(proposal);
        ArgumentNullException.ThrowIfNull(geography);
        var rp = Resolver.Resolve(problem, geography, proposal.Run.PlanningDate, proposal.Run.Seed).GetValueOrThrow();
        return Current(rp, proposal);
    }

    /// <summary>
    /// The moves between two proposals: where <paramref name="before"/> put each youth and where
    /// <paramref name="after"/> (made from <paramref name="afterProblem"/>) puts it.
    /// </summary>
    public static ImmutableArray<YouthMove> Between(Proposal before, Proposal after, PlacementProblem afterProblem, RegionMap geography)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        ArgumentNullException.ThrowIfNull(afterProblem);
        ArgumentNullException.ThrowIfNull(geography);
        var rp = Resolver.Resolve(afterProblem, geography, after.Run.PlanningDate, after.Run.Seed).GetValueOrThrow();
        var index = rp.Locations.ToDictionary(l => l.Location.Id, l => l.Index, StringComparer.Ordinal);
        var placed = before.Assignments.ToDictionary(a => a.Youth, a => a.Location, StringComparer.Ordinal);
        var from = rp.Youths.Select(y => placed.TryGetValue(y.Youth.Id, out var l) && index.TryGetValue(l, out var i) ? i : -1).ToArray();
        return Diff(rp, from, after);
    }

    /// <summary>Sums up moves into <see cref="DisruptionMetrics"/>.</summary>
    public static DisruptionMetrics Measure(ImmutableArray<YouthMove> moves, Proposal proposal)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        var relocations = moves.Where(m => m.IsRelocation).ToList();
        return new DisruptionMetrics
        {
            Moves = relocations.Count,
            MovesAcrossEducationRegions = relocations.Count(m => m.CrossesEducationRegion),
            MovesAcrossProvinces = relocations.Count(m => !string.Equals(m.ProvinceBefore, m.ProvinceAfter, StringComparison.OrdinalIgnoreCase)),
            SchoolGoingMoved = relocations.Count(m => m.SchoolGoing),
            SchoolGoingMovedAcrossEducationRegions = relocations.Count(m => m.SchoolGoing && m.CrossesEducationRegion),
            ForcedMoves = relocations.Count(m => MoveReasons.Forced.Contains(m.Reason.Code)),
            ChosenMoves = relocations.Count(m => !MoveReasons.Forced.Contains(m.Reason.Code)),
            ArrivalsPlaced = moves.Count(m => m.From is null && m.To is not null),
            LostBed = moves.Count(m => m.From is not null && m.To is null),
            Unplaced = proposal.Metrics.Unplaced,
            MeanSchoolDistanceKm = proposal.Metrics.MeanSchoolDistanceKm,
            MaxSchoolDistanceKm = proposal.Metrics.MaxSchoolDistanceKm,
            ByReason = moves.GroupBy(m => m.Reason.Code, StringComparer.Ordinal).ToImmutableSortedDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal),
        };
    }

    internal static ImmutableArray<YouthMove> Current(ResolvedProblem rp, Proposal proposal)
        => Diff(rp, [.. rp.Youths.Select(y => y.CurrentLocation)], proposal);

    private static ImmutableArray<YouthMove> Diff(ResolvedProblem rp, int[] before, Proposal after)
    {
        var index = rp.Locations.ToDictionary(l => l.Location.Id, l => l.Index, StringComparer.Ordinal);
        var placed = after.Assignments.ToDictionary(a => a.Youth, a => index[a.Location], StringComparer.Ordinal);
        var n = rp.Youths.Length;
        var to = new int[n];
        var residentsBefore = new int[rp.Locations.Length];
        var loadAfter = new int[rp.Locations.Length];
        for (var y = 0; y < n; y++)
        {
            to[y] = placed.TryGetValue(rp.Youths[y].Youth.Id, out var l) ? l : -1;
            if (before[y] >= 0)
            {
                residentsBefore[before[y]]++;
            }

            if (to[y] >= 0)
            {
                loadAfter[to[y]]++;
            }
        }

        var unplacedReasons = after.Unplaced.ToDictionary(u => u.Youth, u => u.Reasons, StringComparer.Ordinal);
        var moved = Enumerable.Range(0, n).Where(y => before[y] != to[y]).ToArray();
        var reasons = new Reason?[n];
        foreach (var y in moved)
        {
            reasons[y] = Forced(rp, rp.Youths[y], before[y], to[y], residentsBefore, to, unplacedReasons);
        }

        // Second pass: sibling groups follow a forced member; other moves freed a bed or are the optimum's choice.
        var incoming = moved.Where(y => to[y] >= 0).GroupBy(y => to[y]).ToDictionary(g => g.Key, g => g.OrderBy(y => rp.Youths[y].Youth.Id, StringComparer.Ordinal).ToArray());
        foreach (var y in moved.Where(y => reasons[y] is null))
        {
            var youth = rp.Youths[y];
            if (youth.SiblingGroup >= 0 && rp.SiblingGroups[youth.SiblingGroup].FirstOrDefault(m => m != y && reasons[m] is { } r && MoveReasons.Forced.Contains(r.Code), -1) is var m and >= 0)
            {
                reasons[y] = new Reason(MoveReasons.SiblingGroup, Texts.MovesWithSiblingGroup(youth.Youth.SiblingGroup, rp.Youths[m].Youth.Id, reasons[m]!.Text));
                continue;
            }

            var old = before[y];
            if (incoming.TryGetValue(old, out var newcomers) && loadAfter[old] >= rp.Locations[old].Beds)
            {
                var group = newcomers.FirstOrDefault(k => rp.Youths[k].SiblingGroup >= 0, -1);
                var who = group >= 0 ? group : newcomers[0];
                var name = rp.Locations[old].Location.Id;
                reasons[y] = group >= 0
                    ? new Reason(MoveReasons.FreedBedForSiblings, Texts.FreedBedForSiblings(name, rp.Youths[who].Youth.SiblingGroup, string.Join(", ", rp.SiblingGroups[rp.Youths[who].SiblingGroup].Select(k => rp.Youths[k].Youth.Id))))
                    : new Reason(MoveReasons.FreedBed, Texts.FreedBed(name, rp.Youths[who].Youth.Id, before[who] < 0 ? null : rp.Locations[before[who]].Location.Id));
                continue;
            }

            reasons[y] = new Reason(MoveReasons.Optimum, Texts.Optimum(SchoolDetail(youth, rp.Locations[old], rp.Locations[to[y]])));
        }

        return [.. moved.OrderBy(y => rp.Youths[y].Youth.Id, StringComparer.Ordinal).Select(y => Move(rp.Youths[y], before[y] < 0 ? null : rp.Locations[before[y]], to[y] < 0 ? null : rp.Locations[to[y]], reasons[y]!))];
    }

    private static Reason? Forced(ResolvedProblem rp, ResolvedYouth youth, int from, int to, int[] residentsBefore, int[] where, Dictionary<string, ImmutableArray<Reason>> unplaced)
    {
        if (from < 0)
        {
            return new Reason(MoveReasons.ArrivalPlaced, Texts.ArrivalPlaced(rp.Locations[to].Location.Id, youth.Youth.CurrentLocation is null));
        }

        var old = rp.Locations[from];
        if (to < 0)
        {
            var why = unplaced.TryGetValue(youth.Youth.Id, out var r) && r.Length > 0 ? $"{r[0].Code}: {r[0].Text}" : null;
            return new Reason(MoveReasons.Unplaced, Texts.LeavesWithoutBed(old.Location.Id, why));
        }

        if (old.Closed)
        {
            return new Reason(MoveReasons.Closure, Texts.Closure(old.Location.Id, old.Location.Name));
        }

        if (youth.PinnedLocation == to)
        {
            return new Reason(MoveReasons.Pin, Texts.PinnedByPlanner(rp.Locations[to].Location.Id));
        }

        var broken = HardRule.All.Where(h => h is not ClosedRule and not PinRule and not NoBedsRule && !h.Allows(youth, old)).ToList();
        if (broken.Count > 0)
        {
            return new Reason(MoveReasons.NotEligible, Texts.NotEligible(string.Join("; ", broken.Select(h => $"{h.Code}: {h.Explain(youth, old, Language.English)}"))));
        }

        if (residentsBefore[from] > old.Beds)
        {
            return new Reason(MoveReasons.Capacity, Texts.OverCapacity(old.Location.Id, old.Beds, residentsBefore[from]));
        }

        foreach (var other in youth.KeepApart.Concat(rp.Youths.Where(o => o.KeepApart.Contains(youth.Index)).Select(o => o.Index)))
        {
            if (where[other] == from)
            {
                return new Reason(MoveReasons.KeepApart, Texts.KeptApartFrom(rp.Youths[other].Youth.Id, old.Location.Id));
            }
        }

        return null;
    }

    private static string SchoolDetail(ResolvedYouth youth, ResolvedLocation from, ResolvedLocation to)
    {
        if (youth.SchoolPoint is not { } school)
        {
            return "";
        }

        var a = from.Location.Point.DistanceKm(school);
        var b = to.Location.Point.DistanceKm(school);
        return Texts.SchoolDistanceChange(a, b);
    }

    private static YouthMove Move(ResolvedYouth youth, ResolvedLocation? from, ResolvedLocation? to, Reason reason) => new()
    {
        Youth = youth.Youth.Id,
        From = from?.Location.Id,
        To = to?.Location.Id,
        Reason = reason,
        SchoolGoing = youth.IsSchoolGoing,
        SchoolEducationRegion = youth.SchoolRegion,
        EducationRegionBefore = from?.EducationRegion?.Code,
        EducationRegionAfter = to?.EducationRegion?.Code,
        ProvinceBefore = from?.Province?.Code,
        ProvinceAfter = to?.Province?.Code,
        SchoolDistanceKmBefore = from is not null && youth.SchoolPoint is { } a ? Math.Round(from.Location.Point.DistanceKm(a), 1) : null,
        SchoolDistanceKmAfter = to is not null && youth.SchoolPoint is { } b ? Math.Round(to.Location.Point.DistanceKm(b), 1) : null,
    };
}

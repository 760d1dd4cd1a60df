using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Preparation;
using Spreidingswet.Placement.Solving.Flow;


namespace Spreidingswet.Placement;

/// <summary>
/// A problem whose relaxation is solved and kept in memory (candidates, scores, the optimal
/// lexicographic flow and its potentials), made by <see cref="PlacementEngine.StartSession"/> for
/// fast what-if re-plans with <see cref="PlacementEngine.Replan"/>. Immutable after creation: any
/// number of re-plans may run from one session at the same time. It holds the whole model in memory
/// (it grows with the candidate arcs; bench/RESULTS.md gives the national figure); drop it when done.
/// </summary>
public sealed class PlanningSession
{
    internal PlanningSession(PlacementProblem problem, PlacementOptions options, RunSetup setup, LexicographicFlow flow, FlowResult relaxed, TimeSpan elapsed)
    {
        Problem = problem;
        Options = options;
        Setup = setup;
        Flow = flow;
        Relaxed = relaxed;
        SetupTime = elapsed;
    }

    /// <summary>The problem the session was started with.</summary>
    public PlacementProblem Problem { get; }

    /// <summary>The options of every re-plan (the planning date filled in).</summary>
    public PlacementOptions Options { get; }

    /// <summary>Time the session took to start (validation, candidates, scores and the relaxation).</summary>
    public TimeSpan SetupTime { get; }

    /// <summary>Candidate arcs in the session's model.</summary>
    public long CandidateArcs => Setup.Units.ArcCount;

    internal RunSetup Setup { get; }

    internal LexicographicFlow Flow { get; }

    internal FlowResult Relaxed { get; }

    /// <summary>
    /// The locations that <paramref name="changed"/> closes, when that is its only difference from
    /// the session's problem (same youths, same locations but for closing dates, none reopened, no
    /// location closed that was open); otherwise <c>null</c>.
    /// </summary>
    internal bool[]? ClosedBy(PlacementProblem changed)
    {
        var before = Problem;
        if (changed.Youths.Length != before.Youths.Length || changed.Locations.Length != before.Locations.Length
            || !changed.IskSeats.SequenceEqual(before.IskSeats) || !changed.Targets.SequenceEqual(before.Targets))
        {
            return null;
        }

        for (var i = 0; i < changed.Youths.Length; i++)
        {
            if (!SameYouth(before.Youths[i], changed.Youths[i]))
            {
                return null;
            }
        }

        var date = Setup.Date;
        var closed = new bool[changed.Locations.Length];
        var any = false;
        for (var i = 0; i < changed.Locations.Length; i++)
        {
            var (a, b) = (before.Locations[i], changed.Locations[i]);
            if (!SameLocation(a, b with { ClosesOn = a.ClosesOn }))
            {
                return null;
            }

            var (was, now) = (a.IsClosedOn(date), b.IsClosedOn(date));
            if (was && !now)
            {
                return null; // reopened: new arcs, not a closure
            }

            closed[i] = now && !was;
            any |= closed[i];
        }

        return any ? closed : null;
    }

    private static bool SameYouth(Youth a, Youth b) => ReferenceEquals(a, b)
        || (a with { KeepApart = [], ExcludeLocations = [], Needs = [] }) == (b with { KeepApart = [], ExcludeLocations = [], Needs = [] })
        && a.KeepApart.SequenceEqual(b.KeepApart) && a.ExcludeLocations.SequenceEqual(b.ExcludeLocations) && a.Needs.SequenceEqual(b.Needs);

    private static bool SameLocation(Location a, Location b) => ReferenceEquals(a, b)
        || (a with { Genders = [], CareLevels = [], Tags = [] }) == (b with { Genders = [], CareLevels = [], Tags = [] })
        && a.Genders.SequenceEqual(b.Genders) && a.CareLevels.SequenceEqual(b.CareLevels) && a.Tags.SequenceEqual(b.Tags);
}

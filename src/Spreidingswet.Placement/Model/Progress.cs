namespace Spreidingswet.Placement.Model;

/// <summary>Progress of a long operation, reported through <see cref="IProgress{T}"/>.</summary>
/// <param name="Stage">What is being done.</param>
/// <param name="Step">Steps done.</param>
/// <param name="Steps">Steps in all.</param>
public sealed record PlacementProgress(string Stage, int Step, int Steps);

/// <summary>How a solve ended.</summary>
public enum SolverStatus
{
    /// <summary>Proven optimal in every tier.</summary>
    Optimal,

    /// <summary>A solution with a gap to the proven bound.</summary>
    Feasible,

    /// <summary>No solution exists (never happens: leaving youths unplaced is always feasible).</summary>
    Infeasible,

    /// <summary>The time limit ended the search; the best solution found is reported with its gap.</summary>
    TimedOut,
}

/// <summary>The names of <see cref="SolverStatus"/> values as proposal.json and the reports write them.</summary>
public static class SolverStatusNames
{
    /// <summary><c>optimal</c>, <c>feasible</c>, <c>infeasible</c> or <c>timedOut</c>.</summary>
    /// <param name="status">A solver status.</param>
    /// <returns>The status's name in outputs.</returns>
    public static string Name(this SolverStatus status) => status switch
    {
        SolverStatus.Optimal => "optimal",
        SolverStatus.Feasible => "feasible",
        SolverStatus.Infeasible => "infeasible",
        SolverStatus.TimedOut => "timedOut",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "not a solver status"),
    };
}

/// <summary>The language of reason and explanation texts.</summary>
public enum Language
{
    /// <summary>English.</summary>
    English,

    /// <summary>Dutch (Nederlands).</summary>
    Dutch,
}

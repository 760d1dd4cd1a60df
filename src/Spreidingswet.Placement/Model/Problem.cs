using System.Collections.Immutable;
using Spreidingswet.Placement.Inputs;
using Spreidingswet.Placement.Learning;

namespace Spreidingswet.Placement.Model;

/// <summary>The SHA-256 of one input, for the run record.</summary>
/// <param name="Role">What the input is: <c>youths</c>, <c>locations</c>, <c>isk-seats</c>, ...</param>
/// <param name="Path">The file, or <c>null</c> for built-in data.</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the bytes read.</param>
public sealed record InputDigest(string Role, string? Path, string Sha256);

/// <summary>
/// Everything a proposal is made from: the young people, the locations, and the optional ISK seats
/// and Spreidingswet targets. Immutable.
/// </summary>
public sealed record PlacementProblem
{
    /// <summary>The young people of this run (residents to re-plan and new arrivals).</summary>
    public ImmutableArray<Youth> Youths { get; init; } = [];

    /// <summary>The reception locations.</summary>
    public ImmutableArray<Location> Locations { get; init; } = [];

    /// <summary>Free ISK seats per education region code (optional).</summary>
    public ImmutableDictionary<string, int> IskSeats { get; init; } = ImmutableDictionary<string, int>.Empty;

    /// <summary>AMV places targeted per municipality or province code (optional).</summary>
    public ImmutableDictionary<string, int> Targets { get; init; } = ImmutableDictionary<string, int>.Empty;

    /// <summary>True for synthetic data (generated or the built-in demo); stated in every output.</summary>
    public bool IsSynthetic { get; init; }

    /// <summary>The inputs this problem was read from, with their hashes.</summary>
    public ImmutableArray<InputDigest> Inputs { get; init; } = [];

    internal SourceMap Sources { get; init; } = SourceMap.None;
}

/// <summary>How the objective weighs the criteria.</summary>
public enum Policy
{
    /// <summary>Lexicographic: unplaced, then education region breaks, then moves, then the weighted rest (default).</summary>
    EducationFirst,

    /// <summary>One weighted sum with user weights.</summary>
    Weighted,

    /// <summary>Today's practice, the baseline: unplaced, then moves, then distance from the current location (new arrivals: from Ter Apel). No education criterion.</summary>
    CapacityOnly,
}

/// <summary>
/// Weights of the soft criteria (integer cost units per occurrence or per km). The defaults are
/// documented in docs/formats.md ("Weights"); <see cref="Policy.EducationFirst"/> uses only the last four (its
/// earlier tiers are lexicographic), <see cref="Policy.Weighted"/> uses all.
/// </summary>
public sealed record Weights
{
    /// <summary>Cost of leaving a youth without a bed (weighted policy). Default 1,000,000.</summary>
    public long Unplaced { get; init; } = 1_000_000;

    /// <summary>Cost of a placement that breaks a school-going youth's education region (weighted policy). Default 10,000.</summary>
    public long EducationRegionBreak { get; init; } = 10_000;

    /// <summary>Cost of a move away from the current location (weighted policy). Default 1,000.</summary>
    public long Move { get; init; } = 1_000;

    /// <summary>Cost per km of school travel beyond <see cref="SchoolTravelFreeKm"/>. Default 10.</summary>
    public long SchoolTravel { get; init; } = 10;

    /// <summary>School travel within this many km costs nothing. Default 10.</summary>
    public double SchoolTravelFreeKm { get; init; } = 10;

    /// <summary>Cost per km of a move (from the current location). Default 1.</summary>
    public long MoveDistance { get; init; } = 1;

    /// <summary>Cost of placing an under-15 in a location that is not small-scale. Default 200.</summary>
    public long SmallScaleUnder15 { get; init; } = 200;

    /// <summary>Cost per placement beyond the free ISK seats of an education region. Default 100.</summary>
    public long IskSeats { get; init; } = 100;

    /// <summary>Cost per youth placed above a municipality's Spreidingswet target. Default 20.</summary>
    public long Balance { get; init; } = 20;

    /// <summary>
    /// Learned school continuity (only with a model, <see cref="PlacementOptions.Model"/>): a placement
    /// costs this weight x (1 - p), rounded, where p is the predicted probability that schooling
    /// continues. Default 1,000.
    /// </summary>
    public long LearnedContinuity { get; init; } = 1_000;

    /// <summary>The defaults.</summary>
    public static Weights Default { get; } = new();

    /// <summary>Every problem with the weights (negative values), reported together.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        foreach (var (name, value) in new (string, double)[]
        {
            (nameof(Unplaced), Unplaced), (nameof(EducationRegionBreak), EducationRegionBreak), (nameof(Move), Move),
            (nameof(SchoolTravel), SchoolTravel), (nameof(SchoolTravelFreeKm), SchoolTravelFreeKm), (nameof(MoveDistance), MoveDistance),
            (nameof(SmallScaleUnder15), SmallScaleUnder15), (nameof(IskSeats), IskSeats), (nameof(Balance), Balance), (nameof(LearnedContinuity), LearnedContinuity),
        })
        {
            if (value < 0 || double.IsNaN(value))
            {
                problems.Add($"weight {name} is {value}: weights must be zero or positive.");
            }

            if (value > 1e9)
            {
                problems.Add($"weight {name} is {value}: weights above 1,000,000,000 risk overflow.");
            }
        }

        return problems;
    }
}

/// <summary>Options of one proposal, with documented defaults.</summary>
public sealed record PlacementOptions
{
    /// <summary>The policy; default <see cref="Policy.EducationFirst"/>.</summary>
    public Policy Policy { get; init; } = Policy.EducationFirst;

    /// <summary>The weights; default <see cref="Weights.Default"/>.</summary>
    public Weights Weights { get; init; } = Weights.Default;

    /// <summary>The planning date (ages, closures); default: today (from the engine's time provider).</summary>
    public DateOnly? PlanningDate { get; init; }

    /// <summary>
    /// Wall-clock budget for the whole proposal, from validation to explanations; default 60 s. The
    /// solver gets what is left after candidates and scores, less a reserve for the explanations (and
    /// at least a tenth of the budget); when it stops at its share, the best proposal found is
    /// returned with its gap. A target, not a hard bound: the solver's last step, slow candidates (the
    /// tenth) or a model export can run past it. <see cref="PlacementEngine.Replan"/> gives its
    /// incremental re-plan the budget less the reserve; when that path does not apply, the full
    /// proposal that follows gets the whole budget again.
    /// </summary>
    public TimeSpan TimeLimit { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Seed for tie-breaking; default 1.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Alternatives listed per assignment; default 3.</summary>
    public int Alternatives { get; init; } = 3;

    /// <summary>Language of reason texts; default English.</summary>
    public Language Language { get; init; } = Language.English;

    /// <summary>
    /// When set, the last tier's model (earlier tiers as constraints, every candidate arc, CPLEX LP
    /// format) is written to this file after solving. Default none.
    /// </summary>
    public string? ExportModel { get; init; }

    /// <summary>Allow <see cref="ExportModel"/> for models over 20 million arcs. Default false.</summary>
    public bool ForceLargeExport { get; init; }

    /// <summary>
    /// The learned school-continuity model (<see cref="ContinuityModel.Load"/>; load once, reuse):
    /// adds the <c>learnedContinuity</c> criterion (weight <see cref="Weights.LearnedContinuity"/>) to
    /// the weighted tier of education-first and to the weighted policy, and the predicted probability
    /// to every assignment and alternative. Default none.
    /// </summary>
    public ContinuityModel? Model { get; init; }

    /// <summary>The child's views, stability and turning 18 (<see cref="ViewsOptions"/>); default <see cref="ViewsOptions.Default"/>.</summary>
    public ViewsOptions Views { get; init; } = ViewsOptions.Default;

    /// <summary>
    /// A planner's forecast of school-going arrivals per education region and week
    /// (<see cref="Inputs.ForecastReader"/>): education-first and weighted hold beds per region for them
    /// with the simulation's reservations' look-ahead plan (docs/simulation.md "In a proposal"; what was held is in
    /// <see cref="RunInfo.Forecast"/>). Capacity-only ignores it, with a warning. Default none.
    /// </summary>
    public DemandForecast? Forecast { get; init; }
}

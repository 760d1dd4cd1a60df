using System.Collections.Immutable;
using System.Text.Json.Serialization;
using Spreidingswet.Placement.Learning;

namespace Spreidingswet.Placement.Model;

/// <summary>A placement proposal: advice for a planner, with its run record, solver report, metrics and per-youth explanations.</summary>
public sealed record Proposal
{
    /// <summary>Version of the proposal.json schema.</summary>
    public int SchemaVersion { get; init; } = 1;

    /// <summary>What the proposal was made from and how.</summary>
    public required RunInfo Run { get; init; }

    /// <summary>How the solve ended.</summary>
    public required SolverReport Solver { get; init; }

    /// <summary>Headline figures.</summary>
    public required ProposalMetrics Metrics { get; init; }

    /// <summary>One entry per placed youth, ordered by youth id.</summary>
    public required ImmutableArray<Assignment> Assignments { get; init; }

    /// <summary>One entry per youth without a bed, ordered by youth id.</summary>
    public required ImmutableArray<UnplacedYouth> Unplaced { get; init; }

    /// <summary>Warnings (coastal points assigned to the nearest municipality, schools abroad, pins not honoured, synthetic data, ...).</summary>
    public required ImmutableArray<string> Warnings { get; init; }

    /// <summary>Outcomes per <c>audit_group</c> (present only when youths have one; never read by scoring).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public FairnessReport? Fairness { get; init; }
}

/// <summary>The run record.</summary>
public sealed record RunInfo
{
    /// <summary>Unique run id.</summary>
    public required string Id { get; init; }

    /// <summary>When the run was made (UTC).</summary>
    public required DateTimeOffset TimeUtc { get; init; }

    /// <summary>Engine version.</summary>
    public required string EngineVersion { get; init; }

    /// <summary>Every input with its SHA-256.</summary>
    public required ImmutableArray<InputDigest> Inputs { get; init; }

    /// <summary>The planning date.</summary>
    public required DateOnly PlanningDate { get; init; }

    /// <summary>The policy (<c>education-first</c>, <c>weighted</c>, <c>capacity-only</c>).</summary>
    public required string Policy { get; init; }

    /// <summary>The weights in force.</summary>
    public required Weights Weights { get; init; }

    /// <summary>The seed.</summary>
    public required int Seed { get; init; }

    /// <summary>Region layers used.</summary>
    public required GeodataInfo Geodata { get; init; }

    /// <summary>True when the input is synthetic.</summary>
    public required bool Synthetic { get; init; }

    /// <summary>The learned school-continuity model used (present only when one is).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ModelInfo? Model { get; init; }

    /// <summary>
    /// The views options in force, present when the views or the turning-18 criteria applied to the run:
    /// <see cref="ViewsOptions.Enabled"/> true when the views and stability criteria applied, null
    /// (auto) when only turning 18 did (no youth had a views field).
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ViewsOptions? Views { get; init; }

    /// <summary>The forecast the proposal held beds for, and the beds held per education region (present only with a forecast).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ForecastRun? Forecast { get; init; }
}

/// <summary>The learned model a run used.</summary>
/// <param name="File">The model file's name, or null for a model trained in the process.</param>
/// <param name="Sha256">SHA-256 of the model file.</param>
/// <param name="SyntheticData">True when it was trained on synthetic data.</param>
/// <param name="Weight">The <c>learnedContinuity</c> weight in force.</param>
public sealed record ModelInfo(string? File, string Sha256, bool SyntheticData, long Weight);

/// <summary>The geodata a run used.</summary>
/// <param name="Source"><c>default</c> (the embedded official 2025 layers), <c>official</c> (layers loaded from files), or <c>mixed</c>.</param>
/// <param name="Layers">Per role: file (null for the default), CRS, region count and SHA-256.</param>
public sealed record GeodataInfo(string Source, ImmutableArray<Geography.RegionLayerInfo> Layers);

/// <summary>The solver's report.</summary>
public sealed record SolverReport
{
    /// <summary>How the solve ended; written as <c>optimal</c>, <c>feasible</c>, <c>infeasible</c> or <c>timedOut</c> (<see cref="SolverStatusNames.Name"/>).</summary>
    public required SolverStatus Status { get; init; }

    /// <summary>Value of the last tier.</summary>
    public required long Objective { get; init; }

    /// <summary>Proven lower bound of the last tier (equal to the objective when optimal).</summary>
    public required long Bound { get; init; }

    /// <summary>Relative gap at the first tier whose value exceeds its bound; 0 when optimal.</summary>
    public required double Gap { get; init; }

    /// <summary>Per tier: name, value, bound.</summary>
    public required ImmutableArray<TierReport> Tiers { get; init; }

    /// <summary>How it was solved.</summary>
    public required string Method { get; init; }

    /// <summary>Wall-clock seconds of the solve.</summary>
    public required double Seconds { get; init; }

    /// <summary>
    /// Set when the proposal was re-planned incrementally from a <see cref="PlanningSession"/>: the
    /// ids of the locations whose closure was applied to the session's solved model (a replay starts a
    /// session on the problem with them open and re-plans the same way). Absent (not written) otherwise.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public ImmutableArray<string>? ReplannedAfterClosing { get; init; }
}

/// <summary>One tier of the objective.</summary>
/// <param name="Name">Tier name.</param>
/// <param name="Value">Value reached.</param>
/// <param name="Bound">Proven lower bound.</param>
public sealed record TierReport(string Name, long Value, long Bound);

/// <summary>Headline figures of a proposal. kept + broken + unplaced school-going = schoolGoing.</summary>
public sealed record ProposalMetrics
{
    /// <summary>Youths in the run.</summary>
    public required int Youths { get; init; }

    /// <summary>Youths with a bed.</summary>
    public required int Placed { get; init; }

    /// <summary>Youths without a bed.</summary>
    public required int Unplaced { get; init; }

    /// <summary>Youths placed somewhere other than their current location.</summary>
    public required int Moved { get; init; }

    /// <summary>Youths with a current school.</summary>
    public required int SchoolGoing { get; init; }

    /// <summary>School-going youths placed in their school's education region.</summary>
    public required int EducationRegionKept { get; init; }

    /// <summary>School-going youths placed outside their school's education region, whatever the cause.</summary>
    public required int EducationRegionBroken { get; init; }

    /// <summary>Breaks caused by this proposal's changes (placed outside the region and not where they already were).</summary>
    public required int EducationRegionBreaksCaused { get; init; }

    /// <summary>Mean straight-line km from location to school over placed youths with a school point; null when none.</summary>
    public required double? MeanSchoolDistanceKm { get; init; }

    /// <summary>Largest such distance; null when none.</summary>
    public required double? MaxSchoolDistanceKm { get; init; }

    /// <summary>Beds and placements per province.</summary>
    public required ImmutableArray<ProvinceFill> FillPerProvince { get; init; }

    /// <summary>Mean learned school-continuity probability over placed youths (present only with a model).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? MeanPredictedProbability { get; init; }

    /// <summary>Wishes, recent moves and turning 18 (present when the views criteria or the turning-18 criterion apply to the run; without views fields the wish and recent-move counts are 0).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ViewsMetrics? Views { get; init; }
}

/// <summary>The views figures of a proposal.</summary>
/// <param name="WishesStated">Youths with a stated wish.</param>
/// <param name="WishesHonoured">Of them, placed where every part of the wish is met.</param>
/// <param name="MovedAgainWithin12Months">Youths moved by this proposal who had already moved in the last 12 months (so moved more than once in 12 months).</param>
/// <param name="Turning18">Youths who turn 18 within the horizon.</param>
/// <param name="Turning18MovedAcrossRegions">Of them, moved out of the education region where they live.</param>
public sealed record ViewsMetrics(int WishesStated, int WishesHonoured, int MovedAgainWithin12Months, int Turning18, int Turning18MovedAcrossRegions);

/// <summary>Fill of one province.</summary>
/// <param name="Province">Province code.</param>
/// <param name="Name">Province name.</param>
/// <param name="Beds">Beds available to this run.</param>
/// <param name="Placed">Youths placed.</param>
/// <param name="Fill">Placed divided by beds (0 when no beds).</param>
public sealed record ProvinceFill(string Province, string Name, int Beds, int Placed, double Fill);

/// <summary>One placed youth and why.</summary>
public sealed record Assignment
{
    /// <summary>Youth id.</summary>
    public required string Youth { get; init; }

    /// <summary>Location id.</summary>
    public required string Location { get; init; }

    /// <summary>Current location id, or null for a new arrival.</summary>
    public required string? From { get; init; }

    /// <summary>Weighted cost of this placement (sum of <see cref="Criteria"/>).</summary>
    public required long Cost { get; init; }

    /// <summary>Cost per criterion (weighted).</summary>
    public required ImmutableSortedDictionary<string, long> Criteria { get; init; }

    /// <summary>School and location education regions, or null when the youth is not school-going.</summary>
    public required EducationRegionCheck? EducationRegion { get; init; }

    /// <summary>Straight-line km from the location to the school (0.1 km), or null.</summary>
    public required double? SchoolDistanceKm { get; init; }

    /// <summary>The next-best locations and why they are worse or impossible.</summary>
    public required ImmutableArray<Alternative> Alternatives { get; init; }

    /// <summary>Learned probability that schooling continues after this placement (0.001; present only with a model).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? PredictedProbability { get; init; }

    /// <summary>What was weighed in the youth's best interests (every youth of a proposal made by this engine has one).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public BestInterests? BestInterests { get; init; }
}

/// <summary>
/// What was weighed for one youth and how (UN CRC General Comment 14): a short statement built only
/// from <see cref="Claims"/>, each of which a reviewer (or a test) can check against the proposal.
/// </summary>
/// <param name="Statement">The claims in words, in the run's language.</param>
/// <param name="Claims">The structured claims, in a fixed topic order.</param>
public sealed record BestInterests(string Statement, ImmutableArray<BestInterestsClaim> Claims);

/// <summary>
/// One claim of a best-interests statement (topics and outcomes in docs/explanations.md):
/// <c>placement</c>, <c>educationRegion</c>, <c>siblings</c>, <c>views</c>, <c>schoolDistance</c>,
/// <c>moves</c>, <c>turning18</c>.
/// </summary>
/// <param name="Topic">What the claim is about.</param>
/// <param name="Outcome">What the proposal does about it (for example <c>kept</c>, <c>broken</c>, <c>met</c>, <c>notMet</c>).</param>
public sealed record BestInterestsClaim(string Topic, string Outcome)
{
    /// <summary>What was asked or needed: the school's region, the youth's wish (<c>location:L1</c>, <c>municipality:GM0344</c>, <c>region:MC19</c>, <c>near:lat,lon</c>), the home region.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Wanted { get; init; }

    /// <summary>What the proposal gives: a location id or region code.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Got { get; init; }

    /// <summary>A distance in km (0.1 km).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Km { get; init; }

    /// <summary>A count: sibling group size, moves in the last 12 months.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Count { get; init; }

    /// <summary>A date: the 18th birthday, the day the views were heard.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateOnly? On { get; init; }

    /// <summary>What stood in the way: rule and reason codes (FULL, AGE, SIBLINGS_DO_NOT_FIT, ...), <c>NO_LOCATION</c>, or <c>TIER:name</c> for the tier that outweighed it.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ImmutableArray<string>? Because { get; init; }
}

/// <summary>Education region of the school and of the location.</summary>
/// <param name="School">Region code of the school.</param>
/// <param name="Location">Region code of the location.</param>
/// <param name="Kept">True when they are the same.</param>
public sealed record EducationRegionCheck(string School, string? Location, bool Kept);

/// <summary>An alternative location for a youth.</summary>
/// <param name="Location">Location id.</param>
/// <param name="CostDelta">Weighted cost there minus the cost of the proposal.</param>
/// <param name="CriteriaDelta">Per criterion, cost there minus cost in the proposal (non-zero entries only).</param>
/// <param name="BlockedBy">Hard rules that forbid it (rule codes); empty when it is merely worse.</param>
public sealed record Alternative(string Location, long CostDelta, ImmutableSortedDictionary<string, long> CriteriaDelta, ImmutableArray<string> BlockedBy)
{
    /// <summary>Learned probability that schooling continues there (0.001; present only with a model).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? PredictedProbability { get; init; }
}

/// <summary>A youth without a bed, with the reasons.</summary>
/// <param name="Youth">Youth id.</param>
/// <param name="Reasons">Reason codes and texts.</param>
public sealed record UnplacedYouth(string Youth, ImmutableArray<Reason> Reasons)
{
    /// <summary>What was weighed in the youth's best interests (every youth of a proposal made by this engine has one).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public BestInterests? BestInterests { get; init; }
}

/// <summary>A stable reason code with a plain-words text.</summary>
/// <param name="Code">Stable code.</param>
/// <param name="Text">Text in the run's language.</param>
public sealed record Reason(string Code, string Text);

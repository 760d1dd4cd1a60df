using System.Collections.Concurrent;
using System.Collections.Immutable;
using Spreidingswet.Placement.Geography;
using Spreidingswet.Placement.Inputs;
using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Outputs;
using Spreidingswet.Placement.Preparation;

namespace Spreidingswet.Placement.Scenarios;

/// <summary>
/// The outcome of one scenario as a plain value (what scenario.json holds per scenario): the changes,
/// and per policy the solver report, the metrics, the disruption figures and every move with its reason.
/// </summary>
public sealed record ScenarioResult
{
    /// <summary>Version of the scenario.json schema.</summary>
    public int SchemaVersion { get; init; } = 1;

    /// <summary>The scenario's name.</summary>
    public required string Name { get; init; }

    /// <summary>The scenario file, or <c>null</c> when built in code.</summary>
    public required string? File { get; init; }

    /// <summary>The planning date.</summary>
    public required DateOnly PlanningDate { get; init; }

    /// <summary>Engine version.</summary>
    public required string EngineVersion { get; init; }

    /// <summary>True when any input is synthetic.</summary>
    public required bool Synthetic { get; init; }

    /// <summary>Every input with its SHA-256 (base files, arrivals files).</summary>
    public required ImmutableArray<InputDigest> Inputs { get; init; }

    /// <summary>The changes as applied, in order.</summary>
    public required ImmutableArray<AppliedChange> Changes { get; init; }

    /// <summary>One entry per compared policy, in the scenario's order.</summary>
    public required ImmutableArray<PolicyResult> Policies { get; init; }

    /// <summary>Warnings from the changes and the proposals.</summary>
    public required ImmutableArray<string> Warnings { get; init; }
}

/// <summary>One policy's re-plan of a scenario, against the current situation.</summary>
public sealed record PolicyResult
{
    /// <summary>The policy (<c>education-first</c>, <c>weighted</c>, <c>capacity-only</c>).</summary>
    public required string Policy { get; init; }

    /// <summary>The proposal's run id.</summary>
    public required string RunId { get; init; }

    /// <summary>The weights in force.</summary>
    public required Weights Weights { get; init; }

    /// <summary>The views options in force (when and how the views, stability and turning 18 were weighed), as the proposal's <see cref="RunInfo.Views"/>; absent when they were not.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public ViewsOptions? Views { get; init; }

    /// <summary>How the solve ended.</summary>
    public required SolverReport Solver { get; init; }

    /// <summary>The proposal's metrics (as in proposal.json).</summary>
    public required ProposalMetrics Metrics { get; init; }

    /// <summary>Moves against the current situation, summed up.</summary>
    public required DisruptionMetrics Disruption { get; init; }

    /// <summary>Every youth whose place changes (relocations, arrivals placed, beds lost), ordered by youth id.</summary>
    public required ImmutableArray<YouthMove> Moves { get; init; }
}

/// <summary>A scenario's result with what made it: the changed problem, the proposals and the geography (for reports).</summary>
/// <param name="Result">The plain result (serialised into scenario.json).</param>
/// <param name="Problem">The problem after the changes.</param>
/// <param name="Proposals">One proposal per policy, in the order of <see cref="ScenarioResult.Policies"/>.</param>
/// <param name="Geography">The region layers used.</param>
public sealed record ScenarioRun(ScenarioResult Result, PlacementProblem Problem, ImmutableArray<Proposal> Proposals, RegionMap Geography)
{
    /// <summary>The options each proposal was made with (same order as <see cref="Proposals"/>), so that a run can be recorded and replayed.</summary>
    public ImmutableArray<PlacementOptions> Options { get; init; } = [];

    /// <summary>The region layer files the scenario named, or <c>null</c> for the runner's own layers.</summary>
    public GeographyOptions? Layers { get; init; }
}

/// <summary>The runs of several scenarios, in the order given.</summary>
/// <param name="Runs">One run per scenario.</param>
public sealed record ScenarioBatch(ImmutableArray<ScenarioRun> Runs);

/// <summary>Progress of a scenario batch: one step per (scenario, policy) solved.</summary>
/// <param name="Done">Steps finished.</param>
/// <param name="Total">Steps in all.</param>
/// <param name="Scenario">The scenario of the step just finished.</param>
/// <param name="Policy">Its policy.</param>
public sealed record ScenarioProgress(int Done, int Total, string Scenario, string Policy);

/// <summary>
/// Runs scenarios: loads each base (shared between scenarios with the same base and layers), applies
/// the changes, re-plans under each compared policy (in parallel over the cores: every (scenario,
/// policy) pair is an independent proposal) and diffs each proposal against the current situation.
/// Thread-safe; holds only immutable state.
/// </summary>
public sealed class ScenarioRunner
{
    private readonly RegionMap _geography;
    private readonly TimeProvider _time;

    /// <summary>Creates a runner.</summary>
    /// <param name="geography">The layers for scenarios that do not name their own.</param>
    /// <param name="time">Clock for run times and the default planning date; default the system clock.</param>
    public ScenarioRunner(RegionMap geography, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(geography);
        _geography = geography;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Most (scenario, policy) solves at the same time; default the number of cores.</summary>
    public int MaxParallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>Runs one scenario.</summary>
    public LoadResult<ScenarioRun> Run(ScenarioDefinition scenario, IProgress<ScenarioProgress>? progress = null, CancellationToken cancellation = default)
    {
        var all = RunAll([scenario], progress, cancellation);
        return all.Value is { } batch ? LoadResult<ScenarioRun>.Success(batch.Runs[0], all.Warnings) : LoadResult<ScenarioRun>.Failure(all.Errors, all.Warnings);
    }

    /// <summary>
    /// Runs several scenarios in one call. Every scenario is validated first; when any is invalid,
    /// nothing is solved and every error of every scenario is returned.
    /// </summary>
    public LoadResult<ScenarioBatch> RunAll(IReadOnlyList<ScenarioDefinition> scenarios, IProgress<ScenarioProgress>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(scenarios);
        var geographies = new ConcurrentDictionary<GeographyOptions, Lazy<LoadResult<RegionMap>>>();
        var bases = new ConcurrentDictionary<(string, RegionMap), Lazy<LoadResult<PlacementProblem>>>();
        var prepared = new Prepared?[scenarios.Count];
        var errors = new ConcurrentBag<(int, IReadOnlyList<InputError>)>();
        Parallel.For(0, scenarios.Count, new ParallelOptions { MaxDegreeOfParallelism = MaxParallelism, CancellationToken = cancellation }, i =>
        {
            var result = Prepare(scenarios[i], geographies, bases);
            if (result.Value is { } p)
            {
                prepared[i] = p;
            }
            else
            {
                // A scenario may name any readable file: errors about those files never show their contents.
                errors.Add((i, ScenarioPaths.WithoutContents(result.Errors, scenarios[i].File ?? "")));
            }
        });
        if (!errors.IsEmpty)
        {
            return LoadResult<ScenarioBatch>.Failure([.. errors.OrderBy(e => e.Item1).SelectMany(e => e.Item2)]);
        }

        var jobs = prepared.SelectMany((p, s) => p!.Policies.Select((policy, k) => (Scenario: s, Slot: k, Policy: policy))).ToArray();
        var proposals = prepared.Select(p => new Proposal[p!.Policies.Length]).ToArray();
        var done = 0;
        var failures = new ConcurrentBag<IReadOnlyList<InputError>>();
        // Scenarios that only close locations re-plan from one solved session per (base, options),
        // shared by every such scenario of the call.
        var sessions = new ConcurrentDictionary<(PlacementProblem, PlacementOptions), Lazy<LoadResult<PlanningSession>>>(SessionKeyComparer.Instance);
        Parallel.ForEach(jobs, new ParallelOptions { MaxDegreeOfParallelism = MaxParallelism, CancellationToken = cancellation }, job =>
        {
            var p = prepared[job.Scenario]!;
            var engine = new PlacementEngine(p.Geography, _time);
            var options = p.Changed.Options with { Policy = job.Policy };
            LoadResult<Proposal> result;
            if (p.ClosuresOnly)
            {
                var session = sessions.GetOrAdd((p.Base, options), key => new Lazy<LoadResult<PlanningSession>>(() => engine.StartSession(key.Item1, key.Item2, null, cancellation))).Value;
                result = session.Value is { } s ? engine.Replan(s, p.Changed.Problem, null, cancellation) : LoadResult<Proposal>.Failure(session.Errors);
            }
            else
            {
                result = engine.Propose(p.Changed.Problem, options, null, cancellation);
            }

            if (result.Value is { } proposal)
            {
                proposals[job.Scenario][job.Slot] = proposal;
            }
            else
            {
                failures.Add(result.Errors);
            }

            progress?.Report(new ScenarioProgress(Interlocked.Increment(ref done), jobs.Length, scenarios[job.Scenario].Name, PlacementEngine.PolicyName(job.Policy)));
        });
        if (!failures.IsEmpty)
        {
            return LoadResult<ScenarioBatch>.Failure([.. failures.SelectMany(f => f)]);
        }

        var runs = prepared.Select((p, s) => Assemble(scenarios[s], p!, proposals[s])).ToImmutableArray();
        return LoadResult<ScenarioBatch>.Success(new ScenarioBatch(runs), [.. runs.SelectMany(r => r.Result.Warnings).Distinct()]);
    }

    private sealed record Prepared(RegionMap Geography, ChangedProblem Changed, ResolvedProblem Resolved, ImmutableArray<Policy> Policies)
    {
        /// <summary>The problem before the changes.</summary>
        public required PlacementProblem Base { get; init; }

        /// <summary>True when every change closes a location (then the re-plan starts from a solved session of the base).</summary>
        public bool ClosuresOnly { get; init; }
    }

    /// <summary>Sessions are shared by the same base object (reference) and equal options.</summary>
    private sealed class SessionKeyComparer : IEqualityComparer<(PlacementProblem Problem, PlacementOptions Options)>
    {
        public static SessionKeyComparer Instance { get; } = new();

        public bool Equals((PlacementProblem Problem, PlacementOptions Options) x, (PlacementProblem Problem, PlacementOptions Options) y)
            => ReferenceEquals(x.Problem, y.Problem) && x.Options == y.Options;

        public int GetHashCode((PlacementProblem Problem, PlacementOptions Options) obj)
            => HashCode.Combine(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj.Problem), obj.Options);
    }

    private LoadResult<Prepared> Prepare(ScenarioDefinition scenario, ConcurrentDictionary<GeographyOptions, Lazy<LoadResult<RegionMap>>> geographies,
        ConcurrentDictionary<(string, RegionMap), Lazy<LoadResult<PlacementProblem>>> bases)
    {
        var source = scenario.File ?? scenario.Name;
        var b = scenario.Base;
        var geography = _geography;
        if (b.Geography is { } layers)
        {
            var loaded = geographies.GetOrAdd(layers, o => new Lazy<LoadResult<RegionMap>>(() => RegionMap.Load(o))).Value;
            if (loaded.Value is null)
            {
                return LoadResult<Prepared>.Failure(loaded.Errors);
            }

            geography = loaded.Value;
        }

        var key = BaseKey(b);
        var read = key is null ? LoadBase(b, geography, source) : bases.GetOrAdd((key, geography), _ => new Lazy<LoadResult<PlacementProblem>>(() => LoadBase(b, geography, source))).Value;
        if (read.Value is not { } problem)
        {
            return LoadResult<Prepared>.Failure(read.Errors);
        }

        if (b.FromProposal is { } proposalFile)
        {
            var proposal = ReadProposal(proposalFile, source);
            if (proposal.Value is null)
            {
                return LoadResult<Prepared>.Failure(proposal.Errors);
            }

            var rebased = ScenarioChanges.FromProposal(problem, proposal.Value, proposalFile);
            if (rebased.Value is null)
            {
                return LoadResult<Prepared>.Failure(rebased.Errors);
            }

            problem = rebased.Value with { Inputs = rebased.Value.Inputs.Add(ProblemReader.Digest("from-proposal", proposalFile)) };
        }

        var date = b.PlanningDate ?? (b.Demo || b.Generate is not null ? b.Generate?.PlanningDate ?? new DateOnly(2026, 12, 1) : DateOnly.FromDateTime(_time.GetUtcNow().UtcDateTime));
        var options = new PlacementOptions { Policy = b.Policy, Weights = b.Weights, Views = b.Views, PlanningDate = date, Seed = b.Seed, TimeLimit = b.TimeLimit };
        var changed = ScenarioChanges.Apply(problem, options, scenario.Changes, geography, source, scenario.Compare);
        if (changed.Value is null)
        {
            return LoadResult<Prepared>.Failure(changed.Errors);
        }

        var resolved = Resolver.Resolve(changed.Value.Problem, geography, date, b.Seed);
        if (resolved.Value is null)
        {
            return LoadResult<Prepared>.Failure(resolved.Errors);
        }

        var policies = scenario.Compare.IsDefaultOrEmpty
            ? new[] { changed.Value.Options.Policy, Policy.CapacityOnly }.Distinct().ToImmutableArray()
            : scenario.Compare;
        return LoadResult<Prepared>.Success(new Prepared(geography, changed.Value, resolved.Value, policies)
        {
            Base = problem,
            ClosuresOnly = scenario.Changes.Length > 0 && scenario.Changes.All(c => c is CloseLocation),
        });
    }

    private static string? BaseKey(ScenarioBase b) => b switch
    {
        { InMemory: not null } => null,
        { Demo: true } => "demo",
        { Generate: { } g } => $"generate:{g}",
        { Problem: { } p } => $"problem:{Path.GetFullPath(p)}",
        _ => $"csv:{Full(b.Youths)}|{Full(b.Locations)}|{Full(b.IskSeats)}|{Full(b.Targets)}",
    };

    private static string? Full(string? path) => path is null ? null : Path.GetFullPath(path);

    private static LoadResult<PlacementProblem> LoadBase(ScenarioBase b, RegionMap geography, string source)
    {
        if (b.InMemory is { } problem)
        {
            return LoadResult<PlacementProblem>.Success(problem);
        }

        if (b.Demo)
        {
            return LoadResult<PlacementProblem>.Success(SyntheticGenerator.Demo(geography));
        }

        if (b.Generate is { } settings)
        {
            return LoadResult<PlacementProblem>.Success(SyntheticGenerator.Generate(settings, geography));
        }

        if (b.Problem is { } json)
        {
            return ProblemReader.ReadJson(json);
        }

        if (b.Youths is { } youths && b.Locations is { } locations)
        {
            return ProblemReader.Read(new ProblemFiles(youths, locations) { IskSeats = b.IskSeats, Targets = b.Targets });
        }

        return LoadResult<PlacementProblem>.Failure([new InputError(source, 0, "base", null, "needs exactly one source of the current situation: youths and locations, problem, demo or generate.")]);
    }

    private static LoadResult<Proposal> ReadProposal(string path, string source)
    {
        if (!File.Exists(path))
        {
            return LoadResult<Proposal>.Failure([new InputError(source, 0, "base.fromProposal", path, "file not found.")]);
        }

        return ProposalWriter.Load(path);
    }

    private static ScenarioRun Assemble(ScenarioDefinition scenario, Prepared p, Proposal[] proposals)
    {
        var policies = proposals.Select(proposal =>
        {
            var moves = ProposalDiff.Current(p.Resolved, proposal);
            return new PolicyResult
            {
                Policy = proposal.Run.Policy,
                RunId = proposal.Run.Id,
                Weights = proposal.Run.Weights,
                Views = proposal.Run.Views,
                Solver = proposal.Solver,
                Metrics = proposal.Metrics,
                Disruption = ProposalDiff.Measure(moves, proposal),
                Moves = moves,
            };
        }).ToImmutableArray();
        var warnings = p.Changed.Warnings.Concat(proposals.SelectMany(x => x.Warnings)).Distinct().ToImmutableArray();
        var result = new ScenarioResult
        {
            Name = scenario.Name,
            File = scenario.File,
            PlanningDate = p.Changed.Options.PlanningDate!.Value,
            EngineVersion = PlacementEngine.Version,
            Synthetic = p.Changed.Problem.IsSynthetic,
            Inputs = p.Changed.Problem.Inputs,
            Changes = p.Changed.Applied,
            Policies = policies,
            Warnings = warnings,
        };
        return new ScenarioRun(result, p.Changed.Problem, [.. proposals], p.Geography)
        {
            Options = [.. p.Policies.Select(policy => p.Changed.Options with { Policy = policy })],
            Layers = scenario.Base.Geography,
        };
    }
}

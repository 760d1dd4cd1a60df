using System.Collections.Concurrent;
using Spreidingswet.Placement.Audit;
using Spreidingswet.Placement.Geography;
using Spreidingswet.Placement.Inputs;
using Spreidingswet.Placement.Model;

namespace Spreidingswet.Placement.Web.Services;

/// <summary>
/// The region layers, the engine (both shared, immutable) and the current situation: the library's demo
/// instance until a planner uploads files. With a <see cref="WebState"/> the situation is kept across restarts.
/// </summary>
public sealed class Situation
{
    private readonly PlacementProblem _demo;
    private readonly WebState? _state;
    private volatile CurrentSituation _current;
    private string? _demoHash;

    public Situation(RegionMap geography, WebState? state = null)
    {
        Geography = geography;
        Engine = new PlacementEngine(geography);
        _demo = SyntheticGenerator.Demo(geography);
        _state = state;
        _current = new CurrentSituation(_demo, null, null, DateTimeOffset.UtcNow);
        if (state?.LoadSituation() is { Problem: { } hash } kept)
        {
            if (state.LoadProblem(hash) is { } problem)
            {
                _current = new CurrentSituation(problem, kept.Source, kept.By, kept.Since) { Hash = hash };
            }
            else
            {
                RestoreFailed = $"the kept situation ({kept.Source}, problem {hash[..12]}) no longer reads: back to the demo";
            }
        }
    }

    public RegionMap Geography { get; }

    public PlacementEngine Engine { get; }

    /// <summary>Set when the situation kept before a restart could not be read back (the demo is used instead).</summary>
    public string? RestoreFailed { get; }

    /// <summary>What new proposals start from: the demo problem (as <c>placement propose --demo</c>) until a planner uploads files.</summary>
    public CurrentSituation Current => _current;

    /// <summary>The current problem (a proposal takes it when it is queued).</summary>
    public PlacementProblem Problem => _current.Problem;

    /// <summary>Replaces the current situation with a checked upload (kept across restarts).</summary>
    public void Replace(PlacementProblem problem, string source, string by)
    {
        var since = DateTimeOffset.UtcNow;
        var hash = _state?.SaveProblem(problem);
        _state?.SaveSituation(hash, source, by, since);
        _current = new CurrentSituation(problem, source, by, since) { Hash = hash };
    }

    public void ResetToDemo(string by)
    {
        var since = DateTimeOffset.UtcNow;
        _state?.SaveSituation(null, null, by, since);
        _current = new CurrentSituation(_demo, null, by, since);
    }

    /// <summary>The hash under which the state keeps the current problem (null without a state).</summary>
    public string? KeptHash(CurrentSituation current)
    {
        ArgumentNullException.ThrowIfNull(current);
        return current.Hash ?? (_state is null ? null : current.IsDemo ? _demoHash ??= _state.SaveProblem(_demo) : _state.SaveProblem(current.Problem));
    }

    /// <summary>The demo's planning date (as the CLI's --demo).</summary>
    public DateOnly DefaultPlanningDate { get; } = new(2026, 12, 1);
}

/// <summary>The situation new proposals start from; <see cref="Source"/> is null for the demo.</summary>
/// <param name="By">The pseudonymous id of the planner who loaded it (null: loaded at start).</param>
public sealed record CurrentSituation(PlacementProblem Problem, string? Source, string? By, DateTimeOffset Since)
{
    /// <summary>The problem's hash in the app's state (null for the demo or without a state).</summary>
    public string? Hash { get; init; }

    public bool IsDemo => Source is null;
}

/// <summary>
/// The audit log file. An <see cref="AuditLog"/> is one connection, used by one thread at a time:
/// each call takes an open one from a small pool (each keeps the runs it has parsed, so a decision
/// or a page does not parse a run's proposal again) and gives it back. Writes (runs, decisions) go
/// through one gate so that the check of a decision's expected version and its recording are one
/// step in this process.
/// </summary>
public sealed class AuditStore(string path) : IDisposable
{
    private const int Pooled = 8;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ConcurrentBag<AuditLog> _pool = [];

    public string FilePath { get; } = path;

    public T Read<T>(Func<AuditLog, T> read)
    {
        var log = Take();
        try
        {
            return read(log);
        }
        finally
        {
            Return(log);
        }
    }

    public async Task<T> WriteAsync<T>(Func<AuditLog, T> write, CancellationToken cancellation = default)
    {
        await _gate.WaitAsync(cancellation);
        try
        {
            return Read(write);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose()
    {
        _gate.Dispose();
        while (_pool.TryTake(out var log))
        {
            log.Dispose();
        }
    }

    private AuditLog Take()
    {
        if (_pool.TryTake(out var pooled))
        {
            return pooled;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
        var opened = AuditLog.Open(FilePath, create: true);
        return opened.Value ?? throw new InvalidOperationException($"audit log {FilePath}: {string.Join("; ", opened.Errors.Select(e => e.Message))}");
    }

    private void Return(AuditLog log)
    {
        if (_pool.Count < Pooled)
        {
            _pool.Add(log);
        }
        else
        {
            log.Dispose();
        }
    }
}

/// <summary>A run as the pages show it: the proposal and its input, with the capacity-only baseline when this process computed it.</summary>
public sealed record RunView(Proposal Proposal, PlacementProblem Problem, Proposal? Baseline, RegionMap Geography)
{
    public string Id => Proposal.Run.Id;
}

/// <summary>Runs by id: those solved here (with their baseline) and any other from the audit log.</summary>
public sealed class RunStore(AuditStore audit, Situation situation)
{
    private readonly ConcurrentDictionary<string, RunView> _runs = new(StringComparer.Ordinal);

    public void Add(RunView run) => _runs[run.Id] = run;

    public RunView? Find(string runId)
    {
        if (_runs.TryGetValue(runId, out var cached))
        {
            return cached;
        }

        var found = audit.Read(log => log.FindRun(runId));
        if (found.Value is not { } run)
        {
            return null;
        }

        return _runs.GetOrAdd(run.Proposal.Run.Id, _ => new RunView(run.Proposal, run.Problem, null, GeographyOf(run, situation.Geography)));
    }

    /// <summary>The run's region layers: the embedded default unless the run names its own files.</summary>
    internal static RegionMap GeographyOf(AuditRun run, RegionMap fallback)
    {
        var s = run.GeographySources;
        if (s.Municipalities is null && s.Provinces is null && s.EducationRegions is null)
        {
            return fallback;
        }

        return AuditReplay.LoadGeography(run).Value ?? fallback;
    }
}

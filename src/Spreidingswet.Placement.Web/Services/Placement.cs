using System.Collections.Concurrent;
using Spreidingswet.Placement.Audit;
using Spreidingswet.Placement.Geography;
using Spreidingswet.Placement.Inputs;
using Spreidingswet.Placement.Model;

namespace Spreidingswet.Placement.Web.Services;

/// <summary>The region layers, the engine (both shared, immutable) and the current situation (for now the library's demo instance).</summary>
public sealed class Situation
{
    private readonly PlacementProblem _demo;
    private volatile CurrentSituation _current;

    public Situation(RegionMap geography)
    {
        Geography = geography;
        Engine = new PlacementEngine(geography);
        _demo = SyntheticGenerator.Demo(geography);
        _current = new CurrentSituation(_demo, null, null, DateTimeOffset.UtcNow);
    }

    public RegionMap Geography { get; }

    public PlacementEngine Engine { get; }

    /// <summary>What new proposals start from: the demo problem (as <c>placement propose --demo</c>) until a planner uploads files.</summary>
    public CurrentSituation Current => _current;

    /// <summary>The current problem (a proposal takes it when it is queued).</summary>
    public PlacementProblem Problem => _current.Problem;

    /// <summary>Replaces the current situation with a checked upload.</summary>
    public void Replace(PlacementProblem problem, string source, string by) => _current = new CurrentSituation(problem, source, by, DateTimeOffset.UtcNow);

    public void ResetToDemo(string by) => _current = new CurrentSituation(_demo, null, by, DateTimeOffset.UtcNow);

    /// <summary>The demo's planning date (as the CLI's --demo).</summary>
    public DateOnly DefaultPlanningDate { get; } = new(2026, 12, 1);
}

/// <summary>The situation new proposals start from; <see cref="Source"/> is null for the demo.</summary>
/// <param name="By">The pseudonymous id of the planner who loaded it (null: loaded at start).</param>
public sealed record CurrentSituation(PlacementProblem Problem, string? Source, string? By, DateTimeOffset Since)
{
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

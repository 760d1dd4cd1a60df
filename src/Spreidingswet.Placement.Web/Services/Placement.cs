using System.Collections.Concurrent;
using Spreidingswet.Placement.Audit;
using Spreidingswet.Placement.Geography;
using Spreidingswet.Placement.Inputs;
using Spreidingswet.Placement.Model;

namespace Spreidingswet.Placement.Web.Services;

/// <summary>
/// The region layers in use (the embedded default, or official layers a planner uploaded), the engine
/// over them and the current situation: the library's demo instance until a planner uploads files.
/// With a <see cref="WebState"/> the situation and the layers are kept across restarts.
/// </summary>
public sealed class Situation
{
    private const int CachedRunLayers = 4;
    private readonly PlacementProblem _demo;
    private readonly WebState? _state;
    private readonly RegionLayers _default;
    private readonly List<RegionLayers> _runLayers = [];
    private volatile CurrentSituation _current;
    private volatile RegionLayers _layers;
    private string? _demoHash;

    private readonly Lock _layersLock = new();

    /// <param name="geography">The embedded layers.</param>
    /// <param name="state">Where the situation and layers are kept across restarts (null: not kept).</param>
    /// <param name="layersRoot">The folder uploaded layers are kept in: a run's layer file that is no longer at its recorded path is looked for there (the data folder moved).</param>
    public Situation(RegionMap geography, WebState? state = null, string? layersRoot = null)
    {
        LayersRoot = layersRoot;
        _default = new RegionLayers(geography, null, null, null, DateTimeOffset.UtcNow);
        _layers = _default;
        _demo = SyntheticGenerator.Demo(geography);
        _state = state;
        _current = new CurrentSituation(_demo, null, null, DateTimeOffset.UtcNow);
        var failed = new List<string>();
        if (state?.LoadLayers() is { } keptLayers)
        {
            var loaded = RegionMap.Load(Relocated(keptLayers.Options));
            if (loaded.Value is { } map)
            {
                _layers = new RegionLayers(map, Relocated(keptLayers.Options), keptLayers.Source, keptLayers.By, keptLayers.Since);
            }
            else
            {
                failed.Add($"the kept region layers ({keptLayers.Source}) no longer load ({string.Join("; ", loaded.Errors.Take(3).Select(e => e.Message))}): back to the embedded layers");
            }
        }

        if (state?.LoadSituation() is { Problem: { } hash } kept)
        {
            if (state.LoadProblem(hash) is { } problem)
            {
                _current = new CurrentSituation(problem, kept.Source, kept.By, kept.Since) { Hash = hash };
            }
            else
            {
                failed.Add($"the kept situation ({kept.Source}, problem {hash[..12]}) no longer reads: back to the demo");
            }
        }

        RestoreFailed = failed.Count == 0 ? null : string.Join("; ", failed);
    }

    /// <summary>The folder uploaded layers are kept in (null: none).</summary>
    public string? LayersRoot { get; }

    /// <summary>The region layers new proposals use.</summary>
    public RegionLayers Layers => _layers;

    /// <summary>The region layers new proposals use (<see cref="Layers"/>' map).</summary>
    public RegionMap Geography => _layers.Geography;

    /// <summary>The engine over <see cref="Geography"/>.</summary>
    public PlacementEngine Engine => _layers.Engine;

    /// <summary>The embedded official 2025 layers (what a run without layer files used).</summary>
    public RegionLayers DefaultLayers => _default;

    /// <summary>Set when the situation or layers kept before a restart could not be read back (the demo or the embedded layers are used instead).</summary>
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

    /// <summary>New proposals use these loaded layers (their files stay where <paramref name="options"/> names them; kept across restarts).</summary>
    public void ReplaceLayers(RegionMap geography, GeographyOptions options, string source, string by)
    {
        ArgumentNullException.ThrowIfNull(options);
        var since = DateTimeOffset.UtcNow;
        lock (_layersLock)
        {
            _state?.SaveLayers(options, source, by, since);
            _layers = new RegionLayers(geography, options, source, by, since);
        }
    }

    /// <summary>New proposals use the embedded layers again.</summary>
    public void ResetLayers()
    {
        lock (_layersLock)
        {
            _state?.SaveLayers(null, null, null, DateTimeOffset.UtcNow);
            _layers = _default;
        }
    }

    /// <summary>
    /// The region layers a recorded run used: the embedded ones, the current ones, or its own files
    /// (loaded once and kept for a few runs, so decisions do not read the files again).
    /// </summary>
    public RegionMap GeographyOf(AuditRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var used = run.Proposal.Run.Geodata.Layers;
        if (used.All(l => l.IsDefault))
        {
            return _default.Geography;
        }

        // The same files (by path and SHA-256) read with the same settings (code and name property, layer, CRS).
        var sources = Relocated(run.GeographySources);
        var current = _layers;
        if (Equals(current.Options, sources) && current.Same(used))
        {
            return current.Geography;
        }

        lock (_runLayers)
        {
            if (_runLayers.FirstOrDefault(l => Equals(l.Options, sources) && l.Same(used)) is { } cached)
            {
                return cached.Geography;
            }
        }

        var loaded = AuditReplay.LoadGeography(run with { GeographySources = sources });
        if (loaded.Value is not { } map)
        {
            throw new InvalidOperationException($"run {run.Proposal.Run.Id}: its region layers no longer load: {string.Join("; ", loaded.Errors.Select(e => $"{Path.GetFileName(e.File)}: {e.Message}"))}");
        }

        lock (_runLayers)
        {
            _runLayers.Insert(0, new RegionLayers(map, sources, "run " + run.Proposal.Run.Id, null, run.Proposal.Run.TimeUtc));
            if (_runLayers.Count > CachedRunLayers)
            {
                _runLayers.RemoveAt(_runLayers.Count - 1);
            }
        }

        return map;
    }

    /// <summary>
    /// The layer files of <paramref name="options"/>, each where it was recorded or, when it is not there
    /// any more, in the same content-named folder under <see cref="LayersRoot"/> (the data folder moved).
    /// </summary>
    public GeographyOptions Relocated(GeographyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        RegionLayerSource? Move(RegionLayerSource? s)
        {
            if (s is null || LayersRoot is null || File.Exists(s.Path) || Path.GetDirectoryName(s.Path) is not { Length: > 0 } folder)
            {
                return s;
            }

            var moved = Path.Combine(LayersRoot, Path.GetFileName(folder), Path.GetFileName(s.Path));
            return File.Exists(moved) ? s with { Path = moved } : s;
        }

        return options with { Municipalities = Move(options.Municipalities), Provinces = Move(options.Provinces), EducationRegions = Move(options.EducationRegions) };
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

/// <summary>
/// A set of region layers and the engine over them. <see cref="Options"/> is null for the embedded
/// default, otherwise the layer files (kept in the app's data directory) that runs record.
/// </summary>
public sealed class RegionLayers(RegionMap geography, GeographyOptions? options, string? source, string? by, DateTimeOffset since)
{
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<RegionMap, byte[]> GeoJson = [];

    public RegionMap Geography { get; } = geography;

    public PlacementEngine Engine { get; } = new(geography);

    /// <summary>The layer files (null: the embedded default).</summary>
    public GeographyOptions? Options { get; } = options;

    /// <summary>What was uploaded (file names), for the page; null for the embedded default.</summary>
    public string? Source { get; } = source;

    public string? By { get; } = by;

    public DateTimeOffset Since { get; } = since;

    public bool IsDefault => Options is null;

    /// <summary>The education regions as simplified WGS84 GeoJSON for the browser's map (built once).</summary>
    public byte[] EducationRegionsGeoJson => EducationRegions(Geography);

    /// <summary>A map's education regions as simplified WGS84 GeoJSON (built once per map).</summary>
    public static byte[] EducationRegions(RegionMap geography) => GeoJson.GetValue(geography, g => RegionGeoJson.Write(g, RegionRole.EducationRegion));

    /// <summary>True when these are the layers <paramref name="used"/> describes (the same files by SHA-256, role by role).</summary>
    public bool Same(IReadOnlyList<RegionLayerInfo> used)
    {
        ArgumentNullException.ThrowIfNull(used);
        var mine = Geography.Layers;
        return used.Count == mine.Count && used.All(u => mine.Any(m => m.Role == u.Role && m.IsDefault == u.IsDefault && m.Sha256 == u.Sha256));
    }
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
    private PlacementEngine? _engine;

    public string Id => Proposal.Run.Id;

    /// <summary>An engine over the run's own layers (for its explanations and checks).</summary>
    public PlacementEngine Engine => _engine ??= new PlacementEngine(Geography);
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

        return _runs.GetOrAdd(run.Proposal.Run.Id, _ => new RunView(run.Proposal, run.Problem, null, situation.GeographyOf(run)));
    }
}

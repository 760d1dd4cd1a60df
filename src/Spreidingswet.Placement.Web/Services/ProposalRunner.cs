using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Spreidingswet.Placement.Audit;
using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Scenarios;

namespace Spreidingswet.Placement.Web.Services;

public enum JobStatus
{
    Queued,
    Running,
    Done,
    Failed,
    Cancelled,
}

public static class JobStatuses
{
    public static bool IsFinished(this JobStatus status) => status is JobStatus.Done or JobStatus.Failed or JobStatus.Cancelled;
}

/// <summary>What a planner asks for: policy, planning date, time limit (and the weights, default <see cref="Weights.Default"/>).</summary>
public sealed record ProposalRequest(Policy Policy, DateOnly PlanningDate, double TimeLimitSeconds)
{
    public Weights Weights { get; init; } = Weights.Default;

    /// <summary>The views, stability and turning-18 options and weights (default <see cref="ViewsOptions.Default"/>).</summary>
    public ViewsOptions Views { get; init; } = ViewsOptions.Default;

    /// <summary>A forecast of school-going arrivals per education region: beds are held for them (null: none).</summary>
    public DemandForecast? Forecast { get; init; }
}

/// <summary>A what-if: changes to the current situation, re-planned under two policies side by side.</summary>
public sealed record WhatIfRequest(string Name, ImmutableArray<ScenarioChange> Changes, Policy First, Policy Second, DateOnly PlanningDate, double TimeLimitSeconds)
{
    /// <summary>The form or JSON it was built from (kept across restarts and built again on the kept situation).</summary>
    public WhatIfBody? Body { get; init; }
}

/// <summary>One queued or running proposal, with its live progress.</summary>
public sealed class ProposalJob : IProgress<PlacementProgress>, IDisposable
{
    private readonly CancellationTokenSource _cancel = new();

    private JobStatus _status;

    internal ProposalJob(string id, ProposalRequest request, PlacementProblem problem, string owner, WhatIfRequest? whatIf = null, DateTimeOffset? created = null)
    {
        Id = id;
        Request = request;
        Problem = problem;
        Owner = owner;
        WhatIf = whatIf;
        Created = created ?? DateTimeOffset.UtcNow;
    }

    /// <summary>Called after every change of status (the runner keeps the job in the app's state).</summary>
    internal Action<ProposalJob>? Changed { get; set; }

    /// <summary>True when the job was queued again after a restart of the app (it had not finished, or it was a what-if whose result lived in memory).</summary>
    public bool Restarted { get; internal init; }

    /// <summary>Set for a what-if job (then <see cref="Scenario"/> holds the result once done, and <see cref="RunId"/> stays null).</summary>
    public WhatIfRequest? WhatIf { get; }

    /// <summary>A finished what-if: the changed problem and one proposal per compared policy.</summary>
    public ScenarioRun? Scenario { get; internal set; }

    /// <summary>The region layers the job was solved with (set when it starts; what the audit log records with its run).</summary>
    public RegionLayers? Layers { get; internal set; }

    /// <summary>Where the finished job's result is shown.</summary>
    public string? ResultUrl => Status != JobStatus.Done ? null : WhatIf is not null ? $"/whatif/{Id}" : RunId is null ? null : $"/runs/{RunId}";

    /// <summary>The situation when the proposal was queued.</summary>
    public PlacementProblem Problem { get; }

    public string Id { get; }

    public ProposalRequest Request { get; }

    /// <summary>The pseudonymous id of the user who started it.</summary>
    public string Owner { get; }

    public DateTimeOffset Created { get; }

    public JobStatus Status
    {
        get => _status;
        internal set
        {
            _status = value;
            Changed?.Invoke(this);
        }
    }

    public string Stage { get; private set; } = "";

    public int Step { get; private set; }

    public int Steps { get; private set; }

    /// <summary>The audit log's run id once done.</summary>
    public string? RunId { get; internal set; }

    public string? Error { get; internal set; }

    public bool Finished => Status.IsFinished();

    internal CancellationToken Token => _cancel.Token;

    public void Report(PlacementProgress value)
    {
        (Stage, Step, Steps) = (value.Stage, value.Step, value.Steps);
    }

    internal void Report(ScenarioProgress value)
    {
        (Stage, Step, Steps) = ($"{value.Policy} ({value.Done}/{value.Total})", value.Done, value.Total);
    }

    public void Dispose() => _cancel.Dispose();

    internal void Cancel()
    {
        if (!Finished)
        {
            _cancel.Cancel();
        }
    }
}

/// <summary>
/// Proposals run in the background: a queue served by one worker per core (or <see cref="WebOptions.Workers"/>).
/// Each run solves the proposal and the capacity-only baseline, then records the run in the audit log.
/// </summary>
public sealed class ProposalRunner : BackgroundService
{
    private readonly Channel<ProposalJob> _queue = Channel.CreateUnbounded<ProposalJob>();
    private readonly ConcurrentDictionary<string, ProposalJob> _jobs = new(StringComparer.Ordinal);
    private readonly Situation situation;
    private readonly AuditStore audit;
    private readonly RunStore runs;
    private readonly WebState? state;
    private readonly ILogger<ProposalRunner> logger;

    public ProposalRunner(Situation situation, AuditStore audit, RunStore runs, IOptions<WebOptions> options, ILogger<ProposalRunner> logger, WebState? state = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        (this.situation, this.audit, this.runs, this.state, this.logger) = (situation, audit, runs, state, logger);
        Workers = options.Value.Workers > 0 ? options.Value.Workers : Environment.ProcessorCount;
        Restore();
    }

    public int Workers { get; }

    public IReadOnlyList<ProposalJob> Jobs => [.. _jobs.Values.OrderByDescending(j => j.Created)];

    public ProposalJob? Find(string id) => _jobs.GetValueOrDefault(id);

    public ProposalJob Enqueue(ProposalRequest request, string owner)
    {
        var current = situation.Current;
        return Add(new ProposalJob(NewId(), request, current.Problem, owner), current);
    }

    /// <summary>Queues a what-if on the current situation (built and checked first with <see cref="WhatIfs.Build(WhatIfBody)"/>).</summary>
    public ProposalJob Enqueue(WhatIfRequest request, string owner)
    {
        ArgumentNullException.ThrowIfNull(request);
        var current = situation.Current;
        return Add(new ProposalJob(NewId(), new ProposalRequest(request.First, request.PlanningDate, request.TimeLimitSeconds), current.Problem, owner, request), current);
    }

    private static string NewId() => Guid.NewGuid().ToString("N")[..12];

    private ProposalJob Add(ProposalJob job, CurrentSituation current)
    {
        if (state is not null)
        {
            var request = job.WhatIf is { } w ? WebState.Serialize(w.Body) : WebState.Serialize(job.Request);
            state.SaveJob(new StoredJob(job.Id, job.WhatIf is null ? "proposal" : "whatif", job.Owner, job.Created, request, situation.KeptHash(current)!, job.Status, null, null));
        }

        return Queue(job);
    }

    private ProposalJob Queue(ProposalJob job)
    {
        job.Changed = Persist;
        _jobs[job.Id] = job;
        _queue.Writer.TryWrite(job);
        return job;
    }

    private void Persist(ProposalJob job) => state?.UpdateJob(job.Id, job.Status, job.RunId, job.Error);

    /// <summary>
    /// The jobs kept before a restart: unfinished ones are queued again (a solve starts over: same inputs, same
    /// seed), finished proposals are listed with their runs, and finished what-ifs (their results lived in
    /// memory) are run again on the situation they took.
    /// </summary>
    private void Restore()
    {
        if (state is null)
        {
            return;
        }

        foreach (var kept in state.LoadJobs())
        {
            var problem = state.LoadProblem(kept.Problem);
            ProposalJob? job = null;
            string? error = problem is null ? "the situation this job took no longer reads" : null;
            if (problem is not null && kept.Kind == "whatif")
            {
                var body = WebState.Deserialize<WhatIfBody>(kept.Request);
                var (request, errors) = body is null ? (null, []) : WhatIfs.Build(body, problem, situation.Geography, situation.DefaultPlanningDate);
                error = request is null ? "the kept what-if no longer builds: " + string.Join("; ", errors.Select(e => $"{e.Field}: {e.Message}")) : null;
                if (request is not null)
                {
                    job = new ProposalJob(kept.Id, new ProposalRequest(request.First, request.PlanningDate, request.TimeLimitSeconds), problem, kept.Owner, request, kept.Created) { Restarted = true };
                }
            }
            else if (problem is not null && WebState.Deserialize<ProposalRequest>(kept.Request) is { } request)
            {
                var again = !kept.Status.IsFinished();
                job = new ProposalJob(kept.Id, request, problem, kept.Owner, null, kept.Created) { Restarted = again };
                if (!again)
                {
                    (job.RunId, job.Error) = (kept.RunId, kept.Error);
                    job.Status = kept.Status;
                    job.Changed = Persist;
                    _jobs[job.Id] = job;
                    continue;
                }
            }

            if (job is null)
            {
                logger.LogWarning("kept job {Job} is not queued again: {Error}", kept.Id, error);
                state.UpdateJob(kept.Id, JobStatus.Failed, null, error);
                continue;
            }

            Queue(job).Status = JobStatus.Queued;
        }
    }

    public bool Cancel(string id)
    {
        if (!_jobs.TryGetValue(id, out var job) || job.Finished)
        {
            return false;
        }

        job.Cancel();
        if (job.Status == JobStatus.Queued)
        {
            job.Status = JobStatus.Cancelled;
        }

        return true;
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, Workers).Select(_ => Task.Run(() => Work(stoppingToken), stoppingToken)));

    private async Task Work(CancellationToken stopping)
    {
        try
        {
            await foreach (var job in _queue.Reader.ReadAllAsync(stopping))
            {
                if (job.Token.IsCancellationRequested)
                {
                    job.Status = JobStatus.Cancelled;
                    continue;
                }

                job.Status = JobStatus.Running;
                try
                {
                    using var both = CancellationTokenSource.CreateLinkedTokenSource(job.Token, stopping);
                    await Solve(job, both.Token);
                }
                catch (OperationCanceledException)
                {
                    job.Status = JobStatus.Cancelled;
                }
#pragma warning disable CA1031 // a failed run is reported in the page, never kills the worker
                catch (Exception e)
#pragma warning restore CA1031
                {
                    logger.LogError(e, "proposal job {Job} failed", job.Id);
                    job.Error = e.Message;
                    job.Status = JobStatus.Failed;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // shutting down
        }
    }

    private async Task Solve(ProposalJob job, CancellationToken cancellation)
    {
        // One set of layers for the whole job, even when a planner uploads others meanwhile.
        var layers = job.Layers = situation.Layers;
        if (job.WhatIf is { } whatIf)
        {
            SolveWhatIf(job, whatIf, layers, cancellation);
            return;
        }

        var problem = job.Problem;
        var placementOptions = new PlacementOptions
        {
            Policy = job.Request.Policy,
            Weights = job.Request.Weights,
            Views = job.Request.Views,
            Forecast = job.Request.Forecast,
            PlanningDate = job.Request.PlanningDate,
            TimeLimit = TimeSpan.FromSeconds(job.Request.TimeLimitSeconds),
        };
        var result = layers.Engine.Propose(problem, placementOptions, job, cancellation);
        if (result.Value is not { } proposal)
        {
            job.Error = string.Join("; ", result.Errors.Select(e => $"{e.Field}: {e.Message}"));
            job.Status = JobStatus.Failed;
            return;
        }

        var baseline = job.Request.Policy == Policy.CapacityOnly
            ? proposal
            : layers.Engine.Propose(problem, placementOptions with { Policy = Policy.CapacityOnly, Forecast = null }, null, cancellation).Value;
        cancellation.ThrowIfCancellationRequested();
        await audit.WriteAsync(log => log.RecordRun(new RunToRecord(proposal, problem, placementOptions) { Geography = layers.Options }), CancellationToken.None);
        runs.Add(new RunView(proposal, problem, baseline, layers.Geography));
        job.RunId = proposal.Run.Id;
        job.Status = JobStatus.Done;
        logger.LogInformation("proposal job {Job} recorded run {Run}", job.Id, proposal.Run.Id);
    }

    /// <summary>
    /// A what-if through the library's <see cref="ScenarioRunner"/>: the changes applied to the situation the job
    /// took, re-planned under both policies one after the other (the job holds one worker, as a proposal does).
    /// Nothing is recorded in the audit log until a planner turns one of the two into a proposal.
    /// </summary>
    private void SolveWhatIf(ProposalJob job, WhatIfRequest request, RegionLayers layers, CancellationToken cancellation)
    {
        var runner = new ScenarioRunner(layers.Geography) { MaxParallelism = 1 };
        var progress = new ScenarioProgressSink(job);
        var result = runner.Run(WhatIfs.Definition(request, job.Problem), progress, cancellation);
        cancellation.ThrowIfCancellationRequested();
        if (result.Value is not { } run)
        {
            job.Error = string.Join("; ", result.Errors.Select(e => $"{e.Field}: {e.Message}"));
            job.Status = JobStatus.Failed;
            return;
        }

        job.Scenario = run;
        job.Status = JobStatus.Done;
        logger.LogInformation("what-if job {Job} done ({Policies} policies)", job.Id, run.Proposals.Length);
    }

    /// <summary>Reports synchronously (a <see cref="Progress{T}"/> would post to the thread pool, after the job may be done).</summary>
    private sealed class ScenarioProgressSink(ProposalJob job) : IProgress<ScenarioProgress>
    {
        public void Report(ScenarioProgress value) => job.Report(value);
    }
}

/// <summary>Queues the demo proposal at start when the audit log has no run yet.</summary>
public sealed class DemoStarter(ProposalRunner queue, AuditStore audit, Situation situation, IOptions<WebOptions> options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.DemoOnStart && queue.Jobs.Count == 0 && audit.Read(log => log.ListRuns()).Count == 0)
        {
            queue.Enqueue(new ProposalRequest(Policy.EducationFirst, situation.DefaultPlanningDate, options.Value.DemoTimeLimitSeconds), "system");
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

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

/// <summary>What a planner asks for: policy, planning date, time limit (and the weights, default <see cref="Weights.Default"/>).</summary>
public sealed record ProposalRequest(Policy Policy, DateOnly PlanningDate, double TimeLimitSeconds)
{
    public Weights Weights { get; init; } = Weights.Default;
}

/// <summary>A what-if: changes to the current situation, re-planned under two policies side by side.</summary>
public sealed record WhatIfRequest(string Name, ImmutableArray<ScenarioChange> Changes, Policy First, Policy Second, DateOnly PlanningDate, double TimeLimitSeconds);

/// <summary>One queued or running proposal, with its live progress.</summary>
public sealed class ProposalJob : IProgress<PlacementProgress>, IDisposable
{
    private readonly CancellationTokenSource _cancel = new();

    internal ProposalJob(string id, ProposalRequest request, PlacementProblem problem, string owner, WhatIfRequest? whatIf = null)
    {
        Id = id;
        Request = request;
        Problem = problem;
        Owner = owner;
        WhatIf = whatIf;
    }

    /// <summary>Set for a what-if job (then <see cref="Scenario"/> holds the result once done, and <see cref="RunId"/> stays null).</summary>
    public WhatIfRequest? WhatIf { get; }

    /// <summary>A finished what-if: the changed problem and one proposal per compared policy.</summary>
    public ScenarioRun? Scenario { get; internal set; }

    /// <summary>Where the finished job's result is shown.</summary>
    public string? ResultUrl => Status != JobStatus.Done ? null : WhatIf is not null ? $"/whatif/{Id}" : RunId is null ? null : $"/runs/{RunId}";

    /// <summary>The situation when the proposal was queued.</summary>
    public PlacementProblem Problem { get; }

    public string Id { get; }

    public ProposalRequest Request { get; }

    /// <summary>The pseudonymous id of the user who started it.</summary>
    public string Owner { get; }

    public DateTimeOffset Created { get; } = DateTimeOffset.UtcNow;

    public JobStatus Status { get; internal set; }

    public string Stage { get; private set; } = "";

    public int Step { get; private set; }

    public int Steps { get; private set; }

    /// <summary>The audit log's run id once done.</summary>
    public string? RunId { get; internal set; }

    public string? Error { get; internal set; }

    public bool Finished => Status is JobStatus.Done or JobStatus.Failed or JobStatus.Cancelled;

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
public sealed class ProposalRunner(Situation situation, AuditStore audit, RunStore runs, IOptions<WebOptions> options, ILogger<ProposalRunner> logger) : BackgroundService
{
    private readonly Channel<ProposalJob> _queue = Channel.CreateUnbounded<ProposalJob>();
    private readonly ConcurrentDictionary<string, ProposalJob> _jobs = new(StringComparer.Ordinal);

    public int Workers { get; } = options.Value.Workers > 0 ? options.Value.Workers : Environment.ProcessorCount;

    public IReadOnlyList<ProposalJob> Jobs => [.. _jobs.Values.OrderByDescending(j => j.Created)];

    public ProposalJob? Find(string id) => _jobs.GetValueOrDefault(id);

    public ProposalJob Enqueue(ProposalRequest request, string owner) => Add(new ProposalJob(NewId(), request, situation.Problem, owner));

    /// <summary>Queues a what-if on the current situation (checked first with <see cref="WhatIfs.Check"/>).</summary>
    public ProposalJob Enqueue(WhatIfRequest request, string owner) =>
        Add(new ProposalJob(NewId(), new ProposalRequest(request.First, request.PlanningDate, request.TimeLimitSeconds), situation.Problem, owner, request));

    private static string NewId() => Guid.NewGuid().ToString("N")[..12];

    private ProposalJob Add(ProposalJob job)
    {
        _jobs[job.Id] = job;
        _queue.Writer.TryWrite(job);
        return job;
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
        if (job.WhatIf is { } whatIf)
        {
            SolveWhatIf(job, whatIf, cancellation);
            return;
        }

        var problem = job.Problem;
        var placementOptions = new PlacementOptions
        {
            Policy = job.Request.Policy,
            Weights = job.Request.Weights,
            PlanningDate = job.Request.PlanningDate,
            TimeLimit = TimeSpan.FromSeconds(job.Request.TimeLimitSeconds),
        };
        var result = situation.Engine.Propose(problem, placementOptions, job, cancellation);
        if (result.Value is not { } proposal)
        {
            job.Error = string.Join("; ", result.Errors.Select(e => $"{e.Field}: {e.Message}"));
            job.Status = JobStatus.Failed;
            return;
        }

        var baseline = job.Request.Policy == Policy.CapacityOnly
            ? proposal
            : situation.Engine.Propose(problem, placementOptions with { Policy = Policy.CapacityOnly }, null, cancellation).Value;
        cancellation.ThrowIfCancellationRequested();
        await audit.WriteAsync(log => log.RecordRun(new RunToRecord(proposal, problem, placementOptions)), CancellationToken.None);
        runs.Add(new RunView(proposal, problem, baseline, situation.Geography));
        job.RunId = proposal.Run.Id;
        job.Status = JobStatus.Done;
        logger.LogInformation("proposal job {Job} recorded run {Run}", job.Id, proposal.Run.Id);
    }

    /// <summary>
    /// A what-if through the library's <see cref="ScenarioRunner"/>: the changes applied to the situation the job
    /// took, re-planned under both policies one after the other (the job holds one worker, as a proposal does).
    /// Nothing is recorded in the audit log until a planner turns one of the two into a proposal.
    /// </summary>
    private void SolveWhatIf(ProposalJob job, WhatIfRequest request, CancellationToken cancellation)
    {
        var runner = new ScenarioRunner(situation.Geography) { MaxParallelism = 1 };
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
        if (options.Value.DemoOnStart && audit.Read(log => log.ListRuns()).Count == 0)
        {
            queue.Enqueue(new ProposalRequest(Policy.EducationFirst, situation.DefaultPlanningDate, options.Value.DemoTimeLimitSeconds), "system");
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

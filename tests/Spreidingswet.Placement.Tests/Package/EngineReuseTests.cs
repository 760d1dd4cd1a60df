using System.Collections.Concurrent;
using Spreidingswet.Placement.Inputs;
using Spreidingswet.Placement.Learning;
using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Outputs;
using Spreidingswet.Placement.Scenarios;
using Spreidingswet.Placement.Tests.Support;

namespace Spreidingswet.Placement.Tests.Package;

/// <summary>
/// One engine serves many proposals at once; long operations take a cancellation token and report
/// progress through <see cref="IProgress{T}"/>; the facade explains.
/// </summary>
public sealed class EngineReuseTests
{
    private static readonly PlacementOptions Options = new() { PlanningDate = TestProblems.Date, TimeLimit = TimeSpan.FromSeconds(60) };

    [Fact]
    public void Propose_ConcurrentCallsOnOneEngine_EqualSequentialRuns()
    {
        var geography = TestProblems.Geography;
        var engine = new PlacementEngine(geography);
        var demo = SyntheticGenerator.Demo(geography);
        var generated = SyntheticGenerator.Generate(new SyntheticSettings { Youths = 300, Locations = 40, Seed = 8, Closures = 2 }, geography);
        var jobs = new (PlacementProblem Problem, PlacementOptions Options)[]
        {
            (demo, Options),
            (demo, Options with { Policy = Policy.CapacityOnly }),
            (generated, Options),
            (generated, Options with { Policy = Policy.Weighted, Seed = 5 }),
            (demo, Options with { Seed = 3 }),
            (generated, Options with { Policy = Policy.CapacityOnly }),
        };

        var sequential = jobs.Select(j => Comparable(engine.Propose(j.Problem, j.Options).GetValueOrThrow())).ToArray();
        var concurrent = new ConcurrentDictionary<int, string>();
        // Every job twice, all at once on the same engine (more threads than cores on purpose).
        Parallel.For(0, jobs.Length * 2, new ParallelOptions { MaxDegreeOfParallelism = jobs.Length * 2 }, i =>
        {
            var (problem, options) = jobs[i % jobs.Length];
            concurrent[i] = Comparable(engine.Propose(problem, options).GetValueOrThrow());
        });

        Assert.Equal(jobs.Length, sequential.Distinct().Count());   // the jobs really differ
        for (var i = 0; i < jobs.Length * 2; i++)
        {
            Assert.Equal(sequential[i % jobs.Length], concurrent[i]);
        }
    }

    [Fact]
    public void Propose_CancelledToken_ThrowsOperationCanceled()
    {
        var engine = new PlacementEngine(TestProblems.Geography);
        var problem = SyntheticGenerator.Demo(TestProblems.Geography);
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => engine.Propose(problem, Options, null, cancel.Token));
    }

    [Fact]
    public void Propose_CancelledFromProgress_StopsBeforeTheEnd()
    {
        var engine = new PlacementEngine(TestProblems.Geography);
        var problem = SyntheticGenerator.Demo(TestProblems.Geography);
        using var cancel = new CancellationTokenSource();
        var stages = new List<string>();
        var progress = new SyncProgress<PlacementProgress>(p =>
        {
            stages.Add(p.Stage);
            cancel.Cancel();
        });
        Assert.ThrowsAny<OperationCanceledException>(() => engine.Propose(problem, Options, progress, cancel.Token));
        Assert.NotEmpty(stages);
    }

    [Fact]
    public void ScenarioRunner_CancelledToken_ThrowsOperationCanceled()
    {
        var problem = SyntheticGenerator.Generate(new SyntheticSettings { Youths = 200, Locations = 30, Seed = 4 }, TestProblems.Geography);
        var scenario = new ScenarioDefinition("close one", new ScenarioBase { InMemory = problem, PlanningDate = TestProblems.Date },
            [new CloseLocation(problem.Locations[0].Id)], [Policy.EducationFirst, Policy.CapacityOnly]);
        var runner = new ScenarioRunner(TestProblems.Geography);
        var reports = new List<ScenarioProgress>();
        var run = runner.Run(scenario, new SyncProgress<ScenarioProgress>(p => { lock (reports) { reports.Add(p); } })).GetValueOrThrow();
        Assert.Equal(2, run.Proposals.Length);
        Assert.Equal([1, 2], reports.Select(r => r.Done).Order());
        Assert.All(reports, r => Assert.Equal(2, r.Total));

        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => runner.Run(scenario, null, cancel.Token));
    }

    [Fact]
    public void Train_ReportsStagesInOrder_AndStopsWhenCancelledBetweenThem()
    {
        var history = Path.Combine(TestData.TempDirectory(), "history.csv");
        PlacementHistory.WriteSynthetic(new HistorySettings { Rows = 1_500, Seed = 3 }, history);
        var stages = new List<PlacementProgress>();
        var model = ContinuityModel.Train(history, new ModelTrainingOptions(), new SyncProgress<PlacementProgress>(stages.Add)).GetValueOrThrow();
        Assert.NotNull(model);
        Assert.Equal(["read history", "train and evaluate", "package", "done"], stages.Select(s => s.Stage));
        Assert.Equal([0, 1, 2, 3], stages.Select(s => s.Step));
        Assert.All(stages, s => Assert.Equal(3, s.Steps));

        using var cancel = new CancellationTokenSource();
        var seen = new List<string>();
        var cancelling = new SyncProgress<PlacementProgress>(p =>
        {
            seen.Add(p.Stage);
            if (p.Stage == "train and evaluate")
            {
                cancel.Cancel();
            }
        });
        Assert.ThrowsAny<OperationCanceledException>(() => ContinuityModel.Train(history, null, cancelling, cancel.Token));
        Assert.Equal(["read history", "train and evaluate"], seen);
    }

    [Fact]
    public void Explain_WithProblem_RecomputesAnyLocation_WithoutOnlyTheProposal()
    {
        var geography = TestProblems.Geography;
        var engine = new PlacementEngine(geography);
        var problem = SyntheticGenerator.Demo(geography);
        var proposal = engine.Propose(problem, Options).GetValueOrThrow();
        var a = proposal.Assignments.First(x => x.From is not null && x.From != x.Location);
        // A location that is not among the listed alternatives.
        var other = problem.Locations.Select(l => l.Id).First(id => id != a.Location && a.Alternatives.All(alt => alt.Location != id));

        var here = engine.Explain(proposal, problem, a.Youth).GetValueOrThrow();
        Assert.StartsWith($"{a.Youth} goes to {a.Location}", here, StringComparison.Ordinal);

        var whyNot = engine.Explain(proposal, problem, a.Youth, other).GetValueOrThrow();
        Assert.Contains($"Why not {other} (", whyNot, StringComparison.Ordinal);
        Assert.Contains("Cost there", whyNot, StringComparison.Ordinal);

        var alone = engine.Explain(proposal, null, a.Youth, other).GetValueOrThrow();
        Assert.Contains("not among the listed alternatives", alone, StringComparison.Ordinal);

        var dutch = engine.Explain(proposal, problem, a.Youth, null, Language.Dutch).GetValueOrThrow();
        Assert.StartsWith($"{a.Youth} gaat naar {a.Location}", dutch, StringComparison.Ordinal);

        var unknown = engine.Explain(proposal, problem, "NOBODY");
        Assert.False(unknown.Succeeded);
        Assert.Equal("NOBODY", Assert.Single(unknown.Errors).Value);
        var unknownLocation = engine.Explain(proposal, problem, a.Youth, "NOWHERE");
        Assert.Equal("NOWHERE", Assert.Single(unknownLocation.Errors).Value);
    }

    /// <summary>proposal.json without what differs between runs by design (run id, time, seconds).</summary>
    private static string Comparable(Proposal proposal) => ProposalWriter.ToJson(proposal with
    {
        Run = proposal.Run with { Id = "", TimeUtc = default },
        Solver = proposal.Solver with { Seconds = 0 },
    });

    /// <summary>Reports on the caller's thread (<see cref="Progress{T}"/> posts asynchronously).</summary>
    private sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}

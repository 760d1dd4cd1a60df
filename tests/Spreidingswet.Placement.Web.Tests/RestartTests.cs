using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Spreidingswet.Placement.Geography;
using Spreidingswet.Placement.Inputs;
using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Scenarios;
using Spreidingswet.Placement.Web.Services;

namespace Spreidingswet.Placement.Web.Tests;

/// <summary>The situation and the queue kept across a restart of the app (its own data folder, two app instances one after the other).</summary>
public sealed class RestartTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "placement-web-restart-" + Guid.NewGuid().ToString("N")[..8]);

    public void Dispose()
    {
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private WebApplicationFactory<Program> Start() => new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
    {
        b.UseEnvironment("Development");
        b.UseSetting("Placement:DataDirectory", _data);
        b.UseSetting("Placement:DemoOnStart", "true");
        b.UseSetting("Placement:DemoTimeLimitSeconds", "10");
        b.UseSetting("Placement:Workers", "1");
    });

    private static async Task<ProposalJob> Finished(ProposalRunner runner, string id)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (DateTime.UtcNow < deadline)
        {
            if (runner.Find(id) is { Finished: true } job)
            {
                return job;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"job {id} did not finish in 120 s");
    }

    [Fact]
    public async Task An_uploaded_situation_finished_jobs_and_unfinished_ones_survive_a_restart()
    {
        var uploaded = SyntheticGenerator.Generate(new SyntheticSettings { Youths = 120, Locations = 14, Seed = 11 }, RegionMap.LoadDefault());
        string proposalJob, whatIfJob, runId, hash;
        var closed = uploaded.Youths.First(y => y.CurrentLocation is not null).CurrentLocation!;
        using (var first = Start())
        {
            _ = first.Server;
            var runner = first.Services.GetRequiredService<ProposalRunner>();
            var demo = Assert.Single(runner.Jobs); // the demo, queued at the first start
            Assert.Equal(JobStatus.Done, (await Finished(runner, demo.Id)).Status);

            var situation = first.Services.GetRequiredService<Situation>();
            situation.Replace(uploaded, "youths.csv, locations.csv", "P-restart");
            var proposal = runner.Enqueue(new ProposalRequest(Policy.EducationFirst, new DateOnly(2026, 12, 1), 10) { Weights = Weights.Default with { SchoolTravel = 3 } }, "P-restart");
            var done = await Finished(runner, proposal.Id);
            Assert.Equal(JobStatus.Done, done.Status);
            (proposalJob, runId) = (proposal.Id, done.RunId!);
            var (request, errors) = first.Services.GetRequiredService<WhatIfs>().Build(new WhatIfBody("close one", null, null, 5, [new WhatIfClose(closed, null)], null, null, null, null));
            Assert.Empty(errors);
            var whatIf = runner.Enqueue(request!, "P-restart");
            Assert.Equal(JobStatus.Done, (await Finished(runner, whatIf.Id)).Status);
            whatIfJob = whatIf.Id;
            hash = situation.Current.Hash!;
        }

        // As a crash would leave it: a job that was running when the app stopped.
        const string Crashed = "crashed00001";
        using (var state = new WebState(Path.Combine(_data, "web-state.db")))
        {
            state.SaveJob(new StoredJob(Crashed, "proposal", "P-restart", DateTimeOffset.UtcNow, WebState.Serialize(new ProposalRequest(Policy.CapacityOnly, new DateOnly(2026, 12, 1), 10)), hash, JobStatus.Running, null, null));
        }

        using var second = Start();
        _ = second.Server;
        var again = second.Services.GetRequiredService<Situation>().Current;
        Assert.Equal("youths.csv, locations.csv", again.Source);
        Assert.Equal("P-restart", again.By);
        Assert.Equal(ProblemWriter.ToJson(uploaded), ProblemWriter.ToJson(again.Problem));
        Assert.True(again.Problem.IsSynthetic);

        var queue = second.Services.GetRequiredService<ProposalRunner>();
        Assert.Equal(4, queue.Jobs.Count); // demo, proposal, what-if, crashed: no second demo
        var kept = queue.Find(proposalJob)!;
        Assert.Equal((JobStatus.Done, runId, false), (kept.Status, kept.RunId, kept.Restarted));
        Assert.Equal(3, kept.Request.Weights.SchoolTravel);
        Assert.Equal(ProblemWriter.ToJson(uploaded), ProblemWriter.ToJson(kept.Problem));

        var crashed = await Finished(queue, Crashed);
        Assert.Equal(JobStatus.Done, crashed.Status);
        Assert.True(crashed.Restarted);
        Assert.Equal("capacity-only", second.Services.GetRequiredService<RunStore>().Find(crashed.RunId!)!.Proposal.Run.Policy);

        var rerun = await Finished(queue, whatIfJob);
        Assert.Equal(JobStatus.Done, rerun.Status);
        Assert.True(rerun.Restarted);
        Assert.Equal([new CloseLocation(closed, null)], rerun.WhatIf!.Changes.ToArray());
        Assert.All(rerun.Scenario!.Proposals, p => Assert.DoesNotContain(p.Assignments, a => a.Location == closed));

        // The new state is kept too: after the restart the crashed job is recorded as done.
        Assert.Contains(second.Services.GetRequiredService<WebState>().LoadJobs(), j => j.Id == Crashed && j.Status == JobStatus.Done && j.RunId == crashed.RunId);
    }
}

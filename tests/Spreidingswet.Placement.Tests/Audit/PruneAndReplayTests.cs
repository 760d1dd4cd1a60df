using Spreidingswet.Placement.Audit;
using Spreidingswet.Placement.Geography;
using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Tests.Support;

namespace Spreidingswet.Placement.Tests.Audit;

public sealed class PruneAndReplayTests
{
    private static readonly DateTimeOffset January = new(2025, 1, 10, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Prune_LessThanSixMonthsBack_IsRefused()
    {
        var clock = new TestClock(new DateTimeOffset(2026, 6, 30, 12, 0, 0, TimeSpan.Zero));
        using var log = AuditFixture.Open(AuditFixture.NewLogPath(), clock);
        var refused = log.Prune(new DateOnly(2026, 1, 1), "P-1");
        Assert.False(refused.Succeeded);
        Assert.Contains("6 months", refused.Errors[0].Message, StringComparison.Ordinal);
        Assert.True(log.Prune(new DateOnly(2025, 12, 30), "P-1").Succeeded);
    }

    [Fact]
    public void Prune_OldRecords_RemovesThemAndTheChainStillVerifies()
    {
        var path = AuditFixture.NewLogPath();
        var clock = new TestClock(January);
        var old = AuditFixture.Run(AuditFixture.Generated(60, 8, 1));
        var keptOld = AuditFixture.Run(AuditFixture.Generated(60, 8, 2));
        var recent = AuditFixture.Run(AuditFixture.Generated(60, 8, 3));
        using (var log = AuditFixture.Open(path, clock))
        {
            log.RecordRun(old);                                                               // 1
            log.Decide([new PlannerDecision(old.Proposal.Run.Id, old.Proposal.Assignments[0].Youth, DecisionKind.Accept, "P-1")], TestProblems.Geography); // 2
            clock.Now = January.AddMonths(1);
            log.RecordRun(keptOld);                                                           // 3
            clock.Now = January.AddMonths(9);
            log.RecordRun(recent);                                                            // 4
            log.Decide([new PlannerDecision(keptOld.Proposal.Run.Id, keptOld.Proposal.Assignments[0].Youth, DecisionKind.Accept, "P-1")], TestProblems.Geography); // 5

            var outcome = log.Prune(DateOnly.FromDateTime(January.AddMonths(3).UtcDateTime), "P-ops").GetValueOrThrow();
            // Run 3 is old but has a decision after the date: it stays, so only 1-2 go.
            Assert.Equal(2, outcome.Removed);
            Assert.Equal(2, outcome.PrunedThrough);
            Assert.Equal(6, outcome.AnchorSequence);
            Assert.Equal([keptOld.Proposal.Run.Id], outcome.KeptBecauseOfDecisions.ToArray());
            var v = log.Verify();
            Assert.True(v.Intact, v.Problem);
            Assert.Equal(2, v.PrunedThrough);
            Assert.False(log.FindRun(old.Proposal.Run.Id).Succeeded);
            Assert.Single(log.FindRun(keptOld.Proposal.Run.Id).GetValueOrThrow().Decisions);

            // A second prune later moves the anchor on; the chain still verifies.
            clock.Now = January.AddMonths(20);
            Assert.Equal(6, log.Prune(DateOnly.FromDateTime(January.AddMonths(10).UtcDateTime), "P-ops").GetValueOrThrow().PrunedThrough);
            log.RecordRun(old); // 8
            Assert.True(log.Verify().Intact);
        }

        // Removing the prune record (the anchor) is caught.
        AuditFixture.Sql(path, "DROP TRIGGER audit_records_no_delete; DELETE FROM audit_records WHERE seq = 7;");
        using var reopened = AuditFixture.Open(path);
        Assert.True(AuditFixture.Count(path, "1 = 1") == 1, path);
        Assert.False(reopened.Verify().Intact);
    }

    [Fact]
    public void Replay_StoredRun_GivesAnIdenticalProposal()
    {
        var path = AuditFixture.NewLogPath();
        var run = AuditFixture.Run(AuditFixture.Generated(300, 30, 9), AuditFixture.Options with { Seed = 4, Policy = Policy.Weighted });
        using var log = AuditFixture.Open(path);
        log.RecordRun(run);
        var outcome = AuditReplay.Replay(log.FindRun(run.Proposal.Run.Id).GetValueOrThrow()).GetValueOrThrow();
        Assert.True(outcome.Identical, string.Join("\n", outcome.Differences));
        Assert.NotEqual(run.Proposal.Run.Id, outcome.Proposal.Run.Id);
    }

    [Fact]
    public void Compare_ProposalsOfDifferentPolicies_NamesTheDifferences()
    {
        var problem = AuditFixture.Generated(200, 20, 4);
        var a = TestProblems.Propose(problem);
        var b = TestProblems.Propose(problem, Policy.CapacityOnly);
        var differences = AuditReplay.Compare(a, b);
        Assert.NotEmpty(differences);
        Assert.All(differences, d => Assert.Contains(": recorded ", d, StringComparison.Ordinal));
        Assert.Empty(AuditReplay.Compare(a, a with { Run = a.Run with { Id = "other", TimeUtc = a.Run.TimeUtc.AddHours(1) }, Solver = a.Solver with { Seconds = 99 } }));
    }

    [Fact]
    public void Replay_WhenTheRunsLayerFileChanged_NamesTheFile()
    {
        var dir = TestData.TempDirectory();
        var layer = Path.Combine(dir, "regions.geojson");
        File.WriteAllText(layer, Square("R1", "Everywhere"));
        var sources = new GeographyOptions { EducationRegions = new RegionLayerSource(layer) { Crs = "EPSG:4326" } };
        var geography = Placement.Geography.RegionMap.Load(sources).GetValueOrThrow();
        var problem = AuditFixture.Generated(40, 6, 2);
        var proposal = new PlacementEngine(geography).Propose(problem, AuditFixture.Options).GetValueOrThrow();
        using var log = AuditFixture.Open(Path.Combine(dir, "audit.db"));
        log.RecordRun(new RunToRecord(proposal, problem, AuditFixture.Options) { Geography = sources });
        var run = log.FindRun(proposal.Run.Id).GetValueOrThrow();
        Assert.True(AuditReplay.Replay(run).GetValueOrThrow().Identical);

        File.WriteAllText(layer, Square("R2", "Changed"));
        var changed = AuditReplay.Replay(run);
        Assert.False(changed.Succeeded);
        Assert.Contains("changed", changed.Errors[0].Message, StringComparison.Ordinal);
        Assert.Equal(layer, changed.Errors[0].File);

        File.Delete(layer);
        Assert.Contains("no longer available", AuditReplay.Replay(run).Errors[0].Message, StringComparison.Ordinal);
    }

    private static string Square(string code, string name) =>
        $$$"""{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"statcode":"{{{code}}}","statnaam":"{{{name}}}"},"geometry":{"type":"Polygon","coordinates":[[[3.0,50.5],[7.5,50.5],[7.5,53.8],[3.0,53.8],[3.0,50.5]]]}}]}""";
}

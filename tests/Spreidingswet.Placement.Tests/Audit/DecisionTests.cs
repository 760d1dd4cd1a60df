using Spreidingswet.Placement.Audit;
using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Tests.Support;
using static Spreidingswet.Placement.Tests.Support.TestProblems;

namespace Spreidingswet.Placement.Tests.Audit;

public sealed class DecisionTests
{
    // Y1 (16) and Y2 (16) fit L1 (2 beds) and L2 (1 bed); L3 takes only 12-14; siblings S1 = Y3, Y4.
    private static PlacementProblem Problem() => TestProblems.Problem(
        [Kid("Y1", 16, school: Utrecht), Kid("Y2", 16, school: Utrecht), Kid("Y3", 15) with { SiblingGroup = "S1" }, Kid("Y4", 15) with { SiblingGroup = "S1" }],
        [Loc("L1", Utrecht, 2), Loc("L2", Zeist, 1), Loc("L3", Groningen, 4, 12, 14), Loc("L4", Maastricht, 2), Loc("L5", Maastricht, 2)]);

    /// <summary>L4 or L5, whichever the proposal leaves empty (the siblings take the other).</summary>
    private static string Empty(Proposal proposal) => proposal.Assignments.Any(a => a.Location == "L4") ? "L5" : "L4";

    private static (AuditLog Log, string Run, Proposal Proposal) Recorded()
    {
        var run = AuditFixture.Run(Problem());
        var log = AuditFixture.Open(AuditFixture.NewLogPath());
        log.RecordRun(run);
        return (log, run.Proposal.Run.Id, run.Proposal);
    }

    private static LoadResult<IReadOnlyList<RecordedDecision>> Decide(AuditLog log, params PlannerDecision[] decisions) => log.Decide(decisions, TestProblems.Geography);

    [Fact]
    public void ExpectedSequence_TwoConnectionsDecidingOneYouth_TheSecondIsToldAndNothingIsOverwritten()
    {
        // Two AuditLog instances on one file are two writers as two processes would be (the web app and
        // placement decide, or two app instances): each checks what it saw inside its own write transaction.
        var run = AuditFixture.Run(Problem());
        var path = AuditFixture.NewLogPath();
        using var first = AuditFixture.Open(path);
        first.RecordRun(run);
        using var second = AuditFixture.Open(path);
        var id = run.Proposal.Run.Id;
        Assert.Empty(second.FindRun(id).GetValueOrThrow().Decisions); // the second one has looked: no decision yet

        var recorded = Decide(first, new PlannerDecision(id, "Y1", DecisionKind.Accept, "P-1") { ExpectedSequence = 0 }).GetValueOrThrow().Single();
        var late = Decide(second, new PlannerDecision(id, "Y1", DecisionKind.Reject, "P-2") { Reason = "not there", ExpectedSequence = 0 });
        Assert.False(late.Succeeded);
        var conflict = Assert.Single(late.Errors);
        Assert.Equal((AuditLog.ExpectedSequenceField, "0"), (conflict.Field, conflict.Value));
        Assert.Contains($"record {recorded.Sequence}, accept by P-1", conflict.Message, StringComparison.Ordinal);

        // All or none: a group with one stale youth records nothing; with what is there now it is recorded.
        Assert.False(Decide(second, new PlannerDecision(id, "Y2", DecisionKind.Accept, "P-2") { ExpectedSequence = 0 },
            new PlannerDecision(id, "Y1", DecisionKind.Accept, "P-2") { ExpectedSequence = 0 }).Succeeded);
        Assert.Equal([recorded.Sequence], second.FindRun(id).GetValueOrThrow().Decisions.Select(d => d.Sequence).ToArray());
        var redo = Decide(second, new PlannerDecision(id, "Y1", DecisionKind.Reject, "P-2") { Reason = "not there", ExpectedSequence = recorded.Sequence }).GetValueOrThrow().Single();
        Assert.Equal(DecisionKind.Reject, first.FindRun(id).GetValueOrThrow().LatestDecisions["Y1"].Decision.Kind);
        Assert.Equal(redo.Sequence, first.FindRun(id).GetValueOrThrow().LatestDecisions["Y1"].Sequence);

        // A youth without a decision expected to have one, and a negative number, are refused too; no check when not given.
        Assert.Contains("has no decision", Decide(first, new PlannerDecision(id, "Y2", DecisionKind.Accept, "P-1") { ExpectedSequence = 99 }).Errors.Single().Message, StringComparison.Ordinal);
        Assert.Equal(AuditLog.ExpectedSequenceField, Decide(first, new PlannerDecision(id, "Y2", DecisionKind.Accept, "P-1") { ExpectedSequence = -1 }).Errors.Single().Field);
        Assert.True(Decide(first, new PlannerDecision(id, "Y1", DecisionKind.Accept, "P-1")).Succeeded);
        Assert.True(first.Verify().Intact);
    }

    [Fact]
    public void Change_ToALocationThatBreaksAHardRule_IsRefusedNamingTheRule()
    {
        var (log, run, _) = Recorded();
        using (log)
        {
            var result = Decide(log, new PlannerDecision(run, "Y1", DecisionKind.Change, "P-1") { Location = "L3", Reason = "near family" });
            Assert.False(result.Succeeded);
            Assert.Contains("[AGE]", result.Errors[0].Message, StringComparison.Ordinal);
            Assert.Empty(log.FindRun(run).GetValueOrThrow().Decisions);
        }
    }

    [Fact]
    public void Change_WithAnExplicitOverride_IsRecordedWithTheBrokenRule()
    {
        var (log, run, _) = Recorded();
        using (log)
        {
            var recorded = Decide(log, new PlannerDecision(run, "Y1", DecisionKind.Change, "P-1") { Location = "L3", Reason = "age assessment pending", Overrides = ["AGE"] }).GetValueOrThrow();
            Assert.Equal(["AGE"], recorded.Single().BlockedBy.ToArray());
            Assert.False(Decide(log, new PlannerDecision(run, "Y2", DecisionKind.Change, "P-1") { Location = "L4", Reason = "x", Overrides = ["AGE"] }).Succeeded); // nothing to override
        }
    }

    [Fact]
    public void Change_IntoALocationTheDecisionsAlreadyFilled_IsRefusedAsFull()
    {
        var (log, run, proposal) = Recorded();
        using (log)
        {
            // Fill the empty 2-bed location with two changes, then the sibling pair no longer fits there.
            var empty = Empty(proposal);
            Assert.Equal("L1", proposal.Assignments.Single(a => a.Youth == "Y1").Location);
            Decide(log, new PlannerDecision(run, "Y1", DecisionKind.Change, "P-1") { Location = empty, Reason = "a" }, new PlannerDecision(run, "Y2", DecisionKind.Change, "P-1") { Location = empty, Reason = "b" }).GetValueOrThrow();
            var full = Decide(log, new PlannerDecision(run, "Y3", DecisionKind.Change, "P-1") { Location = empty, Reason = "c" }, new PlannerDecision(run, "Y4", DecisionKind.Change, "P-1") { Location = empty, Reason = "c" });
            Assert.False(full.Succeeded);
            Assert.Contains(full.Errors, e => e.Message.Contains("[FULL]", StringComparison.Ordinal));
            Assert.Equal(2, log.FindRun(run).GetValueOrThrow().Decisions.Length);

            // Freed again by rejects, the beds can be taken.
            Decide(log, new PlannerDecision(run, "Y1", DecisionKind.Reject, "P-1") { Reason = "d" }, new PlannerDecision(run, "Y2", DecisionKind.Reject, "P-1") { Reason = "d" }).GetValueOrThrow();
            Assert.True(Decide(log, new PlannerDecision(run, "Y3", DecisionKind.Change, "P-1") { Location = empty, Reason = "e", Overrides = ["SIBLINGS_APART"] }).Succeeded);
        }
    }

    [Fact]
    public void Change_OneSiblingAlone_NeedsTheWholeGroupOrAnOverride()
    {
        var (log, run, proposal) = Recorded();
        using (log)
        {
            var empty = Empty(proposal);
            var alone = Decide(log, new PlannerDecision(run, "Y3", DecisionKind.Change, "P-1") { Location = empty, Reason = "r" });
            Assert.False(alone.Succeeded);
            Assert.Contains("[SIBLINGS_APART]", alone.Errors[0].Message, StringComparison.Ordinal);
            var together = Decide(log, new PlannerDecision(run, "Y3", DecisionKind.Change, "P-1") { Location = empty, Reason = "r" }, new PlannerDecision(run, "Y4", DecisionKind.Change, "P-1") { Location = empty, Reason = "r" });
            Assert.True(together.Succeeded, string.Join("\n", together.Errors));
        }
    }

    [Fact]
    public void Decisions_LatestCounts_HistoryKept()
    {
        var (log, run, proposal) = Recorded();
        using (log)
        {
            Decide(log, new PlannerDecision(run, "Y1", DecisionKind.Accept, "P-1")).GetValueOrThrow();
            Decide(log, new PlannerDecision(run, "Y1", DecisionKind.Reject, "P-2") { Reason = "guardian objects" }).GetValueOrThrow();
            var stored = log.FindRun(run).GetValueOrThrow();
            Assert.Equal(2, stored.Decisions.Length);
            Assert.Equal(DecisionKind.Reject, stored.LatestDecisions["Y1"].Decision.Kind);
            Assert.Equal("P-2", stored.LatestDecisions["Y1"].Decision.Planner);
            Assert.Equal(proposal.Assignments.Single(a => a.Youth == "Y1").Location, stored.LatestDecisions["Y1"].ProposedLocation);
        }
    }

    [Fact]
    public void AnInstanceThatKeptTheRun_SeesAndChecksAgainstDecisionsAnotherInstanceRecorded()
    {
        var (log, run, proposal) = Recorded();
        using (log)
        using (var other = AuditFixture.Open(log.FilePath))
        {
            var empty = Empty(proposal);
            Assert.Empty(log.FindRun(run).GetValueOrThrow().Decisions); // parsed and kept by this instance
            Decide(other, new PlannerDecision(run, "Y1", DecisionKind.Change, "P-2") { Location = empty, Reason = "a" }).GetValueOrThrow();
            var seen = log.FindRun(run).GetValueOrThrow();
            Assert.Equal("P-2", seen.LatestDecisions["Y1"].Decision.Planner);

            // The capacity check of this instance counts the other's decision: one bed is left in the empty location, not two.
            Decide(log, new PlannerDecision(run, "Y2", DecisionKind.Change, "P-1") { Location = empty, Reason = "b" }).GetValueOrThrow();
            var full = Decide(log, new PlannerDecision(run, "Y3", DecisionKind.Change, "P-1") { Location = empty, Reason = "c" }, new PlannerDecision(run, "Y4", DecisionKind.Change, "P-1") { Location = empty, Reason = "c" });
            Assert.Contains(full.Errors, e => e.Message.Contains("[FULL]", StringComparison.Ordinal));
            Assert.Equal(2, other.FindRun(run).GetValueOrThrow().Decisions.Length);
        }
    }

    [Theory]
    [InlineData("Jan de Vries", DecisionKind.Accept, null, null)]
    [InlineData("P-1", DecisionKind.Reject, null, null)]
    [InlineData("P-1", DecisionKind.Change, "L4", null)]
    [InlineData("P-1", DecisionKind.Change, "L99", "r")]
    public void Decide_Malformed_IsRefusedAndNothingIsRecorded(string planner, DecisionKind kind, string? location, string? reason)
    {
        var (log, run, _) = Recorded();
        using (log)
        {
            Assert.False(Decide(log, new PlannerDecision(run, "Y1", kind, planner) { Location = location, Reason = reason }).Succeeded);
            Assert.Equal(1, log.Verify().Records);
        }
    }
}

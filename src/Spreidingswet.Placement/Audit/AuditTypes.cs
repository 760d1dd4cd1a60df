using System.Collections.Immutable;
using Spreidingswet.Placement.Geography;
using Spreidingswet.Placement.Model;

namespace Spreidingswet.Placement.Audit;

/// <summary>What a planner decided about one youth's proposed placement.</summary>
public enum DecisionKind
{
    /// <summary>The proposed placement is accepted as it is.</summary>
    Accept,

    /// <summary>The youth goes to another location (with a reason).</summary>
    Change,

    /// <summary>The proposed placement is rejected and the youth is not placed by this run (with a reason).</summary>
    Reject,
}

/// <summary>
/// A planner's decision about one youth of a recorded run. The planner id must be pseudonymous
/// (letters, digits, <c>.</c>, <c>_</c>, <c>-</c>; no names). A <see cref="DecisionKind.Change"/>
/// names a location that passes the hard rules for the youth in that run, or lists in
/// <see cref="Overrides"/> every rule the planner overrides, explained in <see cref="Reason"/>.
/// </summary>
/// <param name="RunId">The run the decision is about.</param>
/// <param name="Youth">The youth's pseudonymous id.</param>
/// <param name="Kind">Accept, change or reject.</param>
/// <param name="Planner">The deciding planner's pseudonymous id.</param>
public sealed record PlannerDecision(string RunId, string Youth, DecisionKind Kind, string Planner)
{
    /// <summary>The location a <see cref="DecisionKind.Change"/> moves the youth to; <c>null</c> otherwise.</summary>
    public string? Location { get; init; }

    /// <summary>Why (required for a change, a reject and any override).</summary>
    public string? Reason { get; init; }

    /// <summary>Rule codes (e.g. <c>AGE</c>, <c>FULL</c>) the planner explicitly overrides.</summary>
    public ImmutableArray<string> Overrides { get; init; } = [];

    /// <summary>
    /// Optimistic concurrency: the record number of the youth's latest decision about this run that the
    /// planner saw (0: none). When set and another decision about the youth was recorded since, by this
    /// or any other process, <see cref="AuditLog.Decide"/> records nothing and reports it with the field
    /// <see cref="AuditLog.ExpectedSequenceField"/>. Null: no check (the CLI's <c>placement decide</c>).
    /// </summary>
    public long? ExpectedSequence { get; init; }
}

/// <summary>A coordinator's approval of a whole run, as recorded in the audit log (one per run).</summary>
/// <param name="Sequence">Its record number in the chain: every decision before it is what was approved.</param>
/// <param name="TimeUtc">When it was recorded (UTC).</param>
/// <param name="RunId">The approved run.</param>
/// <param name="Approver">The approving coordinator's pseudonymous id.</param>
/// <param name="Accepted">Youths without a decision that the approval accepted (recorded as the approver's decisions just before it).</param>
/// <param name="Decisions">Decisions about the run recorded before the approval (those included).</param>
/// <param name="Reason">Why, or a note (optional).</param>
public sealed record RecordedApproval(long Sequence, DateTimeOffset TimeUtc, string RunId, string Approver, int Accepted, int Decisions, string? Reason);

/// <summary>A decision as recorded in the audit log.</summary>
/// <param name="Sequence">Its record number in the chain.</param>
/// <param name="TimeUtc">When it was recorded (UTC).</param>
/// <param name="Decision">The decision.</param>
/// <param name="ProposedLocation">Where the proposal placed the youth (<c>null</c> = unplaced).</param>
/// <param name="BlockedBy">Rules the decided placement breaks at the time of the decision (each one overridden).</param>
public sealed record RecordedDecision(long Sequence, DateTimeOffset TimeUtc, PlannerDecision Decision, string? ProposedLocation, ImmutableArray<string> BlockedBy);

/// <summary>One line of <see cref="AuditLog.ListRuns"/>.</summary>
/// <param name="Sequence">The run's record number.</param>
/// <param name="RunId">Run id.</param>
/// <param name="Kind"><c>propose</c> or <c>scenario</c>.</param>
/// <param name="Scenario">Scenario name for scenario runs, else <c>null</c>.</param>
/// <param name="TimeUtc">When it ran (UTC).</param>
/// <param name="Policy">Policy name.</param>
/// <param name="Status">Solver status.</param>
/// <param name="Youths">Youths in the run.</param>
/// <param name="Placed">Youths placed by the proposal.</param>
/// <param name="Decisions">Youths with a recorded decision (latest counts).</param>
/// <param name="Synthetic">True for synthetic data.</param>
public sealed record AuditRunSummary(long Sequence, string RunId, string Kind, string? Scenario, DateTimeOffset TimeUtc, string Policy, string Status, int Youths, int Placed, int Decisions, bool Synthetic);

/// <summary>
/// Everything recorded about one run: its options, geodata, the parsed (pseudonymous) inputs, the
/// proposal and every decision (oldest first; the latest per youth counts).
/// </summary>
public sealed record AuditRun
{
    /// <summary>The run's record number.</summary>
    public required long Sequence { get; init; }

    /// <summary>The hash of the run's record.</summary>
    public required string Hash { get; init; }

    /// <summary><c>propose</c> or <c>scenario</c>.</summary>
    public required string Kind { get; init; }

    /// <summary>Scenario name (scenario runs), else <c>null</c>.</summary>
    public string? Scenario { get; init; }

    /// <summary>The options the proposal was made with (policy, weights, planning date, time limit, seed, language, alternatives).</summary>
    public required PlacementOptions Options { get; init; }

    /// <summary>Where each region layer came from (file, properties, layer, CRS); <c>null</c> roles used the embedded default.</summary>
    public required GeographyOptions GeographySources { get; init; }

    /// <summary>The learned-score model file the run used (its absolute path; the proposal records its SHA-256), or <c>null</c> when none was used.</summary>
    public string? ModelVersion { get; init; }

    /// <summary>The parsed inputs, with the digests of the files they were read from. <see cref="Youth.AuditGroup"/> is not stored.</summary>
    public required PlacementProblem Problem { get; init; }

    /// <summary>The proposal as made.</summary>
    public required Proposal Proposal { get; init; }

    /// <summary>Every decision, oldest first.</summary>
    public required ImmutableArray<RecordedDecision> Decisions { get; init; }

    /// <summary>The coordinator's approval of the whole run, or <c>null</c> while it has none.</summary>
    public RecordedApproval? Approval { get; init; }

    /// <summary>The latest decision per youth, by youth id.</summary>
    public ImmutableSortedDictionary<string, RecordedDecision> LatestDecisions =>
        Decisions.GroupBy(d => d.Decision.Youth, StringComparer.Ordinal).ToImmutableSortedDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);
}

/// <summary>The outcome of <see cref="AuditLog.Verify"/>.</summary>
/// <param name="Intact">True when every record matches its hash and links to the one before.</param>
/// <param name="Records">Records checked.</param>
/// <param name="FirstBroken">The first record that does not verify, or <c>null</c>.</param>
/// <param name="Problem">What is wrong with it, or <c>null</c>.</param>
/// <param name="HeadSequence">The last record's number (0 when empty).</param>
/// <param name="HeadHash">The last record's hash: keep it elsewhere to detect records cut off the end.</param>
/// <param name="PrunedThrough">Records up to this number were pruned (0 when none).</param>
public sealed record AuditVerification(bool Intact, long Records, long? FirstBroken, string? Problem, long HeadSequence, string? HeadHash, long PrunedThrough)
{
    /// <summary>True when the database file itself is damaged (SQLite's quick check fails).</summary>
    public bool Damaged { get; init; }

    /// <summary>Leaves of the Merkle tree (records, pruned ones included), when the log verifies.</summary>
    public long TreeSize { get; init; }

    /// <summary>The Merkle tree's root hash (hex, RFC 6962 hashing), when the log verifies.</summary>
    public string? RootHash { get; init; }
}

/// <summary>The outcome of <see cref="AuditLog.VerifyAgainst"/>.</summary>
/// <param name="Consistent">True when the log verifies, the head's signature verifies and the log only grew since the head.</param>
/// <param name="Problem">What failed, or <c>null</c>.</param>
/// <param name="Log">The log's own verification.</param>
/// <param name="OldSize">The head's tree size.</param>
/// <param name="NewSize">The current tree size.</param>
/// <param name="Proof">The consistency proof (hex node hashes) that was checked.</param>
/// <param name="TrustedKey">True when the signature was checked with a public key given by the caller, false when with the key the head itself carries.</param>
public sealed record HeadVerification(bool Consistent, string? Problem, AuditVerification Log, long OldSize, long NewSize, ImmutableArray<string> Proof, bool TrustedKey);

/// <summary>An RFC 9162 inclusion proof of one record in the current Merkle tree.</summary>
/// <param name="Sequence">The record number.</param>
/// <param name="LeafIndex">Its leaf index.</param>
/// <param name="TreeSize">The tree's size.</param>
/// <param name="LeafHash">The leaf's hash (hex).</param>
/// <param name="Path">The audit path (hex node hashes).</param>
/// <param name="RootHash">The tree's root hash (hex).</param>
public sealed record AuditInclusionProof(long Sequence, long LeafIndex, long TreeSize, string LeafHash, ImmutableArray<string> Path, string RootHash);

/// <summary>The outcome of <see cref="AuditLog.CheckForWriting"/>.</summary>
/// <param name="Verification">The log's verification.</param>
/// <param name="NotWritable">Why the file cannot be written (read-only, locked, damaged), or <c>null</c> when it can.</param>
public sealed record AuditWriteCheck(AuditVerification Verification, string? NotWritable);

/// <summary>The outcome of <see cref="AuditLog.Prune"/>.</summary>
/// <param name="Removed">Records removed.</param>
/// <param name="PrunedThrough">Records up to this number are now gone (0 when nothing was removed).</param>
/// <param name="AnchorSequence">The prune record that anchors the remaining chain, or <c>null</c> when nothing was removed.</param>
/// <param name="KeptBecauseOfDecisions">Runs older than the date kept because they have decisions on or after it.</param>
public sealed record PruneOutcome(long Removed, long PrunedThrough, long? AnchorSequence, ImmutableArray<string> KeptBecauseOfDecisions);

/// <summary>The outcome of <see cref="AuditReplay.Replay"/>.</summary>
/// <param name="RunId">The replayed run.</param>
/// <param name="Identical">True when the new proposal equals the recorded one (run id, time and solver seconds aside).</param>
/// <param name="Differences">Where they differ (JSON paths, at most 20).</param>
/// <param name="Proposal">The new proposal.</param>
public sealed record ReplayOutcome(string RunId, bool Identical, ImmutableArray<string> Differences, Proposal Proposal);

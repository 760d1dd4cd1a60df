using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Spreidingswet.Placement.Geography;
using Spreidingswet.Placement.Inputs;
using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Outputs;

namespace Spreidingswet.Placement.Audit;

/// <summary>Verification of the hash chain, and pruning records past the retention period.</summary>
public sealed partial class AuditLog
{
    /// <summary>
    /// Checks the whole log: every record's hash matches its content and the hash of the record
    /// before it, numbers are consecutive, records removed by a prune are accounted for by its
    /// anchor record and their leaves are kept, and every prune record is checked (its date at least
    /// <see cref="MinimumRetentionMonths"/> months before it was written and not in the future, every
    /// record it removed older than that date, its Merkle root that of the records removed so far);
    /// no decision may have lost its run. Names the first record that does not verify, and gives
    /// the Merkle tree's size and root (sign them with <see cref="SignHead"/>).
    /// </summary>
    public AuditVerification Verify() => VerifyTree().Verification;

    private (AuditVerification Verification, List<byte[]> Leaves, long Base) VerifyTree()
    {
        using (var check = Command("PRAGMA quick_check;"))
        {
            var result = Convert.ToString(check.ExecuteScalar(), CultureInfo.InvariantCulture);
            if (result != "ok")
            {
                var lines = (result ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                var first = lines.Length == 0 ? "no answer" : lines[0] + (lines.Length > 1 ? $" and {lines.Length - 1} more problem(s)" : "");
                return (new AuditVerification(false, 0, null, $"the database file is damaged (SQLite integrity check: {first})", 0, null, 0) { Damaged = true }, [], 0);
            }
        }

        var rows = new List<AuditChain.Row>();
        using (var command = Command("SELECT seq, kind, run_id, youth, time_utc, content, prev_hash, hash FROM audit_records ORDER BY seq"))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                rows.Add(new AuditChain.Row(reader.GetInt64(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3),
                    reader.GetString(4), reader.GetString(5), reader.GetString(6), reader.GetString(7)));
            }
        }

        var chain = AuditChain.Verify(rows);
        if (!chain.Intact)
        {
            return (chain, [], 0);
        }

        var merkle = Scalar("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name IN ('audit_pruned', 'audit_meta')") == 2;
        var pruned = new List<PrunedRow>();
        long merkleFrom = long.MaxValue;
        var treeBase = rows.Count > 0 ? rows[0].Seq - 1 : 0;
        if (merkle)
        {
            using (var command = Command("SELECT seq, kind, run_id, youth, time_utc, content_sha256, prev_hash, hash FROM audit_pruned ORDER BY seq"))
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    pruned.Add(new PrunedRow(reader.GetInt64(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3),
                        reader.GetString(4), reader.GetString(5), reader.GetString(6), reader.GetString(7)));
                }
            }

            merkleFrom = Scalar("SELECT COALESCE((SELECT CAST(value AS INTEGER) FROM audit_meta WHERE key = 'merkle_from'), 1)");
            treeBase = Scalar("SELECT COALESCE((SELECT CAST(value AS INTEGER) FROM audit_meta WHERE key = 'tree_base'), 0)");
        }

        var problem = CheckTree(rows, pruned, merkleFrom, treeBase, _time.GetUtcNow());
        if (problem is { } p)
        {
            return (chain with { Intact = false, FirstBroken = p.Seq, Problem = p.Problem, Records = rows.Count(r => r.Seq < p.Seq) }, [], 0);
        }

        var leaves = new List<byte[]>(pruned.Count + rows.Count);
        leaves.AddRange(pruned.Select(r => r.Leaf()));
        leaves.AddRange(rows.Select(AuditChain.Leaf));
        var root = Convert.ToHexStringLower(MerkleTree.Root(leaves, leaves.Count));
        return (chain with { TreeSize = leaves.Count, RootHash = root }, leaves, treeBase);
    }

    /// <summary>The checks beyond the chain: pruned leaves, prune records, decisions and their runs. Null when all hold.</summary>
    private static (long Seq, string Problem)? CheckTree(List<AuditChain.Row> rows, List<PrunedRow> pruned, long merkleFrom, long treeBase, DateTimeOffset now)
    {
        if (CheckPrunedLeaves(rows, pruned, treeBase) is { } broken)
        {
            return broken;
        }

        var runs = new HashSet<string>(StringComparer.Ordinal);
        var approved = new HashSet<string>(StringComparer.Ordinal);
        long lastPruned = treeBase;
        foreach (var row in rows)
        {
            if (row.Kind == "run" && row.RunId is { } id)
            {
                runs.Add(id);
            }
            else if (row.Kind == "decision" && (row.RunId is null || !runs.Contains(row.RunId)))
            {
                return (row.Seq, $"it is a decision about run {row.RunId}, which is not in the log before it: a prune never removes a run whose decisions are kept, so records were removed");
            }
            else if (row.Kind == "approval" && (row.RunId is null || !runs.Contains(row.RunId)))
            {
                return (row.Seq, $"it is the approval of run {row.RunId}, which is not in the log before it: a prune never removes a run whose approval is kept, so records were removed");
            }
            else if (row.Kind == "approval" && !approved.Add(row.RunId!))
            {
                return (row.Seq, $"it is a second approval of run {row.RunId}: a run is approved once, so the record was not written by this engine");
            }
            else if (row.Kind == "prune")
            {
                var (problem, prunedThrough) = CheckPruneRecord(row, pruned, merkleFrom, treeBase, lastPruned, now);
                if (problem is not null)
                {
                    return (row.Seq, problem);
                }

                lastPruned = prunedThrough;
            }
        }

        return null;
    }

    /// <summary>The kept leaves of pruned records run without a gap from the tree's base and link, by hash, to each other and to the first record.</summary>
    private static (long Seq, string Problem)? CheckPrunedLeaves(List<AuditChain.Row> rows, List<PrunedRow> pruned, long treeBase)
    {
        var firstSeq = rows.Count > 0 ? rows[0].Seq : treeBase + 1;
        if (pruned.Count == 0 && firstSeq - 1 <= treeBase)
        {
            return null;
        }

        var expected = treeBase + 1;
        var prev = treeBase == 0 ? AuditChain.Genesis : null;
        foreach (var r in pruned)
        {
            if (r.Seq != expected)
            {
                return (firstSeq, $"the leaves of pruned records {expected} to {firstSeq - 1} are not all kept (record {r.Seq} is next), so the Merkle tree cannot be rebuilt: records were removed without a real prune");
            }

            if (prev is not null && r.PrevHash != prev)
            {
                return (firstSeq, $"the kept leaf of pruned record {r.Seq} does not link to the one before it");
            }

            prev = r.Hash;
            expected++;
        }

        if (expected != firstSeq)
        {
            return (firstSeq, $"records {expected} to {firstSeq - 1} are gone and their leaves are not kept, so the Merkle tree cannot be rebuilt: records were removed without a real prune");
        }

        return rows.Count > 0 && prev is not null && rows[0].PrevHash != prev
            ? (firstSeq, $"the first record does not link to the kept leaf of pruned record {firstSeq - 1}")
            : null;
    }

    /// <summary>
    /// A prune record: readable, its date at least <see cref="MinimumRetentionMonths"/> months before
    /// it was written and not in the future, its range after the previous prune, no removed record
    /// as young as its date, and the Merkle root of what it removed that of the kept leaves.
    /// </summary>
    private static (string? Problem, long PrunedThrough) CheckPruneRecord(AuditChain.Row row, List<PrunedRow> pruned, long merkleFrom, long treeBase, long lastPruned, DateTimeOffset now)
    {
        if (AuditChain.Anchor(row) is not { } anchor)
        {
            return ("it is a prune record whose content cannot be read", 0);
        }

        var written = DateTimeOffset.Parse(row.Time, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
        var latest = DateOnly.FromDateTime(written.UtcDateTime).AddMonths(-MinimumRetentionMonths);
        if (anchor.Before > latest)
        {
            return ($"it is a prune record whose date {anchor.Before:yyyy-MM-dd} is less than {MinimumRetentionMonths} months before it was written ({written.UtcDateTime:yyyy-MM-dd}): no real prune does that", 0);
        }

        if (written > now.AddDays(1))
        {
            return ($"it is a prune record dated {written.UtcDateTime:yyyy-MM-dd}, in the future", 0);
        }

        if (anchor.PrunedThrough >= row.Seq || anchor.PrunedThrough < lastPruned)
        {
            return ($"it is a prune record that claims to remove records through {anchor.PrunedThrough}, which does not fit its place in the log", 0);
        }

        if (anchor.PrunedRoot is null)
        {
            if (row.Seq >= merkleFrom)
            {
                return ("it is a prune record without the Merkle root of what it removed, written after the log became a Merkle tree: no real prune does that", 0);
            }
        }
        else
        {
            var cutoff = anchor.Before.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc).ToString("o", CultureInfo.InvariantCulture);
            var from = anchor.PrunedThrough - anchor.Removed + 1;
            var young = pruned.FirstOrDefault(p => p.Seq >= from && p.Seq <= anchor.PrunedThrough && string.CompareOrdinal(p.Time, cutoff) >= 0);
            if (young is not null)
            {
                return ($"it is a prune record that removed record {young.Seq}, recorded {young.Time[..10]}, which is not before its date {anchor.Before:yyyy-MM-dd}: no real prune does that", 0);
            }

            var size = anchor.PrunedThrough - treeBase;
            if (size < 0 || size > pruned.Count || anchor.PrunedSize != size
                || Convert.ToHexStringLower(MerkleTree.Root([.. pruned.Take((int)size).Select(p => p.Leaf())], size)) != anchor.PrunedRoot)
            {
                return ("it is a prune record whose Merkle root is not that of the kept leaves of the records it removed", 0);
            }
        }

        return (null, anchor.PrunedThrough);
    }

    private long Scalar(string sql)
    {
        using var command = Command(sql);
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Signs the current tree head with <paramref name="key"/>; refuses when the log does not verify.
    /// Keep the head outside the log: <see cref="VerifyAgainst"/> proves later that the log only grew.
    /// </summary>
    public LoadResult<SignedTreeHead> SignHead(AuditSigningKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var (v, _, treeBase) = VerifyTree();
        if (!v.Intact)
        {
            return LoadResult<SignedTreeHead>.Failure([new InputError(FilePath, 0, "--audit", FilePath, $"does not verify{(v.FirstBroken is { } n ? $" at record #{n}" : "")}: {v.Problem}; no head is signed for a broken log.")]);
        }

        return LoadResult<SignedTreeHead>.Success(SignedTreeHead.Sign(v.TreeSize, v.RootHash!, treeBase + v.TreeSize, _time.GetUtcNow(), key));
    }

    /// <summary>
    /// Proves that the log only grew since <paramref name="head"/>: the log verifies, the head's
    /// signature verifies (with <paramref name="trusted"/>, or else with the public key the head carries,
    /// which only shows the head is unchanged, not who signed it), and the RFC 9162 consistency proof
    /// between the head's tree and the current tree checks out.
    /// </summary>
    public HeadVerification VerifyAgainst(SignedTreeHead head, AuditPublicKey? trusted = null)
    {
        ArgumentNullException.ThrowIfNull(head);
        var (v, leaves, treeBase) = VerifyTree();
        HeadVerification Fail(string problem) => new(false, problem, v, head.TreeSize, v.TreeSize, [], trusted is not null);
        if (!v.Intact)
        {
            return Fail(v.FirstBroken is { } n ? $"the log does not verify at record #{n}: {v.Problem}" : $"the log does not verify: {v.Problem}");
        }

        var key = trusted;
        if (key is null)
        {
            key = AuditPublicKey.FromPem(head.PublicKey, "head").Value;
            if (key is null)
            {
                return Fail("the head's public key cannot be read");
            }
        }

        if (!head.IsSignedBy(key))
        {
            return Fail(key.KeyId != head.KeyId
                ? $"the head was signed by key {head.KeyId[..16]}, not by the given public key {key.KeyId[..16]}"
                : "the head's signature does not verify: the head was changed after it was signed");
        }

        if (head.TreeSize > v.TreeSize)
        {
            return Fail($"the log holds {v.TreeSize} leaves, fewer than the {head.TreeSize} of the head: records were cut off or the log was replaced");
        }

        if (head.HeadSequence - head.TreeSize != treeBase)
        {
            return Fail($"the head's tree starts after record {head.HeadSequence - head.TreeSize}, this log's after record {treeBase}: the log was replaced");
        }

        var proof = MerkleTree.ConsistencyProof(leaves, head.TreeSize, v.TreeSize);
        byte[] oldRoot;
        try
        {
            oldRoot = Convert.FromHexString(head.RootHash);
        }
        catch (FormatException)
        {
            return Fail("the head's root hash is not hex");
        }

        var consistent = MerkleTree.VerifyConsistency(head.TreeSize, v.TreeSize, oldRoot, Convert.FromHexString(v.RootHash!), proof);
        return consistent
            ? new HeadVerification(true, null, v, head.TreeSize, v.TreeSize, [.. proof.Select(Convert.ToHexStringLower)], trusted is not null)
            : Fail($"the first {head.TreeSize} records are not those the head signed (the consistency proof fails): records were changed, removed or replaced since the head");
    }

    /// <summary>An RFC 9162 inclusion proof (audit path) of record <paramref name="sequence"/> in the current tree; null when the log does not verify or has no such leaf.</summary>
    public AuditInclusionProof? InclusionProof(long sequence)
    {
        var (v, leaves, treeBase) = VerifyTree();
        var index = sequence - treeBase - 1;
        if (!v.Intact || index < 0 || index >= leaves.Count)
        {
            return null;
        }

        var proof = MerkleTree.InclusionProof(leaves, index, leaves.Count);
        return new AuditInclusionProof(sequence, index, leaves.Count, Convert.ToHexStringLower(leaves[(int)index]), [.. proof.Select(Convert.ToHexStringLower)], v.RootHash!);
    }

    /// <summary>
    /// What a writer (propose, decide, scenario) checks before it does any work: the file is
    /// writable and not damaged, and the log verifies. With <paramref name="acceptBroken"/> a log
    /// that does not verify may still be written to; the next record then states that the
    /// operator accepted the broken chain and where it broke.
    /// </summary>
    public AuditWriteCheck CheckForWriting(bool acceptBroken = false)
    {
        string? notWritable = null;
        try
        {
            using var tx = _connection.BeginTransaction(deferred: false);
            using var probe = _connection.CreateCommand();
            probe.Transaction = tx;
            probe.CommandText = "INSERT INTO audit_prune_permit (id) VALUES (-1)";
            probe.ExecuteNonQuery();
            tx.Rollback();
        }
        catch (SqliteException ex)
        {
            notWritable = ex.Message;
        }

        var v = Verify();
        if (!v.Intact && !v.Damaged && acceptBroken)
        {
            var note = new { firstBroken = v.FirstBroken, problem = v.Problem, acceptedUtc = _time.GetUtcNow().UtcDateTime.ToString("o", CultureInfo.InvariantCulture) };
            _acceptedBreak = JsonSerializer.Serialize(note, Compact);
        }

        return new AuditWriteCheck(v, notWritable);
    }

    /// <summary>
    /// Removes the oldest records, those recorded before <paramref name="before"/>, and appends a
    /// prune record that anchors the rest of the chain (the number and hash of the last removed
    /// record), signed off by <paramref name="operatorId"/>. Refuses a date less than
    /// <see cref="MinimumRetentionMonths"/> months before today (UTC). A run is kept, with
    /// everything after it, while it has decisions on or after the date.
    /// </summary>
    public LoadResult<PruneOutcome> Prune(DateOnly before, string operatorId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(operatorId);
        var errors = PruneArgumentErrors(before, operatorId);
        if (errors.Count > 0)
        {
            return LoadResult<PruneOutcome>.Failure(errors);
        }

        var (verified, leaves, treeBase) = VerifyTree();
        if (!verified.Intact)
        {
            return LoadResult<PruneOutcome>.Failure([new InputError(FilePath, 0, "--audit", FilePath,
                $"does not verify{(verified.FirstBroken is { } n ? $" at record #{n}" : "")}: {verified.Problem}; a broken log is not pruned (the prune would hide the damage).")]);
        }

        var cutoff = before.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc).ToString("o", CultureInfo.InvariantCulture);
        PruneOutcome? outcome = null;
        Write(() =>
        {
            var rows = PruneRows(cutoff);
            if (rows.Count > 0 && rows[^1].Hash != verified.HeadHash)
            {
                throw new InvalidOperationException("The audit log changed between its verification and the prune; prune again.");
            }

            var (end, kept) = RemovablePrefix(rows);
            if (end == 0)
            {
                outcome = new PruneOutcome(0, 0, null, [.. kept]);
                return [];
            }

            var last = rows[end - 1];
            KeepPrunedLeaves(last.Seq);
            var prunedSize = last.Seq - treeBase;
            var prunedRoot = Convert.ToHexStringLower(MerkleTree.Root(leaves, prunedSize));
            DeleteThrough(last.Seq);
            var content = JsonSerializer.Serialize(new PruneAnchor(last.Seq, last.Hash, before, end, operatorId) { PrunedSize = prunedSize, PrunedRoot = prunedRoot }, Compact);
            var anchor = Append("prune", null, null, content, continueAfter: (last.Seq, last.Hash));
            outcome = new PruneOutcome(end, last.Seq, anchor, [.. kept]);
            return [anchor];
        });
        return LoadResult<PruneOutcome>.Success(outcome!);
    }

    /// <summary>The prune date at least <see cref="MinimumRetentionMonths"/> months back, the operator a pseudonymous id.</summary>
    private List<InputError> PruneArgumentErrors(DateOnly before, string operatorId)
    {
        var today = DateOnly.FromDateTime(_time.GetUtcNow().UtcDateTime);
        var latest = today.AddMonths(-MinimumRetentionMonths);
        var errors = new List<InputError>();
        if (before > latest)
        {
            errors.Add(new InputError("command line", 0, "--before", before.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                $"is less than {MinimumRetentionMonths} months ago: logs must be kept at least {MinimumRetentionMonths} months (AI Act art. 26(6)).",
                $"Maybe --before {latest:yyyy-MM-dd} or earlier?"));
        }

        if (!PseudonymousId().IsMatch(operatorId))
        {
            errors.Add(new InputError("command line", 0, "--planner", operatorId, "must be a pseudonymous id (letters, digits, '.', '_', '-'; at most 64), not a name."));
        }

        return errors;
    }

    /// <summary>Every record in order: number, kind, run, whether it is older than the cutoff, hash.</summary>
    private List<(long Seq, string Kind, string? Run, bool Old, string Hash)> PruneRows(string cutoff)
    {
        var rows = new List<(long Seq, string Kind, string? Run, bool Old, string Hash)>();
        using var select = Command("SELECT seq, kind, run_id, time_utc < $cutoff, hash FROM audit_records ORDER BY seq");
        select.Parameters.AddWithValue("$cutoff", cutoff);
        using var reader = select.ExecuteReader();
        while (reader.Read())
        {
            rows.Add((reader.GetInt64(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetInt64(3) != 0, reader.GetString(4)));
        }

        return rows;
    }

    /// <summary>The prefix of old records, shortened until no kept decision or approval refers to a removed run; the runs kept for that reason.</summary>
    private static (int End, SortedSet<string> Kept) RemovablePrefix(List<(long Seq, string Kind, string? Run, bool Old, string Hash)> rows)
    {
        var end = rows.TakeWhile(r => r.Old).Count();
        var kept = new SortedSet<string>(StringComparer.Ordinal);
        while (true)
        {
            var removedRuns = rows.Take(end).Where(r => r.Kind == "run").ToDictionary(r => r.Run!, r => r.Seq, StringComparer.Ordinal);
            var needed = rows.Skip(end).Where(r => r.Kind is "decision" or "approval" && removedRuns.ContainsKey(r.Run!)).Select(r => r.Run!).Distinct().ToList();
            if (needed.Count == 0)
            {
                return (end, kept);
            }

            kept.UnionWith(needed);
            var first = needed.Min(id => removedRuns[id]);
            end = rows.FindIndex(r => r.Seq == first);
        }
    }

    /// <summary>
    /// Keeps each record up to <paramref name="last"/> as its leaf (everything but its content), so
    /// that the Merkle tree, the chain into the first kept record and the prune's date can still be checked.
    /// </summary>
    private void KeepPrunedLeaves(long last)
    {
        using var keep = Command("""
            INSERT INTO audit_pruned (seq, kind, run_id, youth, time_utc, content_sha256, prev_hash, hash)
            SELECT seq, kind, run_id, youth, time_utc, $sha, prev_hash, hash FROM audit_records WHERE seq = $seq
            """);
        using var contents = Command("SELECT seq, content FROM audit_records WHERE seq <= $last ORDER BY seq");
        contents.Parameters.AddWithValue("$last", last);
        var digests = new List<(long Seq, string Sha)>();
        using (var reader = contents.ExecuteReader())
        {
            while (reader.Read())
            {
                digests.Add((reader.GetInt64(0), AuditChain.ContentSha256(reader.GetString(1))));
            }
        }

        var sha = keep.Parameters.Add("$sha", SqliteType.Text);
        var seq = keep.Parameters.Add("$seq", SqliteType.Integer);
        foreach (var (s, d) in digests)
        {
            (sha.Value, seq.Value) = (d, s);
            keep.ExecuteNonQuery();
        }
    }

    /// <summary>Deletes the records up to <paramref name="last"/> under the one-time permit the schema's delete trigger asks for.</summary>
    private void DeleteThrough(long last)
    {
        using (var permit = Command("INSERT INTO audit_prune_permit (id) VALUES (1)"))
        {
            permit.ExecuteNonQuery();
        }

        using (var delete = Command("DELETE FROM audit_records WHERE seq <= $last"))
        {
            delete.Parameters.AddWithValue("$last", last);
            delete.ExecuteNonQuery();
        }

        using var unpermit = Command("DELETE FROM audit_prune_permit");
        unpermit.ExecuteNonQuery();
    }
}

/// <summary>The anchor a prune leaves: the chain resumes after record <c>PrunedThrough</c>, whose hash was <c>LastPrunedHash</c>.</summary>
/// <remarks>
/// Since schema 2 it also holds the Merkle root and size of the tree of every record pruned so far
/// (<c>PrunedSize</c> leaves, from the first leaf of the tree), so that the removed range stays
/// provable from the leaves the prune keeps. A 0.2.0 prune has neither.
/// </remarks>
internal sealed record PruneAnchor(long PrunedThrough, string LastPrunedHash, DateOnly Before, long Removed, string Operator)
{
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public long? PrunedSize { get; init; }

    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? PrunedRoot { get; init; }
}

/// <summary>A pruned record as its leaf is kept: everything but the content, which is replaced by its SHA-256.</summary>
internal sealed record PrunedRow(long Seq, string Kind, string? RunId, string? Youth, string Time, string ContentSha256, string PrevHash, string Hash)
{
    public byte[] Leaf() => AuditChain.Leaf(Seq, Kind, RunId, Youth, Time, ContentSha256, PrevHash, Hash);
}

using System.Text;
using System.Text.Json;
using Spreidingswet.Placement.Audit;
using Spreidingswet.Placement.Outputs;
using Spreidingswet.Placement.Tests.Support;

namespace Spreidingswet.Placement.Tests.Audit;

/// <summary>The audit log as a Merkle tree with signed heads: RFC 9162 proofs, Ed25519 heads, the forged prune of issue 16, 0.2.0 logs.</summary>
public sealed class AuditMerkleTests
{
    private static readonly JsonSerializerOptions Compact = new(ProposalWriter.JsonOptions) { WriteIndented = false };

    private static readonly DateTimeOffset January = new(2025, 1, 10, 9, 0, 0, TimeSpan.Zero);

    private static readonly string LegacyLogs = Path.Combine(TestData.RepositoryRoot, "tests", "Spreidingswet.Placement.Tests", "Fixtures", "audit-0.2.0");

    // The eight leaves of the RFC 6962 reference implementation's tests, and the roots of their first n.
    private static readonly byte[][] ReferenceLeaves =
    [
        [], [0x00], [0x10], [0x20, 0x21], [0x30, 0x31], [0x40, 0x41, 0x42, 0x43],
        [0x50, 0x51, 0x52, 0x53, 0x54, 0x55, 0x56, 0x57],
        [0x60, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x6b, 0x6c, 0x6d, 0x6e, 0x6f],
    ];

    private static readonly string[] ReferenceRoots =
    [
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ];

    [Fact]
    public void MerkleTree_ReferenceVectors_GiveTheRfc6962Roots()
    {
        var leaves = ReferenceLeaves.Select(l => MerkleTree.LeafHash(l)).ToList();
        for (var n = 1; n <= 8; n++)
        {
            Assert.Equal(ReferenceRoots[n - 1], Convert.ToHexStringLower(MerkleTree.Root(leaves, n)));
        }

        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Convert.ToHexStringLower(MerkleTree.Root(leaves, 0)));
    }

    [Fact]
    public void MerkleTree_EveryInclusionAndConsistencyProofUpTo40Leaves_VerifiesAndATamperedOneDoesNot()
    {
        var leaves = Enumerable.Range(0, 40).Select(i => MerkleTree.LeafHash(Encoding.UTF8.GetBytes($"record {i}"))).ToList();
        for (var n = 1; n <= leaves.Count; n++)
        {
            var root = MerkleTree.Root(leaves, n);
            for (var i = 0; i < n; i++)
            {
                var path = MerkleTree.InclusionProof(leaves, i, n);
                Assert.True(MerkleTree.VerifyInclusion(i, n, leaves[i], path, root), $"inclusion {i} of {n}");
                if (n > 1)
                {
                    Assert.False(MerkleTree.VerifyInclusion(i, n, leaves[(i + 1) % n], path, root), $"wrong leaf {i} of {n}");
                    Assert.False(MerkleTree.VerifyInclusion((i + 1) % n, n, leaves[i], path, root), $"wrong index {i} of {n}");
                }
            }

            for (var m = 1; m <= n; m++)
            {
                var proof = MerkleTree.ConsistencyProof(leaves, m, n);
                var oldRoot = MerkleTree.Root(leaves, m);
                Assert.True(MerkleTree.VerifyConsistency(m, n, oldRoot, root, proof), $"consistency {m} to {n}");
                if (m < n)
                {
                    var changed = leaves.ToList();
                    changed[m - 1] = MerkleTree.LeafHash("forged"u8);
                    Assert.False(MerkleTree.VerifyConsistency(m, n, oldRoot, MerkleTree.Root(changed, n), MerkleTree.ConsistencyProof(changed, m, n)), $"rewritten {m} to {n}");
                }
            }
        }
    }

    [Fact]
    public void SignedHead_ChangedOrSignedByAnotherKey_DoesNotVerify()
    {
        using var log = AuditFixture.Open(AuditFixture.NewLogPath());
        log.RecordRun(AuditFixture.Run(AuditFixture.Generated(20, 4, 1)));
        using var key = AuditSigningKey.Generate();
        using var other = AuditSigningKey.Generate();
        var head = log.SignHead(key).GetValueOrThrow();
        var read = SignedTreeHead.Parse(head.ToJson(), "head.json").GetValueOrThrow();
        Assert.Equal(head, read);
        Assert.True(read.IsSignedBy(key.PublicKey));
        Assert.False(read.IsSignedBy(other.PublicKey));
        Assert.False((read with { TreeSize = 2 }).IsSignedBy(key.PublicKey));
        Assert.True(log.VerifyAgainst(read, key.PublicKey).Consistent);
        Assert.Contains("not by the given public key", log.VerifyAgainst(read, other.PublicKey).Problem, StringComparison.Ordinal);
        Assert.Contains("signature does not verify", log.VerifyAgainst(read with { RootHash = new string('0', 64) }).Problem, StringComparison.Ordinal);

        // The private key round-trips through its PEM file (0600) and the environment variable.
        var file = Path.Combine(TestData.TempDirectory(), "audit.key");
        key.WriteTo(file);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }

        using var loaded = AuditSigningKey.Load(file)!.GetValueOrThrow();
        Assert.Equal(key.PublicKey.KeyId, loaded.PublicKey.KeyId);
        Assert.Equal(key.PublicKey.KeyId, AuditPublicKey.FromPem(key.PublicKey.ToPem(), "pub").GetValueOrThrow().KeyId);
    }

    [Fact]
    public void SigningKey_FromTheEnvironmentVariable_AsPemTextOrAsAPath()
    {
        using var key = AuditSigningKey.Generate();
        var file = Path.Combine(TestData.TempDirectory(), "audit.key");
        key.WriteTo(file);
        var saved = Environment.GetEnvironmentVariable(AuditSigningKey.EnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable(AuditSigningKey.EnvironmentVariable, key.ExportPem());
            using (var fromPem = AuditSigningKey.Load(null)!.GetValueOrThrow())
            {
                Assert.Equal(key.PublicKey.KeyId, fromPem.PublicKey.KeyId);
            }

            Environment.SetEnvironmentVariable(AuditSigningKey.EnvironmentVariable, file);
            using (var fromPath = AuditSigningKey.Load(null)!.GetValueOrThrow())
            {
                Assert.Equal(key.PublicKey.KeyId, fromPath.PublicKey.KeyId);
            }

            Environment.SetEnvironmentVariable(AuditSigningKey.EnvironmentVariable, "not a key");
            Assert.False(AuditSigningKey.Load(null)!.Succeeded);
            Assert.False(AuditSigningKey.FromPem("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----", "x").Succeeded);
        }
        finally
        {
            Environment.SetEnvironmentVariable(AuditSigningKey.EnvironmentVariable, saved);
        }
    }

    [Fact]
    public void VerifyAgainst_LogGrownSinceTheHead_IsConsistent_TruncatedOrRewrittenIsNot()
    {
        var path = AuditFixture.NewLogPath();
        using var key = AuditSigningKey.Generate();
        var run = AuditFixture.Run(AuditFixture.Generated(20, 4, 1));
        SignedTreeHead head;
        using (var log = AuditFixture.Open(path))
        {
            log.RecordRun(run);
            log.Decide([new PlannerDecision(run.Proposal.Run.Id, run.Proposal.Assignments[0].Youth, DecisionKind.Accept, "P-1")], TestProblems.Geography);
            log.Decide([new PlannerDecision(run.Proposal.Run.Id, run.Proposal.Assignments[1].Youth, DecisionKind.Accept, "P-1")], TestProblems.Geography);
            head = log.SignHead(key).GetValueOrThrow();
            log.RecordRun(run with { Proposal = run.Proposal with { Run = run.Proposal.Run with { Id = "0123456789abcdef0123456789abcdef" } } });
            var grown = log.VerifyAgainst(head, key.PublicKey);
            Assert.True(grown.Consistent, grown.Problem);
            Assert.Equal((3, 4), (grown.OldSize, grown.NewSize));
            var proof = log.InclusionProof(2)!;
            Assert.True(MerkleTree.VerifyInclusion(proof.LeafIndex, proof.TreeSize, Convert.FromHexString(proof.LeafHash), [.. proof.Path.Select(Convert.FromHexString)], Convert.FromHexString(proof.RootHash)));
        }

        // Cut off the end (a hash chain alone cannot see this): the head proves it.
        var truncated = Copy(path);
        AuditFixture.Sql(truncated, "INSERT INTO audit_prune_permit VALUES (1); DELETE FROM audit_records WHERE seq >= 3; DELETE FROM audit_prune_permit;");
        using (var log = AuditFixture.Open(truncated))
        {
            Assert.True(log.Verify().Intact);
            Assert.Contains("fewer than the 3 of the head", log.VerifyAgainst(head, key.PublicKey).Problem, StringComparison.Ordinal);
        }

        // Rewrite a record and every hash after it (the chain then verifies again): the head proves it.
        var rewritten = Copy(path);
        using (var log = AuditFixture.Open(rewritten))
        {
            Rehash(rewritten, 2, c => c.Replace("P-1", "P-9", StringComparison.Ordinal));
            Assert.True(log.Verify().Intact, log.Verify().Problem);
            var v = log.VerifyAgainst(head, key.PublicKey);
            Assert.False(v.Consistent);
            Assert.Contains("consistency proof fails", v.Problem, StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// Issue 16, point 1: a forger deletes the latest runs and decisions (with a row in
    /// audit_prune_permit) and appends a prune record hashed as documented. On main, verify said ok.
    /// </summary>
    [Fact]
    public void ForgedPrune_HidingRecentRecords_IsDetectedByVerifyAndByAHeadTakenBefore()
    {
        var (path, head, key) = LogWithRecentRuns();

        // 0. Exactly as in the issue, on a log written by 0.2.0 (records: run a, decision, run b,
        //    decision, run c): records 1-3 deleted, the recent run b with them, b's decision kept.
        var old = Path.Combine(TestData.TempDirectory(), "audit.db");
        File.Copy(Path.Combine(LegacyLogs, "audit-0.2.0.db"), old);
        ForgePrune(old, through: 3, before: new DateOnly(2025, 5, 1), keepLeaves: null);
        using (var log = AuditFixture.Open(old, new TestClock(January.AddMonths(11))))
        {
            var v = log.Verify();
            Assert.False(v.Intact);
            Assert.Equal(4, v.FirstBroken);
            Assert.Contains("decision about run", v.Problem, StringComparison.Ordinal);
        }

        // 1. The 0.2.0 prune format in a Merkle log, records 1-4 deleted: their leaves are gone.
        var legacy = Copy(path);
        ForgePrune(legacy, through: 4, before: new DateOnly(2025, 5, 1), keepLeaves: null);
        using (var log = AuditFixture.Open(legacy, new TestClock(January.AddMonths(11))))
        {
            var v = log.Verify();
            Assert.False(v.Intact);
            Assert.Equal(5, v.FirstBroken);
            Assert.Contains("without a real prune", v.Problem, StringComparison.Ordinal);
            Assert.False(log.VerifyAgainst(head, key.PublicKey).Consistent);
        }

        // 1b. The same with the removed leaves kept: run B's later decision has lost its run.
        var orphan = Copy(path);
        ForgePrune(orphan, through: 4, before: new DateOnly(2025, 5, 1), keepLeaves: t => t);
        using (var log = AuditFixture.Open(orphan, new TestClock(January.AddMonths(11))))
        {
            var v = log.Verify();
            Assert.False(v.Intact);
            Assert.Equal(5, v.FirstBroken);
            Assert.Contains("decision about run", v.Problem, StringComparison.Ordinal);
        }

        // 2. The new prune format with the removed records' true leaves and a matching Merkle root:
        //    the prune removed records that are not older than its date.
        var faithful = Copy(path);
        ForgePrune(faithful, through: 5, before: new DateOnly(2025, 5, 1), keepLeaves: t => t);
        using (var log = AuditFixture.Open(faithful, new TestClock(January.AddMonths(11))))
        {
            var v = log.Verify();
            Assert.False(v.Intact);
            Assert.Equal(6, v.FirstBroken);
            Assert.Contains("which is not before its date 2025-05-01", v.Problem, StringComparison.Ordinal);
            Assert.False(log.VerifyAgainst(head, key.PublicKey).Consistent);
        }

        // 3. The same with the removed records' times backdated, so that every prune check holds:
        //    only the head kept elsewhere can tell, and it does (the leaves changed).
        var backdated = Copy(path);
        ForgePrune(backdated, through: 5, before: new DateOnly(2025, 5, 1), keepLeaves: _ => January.UtcDateTime.ToString("o", System.Globalization.CultureInfo.InvariantCulture));
        using (var log = AuditFixture.Open(backdated, new TestClock(January.AddMonths(11))))
        {
            Assert.True(log.Verify().Intact, log.Verify().Problem);
            var v = log.VerifyAgainst(head, key.PublicKey);
            Assert.False(v.Consistent);
            Assert.Contains("consistency proof fails", v.Problem, StringComparison.Ordinal);
        }

        // 4. A prune dated less than 6 months before it was written.
        var early = Copy(path);
        ForgePrune(early, through: 2, before: new DateOnly(2025, 9, 1), keepLeaves: t => t);
        using (var log = AuditFixture.Open(early, new TestClock(January.AddMonths(11))))
        {
            var v = log.Verify();
            Assert.False(v.Intact);
            Assert.Contains("less than 6 months before it was written", v.Problem, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void RealPrune_KeepsTheRemovedRangeProvable_AndAHeadFromBeforeItStillHolds()
    {
        var (path, head, key) = LogWithRecentRuns();
        using var log = AuditFixture.Open(path, new TestClock(January.AddMonths(11)));
        var outcome = log.Prune(new DateOnly(2025, 3, 1), "P-ops").GetValueOrThrow();
        Assert.Equal(2, outcome.PrunedThrough);
        var v = log.Verify();
        Assert.True(v.Intact, v.Problem);
        Assert.Equal(6, v.TreeSize);
        var consistent = log.VerifyAgainst(head, key.PublicKey);
        Assert.True(consistent.Consistent, consistent.Problem);

        // The prune record holds the root of the removed range, which is the tree head of size 2.
        using var json = JsonDocument.Parse(ReadContent(path, 6));
        Assert.Equal(2, json.RootElement.GetProperty("prunedSize").GetInt64());
        var leaves = Leaves(path);
        Assert.Equal(Convert.ToHexStringLower(MerkleTree.Root(leaves, 2)), json.RootElement.GetProperty("prunedRoot").GetString());

        // Removing the kept leaves of the pruned records is caught.
        AuditFixture.Sql(path, "DROP TRIGGER audit_pruned_no_delete; DELETE FROM audit_pruned WHERE seq = 1;");
        Assert.Contains("are not all kept", log.Verify().Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void LogWrittenBy020_Verifies_IsMigratedOnTheFirstWrite_AndThenGrowsAsAMerkleTree()
    {
        foreach (var (name, records, pruned) in new[] { ("audit-0.2.0.db", 5, 0), ("audit-0.2.0-pruned.db", 4, 2) })
        {
            var path = Path.Combine(TestData.TempDirectory(), name);
            File.Copy(Path.Combine(LegacyLogs, name), path);
            using var key = AuditSigningKey.Generate();
            using var log = AuditFixture.Open(path, new TestClock(January.AddMonths(12)));
            var before = log.Verify();
            Assert.True(before.Intact, before.Problem);
            Assert.Equal((records, pruned), (before.Records, before.PrunedThrough));
            Assert.Equal(records, before.TreeSize);
            Assert.Equal(1, UserVersion(path));
            var head = log.SignHead(key).GetValueOrThrow();

            log.RecordRun(AuditFixture.Run(AuditFixture.Generated(20, 4, 9)));
            Assert.Equal(AuditLog.SchemaVersion, UserVersion(path)); // 1 -> 2 (Merkle tree) -> 3 (approval records) in one write
            var after = log.Verify();
            Assert.True(after.Intact, after.Problem);
            Assert.Equal(records + 1, after.TreeSize);
            var grown = log.VerifyAgainst(head, key.PublicKey);
            Assert.True(grown.Consistent, grown.Problem);

            // Its records are still read as they were written.
            Assert.Equal(3 - (pruned > 0 ? 1 : 0) + 1, log.ListRuns().Count);
        }
    }

    [Fact]
    public void CheckForWriting_BrokenChain_IsReported_AndAcceptingItIsRecordedInTheNextRecord()
    {
        var path = AuditFixture.NewLogPath();
        var run = AuditFixture.Run(AuditFixture.Generated(20, 4, 1));
        using (var log = AuditFixture.Open(path))
        {
            log.RecordRun(run);
            Assert.Null(log.CheckForWriting().NotWritable);
            Assert.True(log.CheckForWriting().Verification.Intact);
        }

        AuditFixture.Sql(path, "DROP TRIGGER audit_records_no_update; UPDATE audit_records SET time_utc = '2020-01-01T00:00:00.0000000Z' WHERE seq = 1;");
        using (var log = AuditFixture.Open(path))
        {
            var check = log.CheckForWriting(acceptBroken: true);
            Assert.False(check.Verification.Intact);
            Assert.Equal(1, check.Verification.FirstBroken);
            log.Decide([new PlannerDecision(run.Proposal.Run.Id, run.Proposal.Assignments[0].Youth, DecisionKind.Accept, "P-1")], TestProblems.Geography);
        }

        using var accepted = JsonDocument.Parse(ReadContent(path, 2));
        Assert.Equal(1, accepted.RootElement.GetProperty("brokenChainAccepted").GetProperty("firstBroken").GetInt64());
    }

    [Fact]
    public void CheckForWriting_DamagedFile_SaysDamaged()
    {
        var path = AuditFixture.NewLogPath();
        using (var log = AuditFixture.Open(path))
        {
            log.RecordRun(AuditFixture.Run(AuditFixture.Generated(60, 8, 1)));
        }

        Damage(path);
        using var damaged = AuditFixture.Open(path);
        var check = damaged.CheckForWriting();
        Assert.True(check.Verification.Damaged);
        Assert.Contains("damaged", check.Verification.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void FindRun_PrefixShorterThanSix_AsksForSixCharacters()
    {
        using var log = AuditFixture.Open(AuditFixture.NewLogPath());
        var run = AuditFixture.Run(AuditFixture.Generated(20, 4, 1));
        log.RecordRun(run);
        var found = log.FindRun(run.Proposal.Run.Id[..5]);
        Assert.False(found.Succeeded);
        Assert.Contains("give at least 6 characters", found.Errors[0].Message, StringComparison.Ordinal);
        Assert.True(log.FindRun(run.Proposal.Run.Id[..6]).Succeeded);
    }

    [Fact]
    public void Decide_SameYouthTwiceInOneCall_IsRefusedAndRecordsNothing()
    {
        var path = AuditFixture.NewLogPath();
        using var log = AuditFixture.Open(path);
        var run = AuditFixture.Run(AuditFixture.Generated(20, 4, 1));
        log.RecordRun(run);
        var youth = run.Proposal.Assignments[0].Youth;
        var twice = log.Decide([new PlannerDecision(run.Proposal.Run.Id, youth, DecisionKind.Accept, "P-1"), new PlannerDecision(run.Proposal.Run.Id, youth, DecisionKind.Accept, "P-1")], TestProblems.Geography);
        Assert.False(twice.Succeeded);
        Assert.Contains("is given 2 times", twice.Errors[0].Message, StringComparison.Ordinal);
        Assert.Equal(0, AuditFixture.Count(path, "kind = 'decision'"));
    }

    /// <summary>Run A (January 2025) with a decision, run B (October 2025) with decisions in October and November; a head signed in November.</summary>
    private static (string Path, SignedTreeHead Head, AuditSigningKey Key) LogWithRecentRuns()
    {
        var path = AuditFixture.NewLogPath();
        var clock = new TestClock(January);
        var a = AuditFixture.Run(AuditFixture.Generated(20, 4, 1));
        var b = AuditFixture.Run(AuditFixture.Generated(20, 4, 2));
        var key = AuditSigningKey.Generate();
        using var log = AuditFixture.Open(path, clock);
        log.RecordRun(a);                                                                                                                   // 1
        log.Decide([new PlannerDecision(a.Proposal.Run.Id, a.Proposal.Assignments[0].Youth, DecisionKind.Accept, "P-1")], TestProblems.Geography); // 2
        clock.Now = January.AddMonths(9);
        log.RecordRun(b);                                                                                                                   // 3
        log.Decide([new PlannerDecision(b.Proposal.Run.Id, b.Proposal.Assignments[0].Youth, DecisionKind.Accept, "P-1")], TestProblems.Geography); // 4
        clock.Now = January.AddMonths(10);
        log.Decide([new PlannerDecision(b.Proposal.Run.Id, b.Proposal.Assignments[1].Youth, DecisionKind.Accept, "P-1")], TestProblems.Geography); // 5
        var head = log.SignHead(key).GetValueOrThrow();
        Assert.Equal(5, head.TreeSize);
        return (path, head, key);
    }

    /// <summary>
    /// What a forger with write access to the file does: delete records 1..through (the permit row
    /// lets the trigger pass), optionally keep their leaves (with <paramref name="keepLeaves"/>
    /// mapping each time) and append a prune record with the hash and Merkle root the log expects.
    /// </summary>
    internal static void ForgePrune(string path, long through, DateOnly before, Func<string, string>? keepLeaves)
    {
        var rows = Rows(path);
        var removed = rows.Where(r => r.Seq <= through).ToList();
        var sql = new StringBuilder("INSERT INTO audit_prune_permit VALUES (1);");
        var leaves = new List<byte[]>();
        var prev = AuditChain.Genesis;
        foreach (var r in removed)
        {
            if (keepLeaves is not null)
            {
                var time = keepLeaves(r.Time);
                var sha = AuditChain.ContentSha256(r.Content);
                sql.Append($"INSERT INTO audit_pruned VALUES ({r.Seq}, '{r.Kind}', {Quote(r.RunId)}, {Quote(r.Youth)}, '{time}', '{sha}', '{r.PrevHash}', '{r.Hash}');");
                leaves.Add(AuditChain.Leaf(r.Seq, r.Kind, r.RunId, r.Youth, time, sha, r.PrevHash, r.Hash));
            }

            prev = r.Hash;
        }

        sql.Append($"DELETE FROM audit_records WHERE seq <= {through}; DELETE FROM audit_prune_permit;");
        var anchor = new PruneAnchor(through, prev, before, removed.Count, "P-forger");
        if (keepLeaves is not null)
        {
            anchor = anchor with { PrunedSize = through, PrunedRoot = Convert.ToHexStringLower(MerkleTree.Root(leaves, leaves.Count)) };
        }

        var content = JsonSerializer.Serialize(anchor, Compact);
        var last = rows[^1];
        var row = new AuditChain.Row(last.Seq + 1, "prune", null, null, January.AddMonths(10).AddDays(1).UtcDateTime.ToString("o", System.Globalization.CultureInfo.InvariantCulture), content, last.Hash, "");
        sql.Append($"INSERT INTO audit_records VALUES ({row.Seq}, 'prune', NULL, NULL, '{row.Time}', '{content.Replace("'", "''", StringComparison.Ordinal)}', '{row.PrevHash}', '{AuditChain.Hash(row)}');");
        AuditFixture.Sql(path, sql.ToString());
    }

    /// <summary>Changes record <paramref name="seq"/>'s content and recomputes its hash and every hash after it, as a forger would.</summary>
    internal static void Rehash(string path, long seq, Func<string, string> change)
    {
        var rows = Rows(path);
        var sql = new StringBuilder("DROP TRIGGER audit_records_no_update;");
        var prev = rows.First(r => r.Seq == seq).PrevHash;
        foreach (var r in rows.Where(r => r.Seq >= seq))
        {
            var changed = r with { Content = r.Seq == seq ? change(r.Content) : r.Content, PrevHash = prev, Hash = "" };
            var hash = AuditChain.Hash(changed);
            sql.Append($"UPDATE audit_records SET content = '{changed.Content.Replace("'", "''", StringComparison.Ordinal)}', prev_hash = '{prev}', hash = '{hash}' WHERE seq = {r.Seq};");
            prev = hash;
        }

        AuditFixture.Sql(path, sql.ToString());
    }

    internal static List<AuditChain.Row> Rows(string path)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT seq, kind, run_id, youth, time_utc, content, prev_hash, hash FROM audit_records ORDER BY seq";
        using var reader = command.ExecuteReader();
        var rows = new List<AuditChain.Row>();
        while (reader.Read())
        {
            rows.Add(new AuditChain.Row(reader.GetInt64(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.GetString(4), reader.GetString(5), reader.GetString(6), reader.GetString(7)));
        }

        return rows;
    }

    private static List<byte[]> Leaves(string path)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT seq, kind, run_id, youth, time_utc, content_sha256, prev_hash, hash FROM audit_pruned ORDER BY seq";
        using var reader = command.ExecuteReader();
        var leaves = new List<byte[]>();
        while (reader.Read())
        {
            leaves.Add(AuditChain.Leaf(reader.GetInt64(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.GetString(4), reader.GetString(5), reader.GetString(6), reader.GetString(7)));
        }

        leaves.AddRange(Rows(path).Select(AuditChain.Leaf));
        return leaves;
    }

    private static string ReadContent(string path, long seq) => Rows(path).Single(r => r.Seq == seq).Content;

    private static long UserVersion(string path)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False;Mode=ReadOnly");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA user_version";
        return (long)command.ExecuteScalar()!;
    }

    private static string Quote(string? value) => value is null ? "NULL" : $"'{value}'";

    private static string Copy(string path)
    {
        var copy = Path.Combine(TestData.TempDirectory(), "audit.db");
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"VACUUM INTO '{copy}'";
            command.ExecuteNonQuery();
        }

        return copy;
    }

    /// <summary>Overwrites the database's second page (a b-tree page) with garbage: SQLite's own check finds it.</summary>
    internal static void Damage(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        stream.Seek(4096, SeekOrigin.Begin);
        stream.Write(Enumerable.Repeat((byte)0x55, 4096).ToArray());
    }
}

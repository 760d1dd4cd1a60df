using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Spreidingswet.Placement.Outputs;

namespace Spreidingswet.Placement.Audit;

/// <summary>
/// The hash chain. A record's hash is the SHA-256 of a canonical serialisation of the record: a
/// fixed prefix, then each field (number, kind, run id, youth, UTC time, the content JSON exactly
/// as stored, the previous record's hash) as its UTF-8 byte length, a colon and its bytes. The
/// first record's previous hash is 64 zeros; after a prune, the first remaining record's previous
/// hash is the hash of the last removed one, which the prune record states.
/// </summary>
internal static class AuditChain
{
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    private static readonly byte[] Prefix = Encoding.UTF8.GetBytes("spreidingswet-placement-audit/1\n");

    /// <summary>One stored record.</summary>
    public sealed record Row(long Seq, string Kind, string? RunId, string? Youth, string Time, string Content, string PrevHash, string Hash);

    public static string Hash(Row row)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Prefix);
        foreach (var field in new[] { row.Seq.ToString(CultureInfo.InvariantCulture), row.Kind, row.RunId ?? "", row.Youth ?? "", row.Time, row.Content, row.PrevHash })
        {
            var bytes = Encoding.UTF8.GetBytes(field);
            sha.AppendData(Encoding.ASCII.GetBytes(bytes.Length.ToString(CultureInfo.InvariantCulture) + ":"));
            sha.AppendData(bytes);
        }

        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    private static readonly byte[] LeafPrefix = Encoding.UTF8.GetBytes("spreidingswet-placement-audit-leaf/1\n");

    /// <summary>
    /// A record's leaf in the Merkle tree: the leaf data is a fixed prefix, then number, kind, run id,
    /// youth, time, the SHA-256 of the content, the previous hash and the record's own chain hash (each
    /// as byte length, colon, bytes). It commits to the content through its digest, so a pruned
    /// record's leaf can still be recomputed from what the prune keeps (everything but the content).
    /// </summary>
    public static byte[] Leaf(long seq, string kind, string? runId, string? youth, string time, string contentSha256, string prevHash, string hash)
    {
        using var data = new MemoryStream();
        data.Write(LeafPrefix);
        foreach (var field in new[] { seq.ToString(CultureInfo.InvariantCulture), kind, runId ?? "", youth ?? "", time, contentSha256, prevHash, hash })
        {
            var bytes = Encoding.UTF8.GetBytes(field);
            data.Write(Encoding.ASCII.GetBytes(bytes.Length.ToString(CultureInfo.InvariantCulture) + ":"));
            data.Write(bytes);
        }

        return MerkleTree.LeafHash(data.ToArray());
    }

    public static string ContentSha256(string content) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content)));

    public static byte[] Leaf(Row row) => Leaf(row.Seq, row.Kind, row.RunId, row.Youth, row.Time, ContentSha256(row.Content), row.PrevHash, row.Hash);

    public static AuditVerification Verify(IReadOnlyList<Row> rows)
    {
        if (rows.Count == 0)
        {
            return new AuditVerification(true, 0, null, null, 0, null, 0);
        }

        var first = rows[0];
        var pruned = first.Seq - 1;
        AuditVerification Broken(Row row, string problem, long checkedCount) =>
            new(false, checkedCount, row.Seq, problem, rows[^1].Seq, rows[^1].Hash, pruned);

        if (first.Seq > 1)
        {
            var anchored = rows.Where(r => r.Kind == "prune").Select(Anchor).Any(a => a is { } x && x.PrunedThrough == pruned && x.LastPrunedHash == first.PrevHash);
            if (!anchored)
            {
                return Broken(first, $"records 1 to {pruned} are missing and no prune record accounts for them (or its hash does not match this record's previous hash)", 0);
            }
        }
        else if (first.PrevHash != Genesis)
        {
            return Broken(first, "the first record does not start the chain (its previous hash is not the genesis hash)", 0);
        }

        var expectedPrev = first.PrevHash;
        var expectedSeq = first.Seq;
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            if (row.Seq != expectedSeq)
            {
                return Broken(row, $"records {expectedSeq} to {row.Seq - 1} are missing", i);
            }

            if (row.PrevHash != expectedPrev)
            {
                return Broken(row, $"its previous hash does not match the hash of record {row.Seq - 1}", i);
            }

            if (Hash(row) != row.Hash)
            {
                return Broken(row, "its content (or number, kind, run, youth or time) does not match its hash: it was changed after it was recorded", i);
            }

            expectedPrev = row.Hash;
            expectedSeq = row.Seq + 1;
        }

        return new AuditVerification(true, rows.Count, null, null, rows[^1].Seq, rows[^1].Hash, pruned);
    }

    internal static PruneAnchor? Anchor(Row row)
    {
        try
        {
            return JsonSerializer.Deserialize<PruneAnchor>(row.Content, ProposalWriter.JsonOptions);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

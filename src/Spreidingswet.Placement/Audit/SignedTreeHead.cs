using Spreidingswet.Placement.Inputs;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Spreidingswet.Placement.Model;

namespace Spreidingswet.Placement.Audit;

/// <summary>
/// A signed tree head: the size and root hash of the audit log's Merkle tree at a time, signed
/// with Ed25519. Kept outside the log (a ticket, a mail, another machine), it lets
/// <see cref="AuditLog.VerifyAgainst"/> prove that the log only grew since.
/// The signature covers the UTF-8 bytes of <see cref="SignedText"/>.
/// </summary>
/// <param name="TreeSize">Leaves (records) in the tree.</param>
/// <param name="RootHash">The tree's root hash (hex).</param>
/// <param name="HeadSequence">The record number of the last leaf (equals the tree size unless a 0.2.0 prune removed records before the tree began).</param>
/// <param name="TimestampUtc">When the head was signed (UTC).</param>
/// <param name="KeyId">The signing key's id (<see cref="AuditPublicKey.KeyId"/>).</param>
/// <param name="PublicKey">The signing key's public half (PEM), for convenience: check it against a copy you trust.</param>
/// <param name="Signature">Ed25519 signature of <see cref="SignedText"/> (base64).</param>
public sealed record SignedTreeHead(long TreeSize, string RootHash, long HeadSequence, DateTimeOffset TimestampUtc, string KeyId, string PublicKey, string Signature)
{
    /// <summary>The head's format name.</summary>
    public const string FormatName = "spreidingswet-placement-audit-head/1";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The text the signature covers: the format name, tree size, head record, root hash, time and key id, one per line.</summary>
    public string SignedText => Text(TreeSize, RootHash, HeadSequence, TimestampUtc, KeyId);

    private static string Text(long size, string root, long head, DateTimeOffset time, string keyId) => string.Create(CultureInfo.InvariantCulture,
        $"{FormatName}\ntree_size {size}\nhead_sequence {head}\nroot_hash {root}\ntimestamp {time.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffffffZ}\nkey_id {keyId}\n");

    internal static SignedTreeHead Sign(long size, string root, long head, DateTimeOffset time, AuditSigningKey key)
    {
        var keyId = key.PublicKey.KeyId;
        var signature = key.Sign(Encoding.UTF8.GetBytes(Text(size, root, head, time, keyId)));
        return new SignedTreeHead(size, root, head, time.ToUniversalTime(), keyId, key.PublicKey.ToPem(), Convert.ToBase64String(signature));
    }

    /// <summary>True when the signature verifies with <paramref name="key"/> and the key id is that key's.</summary>
    public bool IsSignedBy(AuditPublicKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.KeyId != KeyId)
        {
            return false;
        }

        try
        {
            return key.Verify(Encoding.UTF8.GetBytes(SignedText), Convert.FromBase64String(Signature));
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>The head as JSON (with a <c>format</c> field).</summary>
    public string ToJson() => JsonSerializer.Serialize(new Document(FormatName, TreeSize, RootHash, HeadSequence, TimestampUtc.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture), KeyId, PublicKey, Signature), Json) + "\n";

    /// <summary>Writes <see cref="ToJson"/> to a file atomically (a temporary file, then a rename).</summary>
    public void Save(string path) => Outputs.AtomicFile.WriteAllText(path, ToJson());

    /// <summary>Reads a head from JSON.</summary>
    public static LoadResult<SignedTreeHead> Parse(string json, string source)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            var d = JsonSerializer.Deserialize<Document>(json, Json);
            if (d is null || d.Format != FormatName || d.RootHash is null || d.KeyId is null || d.Signature is null || d.PublicKey is null || d.TimestampUtc is null
                || !DateTimeOffset.TryParse(d.TimestampUtc, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
            {
                return Fail(source, $"is not a signed tree head ({FormatName}).");
            }

            return LoadResult<SignedTreeHead>.Success(new SignedTreeHead(d.TreeSize, d.RootHash, d.HeadSequence, time.ToUniversalTime(), d.KeyId, d.PublicKey, d.Signature));
        }
        catch (JsonException ex)
        {
            return Fail(source, $"is not a signed tree head: {ex.Message}");
        }
    }

    /// <summary>Reads a head file.</summary>
    public static LoadResult<SignedTreeHead> Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            return Fail(path, "no head file here.", "Maybe placement audit head --out HEAD.json first?");
        }

        return BoundedFile.ReadText(path, BoundedFile.SmallFileBytes) is { } text ? Parse(text, path) : Fail(path, BoundedFile.TooLarge(BoundedFile.SmallFileBytes, "a head file"));
    }

    private static LoadResult<SignedTreeHead> Fail(string source, string message, string? hint = null) =>
        LoadResult<SignedTreeHead>.Failure([new InputError(source, 0, "--against", source, message, hint)]);

    private sealed record Document(string? Format, long TreeSize, string? RootHash, long HeadSequence, string? TimestampUtc, string? KeyId, string? PublicKey, string? Signature);
}

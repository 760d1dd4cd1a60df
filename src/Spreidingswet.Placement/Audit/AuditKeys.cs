using Spreidingswet.Placement.Inputs;
using System.Security.Cryptography;
using System.Text;
using NSec.Cryptography;
using Spreidingswet.Placement.Model;

namespace Spreidingswet.Placement.Audit;

/// <summary>
/// The Ed25519 key that signs tree heads (NSec / libsodium). It lives outside the audit log: a
/// PKCS#8 PEM file (<c>-----BEGIN PRIVATE KEY-----</c>), or the environment variable
/// <see cref="EnvironmentVariable"/> holding that PEM text or the path of such a file.
/// </summary>
public sealed class AuditSigningKey : IDisposable
{
    /// <summary>The environment variable read when no key file is given: the PEM text, or a path to the key file.</summary>
    public const string EnvironmentVariable = "PLACEMENT_AUDIT_KEY";

    private readonly Key _key;

    private AuditSigningKey(Key key)
    {
        _key = key;
        PublicKey = new AuditPublicKey(key.PublicKey);
    }

    /// <summary>The public half (to verify heads with).</summary>
    public AuditPublicKey PublicKey { get; }

    /// <summary>A new random key.</summary>
    public static AuditSigningKey Generate() =>
        new(Key.Create(SignatureAlgorithm.Ed25519, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport }));

    /// <summary>Reads a key from PEM text (PKCS#8).</summary>
    public static LoadResult<AuditSigningKey> FromPem(string pem, string source)
    {
        ArgumentNullException.ThrowIfNull(pem);
        if (Key.TryImport(SignatureAlgorithm.Ed25519, Encoding.ASCII.GetBytes(pem.Trim() + "\n"), KeyBlobFormat.PkixPrivateKeyText, out var key,
            new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport }) && key is not null)
        {
            return LoadResult<AuditSigningKey>.Success(new AuditSigningKey(key));
        }

        return LoadResult<AuditSigningKey>.Failure([new InputError(source, 0, "--key", null, "is not an Ed25519 private key in PEM (PKCS#8) form.", "Maybe the file that placement audit keygen wrote?")]);
    }

    /// <summary>Reads a key file, or (with <paramref name="path"/> null) the key from <see cref="EnvironmentVariable"/>; null value and no error when neither is there.</summary>
    public static LoadResult<AuditSigningKey>? Load(string? path)
    {
        if (path is null)
        {
            var value = Environment.GetEnvironmentVariable(EnvironmentVariable);
            if (string.IsNullOrWhiteSpace(value))
            {
                return null;
            }

            if (value.TrimStart().StartsWith("-----BEGIN", StringComparison.Ordinal))
            {
                return FromPem(value, EnvironmentVariable);
            }

            path = value.Trim();
        }

        if (!File.Exists(path))
        {
            return LoadResult<AuditSigningKey>.Failure([new InputError(path, 0, "--key", path, "no key file here.", "Maybe placement audit keygen --out KEY first?")]);
        }

        return BoundedFile.ReadText(path, BoundedFile.SmallFileBytes) is { } text
            ? FromPem(text, path)
            : LoadResult<AuditSigningKey>.Failure([new InputError(path, 0, "--key", null, BoundedFile.TooLarge(BoundedFile.SmallFileBytes, "a key file"))]);
    }

    /// <summary>The private key as PKCS#8 PEM text: keep it secret, outside the audit log.</summary>
    public string ExportPem() => Encoding.ASCII.GetString(_key.Export(KeyBlobFormat.PkixPrivateKeyText)).ReplaceLineEndings("\n");

    /// <summary>Writes the private key to <paramref name="path"/>, readable by the owner only (mode 0600 where the system has modes); refuses to overwrite a file.</summary>
    public void WriteTo(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var stream = new FileStream(path, options);
        stream.Write(Encoding.ASCII.GetBytes(ExportPem()));
    }

    internal byte[] Sign(byte[] message) => SignatureAlgorithm.Ed25519.Sign(_key, message);

    /// <summary>Forgets the key.</summary>
    public void Dispose() => _key.Dispose();
}

/// <summary>An Ed25519 public key that verifies signed tree heads.</summary>
public sealed class AuditPublicKey
{
    private readonly PublicKey _key;

    internal AuditPublicKey(PublicKey key)
    {
        _key = key;
        var raw = key.Export(KeyBlobFormat.RawPublicKey);
        KeyId = Convert.ToHexStringLower(SHA256.HashData(raw));
    }

    /// <summary>The key id: the SHA-256 (hex) of the raw 32-byte public key.</summary>
    public string KeyId { get; }

    /// <summary>The key as PEM text (SubjectPublicKeyInfo, <c>-----BEGIN PUBLIC KEY-----</c>).</summary>
    public string ToPem() => Encoding.ASCII.GetString(_key.Export(KeyBlobFormat.PkixPublicKeyText)).ReplaceLineEndings("\n");

    /// <summary>Reads a public key from PEM text.</summary>
    public static LoadResult<AuditPublicKey> FromPem(string pem, string source)
    {
        ArgumentNullException.ThrowIfNull(pem);
        return PublicKey.TryImport(SignatureAlgorithm.Ed25519, Encoding.ASCII.GetBytes(pem.Trim() + "\n"), KeyBlobFormat.PkixPublicKeyText, out var key) && key is not null
            ? LoadResult<AuditPublicKey>.Success(new AuditPublicKey(key))
            : LoadResult<AuditPublicKey>.Failure([new InputError(source, 0, "--public-key", null, "is not an Ed25519 public key in PEM form.", "Maybe the .pub file that placement audit keygen wrote?")]);
    }

    /// <summary>Reads a public key file.</summary>
    public static LoadResult<AuditPublicKey> Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            return LoadResult<AuditPublicKey>.Failure([new InputError(path, 0, "--public-key", path, "no public key file here.")]);
        }

        return BoundedFile.ReadText(path, BoundedFile.SmallFileBytes) is { } text
            ? FromPem(text, path)
            : LoadResult<AuditPublicKey>.Failure([new InputError(path, 0, "--public-key", null, BoundedFile.TooLarge(BoundedFile.SmallFileBytes, "a key file"))]);
    }

    internal bool Verify(byte[] message, byte[] signature) => SignatureAlgorithm.Ed25519.Verify(_key, message, signature);
}

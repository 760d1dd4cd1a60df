namespace Spreidingswet.Placement.Inputs;

/// <summary>Reads a whole file only up to a limit, in bounded steps: a device, a FIFO or a file that keeps growing cannot exhaust memory.</summary>
internal static class BoundedFile
{
    /// <summary>
    /// The file's bytes, or <c>null</c> when it holds more than <paramref name="limit"/> or more than
    /// its stated length (a device such as /dev/zero states 0 and never ends).
    /// </summary>
    public static byte[]? Read(string path, long limit)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        if (stream.CanSeek && stream.Length > limit)
        {
            return null;
        }

        var stated = stream.CanSeek ? stream.Length : limit;
        limit = Math.Min(limit, stated);

        var buffer = new MemoryStream();
        var chunk = new byte[81_920];
        int n;
        while ((n = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (buffer.Length + n > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, n);
        }

        return buffer.ToArray();
    }

    /// <summary>The limit for small files (weights, keys, signed heads, projection files, manifests): 1 MiB.</summary>
    public const long SmallFileBytes = 1L << 20;

    /// <summary>The file as UTF-8 text, or <c>null</c> as <see cref="Read"/>.</summary>
    public static string? ReadText(string path, long limit)
        => Read(path, limit) is { } bytes ? System.Text.Encoding.UTF8.GetString(bytes) : null;

    /// <summary>The error for a file <see cref="Read"/> refused.</summary>
    public static string TooLarge(long limit, string what)
        => $"is larger than {InputLimits.Describe(limit)}, the limit for {what}, or is not a regular file.";
}

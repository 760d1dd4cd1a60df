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
}

using System.Buffers;
using System.Text;
using System.Text.Unicode;
using Spreidingswet.Placement.Model;

namespace Spreidingswet.Placement.Inputs;

/// <summary>
/// Reads an input file within <see cref="InputLimits"/> and checks that it is UTF-8: the size is
/// counted on the bytes as they arrive (so <c>/dev/zero</c> or a pipe stops at the limit), CSV line
/// lengths are checked on the way, and invalid UTF-8 is an error naming the line instead of
/// silently becoming U+FFFD.
/// </summary>
internal static class InputText
{
    private const int ChunkBytes = 64 * 1024;

    /// <summary>A CSV file as text (a byte-order mark, if any, is kept for the caller to strip).</summary>
    public static LoadResult<string> ReadCsv(string path)
    {
        var read = Read(path, limitLines: true);
        return read.Value is { } bytes ? LoadResult<string>.Success(Encoding.UTF8.GetString(bytes.Buffer, 0, bytes.Length)) : LoadResult<string>.Failure(read.Errors);
    }

    /// <summary>A JSON file as its UTF-8 bytes, checked to be valid UTF-8.</summary>
    public static LoadResult<byte[]> ReadJson(string path)
    {
        var read = Read(path, limitLines: false);
        return read.Value is { } bytes ? LoadResult<byte[]>.Success(bytes.Buffer.AsSpan(0, bytes.Length).ToArray()) : LoadResult<byte[]>.Failure(read.Errors);
    }

    /// <summary>The 1-based line and byte offset of the first invalid UTF-8 sequence, or null when the bytes are valid UTF-8.</summary>
    public static (int Line, int Offset)? FirstInvalidUtf8(ReadOnlySpan<byte> bytes)
    {
        if (Utf8.IsValid(bytes))
        {
            return null;
        }

        var chars = ArrayPool<char>.Shared.Rent(4096);
        try
        {
            var offset = 0;
            while (true)
            {
                var status = Utf8.ToUtf16(bytes[offset..], chars, out var read, out _, replaceInvalidSequences: false, isFinalBlock: true);
                if (status == OperationStatus.InvalidData)
                {
                    offset += read;
                    return (bytes[..offset].Count((byte)'\n') + 1, offset);
                }

                if (status == OperationStatus.Done)
                {
                    return null;
                }

                offset += read;
            }
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    private static LoadResult<Bytes> Read(string path, bool limitLines)
    {
        try
        {
            using var stream = File.OpenRead(path);
            if (stream.CanSeek && stream.Length > InputLimits.MaxFileBytes)
            {
                return TooLarge(path);
            }

            using var buffer = new MemoryStream(stream.CanSeek ? (int)stream.Length : ChunkBytes);
            var chunk = new byte[ChunkBytes];
            long total = 0;
            var line = 1;
            long lineBytes = 0;
            int n;
            while ((n = stream.Read(chunk)) > 0)
            {
                total += n;
                if (total > InputLimits.MaxFileBytes)
                {
                    return TooLarge(path);
                }

                if (limitLines && LongLine(chunk.AsSpan(0, n), ref line, ref lineBytes))
                {
                    return LoadResult<Bytes>.Failure([new InputError(path, line, null, null,
                        $"has a line longer than {InputLimits.Describe(InputLimits.MaxLineBytes)}, the limit for a CSV line (InputLimits.MaxLineBytes).",
                        "Maybe this is not a CSV file?")]);
                }

                buffer.Write(chunk, 0, n);
            }

            var bytes = new Bytes(buffer.GetBuffer(), (int)buffer.Length);
            if (FirstInvalidUtf8(bytes.Buffer.AsSpan(0, bytes.Length)) is { } bad)
            {
                return LoadResult<Bytes>.Failure([InvalidUtf8(path, bad.Line, bad.Offset, bytes.Buffer[bad.Offset])]);
            }

            return LoadResult<Bytes>.Success(bytes);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return LoadResult<Bytes>.Failure([new InputError(path, 0, null, null, $"cannot be read: {ex.Message}")]);
        }
    }

    /// <summary>The error for invalid UTF-8 at a line and byte offset.</summary>
    public static InputError InvalidUtf8(string file, int line, int offset, byte value)
        => new(file, line, null, null, $"is not valid UTF-8 (byte 0x{value:X2} at byte offset {offset}).",
            "Maybe it was saved as ANSI or Windows-1252? Save it as UTF-8 (in Excel: CSV UTF-8).");

    /// <summary>Advances the line count over a chunk; true when the current line grew beyond the limit.</summary>
    private static bool LongLine(ReadOnlySpan<byte> span, ref int line, ref long lineBytes)
    {
        while (true)
        {
            var newline = span.IndexOf((byte)'\n');
            lineBytes += newline < 0 ? span.Length : newline;
            if (lineBytes > InputLimits.MaxLineBytes)
            {
                return true;
            }

            if (newline < 0)
            {
                return false;
            }

            line++;
            lineBytes = 0;
            span = span[(newline + 1)..];
        }
    }

    private static LoadResult<Bytes> TooLarge(string path) => LoadResult<Bytes>.Failure([new InputError(path, 0, null, null,
        $"is larger than {InputLimits.Describe(InputLimits.MaxFileBytes)}, the limit for an input file (InputLimits.MaxFileBytes).",
        "Maybe the wrong file, or a device such as /dev/zero?")]);

    private sealed record Bytes(byte[] Buffer, int Length);
}

namespace Spreidingswet.Placement.Inputs;

/// <summary>
/// The limits on every CSV and JSON input (youths, locations, ISK seats, targets, points, history,
/// problem JSON), so that a huge or endless input (<c>--youths /dev/zero</c>) ends in an error
/// instead of exhausting memory. Each is checked while the file is read and named in its error
/// (docs/formats.md, "Input limits").
/// </summary>
internal static class InputLimits
{
    /// <summary>The largest input file: 256 MiB, counted on the bytes as they are read (a device or pipe has no length).</summary>
    public const long MaxFileBytes = 256L * 1024 * 1024;

    /// <summary>The longest line of a CSV file: 1 MiB (a JSON document may be one line, and is bounded by the file size only).</summary>
    public const int MaxLineBytes = 1024 * 1024;

    /// <summary>The most data rows of a CSV file, and the most entries of a JSON <c>youths</c> or <c>locations</c> array.</summary>
    public const int MaxRows = 1_000_000;

    /// <summary>The largest <c>moves_last_12_months</c>: 52 (a move a week).</summary>
    public const int MaxMovesLast12Months = 52;

    /// <summary>A size in bytes as the errors write it (<c>256 MiB</c>).</summary>
    public static string Describe(long bytes) => bytes % (1024 * 1024) == 0 ? $"{bytes / (1024 * 1024)} MiB" : $"{bytes} bytes";
}

using System.Text;
using System.Text.Json;
using Spreidingswet.Placement.Model;

namespace Spreidingswet.Placement.Inputs;

/// <summary>
/// A weights file (<c>--weights</c>, docs/formats.md "Weights"): strict JSON, at most 1 MiB, one
/// object of weight name: number. The names are the criteria weights of <see cref="Weights"/> and
/// the views, stability and turning-18 weights of <see cref="ViewsOptions"/> (camelCase).
/// </summary>
public static class WeightsFile
{
    /// <summary>
    /// Reads and validates a weights file onto <paramref name="options"/>: each name in the file sets
    /// that weight in <see cref="PlacementOptions.Weights"/> or <see cref="PlacementOptions.Views"/>, the
    /// rest keep their values in <paramref name="options"/>. Every problem is reported together; errors
    /// name the file, the line, the weight and the value (unknown or repeated names, values that are
    /// not numbers, negative, above 1,000,000,000, or fractions where whole numbers are needed).
    /// </summary>
    public static LoadResult<PlacementOptions> Read(string path, PlacementOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(options);
        if (!File.Exists(path))
        {
            return LoadResult<PlacementOptions>.Failure([new InputError(path, 0, "--weights", path, "file not found.")]);
        }

        byte[]? bytes;
        try
        {
            bytes = BoundedFile.Read(path, BoundedFile.SmallFileBytes);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return LoadResult<PlacementOptions>.Failure([new InputError(path, 0, "--weights", path, $"cannot be read: {ex.Message}")]);
        }

        if (bytes is null)
        {
            return LoadResult<PlacementOptions>.Failure([new InputError(path, 0, "--weights", null, BoundedFile.TooLarge(BoundedFile.SmallFileBytes, "a weights file"))]);
        }

        var errors = new List<InputError>();
        var result = Parse(path, bytes, options, errors);
        return errors.Count == 0 ? LoadResult<PlacementOptions>.Success(result) : LoadResult<PlacementOptions>.Failure(errors);
    }

    private static PlacementOptions Parse(string path, byte[] bytes, PlacementOptions options, List<InputError> errors)
    {
        ReadOnlySpan<byte> json = bytes;
        var offset = json.StartsWith("\uFEFF"u8) ? 3 : 0;
        var lines = new LineIndex(bytes, offset);
        var reader = new Utf8JsonReader(json[offset..], new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                errors.Add(new InputError(path, 1, null, null, "must be a JSON object of weight name: number, for example { \"schoolTravel\": 5 }."));
                return options;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString()!;
                var line = lines.Line(reader.TokenStartIndex);
                reader.Read();
                var value = reader.TokenType switch
                {
                    JsonTokenType.String => reader.GetString(),
                    JsonTokenType.StartObject => "{...}",
                    JsonTokenType.StartArray => "[...]",
                    _ => Encoding.UTF8.GetString(reader.ValueSpan),
                };
                reader.Skip();
                if (seen.TryGetValue(name, out var first))
                {
                    errors.Add(new InputError(path, line, name, value, $"is given twice (first on line {first}).", "Keep one of them."));
                    continue;
                }

                seen[name] = line;
                if (!WeightNames.Known(name))
                {
                    errors.Add(new InputError(path, line, name, value, "is not a weight name.", WeightNames.UnknownHint(name)));
                    continue;
                }

                if (reader.TokenType != JsonTokenType.Number || !reader.TryGetDouble(out var number))
                {
                    errors.Add(new InputError(path, line, name, value, "must be a number."));
                    continue;
                }

                var (set, error, hint) = WeightNames.Set(options, name, number);
                if (set is null)
                {
                    errors.Add(new InputError(path, line, name, value, error!, hint));
                    continue;
                }

                options = set;
            }

            // Anything after the object (a second value) is an error of the reader.
            while (reader.Read())
            {
            }
        }
        catch (JsonException ex)
        {
            // The reader's message names the character and where; its own "Path:" suffix is dropped.
            errors.Add(new InputError(path, (int)(ex.LineNumber ?? 0) + 1, null, null, "is not valid JSON: " + ex.Message.Split(" LineNumber:")[0].Split(" Path:")[0]));
        }

        return options;
    }

    /// <summary>1-based line numbers of positions in the JSON text that starts <c>start</c> bytes into the file (after a BOM).</summary>
    private sealed class LineIndex(byte[] bytes, int start)
    {
        private int _at = -1;
        private int _line = 1;

        public int Line(long position)
        {
            var end = start + (int)position;
            if (_at < 0 || end < _at)
            {
                (_at, _line) = (start, 1);
            }

            for (; _at < end; _at++)
            {
                _line += bytes[_at] == (byte)'\n' ? 1 : 0;
            }

            return _line;
        }
    }
}

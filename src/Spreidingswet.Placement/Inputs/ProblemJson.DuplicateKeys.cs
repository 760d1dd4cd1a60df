using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using Spreidingswet.Placement.Geography;
using Spreidingswet.Placement.Model;

namespace Spreidingswet.Placement.Inputs;

// Finding the first key that appears twice in one object, with its line and path.
internal static partial class ProblemJson
{
    /// <summary>
    /// The first key that appears twice in one object, with its 1-based line and JSON path (for
    /// example <c>youths[0].keepApart</c>); null when there is none. Run only when parsing failed,
    /// since <see cref="JsonDocumentOptions.AllowDuplicateProperties"/> reports no position.
    /// </summary>
    private static (int Line, string Path)? FirstDuplicateKey(byte[] json)
    {
        var start = json.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? 3 : 0;
        var reader = new Utf8JsonReader(json.AsSpan(start), new JsonReaderOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        var frames = new List<Frame>();
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        var name = reader.GetString()!;
                        var top = frames[^1];
                        if (!top.Keys!.Add(name))
                        {
                            var line = json.AsSpan(0, start + (int)reader.TokenStartIndex).Count((byte)'\n') + 1;
                            var at = PathOf(frames);
                            return (line, at.Length == 0 ? name : $"{at}.{name}");
                        }

                        top.Property = name;
                        break;
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        NextElement(frames);
                        frames.Add(new Frame(reader.TokenType == JsonTokenType.StartObject ? new HashSet<string>(StringComparer.Ordinal) : null));
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        frames.RemoveAt(frames.Count - 1);
                        break;
                    case JsonTokenType.Comment:
                        break;
                    default:
                        NextElement(frames);
                        break;
                }
            }
        }
        catch (JsonException)
        {
            // another syntax error comes first: the caller reports it
        }

        return null;

        static void NextElement(List<Frame> frames)
        {
            if (frames.Count > 0 && frames[^1].Keys is null)
            {
                frames[^1].Index++;
            }
        }

        // The path of the object the duplicate is in: each enclosing container names its child by key or index.
        static string PathOf(List<Frame> frames)
        {
            var path = new System.Text.StringBuilder();
            foreach (var f in frames.Take(frames.Count - 1))
            {
                _ = f.Keys is null ? path.Append(CultureInfo.InvariantCulture, $"[{f.Index}]") : path.Append(path.Length == 0 ? "" : ".").Append(f.Property);
            }

            return path.ToString();
        }
    }

    /// <summary>One open object (its keys so far and the current one) or array (the current index) while looking for duplicate keys.</summary>
    private sealed class Frame(HashSet<string>? keys)
    {
        public HashSet<string>? Keys { get; } = keys;

        public string? Property { get; set; }

        public int Index { get; set; } = -1;
    }
}

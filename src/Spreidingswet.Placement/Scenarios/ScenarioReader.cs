using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Spreidingswet.Placement.Model;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

using Spreidingswet.Placement.Inputs;

namespace Spreidingswet.Placement.Scenarios;

/// <summary>
/// Reads a scenario file: JSON, or YAML (<c>.yaml</c>/<c>.yml</c>) with the same fields. Paths in it
/// are relative to the scenario file and may not leave its folder (unless allowed). Every problem is
/// reported together; errors name the file, the JSON path of the field (<c>changes[3].pin.youth</c>)
/// and the value. Untrusted input is bounded: the file's size, and in YAML the nesting depth, the
/// aliases and the nodes after alias expansion ("billion laughs").
/// </summary>
public static partial class ScenarioReader
{
    /// <summary>Largest scenario file read (1 MiB; a scenario is a few hundred bytes, long pin lists a few hundred KB).</summary>
    public const long MaxFileBytes = 1 << 20;

    /// <summary>Most YAML aliases (<c>*name</c>) in one scenario file.</summary>
    public const int MaxYamlAliases = 100;

    /// <summary>Deepest nesting of YAML mappings and sequences.</summary>
    public const int MaxYamlDepth = 64;

    /// <summary>Most YAML nodes after alias expansion (each alias counts as a copy of what it names).</summary>
    public const int MaxYamlNodes = 100_000;

    private static readonly string[] RootFields = ["name", "base", "changes", "compare"];
    private static readonly string[] BaseFields = ["youths", "locations", "iskSeats", "targets", "problem", "demo", "generate", "fromProposal", "planningDate", "policy", "weights", "views", "seed", "timeLimit", "regions"];
    private static readonly string[] ChangeKinds = ["close", "capacity", "open", "arrivals", "pin", "release", "weights", "policy"];

    /// <summary>Reads and checks a scenario file (ids are checked when the changes are applied); its paths must stay inside its folder.</summary>
    public static LoadResult<ScenarioDefinition> Read(string path) => Read(path, allowOutsidePaths: false);

    /// <summary>
    /// Reads and checks a scenario file. Paths in it are resolved against the scenario file's folder and,
    /// unless <paramref name="allowOutsidePaths"/>, must stay inside it (after <c>..</c> and symbolic links).
    /// </summary>
    public static LoadResult<ScenarioDefinition> Read(string path, bool allowOutsidePaths)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            return LoadResult<ScenarioDefinition>.Failure([new InputError(path, 0, "--scenario", path, "file not found.")]);
        }

        var yaml = path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase);
        JsonDocument doc;
        try
        {
            var raw = BoundedFile.Read(path, MaxFileBytes);
            if (raw is null)
            {
                return LoadResult<ScenarioDefinition>.Failure([new InputError(path, 0, null, null,
                    $"is larger than the limit for a scenario file, {MaxFileBytes:N0} bytes (1 MiB).", "Maybe the wrong file? Put long lists of arrivals in a youths.csv (changes[].arrivals.file).")]);
            }

            var bytes = yaml ? YamlToJson(new StreamReader(new MemoryStream(raw), Encoding.UTF8, detectEncodingFromByteOrderMarks: true).ReadToEnd()) : raw;
            doc = JsonDocument.Parse(bytes, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException ex)
        {
            return LoadResult<ScenarioDefinition>.Failure([new InputError(path, (int)(ex.LineNumber ?? -1) + 1, ex.Path, null, "is not valid JSON: " + ex.Message.Split(" Path:")[0])]);
        }
        catch (YamlLimitException ex)
        {
            return LoadResult<ScenarioDefinition>.Failure([new InputError(path, ex.Line, null, null, ex.Message)]);
        }
        catch (YamlException ex)
        {
            return LoadResult<ScenarioDefinition>.Failure([new InputError(path, (int)ex.Start.Line, null, null, "is not valid YAML: " + ex.Message)]);
        }

        using (doc)
        {
            var errors = new List<InputError>();
            var definition = new Parser(path, errors, allowOutsidePaths).Scenario(doc.RootElement);
            return errors.Count > 0 || definition is null
                ? LoadResult<ScenarioDefinition>.Failure(errors.Count > 0 ? errors : [new InputError(path, 0, null, null, "could not be read.")])
                : LoadResult<ScenarioDefinition>.Success(definition);
        }
    }

    /// <summary>
    /// YAML to JSON: mappings, sequences, and plain scalars typed as JSON would type them (quoted
    /// scalars stay strings). The events are checked first (depth, aliases) without building anything,
    /// then the nodes are counted while converting, each alias as a copy of what it names.
    /// </summary>
    internal static byte[] YamlToJson(string text)
    {
        CheckEvents(text);
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        var nodes = 0;
        var node = stream.Documents.Count == 0 ? new JsonObject() : Convert(stream.Documents[0].RootNode);
        return JsonSerializer.SerializeToUtf8Bytes(node);

        JsonNode? Convert(YamlNode node)
        {
            if (++nodes > MaxYamlNodes)
            {
                throw new YamlLimitException((int)node.Start.Line,
                    $"has more than {MaxYamlNodes:N0} YAML nodes after alias expansion (the limit); aliases that repeat aliases (\"billion laughs\") are refused.");
            }

            return node switch
            {
                YamlMappingNode map => new JsonObject(map.Children.Select(kv => KeyValuePair.Create(kv.Key is YamlScalarNode k ? k.Value ?? "" : throw new YamlException(kv.Key.Start, kv.Key.End, "keys must be plain text."), Convert(kv.Value)))),
                YamlSequenceNode seq => new JsonArray([.. seq.Children.Select(Convert)]),
                YamlScalarNode { Style: ScalarStyle.Plain } s => s.Value switch
                {
                    null or "" or "~" or "null" => null,
                    "true" or "True" => JsonValue.Create(true),
                    "false" or "False" => JsonValue.Create(false),
                    var v when long.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) => JsonValue.Create(l),
                    var v when double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => JsonValue.Create(d),
                    var v => JsonValue.Create(v),
                },
                YamlScalarNode s => JsonValue.Create(s.Value),
                _ => throw new YamlException(node.Start, node.End, "aliases and tags are not supported in scenario files."),
            };
        }
    }

    /// <summary>Depth and alias count from the parser's events (no nodes built, nothing expanded).</summary>
    private static void CheckEvents(string text)
    {
        var parser = new YamlDotNet.Core.Parser(new StringReader(text));
        int depth = 0, aliases = 0;
        while (parser.MoveNext())
        {
            switch (parser.Current)
            {
                case MappingStart or SequenceStart when ++depth > MaxYamlDepth:
                    throw new YamlLimitException((int)parser.Current.Start.Line, $"nests YAML mappings and sequences deeper than {MaxYamlDepth} levels (the limit).");
                case MappingEnd or SequenceEnd:
                    depth--;
                    break;
                case AnchorAlias when ++aliases > MaxYamlAliases:
                    throw new YamlLimitException((int)parser.Current.Start.Line, $"has more than {MaxYamlAliases} YAML aliases (the limit); aliases that repeat aliases (\"billion laughs\") are refused.");
            }
        }
    }

    /// <summary>A YAML limit was reached: reported as an input error on that line.</summary>
    private sealed class YamlLimitException(int line, string message) : Exception(message)
    {
        public int Line { get; } = line;
    }
}

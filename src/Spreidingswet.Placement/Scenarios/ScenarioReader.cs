using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Spreidingswet.Placement.Model;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Spreidingswet.Placement.Scenarios;

/// <summary>
/// Reads a scenario file: JSON, or YAML (<c>.yaml</c>/<c>.yml</c>) with the same fields. Paths in it
/// are relative to the scenario file. Every problem is reported together; errors name the file, the
/// JSON path of the field (<c>changes[3].pin.youth</c>) and the value.
/// </summary>
public static partial class ScenarioReader
{
    private static readonly string[] RootFields = ["name", "base", "changes", "compare"];
    private static readonly string[] BaseFields = ["youths", "locations", "iskSeats", "targets", "problem", "demo", "generate", "fromProposal", "planningDate", "policy", "weights", "seed", "timeLimit", "regions"];
    private static readonly string[] ChangeKinds = ["close", "capacity", "open", "arrivals", "pin", "release", "weights", "policy"];

    /// <summary>Reads and checks a scenario file (ids are checked when the changes are applied).</summary>
    public static LoadResult<ScenarioDefinition> Read(string path)
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
            var bytes = yaml ? YamlToJson(File.ReadAllText(path)) : File.ReadAllBytes(path);
            doc = JsonDocument.Parse(bytes, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException ex)
        {
            return LoadResult<ScenarioDefinition>.Failure([new InputError(path, (int)(ex.LineNumber ?? -1) + 1, ex.Path, null, "is not valid JSON: " + ex.Message.Split(" Path:")[0])]);
        }
        catch (YamlException ex)
        {
            return LoadResult<ScenarioDefinition>.Failure([new InputError(path, (int)ex.Start.Line, null, null, "is not valid YAML: " + ex.Message)]);
        }

        using (doc)
        {
            var errors = new List<InputError>();
            var definition = new Parser(path, errors).Scenario(doc.RootElement);
            return errors.Count > 0 || definition is null
                ? LoadResult<ScenarioDefinition>.Failure(errors.Count > 0 ? errors : [new InputError(path, 0, null, null, "could not be read.")])
                : LoadResult<ScenarioDefinition>.Success(definition);
        }
    }

    /// <summary>YAML to JSON: mappings, sequences, and plain scalars typed as JSON would type them (quoted scalars stay strings).</summary>
    internal static byte[] YamlToJson(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        var node = stream.Documents.Count == 0 ? new JsonObject() : Convert(stream.Documents[0].RootNode);
        return JsonSerializer.SerializeToUtf8Bytes(node);

        static JsonNode? Convert(YamlNode node) => node switch
        {
            YamlMappingNode map => new JsonObject(map.Children.Select(kv => KeyValuePair.Create(((YamlScalarNode)kv.Key).Value ?? "", Convert(kv.Value)))),
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

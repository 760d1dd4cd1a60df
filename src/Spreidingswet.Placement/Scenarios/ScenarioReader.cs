using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Spreidingswet.Placement.Geography;
using Spreidingswet.Placement.Inputs;
using Spreidingswet.Placement.Model;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Spreidingswet.Placement.Scenarios;

/// <summary>
/// Reads a scenario file: JSON, or YAML (<c>.yaml</c>/<c>.yml</c>) with the same fields. Paths in it
/// are relative to the scenario file. Every problem is reported together; errors name the file, the
/// JSON path of the field (<c>changes[3].pin.youth</c>) and the value.
/// </summary>
public static class ScenarioReader
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

    private sealed class Parser(string file, List<InputError> errors)
    {
        private readonly ProblemJson.Reader _json = new(file, errors);
        private readonly string _dir = Path.GetDirectoryName(Path.GetFullPath(file)) ?? ".";

        public ScenarioDefinition? Scenario(JsonElement root)
        {
            if (root.ValueKind != JsonValueKind.Object)
            {
                Error("$", null, "must be an object with name, base, changes and compare.");
                return null;
            }

            Known(root, "", RootFields);
            var name = _json.String(root, "", "name") ?? Path.GetFileNameWithoutExtension(file);
            ScenarioBase? b = null;
            if (!root.TryGetProperty("base", out var be) || be.ValueKind != JsonValueKind.Object)
            {
                Error("base", null, "is missing: give the current situation, e.g. {\"youths\": \"youths.csv\", \"locations\": \"locations.csv\"} or {\"demo\": true}.");
            }
            else
            {
                b = Base(be);
            }

            var changes = new List<ScenarioChange>();
            if (root.TryGetProperty("changes", out var ce) && ce.ValueKind != JsonValueKind.Null)
            {
                if (ce.ValueKind != JsonValueKind.Array)
                {
                    Error("changes", null, "must be an array of changes.");
                }
                else
                {
                    var i = 0;
                    foreach (var c in ce.EnumerateArray())
                    {
                        if (Change(c, i) is { } change)
                        {
                            changes.Add(change);
                        }

                        i++;
                    }
                }
            }

            var compare = new List<Policy>();
            foreach (var p in _json.Strings(root, "", "compare"))
            {
                if (PlacementEngine.ParsePolicy(p) is { } policy)
                {
                    if (compare.Contains(policy))
                    {
                        Error("compare", p, "is listed twice.");
                    }

                    compare.Add(policy);
                }
                else
                {
                    Error("compare", p, "is not a policy: use education-first, weighted or capacity-only.");
                }
            }

            return b is null ? null : new ScenarioDefinition(name, b, [.. changes], [.. compare]) { File = file };
        }

        private ScenarioBase Base(JsonElement e)
        {
            Known(e, "base", BaseFields);
            var b = new ScenarioBase
            {
                Youths = PathOf(e, "base", "youths"),
                Locations = PathOf(e, "base", "locations"),
                IskSeats = PathOf(e, "base", "iskSeats"),
                Targets = PathOf(e, "base", "targets"),
                Problem = PathOf(e, "base", "problem"),
                FromProposal = PathOf(e, "base", "fromProposal"),
                Demo = e.TryGetProperty("demo", out var demo) && demo.ValueKind == JsonValueKind.True,
                PlanningDate = _json.Date(e, "base", "planningDate"),
                Seed = _json.Int(e, "base", "seed", int.MinValue, int.MaxValue) ?? 1,
                TimeLimit = TimeSpan.FromSeconds(_json.Number(e, "base", "timeLimit", 0.01, 86_400) ?? 60),
            };
            if (_json.String(e, "base", "policy") is { } policy)
            {
                if (PlacementEngine.ParsePolicy(policy) is { } p)
                {
                    b = b with { Policy = p };
                }
                else
                {
                    Error("base.policy", policy, "is not a policy: use education-first, weighted or capacity-only.");
                }
            }

            if (e.TryGetProperty("generate", out var g) && g.ValueKind != JsonValueKind.Null)
            {
                if (g.ValueKind != JsonValueKind.Object)
                {
                    Error("base.generate", null, "must be an object {youths, locations, seed, closures}.");
                }
                else
                {
                    Known(g, "base.generate", ["youths", "locations", "seed", "closures"]);
                    b = b with
                    {
                        Generate = new SyntheticSettings
                        {
                            Youths = _json.Int(g, "base.generate", "youths", 1, 200_000) ?? 8_000,
                            Locations = _json.Int(g, "base.generate", "locations", 1, 20_000) ?? 400,
                            Seed = _json.Int(g, "base.generate", "seed", int.MinValue, int.MaxValue) ?? 1,
                            Closures = _json.Int(g, "base.generate", "closures", 0, 20_000) ?? 0,
                        },
                    };
                }
            }

            if (e.TryGetProperty("weights", out var w) && w.ValueKind != JsonValueKind.Null)
            {
                b = b with { Weights = Weights(w) ?? Placement.Model.Weights.Default };
            }

            if (e.TryGetProperty("regions", out var r) && r.ValueKind != JsonValueKind.Null)
            {
                b = b with { Geography = Regions(r) };
            }

            var sources = (b.Youths is not null || b.Locations is not null ? 1 : 0) + (b.Problem is not null ? 1 : 0) + (b.Demo ? 1 : 0) + (b.Generate is not null ? 1 : 0);
            if (sources != 1 || ((b.Youths is null) != (b.Locations is null)))
            {
                Error("base", null, "needs exactly one source of the current situation: youths and locations, problem, demo or generate.",
                    "Maybe: \"base\": {\"youths\": \"youths.csv\", \"locations\": \"locations.csv\"}?");
            }

            if ((b.IskSeats is not null || b.Targets is not null) && b.Youths is null)
            {
                Error("base.iskSeats", null, "and base.targets go with youths and locations (a JSON problem holds its own).");
            }

            return b;
        }

        private Weights? Weights(JsonElement w)
        {
            if (w.ValueKind == JsonValueKind.String)
            {
                var path = Resolve(w.GetString()!);
                if (!File.Exists(path))
                {
                    Error("base.weights", w.GetString(), "file not found.", "Paths are relative to the scenario file.");
                    return null;
                }

                try
                {
                    using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
                    return WeightObject(doc.RootElement, "base.weights");
                }
                catch (JsonException ex)
                {
                    Error("base.weights", w.GetString(), "is not valid JSON: " + ex.Message.Split(" Path:")[0]);
                    return null;
                }
            }

            return WeightObject(w, "base.weights");
        }

        private Weights? WeightObject(JsonElement w, string at)
        {
            var values = WeightValues(w, at);
            if (values is null)
            {
                return null;
            }

            var (weights, error) = ScenarioChanges.Overlay(Placement.Model.Weights.Default, values);
            if (weights is null)
            {
                Error(at, null, error!);
            }

            return weights;
        }

        private ImmutableSortedDictionary<string, double>? WeightValues(JsonElement w, string at)
        {
            if (w.ValueKind != JsonValueKind.Object)
            {
                Error(at, null, "must be an object of weight name: number (or, in base, a weights.json path).");
                return null;
            }

            var values = ImmutableSortedDictionary.CreateBuilder<string, double>(StringComparer.Ordinal);
            foreach (var p in w.EnumerateObject())
            {
                if (p.Value.ValueKind == JsonValueKind.Number)
                {
                    values[p.Name] = p.Value.GetDouble();
                }
                else
                {
                    Error($"{at}.{p.Name}", p.Value.ToString(), "must be a number.");
                }
            }

            return values.ToImmutable();
        }

        private GeographyOptions? Regions(JsonElement r)
        {
            if (r.ValueKind != JsonValueKind.Object)
            {
                Error("base.regions", null, "must be an object with municipalities, provinces and/or educationRegions.");
                return null;
            }

            Known(r, "base.regions", ["municipalities", "provinces", "educationRegions"]);
            RegionLayerSource? Layer(string name)
            {
                if (!r.TryGetProperty(name, out var l) || l.ValueKind == JsonValueKind.Null)
                {
                    return null;
                }

                var at = $"base.regions.{name}";
                if (l.ValueKind == JsonValueKind.String)
                {
                    return Existing(Resolve(l.GetString()!), at, l.GetString()!) is { } p ? new RegionLayerSource(p) : null;
                }

                if (l.ValueKind != JsonValueKind.Object)
                {
                    Error(at, null, "must be a file name or {file, codeProperty, nameProperty, layer, crs}.");
                    return null;
                }

                Known(l, at, ["file", "codeProperty", "nameProperty", "layer", "crs"]);
                var file = PathOf(l, at, "file");
                if (file is null)
                {
                    Error($"{at}.file", null, "is missing.");
                    return null;
                }

                return new RegionLayerSource(file)
                {
                    CodeProperty = _json.String(l, at, "codeProperty") ?? "statcode",
                    NameProperty = _json.String(l, at, "nameProperty") ?? "statnaam",
                    Layer = _json.String(l, at, "layer"),
                    Crs = _json.String(l, at, "crs"),
                };
            }

            return new GeographyOptions { Municipalities = Layer("municipalities"), Provinces = Layer("provinces"), EducationRegions = Layer("educationRegions") };
        }

        private ScenarioChange? Change(JsonElement c, int i)
        {
            var at = $"changes[{i}]";
            if (c.ValueKind != JsonValueKind.Object)
            {
                Error(at, null, $"must be an object with one of: {string.Join(", ", ChangeKinds)}.");
                return null;
            }

            var kinds = c.EnumerateObject().Select(p => p.Name).Where(ChangeKinds.Contains).ToList();
            if (kinds.Count != 1)
            {
                Error(at, null, kinds.Count == 0
                    ? $"has no change: give one of {string.Join(", ", ChangeKinds)}."
                    : $"has {kinds.Count} changes ({string.Join(", ", kinds)}): give one per entry.");
                return null;
            }

            var kind = kinds[0];
            Known(c, at, kind == "close" ? ["close", "from"] : [kind]);
            var v = c.GetProperty(kind);
            var where = $"{at}.{kind}";
            switch (kind)
            {
                case "close":
                    {
                        var id = v.ValueKind == JsonValueKind.String ? v.GetString()!.Trim() : null;
                        if (string.IsNullOrEmpty(id))
                        {
                            Error(where, v.ToString(), "must be a location id.");
                            return null;
                        }

                        return new CloseLocation(id, _json.Date(c, at, "from"));
                    }

                case "capacity":
                    {
                        if (!Object(v, where, ["location", "delta", "set"]))
                        {
                            return null;
                        }

                        var location = Required(v, where, "location");
                        var delta = _json.Int(v, where, "delta", -100_000, 100_000);
                        var set = _json.Int(v, where, "set", 0, 100_000);
                        if (v.TryGetProperty("delta", out _) == v.TryGetProperty("set", out _))
                        {
                            Error(where, null, "give exactly one of delta (beds added or, negative, removed) and set (the new capacity).");
                            return null;
                        }

                        return location is null || (delta is null && set is null) ? null : new ChangeCapacity(location, delta, set);
                    }

                case "open":
                    return Object(v, where, null) && _json.Location(v, where) is { } l ? new OpenLocation(l) : null;
                case "arrivals":
                    {
                        if (!Object(v, where, ["file", "generate"]))
                        {
                            return null;
                        }

                        if (v.TryGetProperty("file", out _) == v.TryGetProperty("generate", out var g))
                        {
                            Error(where, null, "give exactly one of file (a youths.csv of new arrivals) and generate ({count, seed}).");
                            return null;
                        }

                        if (PathOf(v, where, "file") is { } path)
                        {
                            if (Existing(path, $"{where}.file", v.GetProperty("file").GetString()!) is null)
                            {
                                return null;
                            }

                            var (youths, fileErrors) = YouthsCsv.Read(path);
                            errors.AddRange(fileErrors);
                            return fileErrors.Count > 0 ? null : new AddArrivals([.. youths.Select(y => y.Value)], path);
                        }

                        if (!Object(g, $"{where}.generate", ["count", "seed"]))
                        {
                            return null;
                        }

                        var count = _json.Int(g, $"{where}.generate", "count", 1, 100_000);
                        if (count is null)
                        {
                            Error($"{where}.generate.count", null, "is missing: how many arrivals?");
                            return null;
                        }

                        return new GenerateArrivals(count.Value, _json.Int(g, $"{where}.generate", "seed", 0, int.MaxValue) ?? 1);
                    }

                case "pin":
                    {
                        if (!Object(v, where, ["youth", "location"]))
                        {
                            return null;
                        }

                        var youth = Required(v, where, "youth");
                        var location = Required(v, where, "location");
                        return youth is null || location is null ? null : new PinYouth(youth, location);
                    }

                case "release":
                    {
                        if (!Object(v, where, ["youth"]))
                        {
                            return null;
                        }

                        return Required(v, where, "youth") is { } youth ? new ReleaseYouth(youth) : null;
                    }

                case "weights":
                    return WeightValues(v, where) is { } values ? new ChangeWeights(values) : null;
                default:
                    {
                        var text = v.ValueKind == JsonValueKind.String ? v.GetString()! : v.ToString();
                        if (PlacementEngine.ParsePolicy(text) is { } p)
                        {
                            return new ChangePolicy(p);
                        }

                        Error(where, text, "is not a policy: use education-first, weighted or capacity-only.");
                        return null;
                    }
            }
        }

        private bool Object(JsonElement v, string at, string[]? fields)
        {
            if (v.ValueKind != JsonValueKind.Object)
            {
                Error(at, v.ToString(), "must be an object" + (fields is null ? "." : $" with {string.Join(", ", fields)}."));
                return false;
            }

            if (fields is not null)
            {
                Known(v, at, fields);
            }

            return true;
        }

        private string? Required(JsonElement v, string at, string name)
        {
            var s = _json.String(v, at, name);
            if (s is null)
            {
                Error($"{at}.{name}", null, "is missing.");
            }

            return s;
        }

        private void Known(JsonElement e, string at, string[] fields)
        {
            foreach (var p in e.EnumerateObject())
            {
                if (!fields.Contains(p.Name))
                {
                    Error(at.Length == 0 ? p.Name : $"{at}.{p.Name}", null, "is not a known field.", $"Maybe one of: {string.Join(", ", fields)}?");
                }
            }
        }

        private string? PathOf(JsonElement e, string at, string name)
        {
            var s = _json.String(e, at, name);
            return s is null ? null : Existing(Resolve(s), $"{at}.{name}", s);
        }

        private string? Existing(string path, string field, string written)
        {
            if (File.Exists(path))
            {
                return path;
            }

            Error(field, written, "file not found.", $"Paths are relative to the scenario file ({_dir}).");
            return null;
        }

        private string Resolve(string path) => Path.IsPathRooted(path) ? path : Path.GetFullPath(Path.Combine(_dir, path));

        private void Error(string field, string? value, string message, string? hint = null) => errors.Add(new InputError(file, 0, field, value, message, hint));
    }
}

using System.Collections.Immutable;
using System.Text.Json;
using Spreidingswet.Placement.Geography;
using Spreidingswet.Placement.Inputs;
using Spreidingswet.Placement.Model;

namespace Spreidingswet.Placement.Scenarios;

public static partial class ScenarioReader
{
    // Base parsing: the root object, the base (inputs, options, weights, regions) and the helpers
    // every field check goes through; change entries are parsed in ScenarioReader.Changes.cs.
    private sealed partial class Parser(string file, List<InputError> errors, bool allowOutsidePaths)
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

            if (e.TryGetProperty("views", out var v) && v.ValueKind != JsonValueKind.Null)
            {
                b = b with { Views = Views(v) };
            }

            if (e.TryGetProperty("weights", out var w) && w.ValueKind != JsonValueKind.Null
                && Weights(w, new PlacementOptions { Weights = b.Weights, Views = b.Views }) is { } weighed)
            {
                b = b with { Weights = weighed.Weights, Views = weighed.Views };
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

        /// <summary>
        /// base.views: when the views criteria apply and where education-first weighs them, as the
        /// command line's --views, --views-tier, --turning18-horizon and --turning18-hard do; the views
        /// weights are weights (base.weights, a weights change).
        /// </summary>
        private ViewsOptions Views(JsonElement v)
        {
            var views = ViewsOptions.Default;
            if (!Object(v, "base.views", ["enabled", "tier", "turning18HorizonMonths", "turning18Hard"]))
            {
                return views;
            }

            if (v.TryGetProperty("enabled", out var enabled) && enabled.ValueKind != JsonValueKind.Null)
            {
                bool? on = enabled.ValueKind switch
                {
                    JsonValueKind.True => true,
                    JsonValueKind.False => false,
                    JsonValueKind.String when enabled.GetString() is "on" => true,
                    JsonValueKind.String when enabled.GetString() is "off" => false,
                    _ => null,
                };
                if (on is null && !(enabled.ValueKind == JsonValueKind.String && enabled.GetString() == "auto"))
                {
                    Error("base.views.enabled", enabled.ToString(), "must be auto, on or off (or true or false).");
                }

                views = views with { Enabled = on };
            }

            if (_json.String(v, "base.views", "tier") is { } tier)
            {
                if (tier is "weighted" or "after-education")
                {
                    views = views with { Tier = tier == "weighted" ? ViewsTier.Weighted : ViewsTier.AfterEducation };
                }
                else
                {
                    Error("base.views.tier", tier, "must be weighted or after-education.");
                }
            }

            if (_json.Int(v, "base.views", "turning18HorizonMonths", 0, 24) is { } months)
            {
                views = views with { Turning18HorizonMonths = months };
            }

            if (v.TryGetProperty("turning18Hard", out var hard) && hard.ValueKind != JsonValueKind.Null)
            {
                if (hard.ValueKind is JsonValueKind.True or JsonValueKind.False)
                {
                    views = views with { Turning18Hard = hard.ValueKind == JsonValueKind.True };
                }
                else
                {
                    Error("base.views.turning18Hard", hard.ToString(), "must be true or false.");
                }
            }

            return views;
        }

        /// <summary>base.weights (an object, or a weights.json path) set onto <paramref name="options"/>: criteria and views weights.</summary>
        private PlacementOptions? Weights(JsonElement w, PlacementOptions options)
        {
            if (w.ValueKind == JsonValueKind.String)
            {
                if (Existing(Resolve(w.GetString()!), "base.weights", w.GetString()!) is not { } path)
                {
                    return null;
                }

                try
                {
                    if (BoundedFile.Read(path, MaxFileBytes) is not { } bytes)
                    {
                        Error("base.weights", w.GetString(), $"is larger than the limit for a weights file, {MaxFileBytes:N0} bytes (1 MiB).");
                        return null;
                    }

                    using var doc = JsonDocument.Parse(bytes);
                    return WeightObject(doc.RootElement, "base.weights", options);
                }
                catch (JsonException ex)
                {
                    // The parser's message quotes the file's characters: say only where.
                    Error("base.weights", w.GetString(), $"is not valid JSON (line {(ex.LineNumber ?? 0) + 1}).");
                    return null;
                }
            }

            return WeightObject(w, "base.weights", options);
        }

        private PlacementOptions? WeightObject(JsonElement w, string at, PlacementOptions options)
        {
            var values = WeightValues(w, at);
            if (values is null)
            {
                return null;
            }

            var (weighed, problems) = ScenarioChanges.Overlay(options, values);
            foreach (var (name, value, message, hint) in problems)
            {
                Error($"{at}.{name}", WeightNames.Text(value), message, hint);
            }

            return problems.Count == 0 ? weighed : null;
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
            if (!allowOutsidePaths && !ScenarioPaths.Inside(path, _dir))
            {
                Error(field, written, $"leaves the scenario's folder ({_dir}): paths in a scenario must stay inside it.",
                    "Move the file next to the scenario, or pass --allow-outside-paths.");
                return null;
            }

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

using System.Text.Json;
using Spreidingswet.Placement.Inputs;

namespace Spreidingswet.Placement.Scenarios;

public static partial class ScenarioReader
{
    // Change parsing: one entry of "changes" is an object with exactly one change kind; each kind
    // has its own step. Ids are not checked here: that needs the base, so ScenarioChanges does it.
    private sealed partial class Parser
    {
        private ScenarioChange? Change(JsonElement c, int i)
        {
            var at = $"changes[{i}]";
            if (KindOf(c, at) is not { } kind)
            {
                return null;
            }

            Known(c, at, kind == "close" ? ["close", "from"] : [kind]);
            var v = c.GetProperty(kind);
            var where = $"{at}.{kind}";
            return kind switch
            {
                "close" => CloseChange(c, v, at, where),
                "capacity" => CapacityChange(v, where),
                "open" => OpenChange(v, where),
                "arrivals" => ArrivalsChange(v, where),
                "pin" => PinChange(v, where),
                "release" => ReleaseChange(v, where),
                "weights" => WeightsChange(v, where),
                _ => PolicyChange(v, where),
            };
        }

        private string? KindOf(JsonElement c, string at)
        {
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

            return kinds[0];
        }

        private CloseLocation? CloseChange(JsonElement c, JsonElement v, string at, string where)
        {
            var id = v.ValueKind == JsonValueKind.String ? v.GetString()!.Trim() : null;
            if (string.IsNullOrEmpty(id))
            {
                Error(where, v.ToString(), "must be a location id.");
                return null;
            }

            return new CloseLocation(id, _json.Date(c, at, "from"));
        }

        private ChangeCapacity? CapacityChange(JsonElement v, string where)
        {
            if (!Object(v, where, ["location", "delta", "set"]))
            {
                return null;
            }

            // All three fields are read before the either-or check so that each reports its own error.
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

        private OpenLocation? OpenChange(JsonElement v, string where)
            => Object(v, where, null) && _json.Location(v, where) is { } l ? new OpenLocation(l) : null;

        private ScenarioChange? ArrivalsChange(JsonElement v, string where)
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

            if (v.TryGetProperty("file", out _))
            {
                return PathOf(v, where, "file") is { } path ? ArrivalsFile(v, where, path) : null;
            }

            return GeneratedArrivals(g, $"{where}.generate");
        }

        private AddArrivals? ArrivalsFile(JsonElement v, string where, string path)
        {
            if (Existing(path, $"{where}.file", v.GetProperty("file").GetString()!) is null)
            {
                return null;
            }

            var (youths, fileErrors) = YouthsCsv.Read(path);
            errors.AddRange(ScenarioPaths.WithoutContents(fileErrors, file));
            return fileErrors.Count > 0 ? null : new AddArrivals([.. youths.Select(y => y.Value)], path);
        }

        private GenerateArrivals? GeneratedArrivals(JsonElement g, string where)
        {
            if (!Object(g, where, ["count", "seed"]))
            {
                return null;
            }

            var count = _json.Int(g, where, "count", 1, 100_000);
            if (count is null)
            {
                Error($"{where}.count", null, "is missing: how many arrivals?");
                return null;
            }

            return new GenerateArrivals(count.Value, _json.Int(g, where, "seed", 0, int.MaxValue) ?? 1);
        }

        private PinYouth? PinChange(JsonElement v, string where)
        {
            if (!Object(v, where, ["youth", "location"]))
            {
                return null;
            }

            var youth = Required(v, where, "youth");
            var location = Required(v, where, "location");
            return youth is null || location is null ? null : new PinYouth(youth, location);
        }

        private ReleaseYouth? ReleaseChange(JsonElement v, string where)
        {
            if (!Object(v, where, ["youth"]))
            {
                return null;
            }

            return Required(v, where, "youth") is { } youth ? new ReleaseYouth(youth) : null;
        }

        private ChangeWeights? WeightsChange(JsonElement v, string where)
            => WeightValues(v, where) is { } values ? new ChangeWeights(values) : null;

        private ChangePolicy? PolicyChange(JsonElement v, string where)
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

using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Spreidingswet.Placement.Geography;
using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Outputs;

namespace Spreidingswet.Placement.Audit;

/// <summary>Reproduces a recorded run from its stored inputs, options and geodata, and compares the result with the recorded proposal.</summary>
public static class AuditReplay
{
    /// <summary>
    /// Loads the region layers the run used: the embedded default, or each layer file, which must
    /// still exist with the same SHA-256. Every missing or changed file is named, and so is the
    /// learned-score model file of a run that used one (<see cref="AuditRun.ModelVersion"/>: its path).
    /// </summary>
    public static LoadResult<RegionMap> LoadGeography(AuditRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var errors = new List<InputError>();
        foreach (var layer in run.Proposal.Run.Geodata.Layers.Where(l => !l.IsDefault))
        {
            var file = run.GeographySources[layer.Role]?.Path ?? layer.File;
            if (file is null || !File.Exists(file))
            {
                errors.Add(new InputError(file ?? "(no file)", 0, Role(layer.Role), file, "the run's region layer file is no longer available.", "Maybe restore it from the archive of official layers?"));
            }
            else if (Sha256(file) != layer.Sha256)
            {
                errors.Add(new InputError(file, 0, Role(layer.Role), layer.Sha256[..12], "the run's region layer file has changed since the run (SHA-256 differs).", "Maybe restore the version the run used?"));
            }
        }

        errors.AddRange(CheckModelFile(run));
        return errors.Count > 0 ? LoadResult<RegionMap>.Failure(errors) : RegionMap.Load(run.GeographySources);
    }

    /// <summary>
    /// Re-solves the run from its stored inputs with its stored options and geodata, and reports
    /// whether the proposal is identical to the recorded one, apart from the run id, the time and
    /// <c>solver.seconds</c> (the reproducibility contract of proposal.json).
    /// </summary>
    public static LoadResult<ReplayOutcome> Replay(AuditRun run, IProgress<PlacementProgress>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        var geography = LoadGeography(run);
        if (geography.Value is null)
        {
            return LoadResult<ReplayOutcome>.Failure(geography.Errors);
        }

        var options = run.Options;
        if (run.ModelVersion is { } modelFile)
        {
            var model = Learning.ContinuityModel.Load(modelFile);
            if (model.Value is null)
            {
                return LoadResult<ReplayOutcome>.Failure(model.Errors);
            }

            options = options with { Model = model.Value };
        }

        var engine = new PlacementEngine(geography.Value);
        LoadResult<Proposal> result;
        if (run.Proposal.Solver.ReplannedAfterClosing is { } closings)
        {
            // Re-planned from a session: the same way again, from the problem with those locations open.
            var reopened = closings.ToHashSet(StringComparer.Ordinal);
            var before = run.Problem with { Locations = [.. run.Problem.Locations.Select(l => reopened.Contains(l.Id) ? l with { ClosesOn = null } : l)] };
            var session = engine.StartSession(before, options, progress, cancellation);
            result = session.Value is { } s ? engine.Replan(s, run.Problem, progress, cancellation) : LoadResult<Proposal>.Failure(session.Errors);
        }
        else
        {
            result = engine.Propose(run.Problem, options, progress, cancellation);
        }

        if (result.Value is not { } proposal)
        {
            return LoadResult<ReplayOutcome>.Failure(result.Errors);
        }

        var differences = Compare(run.Proposal, proposal);
        return LoadResult<ReplayOutcome>.Success(new ReplayOutcome(run.Proposal.Run.Id, differences.IsEmpty, differences, proposal));
    }

    /// <summary>Where two proposals differ (JSON paths, at most 20), ignoring the run id, the time and <c>solver.seconds</c>.</summary>
    public static ImmutableArray<string> Compare(Proposal recorded, Proposal replayed)
    {
        ArgumentNullException.ThrowIfNull(recorded);
        ArgumentNullException.ThrowIfNull(replayed);
        var a = Normalised(recorded);
        var b = Normalised(replayed);
        var differences = new List<string>();
        Diff(a, b, "$", differences);
        return [.. differences];
    }

    private static JsonNode Normalised(Proposal proposal)
    {
        var node = JsonNode.Parse(ProposalWriter.ToJson(proposal))!;
        node["run"]!.AsObject().Remove("id");
        node["run"]!.AsObject().Remove("timeUtc");
        node["solver"]!.AsObject().Remove("seconds");
        // Per-youth audit groups are never stored (only the proposal's aggregated fairness section),
        // so a replay cannot recompute that section: it is left out of the comparison.
        node.AsObject().Remove("fairness");
        return node;
    }

    private static void Diff(JsonNode? a, JsonNode? b, string path, List<string> differences)
    {
        if (differences.Count >= 20 || JsonNode.DeepEquals(a, b))
        {
            return;
        }

        switch (a, b)
        {
            case (JsonObject x, JsonObject y):
                foreach (var key in x.Select(p => p.Key).Union(y.Select(p => p.Key)).Order(StringComparer.Ordinal))
                {
                    Diff(x[key], y[key], $"{path}.{key}", differences);
                }

                break;
            case (JsonArray x, JsonArray y) when x.Count == y.Count:
                for (var i = 0; i < x.Count; i++)
                {
                    Diff(x[i], y[i], $"{path}[{i}]", differences);
                }

                break;
            default:
                differences.Add($"{path}: recorded {Short(a)}, replayed {Short(b)}");
                break;
        }
    }

    private static string Short(JsonNode? node)
    {
        var text = node?.ToJsonString() ?? "null";
        return text.Length > 80 ? text[..77] + "..." : text;
    }

    private static string Role(RegionRole role) => role switch
    {
        RegionRole.Municipality => "--municipalities",
        RegionRole.Province => "--provinces",
        _ => "--education-regions",
    };

    /// <summary>The model file of a run that used one must still be there with the SHA-256 the proposal records.</summary>
    private static IEnumerable<InputError> CheckModelFile(AuditRun run)
    {
        if (run.ModelVersion is not { } file)
        {
            if (run.Proposal.Run.Model is { File: not null } used)
            {
                yield return new InputError("model", 0, "--model", used.File, "the run used a learned-score model whose path was not recorded, so it cannot be replayed.");
            }

            yield break;
        }

        if (!File.Exists(file))
        {
            yield return new InputError(file, 0, "--model", file, "the run's learned-score model file is no longer available.", "Maybe restore it from the model archive?");
        }
        else if (run.Proposal.Run.Model is { } used && Sha256(file) != used.Sha256)
        {
            yield return new InputError(file, 0, "--model", used.Sha256[..12], "the run's learned-score model file has changed since the run (SHA-256 differs).", "Maybe restore the version the run used?");
        }
    }

    private static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}

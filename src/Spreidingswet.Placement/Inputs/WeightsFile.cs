using System.Text.Json;
using System.Text.Json.Serialization;
using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Outputs;

namespace Spreidingswet.Placement.Inputs;

/// <summary>A weights file (<c>--weights</c>, docs/formats.md "Weights"): strict JSON, at most 1 MiB.</summary>
public static class WeightsFile
{
    private static readonly JsonSerializerOptions StrictJson = new(ProposalWriter.JsonOptions)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>Reads and validates a weights file; errors name the file, line, field and value.</summary>
    public static LoadResult<Weights> Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            return LoadResult<Weights>.Failure([new InputError(path, 0, "--weights", path, "file not found.")]);
        }

        try
        {
            if (BoundedFile.ReadText(path, BoundedFile.SmallFileBytes) is not { } text)
            {
                return LoadResult<Weights>.Failure([new InputError(path, 0, "--weights", null, BoundedFile.TooLarge(BoundedFile.SmallFileBytes, "a weights file"))]);
            }

            var weights = JsonSerializer.Deserialize<Weights>(text, StrictJson) ?? Weights.Default;
            var problems = weights.Validate();
            return problems.Count == 0
                ? LoadResult<Weights>.Success(weights)
                : LoadResult<Weights>.Failure([.. problems.Select(p => new InputError(path, 0, null, null, p))]);
        }
        catch (JsonException ex)
        {
            return LoadResult<Weights>.Failure([new InputError(path, (int)(ex.LineNumber ?? -1) + 1, ex.Path, null, ex.Message.Split(" Path:")[0],
                "Maybe a misspelt weight name? Names: unplaced, educationRegionBreak, move, schoolTravel, schoolTravelFreeKm, moveDistance, smallScaleUnder15, iskSeats, balance, learnedContinuity.")]);
        }
    }
}

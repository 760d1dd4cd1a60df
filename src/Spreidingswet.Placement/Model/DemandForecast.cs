using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace Spreidingswet.Placement.Model;

/// <summary>One row of a planner's forecast: the school-going arrivals expected in an education region in a week.</summary>
/// <param name="EducationRegion">The education region code (of the geography in use).</param>
/// <param name="WeekStart">The first day of the week (any weekday; the week is the seven days from it).</param>
/// <param name="SchoolGoingArrivals">Expected school-going arrivals of the region in that week (zero or more; may be a fraction).</param>
public sealed record ForecastWeek(string EducationRegion, DateOnly WeekStart, double SchoolGoingArrivals);

/// <summary>
/// A planner's forecast of school-going arrivals per education region and week (docs/formats.md
/// "Forecast"), read by <see cref="Inputs.ForecastReader"/> or built in code. With
/// <see cref="PlacementOptions.Forecast"/>, an education-first or weighted proposal holds beds per
/// education region for these arrivals by the reservations' look-ahead plan (docs/simulation.md "In a proposal"; docs/cli.md <c>--forecast</c>).
/// </summary>
public sealed record DemandForecast
{
    /// <summary>The rows, ordered by region, then week.</summary>
    public ImmutableArray<ForecastWeek> Weeks { get; init; } = [];

    /// <summary>The file it was read from (null when built in code).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? File { get; init; }

    /// <summary>Lower-case hex SHA-256 of the file's bytes (null when built in code).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Sha256 { get; init; }

    /// <inheritdoc/>
    public bool Equals(DemandForecast? other)
        => other is not null && File == other.File && Sha256 == other.Sha256 && Weeks.SequenceEqual(other.Weeks);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(File, Sha256, Weeks.Length);
}

/// <summary>What a forecast did in a proposal (proposal.json <c>run.forecast</c>).</summary>
public sealed record ForecastRun
{
    /// <summary>The forecast file's name (null when built in code).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? File { get; init; }

    /// <summary>SHA-256 of the forecast's content: the file's bytes, or (built in code) its rows as JSON.</summary>
    public required string Sha256 { get; init; }

    /// <summary>Rows of the forecast; of them, weeks after the planning date are the horizon.</summary>
    public required int Rows { get; init; }

    /// <summary>
    /// How the holds were applied: <c>full</c> (the look-ahead plan's), <c>half</c> (they left more youths
    /// unplaced than holding none; with half the beds kept for the arrivals opened to everyone as many were
    /// placed), <c>none</c> (even half did: nothing held) or <c>ignored</c> (capacity-only, today's practice,
    /// holds nothing).
    /// </summary>
    public required string Applied { get; init; }

    /// <summary>Free beds the plan holds per education region: offered only to the youths of this proposal it places there, the rest kept for the expected arrivals.</summary>
    public required ImmutableSortedDictionary<string, int> HeldPerRegion { get; init; }

    /// <summary>Of the held beds, those taken now by the youths of this proposal the plan places there, per region.</summary>
    public required ImmutableSortedDictionary<string, int> TakenPerRegion { get; init; }

    /// <summary>Held beds left free for the expected arrivals, per region (held less taken).</summary>
    public ImmutableSortedDictionary<string, int> KeptFreePerRegion
        => HeldPerRegion.ToImmutableSortedDictionary(kv => kv.Key, kv => kv.Value - TakenPerRegion.GetValueOrDefault(kv.Key), StringComparer.Ordinal);
}

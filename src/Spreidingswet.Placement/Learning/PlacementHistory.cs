using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Spreidingswet.Placement.Inputs;
using Spreidingswet.Placement.Learning;
using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Outputs;

namespace Spreidingswet.Placement.Learning;

/// <summary>Settings of a synthetic placement history.</summary>
public sealed record HistorySettings
{
    /// <summary>Placements (rows). Default 20,000.</summary>
    public int Rows { get; init; } = 20_000;

    /// <summary>Random seed. Default 1.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>
    /// Add the protected columns <c>nationality</c>, <c>language</c> and <c>gender</c> (correlated with
    /// prior schooling, hence with the outcome), so that tests can show the model never reads them. Default true.
    /// </summary>
    public bool ProtectedColumns { get; init; } = true;
}

/// <summary>
/// Historical placements (the training data of the learned school-continuity score): reading the
/// documented CSV format, and generating a SYNTHETIC history from a stated ground-truth mechanism
/// (no public data exists).
/// </summary>
public static class PlacementHistory
{
    /// <summary>The columns the trainer reads, in file order.</summary>
    public static ImmutableArray<string> Columns { get; } =
    [
        "placement_id", "age", "care_level", "schooling_years", "months_in_nl", "earlier_moves",
        "school_distance_km", "same_education_region", "location_type", "isk_seats_free", "schooling_continued",
    ];

    /// <summary>
    /// Column names (or parts of names) that are protected attributes: never features, whatever the
    /// history holds. A column whose name contains one of these is excluded and reported.
    /// </summary>
    public static ImmutableArray<string> ProtectedNames { get; } =
        ["nationality", "ethnicity", "ethnic", "religion", "language", "gender", "sex", "country", "origin", "audit_group"];

    /// <summary>True when a column name names a protected attribute.</summary>
    public static bool IsProtected(string column)
        => ProtectedNames.Any(p => column.Contains(p, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The ground truth of the synthetic history, one line per term: the log-odds that schooling
    /// continues (enrolled within 28 days after the placement).
    /// </summary>
    public static ImmutableArray<string> Mechanism { get; } =
    [
        "logit P(schooling_continued) = -0.2",
        "  + 1.5 if same_education_region (the school's education region is kept)",
        "  - 0.03 per km of school_distance_km (capped at 100 km)",
        "  - 0.4 if not enrolled before the placement (school_distance_km empty)",
        "  - 0.35 per earlier move",
        "  + 0.15 per year of prior schooling",
        "  - 0.5 if care_level intensive, - 0.9 if protected",
        "  + 0.06 per free ISK seat in the destination region (capped at 20)",
        "  - 0.15 per year of age above 15 (+ below 15)",
        "  + 0.03 per month in the Netherlands (capped at 24)",
        "  + 0.3 for KWE or NIDOS, - 0.2 for BO, - 0.4 for POL, 0 for KWV and other types",
        "nationality, language and gender do NOT enter the mechanism; nationality shifts prior schooling, so it correlates with the outcome (a proxy).",
    ];

    /// <summary>The ground-truth probability of the synthetic mechanism for one case.</summary>
    public static double TrueProbability(ContinuityCase c)
    {
        ArgumentNullException.ThrowIfNull(c);
        var logit = -0.2;
        if (c.SchoolDistanceKm is { } d)
        {
            logit += (c.SameEducationRegion ? 1.5 : 0) - (0.03 * Math.Min(d, 100));
        }
        else
        {
            logit -= 0.4;
        }

        logit -= 0.35 * c.EarlierMoves;
        logit += 0.15 * c.SchoolingYears;
        logit -= c.CareLevel switch { CareLevel.Intensive => 0.5, CareLevel.Protected => 0.9, _ => 0 };
        logit += 0.06 * Math.Min(c.IskSeatsFree, 20);
        logit -= 0.15 * (c.Age - 15);
        logit += 0.03 * Math.Min(c.MonthsInNetherlands, 24);
        logit += c.LocationType.ToUpperInvariant() switch { "KWE" or "NIDOS" => 0.3, "BO" => -0.2, "POL" => -0.4, _ => 0 };
        return 1 / (1 + Math.Exp(-logit));
    }

    private static readonly (string Nationality, string Language, double MeanSchooling, double Share)[] Origins =
    [
        ("Syria", "Arabic", 6.0, 0.50), ("Eritrea", "Tigrinya", 3.0, 0.20), ("Somalia", "Somali", 2.5, 0.10),
        ("Afghanistan", "Dari", 4.0, 0.10), ("other", "other", 5.0, 0.10),
    ];

    private static readonly (string Type, double Share)[] LocationTypes =
        [("KWV", 0.55), ("KWE", 0.12), ("NIDOS", 0.10), ("POL", 0.13), ("BO", 0.06), ("GZH", 0.04)];

    /// <summary>A synthetic history as CSV text: the mechanism as <c>#</c> comment lines, then the header and rows.</summary>
    public static string Synthesize(HistorySettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Rows < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(settings), settings.Rows, "A history needs at least one row.");
        }

        var random = new Random(settings.Seed);
        var sb = new StringBuilder();
        sb.Append("# SYNTHETIC placement history generated by `placement history synth` (seed ")
          .Append(settings.Seed.ToString(CultureInfo.InvariantCulture)).Append(", ")
          .Append(settings.Rows.ToString(CultureInfo.InvariantCulture)).Append(" rows): NOT real young people.\n");
        sb.Append("# schooling_continued = enrolled within 28 days after the placement, drawn from this ground truth:\n");
        foreach (var line in Mechanism)
        {
            sb.Append("#   ").Append(line).Append('\n');
        }

        var columns = Columns.ToList();
        if (settings.ProtectedColumns)
        {
            columns.AddRange(["nationality", "language", "gender"]);
        }

        sb.AppendJoin(',', columns).Append('\n');
        for (var i = 0; i < settings.Rows; i++)
        {
            var origin = Pick(random, Origins, o => o.Share);
            var age = Pick(random, [12, 13, 14, 15, 16, 17], a => a switch { 12 => 3, 13 => 5, 14 => 10, 15 => 22, 16 => 30, _ => 30 });
            var careRoll = random.NextDouble();
            var care = careRoll < 0.03 ? CareLevel.Protected : careRoll < 0.15 ? CareLevel.Intensive : CareLevel.Standard;
            var schooling = Math.Round(Math.Clamp(origin.MeanSchooling + (2 * Normal(random)), 0, 12) * 2, MidpointRounding.AwayFromZero) / 2;
            var months = random.Next(0, 37);
            var moves = Math.Min(6, Poisson(random, 1.2));
            double? distance = null;
            var same = false;
            if (random.NextDouble() < 0.8)
            {
                same = random.NextDouble() < 0.65;
                distance = same
                    ? Math.Min(60, -Math.Log(1 - random.NextDouble()) * 8)
                    : Math.Min(250, 15 - (Math.Log(1 - random.NextDouble()) * 50));
                distance = Math.Round(distance.Value, 1);
            }

            var type = Pick(random, LocationTypes, t => t.Share).Type;
            var isk = random.Next(0, 31);
            var c = new ContinuityCase
            {
                Age = age, CareLevel = care, SchoolingYears = schooling, MonthsInNetherlands = months, EarlierMoves = moves,
                SchoolDistanceKm = distance, SameEducationRegion = same, LocationType = type, IskSeatsFree = isk,
            };
            var continued = random.NextDouble() < TrueProbability(c);
            sb.Append(CultureInfo.InvariantCulture, $"H{i + 1:D6},{age},{Vocabulary.Code(care)},{schooling:0.#},{months},{moves},")
              .Append(distance?.ToString("0.0", CultureInfo.InvariantCulture) ?? "").Append(',')
              .Append(distance is null ? "" : same ? "true" : "false").Append(',')
              .Append(CultureInfo.InvariantCulture, $"{type},{isk},{(continued ? 1 : 0)}");
            if (settings.ProtectedColumns)
            {
                var gender = random.NextDouble() < 0.87 ? "m" : random.NextDouble() < 0.95 ? "f" : "x";
                sb.Append(',').Append(origin.Nationality).Append(',').Append(origin.Language).Append(',').Append(gender);
            }

            sb.Append('\n');
        }

        return sb.ToString();
    }

    /// <summary>Writes a synthetic history atomically.</summary>
    public static void WriteSynthetic(HistorySettings settings, string path)
        => AtomicFile.WriteAllText(path, Synthesize(settings));

    private static T Pick<T>(Random random, IReadOnlyList<T> items, Func<T, double> weight)
    {
        var r = random.NextDouble() * items.Sum(weight);
        foreach (var item in items)
        {
            r -= weight(item);
            if (r <= 0)
            {
                return item;
            }
        }

        return items[^1];
    }

    private static double Normal(Random random)
        => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static int Poisson(Random random, double mean)
    {
        var limit = Math.Exp(-mean);
        var k = 0;
        var p = random.NextDouble();
        while (p > limit)
        {
            k++;
            p *= random.NextDouble();
        }

        return k;
    }
}

/// <summary>One historical placement as read from a history file.</summary>
internal sealed record HistoryRow(string Id, int Line, ContinuityCase Case, bool Continued);

/// <summary>A history file read: rows, which columns were excluded as protected or ignored, and whether it says it is synthetic.</summary>
internal sealed record HistoryData(string File, string Sha256, ImmutableArray<HistoryRow> Rows, ImmutableArray<string> ExcludedProtected,
    ImmutableArray<string> IgnoredColumns, bool Synthetic, ImmutableArray<string> Comments);

/// <summary>Reads a history CSV (documented in docs/learned-score.md): all problems reported together.</summary>
internal static class HistoryReader
{
    public static LoadResult<HistoryData> Read(string path)
    {
        var read = CsvTable.Read(path, allowComments: true);
        if (read.Value is not { } table)
        {
            return LoadResult<HistoryData>.Failure(read.Errors);
        }

        var errors = new List<InputError>();
        var required = PlacementHistory.Columns.Where(c => c is not "placement_id").ToList();
        foreach (var column in required.Where(c => !table.Has(c)))
        {
            errors.Add(new InputError(path, table.Comments.Count + 1, column, null, "column is missing.", $"The header has: {string.Join(", ", table.Header)}."));
        }

        if (errors.Count > 0)
        {
            return LoadResult<HistoryData>.Failure(errors);
        }

        var rows = new List<HistoryRow>();
        foreach (var row in table.Rows)
        {
            var before = errors.Count;
            var id = table.Cell(row, "placement_id");
            var age = Cells.Integer(table, row, "age", errors, 0, 25);
            var care = Cells.Choice(table, row, "care_level", errors, Vocabulary.CareLevels);
            var schooling = Cells.Number(table, row, "schooling_years", errors, 0, 20);
            var months = Cells.Number(table, row, "months_in_nl", errors, 0, 600);
            var moves = Cells.Integer(table, row, "earlier_moves", errors, 0, 100);
            var distance = Cells.Number(table, row, "school_distance_km", errors, 0, 1000);
            var same = Cells.Boolean(table, row, "same_education_region", errors);
            var isk = Cells.Number(table, row, "isk_seats_free", errors, 0, 100_000);
            var outcome = table.Cell(row, "schooling_continued");
            foreach (var (column, value) in new (string, object?)[] { ("age", age), ("care_level", care), ("schooling_years", schooling), ("months_in_nl", months), ("earlier_moves", moves), ("isk_seats_free", isk) })
            {
                if (value is null && table.Cell(row, column).Length == 0)
                {
                    errors.Add(new InputError(path, row.Line, column, "", "is empty: every placement needs a value."));
                }
            }

            if (distance is not null && same is null && table.Cell(row, "same_education_region").Length == 0)
            {
                errors.Add(new InputError(path, row.Line, "same_education_region", "", "is empty while school_distance_km is given.",
                    "Maybe true or false? Leave both empty for a youth who was not enrolled."));
            }

            if (outcome is not ("0" or "1"))
            {
                errors.Add(new InputError(path, row.Line, "schooling_continued", outcome, "must be 0 or 1."));
            }

            if (errors.Count > before)
            {
                continue;
            }

            rows.Add(new HistoryRow(id.Length > 0 ? id : row.Line.ToString(CultureInfo.InvariantCulture), row.Line, new ContinuityCase
            {
                Age = age!.Value,
                CareLevel = care!.Value,
                SchoolingYears = schooling!.Value,
                MonthsInNetherlands = months!.Value,
                EarlierMoves = moves!.Value,
                SchoolDistanceKm = distance,
                SameEducationRegion = distance is not null && same == true,
                LocationType = table.Cell(row, "location_type"),
                IskSeatsFree = isk!.Value,
            }, outcome == "1"));
        }

        if (errors.Count == 0 && rows.Count < 100)
        {
            errors.Add(new InputError(path, 0, null, null, $"has {rows.Count} placements: at least 100 are needed to train and evaluate a model."));
        }

        if (errors.Count == 0 && (rows.All(r => r.Continued) || rows.All(r => !r.Continued)))
        {
            errors.Add(new InputError(path, 0, "schooling_continued", null, "has only one outcome: both 0 and 1 are needed to train a model."));
        }

        if (errors.Count > 0)
        {
            return LoadResult<HistoryData>.Failure(errors);
        }

        var known = PlacementHistory.Columns.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var excluded = table.Header.Where(PlacementHistory.IsProtected).ToImmutableArray();
        var ignored = table.Header.Where(h => !known.Contains(h) && !PlacementHistory.IsProtected(h)).ToImmutableArray();
        var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path)));
        var synthetic = table.Comments.Any(c => c.Contains("SYNTHETIC", StringComparison.Ordinal));
        return LoadResult<HistoryData>.Success(new HistoryData(path, sha, [.. rows], excluded, ignored, synthetic, [.. table.Comments]));
    }
}

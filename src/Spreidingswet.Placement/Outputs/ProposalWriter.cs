using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Spreidingswet.Placement.Geography;
using Spreidingswet.Placement.Model;

namespace Spreidingswet.Placement.Outputs;

/// <summary>Writes a proposal as proposal.json, proposal.csv and report.html, as one set.</summary>
public static class ProposalWriter
{
    /// <summary>The JSON options of proposal.json (camelCase, enums as camelCase strings, nulls written, indented).</summary>
    public static JsonSerializerOptions JsonOptions { get; } = CreateOptions();

    /// <summary>Serialises a proposal to the proposal.json text.</summary>
    public static string ToJson(Proposal proposal) => JsonSerializer.Serialize(proposal, JsonOptions) + "\n";

    /// <summary>Reads a proposal.json back.</summary>
    public static Proposal? FromJson(string json) => JsonSerializer.Deserialize<Proposal>(json, JsonOptions);

    /// <summary>
    /// Reads a proposal.json file within the input size limit (docs/formats.md, "Input limits"):
    /// errors name the file, the JSON line and path.
    /// </summary>
    public static LoadResult<Proposal> Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        try
        {
            if (Inputs.BoundedFile.ReadText(path, Inputs.InputLimits.MaxFileBytes) is not { } text)
            {
                return LoadResult<Proposal>.Failure([new InputError(path, 0, null, null, Inputs.BoundedFile.TooLarge(Inputs.InputLimits.MaxFileBytes, "an input file"))]);
            }

            return FromJson(text) is { } proposal
                ? LoadResult<Proposal>.Success(proposal)
                : LoadResult<Proposal>.Failure([new InputError(path, 0, null, null, "is empty.")]);
        }
        catch (JsonException ex)
        {
            return LoadResult<Proposal>.Failure([new InputError(path, (int)(ex.LineNumber ?? -1) + 1, ex.Path, null, "is not a proposal.json: " + ex.Message.Split(" Path:")[0])]);
        }
    }

    /// <summary>
    /// One row per youth: youth, location, from, education region kept, school km, cost, unplaced reason.
    /// The text columns (youth, location, from, unplaced reason) are neutralised against formula
    /// injection; the boolean and numeric columns are written as numbers (docs/formats.md).
    /// </summary>
    public static string ToCsv(Proposal proposal)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        var rows = new List<(string Youth, string Line)>();
        foreach (var a in proposal.Assignments)
        {
            rows.Add((a.Youth, string.Join(',', CsvCells.Text(a.Youth), CsvCells.Text(a.Location), CsvCells.Text(a.From),
                a.EducationRegion is null ? "" : a.EducationRegion.Kept ? "true" : "false",
                a.SchoolDistanceKm?.ToString("0.0", CultureInfo.InvariantCulture) ?? "",
                a.Cost.ToString(CultureInfo.InvariantCulture), "")));
        }

        foreach (var u in proposal.Unplaced)
        {
            rows.Add((u.Youth, string.Join(',', CsvCells.Text(u.Youth), "", "", "", "", "", CsvCells.Text(string.Join(" | ", u.Reasons.Select(r => $"{r.Code}: {r.Text}"))))));
        }

        var sb = new StringBuilder("youth,location,from,education_region_kept,school_km,cost,unplaced_reason\n");
        foreach (var (_, line) in rows.OrderBy(r => r.Youth, StringComparer.Ordinal))
        {
            sb.Append(line).Append('\n');
        }

        return sb.ToString();
    }

    /// <summary>
    /// Writes proposal.json, proposal.csv and report.html into a folder as one set (a hidden folder
    /// beside it, swapped in with one rename: <see cref="OutputFolder"/>). The report compares the
    /// proposal with <paramref name="baseline"/> (capacity-only on the same input) when given.
    /// </summary>
    /// <exception cref="IOException">The folder cannot be written (<see cref="OutputFolder.Check"/> says why); the folder is left as it was.</exception>
    public static void Write(Proposal proposal, Proposal? baseline, RegionMap geography, PlacementProblem problem, string directory)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        ArgumentNullException.ThrowIfNull(directory);
        var json = ToJson(proposal);
        var csv = ToCsv(proposal);
        var html = ReportHtml.Render(proposal, baseline, geography, problem);
        OutputFolder.Write(directory, [("proposal.json", json), ("proposal.csv", csv), ("report.html", html)]);
    }


    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            DictionaryKeyPolicy = null,
            WriteIndented = true,
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}

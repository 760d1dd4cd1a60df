using System.Globalization;
using Spreidingswet.Placement.Inputs;

namespace Spreidingswet.Placement.Geography;

/// <summary>One row of the committed facts table (geodata/municipalities_2025.csv).</summary>
internal sealed record MunicipalityFact(
    string Code,
    string Name,
    string ProvinceCode,
    string ProvinceName,
    string EducationRegionCode,
    string EducationRegionName,
    double InteriorLat,
    double InteriorLon,
    double CentroidLat,
    double CentroidLon,
    double AreaKm2);

/// <summary>The 342 municipalities of 2025 with membership, a point inside and the area.</summary>
internal static class MunicipalityFacts
{
    public const string ResourceName = "Spreidingswet.Placement.municipalities_2025.csv";

    private static readonly Lazy<IReadOnlyList<MunicipalityFact>> Cached = new(Load);

    private static readonly Lazy<IReadOnlyDictionary<string, MunicipalityFact>> CachedByCode = new(() => Cached.Value.ToDictionary(f => f.Code, StringComparer.OrdinalIgnoreCase));

    public static IReadOnlyList<MunicipalityFact> All => Cached.Value;

    /// <summary>The membership table by municipality code (case-insensitive).</summary>
    public static IReadOnlyDictionary<string, MunicipalityFact> ByCode => CachedByCode.Value;

    public static IReadOnlyList<MunicipalityFact> Parse(TextReader reader, string file)
    {
        var table = CsvTable.Read(reader, file).GetValueOrThrow();
        return table.Rows.Select(r => new MunicipalityFact(
            table.Cell(r, "gm_code"),
            table.Cell(r, "name"),
            table.Cell(r, "province_code"),
            table.Cell(r, "province"),
            table.Cell(r, "rmc_code"),
            table.Cell(r, "rmc_region"),
            double.Parse(table.Cell(r, "interior_lat"), CultureInfo.InvariantCulture),
            double.Parse(table.Cell(r, "interior_lon"), CultureInfo.InvariantCulture),
            double.Parse(table.Cell(r, "centroid_lat"), CultureInfo.InvariantCulture),
            double.Parse(table.Cell(r, "centroid_lon"), CultureInfo.InvariantCulture),
            double.Parse(table.Cell(r, "area_km2"), CultureInfo.InvariantCulture))).ToArray();
    }

    private static IReadOnlyList<MunicipalityFact> Load()
    {
        using var stream = typeof(MunicipalityFacts).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded resource '{ResourceName}' is missing from the assembly.");
        using var reader = new StreamReader(stream);
        return Parse(reader, ResourceName);
    }
}

using Spreidingswet.Placement.Model;

namespace Spreidingswet.Placement.Inputs;

/// <summary>The words the input files use for genders and care levels (CSV and JSON alike).</summary>
internal static class Vocabulary
{
    /// <summary>Gender words: m, f, x (and the spelled-out and Dutch forms Excel users type).</summary>
    public static readonly IReadOnlyDictionary<string, Gender> Genders = new Dictionary<string, Gender>(StringComparer.OrdinalIgnoreCase)
    {
        ["m"] = Gender.Male, ["f"] = Gender.Female, ["x"] = Gender.X,
        ["male"] = Gender.Male, ["female"] = Gender.Female, ["v"] = Gender.Female,
    };

    /// <summary>Care level words.</summary>
    public static readonly IReadOnlyDictionary<string, CareLevel> CareLevels = new Dictionary<string, CareLevel>(StringComparer.OrdinalIgnoreCase)
    {
        ["standard"] = CareLevel.Standard, ["intensive"] = CareLevel.Intensive, ["protected"] = CareLevel.Protected,
    };

    /// <summary>The word written for a gender.</summary>
    public static string Code(Gender gender) => gender switch
    {
        Gender.Male => "m",
        Gender.Female => "f",
        _ => "x",
    };

    /// <summary>The word written for a care level.</summary>
    public static string Code(CareLevel level) => level.ToString().ToLowerInvariant();

    /// <summary>
    /// A location as every reader stores it: genders and care levels without repeats, the type in
    /// upper case, tags (matched to needs) in lower case.
    /// </summary>
    public static Location Normalised(Location l) => l with
    {
        Genders = [.. l.Genders.Distinct()],
        CareLevels = [.. l.CareLevels.Distinct()],
        Type = l.Type.ToUpperInvariant(),
        Tags = [.. l.Tags.Select(t => t.ToLowerInvariant())],
    };
}

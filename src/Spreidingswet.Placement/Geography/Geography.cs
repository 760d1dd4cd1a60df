using NetTopologySuite.Geometries;

namespace Spreidingswet.Placement.Geography;

/// <summary>
/// Municipalities, provinces and education regions, and the lookup of a point in each. Built once
/// (from the embedded default layers or official files), immutable and safe to share across
/// threads. The embedded default is approximate near borders: see <see cref="IsApproximate"/>.
/// </summary>
public sealed class Geography
{
    /// <summary>The warning every output that used a default layer carries.</summary>
    public const string ApproximateWarning =
        "The embedded default region layers are approximate (built from municipality facts, not official boundaries): points near a border may be assigned to the neighbouring region. Load official layers with --municipalities/--provinces/--education-regions for exact answers.";

    private readonly RegionLayer _municipalities;
    private readonly RegionLayer _provinces;
    private readonly RegionLayer _education;
    private readonly Dictionary<string, RegionLookup> _membership;

    private Geography(RegionLayer municipalities, RegionLayer provinces, RegionLayer education, IReadOnlyList<string> warnings)
    {
        _municipalities = municipalities;
        _provinces = provinces;
        _education = education;
        Warnings = warnings;

        // Membership of each municipality: the province and education region of a point inside it.
        _membership = new Dictionary<string, RegionLookup>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < municipalities.Regions.Count; i++)
        {
            var inside = InsidePoint(municipalities, i);
            _membership[municipalities.Regions[i].Code] = new RegionLookup(
                municipalities.Regions[i],
                provinces.Locate(inside.X, inside.Y),
                education.Locate(inside.X, inside.Y));
        }
    }

    /// <summary>Where each role's layer came from.</summary>
    public IReadOnlyList<RegionLayerInfo> Layers => [_municipalities.Info, _provinces.Info, _education.Info];

    /// <summary>True when any role uses the embedded, approximate default layer.</summary>
    public bool IsApproximate => Layers.Any(l => l.IsDefault);

    /// <summary>Warnings raised while loading (repaired geometries and the like).</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>Loads the embedded default layers for all three roles (no files needed).</summary>
    public static Geography LoadDefault() => Load(new GeographyOptions()).GetValueOrThrow();

    /// <summary>
    /// Loads the layers named in <paramref name="options"/>, using the embedded default for any role
    /// left out. All problems in all files are reported together.
    /// </summary>
    public static LoadResult<Geography> Load(GeographyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<InputError>();
        var warnings = new List<string>();
        var layers = new RegionLayer?[3];
        foreach (var role in Enum.GetValues<RegionRole>())
        {
            var source = options[role];
            if (source is null)
            {
                layers[(int)role] = DefaultLayers.Get(role);
                continue;
            }

            var result = LayerReader.Read(role, source);
            errors.AddRange(result.Errors);
            warnings.AddRange(result.Warnings);
            layers[(int)role] = result.Value;
        }

        if (errors.Count > 0)
        {
            return LoadResult<Geography>.Failure(errors, warnings);
        }

        if (layers.Any(l => l!.Info.IsDefault))
        {
            warnings.Add(ApproximateWarning);
        }

        return LoadResult<Geography>.Success(new Geography(layers[0]!, layers[1]!, layers[2]!, warnings), warnings);
    }

    /// <summary>The municipality, province and education region of a point (each <c>null</c> where the point is outside that layer).</summary>
    public RegionLookup Lookup(GeoPoint point) => new(
        _municipalities.Locate(point.X, point.Y),
        _provinces.Locate(point.X, point.Y),
        _education.Locate(point.X, point.Y));

    /// <summary>The region of one role containing a point, or <c>null</c> outside.</summary>
    public Region? Lookup(GeoPoint point, RegionRole role) => Layer(role).Locate(point.X, point.Y);

    /// <summary>
    /// A municipality by code, with the province and education region it belongs to: an exact
    /// membership that overrides a point lookup (a location's <c>municipality_code</c>).
    /// Returns <c>null</c> for a code not in the municipality layer.
    /// </summary>
    public RegionLookup? Municipality(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        return _membership.TryGetValue(code.Trim(), out var lookup) ? lookup : null;
    }

    /// <summary>The regions of a role, ordered by code.</summary>
    public IReadOnlyList<Region> Regions(RegionRole role) => Layer(role).Regions;

    /// <summary>The regions of a role with their member municipalities, ordered by code.</summary>
    public IReadOnlyList<RegionMembers> Members(RegionRole role)
    {
        var layer = Layer(role);
        var members = layer.Regions.ToDictionary(r => r.Code, _ => new List<Region>(), StringComparer.OrdinalIgnoreCase);
        foreach (var m in _membership.Values.OrderBy(m => m.Municipality!.Code, StringComparer.Ordinal))
        {
            var region = m[role];
            if (region is not null && members.TryGetValue(region.Code, out var list))
            {
                list.Add(m.Municipality!);
            }
        }

        return layer.Regions.Select(r => new RegionMembers(r, members[r.Code])).ToArray();
    }

    internal RegionLayer Layer(RegionRole role) => role switch
    {
        RegionRole.Municipality => _municipalities,
        RegionRole.Province => _provinces,
        RegionRole.EducationRegion => _education,
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "Unknown region role."),
    };

    private static Coordinate InsidePoint(RegionLayer layer, int index)
    {
        // The facts table's interior point when it lies in this polygon, else a computed one.
        var region = layer.Regions[index];
        var fact = MunicipalityFacts.All.FirstOrDefault(f => string.Equals(f.Code, region.Code, StringComparison.OrdinalIgnoreCase));
        if (fact is not null)
        {
            var p = GeoPoint.FromWgs84(fact.InteriorLat, fact.InteriorLon);
            if (layer.Index.Locate(p.X, p.Y) == index)
            {
                return new Coordinate(p.X, p.Y);
            }
        }

        return layer.Geometries[index].InteriorPoint.Coordinate;
    }
}

/// <summary>The embedded default layers, parsed once per process and shared (they are immutable).</summary>
internal static class DefaultLayers
{
    private static readonly Lazy<RegionLayer> Municipalities = new(() => LayerReader.ReadEmbedded(RegionRole.Municipality, "Spreidingswet.Placement.default.municipalities.geojson"));
    private static readonly Lazy<RegionLayer> Provinces = new(() => LayerReader.ReadEmbedded(RegionRole.Province, "Spreidingswet.Placement.default.provinces.geojson"));
    private static readonly Lazy<RegionLayer> Education = new(() => LayerReader.ReadEmbedded(RegionRole.EducationRegion, "Spreidingswet.Placement.default.education-regions.geojson"));

    public static RegionLayer Get(RegionRole role) => role switch
    {
        RegionRole.Municipality => Municipalities.Value,
        RegionRole.Province => Provinces.Value,
        RegionRole.EducationRegion => Education.Value,
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "Unknown region role."),
    };
}

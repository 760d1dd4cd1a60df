namespace Spreidingswet.Placement.Geography;

/// <summary>The three roles a region layer can play.</summary>
public enum RegionRole
{
    /// <summary>Municipalities (gemeenten), 342 in 2025, codes GM....</summary>
    Municipality,

    /// <summary>Provinces, 12, codes PV20-PV31.</summary>
    Province,

    /// <summary>Education regions; by default the 40 RMC regions of 2025 (MC01-MC41, no MC14).</summary>
    EducationRegion,
}

/// <summary>A region: its code and name as the layer gives them.</summary>
/// <param name="Code">The region code, e.g. <c>GM0344</c>, <c>PV26</c>, <c>MC17</c>.</param>
/// <param name="Name">The region name, e.g. <c>Utrecht</c>.</param>
public sealed record Region(string Code, string Name);

/// <summary>The regions a point falls in; a <c>null</c> role means the point is outside that layer.</summary>
/// <param name="Municipality">The municipality, or <c>null</c> outside the Netherlands.</param>
/// <param name="Province">The province, or <c>null</c>.</param>
/// <param name="EducationRegion">The education region, or <c>null</c>.</param>
public sealed record RegionLookup(Region? Municipality, Region? Province, Region? EducationRegion)
{
    /// <summary>A point outside the Netherlands.</summary>
    public static RegionLookup Outside { get; } = new(null, null, null);

    /// <summary>
    /// Metres between the point and its municipality when the point lay outside every municipality
    /// (a beach, a harbour, a generalised coastline) and was assigned to the nearest one within
    /// <see cref="RegionMap.CoastToleranceMetres"/>; <c>null</c> for a point inside its municipality.
    /// </summary>
    public double? SnappedMetres { get; init; }

    /// <summary>What was assumed for this point (assigned to the nearest municipality, a loaded role layer overruled by membership), naming the point and the distance; empty when nothing was.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>True when the point lies in no region of any role (sea, Germany, Belgium, ...).</summary>
    public bool IsOutside => Municipality is null && Province is null && EducationRegion is null;

    /// <summary>The region of one role.</summary>
    public Region? this[RegionRole role] => role switch
    {
        RegionRole.Municipality => Municipality,
        RegionRole.Province => Province,
        RegionRole.EducationRegion => EducationRegion,
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "Unknown region role."),
    };
}

/// <summary>A region with the municipalities it contains (for listings).</summary>
/// <param name="Region">The region.</param>
/// <param name="Members">Member municipalities, ordered by code (the municipality itself for the municipality role).</param>
public sealed record RegionMembers(Region Region, IReadOnlyList<Region> Members);

/// <summary>
/// Where one role's layer comes from when it is not the embedded default: a GeoJSON (WGS84 or
/// RD New), GeoPackage or Shapefile file, with the properties that hold the code and the name.
/// </summary>
/// <param name="Path">The file: <c>.geojson</c>/<c>.json</c>, <c>.gpkg</c> or <c>.shp</c>.</param>
public sealed record RegionLayerSource(string Path)
{
    /// <summary>Property holding the region code; default <c>statcode</c> (as PDOK publishes it).</summary>
    public string CodeProperty { get; init; } = "statcode";

    /// <summary>Property holding the region name; default <c>statnaam</c>.</summary>
    public string NameProperty { get; init; } = "statnaam";

    /// <summary>Layer (table) name in a GeoPackage; <c>null</c> = the only polygon layer in the file.</summary>
    public string? Layer { get; init; }

    /// <summary>
    /// The CRS when the file does not state it (<c>EPSG:28992</c>, <c>EPSG:4326</c>, <c>EPSG:3857</c> or WKT);
    /// <c>null</c> = as stated in the file, else detected from the coordinate range (degrees = WGS84, else RD New).
    /// </summary>
    public string? Crs { get; init; }
}

/// <summary>Which region layers to use; a role left <c>null</c> uses the embedded default.</summary>
public sealed record GeographyOptions
{
    /// <summary>The municipality layer, or <c>null</c> for the embedded default.</summary>
    public RegionLayerSource? Municipalities { get; init; }

    /// <summary>The province layer, or <c>null</c> for the embedded default.</summary>
    public RegionLayerSource? Provinces { get; init; }

    /// <summary>The education-region layer (any region layer, e.g. onderwijsregio's), or <c>null</c> for the default RMC regions.</summary>
    public RegionLayerSource? EducationRegions { get; init; }

    /// <summary>The source of one role.</summary>
    public RegionLayerSource? this[RegionRole role] => role switch
    {
        RegionRole.Municipality => Municipalities,
        RegionRole.Province => Provinces,
        RegionRole.EducationRegion => EducationRegions,
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "Unknown region role."),
    };
}

/// <summary>Where one role's layer came from, for outputs and audit records.</summary>
/// <param name="Role">The role.</param>
/// <param name="IsDefault">True for the embedded default layer (the official 2025 division, generalised).</param>
/// <param name="File">The file for an official layer; <c>null</c> for the default.</param>
/// <param name="Crs">The CRS the file was read in.</param>
/// <param name="Regions">Number of regions in the layer.</param>
/// <param name="Sha256">SHA-256 of the file (or of the embedded resource), lower-case hex.</param>
public sealed record RegionLayerInfo(RegionRole Role, bool IsDefault, string? File, string Crs, int Regions, string Sha256);

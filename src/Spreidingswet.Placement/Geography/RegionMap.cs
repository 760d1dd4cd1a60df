using System.Globalization;
using NetTopologySuite.Geometries;
using NetTopologySuite.Index.Strtree;
using NetTopologySuite.Operation.OverlayNG;
using Spreidingswet.Placement.Model;

namespace Spreidingswet.Placement.Geography;

/// <summary>
/// Municipalities, provinces and education regions, and the lookup of a point in each. Built once
/// (from the embedded official 2025 layers or from files), immutable and safe to share across threads.
/// </summary>
/// <remarks>
/// One geometry, consistent roles: a point is resolved to its municipality first, and its province and
/// education region follow from the municipality's membership (the 2025 membership table, or the
/// largest overlap for layers whose codes the table does not know). A role loaded from its own file is
/// looked up by point-in-polygon; where that layer and the municipality's membership disagree, or the
/// point falls in a gap of that layer, the membership wins and <see cref="RegionLookup.Notes"/> says so.
/// A point outside every municipality but within <see cref="CoastToleranceMetres"/> of one (beaches,
/// harbours, generalised coastlines) is assigned to the nearest; one inside Belgium or Germany only
/// within <see cref="LandBorderToleranceMetres"/>.
/// </remarks>
public sealed class RegionMap
{
    /// <summary>How far outside every municipality a point may lie and still be assigned to the nearest one (metres).</summary>
    public const double CoastToleranceMetres = 1000;

    /// <summary>
    /// Within this distance of a municipality a point is assigned to it even when it lies in Belgium or
    /// Germany by the neighbours' outline (both are generalised to a few hundred metres); farther
    /// than this, a point in Belgium or Germany is outside.
    /// </summary>
    public const double LandBorderToleranceMetres = 200;

    /// <summary>What remains approximate about the embedded layers (for reports and documentation).</summary>
    public const string BorderAccuracyNote =
        "Region layers: CBS/Kadaster 2025 generalised borders (cartomap/nl), accurate to about 150 m; provinces and education regions follow from each municipality's membership.";

    /// <summary>The attribution every output that shows the embedded layers carries.</summary>
    public const string Attribution =
        "Region borders: CBS / Kadaster (PDOK), CBS Gebiedsindelingen 2025, CC BY 4.0, generalised by cartomap/nl; Belgium and Germany: Natural Earth (public domain).";

    private static readonly string[] NoNotes = [];

    private readonly RegionLayer _municipalities;
    private readonly RoleLayer _provinces;
    private readonly RoleLayer _education;
    private readonly RegionLayer _neighbours;
    private readonly STRtree<int> _municipalityTree;

    private RegionMap(RegionLayer municipalities, RegionLayer provinces, RegionLayer education, RegionLayer neighbours, List<string> warnings)
    {
        _municipalities = municipalities;
        _neighbours = neighbours;
        _provinces = RoleLayer.Build(RegionRole.Province, provinces, municipalities, warnings);
        _education = RoleLayer.Build(RegionRole.EducationRegion, education, municipalities, warnings);
        _municipalityTree = new STRtree<int>();
        for (var i = 0; i < municipalities.Geometries.Count; i++)
        {
            _municipalityTree.Insert(municipalities.Geometries[i].EnvelopeInternal, i);
        }

        _municipalityTree.Build();
        Warnings = warnings;
    }

    /// <summary>Where each role's layer came from.</summary>
    public IReadOnlyList<RegionLayerInfo> Layers => [_municipalities.Info, _provinces.Layer.Info, _education.Layer.Info];

    /// <summary>Warnings raised while loading (repaired geometries, codes the membership table does not know).</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>Loads the embedded official 2025 layers for all three roles (no files needed).</summary>
    public static RegionMap LoadDefault() => Load(new GeographyOptions()).GetValueOrThrow();

    /// <summary>
    /// Loads the layers named in <paramref name="options"/>, using the embedded default for any role
    /// left out. All problems in all files are reported together.
    /// </summary>
    public static LoadResult<RegionMap> Load(GeographyOptions options)
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
            return LoadResult<RegionMap>.Failure(errors, warnings);
        }

        var geography = new RegionMap(layers[0]!, layers[1]!, layers[2]!, DefaultLayers.Neighbours, warnings);
        return LoadResult<RegionMap>.Success(geography, warnings);
    }

    /// <summary>
    /// The municipality, province and education region of a point. All three are <c>null</c> outside
    /// the Netherlands (farther than <see cref="CoastToleranceMetres"/> from every municipality, or
    /// inside Belgium or Germany); <see cref="RegionLookup.Notes"/> says when a coastal point was
    /// assigned to the nearest municipality or a loaded role layer was overruled by membership.
    /// </summary>
    public RegionLookup Lookup(GeoPoint point)
    {
        var (x, y) = (point.X, point.Y);
        var m = _municipalities.Index.Locate(x, y);
        double? snapped = null;
        List<string>? notes = null;
        if (m < 0)
        {
            (m, var distance) = NearestMunicipality(x, y);
            if (m < 0)
            {
                return RegionLookup.Outside;
            }

            snapped = distance;
            notes = [string.Create(CultureInfo.InvariantCulture,
                $"{Describe(point)} lies {distance:F0} m outside every municipality (coast, harbour or generalised border): assigned to the nearest, {_municipalities.Regions[m].Code} {_municipalities.Regions[m].Name}.")];
        }

        var province = _provinces.Resolve(m, x, y, point, _municipalities, ref notes);
        var education = _education.Resolve(m, x, y, point, _municipalities, ref notes);
        return new RegionLookup(_municipalities.Regions[m], province, education)
        {
            SnappedMetres = snapped,
            Notes = notes is null ? NoNotes : [.. notes],
        };
    }

    /// <summary>The region of one role containing a point (as <see cref="Lookup(GeoPoint)"/>), or <c>null</c> outside.</summary>
    public Region? Lookup(GeoPoint point, RegionRole role) => Lookup(point)[role];

    /// <summary>
    /// A municipality by code, with the province and education region it belongs to: an exact
    /// membership that overrides a point lookup (a location's <c>municipality_code</c>).
    /// Returns <c>null</c> for a code not in the municipality layer.
    /// </summary>
    public RegionLookup? Municipality(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        var m = _municipalities.IndexOf(code.Trim());
        return m < 0 ? null : new RegionLookup(_municipalities.Regions[m], _provinces.MemberOf(m), _education.MemberOf(m));
    }

    /// <summary>The regions of a role, ordered by code.</summary>
    public IReadOnlyList<Region> Regions(RegionRole role) => Layer(role).Regions;

    /// <summary>The regions of a role with their member municipalities, ordered by code.</summary>
    public IReadOnlyList<RegionMembers> Members(RegionRole role)
    {
        if (role == RegionRole.Municipality)
        {
            return _municipalities.Regions.Select(r => new RegionMembers(r, [r])).ToArray();
        }

        var layer = role == RegionRole.Province ? _provinces : _education;
        var members = layer.Layer.Regions.Select(_ => new List<Region>()).ToArray();
        for (var m = 0; m < _municipalities.Regions.Count; m++)
        {
            if (layer.Membership[m] is var r and >= 0)
            {
                members[r].Add(_municipalities.Regions[m]);
            }
        }

        return layer.Layer.Regions.Select((r, i) => new RegionMembers(r, members[i])).ToArray();
    }

    /// <summary>
    /// The lookup without allocation, for hot loops: indexes into <see cref="Regions"/> of each role,
    /// -1 where unknown. Takes the same path as <see cref="Lookup(GeoPoint)"/> for points inside a
    /// municipality, and falls back to it (allocating) for coastal points.
    /// </summary>
    internal (int Municipality, int Province, int Education) LocateIndices(double x, double y)
    {
        var m = _municipalities.Index.Locate(x, y);
        if (m >= 0 && _provinces.ByMembershipOnly && _education.ByMembershipOnly)
        {
            return (m, _provinces.Membership[m], _education.Membership[m]);
        }

        var r = Lookup(GeoPoint.FromRd(x, y));
        return (r.Municipality is { } mu ? _municipalities.IndexOf(mu.Code) : -1,
            r.Province is { } p ? _provinces.Layer.IndexOf(p.Code) : -1,
            r.EducationRegion is { } e ? _education.Layer.IndexOf(e.Code) : -1);
    }

    internal RegionLayer Layer(RegionRole role) => role switch
    {
        RegionRole.Municipality => _municipalities,
        RegionRole.Province => _provinces.Layer,
        RegionRole.EducationRegion => _education.Layer,
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "Unknown region role."),
    };

    internal static string Describe(GeoPoint point)
    {
        var (lat, lon) = point.ToWgs84();
        return string.Create(CultureInfo.InvariantCulture, $"point {lat:F5},{lon:F5}");
    }

    /// <summary>The nearest municipality within the coast tolerance (the land-border tolerance for a point in Belgium or Germany).</summary>
    private (int Index, double Distance) NearestMunicipality(double x, double y)
    {
        if (double.IsNaN(x) || double.IsNaN(y))
        {
            return (-1, double.PositiveInfinity);
        }

        var search = new Envelope(x - CoastToleranceMetres, x + CoastToleranceMetres, y - CoastToleranceMetres, y + CoastToleranceMetres);
        var candidates = _municipalityTree.Query(search);
        if (candidates.Count == 0)
        {
            return (-1, double.PositiveInfinity);
        }

        var point = LayerReader.RdFactory.CreatePoint(new Coordinate(x, y));
        var best = (Index: -1, Distance: double.PositiveInfinity);
        foreach (var i in candidates.OrderBy(i => i))
        {
            var d = _municipalities.Geometries[i].Distance(point);
            if (d < best.Distance)
            {
                best = (i, d);
            }
        }

        var limit = _neighbours.Index.Locate(x, y) >= 0 ? LandBorderToleranceMetres : CoastToleranceMetres;
        return best.Distance <= limit ? best : (-1, double.PositiveInfinity);
    }

    /// <summary>A province or education-region layer with the membership of every municipality in it.</summary>
    private sealed class RoleLayer
    {
        private RoleLayer(RegionRole role, RegionLayer layer, int[] membership, bool byMembershipOnly)
        {
            Role = role;
            Layer = layer;
            Membership = membership;
            ByMembershipOnly = byMembershipOnly;
        }

        public RegionRole Role { get; }

        public RegionLayer Layer { get; }

        /// <summary>Per municipality (index in the municipality layer): the region index in <see cref="Layer"/>, or -1.</summary>
        public int[] Membership { get; }

        /// <summary>True when the layer is the union of the municipalities' own geometry (the embedded default): no point-in-polygon needed.</summary>
        public bool ByMembershipOnly { get; }

        public static RoleLayer Build(RegionRole role, RegionLayer layer, RegionLayer municipalities, List<string> warnings)
        {
            var facts = MunicipalityFacts.ByCode;
            var membership = new int[municipalities.Regions.Count];
            var unknownMunicipalities = new List<string>();
            var unknownRegions = 0;
            var ownLayer = !layer.Info.IsDefault;
            var otherThanTable = new List<string>();
            for (var m = 0; m < membership.Length; m++)
            {
                var code = municipalities.Regions[m].Code;
                var fromTable = -1;
                if (facts.TryGetValue(code, out var fact))
                {
                    fromTable = layer.IndexOf(role == RegionRole.Province ? fact.ProvinceCode : fact.EducationRegionCode);
                    if (fromTable < 0)
                    {
                        unknownRegions++;
                    }
                }
                else
                {
                    unknownMunicipalities.Add(code);
                }

                // A layer loaded from a file (another year, own regions) is checked against the table:
                // where its own overlap names another region, the layer's is used, and said once.
                var overlap = fromTable < 0 || ownLayer ? LargestOverlap(municipalities.Geometries[m], layer) : fromTable;
                if (fromTable >= 0 && overlap >= 0 && overlap != fromTable)
                {
                    otherThanTable.Add($"{code} in {layer.Regions[overlap].Code}, not {layer.Regions[fromTable].Code}");
                }

                membership[m] = overlap >= 0 ? overlap : fromTable;
            }

            var roleName = role == RegionRole.Province ? "province" : "education-region";
            if (unknownMunicipalities.Count > 0 && role == RegionRole.Province)
            {
                // Said once for the layer set (not per role).
                warnings.Add(string.Create(CultureInfo.InvariantCulture,
                    $"The municipality layer has {unknownMunicipalities.Count} of {membership.Length} codes that the 2025 membership table does not know (e.g. {string.Join(", ", unknownMunicipalities.Take(5))}): their provinces and education regions are taken from the largest overlap with the loaded layers."));
            }

            if (unknownRegions > 0)
            {
                warnings.Add(string.Create(CultureInfo.InvariantCulture,
                    $"The {roleName} layer's codes do not match the 2025 membership table for {unknownRegions} municipalities: their {roleName} is taken from the largest overlap with that layer."));
            }

            if (otherThanTable.Count > 0)
            {
                warnings.Add(string.Create(CultureInfo.InvariantCulture,
                    $"The {roleName} layer puts {otherThanTable.Count} municipalities in another region than the 2025 membership table ({string.Join("; ", otherThanTable.Take(5))}): the layer's own membership (largest overlap) is used."));
            }

            var byMembershipOnly = layer.Info.IsDefault && municipalities.Info.IsDefault;
            return new RoleLayer(role, layer, membership, byMembershipOnly);
        }

        public Region? MemberOf(int municipality) => Membership[municipality] is var r and >= 0 ? Layer.Regions[r] : null;

        /// <summary>The region of a point in municipality <paramref name="m"/>: membership, checked against the layer's own polygons when the layer is not derived from the municipalities.</summary>
        public Region? Resolve(int m, double x, double y, GeoPoint point, RegionLayer municipalities, ref List<string>? notes)
        {
            var member = Membership[m];
            if (ByMembershipOnly)
            {
                return member >= 0 ? Layer.Regions[member] : null;
            }

            var inside = Layer.Index.Locate(x, y);
            if (inside == member && inside >= 0)
            {
                return Layer.Regions[inside];
            }

            var roleName = Role == RegionRole.Province ? "province" : "education-region";
            var mu = municipalities.Regions[m];
            var pt = LayerReader.RdFactory.CreatePoint(new Coordinate(x, y));
            notes ??= [];
            if (member >= 0)
            {
                var target = Layer.Regions[member];
                var distance = Layer.Geometries[member].Distance(pt);
                notes.Add(inside < 0
                    ? string.Create(CultureInfo.InvariantCulture, $"{Describe(point)} lies {distance:F0} m outside the {roleName} layer: {target.Code} {target.Name} taken from the membership of its municipality {mu.Code}.")
                    : string.Create(CultureInfo.InvariantCulture, $"{Describe(point)} lies in {Layer.Regions[inside].Code} by the {roleName} layer but its municipality {mu.Code} belongs to {target.Code} {target.Name} ({distance:F0} m away): membership taken."));
                return target;
            }

            if (inside >= 0)
            {
                return Layer.Regions[inside];
            }

            // No membership and a gap in the layer: the nearest polygon within the tolerance.
            var nearest = Enumerable.Range(0, Layer.Geometries.Count)
                .Select(i => (Index: i, Distance: Layer.Geometries[i].Distance(pt)))
                .MinBy(t => t.Distance);
            if (nearest.Distance <= CoastToleranceMetres)
            {
                var target = Layer.Regions[nearest.Index];
                notes.Add(string.Create(CultureInfo.InvariantCulture, $"{Describe(point)} lies {nearest.Distance:F0} m outside the {roleName} layer: assigned to the nearest, {target.Code} {target.Name}."));
                return target;
            }

            notes.Add(string.Create(CultureInfo.InvariantCulture, $"{Describe(point)} lies in municipality {mu.Code} but in no region of the {roleName} layer ({nearest.Distance:F0} m from the nearest)."));
            return null;
        }

        /// <summary>The region of the layer that covers most of the municipality's area, or -1 when none overlaps it.</summary>
        private static int LargestOverlap(Geometry municipality, RegionLayer layer)
        {
            var best = (Index: -1, Area: 0.0);
            var envelope = municipality.EnvelopeInternal;
            for (var i = 0; i < layer.Geometries.Count; i++)
            {
                var g = layer.Geometries[i];
                if (!g.EnvelopeInternal.Intersects(envelope))
                {
                    continue;
                }

                var area = OverlayNGRobust.Overlay(municipality, g, NetTopologySuite.Operation.Overlay.SpatialFunction.Intersection).Area;
                if (area > best.Area)
                {
                    best = (i, area);
                }
            }

            return best.Index;
        }
    }
}

/// <summary>The embedded layers, parsed once per process and shared (they are immutable).</summary>
internal static class DefaultLayers
{
    private static readonly Lazy<RegionLayer> Municipalities = new(() => LayerReader.ReadEmbedded(RegionRole.Municipality, "Spreidingswet.Placement.default.municipalities.geojson"));
    private static readonly Lazy<RegionLayer> Provinces = new(() => LayerReader.ReadEmbedded(RegionRole.Province, "Spreidingswet.Placement.default.provinces.geojson"));
    private static readonly Lazy<RegionLayer> Education = new(() => LayerReader.ReadEmbedded(RegionRole.EducationRegion, "Spreidingswet.Placement.default.education-regions.geojson"));
    private static readonly Lazy<RegionLayer> NeighbourCountries = new(() => LayerReader.ReadEmbedded(RegionRole.Municipality, "Spreidingswet.Placement.default.neighbours.geojson"));

    /// <summary>Belgium and Germany near the border (Natural Earth 1:10m): a point in them is outside the Netherlands.</summary>
    public static RegionLayer Neighbours => NeighbourCountries.Value;

    public static RegionLayer Get(RegionRole role) => role switch
    {
        RegionRole.Municipality => Municipalities.Value,
        RegionRole.Province => Provinces.Value,
        RegionRole.EducationRegion => Education.Value,
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "Unknown region role."),
    };
}

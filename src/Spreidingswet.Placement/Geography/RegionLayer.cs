using NetTopologySuite.Geometries;

namespace Spreidingswet.Placement.Geography;

/// <summary>One role's regions in RD New with their lookup index; immutable once built.</summary>
internal sealed class RegionLayer
{
    private readonly Dictionary<string, int> _byCode;

    public RegionLayer(RegionRole role, IReadOnlyList<Region> regions, IReadOnlyList<Geometry> geometries, RegionLayerInfo info)
    {
        Role = role;
        Regions = regions;
        Geometries = geometries;
        Info = info;
        _byCode = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < regions.Count; i++)
        {
            _byCode.TryAdd(regions[i].Code, i);
        }

        Index = new RegionIndex(geometries);
    }

    public RegionRole Role { get; }

    public IReadOnlyList<Region> Regions { get; }

    public IReadOnlyList<Geometry> Geometries { get; }

    public RegionLayerInfo Info { get; }

    public RegionIndex Index { get; }

    public Region? Locate(double x, double y)
    {
        var i = Index.Locate(x, y);
        return i < 0 ? null : Regions[i];
    }

    public int IndexOf(string code) => _byCode.TryGetValue(code, out var i) ? i : -1;
}

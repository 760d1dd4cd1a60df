using BenchmarkDotNet.Attributes;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;
using NetTopologySuite.Index.Strtree;
using Spreidingswet.Placement.Geography;

namespace Spreidingswet.Placement.Benchmarks;

/// <summary>
/// Point-in-region lookups, one thread, exact answer, on the embedded official 2025 layers. The
/// baseline is what a .NET developer would write with NetTopologySuite: an STRtree of prepared
/// polygons. The engine's full lookup resolves the municipality, then its province and education
/// region by membership. Each invocation looks up the same 100,000 seeded random points inside the
/// Netherlands.
/// </summary>
[MemoryDiagnoser]
public class RegionLookupBenchmarks
{
    private const int Points = 100_000;
    private double[] _x = [];
    private double[] _y = [];
    private RegionLayer _municipalities = null!;
    private RegionLayer _education = null!;
    private RegionMap _geography = null!;
    private RegionIndex _coarse512 = null!;
    private RegionIndex _coarse256 = null!;
    private STRtree<(int Index, IPreparedGeometry Geometry)> _strTree = null!;
    private GeometryFactory _factory = null!;

    [GlobalSetup]
    public void Setup()
    {
        _geography = RegionMap.LoadDefault();
        _municipalities = DefaultLayers.Get(RegionRole.Municipality);
        _education = DefaultLayers.Get(RegionRole.EducationRegion);
        _coarse512 = new RegionIndex(_municipalities.Geometries, 512, 16);
        _coarse256 = new RegionIndex(_municipalities.Geometries, 256, 32);
        _factory = LayerReader.RdFactory;
        _strTree = new STRtree<(int, IPreparedGeometry)>();
        for (var i = 0; i < _municipalities.Geometries.Count; i++)
        {
            var g = _municipalities.Geometries[i];
            _strTree.Insert(g.EnvelopeInternal, (i, PreparedGeometryFactory.Prepare(g)));
        }

        _strTree.Build();

        // Seeded uniform random points inside the official municipality layer.
        var random = new Random(2025);
        _x = new double[Points];
        _y = new double[Points];
        for (var n = 0; n < Points;)
        {
            var x = random.NextDouble() * 300_000;
            var y = 300_000 + (random.NextDouble() * 330_000);
            if (_municipalities.Index.Locate(x, y) >= 0)
            {
                _x[n] = x;
                _y[n] = y;
                n++;
            }
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Points, Description = "NTS STRtree + prepared, municipalities")]
    public int NtsStrTreeOfficialMunicipalities()
    {
        var found = 0;
        for (var i = 0; i < Points; i++)
        {
            var p = _factory.CreatePoint(new Coordinate(_x[i], _y[i]));
            foreach (var (index, geometry) in _strTree.Query(p.EnvelopeInternal))
            {
                if (geometry.Contains(p))
                {
                    found += index;
                    break;
                }
            }
        }

        return found;
    }

    [Benchmark(OperationsPerInvoke = Points, Description = "RegionIndex 1024 x 8 (default), municipalities")]
    public int IndexMunicipalities() => Sum(_municipalities.Index);

    [Benchmark(OperationsPerInvoke = Points, Description = "RegionIndex 512 x 16, municipalities")]
    public int Index512Municipalities() => Sum(_coarse512);

    [Benchmark(OperationsPerInvoke = Points, Description = "RegionIndex 256 x 32, municipalities")]
    public int Index256Municipalities() => Sum(_coarse256);

    [Benchmark(OperationsPerInvoke = Points, Description = "RegionIndex, RMC regions (union layer)")]
    public int IndexEducationRegions() => Sum(_education.Index);

    [Benchmark(OperationsPerInvoke = Points, Description = "Geography: municipality + province + RMC by membership")]
    public int GeographyAllRoles()
    {
        var found = 0;
        for (var i = 0; i < Points; i++)
        {
            var (m, p, e) = _geography.LocateIndices(_x[i], _y[i]);
            found += m + p + e;
        }

        return found;
    }

    [Benchmark(OperationsPerInvoke = Points, Description = "Geography.Lookup (public, allocates the result)")]
    public int GeographyLookup()
    {
        var found = 0;
        for (var i = 0; i < Points; i++)
        {
            found += _geography.Lookup(GeoPoint.FromRd(_x[i], _y[i])).Municipality is null ? 0 : 1;
        }

        return found;
    }

    private int Sum(RegionIndex index)
    {
        var found = 0;
        for (var i = 0; i < Points; i++)
        {
            found += index.Locate(_x[i], _y[i]);
        }

        return found;
    }
}

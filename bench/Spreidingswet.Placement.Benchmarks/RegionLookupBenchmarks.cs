using BenchmarkDotNet.Attributes;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;
using NetTopologySuite.Index.Strtree;
using Spreidingswet.Placement.Geography;

namespace Spreidingswet.Placement.Benchmarks;

/// <summary>
/// Point-in-region lookups: one point, one role, one thread, exact answer. The baseline is what a
/// .NET developer would write with NetTopologySuite: an STRtree of prepared polygons.
/// Each invocation looks up the same 100,000 seeded random points inside the Netherlands.
/// </summary>
[MemoryDiagnoser]
public class RegionLookupBenchmarks
{
    private const int Points = 100_000;
    private double[] _x = [];
    private double[] _y = [];
    private RegionLayer _officialMunicipalities = null!;
    private RegionLayer _officialEducation = null!;
    private RegionLayer _defaultMunicipalities = null!;
    private STRtree<(int Index, IPreparedGeometry Geometry)> _strTree = null!;
    private GeometryFactory _factory = null!;

    [GlobalSetup]
    public void Setup()
    {
        var reference = BenchConfig.ReferenceGeodata();
        _officialMunicipalities = LayerReader.Read(RegionRole.Municipality, new RegionLayerSource(Path.Combine(reference, "cbs-2025", "gemeente_2025_rd.geojson"))).GetValueOrThrow();
        _officialEducation = LayerReader.Read(RegionRole.EducationRegion, new RegionLayerSource(Path.Combine(reference, "cbs-2025", "rmc_2025_rd.geojson"))).GetValueOrThrow();
        _defaultMunicipalities = DefaultLayers.Get(RegionRole.Municipality);
        _factory = LayerReader.RdFactory;
        _strTree = new STRtree<(int, IPreparedGeometry)>();
        for (var i = 0; i < _officialMunicipalities.Geometries.Count; i++)
        {
            var g = _officialMunicipalities.Geometries[i];
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
            if (_officialMunicipalities.Index.Locate(x, y) >= 0)
            {
                _x[n] = x;
                _y[n] = y;
                n++;
            }
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Points, Description = "NTS STRtree + prepared, official municipalities")]
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

    [Benchmark(OperationsPerInvoke = Points, Description = "RegionIndex, official municipalities")]
    public int IndexOfficialMunicipalities() => Sum(_officialMunicipalities.Index);

    [Benchmark(OperationsPerInvoke = Points, Description = "RegionIndex, official RMC regions")]
    public int IndexOfficialEducationRegions() => Sum(_officialEducation.Index);

    [Benchmark(OperationsPerInvoke = Points, Description = "RegionIndex, default municipalities")]
    public int IndexDefaultMunicipalities() => Sum(_defaultMunicipalities.Index);

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

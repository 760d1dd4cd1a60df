// Converts the official 2025 division into the project's embedded default layers (geodata/default):
//   municipalities.geojson     the CBS/Kadaster 2025 generalised municipalities (CC BY 4.0; further
//                              generalised by cartomap/nl), RD New, integer metres, as published;
//   provinces.geojson,         unions of their member municipalities by the membership table
//   education-regions.geojson  (geodata/municipalities_2025.csv), so the three roles share one geometry;
//   neighbours.geojson         Belgium and Germany near the Dutch border (Natural Earth 1:10m, public
//                              domain, npm package world-atlas), so that a point just across the border
//                              is never taken for a Dutch coastal point.
// Re-runnable; from this folder:  npm ci && dotnet run -c Release -- [--source DIR]
// (DIR holds gemeente_2025_rd.geojson; default the copy of the official layers in the test fixtures.)
using System.Globalization;
using System.Text;
using System.Text.Json;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Utilities;
using NetTopologySuite.Operation.OverlayNG;
using NetTopologySuite.Operation.Union;
using NetTopologySuite.Precision;
using Spreidingswet.Placement.Geography;

var root = FindRepositoryRoot();
var source = Path.Combine(root, "tests", "Spreidingswet.Placement.Tests", "Fixtures", "cbs-2025");
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--source": source = Path.GetFullPath(args[++i]); break;
        default: Console.Error.WriteLine($"unknown argument {args[i]}; use --source DIR (the folder with gemeente_2025_rd.geojson)"); return 2;
    }
}

var factory = LayerReader.RdFactory;
var lonLatFrame = new Envelope(2.0, 8.5, 49.8, 54.2); // lon, lat: the Netherlands and 100+ km around
var reducer = new GeometryPrecisionReducer(new PrecisionModel(1.0)) { Pointwise = false };
var facts = MunicipalityFacts.Parse(new StreamReader(Path.Combine(root, "geodata", "municipalities_2025.csv")), "municipalities_2025.csv");
var read = LayerReader.Read(RegionRole.Municipality, new RegionLayerSource(Path.Combine(source, "gemeente_2025_rd.geojson")));
foreach (var w in read.Warnings)
{
    Console.WriteLine($"warning: {w}");
}

var layer = read.GetValueOrThrow();
var byCode = facts.ToDictionary(f => f.Code, StringComparer.Ordinal);
var missing = layer.Regions.Where(r => !byCode.ContainsKey(r.Code)).Select(r => r.Code).ToArray();
var absent = facts.Where(f => layer.IndexOf(f.Code) < 0).Select(f => f.Code).ToArray();
if (missing.Length > 0 || absent.Length > 0)
{
    Console.Error.WriteLine($"the layer and the membership table disagree: not in the table {string.Join(' ', missing)}; not in the layer {string.Join(' ', absent)}");
    return 1;
}

var municipalities = layer.Regions.Select((r, i) => (r.Code, byCode[r.Code].Name, Geometry: reducer.Reduce(layer.Geometries[i]))).ToArray();
Console.WriteLine($"municipalities: {municipalities.Length}, {municipalities.Sum(m => m.Geometry.NumPoints)} vertices");

var outDir = Path.Combine(root, "geodata", "default");
Directory.CreateDirectory(outDir);
const string Attribution = "Municipalities: CBS / Kadaster (PDOK), CBS Gebiedsindelingen 2025, generalised layer, CC BY 4.0, further generalised by the cartomap/nl project. Provinces and RMC education regions: unions of their member municipalities (geodata/municipalities_2025.csv). Converted by geodata/converter.";
WriteLayer(Path.Combine(outDir, "municipalities.geojson"), municipalities, Attribution);
WriteLayer(Path.Combine(outDir, "provinces.geojson"), Dissolve(f => (f.ProvinceCode, f.ProvinceName)), Attribution);
WriteLayer(Path.Combine(outDir, "education-regions.geojson"), Dissolve(f => (f.EducationRegionCode, f.EducationRegionName)), Attribution);

// Belgium and Germany within 5 km of the Dutch municipalities' envelope: only points near the
// border need them (farther than 1 km from every municipality a point is outside anyway).
var netherlands = new Envelope();
foreach (var m in municipalities)
{
    netherlands.ExpandToInclude(m.Geometry.EnvelopeInternal);
}

netherlands.ExpandBy(5_000);
var frame = factory.ToGeometry(netherlands);
var topo = Path.Combine(root, "geodata", "converter", "node_modules", "world-atlas", "countries-10m.json");
var neighbours = new[] { ("BE", "Belgium", "056"), ("DE", "Germany", "276") }
    .Select(c => (c.Item1, c.Item2, reducer.Reduce(OverlayNGRobust.Overlay(ReadCountry(topo, c.Item3), frame, NetTopologySuite.Operation.Overlay.SpatialFunction.Intersection))))
    .ToArray();
WriteLayer(Path.Combine(outDir, "neighbours.geojson"), neighbours,
    "Belgium and Germany near the Dutch border: Natural Earth 1:10m admin-0 countries (public domain), npm package world-atlas 2.0.2. Used only to tell a point across the border from a Dutch coastal point.");
Console.WriteLine($"wrote {outDir}");
return 0;

IEnumerable<(string Code, string Name, Geometry Geometry)> Dissolve(Func<MunicipalityFact, (string Code, string Name)> key)
{
    return municipalities.Select(m => (Key: key(byCode[m.Code]), m.Geometry))
        .GroupBy(x => x.Key)
        .OrderBy(g => g.Key.Code, StringComparer.Ordinal)
        .Select(g => (g.Key.Code, g.Key.Name, reducer.Reduce(UnaryUnionOp.Union(g.Select(x => x.Geometry).ToList()))));
}

Geometry ReadCountry(string topoJsonPath, string id)
{
    if (!File.Exists(topoJsonPath))
    {
        throw new FileNotFoundException($"{topoJsonPath} not found: run 'npm ci' in geodata/converter first.");
    }

    using var doc = JsonDocument.Parse(File.ReadAllBytes(topoJsonPath));
    var topo = doc.RootElement;
    var scale = topo.GetProperty("transform").GetProperty("scale");
    var translate = topo.GetProperty("transform").GetProperty("translate");
    var (sx, sy) = (scale[0].GetDouble(), scale[1].GetDouble());
    var (tx, ty) = (translate[0].GetDouble(), translate[1].GetDouble());

    // Decode the delta-encoded, quantised arcs.
    var arcs = topo.GetProperty("arcs").EnumerateArray().Select(arc =>
    {
        long x = 0, y = 0;
        return arc.EnumerateArray().Select(p =>
        {
            x += p[0].GetInt64();
            y += p[1].GetInt64();
            return ((x * sx) + tx, (y * sy) + ty);
        }).ToArray();
    }).ToArray();

    var country = topo.GetProperty("objects").GetProperty("countries").GetProperty("geometries").EnumerateArray()
        .First(g => g.TryGetProperty("id", out var gid) && gid.GetString() == id);
    var polygons = new List<Polygon>();
    var arcsOf = country.GetProperty("arcs");
    var isPolygon = country.GetProperty("type").GetString() == "Polygon";
    foreach (var polygon in isPolygon ? [arcsOf] : arcsOf.EnumerateArray().ToArray())
    {
        var rings = polygon.EnumerateArray().Select(ring =>
        {
            var coords = new List<Coordinate>();
            foreach (var index in ring.EnumerateArray().Select(a => a.GetInt32()))
            {
                var arc = index >= 0 ? arcs[index] : arcs[~index].Reverse().ToArray();
                foreach (var (lon, lat) in coords.Count == 0 ? arc : arc.Skip(1))
                {
                    coords.Add(new Coordinate(lon, lat));
                }
            }

            return factory.CreateLinearRing([.. coords]);
        }).ToArray();
        var shell = rings[0];
        var env = shell.EnvelopeInternal;
        // Europe only (overseas parts are far outside RD's range).
        if (env.Intersects(lonLatFrame))
        {
            polygons.Add(factory.CreatePolygon(shell, rings[1..]));
        }
    }

    // Clip in degrees to the Netherlands and its surroundings, then project to RD New.
    var clipped = OverlayNGRobust.Overlay(GeometryFixer.Fix(factory.CreateMultiPolygon([.. polygons])), factory.ToGeometry(lonLatFrame), NetTopologySuite.Operation.Overlay.SpatialFunction.Intersection);
    clipped.Apply(new ToRd());
    clipped.GeometryChanged();
    return GeometryFixer.Fix(clipped);
}

void WriteLayer(string path, IEnumerable<(string Code, string Name, Geometry Geometry)> regions, string note)
{
    var sb = new StringBuilder();
    sb.Append("{\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"urn:ogc:def:crs:EPSG::28992\"}},");
    sb.Append("\"attribution\":").Append(JsonSerializer.Serialize(note)).Append(",\"features\":[\n");
    var first = true;
    foreach (var (code, name, geometry) in regions)
    {
        if (!first)
        {
            sb.Append(",\n");
        }

        first = false;
        sb.Append("{\"type\":\"Feature\",\"properties\":{\"statcode\":").Append(JsonSerializer.Serialize(code))
          .Append(",\"statnaam\":").Append(JsonSerializer.Serialize(name)).Append("},\"geometry\":");
        var polys = Enumerable.Range(0, geometry.NumGeometries).Select(n => (Polygon)geometry.GetGeometryN(n)).Where(p => !p.IsEmpty).ToArray();
        sb.Append("{\"type\":\"MultiPolygon\",\"coordinates\":[");
        sb.AppendJoin(',', polys.Select(p => "[" + string.Join(',', new[] { p.ExteriorRing }.Concat(p.InteriorRings).Select(r =>
            "[" + string.Join(',', r.Coordinates.Select(c => string.Create(CultureInfo.InvariantCulture, $"[{Math.Round(c.X):F0},{Math.Round(c.Y):F0}]"))) + "]")) + "]"));
        sb.Append("]}}");
    }

    sb.Append("\n]}\n");
    File.WriteAllText(path, sb.ToString());
}

static string FindRepositoryRoot()
{
    var dir = new DirectoryInfo(AppContext.BaseDirectory);
    while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Spreidingswet.Placement.sln")))
    {
        dir = dir.Parent;
    }

    return dir?.FullName ?? throw new InvalidOperationException("Run the converter inside the repository.");
}

/// <summary>Projects lon/lat coordinates to RD New in place.</summary>
internal sealed class ToRd : ICoordinateSequenceFilter
{
    public bool Done => false;

    public bool GeometryChanged => true;

    public void Filter(CoordinateSequence seq, int i)
    {
        var p = GeoPoint.FromWgs84(seq.GetY(i), seq.GetX(i));
        seq.SetX(i, p.X);
        seq.SetY(i, p.Y);
    }
}

// Builds the embedded default region layers (geodata/default/*.geojson) from facts only:
// the municipality facts table (codes, names, memberships, a point inside, a centroid, the area)
// and the public-domain national outline of Natural Earth (npm package world-atlas).
// Municipalities are Voronoi cells of two sites each (the interior point and the centroid),
// clipped to the outline; provinces and education regions are unions of their member
// municipalities, so memberships are exact by construction. Run from this folder:  npm ci && dotnet run -c Release -- [--reference DIR]
using System.Globalization;
using System.Text;
using System.Text.Json;
using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Union;
using Spreidingswet.Placement.Geography;

var root = FindRepositoryRoot();
string? reference = null;
var method = "voronoi-both";
var points = 20_000;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--reference": reference = args[++i]; break;
        case "--method": method = args[++i]; break;
        case "--points": points = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        default: Console.Error.WriteLine($"unknown argument {args[i]}; use --reference DIR --method voronoi-both|voronoi-interior|voronoi-centroid --points N"); return 2;
    }
}

var factory = LayerReader.RdFactory;
var facts = MunicipalityFacts.Parse(new StreamReader(Path.Combine(root, "geodata", "municipalities_2025.csv")), "municipalities_2025.csv");
var outline = ReadOutline(Path.Combine(root, "geodata", "generator", "node_modules", "world-atlas", "countries-10m.json"));
Console.WriteLine($"outline: {outline.NumGeometries} polygons, {outline.NumPoints} vertices, {outline.Area / 1e6:F0} km2");

// Sites: the interior point of each municipality (a fact: it lies inside), plus, with "both",
// the centroid as a second site of the same municipality (cells of one owner are united).
var siteOwner = new List<int>();
var siteList = new List<Coordinate>();
for (var i = 0; i < facts.Count; i++)
{
    var f = facts[i];
    var p = method.EndsWith("centroid", StringComparison.Ordinal) ? GeoPoint.FromWgs84(f.CentroidLat, f.CentroidLon) : GeoPoint.FromWgs84(f.InteriorLat, f.InteriorLon);
    siteList.Add(new Coordinate(p.X, p.Y));
    siteOwner.Add(i);
    if (method.EndsWith("both", StringComparison.Ordinal))
    {
        var c = GeoPoint.FromWgs84(f.CentroidLat, f.CentroidLon);
        siteList.Add(new Coordinate(c.X, c.Y));
        siteOwner.Add(i);
    }
}

var sites = siteList.ToArray();
var interior = facts.Select(f => { var p = GeoPoint.FromWgs84(f.InteriorLat, f.InteriorLon); return new Coordinate(p.X, p.Y); }).ToArray();
var frame = outline.EnvelopeInternal.Copy();
frame.ExpandBy(20_000);
var prepared = NetTopologySuite.Geometries.Prepared.PreparedGeometryFactory.Prepare(outline);

Geometry[] cells = Cells();
cells = Enumerable.Range(0, facts.Count).Select(i => UnaryUnionOp.Union(Enumerable.Range(0, sites.Length).Where(k => siteOwner[k] == i).Select(k => cells[k]).ToList())).ToArray();
var misplaced = Enumerable.Range(0, facts.Count).Count(i => !cells[i].Covers(factory.CreatePoint(interior[i])));
Console.WriteLine($"{misplaced} interior points outside their own cell");

var outDir = Path.Combine(root, "geodata", "default");
Directory.CreateDirectory(outDir);
WriteLayer(Path.Combine(outDir, "municipalities.geojson"), facts.Select((f, i) => (f.Code, f.Name, cells[i])));
WriteLayer(Path.Combine(outDir, "provinces.geojson"), Dissolve(f => (f.ProvinceCode, f.ProvinceName)));
WriteLayer(Path.Combine(outDir, "education-regions.geojson"), Dissolve(f => (f.EducationRegionCode, f.EducationRegionName)));
Console.WriteLine($"wrote {outDir}");

if (reference is not null)
{
    foreach (var (role, file, name) in new[] { (RegionRole.Municipality, "gemeente_2025_rd.geojson", "municipalities"), (RegionRole.Province, "provincie_2025_rd.geojson", "provinces"), (RegionRole.EducationRegion, "rmc_2025_rd.geojson", "education-regions") })
    {
        var official = LayerReader.Read(role, new RegionLayerSource(Path.Combine(reference, file))).GetValueOrThrow();
        var candidate = LayerReader.Read(role, new RegionLayerSource(Path.Combine(outDir, name + ".geojson"))).GetValueOrThrow();
        var agreement = LayerComparison.Measure(official, candidate, points, seed: 2025);
        Console.WriteLine($"{role}: {agreement.Agreeing}/{agreement.Points} = {agreement.Share:P2} agree; {agreement.Outside} outside the default outline");
    }
}

return 0;

Geometry[] Cells()
{
    var result = new Geometry[sites.Length];
    for (var i = 0; i < sites.Length; i++)
    {
        var poly = new List<(double X, double Y)> { (frame.MinX, frame.MinY), (frame.MaxX, frame.MinY), (frame.MaxX, frame.MaxY), (frame.MinX, frame.MaxY) };
        for (var j = 0; j < sites.Length && poly.Count > 0; j++)
        {
            if (j == i)
            {
                continue;
            }

            // Bisector half-plane: 2 p.(sj - si) <= |sj|^2 - |si|^2
            var ax = 2 * (sites[j].X - sites[i].X);
            var ay = 2 * (sites[j].Y - sites[i].Y);
            var c = (sites[j].X * sites[j].X) + (sites[j].Y * sites[j].Y) - (sites[i].X * sites[i].X) - (sites[i].Y * sites[i].Y);
            poly = Clip(poly, ax, ay, c);
        }

        if (poly.Count < 3)
        {
            result[i] = factory.CreatePolygon();
            continue;
        }

        var ring = poly.Select(p => new Coordinate(Math.Round(p.X), Math.Round(p.Y))).Append(new Coordinate(Math.Round(poly[0].X), Math.Round(poly[0].Y))).ToArray();
        var cell = factory.CreatePolygon(ring);
        result[i] = prepared.ContainsProperly(cell) ? cell : cell.Intersection(outline);
    }

    return result;
}

static List<(double X, double Y)> Clip(List<(double X, double Y)> poly, double ax, double ay, double c)
{
    var output = new List<(double X, double Y)>(poly.Count + 1);
    for (var k = 0; k < poly.Count; k++)
    {
        var p = poly[k];
        var q = poly[(k + 1) % poly.Count];
        var fp = (ax * p.X) + (ay * p.Y) - c;
        var fq = (ax * q.X) + (ay * q.Y) - c;
        if (fp <= 0)
        {
            output.Add(p);
        }

        if ((fp < 0 && fq > 0) || (fp > 0 && fq < 0))
        {
            var t = fp / (fp - fq);
            output.Add((p.X + (t * (q.X - p.X)), p.Y + (t * (q.Y - p.Y))));
        }
    }

    return output;
}

IEnumerable<(string Code, string Name, Geometry Geometry)> Dissolve(Func<MunicipalityFact, (string Code, string Name)> key)
{
    return facts.Select((f, i) => (Key: key(f), Cell: cells[i]))
        .GroupBy(x => x.Key)
        .OrderBy(g => g.Key.Code, StringComparer.Ordinal)
        .Select(g => (g.Key.Code, g.Key.Name, UnaryUnionOp.Union(g.Select(x => x.Cell).ToList())));
}

Geometry ReadOutline(string topoJsonPath)
{
    if (!File.Exists(topoJsonPath))
    {
        throw new FileNotFoundException($"{topoJsonPath} not found: run 'npm ci' in geodata/generator first.");
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

    var netherlands = topo.GetProperty("objects").GetProperty("countries").GetProperty("geometries").EnumerateArray()
        .First(g => g.TryGetProperty("id", out var id) && id.GetString() == "528");
    var polygons = new List<Polygon>();
    foreach (var polygon in netherlands.GetProperty("arcs").EnumerateArray())
    {
        var rings = polygon.EnumerateArray().Select(ring =>
        {
            var coords = new List<Coordinate>();
            foreach (var index in ring.EnumerateArray().Select(a => a.GetInt32()))
            {
                var arc = index >= 0 ? arcs[index] : arcs[~index].Reverse().ToArray();
                foreach (var (lon, lat) in coords.Count == 0 ? arc : arc.Skip(1))
                {
                    var p = GeoPoint.FromWgs84(lat, lon);
                    coords.Add(new Coordinate(p.X, p.Y));
                }
            }

            return factory.CreateLinearRing([.. coords]);
        }).ToArray();
        var shell = rings[0];
        var env = shell.EnvelopeInternal;
        // European Netherlands only (the Caribbean islands are far outside RD's range).
        if (env.MinX > -50_000 && env.MaxX < 350_000 && env.MinY > 250_000 && env.MaxY < 700_000)
        {
            polygons.Add(factory.CreatePolygon(shell, rings[1..]));
        }
    }

    return UnaryUnionOp.Union(polygons.Cast<Geometry>().ToList());
}

void WriteLayer(string path, IEnumerable<(string Code, string Name, Geometry Geometry)> regions)
{
    var sb = new StringBuilder();
    sb.Append("{\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"urn:ogc:def:crs:EPSG::28992\"}},");
    sb.Append("\"note\":\"APPROXIMATE: generated by geodata/generator from municipality facts and the Natural Earth outline; not official boundaries.\",\"features\":[\n");
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

    return dir?.FullName ?? throw new InvalidOperationException("Run the generator inside the repository.");
}

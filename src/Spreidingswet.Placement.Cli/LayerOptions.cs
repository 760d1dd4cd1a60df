using System.CommandLine;
using Spreidingswet.Placement.Geography;

namespace Spreidingswet.Placement.Cli;

/// <summary>
/// The region layer options, the same in every command that uses geography: per role the file and,
/// where needed, the code and name property, the GeoPackage layer and the CRS.
/// </summary>
internal sealed class LayerOptions
{
    private readonly Dictionary<RegionRole, (Option<FileInfo> File, Option<string> Code, Option<string> Name, Option<string> Layer, Option<string> Crs)> _options = [];

    public LayerOptions(Command command)
    {
        foreach (var (role, prefix, what) in new[]
        {
            (RegionRole.Municipality, "--municipalities", "municipality"),
            (RegionRole.Province, "--provinces", "province"),
            (RegionRole.EducationRegion, "--education-regions", "education-region"),
        })
        {
            var file = new Option<FileInfo>(prefix) { Description = $"The {what} layer: GeoJSON (WGS84 or RD New), GeoPackage or Shapefile. Default: the embedded official 2025 layer (CBS/Kadaster, generalised).", HelpName = "FILE" };
            var code = new Option<string>($"{prefix}-code-property") { Description = "Property holding the region code.", DefaultValueFactory = _ => "statcode", HelpName = "NAME" };
            var name = new Option<string>($"{prefix}-name-property") { Description = "Property holding the region name.", DefaultValueFactory = _ => "statnaam", HelpName = "NAME" };
            var layer = new Option<string>($"{prefix}-layer") { Description = "Layer (table) in a GeoPackage with several layers.", HelpName = "NAME" };
            var crs = new Option<string>($"{prefix}-crs") { Description = "CRS when the file does not state it: EPSG:28992, EPSG:4326, EPSG:3857 or WKT.", HelpName = "CRS" };
            foreach (var option in new Option[] { file, code, name, layer, crs })
            {
                command.Options.Add(option);
            }

            _options[role] = (file, code, name, layer, crs);
        }
    }

    public GeographyOptions Read(ParseResult parse)
    {
        RegionLayerSource? Source(RegionRole role)
        {
            var o = _options[role];
            var file = parse.GetValue(o.File);
            return file is null ? null : new RegionLayerSource(file.FullName == Path.GetFullPath(file.ToString()) ? file.ToString() : file.FullName)
            {
                CodeProperty = parse.GetValue(o.Code) ?? "statcode",
                NameProperty = parse.GetValue(o.Name) ?? "statnaam",
                Layer = parse.GetValue(o.Layer),
                Crs = parse.GetValue(o.Crs),
            };
        }

        return new GeographyOptions
        {
            Municipalities = Source(RegionRole.Municipality),
            Provinces = Source(RegionRole.Province),
            EducationRegions = Source(RegionRole.EducationRegion),
        };
    }

    /// <summary>Loads the geography or prints every error; returns null on failure.</summary>
    public RegionMap? Load(ParseResult parse, TextWriter stderr)
    {
        var result = RegionMap.Load(Read(parse));
        if (result.Value is null)
        {
            Report.Errors(stderr, result.Errors);
            return null;
        }

        Report.Warnings(stderr, result.Warnings);
        return result.Value;
    }
}

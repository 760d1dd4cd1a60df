using System.CommandLine;
using Spreidingswet.Placement.Geography;
using Spreidingswet.Placement.Model;

namespace Spreidingswet.Placement.Cli;

/// <summary><c>placement regions lookup|list</c>.</summary>
internal static class RegionsCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var regions = new Command("regions", "Municipalities, provinces and education regions: look up points, list regions.");
        regions.Subcommands.Add(Lookup(stdout, stderr));
        regions.Subcommands.Add(List(stdout, stderr));
        return regions;
    }

    private static Command Lookup(TextWriter stdout, TextWriter stderr)
    {
        var lat = new Option<double?>("--lat") { Description = "Latitude in degrees (WGS84), with --lon." };
        var lon = new Option<double?>("--lon") { Description = "Longitude in degrees (WGS84), with --lat." };
        var x = new Option<double?>("--x") { Description = "RD New easting in metres (EPSG:28992), with --y." };
        var y = new Option<double?>("--y") { Description = "RD New northing in metres, with --x." };
        var points = new Option<FileInfo>("--points") { Description = "CSV with columns id,lat,lon or id,x,y; one output row per input row, same order.", HelpName = "FILE" };
        var output = new Option<FileInfo>("--out") { Description = "Where to write the result CSV (default: standard output).", HelpName = "FILE" };
        var command = new Command("lookup", "Print the municipality, province and education region of a point, or of every point in a CSV file.")
        {
            lat, lon, x, y, points, output,
        };
        var layers = new LayerOptions(command);
        command.SetAction(parse =>
        {
            var file = parse.GetValue(points);
            var (la, lo, xx, yy) = (parse.GetValue(lat), parse.GetValue(lon), parse.GetValue(x), parse.GetValue(y));
            var single = la is not null || lo is not null || xx is not null || yy is not null;
            if (file is null == !single || (single && !((la is not null && lo is not null && xx is null && yy is null) || (xx is not null && yy is not null && la is null && lo is null))))
            {
                return Report.Errors(stderr, [new InputError("command line", 0, "--lat/--lon, --x/--y, --points", null,
                    "give exactly one of: --lat and --lon, --x and --y, or --points FILE.", "Maybe: placement regions lookup --lat 52.0907 --lon 5.1214")]);
            }

            GeoPoint point = default;
            if (single)
            {
                try
                {
                    point = la is not null ? GeoPoint.FromWgs84(la.Value, lo!.Value) : GeoPoint.FromRd(xx!.Value, yy!.Value);
                }
                catch (ArgumentOutOfRangeException ex)
                {
                    return Report.Errors(stderr, [new InputError("command line", 0, la is not null ? "--lat/--lon" : "--x/--y", ex.ActualValue?.ToString(), ex.Message.Split(" (Parameter")[0])]);
                }
            }

            IReadOnlyList<NamedPoint>? rows = null;
            if (file is not null)
            {
                var read = PointFile.Read(file.ToString());
                if (read.Value is null)
                {
                    return Report.Errors(stderr, read.Errors);
                }

                rows = read.Value;
            }

            var geography = layers.Load(parse, stderr);
            if (geography is null)
            {
                return ExitCodes.InvalidInput;
            }

            if (rows is not null)
            {
                var target = parse.GetValue(output);
                if (target is null)
                {
                    stdout.Write(PointFile.LookupCsv(geography, rows));
                }
                else
                {
                    PointFile.WriteLookupCsv(geography, rows, target.ToString());
                    stderr.WriteLine($"{rows.Count} point(s) looked up; wrote {target}");
                }

                return ExitCodes.Ok;
            }

            var result = geography.Lookup(point);
            var (plat, plon) = point.ToWgs84();
            stdout.WriteLine(FormattableString.Invariant($"point             {plat:F6} N, {plon:F6} E  (RD {point.X:F0}, {point.Y:F0})"));
            if (result.IsOutside)
            {
                stdout.WriteLine("outside the Netherlands: no municipality, province or education region contains this point.");
                return ExitCodes.Ok;
            }

            foreach (var (label, region) in new[] { ("municipality", result.Municipality), ("province", result.Province), ("education region", result.EducationRegion) })
            {
                stdout.WriteLine($"{label,-17} {(region is null ? "(outside this layer)" : $"{region.Code,-7} {region.Name}")}");
            }

            foreach (var note in result.Notes)
            {
                stderr.WriteLine($"warning: {note}");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command List(TextWriter stdout, TextWriter stderr)
    {
        var role = new Option<string>("--role")
        {
            Description = "Which regions to list.",
            DefaultValueFactory = _ => "education",
        };
        role.AcceptOnlyFromAmong("municipality", "province", "education");
        var command = new Command("list", "List the regions of a role with their member municipalities.") { role };
        var layers = new LayerOptions(command);
        command.SetAction(parse =>
        {
            var geography = layers.Load(parse, stderr);
            if (geography is null)
            {
                return ExitCodes.InvalidInput;
            }

            var which = parse.GetValue(role) switch
            {
                "municipality" => RegionRole.Municipality,
                "province" => RegionRole.Province,
                _ => RegionRole.EducationRegion,
            };
            var members = geography.Members(which);
            foreach (var m in members)
            {
                var names = which == RegionRole.Municipality ? "" : $"  {m.Members.Count} municipalities: {string.Join(", ", m.Members.Select(x => x.Name))}";
                stdout.WriteLine($"{m.Region.Code,-7} {m.Region.Name}{names}");
            }

            stdout.WriteLine($"{members.Count} region(s)");
            return ExitCodes.Ok;
        });
        return command;
    }
}

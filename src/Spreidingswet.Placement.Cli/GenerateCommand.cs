using System.CommandLine;
using Spreidingswet.Placement.Inputs;
using Spreidingswet.Placement.Model;

namespace Spreidingswet.Placement.Cli;

/// <summary><c>placement generate</c>: a realistic synthetic national instance.</summary>
internal static class GenerateCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var youths = new Option<int>("--youths") { Description = "Number of young people.", DefaultValueFactory = _ => 8_000 };
        var locations = new Option<int>("--locations") { Description = "Number of locations.", DefaultValueFactory = _ => 400 };
        var seed = new Option<int>("--seed") { Description = "Random seed.", DefaultValueFactory = _ => 1 };
        var closures = new Option<int>("--closures") { Description = "Locations that close on the planning date (2026-12-01).", DefaultValueFactory = _ => 0 };
        var profile = new Option<string>("--profile") { Description = "Instance class: default, or hard (sibling groups and keep-apart pairs among new arrivals who compete for the same scarce beds; docs/solver-design.md).", DefaultValueFactory = _ => "default" };
        profile.AcceptOnlyFromAmong("default", "hard");
        var wishes = new Option<double>("--wishes") { Description = "Share of youths (0-1) who state a wish (wish_location, wish_municipality, wish_region or wish_near), with views_heard_on/by; residents also get moves_last_12_months. Default 0: no views columns.", DefaultValueFactory = _ => 0, HelpName = "SHARE" };
        var output = new Option<DirectoryInfo>("--out") { Description = "Folder for youths.csv, locations.csv and synthetic.json.", Required = true, HelpName = "DIR" };
        var command = new Command("generate", "Write a realistic synthetic national instance (labelled synthetic).") { youths, locations, seed, closures, profile, wishes, output };
        var layers = new LayerOptions(command);
        command.SetAction(parse =>
        {
            var (n, m) = (parse.GetValue(youths), parse.GetValue(locations));
            if (n < 1 || m < 1)
            {
                return Report.Errors(stderr, [new InputError("command line", 0, "--youths/--locations", $"{n}/{m}", "must be at least 1.")]);
            }

            var geography = layers.Load(parse, stderr);
            if (geography is null)
            {
                return ExitCodes.InvalidInput;
            }

            var share = parse.GetValue(wishes);
            if (share is < 0 or > 1 || double.IsNaN(share))
            {
                return Report.Errors(stderr, [new InputError("command line", 0, "--wishes", share.ToString(System.Globalization.CultureInfo.InvariantCulture), "must lie between 0 and 1.")]);
            }

            var settings = new SyntheticSettings { Youths = n, Locations = m, Seed = parse.GetValue(seed), Closures = parse.GetValue(closures) };
            var problem = SyntheticGenerator.Generate(settings, geography, parse.GetValue(profile) == "hard" ? SyntheticProfile.Hard : SyntheticProfile.Default);
            problem = SyntheticGenerator.AddViews(problem, share, settings.Seed, geography, settings.PlanningDate);
            var dir = parse.GetValue(output)!.ToString();
            SyntheticGenerator.Write(problem, settings, dir);
            stdout.WriteLine($"wrote {n} youths and {m} locations (SYNTHETIC) to {dir}");
            return ExitCodes.Ok;
        });
        return command;
    }
}

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
        var output = new Option<DirectoryInfo>("--out") { Description = "Folder for youths.csv, locations.csv and synthetic.json.", Required = true, HelpName = "DIR" };
        var command = new Command("generate", "Write a realistic synthetic national instance (labelled synthetic).") { youths, locations, seed, closures, profile, output };
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

            var settings = new SyntheticSettings { Youths = n, Locations = m, Seed = parse.GetValue(seed), Closures = parse.GetValue(closures) };
            var problem = SyntheticGenerator.Generate(settings, geography, parse.GetValue(profile) == "hard" ? SyntheticProfile.Hard : SyntheticProfile.Default);
            var dir = parse.GetValue(output)!.ToString();
            SyntheticGenerator.Write(problem, settings, dir);
            stdout.WriteLine($"wrote {n} youths and {m} locations (SYNTHETIC) to {dir}");
            return ExitCodes.Ok;
        });
        return command;
    }
}

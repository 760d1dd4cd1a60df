using System.CommandLine;
using System.Security.Cryptography;
using Spreidingswet.Placement.Geography;
using Spreidingswet.Placement.Inputs;
using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Outputs;

namespace Spreidingswet.Placement.Cli;

/// <summary><c>placement explain</c>: why here, why not there, from a proposal folder.</summary>
internal static class ExplainCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var proposalDir = new Option<DirectoryInfo>("--proposal") { Description = "Folder with proposal.json (the --out of propose).", Required = true, HelpName = "DIR" };
        var youth = new Option<string>("--youth") { Description = "The youth to explain.", Required = true, HelpName = "ID" };
        var location = new Option<string>("--location") { Description = "Also explain why not this location.", HelpName = "ID" };
        var lang = new Option<string>("--lang") { Description = "en or nl.", DefaultValueFactory = _ => "en" };
        lang.AcceptOnlyFromAmong("en", "nl");
        var command = new Command("explain", "Why a youth is placed where the proposal puts them, and why not elsewhere.") { proposalDir, youth, location, lang };
        command.SetAction(parse =>
        {
            var path = Path.Combine(parse.GetValue(proposalDir)!.ToString(), "proposal.json");
            if (!File.Exists(path))
            {
                return Report.Errors(stderr, [new InputError(path, 0, "--proposal", path, "file not found.", "Maybe the --out folder of placement propose?")]);
            }

            var read = ProposalWriter.Load(path);
            if (read.Value is not { } proposal)
            {
                return Report.Errors(stderr, read.Errors);
            }

            var language = parse.GetValue(lang) == "nl" ? Language.Dutch : Language.English;
            var (problem, geography) = Rebuild(proposal, stderr);
            // Without the run's geography the problem cannot be re-scored: explain from proposal.json alone.
            var engine = new PlacementEngine(geography ?? RegionMap.LoadDefault());
            var result = engine.Explain(proposal, geography is null ? null : problem, parse.GetValue(youth)!, parse.GetValue(location), language);
            if (result.Value is null)
            {
                return Report.Errors(stderr, result.Errors);
            }

            stdout.Write(result.Value);
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Rebuilds the run's inputs when they are still there unchanged (SHA-256 checked).</summary>
    private static (PlacementProblem?, RegionMap?) Rebuild(Proposal proposal, TextWriter stderr)
    {
        var layers = proposal.Run.Geodata.Layers;
        RegionLayerSource? Source(RegionRole role) => layers.FirstOrDefault(l => l.Role == role) is { IsDefault: false, File: { } f } info
            ? new RegionLayerSource(f) { Crs = info.Crs.Replace(" (detected)", "", StringComparison.Ordinal) }
            : null;
        var geography = RegionMap.Load(new GeographyOptions
        {
            Municipalities = Source(RegionRole.Municipality),
            Provinces = Source(RegionRole.Province),
            EducationRegions = Source(RegionRole.EducationRegion),
        }).Value;
        if (geography is null)
        {
            stderr.WriteLine("note: the run's region layers are not available; explaining from proposal.json alone.");
            return (null, null);
        }

        var inputs = proposal.Run.Inputs;
        if (inputs.Any(i => i.Role == "demo"))
        {
            return (SyntheticGenerator.Demo(geography), geography);
        }

        if (inputs.FirstOrDefault(i => i.Role == "problem") is { Path: { } problemPath } json)
        {
            return File.Exists(problemPath) && Hash(problemPath) == json.Sha256 ? (ProblemReader.ReadJson(problemPath).Value, geography) : (null, null);
        }

        var youths = inputs.FirstOrDefault(i => i.Role == "youths");
        var locations = inputs.FirstOrDefault(i => i.Role == "locations");
        if (youths?.Path is null || locations?.Path is null || inputs.Any(i => i.Path is not null && (!File.Exists(i.Path) || Hash(i.Path) != i.Sha256)))
        {
            stderr.WriteLine("note: the run's input files are missing or changed since the run; explaining from proposal.json alone.");
            return (null, null);
        }

        var read = ProblemReader.Read(new ProblemFiles(youths.Path, locations.Path)
        {
            IskSeats = inputs.FirstOrDefault(i => i.Role == "isk-seats")?.Path,
            Targets = inputs.FirstOrDefault(i => i.Role == "targets")?.Path,
        });
        return (read.Value, geography);
    }

    private static string Hash(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}

using System.CommandLine;
using Spreidingswet.Placement.Learning;
using Spreidingswet.Placement.Model;

namespace Spreidingswet.Placement.Cli;

/// <summary><c>placement history synth</c>: a SYNTHETIC placement history for the learned school-continuity score.</summary>
internal static class HistoryCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var rows = new Option<int>("--rows") { Description = "Placements to generate.", DefaultValueFactory = _ => 20_000 };
        var seed = new Option<int>("--seed") { Description = "Random seed.", DefaultValueFactory = _ => 1 };
        var noProtected = new Option<bool>("--no-protected-columns") { Description = "Leave out the nationality, language and gender columns (by default they are written, and the trainer excludes them)." };
        var output = new Option<FileInfo>("--out") { Description = "The history CSV to write.", Required = true, HelpName = "FILE" };
        var synth = new Command("synth", "Write a SYNTHETIC placement history from a documented ground-truth mechanism (stated in the file's # header and docs/learned-score.md).")
        {
            rows, seed, noProtected, output,
        };
        synth.SetAction(parse =>
        {
            var n = parse.GetValue(rows);
            if (n < 100)
            {
                return Report.Errors(stderr, [new InputError("command line", 0, "--rows", n.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    "must be at least 100 (a model needs them to train and evaluate).")]);
            }

            var path = parse.GetValue(output)!.ToString();
            var settings = new HistorySettings { Rows = n, Seed = parse.GetValue(seed), ProtectedColumns = !parse.GetValue(noProtected) };
            PlacementHistory.WriteSynthetic(settings, path);
            stdout.WriteLine($"wrote {n} SYNTHETIC placements to {path}; the ground truth:");
            foreach (var line in PlacementHistory.Mechanism)
            {
                stdout.WriteLine($"  {line}");
            }

            return ExitCodes.Ok;
        });
        return new Command("history", "Placement histories for the learned school-continuity score.") { synth };
    }
}

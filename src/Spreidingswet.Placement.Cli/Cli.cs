using System.CommandLine;
using Spreidingswet.Placement.Model;

namespace Spreidingswet.Placement.Cli;

/// <summary>The <c>placement</c> command line: one verb per job, a thin client over the library.</summary>
internal static class Cli
{
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var root = new RootCommand("Spreidingswet.Placement: placement proposals for unaccompanied minors that keep school-going youths in their education region.");
        root.Subcommands.Add(RegionsCommand.Create(stdout, stderr));
        root.Subcommands.Add(ProposeCommand.Create(stdout, stderr));
        root.Subcommands.Add(ExplainCommand.Create(stdout, stderr));
        root.Subcommands.Add(GenerateCommand.Create(stdout, stderr));
        root.Subcommands.Add(ScenarioCommand.Create(stdout, stderr));
        root.Subcommands.Add(HistoryCommand.Create(stdout, stderr));
        root.Subcommands.Add(ModelCommand.Create(stdout, stderr));
        root.Subcommands.Add(DecideCommand.Create(stdout, stderr));
        root.Subcommands.Add(AuditCommand.Create(stdout, stderr));
        var config = new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false };
        try
        {
            return root.Parse(args).Invoke(config);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            stderr.WriteLine($"internal error: {ex}");
            return ExitCodes.InternalError;
        }
    }
}

/// <summary>Process exit codes (documented in docs/cli.md, "Exit codes and errors").</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    public const int InternalError = 1;
    public const int InvalidInput = 2;
    public const int NoSolution = 3;
    public const int VerificationFailed = 4;
}

/// <summary>Prints errors and warnings the same way in every verb.</summary>
internal static class Report
{
    public static int Errors(TextWriter stderr, IEnumerable<InputError> errors)
    {
        var count = 0;
        foreach (var e in errors)
        {
            stderr.WriteLine($"error: {e}");
            count++;
        }

        stderr.WriteLine($"{count} input error(s); nothing was written.");
        return ExitCodes.InvalidInput;
    }

    public static void Warnings(TextWriter stderr, IEnumerable<string> warnings)
    {
        foreach (var w in warnings)
        {
            stderr.WriteLine($"warning: {w}");
        }
    }
}

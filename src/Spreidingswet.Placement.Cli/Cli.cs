using System.CommandLine;
using Spreidingswet.Placement.Model;

namespace Spreidingswet.Placement.Cli;

/// <summary>The <c>placement</c> command line: one verb per job, a thin client over the library.</summary>
internal static class Cli
{
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var root = Root(stdout, stderr);
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

    /// <summary>The command tree every invocation parses with (also for checking a command line without running it, as the deploy/ manifest test does).</summary>
    public static RootCommand Root(TextWriter stdout, TextWriter stderr)
    {
        var root = new RootCommand("Spreidingswet.Placement: placement proposals for unaccompanied minors that keep school-going youths in their education region.");
        root.Subcommands.Add(RegionsCommand.Create(stdout, stderr));
        root.Subcommands.Add(ProposeCommand.Create(stdout, stderr));
        root.Subcommands.Add(ExplainCommand.Create(stdout, stderr));
        root.Subcommands.Add(GenerateCommand.Create(stdout, stderr));
        root.Subcommands.Add(ScenarioCommand.Create(stdout, stderr));
        root.Subcommands.Add(SimulateCommand.Create(stdout, stderr));
        root.Subcommands.Add(HistoryCommand.Create(stdout, stderr));
        root.Subcommands.Add(ModelCommand.Create(stdout, stderr));
        root.Subcommands.Add(DecideCommand.Create(stdout, stderr));
        root.Subcommands.Add(AuditCommand.Create(stdout, stderr));
        return root;
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
            stderr.WriteLine(Safe($"error: {e}"));
            count++;
        }

        stderr.WriteLine($"{count} input error(s); nothing was written.");
        return ExitCodes.InvalidInput;
    }

    /// <summary>
    /// A line as it may reach a terminal: control characters (ESC, NUL, line breaks, C1 codes) and
    /// the invisible bidirectional overrides are written as <c>\uXXXX</c>, so that a name in an input
    /// file cannot move the cursor, recolour or rewrite what the terminal shows.
    /// </summary>
    public static string Safe(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (!line.Any(Unsafe))
        {
            return line;
        }

        var sb = new System.Text.StringBuilder(line.Length + 16);
        foreach (var c in line)
        {
            sb.Append(Unsafe(c) ? $"\\u{(int)c:x4}" : c);
        }

        return sb.ToString();
    }

    private static bool Unsafe(char c) => char.IsControl(c) || c is '\u2028' or '\u2029' or (>= '\u200e' and <= '\u200f') or (>= '\u202a' and <= '\u202e') or (>= '\u2066' and <= '\u2069');

    public static void Warnings(TextWriter stderr, IEnumerable<string> warnings)
    {
        foreach (var w in warnings)
        {
            stderr.WriteLine(Safe($"warning: {w}"));
        }
    }
}

namespace Spreidingswet.Placement.Tests.Cli;

/// <summary>Runs the real <c>placement</c> command line in-process and captures its output.</summary>
internal static class CliRunner
{
    public static (int Exit, string Out, string Err) Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = Spreidingswet.Placement.Cli.Cli.Run(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }
}

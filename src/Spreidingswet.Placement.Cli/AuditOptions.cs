using System.CommandLine;
using Spreidingswet.Placement.Audit;
using Spreidingswet.Placement.Geography;

namespace Spreidingswet.Placement.Cli;

/// <summary>The <c>--audit FILE</c> option shared by propose, decide and audit.</summary>
internal static class AuditOptions
{
    public static Option<FileInfo> File() => new("--audit")
    {
        Description = $"The audit log (SQLite). Default: {AuditLog.DefaultFileName} in the working directory.",
        DefaultValueFactory = _ => new FileInfo(AuditLog.DefaultFileName),
        HelpName = "FILE",
    };

    /// <summary>Opens the log or prints why not; null on failure.</summary>
    public static AuditLog? Open(ParseResult parse, Option<FileInfo> option, bool create, TextWriter stderr)
    {
        var path = parse.GetValue(option)!.ToString();
        var log = AuditLog.Open(path, create);
        if (log.Value is null)
        {
            Report.Errors(stderr, log.Errors);
        }

        return log.Value;
    }

    /// <summary>The run by id or unique prefix, or null after printing why not.</summary>
    public static AuditRun? Run(AuditLog log, string id, TextWriter stderr)
    {
        var run = log.FindRun(id);
        if (run.Value is null)
        {
            Report.Errors(stderr, run.Errors);
        }

        return run.Value;
    }

    /// <summary>The run's own region layers when still there unchanged, else the embedded default (with a note).</summary>
    public static RegionMap Geography(AuditRun run, TextWriter stderr)
    {
        var loaded = AuditReplay.LoadGeography(run);
        if (loaded.Value is { } geography)
        {
            return geography;
        }

        foreach (var e in loaded.Errors)
        {
            stderr.WriteLine($"note: {e}");
        }

        stderr.WriteLine("note: using the embedded default layers instead; hard rules and capacity do not depend on them, education regions may.");
        return Placement.Geography.RegionMap.LoadDefault();
    }
}

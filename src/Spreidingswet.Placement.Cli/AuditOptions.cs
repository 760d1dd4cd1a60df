using System.CommandLine;
using Spreidingswet.Placement.Audit;
using Spreidingswet.Placement.Geography;
using Spreidingswet.Placement.Model;

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

    /// <summary>The option that lets propose, decide and scenario record in a log whose chain does not verify.</summary>
    public static Option<bool> AcceptBroken() => new("--audit-accept-broken")
    {
        Description = "Record even though the audit log does not verify (a changed or removed record); the next record states that the break was accepted and where it is. Without it such a log refuses new records (exit 4).",
    };

    /// <summary>
    /// The log a writer (propose, scenario, decide) records in, opened and checked before any work:
    /// an existing file must be a placement audit log, not damaged, writable and verify (or the
    /// operator accepts the break); a file that does not exist yet is only checked to be creatable,
    /// and is created when the first record is written, so that invalid input leaves no empty log.
    /// Null after printing why not; <paramref name="exit"/> is then 2 (unusable file) or 4 (chain does not verify).
    /// </summary>
    public static AuditTarget? OpenForWriting(ParseResult parse, Option<FileInfo> option, bool acceptBroken, bool create, TextWriter stderr, out int exit)
    {
        var path = parse.GetValue(option)!.ToString();
        var full = Path.GetFullPath(path);
        exit = ExitCodes.InvalidInput;
        if (create && !(System.IO.File.Exists(full) && new FileInfo(full).Length > 0))
        {
            if (Creatable(full) is { } why)
            {
                Report.Errors(stderr, [new InputError(path, 0, "--audit", path, $"cannot be created: {why}", "Maybe another --audit path, or --no-audit?")]);
                return null;
            }

            return new AuditTarget(path, null);
        }

        var opened = AuditLog.Open(path, create: false);
        if (opened.Value is not { } log)
        {
            Report.Errors(stderr, opened.Errors);
            return null;
        }

        var check = log.CheckForWriting(acceptBroken);
        var v = check.Verification;
        string? problem = null;
        if (v.Damaged)
        {
            problem = $"is damaged ({v.Problem}), so nothing can be recorded in it.";
        }
        else if (check.NotWritable is { } notWritable)
        {
            problem = $"cannot be written to ({notWritable}).";
        }

        if (problem is not null)
        {
            log.Dispose();
            Report.Errors(stderr, [new InputError(path, 0, "--audit", path, problem, "Maybe restore it from a backup, another --audit path, or --no-audit?")]);
            return null;
        }

        if (!v.Intact)
        {
            var where = v.FirstBroken is { } n ? $" at record #{n}" : "";
            if (!acceptBroken)
            {
                log.Dispose();
                stderr.WriteLine($"error: {new InputError(path, 0, "--audit", path, $"does not verify{where}: {v.Problem}. Nothing was recorded or written.", "Maybe placement audit verify, restore the log from a backup, or --audit-accept-broken to record anyway (the next record says so)?")}");
                exit = ExitCodes.VerificationFailed;
                return null;
            }

            stderr.WriteLine($"warning: the audit log {path} does not verify{where}: {v.Problem}; recording anyway (--audit-accept-broken), and the next record says so.");
        }

        return new AuditTarget(path, log);
    }

    /// <summary>Why a new audit file cannot be created at <paramref name="full"/>, or null: a probe file in the nearest existing folder.</summary>
    private static string? Creatable(string full)
    {
        var dir = Path.GetDirectoryName(full);
        while (dir is not null && !Directory.Exists(dir))
        {
            if (System.IO.File.Exists(dir))
            {
                return $"{dir} is a file, not a folder.";
            }

            dir = Path.GetDirectoryName(dir);
        }

        if (Directory.Exists(full))
        {
            return "it is a folder.";
        }

        var probe = Path.Combine(dir ?? ".", $".placement-audit-probe-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
            {
            }

            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return ex.Message;
        }
    }

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

/// <summary>A writer's audit log: open and checked, or (a new file) created when the first record is written.</summary>
internal sealed class AuditTarget(string path, AuditLog? log) : IDisposable
{
    private AuditLog? _log = log;

    /// <summary>The log, created now if it did not exist; null after printing why not.</summary>
    public AuditLog? Log(TextWriter stderr)
    {
        if (_log is null)
        {
            var opened = AuditLog.Open(path, create: true);
            if (opened.Value is null)
            {
                Report.Errors(stderr, opened.Errors);
            }

            _log = opened.Value;
        }

        return _log;
    }

    public void Dispose() => _log?.Dispose();
}

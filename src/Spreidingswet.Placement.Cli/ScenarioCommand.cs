using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Spreidingswet.Placement.Geography;
using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Scenarios;

namespace Spreidingswet.Placement.Cli;

/// <summary><c>placement scenario</c>: what-if re-plans compared across policies, with scenario.json and report.html.</summary>
internal static class ScenarioCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var o = new ScenarioOptions();
        var command = new Command("scenario", "Re-plan what-if scenarios (closures, capacity changes, arrivals, pins, weights) under each policy and compare who moves where.")
        {
            o.Scenarios, o.Output, o.TimeLimit, o.Parallel, o.AllowOutside, o.Audit, o.NoAudit, o.AcceptBroken,
        };
        o.Views.AddTo(command);
        var layers = new LayerOptions(command);
        command.SetAction((parse, cancellation) => Task.FromResult(Run(parse, o, layers, stdout, stderr, cancellation)));
        return command;
    }

    /// <summary>The options of <c>placement scenario</c>.</summary>
    private sealed class ScenarioOptions
    {
        public Option<FileInfo[]> Scenarios { get; } = new("--scenario") { Description = "A scenario file (JSON or YAML; see docs/scenarios.md). Repeat for several scenarios: they run in parallel.", Required = true, HelpName = "FILE" };

        public Option<DirectoryInfo> Output { get; } = new("--out") { Description = "Folder for scenario.json and report.html.", Required = true, HelpName = "DIR" };

        public Option<double?> TimeLimit { get; } = new("--time-limit") { Description = "Seconds each policy run should take, from validation to explanations (overrides the scenarios' timeLimit; default 60).", HelpName = "S" };

        public Option<FileInfo> Audit { get; } = AuditOptions.File();

        public Option<bool> NoAudit { get; } = new("--no-audit") { Description = "Do not record the scenario runs in the audit log." };

        public Option<bool> AcceptBroken { get; } = AuditOptions.AcceptBroken();

        public Option<bool> AllowOutside { get; } = new("--allow-outside-paths") { Description = "Allow paths in a scenario file that leave the scenario's folder (by default they must stay inside it)." };

        public Option<int> Parallel { get; } = new("--parallel") { Description = "Most solves at the same time (default: the number of cores).", DefaultValueFactory = _ => Environment.ProcessorCount };

        /// <summary>--views, --views-tier, --turning18-horizon, --turning18-hard: when given, they override every scenario's base.views.</summary>
        public ViewsCliOptions Views { get; } = new();
    }

    /// <summary>Read and check every input, open the audit log, run the scenarios, write the outputs as one set, then record and print.</summary>
    private static int Run(ParseResult parse, ScenarioOptions o, LayerOptions layers, TextWriter stdout, TextWriter stderr, CancellationToken cancellation)
    {
        var (definitions, geography, dir, workers, errors) = ReadInputs(parse, o, layers);
        if (errors.Count > 0 || geography is null)
        {
            return Report.Errors(stderr, errors);
        }

        // Open and check the audit log before solving: a foreign, damaged, read-only or broken log stops the run before any work.
        var auditExit = ExitCodes.Ok;
        using var target = parse.GetValue(o.NoAudit) ? null : AuditOptions.OpenForWriting(parse, o.Audit, parse.GetValue(o.AcceptBroken), create: true, stderr, out auditExit);
        if (target is null && !parse.GetValue(o.NoAudit))
        {
            return auditExit;
        }

        Report.Warnings(stderr, geography.Warnings);
        var runner = new ScenarioRunner(geography) { MaxParallelism = workers };
        var batch = WithProgress(stderr, definitions.Count, progress => runner.RunAll(definitions, progress, cancellation));
        if (batch.Value is not { } result)
        {
            return Report.Errors(stderr, batch.Errors);
        }

        // The outputs are written as one set first; then every scenario's policy runs are recorded
        // (one transaction per scenario), so that the log holds no run whose files do not exist.
        try
        {
            ScenarioWriter.Write(result, dir);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Report.Errors(stderr, [new InputError(dir, 0, "--out", null, $"cannot be written: {ex.Message}")]);
        }

        var log = target?.Log(stderr);
        if (target is not null && log is null)
        {
            stderr.WriteLine($"the outputs in {dir} were written, but the runs are not recorded in the audit log.");
            return ExitCodes.InvalidInput;
        }

        var cliLayers = ProposeCommand.Absolute(layers.Read(parse));
        var recorded = result.Runs.Select(run => log?.RecordScenario(run.Result.Name, [.. run.Proposals.Select((proposal, k) =>
            new Audit.RunToRecord(proposal, run.Problem, run.Options[k] with { ExportModel = null }) { Geography = run.Layers is { } own ? ProposeCommand.Absolute(own) : cliLayers, ModelVersion = run.Options[k].Model?.File is { } modelFile ? Path.GetFullPath(modelFile) : null })])).ToList();
        foreach (var warning in batch.Warnings)
        {
            stderr.WriteLine($"warning: {warning}");
        }

        foreach (var run in result.Runs)
        {
            stdout.WriteLine(ScenarioWriter.Table(run.Result));
        }

        stdout.WriteLine($"wrote {Path.Combine(dir, "scenario.json")}, report.html");
        stdout.WriteLine(log is null
            ? "audit: not recorded (--no-audit)"
            : $"audit: recorded {recorded.Sum(r => r?.Length ?? 0)} run(s) ({string.Join(", ", result.Runs.SelectMany(r => r.Proposals).Select(p => p.Run.Id[..8]))}) in {log.FilePath}");
        return result.Runs.Any(r => r.Result.Policies.Any(p => p.Solver.Status == SolverStatus.TimedOut)) ? ExitCodes.NoSolution : ExitCodes.Ok;
    }

    /// <summary>The scenarios (with the command line's time limit and views options), the layers, --out and --parallel, every problem with them listed.</summary>
    private static (List<ScenarioDefinition> Definitions, RegionMap? Geography, string Dir, int Workers, List<InputError> Errors) ReadInputs(ParseResult parse, ScenarioOptions o, LayerOptions layers)
    {
        var errors = new List<InputError>();
        var definitions = new List<ScenarioDefinition>();
        foreach (var file in parse.GetValue(o.Scenarios) ?? [])
        {
            var read = ScenarioReader.Read(file.ToString(), parse.GetValue(o.AllowOutside));
            errors.AddRange(read.Errors);
            if (read.Value is { } definition)
            {
                definitions.Add(definition);
            }
        }

        // The views options given on the command line override the scenarios' base.views (the weights stay).
        definitions = [.. definitions.Select(d => d with { Base = d.Base with { Views = o.Views.Apply(parse, d.Base.Views, defaults: false) } })];
        var seconds = parse.GetValue(o.TimeLimit);
        if (seconds is <= 0 or double.NaN)
        {
            errors.Add(new InputError("command line", 0, "--time-limit", seconds.Value.ToString(CultureInfo.InvariantCulture), "must be a positive number of seconds."));
        }
        else if (seconds is { } s)
        {
            definitions = [.. definitions.Select(d => d with { Base = d.Base with { TimeLimit = TimeSpan.FromSeconds(s) } })];
        }

        var workers = parse.GetValue(o.Parallel);
        if (workers < 1)
        {
            errors.Add(new InputError("command line", 0, "--parallel", workers.ToString(CultureInfo.InvariantCulture), "must be at least 1."));
        }

        var geographyResult = RegionMap.Load(layers.Read(parse));
        errors.AddRange(geographyResult.Errors);
        var dir = parse.GetValue(o.Output)!.ToString();
        if (errors.Count == 0 && Outputs.OutputFolder.Check(dir) is { } outError)
        {
            errors.Add(outError);
        }

        return (definitions, geographyResult.Value, dir, workers, errors);
    }

    /// <summary>
    /// A live progress bar on a terminal (Spectre.Console); plain lines when standard error is
    /// redirected or captured, so that logs are not garbled by control codes.
    /// </summary>
    private static LoadResult<ScenarioBatch> WithProgress(TextWriter stderr, int scenarios, Func<IProgress<ScenarioProgress>, LoadResult<ScenarioBatch>> work)
    {
        stderr.WriteLine($"running {scenarios} scenario(s)...");
        if (!ReferenceEquals(stderr, Console.Error) || Console.IsErrorRedirected)
        {
            var gate = new object();
            return work(new Inline<ScenarioProgress>(p =>
            {
                lock (gate)
                {
                    stderr.WriteLine($"  [{p.Done}/{p.Total}] {p.Scenario}: {p.Policy} done");
                }
            }));
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        LoadResult<ScenarioBatch>? result = null;
        console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .Start(context =>
            {
                var task = context.AddTask("re-planning", maxValue: 1);
                result = work(new Inline<ScenarioProgress>(p =>
                {
                    task.MaxValue = p.Total;
                    task.Value = p.Done;
                    task.Description = $"{p.Done}/{p.Total} solved";
                }));
                task.Value = task.MaxValue;
            });
        return result!;
    }

    /// <summary>Reports on the calling thread (unlike <see cref="Progress{T}"/>, which posts to the thread pool and may report after the work ended).</summary>
    private sealed class Inline<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}

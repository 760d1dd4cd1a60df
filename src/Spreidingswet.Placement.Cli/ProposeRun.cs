using System.CommandLine;
using System.Globalization;
using Spreidingswet.Placement.Audit;
using Spreidingswet.Placement.Geography;
using Spreidingswet.Placement.Inputs;
using Spreidingswet.Placement.Learning;
using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Outputs;

namespace Spreidingswet.Placement.Cli;

/// <summary>
/// One <c>placement propose</c> run: read and check every input (all problems reported together),
/// and that --out can be written, open the audit log, propose, solve the capacity-only baseline, write
/// the outputs, record, print. The order matters: --out and the audit log are checked before solving so
/// that a bad folder or log stops the run before any work, and the run is recorded only after its
/// outputs are written (as one set), so that the log never holds a run whose files do not exist.
/// </summary>
internal sealed class ProposeRun(ProposeOptions o, ParseResult parse, TextWriter stdout, TextWriter stderr)
{
    private readonly List<InputError> _errors = [];

    public int Execute(CancellationToken cancellation)
    {
        var useDemo = parse.GetValue(o.Demo);
        if (!HasOneSource(useDemo))
        {
            return Report.Errors(stderr, [new InputError("command line", 0, "--youths/--locations, --problem, --demo", null,
                "give --youths and --locations, or --problem, or --demo.", "Maybe: placement propose --demo --out out")]);
        }

        var planningDate = PlanningDate(useDemo);
        var weights = Weights();
        var seconds = TimeLimit();
        var geographyResult = Geography();
        var problem = ReadProblem(useDemo);
        var model = ReadModel();
        var forecast = geographyResult.Value is { } g ? ReadForecast(g) : null;
        var dir = parse.GetValue(o.Output)!.ToString();
        if (_errors.Count == 0 && OutputFolder.Check(dir) is { } outError)
        {
            _errors.Add(outError);
        }

        if (_errors.Count > 0 || geographyResult.Value is null)
        {
            return Report.Errors(stderr, _errors);
        }

        var noAudit = parse.GetValue(o.NoAudit);
        var auditExit = ExitCodes.Ok;
        using var audit = noAudit ? null : AuditOptions.OpenForWriting(parse, o.Audit, parse.GetValue(o.AcceptBroken), create: true, stderr, out auditExit);
        if (audit is null && !noAudit)
        {
            return auditExit;
        }

        var geography = geographyResult.Value;
        Report.Warnings(stderr, geography.Warnings);
        problem ??= SyntheticGenerator.Demo(geography);
        var options = Options(weights, planningDate, seconds, model) with { Forecast = forecast };
        var engine = new PlacementEngine(geography);
        stderr.WriteLine($"solving {problem.Youths.Length} youths over {problem.Locations.Length} locations ({PlacementEngine.PolicyName(options.Policy)})...");
        var result = engine.Propose(problem, options, new LineProgress(stderr), cancellation);
        if (result.Value is not { } proposal)
        {
            return Report.Errors(stderr, result.Errors);
        }

        var baseline = Baseline(engine, problem, options, cancellation);
        if (WriteOutputs(proposal, baseline, geography, problem, dir) is { } writeError)
        {
            return Report.Errors(stderr, [writeError]);
        }

        // Recorded only now that its outputs exist (a new log is created here, checked before the solve).
        var log = audit?.Log(stderr);
        if (audit is not null && log is null)
        {
            stderr.WriteLine($"the outputs in {dir} were written, but the run is not recorded in the audit log.");
            return ExitCodes.InvalidInput;
        }

        var record = log?.RecordRun(new RunToRecord(proposal, problem, options with { ExportModel = null }) { Geography = ProposeCommand.Absolute(o.Layers.Read(parse)), ModelVersion = options.Model?.File is { } modelFile ? Path.GetFullPath(modelFile) : null });
        ProposeCommand.Summary(stdout, proposal, baseline);
        ProposeCommand.ForecastLine(stdout, proposal);
        stdout.WriteLine($"wrote {Path.Combine(dir, "proposal.json")}, proposal.csv, report.html");
        stdout.WriteLine(log is null ? "audit: not recorded (--no-audit)" : $"audit: recorded run {proposal.Run.Id} as record #{record} in {log.FilePath}");
        return proposal.Solver.Status == SolverStatus.TimedOut ? ExitCodes.NoSolution : ExitCodes.Ok;
    }

    /// <summary>Exactly one of --youths with --locations, --problem and --demo.</summary>
    private bool HasOneSource(bool useDemo)
    {
        var y = parse.GetValue(o.Youths);
        var l = parse.GetValue(o.Locations);
        var json = parse.GetValue(o.Problem);
        var sources = (useDemo ? 1 : 0) + (json is not null ? 1 : 0) + (y is not null || l is not null ? 1 : 0);
        return sources == 1 && (json is not null || useDemo || (y is not null && l is not null));
    }

    private DateOnly? PlanningDate(bool useDemo)
    {
        DateOnly? planningDate = useDemo ? new DateOnly(2026, 12, 1) : null;
        if (parse.GetValue(o.PlanningDate) is { } text)
        {
            if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            {
                planningDate = d;
            }
            else
            {
                _errors.Add(new InputError("command line", 0, "--planning-date", text, "is not a date yyyy-mm-dd."));
            }
        }

        return planningDate;
    }

    /// <summary>The defaults with the weights of --weights (criteria weights and views weights) set.</summary>
    private PlacementOptions Weights()
    {
        var defaults = new PlacementOptions();
        if (parse.GetValue(o.Weights) is not { } weightsFile)
        {
            return defaults;
        }

        var read = WeightsFile.Read(weightsFile.ToString(), defaults);
        _errors.AddRange(read.Errors);
        return read.Value ?? defaults;
    }

    private double TimeLimit()
    {
        var seconds = parse.GetValue(o.TimeLimit);
        if (seconds <= 0 || double.IsNaN(seconds))
        {
            _errors.Add(new InputError("command line", 0, "--time-limit", seconds.ToString(CultureInfo.InvariantCulture), "must be a positive number of seconds."));
        }

        return seconds;
    }

    private LoadResult<RegionMap> Geography()
    {
        var result = RegionMap.Load(o.Layers.Read(parse));
        _errors.AddRange(result.Errors);
        if (result.Value is { } loaded)
        {
            // Compiles the engine's stages on the other core while the input is read (a one-shot
            // process otherwise pays the JIT compilation inside the solve and the explanations).
            _ = Task.Run(() => new PlacementEngine(loaded).WarmUp(), CancellationToken.None);
        }

        return result;
    }

    /// <summary>The problem from --problem or --youths/--locations; null for the demo, which needs the geography.</summary>
    private PlacementProblem? ReadProblem(bool useDemo)
    {
        LoadResult<PlacementProblem> read;
        if (parse.GetValue(o.Problem) is { } json)
        {
            read = ProblemReader.ReadJson(json.ToString());
        }
        else if (!useDemo)
        {
            read = ProblemReader.Read(new ProblemFiles(parse.GetValue(o.Youths)!.ToString(), parse.GetValue(o.Locations)!.ToString())
            {
                IskSeats = parse.GetValue(o.IskSeats)?.ToString(),
                Targets = parse.GetValue(o.Targets)?.ToString(),
            });
        }
        else
        {
            return null;
        }

        _errors.AddRange(read.Errors);
        Report.Warnings(stderr, read.Warnings);
        return read.Value;
    }

    private DemandForecast? ReadForecast(RegionMap geography)
    {
        if (parse.GetValue(o.Forecast) is not { } path)
        {
            return null;
        }

        var read = ForecastReader.Read(path.ToString(), geography);
        _errors.AddRange(read.Errors);
        Report.Warnings(stderr, read.Warnings);
        return read.Value;
    }

    private ContinuityModel? ReadModel()
    {
        if (parse.GetValue(o.Model) is not { } modelPath)
        {
            return null;
        }

        var read = ContinuityModel.Load(modelPath.ToString());
        _errors.AddRange(read.Errors);
        return read.Value;
    }

    private PlacementOptions Options(PlacementOptions weights, DateOnly? planningDate, double seconds, ContinuityModel? model)
    {
        var options = weights with
        {
            Policy = PlacementEngine.ParsePolicy(parse.GetValue(o.Policy)!) ?? Policy.EducationFirst,
            PlanningDate = planningDate,
            TimeLimit = TimeSpan.FromSeconds(seconds),
            Seed = parse.GetValue(o.Seed),
            Language = parse.GetValue(o.Language) == "nl" ? Language.Dutch : Language.English,
            ExportModel = parse.GetValue(o.ExportModel)?.ToString(),
            ForceLargeExport = parse.GetValue(o.Force),
            Model = model,
            Views = o.Views.Apply(parse, weights.Views, defaults: true),
        };
        if (model is not null)
        {
            stderr.WriteLine($"learned criterion: {Path.GetFileName(model.File)} (SHA-256 {model.Sha256[..12]}...), weight {options.Weights.LearnedContinuity}");
        }

        return options;
    }

    /// <summary>The capacity-only comparison for report.html, unless skipped or already the policy.</summary>
    private Proposal? Baseline(PlacementEngine engine, PlacementProblem problem, PlacementOptions options, CancellationToken cancellation)
    {
        if (parse.GetValue(o.NoCompare) || options.Policy == Policy.CapacityOnly)
        {
            return null;
        }

        stderr.WriteLine("solving the capacity-only comparison...");
        return engine.Propose(problem, options with { Policy = Policy.CapacityOnly, ExportModel = null, Forecast = null }, null, cancellation).Value;
    }

    /// <summary>Writes the three files as one set; a folder that became unwritable during the solve is an error (nothing of the set is visible, nothing is recorded).</summary>
    private InputError? WriteOutputs(Proposal proposal, Proposal? baseline, RegionMap geography, PlacementProblem problem, string dir)
    {
        try
        {
            ProposalWriter.Write(proposal, baseline, geography, problem, dir);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new InputError(dir, 0, "--out", null, $"cannot be written: {ex.Message}");
        }

        foreach (var warning in proposal.Warnings)
        {
            stderr.WriteLine($"warning: {warning}");
        }

        return null;
    }
}

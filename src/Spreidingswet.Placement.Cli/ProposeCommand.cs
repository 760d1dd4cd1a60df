using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Spreidingswet.Placement.Geography;
using Spreidingswet.Placement.Inputs;
using Spreidingswet.Placement.Learning;
using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Outputs;

namespace Spreidingswet.Placement.Cli;

/// <summary><c>placement propose</c>: a placement proposal with proposal.json, proposal.csv and report.html.</summary>
internal static class ProposeCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var youths = new Option<FileInfo>("--youths") { Description = "youths.csv (see the README for the columns).", HelpName = "FILE" };
        var locations = new Option<FileInfo>("--locations") { Description = "locations.csv.", HelpName = "FILE" };
        var problemFile = new Option<FileInfo>("--problem") { Description = "One JSON document with youths, locations and optional iskSeats/targets (see the README).", HelpName = "FILE" };
        var demo = new Option<bool>("--demo") { Description = "Use the built-in synthetic instance: a monthly batch of 500 arrivals plus the residents of five closing locations." };
        var policy = new Option<string>("--policy") { Description = "education-first (default), weighted or capacity-only.", DefaultValueFactory = _ => "education-first" };
        policy.AcceptOnlyFromAmong("education-first", "weighted", "capacity-only");
        var weights = new Option<FileInfo>("--weights") { Description = "JSON file with weights (camelCase names as in the README); missing ones keep their defaults.", HelpName = "FILE" };
        var date = new Option<string>("--planning-date") { Description = "Planning date yyyy-mm-dd (ages, closures). Default: today; the demo uses 2026-12-01.", HelpName = "DATE" };
        var timeLimit = new Option<double>("--time-limit") { Description = "Seconds the proposal should take, from validation to explanations (the solver gets what is left; the capacity-only comparison has its own).", DefaultValueFactory = _ => 60 };
        var seed = new Option<int>("--seed") { Description = "Seed for tie-breaking.", DefaultValueFactory = _ => 1 };
        var isk = new Option<FileInfo>("--isk-seats") { Description = "isk_seats.csv: region_code,seats.", HelpName = "FILE" };
        var targets = new Option<FileInfo>("--targets") { Description = "targets.csv: code,target.", HelpName = "FILE" };
        var lang = new Option<string>("--lang") { Description = "Language of reasons: en or nl.", DefaultValueFactory = _ => "en" };
        lang.AcceptOnlyFromAmong("en", "nl");
        var export = new Option<FileInfo>("--export-model") { Description = "Write the last tier's model (earlier tiers as constraints, all candidate arcs) in CPLEX LP format.", HelpName = "FILE" };
        var force = new Option<bool>("--force") { Description = "Allow --export-model for models over 20 million arcs." };
        var modelFile = new Option<FileInfo>("--model") { Description = "A learned school-continuity model (placement model train): adds the learnedContinuity criterion and the predicted probability per assignment.", HelpName = "FILE" };
        var noCompare = new Option<bool>("--no-compare") { Description = "Skip the capacity-only comparison in report.html." };
        var output = new Option<DirectoryInfo>("--out") { Description = "Folder for proposal.json, proposal.csv and report.html.", Required = true, HelpName = "DIR" };
        var audit = AuditOptions.File();
        var noAudit = new Option<bool>("--no-audit") { Description = "Do not record this run in the audit log." };
        var command = new Command("propose", "Make a placement proposal that keeps school-going youths in their education region wherever the hard rules allow.")
        {
            youths, locations, problemFile, demo, policy, weights, date, timeLimit, seed, isk, targets, lang, export, force, modelFile, noCompare, output, audit, noAudit,
        };
        var layers = new LayerOptions(command);
        command.SetAction((parse, cancellation) => Task.FromResult(Run(parse, cancellation)));
        return command;

        int Run(ParseResult parse, CancellationToken cancellation)
        {
            var errors = new List<InputError>();
            var useDemo = parse.GetValue(demo);
            var y = parse.GetValue(youths);
            var l = parse.GetValue(locations);
            var json = parse.GetValue(problemFile);
            var sources = (useDemo ? 1 : 0) + (json is not null ? 1 : 0) + (y is not null || l is not null ? 1 : 0);
            if (sources != 1 || (json is null && !useDemo && (y is null || l is null)))
            {
                return Report.Errors(stderr, [new InputError("command line", 0, "--youths/--locations, --problem, --demo", null,
                    "give --youths and --locations, or --problem, or --demo.", "Maybe: placement propose --demo --out out")]);
            }

            DateOnly? planningDate = useDemo ? new DateOnly(2026, 12, 1) : null;
            if (parse.GetValue(date) is { } text)
            {
                if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
                {
                    planningDate = d;
                }
                else
                {
                    errors.Add(new InputError("command line", 0, "--planning-date", text, "is not a date yyyy-mm-dd."));
                }
            }

            var w = Weights.Default;
            if (parse.GetValue(weights) is { } weightsFile)
            {
                var read = ReadWeights(weightsFile.ToString());
                if (read.Value is null)
                {
                    errors.AddRange(read.Errors);
                }
                else
                {
                    w = read.Value;
                }
            }

            var seconds = parse.GetValue(timeLimit);
            if (seconds <= 0 || double.IsNaN(seconds))
            {
                errors.Add(new InputError("command line", 0, "--time-limit", seconds.ToString(CultureInfo.InvariantCulture), "must be a positive number of seconds."));
            }

            var geographyResult = RegionMap.Load(layers.Read(parse));
            errors.AddRange(geographyResult.Errors);
            if (geographyResult.Value is { } loaded)
            {
                // Compiles the engine's stages on the other core while the input is read (a one-shot
                // process otherwise pays the JIT compilation inside the solve and the explanations).
                _ = Task.Run(() => new PlacementEngine(loaded).WarmUp(), CancellationToken.None);
            }

            PlacementProblem? problem = null;
            if (json is not null)
            {
                var read = ProblemReader.ReadJson(json.ToString());
                errors.AddRange(read.Errors);
                problem = read.Value;
            }
            else if (!useDemo)
            {
                var read = ProblemReader.Read(new ProblemFiles(y!.ToString(), l!.ToString())
                {
                    IskSeats = parse.GetValue(isk)?.ToString(),
                    Targets = parse.GetValue(targets)?.ToString(),
                });
                errors.AddRange(read.Errors);
                problem = read.Value;
            }

            ContinuityModel? model = null;
            if (parse.GetValue(modelFile) is { } modelPath)
            {
                var read = ContinuityModel.Load(modelPath.ToString());
                errors.AddRange(read.Errors);
                model = read.Value;
            }

            if (errors.Count > 0 || geographyResult.Value is null)
            {
                return Report.Errors(stderr, errors);
            }

            // Open the audit log before solving: a foreign or damaged file stops the run before any work.
            using var log = parse.GetValue(noAudit) ? null : AuditOptions.Open(parse, audit, create: true, stderr);
            if (log is null && !parse.GetValue(noAudit))
            {
                return ExitCodes.InvalidInput;
            }

            var geography = geographyResult.Value;
            Report.Warnings(stderr, geography.Warnings);
            problem ??= SyntheticGenerator.Demo(geography);
            var options = new PlacementOptions
            {
                Policy = PlacementEngine.ParsePolicy(parse.GetValue(policy)!) ?? Policy.EducationFirst,
                Weights = w,
                PlanningDate = planningDate,
                TimeLimit = TimeSpan.FromSeconds(seconds),
                Seed = parse.GetValue(seed),
                Language = parse.GetValue(lang) == "nl" ? Language.Dutch : Language.English,
                ExportModel = parse.GetValue(export)?.ToString(),
                ForceLargeExport = parse.GetValue(force),
                Model = model,
            };
            if (model is not null)
            {
                stderr.WriteLine($"learned criterion: {Path.GetFileName(model.File)} (SHA-256 {model.Sha256[..12]}...), weight {w.LearnedContinuity}");
            }

            var engine = new PlacementEngine(geography);
            var progress = new LineProgress(stderr);
            stderr.WriteLine($"solving {problem.Youths.Length} youths over {problem.Locations.Length} locations ({PlacementEngine.PolicyName(options.Policy)})...");
            var result = engine.Propose(problem, options, progress, cancellation);
            if (result.Value is not { } proposal)
            {
                return Report.Errors(stderr, result.Errors);
            }

            Proposal? baseline = null;
            if (!parse.GetValue(noCompare) && options.Policy != Policy.CapacityOnly)
            {
                stderr.WriteLine("solving the capacity-only comparison...");
                baseline = engine.Propose(problem, options with { Policy = Policy.CapacityOnly, ExportModel = null }, null, cancellation).Value;
            }

            // Recorded before any output is written: no proposal leaves the engine unlogged.
            var record = log?.RecordRun(new Audit.RunToRecord(proposal, problem, options with { ExportModel = null }) { Geography = Absolute(layers.Read(parse)) });
            var dir = parse.GetValue(output)!.ToString();
            ProposalWriter.Write(proposal, baseline, geography, problem, dir);
            foreach (var warning in proposal.Warnings)
            {
                stderr.WriteLine($"warning: {warning}");
            }

            Summary(stdout, proposal, baseline);
            stdout.WriteLine($"wrote {Path.Combine(dir, "proposal.json")}, proposal.csv, report.html");
            stdout.WriteLine(log is null ? "audit: not recorded (--no-audit)" : $"audit: recorded run {proposal.Run.Id} as record #{record} in {log.FilePath}");
            return proposal.Solver.Status == SolverStatus.TimedOut ? ExitCodes.NoSolution : ExitCodes.Ok;
        }
    }

    internal static GeographyOptions Absolute(GeographyOptions o)
    {
        static RegionLayerSource? Full(RegionLayerSource? s) => s is null ? null : s with { Path = Path.GetFullPath(s.Path) };
        return new GeographyOptions { Municipalities = Full(o.Municipalities), Provinces = Full(o.Provinces), EducationRegions = Full(o.EducationRegions) };
    }

    internal static void Summary(TextWriter stdout, Proposal p, Proposal? b)
    {
        var m = p.Metrics;
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"solver: {p.Solver.Status.Name()}, gap {p.Solver.Gap:P2}, {p.Solver.Seconds:F2} s; tiers: {string.Join(", ", p.Solver.Tiers.Select(t => $"{t.Name}={t.Value} (bound {t.Bound})"))}"));
        stdout.WriteLine(b is null ? $"{"metric",-32} {p.Run.Policy,15}" : $"{"metric",-32} {p.Run.Policy,15} {b.Run.Policy,15}");
        foreach (var (label, f) in new (string, Func<ProposalMetrics, object?>)[]
        {
            ("youths", x => x.Youths), ("placed", x => x.Placed), ("unplaced", x => x.Unplaced), ("moved", x => x.Moved),
            ("school-going", x => x.SchoolGoing), ("education region kept", x => x.EducationRegionKept),
            ("education region broken", x => x.EducationRegionBroken), ("breaks caused", x => x.EducationRegionBreaksCaused),
            ("mean school distance km", x => x.MeanSchoolDistanceKm), ("max school distance km", x => x.MaxSchoolDistanceKm),
        }.Concat(m.MeanPredictedProbability is null ? [] : new (string, Func<ProposalMetrics, object?>)[] { ("mean predicted continuity", x => x.MeanPredictedProbability) }))
        {
            var a = Convert.ToString(f(m), CultureInfo.InvariantCulture) ?? "-";
            stdout.WriteLine(b is null ? $"{label,-32} {a,15}" : $"{label,-32} {a,15} {Convert.ToString(f(b.Metrics), CultureInfo.InvariantCulture) ?? "-",15}");
        }
    }

    private static readonly JsonSerializerOptions StrictJson = new(ProposalWriter.JsonOptions)
    {
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
    };

    internal static LoadResult<Weights> ReadWeights(string path)
    {
        if (!File.Exists(path))
        {
            return LoadResult<Weights>.Failure([new InputError(path, 0, "--weights", path, "file not found.")]);
        }

        try
        {
            var weights = JsonSerializer.Deserialize<Weights>(File.ReadAllText(path), StrictJson) ?? Weights.Default;
            var problems = weights.Validate();
            return problems.Count == 0
                ? LoadResult<Weights>.Success(weights)
                : LoadResult<Weights>.Failure([.. problems.Select(p => new InputError(path, 0, null, null, p))]);
        }
        catch (JsonException ex)
        {
            return LoadResult<Weights>.Failure([new InputError(path, (int)(ex.LineNumber ?? -1) + 1, ex.Path, null, ex.Message.Split(" Path:")[0],
                "Maybe a misspelt weight name? Names: unplaced, educationRegionBreak, move, schoolTravel, schoolTravelFreeKm, moveDistance, smallScaleUnder15, iskSeats, balance, learnedContinuity.")]);
        }
    }
}

/// <summary><c>placement generate</c>: a realistic synthetic national instance.</summary>
internal static class GenerateCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var youths = new Option<int>("--youths") { Description = "Number of young people.", DefaultValueFactory = _ => 8_000 };
        var locations = new Option<int>("--locations") { Description = "Number of locations.", DefaultValueFactory = _ => 400 };
        var seed = new Option<int>("--seed") { Description = "Random seed.", DefaultValueFactory = _ => 1 };
        var closures = new Option<int>("--closures") { Description = "Locations that close on the planning date (2026-12-01).", DefaultValueFactory = _ => 0 };
        var output = new Option<DirectoryInfo>("--out") { Description = "Folder for youths.csv, locations.csv and synthetic.json.", Required = true, HelpName = "DIR" };
        var command = new Command("generate", "Write a realistic synthetic national instance (labelled synthetic).") { youths, locations, seed, closures, output };
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
            var problem = SyntheticGenerator.Generate(settings, geography);
            var dir = parse.GetValue(output)!.ToString();
            SyntheticGenerator.Write(problem, settings, dir);
            stdout.WriteLine($"wrote {n} youths and {m} locations (SYNTHETIC) to {dir}");
            return ExitCodes.Ok;
        });
        return command;
    }
}

/// <summary>Prints each progress report as a line on the calling thread, in order (<see cref="Progress{T}"/> would post them later).</summary>
internal sealed class LineProgress(TextWriter writer) : IProgress<PlacementProgress>
{
    public void Report(PlacementProgress value) => writer.WriteLine($"  [{value.Step}/{value.Steps}] {value.Stage}");
}

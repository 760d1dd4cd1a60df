using System.Collections.Immutable;
using System.CommandLine;
using System.Globalization;
using Spreidingswet.Placement.Geography;
using Spreidingswet.Placement.Inputs;
using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Outputs;
using Spreidingswet.Placement.Simulation;

namespace Spreidingswet.Placement.Cli;

/// <summary><c>placement simulate</c>: a horizon of batches under several policies, against the hindsight optimum; sweeps, shards and <c>simulate merge</c>.</summary>
internal static class SimulateCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var weeks = new Option<int>("--weeks") { Description = "Number of batches (periods) in the horizon.", DefaultValueFactory = _ => 52 };
        var cadence = new Option<string>("--cadence") { Description = "weekly or monthly (28 days) batches.", DefaultValueFactory = _ => "weekly" };
        cadence.AcceptOnlyFromAmong("weekly", "monthly");
        var start = new Option<string>("--start") { Description = "Date of the first batch (yyyy-mm-dd).", DefaultValueFactory = _ => "2027-01-04", HelpName = "DATE" };
        var youths = new Option<int>("--youths") { Description = "Residents of the generated starting situation.", DefaultValueFactory = _ => 8_000 };
        var locations = new Option<int>("--locations") { Description = "Locations of the generated starting situation.", DefaultValueFactory = _ => 400 };
        var arrivals = new Option<FileInfo>("--arrivals") { Description = "Arrivals CSV (youths.csv columns with arrived_on; docs/simulation.md). Default: generated at --arrival-rate.", HelpName = "FILE" };
        var changes = new Option<FileInfo>("--changes") { Description = "Scheduled changes CSV: date,location,change,capacity (close, open, capacity). Default with generated input: generated.", HelpName = "FILE" };
        var beds = new Option<double>("--beds-per-youth") { Description = "Beds per resident of the generated starting situation (1.25: the national year of docs/simulation.md, not bed-starved; 1.08 leaves niche youths waiting).", DefaultValueFactory = _ => 1.25 };
        var rate = new Option<double>("--arrival-rate") { Description = "Mean generated arrivals per week (seasonal).", DefaultValueFactory = _ => 75 };
        var schoolShare = new Option<double>("--school-share") { Description = "Share of generated arrivals who arrive with a school.", DefaultValueFactory = _ => 0.5 };
        var wishes = new Option<double>("--wishes") { Description = "Share of the generated residents and arrivals with a stated wish (weighed by the views criterion; wishes stated and honoured are counted).", DefaultValueFactory = _ => 0, HelpName = "SHARE" };
        var leaveRate = new Option<double>("--leave-rate") { Description = "Chance per week that a youth leaves before turning 18 (drawn per youth and week; the same for every policy).", DefaultValueFactory = _ => 0.003 };
        var closures = new Option<int>("--closures") { Description = "Generated closures during the horizon.", DefaultValueFactory = _ => 4 };
        var seed = new Option<int>("--seed") { Description = "Seed of the first run (run k uses seed + k).", DefaultValueFactory = _ => 1 };
        var policies = new Option<string>("--policies") { Description = "Comma-separated: capacity-only, education-first, reservations, hindsight.", DefaultValueFactory = _ => "capacity-only,education-first,reservations,hindsight" };
        var lookahead = new Option<int>("--lookahead") { Description = "Weeks of forecast the reservations look ahead.", DefaultValueFactory = _ => 52 };
        var hindsightLimit = new Option<double>("--hindsight-time-limit") { Description = "Seconds for each of the hindsight model's solves (its LP and the LPs with smaller penalties together, then CP-SAT).", DefaultValueFactory = _ => 60 };
        var exact = new Option<bool>("--exact-hindsight") { Description = "Model every location in the hindsight model instead of pooling alike ones (exact; for small instances)." };
        var runs = new Option<int>("--runs") { Description = "Runs (seeds) in a sweep, in parallel.", DefaultValueFactory = _ => 1 };
        var parallel = new Option<int>("--parallel") { Description = "Runs at the same time (default: the number of cores).", DefaultValueFactory = _ => Environment.ProcessorCount };
        var shard = new Option<string>("--shard") { Description = "Run only shard i of N of the sweep (i/N, 1-based: runs k with k mod N = i-1); combine with simulate merge.", HelpName = "i/N" };
        var output = new Option<DirectoryInfo>("--out") { Description = "Folder for simulation.json and report.html.", Required = true, HelpName = "DIR" };
        var command = new Command("simulate", "Simulate a horizon of weekly (or monthly) batches under several policies and compare them with the hindsight optimum (docs/simulation.md).")
        {
            weeks, cadence, start, youths, locations, beds, arrivals, changes, rate, schoolShare, wishes, leaveRate, closures, seed, policies, lookahead, hindsightLimit, exact, runs, parallel, shard, output,
        };
        var layers = new LayerOptions(command);
        command.SetAction((parse, cancellation) => Task.FromResult(Run(parse, stdout, stderr, layers, new Opts(weeks, cadence, start, youths, locations, beds, arrivals, changes, rate, schoolShare, wishes, leaveRate, closures, seed, policies, lookahead, hindsightLimit, exact, runs, parallel, shard, output), cancellation)));
        command.Subcommands.Add(MergeCommand(stdout, stderr));
        return command;
    }

    private sealed record Opts(Option<int> Weeks, Option<string> Cadence, Option<string> Start, Option<int> Youths, Option<int> Locations, Option<double> Beds, Option<FileInfo> Arrivals, Option<FileInfo> Changes,
        Option<double> Rate, Option<double> SchoolShare, Option<double> Wishes, Option<double> LeaveRate, Option<int> Closures, Option<int> Seed, Option<string> Policies, Option<int> Lookahead, Option<double> HindsightLimit, Option<bool> Exact,
        Option<int> Runs, Option<int> Parallel, Option<string> Shard, Option<DirectoryInfo> Output);

    private static int Run(ParseResult parse, TextWriter stdout, TextWriter stderr, LayerOptions layers, Opts o, CancellationToken cancellation)
    {
        var errors = new List<InputError>();
        var dir = parse.GetValue(o.Output)!.ToString();
        if (OutputFolder.Check(dir) is { } outError)
        {
            errors.Add(outError);
        }

        var startText = parse.GetValue(o.Start)!;
        if (!DateOnly.TryParseExact(startText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var startDate))
        {
            errors.Add(new InputError("command line", 0, "--start", startText, "not a date (yyyy-mm-dd)."));
        }

        var chosen = new List<SimulationPolicy>();
        foreach (var name in parse.GetValue(o.Policies)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (SimulationNames.Parse(name) is { } p)
            {
                chosen.Add(p);
            }
            else
            {
                errors.Add(new InputError("command line", 0, "--policies", name, "unknown policy.", "Maybe capacity-only, education-first, reservations or hindsight."));
            }
        }

        var runCount = parse.GetValue(o.Runs);
        if (runCount < 1)
        {
            errors.Add(new InputError("command line", 0, "--runs", runCount.ToString(CultureInfo.InvariantCulture), "must be at least 1."));
        }

        (int Index, int Count)? shard = null;
        if (parse.GetValue(o.Shard) is { } shardText)
        {
            var parts = shardText.Split('/');
            if (parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var i) && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1 && i >= 1 && i <= n)
            {
                shard = (i, n);
            }
            else
            {
                errors.Add(new InputError("command line", 0, "--shard", shardText, "must be i/N with 1 <= i <= N.", "Maybe 1/4."));
            }
        }

        foreach (var (name, value, min) in new[] { ("--youths", parse.GetValue(o.Youths), 1), ("--locations", parse.GetValue(o.Locations), 1), ("--closures", parse.GetValue(o.Closures), 0), ("--parallel", parse.GetValue(o.Parallel), 1) })
        {
            if (value < min)
            {
                errors.Add(new InputError("command line", 0, name, value.ToString(CultureInfo.InvariantCulture), $"must be at least {min}."));
            }
        }

        var rateValue = parse.GetValue(o.Rate);
        var share = parse.GetValue(o.SchoolShare);
        if (rateValue < 0 || double.IsNaN(rateValue))
        {
            errors.Add(new InputError("command line", 0, "--arrival-rate", rateValue.ToString(CultureInfo.InvariantCulture), "must be zero or more."));
        }

        if (share is < 0 or > 1 || double.IsNaN(share))
        {
            errors.Add(new InputError("command line", 0, "--school-share", share.ToString(CultureInfo.InvariantCulture), "must be between 0 and 1."));
        }

        var wishShare = parse.GetValue(o.Wishes);
        if (wishShare is < 0 or > 1 || double.IsNaN(wishShare))
        {
            errors.Add(new InputError("command line", 0, "--wishes", wishShare.ToString(CultureInfo.InvariantCulture), "must be between 0 and 1."));
        }

        var settings = new SimulationSettings
        {
            Start = startDate,
            Periods = parse.GetValue(o.Weeks),
            Cadence = parse.GetValue(o.Cadence) == "monthly" ? SimulationCadence.Monthly : SimulationCadence.Weekly,
            Policies = [.. chosen],
            LookaheadWeeks = parse.GetValue(o.Lookahead),
            LeaveRatePerWeek = parse.GetValue(o.LeaveRate),
            HindsightTimeLimit = TimeSpan.FromSeconds(Math.Max(1, parse.GetValue(o.HindsightLimit))),
            PoolHindsight = !parse.GetValue(o.Exact),
            Seed = parse.GetValue(o.Seed),
        };
        errors.AddRange(settings.Validate().Where(e => !(e.Field == "--policies" && chosen.Count == 0 && errors.Any(x => x.Field == "--policies"))));
        var geography = errors.Count == 0 ? layers.Load(parse, stderr) : null;
        if (errors.Count > 0 || geography is null)
        {
            return errors.Count > 0 ? Report.Errors(stderr, errors) : ExitCodes.InvalidInput;
        }

        SimulationArrivals? fileArrivals = null;
        if (parse.GetValue(o.Arrivals) is { } arrivalsFile)
        {
            var read = SimulationFiles.ReadArrivals(arrivalsFile.FullName, settings);
            Report.Warnings(stderr, read.Warnings);
            if (read.Value is null)
            {
                return Report.Errors(stderr, read.Errors);
            }

            fileArrivals = read.Value;
        }

        IReadOnlyList<LocationChange>? fileChanges = null;
        if (parse.GetValue(o.Changes) is { } changesFile)
        {
            var read = SimulationFiles.ReadChanges(changesFile.FullName);
            Report.Warnings(stderr, read.Warnings);
            if (read.Value is null)
            {
                return Report.Errors(stderr, read.Errors);
            }

            fileChanges = read.Value;
        }

        var indices = Enumerable.Range(0, runCount).Where(k => shard is not { } s || k % s.Count == s.Index - 1).ToList();
        var engine = new PlacementEngine(geography);
        var simulator = new PlacementSimulator(engine, geography);
        var results = new SimulationResult?[indices.Count];
        var failures = new List<InputError>();
        var gate = new object();
        var started = DateTime.UtcNow;
        stderr.WriteLine($"simulate: {indices.Count} run(s){(shard is { } sh ? $" (shard {sh.Index}/{sh.Count} of {runCount})" : "")}, {settings.Periods} {(settings.Cadence == SimulationCadence.Weekly ? "weekly" : "monthly")} batches, policies {string.Join(',', chosen.Select(SimulationNames.Name))}");
        Parallel.For(0, indices.Count, new ParallelOptions { MaxDegreeOfParallelism = parse.GetValue(o.Parallel), CancellationToken = cancellation }, j =>
        {
            var runSeed = settings.Seed + indices[j];
            var runSettings = settings with { Seed = runSeed };
            var generated = SimulationInputs.Generate(
                new SyntheticSettings { Youths = parse.GetValue(o.Youths), Locations = parse.GetValue(o.Locations), Seed = runSeed, BedsPerYouth = parse.GetValue(o.Beds) },
                new ArrivalModel { WeeklyRate = rateValue, SchoolGoingShare = share }, runSettings, parse.GetValue(o.Closures), geography);
            generated = SimulationViews.AddWishes(generated, wishShare, runSeed, geography, runSettings.Start);
            var input = generated with
            {
                Arrivals = fileArrivals is null ? generated.Arrivals : fileArrivals.Youths,
                ArrivalSources = fileArrivals?.Sources ?? generated.ArrivalSources,
                Changes = fileChanges is null ? generated.Changes : [.. fileChanges],
                Forecast = fileArrivals is null ? generated.Forecast : null,
                Source = fileArrivals is null ? generated.Source : $"{generated.Source}; arrivals from {Path.GetFileName(parse.GetValue(o.Arrivals)!.Name)}",
            };
            var progress = new Progress(stderr, gate, runSeed);
            var result = simulator.Run(input, runSettings, progress, cancellation);
            lock (gate)
            {
                if (result.Value is null)
                {
                    failures.AddRange(result.Errors);
                }
                else
                {
                    results[j] = result.Value;
                    var line = string.Join(", ", result.Value.Policies.Select(p => $"{p.Policy} {(p.ShareOfHindsight is { } s ? s.ToString("P1", CultureInfo.InvariantCulture) : "-")}"));
                    stderr.WriteLine($"  run seed {runSeed} done ({results.Count(r => r is not null)}/{indices.Count}, {(DateTime.UtcNow - started).TotalSeconds:0} s): share of hindsight {line}");
                }
            }
        });
        if (failures.Count > 0)
        {
            return Report.Errors(stderr, failures.Distinct());
        }

        var done = results.Select(r => r!).ToList();
        if (runCount == 1 && shard is null)
        {
            SimulationWriter.Write(dir, done[0]);
            Print(stdout, done[0]);
        }
        else
        {
            var sweep = SimulationSweep.Of(done, runCount, shard is { } s ? $"{s.Index}/{s.Count}" : null) with { Settings = SweepSettings(parse, o) };
            SimulationWriter.Write(dir, sweep);
            foreach (var p in sweep.Policies)
            {
                stdout.WriteLine($"{p.Policy,-16} share of hindsight {(p.ShareOfHindsight is { } v ? v.ToString("P1", CultureInfo.InvariantCulture) : "-"),7}  kept {p.EducationKept,8:0.#}  breaks {p.BreaksCaused,7:0.#}  moves {p.Moves,6:0.#}  unplaced-days {p.UnplacedDays,7:0.#}");
            }
        }

        stdout.WriteLine($"wrote simulation.json and report.html (SYNTHETIC where generated) to {dir}");
        return ExitCodes.Ok;
    }

    /// <summary>
    /// The settings that make a sweep, by option name: every option of the command as parsed (defaults
    /// included) but the shard, the output folder and the parallelism; a file by its SHA-256, so that
    /// shards run on machines that mount the same file at another path still merge.
    /// </summary>
    private static ImmutableSortedDictionary<string, string> SweepSettings(ParseResult parse, Opts o)
    {
        var skip = new HashSet<Option>([o.Shard, o.Output, o.Parallel]);
        var settings = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var option in parse.CommandResult.Command.Options.Where(x => !skip.Contains(x) && x.Name.StartsWith("--", StringComparison.Ordinal) && x.Name != "--help"))
        {
            string? value = option switch
            {
                Option<int> i => parse.GetValue(i).ToString(CultureInfo.InvariantCulture),
                Option<double> d => parse.GetValue(d).ToString("R", CultureInfo.InvariantCulture),
                Option<bool> b => parse.GetValue(b) ? "true" : "false",
                Option<string> t => parse.GetValue(t),
                Option<FileInfo> f => parse.GetValue(f) is { } file ? "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(file.FullName))) : null,
                _ => null,
            };
            if (value is not null)
            {
                settings[option.Name[2..]] = value;
            }
        }

        return settings.ToImmutable();
    }

    private static void Print(TextWriter stdout, SimulationResult r)
    {
        if (r.Hindsight is { } h)
        {
            stdout.WriteLine($"hindsight: {h.Status}, value {h.Value:0.#} (found {h.Found}), {h.Needs} needs, {h.Classes} classes, {h.Pools} pools, {h.Seconds:0.0} s");
        }

        foreach (var p in r.Policies)
        {
            stdout.WriteLine($"{p.Policy,-16} share of hindsight {(p.ShareOfHindsight is { } v ? v.ToString("P1", CultureInfo.InvariantCulture) : "-"),7}  kept {p.Totals.EducationKept,6}  breaks {p.Totals.BreaksCaused,5}  moves {p.Totals.Moves,5}  unplaced-days {p.Totals.UnplacedDays,6}  moved >1 {p.Totals.MovedMoreThanOnce,3}{(p.Totals.WishesStated is { } stated ? $"  wishes honoured {p.Totals.WishesHonoured}/{stated}" : "")}  {p.Totals.Seconds,6:0.0} s");
        }
    }

    private static Command MergeCommand(TextWriter stdout, TextWriter stderr)
    {
        var shards = new Argument<FileInfo[]>("SHARD") { Description = "The simulation.json of each shard (or the folders holding them).", Arity = ArgumentArity.OneOrMore };
        var output = new Option<DirectoryInfo>("--out") { Description = "Folder for the merged simulation.json and report.html.", Required = true, HelpName = "DIR" };
        var command = new Command("merge", "Combine the shards of a sweep (simulate --shard i/N) into the whole sweep.") { shards, output };
        command.SetAction(parse =>
        {
            var dir = parse.GetValue(output)!.ToString();
            if (OutputFolder.Check(dir) is { } outError)
            {
                return Report.Errors(stderr, [outError]);
            }

            var read = new List<(string, SimulationSweep)>();
            var errors = new List<InputError>();
            foreach (var f in parse.GetValue(shards)!)
            {
                var path = Directory.Exists(f.FullName) ? Path.Combine(f.FullName, "simulation.json") : f.FullName;
                var sweep = SimulationWriter.ReadSweep(path);
                if (sweep.Value is null)
                {
                    errors.AddRange(sweep.Errors);
                }
                else
                {
                    read.Add((path, sweep.Value));
                }
            }

            if (errors.Count > 0)
            {
                return Report.Errors(stderr, errors);
            }

            var merged = SimulationWriter.Merge(read);
            if (merged.Value is null)
            {
                return Report.Errors(stderr, merged.Errors);
            }

            SimulationWriter.Write(dir, merged.Value);
            stdout.WriteLine($"merged {read.Count} shard(s), {merged.Value.Runs.Length} runs, into {dir}");
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Progress on stderr: a line per policy every quarter of the horizon, on the run's thread.</summary>
    private sealed class Progress(TextWriter stderr, object gate, int seed) : IProgress<SimulationProgress>
    {
        public void Report(SimulationProgress value)
        {
            var quarter = Math.Max(1, value.Periods / 4);
            if (value.Done == value.Periods || (value.Done > 0 && value.Done % quarter == 0))
            {
                lock (gate)
                {
                    stderr.WriteLine($"  seed {seed}: {value.Policy} {value.Done}/{value.Periods}");
                }
            }
        }
    }
}

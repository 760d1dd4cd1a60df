using System.CommandLine;
using System.Globalization;
using Spreidingswet.Placement.Audit;
using Spreidingswet.Placement.Model;

namespace Spreidingswet.Placement.Cli;

/// <summary><c>placement audit list|show|export|verify|replay|prune|keygen|head|prove</c>: the audit log of runs and decisions.</summary>
internal static class AuditCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var audit = new Command("audit", "The audit log: every run and every planner decision, append-only, hash-chained and a Merkle tree with signed heads.");
        audit.Subcommands.Add(List(stdout, stderr));
        audit.Subcommands.Add(Show(stdout, stderr));
        audit.Subcommands.Add(Export(stdout, stderr));
        audit.Subcommands.Add(Verify(stdout, stderr));
        audit.Subcommands.Add(Replay(stdout, stderr));
        audit.Subcommands.Add(Approve(stdout, stderr));
        audit.Subcommands.Add(Prune(stdout, stderr));
        audit.Subcommands.Add(Keygen(stdout, stderr));
        audit.Subcommands.Add(Head(stdout, stderr));
        audit.Subcommands.Add(Prove(stdout, stderr));
        return audit;
    }

    private static Argument<string> RunArgument() => new("RUN") { Description = "Run id (from placement audit list), or a unique prefix of at least 6 characters." };

    private static Command List(TextWriter stdout, TextWriter stderr)
    {
        var file = AuditOptions.File();
        var command = new Command("list", "List the recorded runs, oldest first.") { file };
        command.SetAction(parse =>
        {
            using var log = AuditOptions.Open(parse, file, create: false, stderr);
            if (log is null)
            {
                return ExitCodes.InvalidInput;
            }

            var runs = log.ListRuns();
            stdout.WriteLine($"{"#",6}  {"run",-32}  {"time (UTC)",-19}  {"kind",-8}  {"policy",-15}  {"status",-8}  {"youths",6}  {"placed",6}  {"decided",7}");
            foreach (var r in runs)
            {
                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{r.Sequence,6}  {r.RunId,-32}  {r.TimeUtc.UtcDateTime:yyyy-MM-dd HH:mm:ss}  {r.Kind,-8}  {r.Policy,-15}  {r.Status,-8}  {r.Youths,6}  {r.Placed,6}  {r.Decisions,7}{(r.Synthetic ? "  synthetic" : "")}{(r.Scenario is null ? "" : $"  scenario \"{r.Scenario}\"")}"));
            }

            stdout.WriteLine($"{runs.Count} run(s) in {log.FilePath}");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Show(TextWriter stdout, TextWriter stderr)
    {
        var runId = RunArgument();
        var youth = new Option<string[]>("--youth") { Description = "Show only these youths' explanations (repeatable). Default: every youth.", HelpName = "ID" };
        var lang = new Option<string>("--lang") { Description = "en or nl.", DefaultValueFactory = _ => "en" };
        lang.AcceptOnlyFromAmong("en", "nl");
        var file = AuditOptions.File();
        var command = new Command("show", "A run: its inputs and options, the proposal summary, the decisions (latest counts; history kept) and per youth the explanation.") { runId, youth, lang, file };
        command.SetAction(parse =>
        {
            using var log = AuditOptions.Open(parse, file, create: false, stderr);
            var run = log is null ? null : AuditOptions.Run(log, parse.GetValue(runId)!, stderr);
            if (run is null)
            {
                return ExitCodes.InvalidInput;
            }

            var p = run.Proposal;
            var r = p.Run;
            stdout.WriteLine($"run {r.Id} ({run.Kind}{(run.Scenario is null ? "" : $" \"{run.Scenario}\"")}), record #{run.Sequence}, hash {run.Hash}");
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"time {r.TimeUtc.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z, engine {r.EngineVersion}, planning date {r.PlanningDate:yyyy-MM-dd}, policy {r.Policy}, seed {r.Seed}, time limit {run.Options.TimeLimit.TotalSeconds} s{(r.Synthetic ? ", SYNTHETIC data" : "")}"));
            var w = r.Weights;
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"weights: unplaced {w.Unplaced}, educationRegionBreak {w.EducationRegionBreak}, move {w.Move}, schoolTravel {w.SchoolTravel} (free {w.SchoolTravelFreeKm} km), moveDistance {w.MoveDistance}, smallScaleUnder15 {w.SmallScaleUnder15}, iskSeats {w.IskSeats}, balance {w.Balance}"));
            stdout.WriteLine($"geodata: {r.Geodata.Source}; {string.Join("; ", r.Geodata.Layers.Select(l => $"{l.Role} {(l.IsDefault ? "embedded default" : l.File)} sha256 {l.Sha256[..12]}"))}");
            stdout.WriteLine($"model: {run.ModelVersion ?? "none"}");
            foreach (var input in r.Inputs)
            {
                stdout.WriteLine($"input {input.Role}: {input.Path ?? "(built in)"} sha256 {input.Sha256}");
            }

            ProposeCommand.Summary(stdout, p, null);
            ProposeCommand.ForecastLine(stdout, p);
            var latest = run.LatestDecisions;
            stdout.WriteLine();
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"decisions (latest per youth counts): {latest.Values.Count(d => d.Decision.Kind == DecisionKind.Accept)} accepted, {latest.Values.Count(d => d.Decision.Kind == DecisionKind.Change)} changed, {latest.Values.Count(d => d.Decision.Kind == DecisionKind.Reject)} rejected, {p.Metrics.Youths - latest.Count} undecided; {run.Decisions.Length} decision record(s) in all"));
            foreach (var d in run.Decisions)
            {
                stdout.WriteLine("  " + DecideCommand.Describe(d) + (latest[d.Decision.Youth].Sequence == d.Sequence ? "" : "  (superseded)"));
            }

            stdout.WriteLine(run.Approval is { } approval ? Describe(approval) : "approval: none yet");

            var language = parse.GetValue(lang) == "nl" ? Language.Dutch : Language.English;
            var only = parse.GetValue(youth) ?? [];
            var ids = only.Length > 0 ? only : [.. run.Problem.Youths.Select(y => y.Id).Order(StringComparer.Ordinal)];
            stdout.WriteLine();
            stdout.WriteLine(language == Language.Dutch ? "per jongere:" : "per youth:");
            // The run's own layers where they are still there (only a why-not needs them).
            var engine = new PlacementEngine(AuditReplay.LoadGeography(run).Value ?? Placement.Geography.RegionMap.LoadDefault());
            foreach (var id in ids)
            {
                var text = engine.Explain(p, run.Problem, id, null, language);
                if (text.Value is null)
                {
                    return Report.Errors(stderr, text.Errors);
                }

                stdout.Write(text.Value);
                if (latest.TryGetValue(id, out var decision))
                {
                    stdout.WriteLine("  decision: " + DecideCommand.Describe(decision));
                }
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Export(TextWriter stdout, TextWriter stderr)
    {
        var runId = RunArgument();
        var output = new Option<FileInfo>("--out") { Description = "The JSON file to write (atomically).", Required = true, HelpName = "FILE" };
        var file = AuditOptions.File();
        var command = new Command("export", "Write a run with its inputs, options, proposal and every decision as one JSON document.") { runId, output, file };
        command.SetAction(parse =>
        {
            using var log = AuditOptions.Open(parse, file, create: false, stderr);
            var run = log is null ? null : AuditOptions.Run(log, parse.GetValue(runId)!, stderr);
            if (run is null)
            {
                return ExitCodes.InvalidInput;
            }

            var path = parse.GetValue(output)!.ToString();
            AuditLog.Export(run, path);
            stdout.WriteLine($"wrote {path}");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Verify(TextWriter stdout, TextWriter stderr)
    {
        var file = AuditOptions.File();
        var against = new Option<FileInfo>("--against") { Description = "A signed tree head (from placement audit head) kept elsewhere: also prove that the log only grew since it.", HelpName = "HEAD.json" };
        var publicKey = new Option<FileInfo>("--public-key") { Description = "The public key (PEM) the head must be signed with. Default: the key the head carries, which shows the head is unchanged but not who signed it.", HelpName = "PUB" };
        var command = new Command("verify", "Check the hash chain, the prune records and the Merkle tree, and with --against that the log only grew since a signed head; names the first record that does not verify (exit 4).") { file, against, publicKey };
        command.SetAction(parse =>
        {
            SignedTreeHead? head = null;
            AuditPublicKey? trusted = null;
            var errors = new List<InputError>();
            if (parse.GetValue(against) is { } headFile)
            {
                var read = SignedTreeHead.Load(headFile.ToString());
                errors.AddRange(read.Errors);
                head = read.Value;
            }

            if (parse.GetValue(publicKey) is { } keyFile)
            {
                var read = AuditPublicKey.Load(keyFile.ToString());
                errors.AddRange(read.Errors);
                trusted = read.Value;
            }

            if (errors.Count > 0)
            {
                return Report.Errors(stderr, errors);
            }

            using var log = AuditOptions.Open(parse, file, create: false, stderr);
            if (log is null)
            {
                return ExitCodes.InvalidInput;
            }

            var v = log.Verify();
            if (!v.Intact)
            {
                stdout.WriteLine(v.FirstBroken is { } n ? $"BROKEN at record #{n}: {v.Problem}." : $"BROKEN: {v.Problem}.");
                stdout.WriteLine($"{v.Records} record(s) before it verified.");
                return ExitCodes.VerificationFailed;
            }

            stdout.WriteLine($"ok: {v.Records} record(s) verified{(v.PrunedThrough > 0 ? $" (records 1 to {v.PrunedThrough} were pruned; the prune record anchors the rest)" : "")}.");
            if (v.HeadHash is not null)
            {
                stdout.WriteLine($"head: record #{v.HeadSequence}, hash {v.HeadHash}");
            }

            stdout.WriteLine($"tree: {v.TreeSize} leaves, root {v.RootHash} (placement audit head --out HEAD.json signs it: keep the head elsewhere)");
            if (head is null)
            {
                return ExitCodes.Ok;
            }

            var h = log.VerifyAgainst(head, trusted);
            if (!h.Consistent)
            {
                stdout.WriteLine($"NOT CONSISTENT with the head of {head.TimestampUtc.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z ({head.TreeSize} leaves): {h.Problem}.");
                return ExitCodes.VerificationFailed;
            }

            stdout.WriteLine($"consistent with the head of {head.TimestampUtc.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z: the log only grew, from {h.OldSize} to {h.NewSize} leaves (consistency proof of {h.Proof.Length} hash(es) checked; signed by key {head.KeyId[..16]}).");
            if (!h.TrustedKey)
            {
                stdout.WriteLine("note: the signature was checked with the public key the head carries; give --public-key to check who signed it.");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Option<FileInfo> KeyOption() => new("--key")
    {
        Description = $"The Ed25519 private key file (PEM) from placement audit keygen. Default: the environment variable {AuditSigningKey.EnvironmentVariable} (the PEM text or the path of the file).",
        HelpName = "KEY",
    };

    private static Command Keygen(TextWriter stdout, TextWriter stderr)
    {
        var output = new Option<FileInfo>("--out") { Description = "The private key file to write (mode 0600; never overwritten); the public key goes to the same path with .pub added.", Required = true, HelpName = "KEY" };
        var command = new Command("keygen", "Make an Ed25519 key pair to sign tree heads with; keep the private key outside the audit log.") { output };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(output)!.ToString();
            var pub = path + ".pub";
            if (File.Exists(path) || File.Exists(pub))
            {
                return Report.Errors(stderr, [new InputError("command line", 0, "--out", path, $"{(File.Exists(path) ? path : pub)} already exists; a key is never overwritten.", "Maybe another --out?")]);
            }

            using var key = AuditSigningKey.Generate();
            try
            {
                key.WriteTo(path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return Report.Errors(stderr, [new InputError("command line", 0, "--out", path, $"cannot be written: {ex.Message}")]);
            }

            var pem = key.PublicKey.ToPem();
            File.WriteAllText(pub, pem);
            stdout.WriteLine($"wrote {path} (private key, mode 0600: keep it outside the audit log) and {pub} (public key)");
            stdout.WriteLine($"key id {key.PublicKey.KeyId}");
            stdout.Write(pem);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Head(TextWriter stdout, TextWriter stderr)
    {
        var output = new Option<FileInfo>("--out") { Description = "The signed tree head to write (JSON, atomically): keep it elsewhere.", Required = true, HelpName = "HEAD.json" };
        var key = KeyOption();
        var file = AuditOptions.File();
        var command = new Command("head", "Verify the log and sign its tree head (tree size, root hash, time) with Ed25519; keep the head elsewhere for placement audit verify --against.") { output, key, file };
        command.SetAction(parse =>
        {
            var loaded = AuditSigningKey.Load(parse.GetValue(key)?.ToString());
            if (loaded is null)
            {
                return Report.Errors(stderr, [new InputError("command line", 0, "--key", null, $"give the private key file, or set {AuditSigningKey.EnvironmentVariable}.", "Maybe placement audit keygen --out KEY first?")]);
            }

            if (loaded.Value is not { } signing)
            {
                return Report.Errors(stderr, loaded.Errors);
            }

            using (signing)
            {
                using var log = AuditOptions.Open(parse, file, create: false, stderr);
                if (log is null)
                {
                    return ExitCodes.InvalidInput;
                }

                var head = log.SignHead(signing);
                if (head.Value is not { } signed)
                {
                    foreach (var e in head.Errors)
                    {
                        stderr.WriteLine($"error: {e}");
                    }

                    return ExitCodes.VerificationFailed;
                }

                var path = parse.GetValue(output)!.ToString();
                signed.Save(path);
                stdout.WriteLine($"wrote {path}: tree of {signed.TreeSize} leaves (through record #{signed.HeadSequence}), root {signed.RootHash}, signed by key {signed.KeyId[..16]}");
                return ExitCodes.Ok;
            }
        });
        return command;
    }

    private static Command Prove(TextWriter stdout, TextWriter stderr)
    {
        var record = new Argument<long>("RECORD") { Description = "The record number (from audit list, show or decide)." };
        var file = AuditOptions.File();
        var command = new Command("prove", "Print the RFC 9162 inclusion proof (audit path) of one record in the current Merkle tree, checked against the root.") { record, file };
        command.SetAction(parse =>
        {
            using var log = AuditOptions.Open(parse, file, create: false, stderr);
            if (log is null)
            {
                return ExitCodes.InvalidInput;
            }

            var n = parse.GetValue(record);
            if (log.InclusionProof(n) is not { } proof)
            {
                var v = log.Verify();
                return v.Intact
                    ? Report.Errors(stderr, [new InputError(log.FilePath, 0, "RECORD", n.ToString(CultureInfo.InvariantCulture), "is not a record of this log's Merkle tree.")])
                    : Fail(v);
            }

            var ok = MerkleTree.VerifyInclusion(proof.LeafIndex, proof.TreeSize, Convert.FromHexString(proof.LeafHash), [.. proof.Path.Select(Convert.FromHexString)], Convert.FromHexString(proof.RootHash));
            stdout.WriteLine($"record #{proof.Sequence}: leaf {proof.LeafIndex} of {proof.TreeSize}, leaf hash {proof.LeafHash}");
            foreach (var p in proof.Path)
            {
                stdout.WriteLine($"  {p}");
            }

            stdout.WriteLine($"root {proof.RootHash}: {(ok ? "the path leads to it" : "the path does NOT lead to it")}");
            return ok ? ExitCodes.Ok : ExitCodes.VerificationFailed;
        });
        return command;

        int Fail(AuditVerification v)
        {
            stdout.WriteLine(v.FirstBroken is { } b ? $"BROKEN at record #{b}: {v.Problem}." : $"BROKEN: {v.Problem}.");
            return ExitCodes.VerificationFailed;
        }
    }

    private static Command Replay(TextWriter stdout, TextWriter stderr)
    {
        var runId = RunArgument();
        var file = AuditOptions.File();
        var command = new Command("replay", "Re-solve a run from its stored inputs, options and geodata; report whether the proposal is identical (exit 4 when not).") { runId, file };
        command.SetAction((parse, cancellation) =>
        {
            using var log = AuditOptions.Open(parse, file, create: false, stderr);
            if (log?.Verify() is { Intact: false } broken)
            {
                // An edited record is reported as what it is, before its content is read as inputs.
                stdout.WriteLine(broken.FirstBroken is { } n ? $"BROKEN at record #{n}: {broken.Problem}." : $"BROKEN: {broken.Problem}.");
                stdout.WriteLine("replay refused: the log does not verify, so its records cannot be trusted as the run's inputs (placement audit verify).");
                return Task.FromResult(ExitCodes.VerificationFailed);
            }

            var run = log is null ? null : AuditOptions.Run(log, parse.GetValue(runId)!, stderr);
            if (run is null)
            {
                return Task.FromResult(ExitCodes.InvalidInput);
            }

            stderr.WriteLine($"replaying run {run.Proposal.Run.Id}: {run.Problem.Youths.Length} youths, {run.Problem.Locations.Length} locations, {run.Proposal.Run.Policy}...");
            var result = AuditReplay.Replay(run, null, cancellation);
            if (result.Value is not { } outcome)
            {
                return Task.FromResult(Report.Errors(stderr, result.Errors));
            }

            ProposeCommand.Summary(stdout, outcome.Proposal, null);
            if (outcome.Identical)
            {
                stdout.WriteLine($"identical: the replayed proposal equals the recorded one (run id, time and solver.seconds aside).");
                return Task.FromResult(ExitCodes.Ok);
            }

            stdout.WriteLine("DIFFERENT: the replayed proposal differs from the recorded one:");
            foreach (var d in outcome.Differences)
            {
                stdout.WriteLine("  " + d);
            }

            if (run.Proposal.Run.EngineVersion != PlacementEngine.Version)
            {
                stdout.WriteLine($"note: this run was recorded by engine {run.Proposal.Run.EngineVersion}; this is engine {PlacementEngine.Version}. A changed solver may return another solution of the same tier values (compare the solver tiers above with the recorded ones); replay with engine {run.Proposal.Run.EngineVersion} for an exact check.");
            }

            if (run.Proposal.Solver.Method.Contains("CP-SAT", StringComparison.Ordinal))
            {
                stdout.WriteLine("note: this run was finished by CP-SAT, whose parallel workers may return another of several solutions of equal value; compare the solver tiers above with the recorded ones.");
            }

            if (run.Proposal.Solver.Status is SolverStatus.TimedOut or SolverStatus.Feasible)
            {
                stdout.WriteLine($"note: the recorded solve was {run.Proposal.Solver.Status.Name()} (not proven optimal), so a replay may find another solution of the same or better value.");
            }

            return Task.FromResult(ExitCodes.VerificationFailed);
        });
        return command;
    }

    internal static string Describe(RecordedApproval a) => string.Create(CultureInfo.InvariantCulture,
        $"approval: record #{a.Sequence}, {a.TimeUtc.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z, by {a.Approver}: the whole run, {a.Decisions} decision(s) ({a.Accepted} accepted by the approval){(a.Reason is null ? "" : $", \"{a.Reason}\"")}");

    private static Command Approve(TextWriter stdout, TextWriter stderr)
    {
        var runId = RunArgument();
        var approver = new Option<string>("--approver") { Description = "Pseudonymous id of the approving coordinator (recorded; never a name).", Required = true, HelpName = "ID" };
        var acceptRemaining = new Option<bool>("--accept-remaining") { Description = "Accept every youth without a decision as part of the approval (checked with the engine's rules); without it a run with undecided youths is refused." };
        var reason = new Option<string>("--reason") { Description = "An optional note with the approval.", HelpName = "TEXT" };
        var file = AuditOptions.File();
        var command = new Command("approve", "Record a coordinator's approval of a whole run: one record of the chain after every decision it approves; once per run.") { runId, approver, acceptRemaining, reason, file };
        command.SetAction(parse =>
        {
            using var log = AuditOptions.Open(parse, file, create: false, stderr);
            var run = log is null ? null : AuditOptions.Run(log, parse.GetValue(runId)!, stderr);
            if (run is null)
            {
                return ExitCodes.InvalidInput;
            }

            var result = log!.Approve(run.Proposal.Run.Id, parse.GetValue(approver)!, AuditOptions.Geography(run, stderr), parse.GetValue(acceptRemaining), parse.GetValue(reason));
            if (result.Value is not { } approval)
            {
                return Report.Errors(stderr, result.Errors);
            }

            stdout.WriteLine($"run {run.Proposal.Run.Id}: " + Describe(approval));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Prune(TextWriter stdout, TextWriter stderr)
    {
        var before = new Option<string>("--before") { Description = $"Remove records from before this date (yyyy-mm-dd, UTC); at least {AuditLog.MinimumRetentionMonths} months ago.", Required = true, HelpName = "DATE" };
        var planner = new Option<string>("--planner") { Description = "Pseudonymous id of who prunes (recorded in the prune record).", Required = true, HelpName = "ID" };
        var file = AuditOptions.File();
        var command = new Command("prune", $"Remove records older than a date (at least {AuditLog.MinimumRetentionMonths} months ago, AI Act art. 26(6)), keeping the rest of the chain verifiable.") { before, planner, file };
        command.SetAction(parse =>
        {
            var text = parse.GetValue(before)!;
            if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                return Report.Errors(stderr, [new InputError("command line", 0, "--before", text, "is not a date yyyy-mm-dd.")]);
            }

            using var log = AuditOptions.Open(parse, file, create: false, stderr);
            if (log is null)
            {
                return ExitCodes.InvalidInput;
            }

            var result = log.Prune(date, parse.GetValue(planner)!);
            if (result.Value is not { } outcome)
            {
                return Report.Errors(stderr, result.Errors);
            }

            stdout.WriteLine(outcome.Removed == 0
                ? $"nothing to prune: no records from before {date:yyyy-MM-dd} can be removed."
                : $"removed {outcome.Removed} record(s) (1 to {outcome.PrunedThrough}); prune record #{outcome.AnchorSequence} anchors the rest of the chain.");
            if (!outcome.KeptBecauseOfDecisions.IsEmpty)
            {
                stdout.WriteLine($"kept {outcome.KeptBecauseOfDecisions.Length} older run(s) (and everything after them) because they have later decisions: {string.Join(", ", outcome.KeptBecauseOfDecisions.Take(10))}");
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}

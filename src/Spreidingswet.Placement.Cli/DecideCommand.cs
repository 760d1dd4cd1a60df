using System.CommandLine;
using System.Globalization;
using Spreidingswet.Placement.Audit;
using Spreidingswet.Placement.Model;

namespace Spreidingswet.Placement.Cli;

/// <summary><c>placement decide</c>: a planner accepts, changes or rejects a youth's proposed placement; recorded in the audit log.</summary>
internal static class DecideCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var run = new Option<string>("--run") { Description = "The run (id from placement audit list, or a unique prefix of at least 6 characters).", Required = true, HelpName = "RUN" };
        var youth = new Option<string[]>("--youth") { Description = "The youth (repeat for several, e.g. a whole sibling group; one transaction).", HelpName = "ID", AllowMultipleArgumentsPerToken = false };
        var all = new Option<bool>("--all") { Description = "With --accept: every youth of the run whose latest decision is not a change or a reject (accept the rest of the proposal)." };
        var accept = new Option<bool>("--accept") { Description = "Accept the proposed placement." };
        var change = new Option<string>("--change") { Description = "Place the youth in this location instead (needs --reason).", HelpName = "LOCATION" };
        var reject = new Option<bool>("--reject") { Description = "Reject the proposed placement (needs --reason)." };
        var reason = new Option<string>("--reason") { Description = "Why (required for --change, --reject and --override). Do not write names of people.", HelpName = "TEXT" };
        var overrides = new Option<string[]>("--override") { Description = "A rule the decision knowingly breaks (e.g. AGE, FULL, SIBLINGS_APART); repeat for several.", HelpName = "RULE" };
        var planner = new Option<string>("--planner") { Description = "Your pseudonymous planner id (never a name).", Required = true, HelpName = "ID" };
        var audit = AuditOptions.File();
        var acceptBroken = AuditOptions.AcceptBroken();
        var command = new Command("decide", "Record a planner's decision about proposed placements: accept, change (to a location that passes the hard rules, or with an explicit override) or reject.")
        {
            run, youth, all, accept, change, reject, reason, overrides, planner, audit, acceptBroken,
        };
        command.SetAction(parse =>
        {
            var youths = parse.GetValue(youth) ?? [];
            var everyone = parse.GetValue(all);
            var (isAccept, target, isReject) = (parse.GetValue(accept), parse.GetValue(change), parse.GetValue(reject));
            if ((isAccept ? 1 : 0) + (target is null ? 0 : 1) + (isReject ? 1 : 0) != 1)
            {
                return Report.Errors(stderr, [new InputError("command line", 0, "--accept, --change, --reject", null, "give exactly one of --accept, --change LOCATION or --reject.")]);
            }

            if ((youths.Length == 0) == !everyone || (everyone && !isAccept))
            {
                return Report.Errors(stderr, [new InputError("command line", 0, "--youth, --all", null, "give --youth ID (one or more), or --all with --accept.",
                    "Maybe: placement decide --run RUN --youth Y00023 --accept --planner P-0412")]);
            }

            if (youths.GroupBy(y => y, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
            {
                return Report.Errors(stderr, [new InputError("command line", 0, "--youth", twice.Key, $"is given {twice.Count()} times: one decision per youth in one call.", "Maybe give each youth once?")]);
            }

            using var auditTarget = AuditOptions.OpenForWriting(parse, audit, parse.GetValue(acceptBroken), create: false, stderr, out var auditExit);
            var log = auditTarget?.Log(stderr);
            if (log is null)
            {
                return auditExit;
            }

            var found = AuditOptions.Run(log, parse.GetValue(run)!, stderr);
            if (found is null)
            {
                return ExitCodes.InvalidInput;
            }

            if (everyone)
            {
                // Accept the rest: every youth whose latest decision is not a change or a reject.
                var decided = found.LatestDecisions.Values.Where(d => d.Decision.Kind != DecisionKind.Accept).Select(d => d.Decision.Youth).ToHashSet(StringComparer.Ordinal);
                youths = [.. found.Problem.Youths.Select(y => y.Id).Where(id => !decided.Contains(id))];
                if (decided.Count > 0)
                {
                    stderr.WriteLine($"note: --all leaves {decided.Count} youth(s) with a change or reject as decided.");
                }
            }

            var kind = isAccept ? DecisionKind.Accept : isReject ? DecisionKind.Reject : DecisionKind.Change;
            var decisions = youths.Select(y => new PlannerDecision(found.Proposal.Run.Id, y, kind, parse.GetValue(planner)!)
            {
                Location = target,
                Reason = parse.GetValue(reason),
                Overrides = [.. (parse.GetValue(overrides) ?? []).Select(o => o.Trim().ToUpperInvariant())],
            }).ToList();
            var geography = AuditOptions.Geography(found, stderr);
            var result = log.Decide(decisions, geography);
            if (result.Value is not { } recorded)
            {
                return Report.Errors(stderr, result.Errors);
            }

            foreach (var d in recorded.Take(20))
            {
                stdout.WriteLine(Describe(d));
            }

            if (recorded.Count > 20)
            {
                stdout.WriteLine($"... and {recorded.Count - 20} more");
            }

            stdout.WriteLine($"recorded {recorded.Count} decision(s) for run {found.Proposal.Run.Id} in {log.FilePath}");
            return ExitCodes.Ok;
        });
        return command;
    }

    internal static string Describe(RecordedDecision d)
    {
        var x = d.Decision;
        var what = x.Kind switch
        {
            DecisionKind.Accept => $"accept ({d.ProposedLocation ?? "unplaced"})",
            DecisionKind.Change => $"change {d.ProposedLocation ?? "unplaced"} -> {x.Location}",
            _ => $"reject ({d.ProposedLocation ?? "unplaced"})",
        };
        var overrides = x.Overrides.IsEmpty ? "" : $" overriding {string.Join(", ", x.Overrides)}";
        var reason = string.IsNullOrWhiteSpace(x.Reason) ? "" : $": \"{x.Reason}\"";
        return string.Create(CultureInfo.InvariantCulture, $"#{d.Sequence} {d.TimeUtc:yyyy-MM-dd HH:mm:ss}Z {x.Planner}: {x.Youth} {what}{overrides}{reason}");
    }
}

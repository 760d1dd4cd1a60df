// The README's library quick start (the region below is copied into README.md and
// src/Spreidingswet.Placement/README.md; a test fails when they differ), followed by checks that
// make this program a test of the package as a user gets it.
#region readme-quickstart
using Spreidingswet.Placement;
using Spreidingswet.Placement.Geography;
using Spreidingswet.Placement.Inputs;
using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Outputs;
using Spreidingswet.Placement.Scenarios;

// One engine per set of region layers. It is immutable and thread-safe: create it once, share it.
var geography = RegionMap.LoadDefault();    // embedded official 2025 layers; RegionMap.Load(...) for other years or own regions
var engine = new PlacementEngine(geography);

// A problem from CSV files (ProblemReader.Read(new ProblemFiles("youths.csv", "locations.csv"))),
// one JSON document (ProblemReader.ReadJson), records built in code, or the built-in synthetic month:
var problem = SyntheticGenerator.Demo(geography);
var options = new PlacementOptions { PlanningDate = new DateOnly(2026, 12, 1), TimeLimit = TimeSpan.FromSeconds(30) };

using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(5));   // or a request's token
var progress = new Progress<PlacementProgress>(p => Console.WriteLine($"  solver: {p.Stage} ({p.Step}/{p.Steps})"));
var result = engine.Propose(problem, options, progress, cancel.Token);
if (result.Value is not { } proposal)
{
    foreach (var error in result.Errors)
    {
        Console.Error.WriteLine(error);   // file, line, field, value, message and a hint; all of them
    }

    return 2;
}

var m = proposal.Metrics;
Console.WriteLine($"{proposal.Solver.Status.Name()}: {m.Placed} of {m.Youths} placed, {m.Moved} moved, " +
    $"education region kept for {m.EducationRegionKept} of {m.SchoolGoing} school-going youths");

// Why here, and why not the next best location?
var moved = proposal.Assignments.First(a => a.From is not null && a.From != a.Location);
var why = engine.Explain(proposal, problem, moved.Youth, moved.Alternatives.FirstOrDefault()?.Location);
Console.Write(why.GetValueOrThrow());

// What if, once the proposal is carried out, the location with the most school-going youths
// closes? Re-plan under two policies and diff each against that situation.
var carriedOut = ScenarioChanges.FromProposal(problem, proposal).GetValueOrThrow();
var closing = proposal.Assignments.Where(a => a.EducationRegion is not null).CountBy(a => a.Location).MaxBy(c => c.Value).Key;
var scenario = new ScenarioDefinition($"{closing} closes",
    new ScenarioBase { InMemory = carriedOut, PlanningDate = options.PlanningDate },
    [new CloseLocation(closing)], [Policy.EducationFirst, Policy.CapacityOnly]);
var scenarioProgress = new Progress<ScenarioProgress>(p => Console.WriteLine($"  scenario: {p.Policy} done ({p.Done}/{p.Total})"));
var run = new ScenarioRunner(geography).Run(scenario, scenarioProgress, cancel.Token).GetValueOrThrow();
foreach (var policy in run.Result.Policies)
{
    var d = policy.Disruption;
    Console.WriteLine($"{policy.Policy}: {d.Moves} moves, {d.SchoolGoingMovedAcrossEducationRegions} school-going " +
        $"youths moved out of their education region, {d.Unplaced} unplaced");
}

// proposal.json, proposal.csv and report.html, written as one set (a hidden folder, swapped in).
ProposalWriter.Write(proposal, baseline: null, geography, problem, "out");
#endregion

// Checks (not part of the quick start): a failure throws, and an unhandled exception ends the
// program with a non-zero exit code, which fails CI.
Check(proposal.Assignments.Length > 0 && proposal.Solver.Status == SolverStatus.Optimal, "an optimal proposal that places youths");
Check(why.GetValueOrThrow().Contains(moved.Youth, StringComparison.Ordinal), "the explanation names the youth");
Check(run.Result.Policies.Length == 2 && run.Result.Policies.All(p => p.Moves.Any(x => x.From == closing)),
    "both policies move the residents of the closed location");
Check(File.Exists(Path.Combine("out", "proposal.json")), "proposal.json written");
try
{
    engine.Propose(problem, options, null, new CancellationToken(canceled: true));
    Check(false, "a cancelled token stops the run");
}
catch (OperationCanceledException)
{
    // expected
}

// The version the package reports: CI passes the version it packed, so a stale cached copy fails.
var expected = Environment.GetEnvironmentVariable("PLACEMENT_EXPECTED_VERSION");
Console.WriteLine($"consumer: Spreidingswet.Placement {PlacementEngine.Version}");
Check(expected is null || expected == PlacementEngine.Version, $"the package under test is version {expected}");
Console.WriteLine("consumer: all checks passed");
return 0;

static void Check(bool ok, string what)
{
    if (!ok)
    {
        throw new InvalidOperationException("consumer check failed: " + what);
    }
}

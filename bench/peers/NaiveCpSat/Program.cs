using System.Diagnostics;
using System.Globalization;
using Spreidingswet.Placement.Peers;

// naive-cpsat MODEL.lp [--solver cpsat|scip|highs] [--time-limit S] [--workers N] [--hint FILE]:
// solves an exported model with one peer and prints one JSON line (status, objective, bound, seconds)
// for run-peers.sh. cpsat: the naive one-model CP-SAT formulation (with --hint: the engine's solution,
// FILE = MODEL.lp.hint, as CP-SAT's solution hint); scip, highs: OR-Tools' bundled MIP solvers through
// ModelBuilder, on OR-Tools' own import of the LP file (--workers = their thread count).
if (args.Length < 1 || args[0] is "-h" or "--help")
{
    Console.Error.WriteLine("usage: naive-cpsat MODEL.lp [--solver cpsat|scip|highs (cpsat)] [--time-limit SECONDS (300)] [--workers N (2)] [--hint FILE] [--log]");
    return 2;
}

var timeLimit = 300.0;
var workers = 2;
var solver = "cpsat";
string? hintFile = null;
var log = false;
for (var i = 1; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--time-limit" when i + 1 < args.Length:
            timeLimit = double.Parse(args[++i], CultureInfo.InvariantCulture);
            break;
        case "--workers" when i + 1 < args.Length:
            workers = int.Parse(args[++i], CultureInfo.InvariantCulture);
            break;
        case "--solver" when i + 1 < args.Length:
            solver = args[++i].ToLowerInvariant();
            break;
        case "--hint" when i + 1 < args.Length:
            hintFile = args[++i];
            break;
        case "--log":
            log = true;
            break;
        default:
            Console.Error.WriteLine($"unknown option {args[i]}");
            return 2;
    }
}

static string Json(long? v) => v?.ToString(CultureInfo.InvariantCulture) ?? "null";
var clock = Stopwatch.StartNew();
NaiveCpSatResult result;
double readSeconds;
try
{
    if (solver == "cpsat")
    {
        var lp = LpModel.Read(args[0]);
        var hint = hintFile is null ? null : File.ReadLines(hintFile).Select(l => l.Trim()).Where(l => l.Length > 0).ToHashSet(StringComparer.Ordinal);
        readSeconds = clock.Elapsed.TotalSeconds;
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"read {lp.VariableCount} variables, {lp.Constraints.Count} constraints in {readSeconds:F1} s; CP-SAT with {workers} workers{(hint is null ? "" : ", hinted")}, limit {timeLimit} s..."));
        result = NaiveCpSat.Solve(lp, timeLimit, workers, hint);
    }
    else
    {
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{solver} through OR-Tools ModelBuilder, {workers} threads, limit {timeLimit} s..."));
        result = ModelBuilderPeer.Solve(args[0], solver, timeLimit, workers, log, out readSeconds);
    }
}
catch (Exception ex) when (ex is FormatException or IOException or InvalidOperationException)
{
    Console.Error.WriteLine($"error: {ex.Message}");
    return 2;
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{{\"solver\": \"{solver}\", \"status\": \"{result.Status}\", \"objective\": {Json(result.Objective)}, \"bound\": {Json(result.Bound)}, \"solveSeconds\": {result.SolveSeconds:F3}, \"readSeconds\": {readSeconds:F3}, \"variables\": {result.Variables}, \"constraints\": {result.Constraints}}}"));
return 0;

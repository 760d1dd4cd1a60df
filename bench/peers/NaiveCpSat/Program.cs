using System.Diagnostics;
using System.Globalization;
using Spreidingswet.Placement.Peers;

// naive-cpsat MODEL.lp [--time-limit S] [--workers N]: solves an exported model with one naive
// CP-SAT model and prints one JSON line (status, objective, bound, seconds) for run-peers.sh.
if (args.Length < 1 || args[0] is "-h" or "--help")
{
    Console.Error.WriteLine("usage: naive-cpsat MODEL.lp [--time-limit SECONDS (300)] [--workers N (2)]");
    return 2;
}

var timeLimit = 300.0;
var workers = 2;
for (var i = 1; i < args.Length - 1; i += 2)
{
    switch (args[i])
    {
        case "--time-limit":
            timeLimit = double.Parse(args[i + 1], CultureInfo.InvariantCulture);
            break;
        case "--workers":
            workers = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
            break;
        default:
            Console.Error.WriteLine($"unknown option {args[i]}");
            return 2;
    }
}

var clock = Stopwatch.StartNew();
LpModel lp;
try
{
    lp = LpModel.Read(args[0]);
}
catch (Exception ex) when (ex is FormatException or IOException)
{
    Console.Error.WriteLine($"error: {ex.Message}");
    return 2;
}

var readSeconds = clock.Elapsed.TotalSeconds;
Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"read {lp.VariableCount} variables, {lp.Constraints.Count} constraints in {readSeconds:F1} s; solving with {workers} workers, limit {timeLimit} s..."));
var result = NaiveCpSat.Solve(lp, timeLimit, workers);
static string Json(long? v) => v?.ToString(CultureInfo.InvariantCulture) ?? "null";
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{{\"status\": \"{result.Status}\", \"objective\": {Json(result.Objective)}, \"bound\": {Json(result.Bound)}, \"solveSeconds\": {result.SolveSeconds:F3}, \"readSeconds\": {readSeconds:F3}, \"variables\": {result.Variables}, \"constraints\": {result.Constraints}}}"));
return 0;

using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/Spreidingswet.Placement.Benchmarks -- --filter '*'
// Add --job short for a quick check. Results: bench/results/*.md (see bench/RESULTS.md).
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, Spreidingswet.Placement.Benchmarks.BenchConfig.Create());

using Spreidingswet.Placement.Model;

namespace Spreidingswet.Placement.Cli;

/// <summary>Prints each progress report as a line on the calling thread, in order (<see cref="Progress{T}"/> would post them later).</summary>
internal sealed class LineProgress(TextWriter writer) : IProgress<PlacementProgress>
{
    public void Report(PlacementProgress value) => writer.WriteLine($"  [{value.Step}/{value.Steps}] {value.Stage}");
}

using Spreidingswet.Placement.Model;

namespace Spreidingswet.Placement.Solving;

/// <summary>
/// The stages of one proposal reported through <see cref="IProgress{T}"/>: a step counter that moves
/// on with <see cref="Next"/> and repeats the current step with <see cref="Report"/>.
/// </summary>
internal sealed class Stages(IProgress<PlacementProgress>? progress)
{
    private int _step;

    /// <summary>Steps in all (set once known).</summary>
    public int Total { get; set; } = 1;

    public void Next(string stage)
    {
        _step++;
        Report(stage);
    }

    public void Report(string stage) => progress?.Report(new PlacementProgress(stage, Math.Min(_step, Total), Math.Max(Total, _step)));
}

namespace Spreidingswet.Placement;

/// <summary>PLACEMENT_TRACE=1: diagnostics on stderr (stage times, flow rounds, the search), except inside <see cref="PlacementEngine.WarmUp"/>.</summary>
internal static class PlacementTrace
{
    private static readonly AsyncLocal<bool> Quiet = new();

    public static bool On => !Quiet.Value && Environment.GetEnvironmentVariable("PLACEMENT_TRACE") == "1";

    /// <summary>Runs <paramref name="action"/> (and what it starts) without diagnostics.</summary>
    public static void Silently(Action action)
    {
        var before = Quiet.Value;
        Quiet.Value = true;
        try
        {
            action();
        }
        finally
        {
            Quiet.Value = before;
        }
    }
}

/// <summary>Stage times on stderr when PLACEMENT_TRACE=1 (diagnostics).</summary>
internal sealed class StageTrace
{
    private readonly bool _on = PlacementTrace.On;
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
    private readonly long _started = System.Diagnostics.Stopwatch.GetTimestamp();

    /// <summary>Time since the trace was created (the start of the call), traced or not.</summary>
    public TimeSpan Elapsed => System.Diagnostics.Stopwatch.GetElapsedTime(_started);

    public void Mark(string what)
    {
        if (_on)
        {
            Console.Error.WriteLine($"[trace] {what}: {_clock.ElapsedMilliseconds} ms");
            _clock.Restart();
        }
    }
}

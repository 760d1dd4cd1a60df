using Spreidingswet.Placement.Geography;
using Spreidingswet.Placement.Inputs;
using Spreidingswet.Placement.Model;

namespace Spreidingswet.Placement.Simulation;

/// <summary>Stated wishes for a generated simulation input (synthetic, as the input is).</summary>
public static class SimulationViews
{
    /// <summary>
    /// Gives about <paramref name="share"/> of the starting residents and of the arrivals a stated
    /// wish, as <see cref="SyntheticGenerator.AddViews"/> does for a generated situation (residents
    /// also get <c>moves_last_12_months</c>); deterministic for the seed, the rest of the input unchanged.
    /// With a wish, the views criterion weighs it in every batch and the results count the wishes
    /// stated and honoured (docs/simulation.md).
    /// </summary>
    public static SimulationInput AddWishes(SimulationInput input, double share, int seed, RegionMap geography, DateOnly start)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(geography);
        if (share <= 0)
        {
            return input;
        }

        var residents = SyntheticGenerator.AddViews(input.Start, share, seed, geography, start);
        var arrivals = SyntheticGenerator.AddViews(input.Start with { Youths = input.Arrivals }, share, unchecked(seed + 104_729), geography, start);
        return input with { Start = residents, Arrivals = arrivals.Youths };
    }
}

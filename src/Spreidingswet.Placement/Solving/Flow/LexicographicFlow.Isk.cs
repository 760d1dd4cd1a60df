namespace Spreidingswet.Placement.Solving.Flow;

// The ISK criterion (seats per region beyond the free ones cost the weight) is a cost on a region's
// total, which no arc of the network can carry next to the beds. It is priced in Lagrangian
// fashion: a price per seat on every arc that takes one, a subgradient loop over the prices, and
// the prices of the best lower bound kept. See SolveIskGroup for why the bound holds.
internal sealed partial class LexicographicFlow
{
    /// <summary>Most Lagrangian iterations for the ISK prices.</summary>
    internal const int MaxIskIterations = 12;

    /// <summary>
    /// The tier group with the ISK criterion: a seat beyond a region's free seats costs the weight, a
    /// cost on the region's total that no network holds together with the beds. Lagrangian prices:
    /// for any price per seat p_r in [0, weight], (flow value with p_r on every arc that takes a seat
    /// in r) - sum of p_r x free seats is a lower bound, because weight x max(0, z) >= p_r x z. The
    /// prices follow the subgradient (seats taken - free seats) and the best bound's prices are kept.
    /// Returns the potentials and the constant to subtract from the flow value.
    /// </summary>
    private (long[] Potential, long Offset) SolveIskGroup(int t, bool[] active, bool[] inNetwork, long[] lower, long[] upper, long[] flow, bool trace)
    {
        var seats = _units.IskSeatsOfRegion;
        var weight = _units.IskWeight[_iskTier];
        var unit = _units.Multiplier[_iskTier] * _units.Scale; // scaled cost of one seat at price 1
        var price = new long[seats.Length];
        long[]? bestPrice = null;
        var bestBound = long.MinValue;
        var lambda = 1.0;
        var sinceBest = 0;
        long[] potential = [];
        for (var iteration = 0; iteration < MaxIskIterations; iteration++)
        {
            SetIskPrices(price);
            potential = SolveWithPricing(t, active, inNetwork, lower, upper, flow, trace);
            var offset = IskOffset(price, unit);
            var bound = FlowCost(t, flow) - offset;
            var taken = IskTaken(flow);
            var excess = Enumerable.Range(0, seats.Length).Select(r => seats[r] >= 0 ? taken[r] - seats[r] : 0).ToArray();
            var trueValue = IskTrueValue(bound, offset, price, taken, excess, weight, unit);
            if (trace)
            {
                Console.Error.WriteLine($"ISK prices, iteration {iteration + 1}: bound {bound}, value of this flow {trueValue:F0}, regions over {excess.Count(e => e > 1e-9)}");
            }

            if (bound > bestBound)
            {
                (bestBound, bestPrice, sinceBest) = (bound, (long[])price.Clone(), 0);
            }
            else if (++sinceBest >= 2)
            {
                (lambda, sinceBest) = (lambda / 2, 0);
            }

            if (trueValue - bound < 0.5)
            {
                break; // these prices are exact for this flow: nothing to gain
            }

            // Subgradient step towards prices that charge exactly the regions over their seats.
            var norm = excess.Sum(e => e * e);
            if (norm < 1e-9 || lambda < 1e-3)
            {
                break;
            }

            var step = lambda * (trueValue - bound) / unit / norm;
            if (!StepIskPrices(price, step, excess, weight))
            {
                lambda *= 2;
            }
        }

        if (!price.AsSpan().SequenceEqual(bestPrice))
        {
            price = bestPrice!;
            SetIskPrices(price);
            potential = SolveWithPricing(t, active, inNetwork, lower, upper, flow, trace);
        }

        return (potential, IskOffset(price, unit));
    }

    /// <summary>The constant of the Lagrangian bound: sum over regions with a seat count of price x free seats (scaled).</summary>
    private long IskOffset(long[] price, long unit)
    {
        var seats = _units.IskSeatsOfRegion;
        return Enumerable.Range(0, seats.Length).Sum(r => seats[r] >= 0 ? checked(price[r] * seats[r] * unit) : 0);
    }

    /// <summary>The flow's value without prices: base arc costs (the priced value less the prices paid) plus the weight per seat over the free ones.</summary>
    private static double IskTrueValue(long bound, long offset, long[] price, double[] taken, double[] excess, long weight, long unit)
    {
        return (double)bound + offset - Enumerable.Range(0, price.Length).Sum(r => (double)price[r] * taken[r] * unit)
            + Enumerable.Range(0, price.Length).Sum(r => weight * Math.Max(0, excess[r]) * (double)unit);
    }

    /// <summary>One subgradient step on the prices, each kept in [0, weight]; false when none changed (the step was too small).</summary>
    private static bool StepIskPrices(long[] price, double step, double[] excess, long weight)
    {
        var changed = false;
        for (var r = 0; r < price.Length; r++)
        {
            var next = Math.Clamp((long)Math.Round(price[r] + (step * excess[r])), 0, weight);
            changed |= next != price[r];
            price[r] = next;
        }

        return changed;
    }

    /// <summary>Puts the ISK price per seat of each region (true units, 0..weight) on the arcs that take a seat.</summary>
    private void SetIskPrices(long[] price)
    {
        var multiplier = _units.Multiplier[_iskTier];
        var need = _units.IskNeed!;
        for (var u = 0; u < _units.Count; u++)
        {
            var perFlow = _units.Scale / _units.Members[u].Length;
            var candidates = _units.Candidates[u];
            var target = _arcCost[_iskGroup][u];
            var source = _units.GroupArcCost[_iskGroup][u];
            for (var k = 0; k < candidates.Length; k++)
            {
                var r = _units.IskRegionOfLocation[candidates[k]];
                target[k] = need[u][k] > 0 && r >= 0 && _units.IskSeatsOfRegion[r] >= 0
                    ? checked(source[k] + (price[r] * need[u][k] * perFlow * multiplier))
                    : source[k];
            }
        }
    }


    /// <summary>Seats taken per region by a flow (fractional where groups split).</summary>
    private double[] IskTaken(long[] flow)
    {
        var taken = new double[_units.IskSeatsOfRegion.Length];
        var need = _units.IskNeed!;
        for (var u = 0; u < _units.Count; u++)
        {
            var candidates = _units.Candidates[u];
            for (var k = 0; k < candidates.Length; k++)
            {
                var f = flow[ArcStart[u] + k];
                var r = _units.IskRegionOfLocation[candidates[k]];
                if (f > 0 && need[u][k] > 0 && r >= 0)
                {
                    taken[r] += f * need[u][k] / (double)_units.Members[u].Length;
                }
            }
        }

        return taken;
    }
}

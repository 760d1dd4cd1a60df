using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Rules;
using Spreidingswet.Placement.Rules.Criteria;

namespace Spreidingswet.Placement.Preparation;

// ISK seats: education regions with a limited number of free ISK seats. Every placement of a
// member that needs a seat beyond a region's free seats costs the ISK weight; the need per
// candidate arc is kept per unit (IskNeed) so that models and costs need not re-evaluate it.

internal sealed partial class Units
{
    /// <summary>Per tier, the ISK weight per placement beyond the free seats (0 without isk_seats.csv).</summary>
    public long[] IskWeight { get; }

    /// <summary>Free ISK seats per education region number (see <see cref="ScoringContext.EducationRegionIds"/>); -1 = not limited.</summary>
    public long[] IskSeatsOfRegion { get; }

    /// <summary>Per location, its education region number, or -1.</summary>
    public int[] IskRegionOfLocation { get; }

    /// <summary>[unit][k]: members of the unit that need a free ISK seat at the k-th candidate (null without ISK).</summary>
    public int[][]? IskNeed { get; }

    /// <summary>True ISK cost of an assignment in one tier: the weight per placement beyond a region's free seats.</summary>
    public long IskCost(int tier, int[] unitLocation)
    {
        if (IskWeight[tier] == 0 || IskNeed is null)
        {
            return 0;
        }

        var taken = new long[IskSeatsOfRegion.Length];
        for (var u = 0; u < Members.Length; u++)
        {
            var k = unitLocation[u] < 0 ? -1 : Array.BinarySearch(Candidates[u], unitLocation[u]);
            if (k >= 0 && IskRegionOfLocation[unitLocation[u]] is var r and >= 0)
            {
                taken[r] += IskNeed[u][k];
            }
        }

        long cost = 0;
        for (var r = 0; r < taken.Length; r++)
        {
            if (IskSeatsOfRegion[r] >= 0)
            {
                cost = checked(cost + (IskWeight[tier] * Math.Max(0, taken[r] - IskSeatsOfRegion[r])));
            }
        }

        return cost;
    }

    private (long[] Seats, int[] RegionOfLocation, int[][]? Need) PlanIsk(ResolvedProblem problem, ScoringContext context)
    {
        var seats = new long[context.EducationRegionIds.Count];
        Array.Fill(seats, -1);
        foreach (var (code, free) in problem.IskSeats)
        {
            if (context.EducationRegionIds.TryGetValue(code, out var r))
            {
                seats[r] = free;
            }
        }

        var regionOfLocation = context.LocationEducationRegion;
        if (IskWeight.All(w => w == 0))
        {
            return (seats, regionOfLocation, null);
        }

        var need = new int[Members.Length][];
        Parallel.For(0, Members.Length, u => need[u] = IskNeedOf(problem, u));
        return (seats, regionOfLocation, need);
    }

    private int[] IskNeedOf(ResolvedProblem problem, int u)
    {
        var need = new int[Candidates[u].Length];
        for (var k = 0; k < need.Length; k++)
        {
            var location = problem.Locations[Candidates[u][k]];
            foreach (var m in Members[u])
            {
                need[k] += IskSeatsCriterion.NeedsSeat(problem.Youths[m], location) ? 1 : 0;
            }
        }

        return need;
    }
}

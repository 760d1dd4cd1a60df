using Spreidingswet.Placement.Preparation;

namespace Spreidingswet.Placement.Solving.UnitModel;

/// <summary>
/// The unit model as an integer program, built once over a set of arcs and written by
/// <see cref="CpSatModel"/> (solved with OR-Tools CP-SAT) or <see cref="LpWriter"/> (a CPLEX LP file).
/// </summary>
/// <remarks>
/// Variables: a 0/1 <see cref="VarKind.Arc"/> per unit and arc (the unit goes to that location), a
/// 0/1 <see cref="VarKind.Unplaced"/> per unit, an integer <see cref="VarKind.Over"/> per balance node
/// (youths placed beyond its free room under the Spreidingswet target) and an integer
/// <see cref="VarKind.IskOver"/> per education region whose ISK seats are limited (seats needed
/// beyond its free seats); both integers lie in [0, <see cref="IntegerUpper"/>].
/// Rows, in the order CP-SAT receives them (the LP file writes the balance rows before the ISK rows):
/// <list type="number">
/// <item>one place per unit: its arcs plus "unplaced" sum to 1;</item>
/// <item>capacity per location: members placed at most its beds;</item>
/// <item>keep-apart per pair of different units and shared location: at most one of the two;</item>
/// <item>ISK seats per limited region: <c>IskOver ≥ Σ need·x − free seats</c>;</item>
/// <item>balance per node: <c>Over ≥ Σ members·x over its locations − free room</c>.</item>
/// </list>
/// Tier <c>t</c> minimises <see cref="Objective"/>: the unscaled unit costs of the arcs and of
/// "unplaced", plus the tier's balance and ISK weights on the integers. The earlier tiers are held
/// at the values reached (CP-SAT after each solve; the LP file as constraints). Every list is in a
/// fixed order (unit, then arc; location ascending) because the LP file is compared byte for byte
/// and CP-SAT's search depends on the order of its model.
/// </remarks>
internal sealed class UnitProgram
{
    /// <summary>The model over the given arcs per unit (sorted location indices, a subset of the candidates).</summary>
    public UnitProgram(Units units, int[][] arcs)
    {
        Units = units;
        Arcs = arcs;
        CandidateIndex = CandidateIndexes(units, arcs);
        ArcsAt = ArcsPerLocation(units, arcs);
        Apart = ApartRows(units, arcs);
        IskSeats = IskRows(units, arcs, CandidateIndex);
        Balance = [.. units.BalanceNodes.Select((node, b) => new BalanceRow(b, node.Code, node.Locations.Order().Distinct().ToArray(), node.Free))];
        IntegerUpper = units.Problem.Youths.Length;
    }

    /// <summary>The kinds of variable.</summary>
    public enum VarKind
    {
        /// <summary>Unit <see cref="Var.Index"/> goes to the location of its arc <see cref="Var.Arc"/>.</summary>
        Arc,

        /// <summary>Unit <see cref="Var.Index"/> stays unplaced.</summary>
        Unplaced,

        /// <summary>Youths beyond balance node <see cref="Var.Index"/>'s free room.</summary>
        Over,

        /// <summary>Seats beyond ISK row <see cref="Var.Index"/>'s free seats.</summary>
        IskOver,
    }

    /// <summary>Unit, tiers, candidates and costs the model is built from.</summary>
    public Units Units { get; }

    /// <summary>Locations of the arcs per unit.</summary>
    public int[][] Arcs { get; }

    /// <summary>Index of each arc in the unit's candidates (costs and ISK needs are stored per candidate).</summary>
    public int[][] CandidateIndex { get; }

    /// <summary>Per location, its arcs as (unit, arc), unit ascending: the capacity rows.</summary>
    public (int Unit, int Arc)[][] ArcsAt { get; }

    /// <summary>Keep-apart rows: pair number (counting pairs of different units), the shared location and the two arcs.</summary>
    public ApartRow[] Apart { get; }

    /// <summary>ISK seat rows, one per limited region (empty when the criterion is not in force).</summary>
    public IskRow[] IskSeats { get; }

    /// <summary>Balance rows, one per balance node.</summary>
    public BalanceRow[] Balance { get; }

    /// <summary>Upper bound of the integer variables (the number of youths).</summary>
    public int IntegerUpper { get; }

    /// <summary>Members of unit <paramref name="unit"/>: its weight in the capacity and balance rows.</summary>
    public int Size(int unit) => Units.Members[unit].Length;

    /// <summary>The objective of tier <paramref name="tier"/>: nonzero terms, units first (arcs, then unplaced), then balance, then ISK.</summary>
    public List<(Var Var, long Coefficient)> Objective(int tier)
    {
        var terms = new List<(Var, long)>();
        for (var u = 0; u < Arcs.Length; u++)
        {
            for (var k = 0; k < Arcs[u].Length; k++)
            {
                var c = Units.UnitCost(tier, u, CandidateIndex[u][k]);
                if (c != 0)
                {
                    terms.Add((new Var(VarKind.Arc, u, k), c));
                }
            }

            var cu = Units.UnitCost(tier, u, -1);
            if (cu != 0)
            {
                terms.Add((new Var(VarKind.Unplaced, u), cu));
            }
        }

        if (Units.BalanceWeight[tier] != 0)
        {
            terms.AddRange(Balance.Select(row => (new Var(VarKind.Over, row.Node), Units.BalanceWeight[tier])));
        }

        if (Units.IskWeight[tier] != 0)
        {
            terms.AddRange(IskSeats.Select((_, i) => (new Var(VarKind.IskOver, i), Units.IskWeight[tier])));
        }

        return terms;
    }

    private static int[][] CandidateIndexes(Units units, int[][] arcs)
        => ReferenceEquals(arcs, units.Candidates)
            ? [.. arcs.Select(a => Enumerable.Range(0, a.Length).ToArray())]
            : [.. arcs.Select((a, u) => a.Select(l => Array.BinarySearch(units.Candidates[u], l)).ToArray())];

    private static (int Unit, int Arc)[][] ArcsPerLocation(Units units, int[][] arcs)
    {
        var perLocation = new List<(int, int)>[units.Problem.Locations.Length];
        for (var l = 0; l < perLocation.Length; l++)
        {
            perLocation[l] = [];
        }

        for (var u = 0; u < arcs.Length; u++)
        {
            for (var k = 0; k < arcs[u].Length; k++)
            {
                perLocation[arcs[u][k]].Add((u, k));
            }
        }

        return [.. perLocation.Select(p => p.ToArray())];
    }

    private static ApartRow[] ApartRows(Units units, int[][] arcs)
    {
        var rows = new List<ApartRow>();
        var pair = 0;
        foreach (var (a, b) in units.Problem.KeepApartPairs)
        {
            var ua = units.UnitOf[a];
            var ub = units.UnitOf[b];
            if (ua == ub)
            {
                continue;
            }

            for (var k = 0; k < arcs[ua].Length; k++)
            {
                var j = Array.IndexOf(arcs[ub], arcs[ua][k]);
                if (j >= 0)
                {
                    rows.Add(new ApartRow(pair, arcs[ua][k], new Var(VarKind.Arc, ua, k), new Var(VarKind.Arc, ub, j)));
                }
            }

            pair++;
        }

        return [.. rows];
    }

    private static IskRow[] IskRows(Units units, int[][] arcs, int[][] candidateIndex)
    {
        if (units.IskNeed is null)
        {
            return [];
        }

        var rows = new List<IskRow>();
        for (var r = 0; r < units.IskSeatsOfRegion.Length; r++)
        {
            if (units.IskSeatsOfRegion[r] < 0)
            {
                continue;
            }

            var terms = new List<(Var, long)>();
            for (var u = 0; u < arcs.Length; u++)
            {
                for (var k = 0; k < arcs[u].Length; k++)
                {
                    var need = units.IskNeed[u][candidateIndex[u][k]];
                    if (units.IskRegionOfLocation[arcs[u][k]] == r && need > 0)
                    {
                        terms.Add((new Var(VarKind.Arc, u, k), need));
                    }
                }
            }

            rows.Add(new IskRow(r, [.. terms], units.IskSeatsOfRegion[r]));
        }

        return [.. rows];
    }

    /// <summary>A variable: its kind, the unit or row it belongs to, and for an arc the arc's number within its unit.</summary>
    public readonly record struct Var(VarKind Kind, int Index, int Arc = 0);

    /// <summary>At most one of <paramref name="A"/> and <paramref name="B"/> (pair number <paramref name="Pair"/>, at <paramref name="Location"/>).</summary>
    public sealed record ApartRow(int Pair, int Location, Var A, Var B);

    /// <summary>Seats needed in education region <paramref name="Region"/> beyond its <paramref name="Seats"/> free seats.</summary>
    public sealed record IskRow(int Region, (Var Var, long Need)[] Terms, long Seats);

    /// <summary>Youths placed at balance node <paramref name="Node"/>'s locations beyond its <paramref name="Free"/> room.</summary>
    public sealed record BalanceRow(int Node, string Code, int[] Locations, long Free);
}

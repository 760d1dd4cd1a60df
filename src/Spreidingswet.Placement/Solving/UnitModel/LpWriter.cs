using System.Globalization;
using System.Text;
using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Outputs;
using Spreidingswet.Placement.Preparation;
using static Spreidingswet.Placement.Solving.UnitModel.UnitProgram;

namespace Spreidingswet.Placement.Solving.UnitModel;

/// <summary>
/// Writes the last tier's model in CPLEX LP format, with the earlier tiers as constraints held at
/// the values reached: every candidate arc (no pruning), integer costs, minimisation. Any MIP solver
/// can re-solve it; when the proposal is optimal its optimum equals <c>solver.objective</c>.
/// </summary>
internal static class LpWriter
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Models with more arcs than this need an explicit force.</summary>
    public const long LargeModelArcs = 20_000_000;

    /// <summary>
    /// Writes the model of the given tier values (every candidate arc) to <paramref name="path"/>, atomically,
    /// and, when <paramref name="unitLocation"/> is given, the engine's solution next to it
    /// (<see cref="HintPath"/>: one variable name per line, the x and n variables at 1; all others are 0 or
    /// follow from them), for peers that take a starting solution (bench/peers).
    /// </summary>
    public static void Write(Units units, long[] tierValues, string policy, string path, int[]? unitLocation = null)
    {
        var program = new UnitProgram(units, units.Candidates);
        AtomicFile.Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
            Write(program, tierValues, policy, writer);
        });
        if (unitLocation is not null)
        {
            AtomicFile.Write(HintPath(path), stream =>
            {
                using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
                for (var u = 0; u < unitLocation.Length; u++)
                {
                    writer.WriteLine(unitLocation[u] < 0 ? $"n{u.ToString(Inv)}" : $"x{u.ToString(Inv)}_{unitLocation[u].ToString(Inv)}");
                }
            });
        }
    }

    /// <summary>The engine's solution beside an exported model: model.lp -> model.lp.hint.</summary>
    public static string HintPath(string path) => path + ".hint";

    private static void Write(UnitProgram program, long[] tierValues, string policy, TextWriter w)
    {
        var units = program.Units;
        var last = units.Tiers.Count - 1;
        var locations = units.Problem.Locations;
        w.WriteLine($"\\ Spreidingswet.Placement {PlacementEngine.Version}: policy {policy}, tier '{units.Tiers[last].Name}' with earlier tiers held at their values");
        w.WriteLine($"\\ {units.Count} units (a sibling group is one unit), {locations.Length} locations, {units.ArcCount} candidate arcs");
        w.WriteLine("\\ x<u>_<l> = 1 when unit u goes to location l; n<u> = 1 when unit u stays unplaced. Units:");
        for (var u = 0; u < units.Count; u++)
        {
            w.WriteLine($"\\   u{u.ToString(Inv)}: {string.Join(' ', units.Members[u].Select(m => units.Problem.Youths[m].Youth.Id))}");
        }

        w.WriteLine("Minimize");
        WriteTerms(w, " obj:", Objective(program, last));
        w.WriteLine();
        w.WriteLine("Subject To");
        WriteRows(program, tierValues, w);
        WriteBounds(program, w);
        w.WriteLine("End");
    }

    /// <summary>The rows in the program's order, then the earlier tiers held at their values.</summary>
    private static void WriteRows(UnitProgram program, long[] tierValues, TextWriter w)
    {
        for (var u = 0; u < program.Arcs.Length; u++)
        {
            WriteTerms(w, $" one{u}:", program.Arcs[u].Select((_, k) => " + " + Name(program, new(VarKind.Arc, u, k))).Append(" + " + Name(program, new(VarKind.Unplaced, u))));
            w.WriteLine(" = 1");
        }

        for (var l = 0; l < program.ArcsAt.Length; l++)
        {
            if (program.ArcsAt[l].Length > 0)
            {
                WriteTerms(w, $" beds{l}:", Load(program, [l], " + "));
                w.WriteLine($" <= {program.Units.Problem.Locations[l].Beds.ToString(Inv)}");
            }
        }

        foreach (var row in program.Apart)
        {
            w.WriteLine($" apart{row.Pair}_{row.Location}: {Name(program, row.A)} + {Name(program, row.B)} <= 1");
        }

        // Balance: over<b> >= youths placed in its locations minus its free room under the target.
        foreach (var row in program.Balance)
        {
            WriteTerms(w, $" balance{row.Node}: over{row.Node}", Load(program, row.Locations, " - "));
            w.WriteLine($" >= {(-row.Free).ToString(Inv)}");
        }

        // ISK seats: isk<r> >= seats taken in region r minus its free seats.
        foreach (var row in program.IskSeats)
        {
            WriteTerms(w, $" iskseats{row.Region}: isk{row.Region}", row.Terms.Select(t => $" - {t.Need.ToString(Inv)} {Name(program, t.Var)}"));
            w.WriteLine($" >= {(-row.Seats).ToString(Inv)}");
        }

        for (var t = 0; t < program.Units.Tiers.Count - 1; t++)
        {
            WriteTerms(w, $" tier{t}:", Objective(program, t));
            w.WriteLine($" <= {tierValues[t].ToString(Inv)}");
        }
    }

    /// <summary>Bounds and integrality: the balance and ISK integers in [0, youths], the rest binary.</summary>
    private static void WriteBounds(UnitProgram program, TextWriter w)
    {
        if (program.Balance.Length > 0 || program.IskSeats.Length > 0)
        {
            w.WriteLine("Bounds");
            foreach (var row in program.Balance)
            {
                w.WriteLine($" 0 <= over{row.Node} <= {program.IntegerUpper.ToString(Inv)}");
            }

            foreach (var row in program.IskSeats)
            {
                w.WriteLine($" 0 <= isk{row.Region} <= {program.IntegerUpper.ToString(Inv)}");
            }

            w.WriteLine("General");
            WriteTerms(w, "", program.Balance.Select(row => $" over{row.Node}").Concat(program.IskSeats.Select(row => $" isk{row.Region}")));
            w.WriteLine();
        }

        w.WriteLine("Binary");
        for (var u = 0; u < program.Arcs.Length; u++)
        {
            WriteTerms(w, "", program.Arcs[u].Select((_, k) => " " + Name(program, new(VarKind.Arc, u, k))).Append(" " + Name(program, new(VarKind.Unplaced, u))));
            w.WriteLine();
        }
    }

    /// <summary>A tier's objective as LP terms (a zero objective still needs one term).</summary>
    private static IEnumerable<string> Objective(UnitProgram program, int tier)
    {
        var terms = program.Objective(tier);
        return terms.Count == 0
            ? [" + 0 n0"]
            : terms.Select(t => $" + {t.Coefficient.ToString(Inv)} {Name(program, t.Var)}");
    }

    /// <summary>Members placed at the given locations as LP terms with the given sign.</summary>
    private static IEnumerable<string> Load(UnitProgram program, int[] locations, string sign)
        => locations.SelectMany(l => program.ArcsAt[l]).Select(a => $"{sign}{program.Size(a.Unit).ToString(Inv)} {Name(program, new(VarKind.Arc, a.Unit, a.Arc))}");

    private static string Name(UnitProgram program, UnitProgram.Var v) => v.Kind switch
    {
        VarKind.Arc => $"x{v.Index.ToString(Inv)}_{program.Arcs[v.Index][v.Arc].ToString(Inv)}",
        VarKind.Unplaced => $"n{v.Index.ToString(Inv)}",
        VarKind.Over => $"over{v.Index.ToString(Inv)}",
        _ => $"isk{program.IskSeats[v.Index].Region.ToString(Inv)}",
    };

    /// <summary>Writes terms a few per line (LP readers limit line length).</summary>
    private static void WriteTerms(TextWriter w, string label, IEnumerable<string> terms)
    {
        w.Write(label);
        var n = 0;
        foreach (var term in terms)
        {
            if (n > 0 && n % 8 == 0)
            {
                w.WriteLine();
                w.Write("  ");
            }

            w.Write(term);
            n++;
        }
    }
}

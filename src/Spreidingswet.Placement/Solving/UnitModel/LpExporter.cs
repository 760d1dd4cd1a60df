using System.Globalization;
using System.Text;
using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Outputs;
using Spreidingswet.Placement.Preparation;

namespace Spreidingswet.Placement.Solving.UnitModel;

/// <summary>
/// Writes the last tier's model in CPLEX LP format, with the earlier tiers as constraints held at
/// the values reached: every candidate arc (no pruning), integer costs, minimisation. Any MIP solver
/// can re-solve it; when the proposal is optimal its optimum equals <c>solver.objective</c>.
/// </summary>
internal static class LpExporter
{
    /// <summary>Models with more arcs than this need an explicit force.</summary>
    public const long LargeModelArcs = 20_000_000;

    public static void Write(Units units, Solver solver, long[] tierValues, PlacementProblem problem, string policy, string path)
    {
        AtomicFile.Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
            Write(units, solver, tierValues, problem, policy, writer);
        });
    }

    private static void Write(Units units, Solver solver, long[] tierValues, PlacementProblem problem, string policy, TextWriter w)
    {
        var inv = CultureInfo.InvariantCulture;
        var last = units.Tiers.Count - 1;
        var locations = units.Problem.Locations;
        w.WriteLine($"\\ Spreidingswet.Placement {PlacementEngine.Version}: policy {policy}, tier '{units.Tiers[last].Name}' with earlier tiers held at their values");
        w.WriteLine($"\\ {units.Count} units (a sibling group is one unit), {locations.Length} locations, {units.ArcCount} candidate arcs");
        w.WriteLine("\\ x<u>_<l> = 1 when unit u goes to location l; n<u> = 1 when unit u stays unplaced. Units:");
        for (var u = 0; u < units.Count; u++)
        {
            w.WriteLine($"\\   u{u.ToString(inv)}: {string.Join(' ', units.Members[u].Select(m => units.Problem.Youths[m].Youth.Id))}");
        }

        w.WriteLine("Minimize");
        WriteExpression(w, " obj:", units, solver, last);
        w.WriteLine();
        w.WriteLine("Subject To");
        for (var u = 0; u < units.Count; u++)
        {
            var terms = units.Candidates[u].Select(l => $"x{u}_{l}").Append($"n{u}");
            WriteTerms(w, $" one{u}:", terms.Select(t => " + " + t));
            w.WriteLine(" = 1");
        }

        var perLocation = new List<string>[locations.Length];
        for (var l = 0; l < locations.Length; l++)
        {
            perLocation[l] = [];
        }

        for (var u = 0; u < units.Count; u++)
        {
            foreach (var l in units.Candidates[u])
            {
                perLocation[l].Add($" + {units.Members[u].Length.ToString(inv)} x{u}_{l}");
            }
        }

        for (var l = 0; l < locations.Length; l++)
        {
            if (perLocation[l].Count > 0)
            {
                WriteTerms(w, $" beds{l}:", perLocation[l]);
                w.WriteLine($" <= {locations[l].Beds.ToString(inv)}");
            }
        }

        var pair = 0;
        foreach (var (a, b) in units.Problem.KeepApartPairs)
        {
            var ua = units.UnitOf[a];
            var ub = units.UnitOf[b];
            if (ua == ub)
            {
                continue;
            }

            foreach (var l in units.Candidates[ua].Intersect(units.Candidates[ub]))
            {
                w.WriteLine($" apart{pair}_{l}: x{ua}_{l} + x{ub}_{l} <= 1");
            }

            pair++;
        }

        // Balance: over<b> >= youths placed in region b minus its free room under the target.
        for (var b = 0; b < units.BalanceNodes.Length; b++)
        {
            var node = units.BalanceNodes[b];
            var members = node.Locations.ToHashSet();
            var terms = perLocation.Where((_, l) => members.Contains(l)).SelectMany(p => p).Select(t => t.Replace(" + ", " - ", StringComparison.Ordinal));
            WriteTerms(w, $" balance{b}: over{b}", terms);
            w.WriteLine($" >= {(-node.Free).ToString(inv)}");
        }

        // ISK seats: isk<r> >= seats taken in region r minus its free seats.
        var iskRegions = IskRegions(units);
        foreach (var r in iskRegions)
        {
            var terms = new List<string>();
            for (var u = 0; u < units.Count; u++)
            {
                for (var k = 0; k < units.Candidates[u].Length; k++)
                {
                    var l = units.Candidates[u][k];
                    if (units.IskRegionOfLocation[l] == r && units.IskNeed![u][k] > 0)
                    {
                        terms.Add($" - {units.IskNeed[u][k].ToString(inv)} x{u}_{l}");
                    }
                }
            }

            WriteTerms(w, $" iskseats{r}: isk{r}", terms);
            w.WriteLine($" >= {(-units.IskSeatsOfRegion[r]).ToString(inv)}");
        }

        for (var t = 0; t < last; t++)
        {
            WriteExpression(w, $" tier{t}:", units, solver, t);
            w.WriteLine($" <= {tierValues[t].ToString(inv)}");
        }

        if (units.BalanceNodes.Length > 0 || iskRegions.Count > 0)
        {
            w.WriteLine("Bounds");
            for (var b = 0; b < units.BalanceNodes.Length; b++)
            {
                w.WriteLine($" 0 <= over{b} <= {units.Problem.Youths.Length.ToString(inv)}");
            }

            foreach (var r in iskRegions)
            {
                w.WriteLine($" 0 <= isk{r} <= {units.Problem.Youths.Length.ToString(inv)}");
            }

            w.WriteLine("General");
            WriteTerms(w, "", Enumerable.Range(0, units.BalanceNodes.Length).Select(b => $" over{b}").Concat(iskRegions.Select(r => $" isk{r}")));
            w.WriteLine();
        }

        w.WriteLine("Binary");
        for (var u = 0; u < units.Count; u++)
        {
            WriteTerms(w, "", units.Candidates[u].Select(l => $" x{u}_{l}").Append($" n{u}"));
            w.WriteLine();
        }

        w.WriteLine("End");
    }

    private static void WriteExpression(TextWriter w, string label, Units units, Solver solver, int tier)
    {
        var terms = new List<string>();
        for (var u = 0; u < units.Count; u++)
        {
            foreach (var l in units.Candidates[u])
            {
                var c = solver.UnitCost(tier, u, l);
                if (c != 0)
                {
                    terms.Add($" + {c.ToString(CultureInfo.InvariantCulture)} x{u}_{l}");
                }
            }

            var cu = solver.UnitCost(tier, u, -1);
            if (cu != 0)
            {
                terms.Add($" + {cu.ToString(CultureInfo.InvariantCulture)} n{u}");
            }
        }

        if (units.BalanceWeight[tier] != 0)
        {
            for (var b = 0; b < units.BalanceNodes.Length; b++)
            {
                terms.Add($" + {units.BalanceWeight[tier].ToString(CultureInfo.InvariantCulture)} over{b}");
            }
        }

        if (units.IskWeight[tier] != 0)
        {
            foreach (var r in IskRegions(units))
            {
                terms.Add($" + {units.IskWeight[tier].ToString(CultureInfo.InvariantCulture)} isk{r}");
            }
        }

        if (terms.Count == 0)
        {
            terms.Add(" + 0 n0");
        }

        WriteTerms(w, label, terms);
    }

    /// <summary>Education regions whose ISK seats are limited (only when the criterion is in force).</summary>
    private static List<int> IskRegions(Units units)
        => units.IskNeed is null ? [] : [.. Enumerable.Range(0, units.IskSeatsOfRegion.Length).Where(r => units.IskSeatsOfRegion[r] >= 0)];

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

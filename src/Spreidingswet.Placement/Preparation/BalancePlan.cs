using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Rules;

namespace Spreidingswet.Placement.Preparation;

// Spreidingswet balance: municipalities and provinces with a target, each with its free room under
// the target. Youths placed beyond that room cost the balance weight per youth; in the flow a
// location's youths pass through its municipality node and then its province node.

internal sealed partial class Units
{
    /// <summary>A municipality or province with a Spreidingswet target: its free room under the target and the next node up.</summary>
    internal sealed record BalanceNode(string Code, long Free, int Parent, int[] Locations);

    /// <summary>Regions with a target (municipalities first, then provinces); empty without targets.csv.</summary>
    public BalanceNode[] BalanceNodes { get; }

    /// <summary>Per location, the first balance node its youths flow through, or -1.</summary>
    public int[] LocationBalanceNode { get; }

    /// <summary>Per tier, the balance weight per youth over target (true units).</summary>
    public long[] BalanceWeight { get; }

    /// <summary>Per group, the scaled cost per youth over target.</summary>
    public long[] GroupBalanceWeight { get; }

    /// <summary>True balance cost of an assignment in one tier.</summary>
    public long BalanceCost(int tier, int[] unitLocation)
    {
        if (BalanceWeight[tier] == 0 || BalanceNodes.Length == 0)
        {
            return 0;
        }

        var load = new long[Problem.Locations.Length];
        for (var u = 0; u < Members.Length; u++)
        {
            if (unitLocation[u] >= 0)
            {
                load[unitLocation[u]] += Members[u].Length;
            }
        }

        long cost = 0;
        foreach (var node in BalanceNodes)
        {
            var placed = node.Locations.Sum(l => load[l]);
            cost = checked(cost + (BalanceWeight[tier] * Math.Max(0, placed - node.Free)));
        }

        return cost;
    }

    private static (BalanceNode[], int[]) PlanBalance(ResolvedProblem problem)
    {
        var perLocation = new int[problem.Locations.Length];
        Array.Fill(perLocation, -1);
        if (problem.Targets.Count == 0)
        {
            return ([], perLocation);
        }

        // Reserved beds are residents outside this run: they count towards the load.
        Dictionary<string, List<int>> Group(Func<ResolvedLocation, string?> key) => problem.Locations
            .Where(l => key(l) is { } code && problem.Targets.ContainsKey(code))
            .GroupBy(l => key(l)!, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.Select(l => l.Index).ToList(), StringComparer.OrdinalIgnoreCase);
        var municipalities = Group(l => l.Municipality?.Code);
        var provinces = Group(l => l.Province?.Code);
        var nodes = new List<BalanceNode>();
        var provinceNode = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var provinceCodes = provinces.Keys.OrderBy(k => k, StringComparer.Ordinal).ToList();
        var municipalityCodes = municipalities.Keys.OrderBy(k => k, StringComparer.Ordinal).ToList();
        for (var i = 0; i < provinceCodes.Count; i++)
        {
            provinceNode[provinceCodes[i]] = municipalityCodes.Count + i;
        }

        foreach (var code in municipalityCodes)
        {
            var locs = municipalities[code];
            var province = problem.Locations[locs[0]].Province?.Code;
            var parent = province is not null && provinceNode.TryGetValue(province, out var p) ? p : -1;
            nodes.Add(new BalanceNode(code, Math.Max(0, problem.Targets[code] - locs.Sum(l => (long)problem.Locations[l].Location.Reserved)), parent, [.. locs]));
        }

        foreach (var code in provinceCodes)
        {
            var locs = provinces[code];
            nodes.Add(new BalanceNode(code, Math.Max(0, problem.Targets[code] - locs.Sum(l => (long)problem.Locations[l].Location.Reserved)), -1, [.. locs]));
        }

        for (var l = 0; l < problem.Locations.Length; l++)
        {
            var m = problem.Locations[l].Municipality?.Code;
            var pr = problem.Locations[l].Province?.Code;
            var mi = m is null ? -1 : municipalityCodes.IndexOf(m);
            perLocation[l] = mi >= 0 ? mi : pr is not null && provinceNode.TryGetValue(pr, out var pi) ? pi : -1;
        }

        return ([.. nodes], perLocation);
    }
}

namespace Spreidingswet.Placement.Solving.Flow;

/// <summary>
/// Repairs a split of a pooled optimum over the units where a unit had to go next to a keep-apart
/// partner: it swaps that share with another unit's share elsewhere when both costs stay the same
/// (the caller says which swaps keep them), so the flow into every location and the value are
/// unchanged. What cannot be swapped stays; the check of the split against the pruned network then
/// rejects it and the caller solves the group another way.
/// </summary>
internal static class KeepApartSwaps
{
    /// <summary>
    /// Separates each unit in <paramref name="candidates"/> from its partners and returns the units
    /// whose split changed (only those are rewritten). <paramref name="firstSwappable"/>: per unit, the
    /// first of its parts that may move (those before are fixed by the flow itself), null for none fixed.
    /// <paramref name="alternatives"/>(u, l): the locations u may take instead of l at the same cost.
    /// <paramref name="mayTake"/>(u, w, from, to): whether unit w may trade its share at from for u's at to.
    /// </summary>
    public static IReadOnlyCollection<int> Separate(IEnumerable<int> candidates, Dictionary<int, List<int>> partners, (int Location, long Amount)[][] split,
        int[]? firstSwappable, Func<int, int, IEnumerable<int>> alternatives, Func<int, int, int, int, bool> mayTake)
    {
        int First(int unit) => firstSwappable?[unit] ?? 0;
        bool Near(int unit, int location)
            => partners.TryGetValue(unit, out var mine) && mine.Any(v => split[v].Any(x => x.Location == location && x.Amount > 0));

        var forced = candidates.Distinct().Where(u => split[u].Skip(First(u)).Any(x => Near(u, x.Location))).ToArray();
        if (forced.Length == 0)
        {
            return [];
        }

        // Who holds a swappable share where (built once, kept up to date by Shift).
        var holders = new Dictionary<int, List<int>>();
        void Hold(int unit, int location) => (holders.TryGetValue(location, out var h) ? h : holders[location] = []).Add(unit);
        for (var w = 0; w < split.Length; w++)
        {
            for (var i = First(w); i < split[w].Length; i++)
            {
                Hold(w, split[w][i].Location);
            }
        }

        long Movable(int unit, int location) => split[unit].Skip(First(unit)).Where(x => x.Location == location).Sum(x => x.Amount);

        var changed = new HashSet<int>();
        void Shift(int unit, int from, int to, long amount)
        {
            var list = split[unit].ToList();
            for (var i = First(unit); i < list.Count && amount > 0; i++)
            {
                if (list[i].Location == from)
                {
                    var take = Math.Min(amount, list[i].Amount);
                    list[i] = (from, list[i].Amount - take);
                    list.Add((to, take));
                    amount -= take;
                }
            }

            Hold(unit, to);
            // Merged per location, fixed parts first: GroupBy keeps the order of first occurrence.
            split[unit] = [.. list.Where(x => x.Amount > 0).GroupBy(x => x.Location).Select(x => (x.Key, x.Sum(y => y.Amount)))];
            changed.Add(unit);
        }

        foreach (var u in forced)
        {
            foreach (var l in split[u].Skip(First(u)).Select(x => x.Location).Distinct().ToArray())
            {
                if (!Near(u, l))
                {
                    continue;
                }

                var need = Movable(u, l);
                foreach (var other in alternatives(u, l))
                {
                    if (need == 0)
                    {
                        break;
                    }

                    if (other == l || Near(u, other) || !holders.TryGetValue(other, out var there))
                    {
                        continue;
                    }

                    foreach (var w in there.Distinct().ToArray())
                    {
                        if (need > 0 && w != u && !Near(w, l) && mayTake(u, w, other, l) && Math.Min(need, Movable(w, other)) is var amount and > 0)
                        {
                            Shift(u, l, other, amount);
                            Shift(w, other, l, amount);
                            need -= amount;
                        }
                    }
                }
            }
        }

        return changed;
    }
}

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
    /// Separates each unit in <paramref name="forced"/> from its partners. <paramref name="firstSwappable"/>:
    /// per unit, the first of its parts that may move (those before are fixed by the flow itself).
    /// <paramref name="alternatives"/>(u, l): the locations u may take instead of l at the same cost.
    /// <paramref name="mayTake"/>(u, w, from, to): whether unit w may trade its share at from for u's at to.
    /// </summary>
    public static void Separate(IEnumerable<int> forced, Dictionary<int, List<int>> partners, (int Location, long Amount)[][] split, int[] firstSwappable,
        Func<int, int, IEnumerable<int>> alternatives, Func<int, int, int, int, bool> mayTake)
    {
        var lists = split.Select(x => x.ToList()).ToArray();
        var holders = new Dictionary<int, List<int>>();
        void Hold(int unit, int location) => (holders.TryGetValue(location, out var h) ? h : holders[location] = []).Add(unit);
        for (var w = 0; w < lists.Length; w++)
        {
            for (var i = firstSwappable[w]; i < lists[w].Count; i++)
            {
                Hold(w, lists[w][i].Location);
            }
        }

        bool Near(int unit, int location)
            => partners.TryGetValue(unit, out var mine) && mine.Any(v => lists[v].Any(x => x.Location == location && x.Amount > 0));

        long Movable(int unit, int location)
        {
            long amount = 0;
            for (var i = firstSwappable[unit]; i < lists[unit].Count; i++)
            {
                if (lists[unit][i].Location == location)
                {
                    amount += lists[unit][i].Amount;
                }
            }

            return amount;
        }

        void Shift(int unit, int from, int to, long amount)
        {
            var list = lists[unit];
            for (var i = firstSwappable[unit]; i < list.Count && amount > 0; i++)
            {
                if (list[i].Location == from)
                {
                    var take = Math.Min(amount, list[i].Amount);
                    list[i] = (from, list[i].Amount - take);
                    list.Add((to, take));
                    Hold(unit, to);
                    amount -= take;
                }
            }

            list.RemoveAll(x => x.Amount == 0);
        }

        foreach (var u in forced.Distinct().ToArray())
        {
            foreach (var l in lists[u].Skip(firstSwappable[u]).Select(x => x.Location).Distinct().ToArray())
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

        for (var u = 0; u < lists.Length; u++)
        {
            split[u] = [.. lists[u].GroupBy(x => x.Location).Select(x => (x.Key, x.Sum(y => y.Amount)))];
        }
    }
}

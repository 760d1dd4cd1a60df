namespace Spreidingswet.Placement.Solving.Flow;

// Pool assignment: which single youths share a pool node, and the pool's charge per location. A
// unit joins the pool of its open locations (and school region) when its costs elsewhere are one
// constant d_u plus the pool's charges; charges are learnt from the first units that set them and
// checked against every later one, so a pool's charges hold for each of its units.
internal sealed partial class PooledTierSolve
{
    /// <summary>
    /// Gives each single youth whose open arcs are all free (no fixed flow, no keep-apart gadget) the
    /// pool of its open locations (and school region, where placing costs anything), when its costs
    /// fit the pool's charges known so far.
    /// </summary>
    private void AssignPools()
    {
        // Where placing costs nothing (unplaced, priority) one pool per open set suffices; otherwise
        // the school region tells which youths are likely to share the charges.
        var anyCost = _net.ArcCosts[_t].Any(c => c.Any(x => x != 0));
        var locationCount = _units.Problem.Locations.Length;
        for (var u = 0; u < _units.Count; u++)
        {
            if (_units.Members[u].Length != 1 || _units.Candidates[u].Length == 0)
            {
                continue;
            }

            var youth = _units.Problem.Youths[_units.Members[u][0]];
            var candidates = _units.Candidates[u];
            var hash = new HashCode();
            if (!CollectOpen(u, candidates, ref hash) || _open.Count == 0)
            {
                continue;
            }

            var openLocations = _open.Select(k => candidates[k]).ToArray();
            var region = anyCost ? youth.SchoolRegion : null;
            hash.Add(region);
            var p = PoolFor(new PoolKey(hash.ToHashCode(), openLocations, region), openLocations, locationCount);
            FitIntoPool(u, p, candidates, youth.CurrentLocation);
        }
    }

    /// <summary>Fills <see cref="_open"/> with the unit's open candidate positions (hashing their locations); false when an arc has fixed flow or enters a gadget.</summary>
    private bool CollectOpen(int u, int[] candidates, ref HashCode hash)
    {
        var gadgetNodes = _net.NodeCount - _net.Sink - 1;
        var start = _net.ArcStart[u];
        _open.Clear();
        for (var k = 0; k < candidates.Length; k++)
        {
            var a = start + k;
            if (_net.Head[a] > _net.Sink && gadgetNodes > 0)
            {
                return false; // keep-apart gadget: own arcs
            }

            if (_active[a] && _lower[a] == 0 && _upper[a] == _net.Capacity[a])
            {
                _open.Add(k);
                hash.Add(candidates[k]);
            }
            else if (_lower[a] > 0)
            {
                return false; // fixed flow: own arcs
            }
        }

        return true;
    }

    private int PoolFor(PoolKey key, int[] openLocations, int locationCount)
    {
        if (!_keys.TryGetValue(key, out var p))
        {
            p = _poolLocations.Count;
            _keys[key] = p;
            _poolLocations.Add(openLocations);
            var unknown = new long[locationCount];
            Array.Fill(unknown, Unknown);
            _poolCost.Add(unknown);
        }

        return p;
    }

    /// <summary>Puts the unit in pool <paramref name="p"/> when its costs elsewhere are d_u plus the pool's charges where those are known, and learns the rest.</summary>
    private void FitIntoPool(int u, int p, int[] candidates, int current)
    {
        var unitCost = _net.ArcCosts[_t][u];

        // Offset: the least cost of going anywhere but the current location.
        var d = long.MaxValue;
        var stay = -1;
        foreach (var k in _open)
        {
            if (candidates[k] != current)
            {
                d = Math.Min(d, unitCost[k]);
            }
            else
            {
                stay = k;
            }
        }

        if (d == long.MaxValue)
        {
            return; // only its current location is open
        }

        // The shape must match the pool's charges where they are known already.
        var f = _poolCost[p];
        foreach (var k in _open)
        {
            if (k != stay && f[candidates[k]] != Unknown && f[candidates[k]] != unitCost[k] - d)
            {
                return;
            }
        }

        foreach (var k in _open)
        {
            if (k != stay)
            {
                f[candidates[k]] = unitCost[k] - d;
            }
        }

        _poolOf[u] = p;
        _offset[u] = d;
        _stayArc[u] = stay >= 0 ? _net.ArcStart[u] + stay : -1;
    }

    /// <summary>Staying must not be dearer than reaching the same location through the pool: such units keep their own arcs. Returns how many stay pooled.</summary>
    private int KeepCheaperStays()
    {
        var pooledUnits = 0;
        for (var u = 0; u < _units.Count; u++)
        {
            if (_poolOf[u] < 0)
            {
                continue;
            }

            if (_stayArc[u] >= 0 && _poolCost[_poolOf[u]][_units.Problem.Youths[_units.Members[u][0]].CurrentLocation] is var viaPool and not Unknown
                && _net.Cost(_t, _stayArc[u]) > _offset[u] + viaPool)
            {
                _poolOf[u] = -1;
                continue;
            }

            pooledUnits++;
        }

        return pooledUnits;
    }
}

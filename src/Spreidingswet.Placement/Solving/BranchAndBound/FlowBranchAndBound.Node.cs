namespace Spreidingswet.Placement.Solving.BranchAndBound;

/// <summary>
/// The search node: the flow, potentials and forbidden arcs of the current node, the per-unit and
/// per-location views kept in step with the flow, and the undo log that takes a child back to its
/// parent (every change to the state goes through <see cref="SetFlow"/>, <see cref="ShiftPotential"/>
/// or <see cref="Forbid"/>, which log the old value).
/// </summary>
internal sealed partial class FlowBranchAndBound
{
    /// <summary>True for a unit arc straight into its location node (kept in the dynamic in-lists).</summary>
    private bool IntoLocation(int a) => a < _net.LocationArcStart && _locationOfArc[a] >= 0 && _net.Head[a] == _net.LocationNode(_locationOfArc[a]);

    private int[] Assignment()
    {
        var location = new int[_unitCount];
        for (var u = 0; u < _unitCount; u++)
        {
            location[u] = -1;
            for (var a = _net.ArcStart[u]; a < _net.ArcStart[u + 1]; a++)
            {
                if (_flow[a] > 0)
                {
                    location[u] = _locationOfArc[a];
                }
            }
        }

        return location;
    }

    private LexVec ReducedCost(int a)
    {
        var tail = _net.Tail[a];
        var head = _net.Head[a];
        var v = default(LexVec);
        if (a < _net.LocationArcStart)
        {
            // A unit's arc (the hot case of every repair): its cost straight from the arrays.
            var k = a - _net.ArcStart[tail];
            var placed = a < _net.ArcStart[tail + 1] - 1;
            for (var g = 0; g < _groups; g++)
            {
                v[g] = (placed ? _net.ArcCosts[g][tail][k] : _units.GroupUnplacedCost[g][tail]) + _pi[g][tail] - _pi[g][head];
            }

            return v;
        }

        for (var g = 0; g < _groups; g++)
        {
            v[g] = _net.Cost(g, a) + _pi[g][tail] - _pi[g][head];
        }

        return v;
    }

    private LexVec Cost(int a)
    {
        var v = default(LexVec);
        for (var g = 0; g < _groups; g++)
        {
            v[g] = _net.Cost(g, a);
        }

        return v;
    }

    /// <summary>Keeps <see cref="_used"/> (arcs with flow per unit) when a unit arc's flow changes.</summary>
    private void CountUse(int a, long old, long value)
    {
        if (a < _net.ArcStart[_unitCount] && (old > 0) != (value > 0))
        {
            _used[_net.Tail[a]] += value > 0 ? 1 : -1;
        }
    }

    private void SetFlow(int a, long value)
    {
        var old = _flow[a];
        if (old == value)
        {
            return;
        }

        _log.Add(new UndoEntry(UndoKind.Flow, a, old));
        _flow[a] = value;
        CountUse(a, old, value);
        if (IntoLocation(a))
        {
            var list = _inflow[_locationOfArc[a]];
            if (old == 0)
            {
                list.Add(a);
            }
            else if (value == 0)
            {
                list.Remove(a);
            }
        }
    }


    private void Undo(int mark)
    {
        for (var i = _log.Count - 1; i >= mark; i--)
        {
            var e = _log[i];
            switch (e.Kind)
            {
                case UndoKind.Forbidden:
                    _forbidden[e.Index] = false;
                    break;
                case UndoKind.Flow:
                    var a = e.Index;
                    var now = _flow[a];
                    _flow[a] = e.Old;
                    CountUse(a, now, e.Old);
                    if (IntoLocation(a))
                    {
                        var list = _inflow[_locationOfArc[a]];
                        if (now == 0 && e.Old > 0)
                        {
                            list.Add(a);
                        }
                        else if (now > 0 && e.Old == 0)
                        {
                            list.Remove(a);
                        }
                    }

                    _value = _value.Subtract(Cost(a).Scale(now - e.Old));
                    break;
                default:
                    _pi[e.Index / _nodes][e.Index % _nodes] = e.Old;
                    break;
            }
        }

        _log.RemoveRange(mark, _log.Count - mark);
    }

    private enum UndoKind : byte
    {
        Forbidden,
        Flow,
        Potential,
    }

    private readonly record struct UndoEntry(UndoKind Kind, int Index, long Old);
}

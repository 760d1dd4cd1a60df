using System.Runtime.CompilerServices;

namespace Spreidingswet.Placement.Solving.MinCostFlow;

/// <summary>The pivot steps and the tree operations they use; each step works on the fields of the solve.</summary>
internal sealed partial class NetworkSimplex
{
    /// <summary>Block search: the most violating arc of the first block that has one; false when none violates (optimal).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool FindEnteringArc()
    {
        var state = _state;
        var cost = _cost;
        var pi = _pi;
        var tail = _tail;
        var head = _head;
        var m = _arcCount;
        var block = _blockSize;
        var next = _nextArc;
        var entering = -1;
        long best = 0;
        var scanned = 0;
        for (var k = 0; k < m; k++)
        {
            var a = next;
            next = next + 1 == m ? 0 : next + 1;
            if (state[a] != 0)
            {
                var violation = state[a] * (cost[a] + pi[tail[a]] - pi[head[a]]);
                if (violation < best)
                {
                    best = violation;
                    entering = a;
                }
            }

            if (++scanned == block)
            {
                if (entering >= 0)
                {
                    break;
                }

                scanned = 0;
            }
        }

        _nextArc = next;
        _entering = entering;
        return entering >= 0;
    }

    /// <summary>Orients the cycle (along the entering arc from <see cref="_first"/> to <see cref="_second"/>) and finds its apex.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void FindJoinNode()
    {
        var entering = _entering;
        if (_state[entering] == 1)
        {
            (_first, _second) = (_tail[entering], _head[entering]);
        }
        else
        {
            (_first, _second) = (_head[entering], _tail[entering]);
        }

        var parent = _parent;
        var depth = _depth;
        var a = _first;
        var b = _second;
        while (depth[a] > depth[b])
        {
            a = parent[a];
        }

        while (depth[b] > depth[a])
        {
            b = parent[b];
        }

        while (a != b)
        {
            a = parent[a];
            b = parent[b];
        }

        _join = a;
    }

    /// <summary>
    /// The blocking arc of the cycle and the amount it allows (ties as in the design note: strict on
    /// the first path, the later arc on the second); false when nothing bounds the cycle (unbounded).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool FindLeavingArc()
    {
        var parent = _parent;
        var pred = _pred;
        var tail = _tail;
        var head = _head;
        var cap = _cap;
        var flow = _flow;
        var join = _join;
        var delta = cap[_entering];
        var side = LeavingSide.Entering;
        var leaving = -1;
        for (var u = _first; u != join; u = parent[u])
        {
            var e = pred[u];
            var down = head[e] == u;
            var d = down ? cap[e] - flow[e] : flow[e];
            if (d < delta)
            {
                (delta, leaving, side) = (d, u, LeavingSide.First);
            }
        }

        for (var u = _second; u != join; u = parent[u])
        {
            var e = pred[u];
            var up = tail[e] == u;
            var d = up ? cap[e] - flow[e] : flow[e];
            if (d <= delta)
            {
                (delta, leaving, side) = (d, u, LeavingSide.Second);
            }
        }

        (_delta, _leaving, _side) = (delta, leaving, side);
        return delta < Infinite;
    }

    /// <summary>Pushes <see cref="_delta"/> around the cycle; when the entering arc itself blocks, it moves to its other bound.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void ChangeFlow()
    {
        var entering = _entering;
        var state = _state;
        if (_delta > 0)
        {
            var parent = _parent;
            var pred = _pred;
            var tail = _tail;
            var flow = _flow;
            var join = _join;
            var signed = state[entering] * _delta;
            flow[entering] += signed;
            for (var u = tail[entering]; u != join; u = parent[u])
            {
                var e = pred[u];
                flow[e] += tail[e] == u ? -signed : signed;
            }

            for (var u = _head[entering]; u != join; u = parent[u])
            {
                var e = pred[u];
                flow[e] += tail[e] == u ? signed : -signed;
            }
        }

        if (_side == LeavingSide.Entering)
        {
            state[entering] = (sbyte)-state[entering];
        }
    }

    /// <summary>
    /// The leaving arc leaves the tree at its bound; the subtree below it hangs from the entering arc,
    /// re-rooted at the entering arc's end inside it (the parent links along the old path reversed).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void UpdateTreeStructure()
    {
        var parent = _parent;
        var pred = _pred;
        var firstChild = _firstChild;
        var nextSibling = _nextSibling;
        var prevSibling = _prevSibling;
        var entering = _entering;
        var leaving = _leaving;
        var leavingArc = pred[leaving];
        _state[leavingArc] = (sbyte)(_flow[leavingArc] == 0 ? 1 : -1);
        _state[entering] = 0;
        var inside = _side == LeavingSide.First ? _first : _second;
        var outside = _side == LeavingSide.First ? _second : _first;
        (_inside, _outside) = (inside, outside);
        var previous = outside;
        var previousArc = entering;
        var x = inside;
        while (true)
        {
            var oldParent = parent[x];
            var oldArc = pred[x];
            Detach(x, parent, firstChild, nextSibling, prevSibling);
            Attach(x, previous, parent, firstChild, nextSibling, prevSibling);
            pred[x] = previousArc;
            if (x == leaving)
            {
                break;
            }

            previous = x;
            previousArc = oldArc;
            x = oldParent;
        }
    }

    /// <summary>Potentials and depths of the moved subtree, from its new root: one shift makes the entering arc's reduced cost zero.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void UpdatePotential()
    {
        var pi = _pi;
        var entering = _entering;
        var inside = _inside;
        var outside = _outside;
        var shift = (_tail[entering] == inside ? pi[outside] - _cost[entering] : pi[outside] + _cost[entering]) - pi[inside];
        Refresh(inside, _depth[outside] + 1, shift, pi, _depth, _parent, _firstChild, _nextSibling);
    }

    private static void Detach(int x, int[] parent, int[] firstChild, int[] nextSibling, int[] prevSibling)
    {
        var p = parent[x];
        if (prevSibling[x] >= 0)
        {
            nextSibling[prevSibling[x]] = nextSibling[x];
        }
        else
        {
            firstChild[p] = nextSibling[x];
        }

        if (nextSibling[x] >= 0)
        {
            prevSibling[nextSibling[x]] = prevSibling[x];
        }
    }

    private static void Attach(int x, int p, int[] parent, int[] firstChild, int[] nextSibling, int[] prevSibling)
    {
        parent[x] = p;
        prevSibling[x] = -1;
        nextSibling[x] = firstChild[p];
        if (firstChild[p] >= 0)
        {
            prevSibling[firstChild[p]] = x;
        }

        firstChild[p] = x;
    }

    /// <summary>Adds <paramref name="shift"/> to the potentials of the subtree of <paramref name="top"/> and sets its depths.</summary>
    private static void Refresh(int top, int topDepth, long shift, long[] pi, int[] depth, int[] parent, int[] firstChild, int[] nextSibling)
    {
        // Iterative pre-order walk: down to the first child, else to the next sibling of the
        // nearest ancestor (within the subtree) that has one.
        depth[top] = topDepth;
        pi[top] += shift;
        var x = top;
        while (true)
        {
            var child = firstChild[x];
            if (child >= 0)
            {
                depth[child] = depth[x] + 1;
                pi[child] += shift;
                x = child;
                continue;
            }

            while (x != top && nextSibling[x] < 0)
            {
                x = parent[x];
            }

            if (x == top)
            {
                return;
            }

            var sibling = nextSibling[x];
            depth[sibling] = depth[x];
            pi[sibling] += shift;
            x = sibling;
        }
    }
}

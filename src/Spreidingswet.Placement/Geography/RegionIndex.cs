using NetTopologySuite.Geometries;

namespace Spreidingswet.Placement.Geography;

/// <summary>
/// Exact point-in-region lookup over one layer, built once and read-only afterwards (thread-safe).
/// A uniform grid covers the layer: a cell crossed by no region edge belongs wholly to one region
/// (or to none) and answers at once; a cell crossed by edges keeps its candidate regions, each
/// tested by even-odd ray casting over only that region's edges in the cell's grid row. Each
/// boundary cell is refined into 8 x 8 sub-cells: a sub-cell crossed by no edge answers at once too,
/// so ray casting runs only for points in the few sub-cells that an edge passes through.
/// With overlapping regions the first region in layer order wins.
/// </summary>
internal sealed class RegionIndex
{
    private const int Outside = -1;

    /// <summary>Sub-cells per side of a boundary cell.</summary>
    private readonly int _sub;

    /// <summary>A sub-cell crossed by an edge: the candidates are tested.</summary>
    private const short Crossed = -2;

    private readonly double _minX;
    private readonly double _minY;
    private readonly double _invCellW;
    private readonly double _invCellH;
    private readonly int _nx;
    private readonly int _ny;

    // >= 0: the region; -1: outside every region; <= -2: boundary cell k = -value - 2.
    private readonly int[] _cells;
    private readonly int[] _candidateStart;
    private readonly int[] _candidates;

    // Per boundary cell k, Sub x Sub entries from k * Sub * Sub: the region (>= 0), -1 outside, or Crossed.
    private readonly short[] _subCells;

    // Per region: first grid row and, per row from there, a slice of _edges (x1, y1, x2, y2).
    private readonly int[] _regionRow0;
    private readonly int[] _regionRowCount;
    private readonly int[] _regionRowBase;
    private readonly int[] _rowEdgeStart;
    private readonly double[] _edges;

    /// <summary>
    /// Builds the index in three steps: the region edges per grid row (<see cref="CollectEdges"/>),
    /// the cells classified as inside one region, outside all, or on a boundary with their
    /// candidates (<see cref="ClassifyCells"/>), and the boundary cells refined into sub-cells
    /// (<see cref="RefineBoundaryCells"/>).
    /// </summary>
    public RegionIndex(IReadOnlyList<Geometry> regions, int maxCellsPerSide = 1024, int subCellsPerSide = 8)
    {
        ArgumentNullException.ThrowIfNull(regions);
        ArgumentOutOfRangeException.ThrowIfLessThan(subCellsPerSide, 1);
        _sub = subCellsPerSide;
        Count = regions.Count;

        // The grid: square-ish cells over the layer's envelope, at most maxCellsPerSide per side.
        var envelope = LayerEnvelope(regions);
        var w = Math.Max(envelope.Width, 1.0);
        var h = Math.Max(envelope.Height, 1.0);
        var cell = Math.Max(w, h) / maxCellsPerSide;
        _nx = Math.Max(1, (int)Math.Ceiling(w / cell));
        _ny = Math.Max(1, (int)Math.Ceiling(h / cell));
        _minX = envelope.MinX;
        _minY = envelope.MinY;
        var cellW = w / _nx;
        var cellH = h / _ny;
        _invCellW = 1.0 / cellW;
        _invCellH = 1.0 / cellH;

        var regionEnvelopes = regions.Select(g => g.EnvelopeInternal).ToArray();
        var fine = new FineMarks(_nx * _sub, _ny * _sub);
        var edges = CollectEdges(regions, regionEnvelopes, fine);
        _regionRow0 = edges.Row0;
        _regionRowCount = edges.RowCount;
        _regionRowBase = edges.RowBase;
        _rowEdgeStart = edges.RowEdgeStart;
        _edges = edges.Edges;

        _cells = new int[_nx * _ny];
        (_candidateStart, _candidates) = ClassifyCells(regionEnvelopes, edges.BoundaryRegions, cellW, cellH);
        _subCells = RefineBoundaryCells(fine, cellW, cellH);
    }

    /// <summary>Number of regions indexed.</summary>
    public int Count { get; }

    /// <summary>The region containing (x, y), or -1 when none does.</summary>
    public int Locate(double x, double y)
    {
        var fx = (x - _minX) * _invCellW;
        var fy = (y - _minY) * _invCellH;
        if (!(fx >= 0) || !(fy >= 0))
        {
            return Outside; // also rejects NaN
        }

        var i = (int)fx;
        var j = (int)fy;

        // A point exactly on the far edge of the envelope still belongs to the last cell.
        if (i >= _nx)
        {
            if (fx > _nx)
            {
                return Outside;
            }

            i = _nx - 1;
        }

        if (j >= _ny)
        {
            if (fy > _ny)
            {
                return Outside;
            }

            j = _ny - 1;
        }

        var c = _cells[(j * _nx) + i];
        if (c >= Outside)
        {
            return c;
        }

        var k = -c - 2;
        var sub = _sub;
        var si = Math.Min((int)((fx - i) * sub), sub - 1);
        var sj = Math.Min((int)((fy - j) * sub), sub - 1);
        var s = _subCells[(k * sub * sub) + (sj * sub) + si];
        return s != Crossed ? s : TestCandidates(k, j, x, y);
    }

    /// <summary>The first candidate region of boundary cell <paramref name="k"/> containing (x, y), by ray casting.</summary>
    private int TestCandidates(int k, int j, double x, double y)
    {
        var end = _candidateStart[k + 1];
        for (var p = _candidateStart[k]; p < end; p++)
        {
            var r = _candidates[p];
            if (Contains(r, j, x, y))
            {
                return r;
            }
        }

        return Outside;
    }

    /// <summary>
    /// Classifies the sub-cells of every boundary cell: those crossed by an edge stay <see cref="Crossed"/>;
    /// the others, connected within the cell, share one answer, found by ray casting at one sub-cell's centre.
    /// </summary>
    private short[] RefineBoundaryCells(FineMarks fine, double cellW, double cellH)
    {
        var sub = _sub;
        var count = _candidateStart.Length - 1;
        var result = new short[count * sub * sub];
        if (Count > short.MaxValue)
        {
            Array.Fill(result, Crossed); // region indexes do not fit a sub-cell: always ray-cast
            return result;
        }

        var done = new bool[sub * sub];
        var stack = new Stack<int>();
        for (var cell = 0; cell < _cells.Length; cell++)
        {
            if (_cells[cell] >= Outside)
            {
                continue;
            }

            var k = -_cells[cell] - 2;
            var (i, j) = (cell % _nx, cell / _nx);
            Array.Clear(done);
            for (var s = 0; s < sub * sub; s++)
            {
                var (si, sj) = (s % sub, s / sub);
                if (fine.IsMarked((i * sub) + si, (j * sub) + sj))
                {
                    result[(k * sub * sub) + s] = Crossed;
                    done[s] = true;
                }
            }

            for (var s = 0; s < sub * sub; s++)
            {
                if (done[s])
                {
                    continue;
                }

                var x = _minX + ((i + (((s % sub) + 0.5) / sub)) * cellW);
                var y = _minY + ((j + (((s / sub) + 0.5) / sub)) * cellH);
                var region = (short)TestCandidates(k, j, x, y);
                done[s] = true;
                stack.Push(s);
                while (stack.TryPop(out var t))
                {
                    result[(k * sub * sub) + t] = region;
                    var (ti, tj) = (t % sub, t / sub);
                    Visit(ti > 0, t - 1);
                    Visit(ti < sub - 1, t + 1);
                    Visit(tj > 0, t - sub);
                    Visit(tj < sub - 1, t + sub);
                }
            }
        }

        return result;

        void Visit(bool exists, int next)
        {
            if (exists && !done[next])
            {
                done[next] = true;
                stack.Push(next);
            }
        }
    }

    /// <summary>The cells of a grid _sub times finer than the index's that some edge passes through (a bit set, for building only).</summary>
    private static Envelope LayerEnvelope(IReadOnlyList<Geometry> regions)
    {
        var envelope = new Envelope();
        foreach (var g in regions)
        {
            envelope.ExpandToInclude(g.EnvelopeInternal);
        }

        return envelope.IsNull ? new Envelope(0, 1, 0, 1) : envelope;
    }

    /// <summary>
    /// Every region's edges sliced by grid row (the slices ray casting reads), the fine grid marked
    /// where edges pass, and per boundary cell the regions whose edges cross it (layer order).
    /// </summary>
    private EdgeTable CollectEdges(IReadOnlyList<Geometry> regions, Envelope[] regionEnvelopes, FineMarks fine)
    {
        var table = new EdgeTable(new int[Count], new int[Count], new int[Count]);
        var rowStarts = new List<int>();
        var edges = new List<double>();
        for (var r = 0; r < Count; r++)
        {
            var env = regionEnvelopes[r];
            table.RowBase[r] = rowStarts.Count;
            if (env.IsNull)
            {
                continue;
            }

            var row0 = RowOf(env.MinY);
            var perRow = RegionEdgesByRow(r, ExtractRings(regions[r]), row0, RowOf(env.MaxY), fine, table.BoundaryRegions);
            table.Row0[r] = row0;
            table.RowCount[r] = perRow.Length;
            foreach (var list in perRow)
            {
                rowStarts.Add(edges.Count / 4);
                edges.AddRange(list);
            }
        }

        rowStarts.Add(edges.Count / 4);
        table.RowEdgeStart = [.. rowStarts];
        table.Edges = [.. edges];
        return table;
    }

    /// <summary>One region's edges per grid row from <paramref name="row0"/> to <paramref name="row1"/>, marking the cells they cross.</summary>
    private List<double>[] RegionEdgesByRow(int region, Coordinate[][] rings, int row0, int row1, FineMarks fine, Dictionary<int, List<int>> boundaryRegions)
    {
        var perRow = new List<double>[row1 - row0 + 1];
        for (var i = 0; i < perRow.Length; i++)
        {
            perRow[i] = [];
        }

        var edgeCells = new HashSet<long>();
        foreach (var ring in rings)
        {
            for (var i = 0; i + 1 < ring.Length; i++)
            {
                var a = ring[i];
                var b = ring[i + 1];
                if (a.X == b.X && a.Y == b.Y)
                {
                    continue;
                }

                fine.Mark(this, a, b);
                var ra = RowOf(Math.Min(a.Y, b.Y));
                var rb = RowOf(Math.Max(a.Y, b.Y));
                for (var row = ra; row <= rb; row++)
                {
                    perRow[row - row0].AddRange([a.X, a.Y, b.X, b.Y]);
                    MarkCells(a, b, row, edgeCells);
                }

                foreach (var key in edgeCells)
                {
                    var cellIndex = (int)key;
                    if (!boundaryRegions.TryGetValue(cellIndex, out var list))
                    {
                        boundaryRegions[cellIndex] = list = [];
                    }

                    if (list.Count == 0 || list[^1] != region)
                    {
                        list.Add(region);
                    }
                }

                edgeCells.Clear();
            }
        }

        return perRow;
    }

    /// <summary>
    /// Classifies every cell into <see cref="_cells"/>. A boundary cell keeps every region whose
    /// envelope meets it (in layer order), which also covers a region that overlaps the cell without
    /// an edge in it; the other cells are classified one per connected patch and flood-filled.
    /// </summary>
    private (int[] CandidateStart, int[] Candidates) ClassifyCells(Envelope[] regionEnvelopes, Dictionary<int, List<int>> boundaryRegions, double cellW, double cellH)
    {
        var rowRegions = RegionsPerRow();
        var assigned = new bool[_cells.Length];
        var queue = new Queue<int>();
        var candidateStart = new List<int>();
        var candidates = new List<int>();
        for (var j = 0; j < _ny; j++)
        {
            var y0 = _minY + (j * cellH);
            var cy = y0 + (cellH / 2);
            for (var i = 0; i < _nx; i++)
            {
                var x0 = _minX + (i * cellW);
                var x1 = x0 + cellW;
                var index = (j * _nx) + i;
                if (boundaryRegions.ContainsKey(index))
                {
                    _cells[index] = -2 - candidateStart.Count;
                    candidateStart.Add(candidates.Count);
                    candidates.AddRange(rowRegions[j].Where(r => regionEnvelopes[r].MinX <= x1 && regionEnvelopes[r].MaxX >= x0));
                }
                else if (!assigned[index])
                {
                    // Cells crossed by no edge and connected to each other all lie in the same
                    // region (or outside all): classify one, flood-fill the rest.
                    var region = FirstContaining(x0 + (cellW / 2), cy, j, rowRegions[j]);
                    FloodFill(index, region, boundaryRegions, assigned, queue);
                }
            }
        }

        candidateStart.Add(candidates.Count);
        return ([.. candidateStart], [.. candidates]);
    }

    /// <summary>Per grid row, the regions with edges in it (layer order).</summary>
    private List<int>[] RegionsPerRow()
    {
        var rowRegions = new List<int>[_ny];
        for (var j = 0; j < _ny; j++)
        {
            rowRegions[j] = [];
        }

        for (var r = 0; r < Count; r++)
        {
            for (var j = _regionRow0[r]; j < _regionRow0[r] + _regionRowCount[r]; j++)
            {
                rowRegions[j].Add(r);
            }
        }

        return rowRegions;
    }

    /// <summary>The region edges sliced by grid row, and the regions crossing each boundary cell.</summary>
    private sealed record EdgeTable(int[] Row0, int[] RowCount, int[] RowBase)
    {
        public int[] RowEdgeStart { get; set; } = [];

        public double[] Edges { get; set; } = [];

        public Dictionary<int, List<int>> BoundaryRegions { get; } = [];
    }

    private sealed class FineMarks(int nx, int ny)
    {
        private readonly ulong[] _bits = new ulong[(((long)nx * ny) + 63) / 64];

        public bool IsMarked(int i, int j)
        {
            var n = ((long)j * nx) + i;
            return (_bits[n >> 6] & (1UL << (int)(n & 63))) != 0;
        }

        /// <summary>Marks, conservatively (a margin of a thousandth of a fine cell), every fine cell that segment a-b meets.</summary>
        public void Mark(RegionIndex index, Coordinate a, Coordinate b)
        {
            const double Margin = 1e-3;
            var scaleX = index._invCellW * index._sub;
            var scaleY = index._invCellH * index._sub;
            var (ax, ay) = ((a.X - index._minX) * scaleX, (a.Y - index._minY) * scaleY);
            var (bx, by) = ((b.X - index._minX) * scaleX, (b.Y - index._minY) * scaleY);
            var row0 = Math.Clamp((int)Math.Floor(Math.Min(ay, by) - Margin), 0, ny - 1);
            var row1 = Math.Clamp((int)Math.Floor(Math.Max(ay, by) + Margin), 0, ny - 1);
            for (var row = row0; row <= row1; row++)
            {
                double xa, xb;
                if (ay == by)
                {
                    (xa, xb) = (ax, bx);
                }
                else
                {
                    var t0 = Math.Clamp((row - Margin - ay) / (by - ay), 0, 1);
                    var t1 = Math.Clamp((row + 1 + Margin - ay) / (by - ay), 0, 1);
                    (xa, xb) = (ax + (t0 * (bx - ax)), ax + (t1 * (bx - ax)));
                }

                var c0 = Math.Clamp((int)Math.Floor(Math.Min(xa, xb) - Margin), 0, nx - 1);
                var c1 = Math.Clamp((int)Math.Floor(Math.Max(xa, xb) + Margin), 0, nx - 1);
                for (var c = c0; c <= c1; c++)
                {
                    var n = ((long)row * nx) + c;
                    _bits[n >> 6] |= 1UL << (int)(n & 63);
                }
            }
        }
    }

    private void FloodFill(int start, int region, Dictionary<int, List<int>> boundary, bool[] assigned, Queue<int> queue)
    {
        assigned[start] = true;
        queue.Enqueue(start);
        while (queue.TryDequeue(out var cell))
        {
            _cells[cell] = region;
            var i = cell % _nx;
            var j = cell / _nx;
            Visit(i > 0, cell - 1);
            Visit(i < _nx - 1, cell + 1);
            Visit(j > 0, cell - _nx);
            Visit(j < _ny - 1, cell + _nx);
        }

        void Visit(bool exists, int next)
        {
            if (exists && !assigned[next] && !boundary.ContainsKey(next))
            {
                assigned[next] = true;
                queue.Enqueue(next);
            }
        }
    }

    private int FirstContaining(double x, double y, int row, List<int> regionsInRow)
    {
        foreach (var r in regionsInRow)
        {
            if (Contains(r, row, x, y))
            {
                return r;
            }
        }

        return Outside;
    }

    private bool Contains(int region, int row, double x, double y)
    {
        var local = row - _regionRow0[region];
        if ((uint)local >= (uint)_regionRowCount[region])
        {
            return false;
        }

        var slot = _regionRowBase[region] + local;
        var inside = false;
        var edges = _edges;
        for (int e = _rowEdgeStart[slot] * 4, end = _rowEdgeStart[slot + 1] * 4; e < end; e += 4)
        {
            var y1 = edges[e + 1];
            var y2 = edges[e + 3];
            if ((y1 > y) != (y2 > y))
            {
                var x1 = edges[e];
                var xCross = x1 + ((y - y1) * (edges[e + 2] - x1) / (y2 - y1));
                if (x < xCross)
                {
                    inside = !inside;
                }
            }
        }

        return inside;
    }

    private int RowOf(double y) => Math.Clamp((int)Math.Floor((y - _minY) * _invCellH), 0, _ny - 1);

    private int ColOf(double x) => Math.Clamp((int)Math.Floor((x - _minX) * _invCellW), 0, _nx - 1);

    /// <summary>Marks the cells of one grid row that segment a-b passes through.</summary>
    private void MarkCells(Coordinate a, Coordinate b, int row, HashSet<long> cells)
    {
        var cellH = 1.0 / _invCellH;
        var y0 = _minY + (row * cellH);
        var y1 = y0 + cellH;
        double xa, xb;
        if (a.Y == b.Y)
        {
            xa = a.X;
            xb = b.X;
        }
        else
        {
            // The part of the segment inside this row's y-band.
            var t0 = Math.Clamp((y0 - a.Y) / (b.Y - a.Y), 0, 1);
            var t1 = Math.Clamp((y1 - a.Y) / (b.Y - a.Y), 0, 1);
            xa = a.X + (t0 * (b.X - a.X));
            xb = a.X + (t1 * (b.X - a.X));
        }

        var c0 = ColOf(Math.Min(xa, xb));
        var c1 = ColOf(Math.Max(xa, xb));
        for (var c = c0; c <= c1; c++)
        {
            cells.Add(((long)row * _nx) + c);
        }
    }

    private static Coordinate[][] ExtractRings(Geometry geometry)
    {
        var rings = new List<Coordinate[]>();
        for (var n = 0; n < geometry.NumGeometries; n++)
        {
            if (geometry.GetGeometryN(n) is Polygon polygon && !polygon.IsEmpty)
            {
                rings.Add(polygon.ExteriorRing.Coordinates);
                for (var h = 0; h < polygon.NumInteriorRings; h++)
                {
                    rings.Add(polygon.GetInteriorRingN(h).Coordinates);
                }
            }
        }

        return [.. rings];
    }
}

using System.Runtime.CompilerServices;

namespace Spreidingswet.Placement.Learning;

/// <summary>What a feature depends on when many arcs are scored.</summary>
internal enum FeatureRole
{
    /// <summary>The youth only (age, schooling, ...).</summary>
    Youth,

    /// <summary>The location only (type, ISK seats of its region).</summary>
    Location,

    /// <summary>The pair (school distance, same education region).</summary>
    Pair,
}

/// <summary>
/// The trained boosted trees evaluated directly from flat arrays (no ML.NET in the loop), with the
/// Platt calibration on top: probability = 1 / (1 + exp(slope x score + offset)), score = bias + sum
/// of the (weighted) leaf values reached, a node going left when feature &lt;= threshold, as ML.NET does.
/// Two exact shortcuts for many arcs: (1) trees that split on one feature only (all of them in a
/// model of stumps) are merged per feature into one step function (sorted thresholds, a value per
/// interval), so that youth-only and location-only features cost one lookup per youth or location and
/// a pair feature one binary search per arc; (2) the other trees are specialised per youth
/// (<see cref="Specialize"/>): splits on the youth's own features are resolved once, and per arc only
/// the remaining splits are walked. Immutable; thread-safe (per-thread state in <see cref="Specialization"/>).
/// </summary>
internal sealed class TreeScorer
{
    private readonly int[] _feature;
    private readonly float[] _threshold;
    private readonly int[] _left;
    private readonly int[] _right;
    private readonly double[] _leaf;
    private readonly int[] _roots;
    private readonly FeatureRole[] _roles;
    private readonly float[][] _stepThresholds;
    private readonly double[][] _stepValues;
    private readonly int[] _pairStepFeatures;

    /// <summary>
    /// Creates the scorer from trees given per tree as node arrays (children: node index when &gt;= 0,
    /// else the bitwise complement of a leaf index), leaf values already multiplied by the tree weight.
    /// </summary>
    public TreeScorer(IReadOnlyList<(int[] Feature, float[] Threshold, int[] Left, int[] Right, double[] Leaf)> trees, double bias, double slope, double offset, FeatureRole[] roles)
    {
        ArgumentNullException.ThrowIfNull(trees);
        ArgumentNullException.ThrowIfNull(roles);
        _roles = roles;
        var singleFeature = trees.Where(t => t.Feature.Length > 0 && t.Feature.All(f => f == t.Feature[0])).ToList();
        (_stepThresholds, _stepValues) = StepFunctions(singleFeature, roles.Length);
        _pairStepFeatures = [.. Enumerable.Range(0, roles.Length).Where(f => roles[f] == FeatureRole.Pair && _stepValues[f].Length > 0)];
        trees = [.. trees.Where(t => !singleFeature.Contains(t))];
        var feature = new List<int>();
        var threshold = new List<float>();
        var left = new List<int>();
        var right = new List<int>();
        var leaves = new List<double>();
        var roots = new List<int>();
        foreach (var tree in trees)
        {
            var leafBase = leaves.Count;
            leaves.AddRange(tree.Leaf);
            if (tree.Feature.Length == 0)
            {
                roots.Add(~leafBase);
                continue;
            }

            // Renumber in depth-first pre-order so that every child comes after its parent.
            var nodeBase = feature.Count;
            var order = new List<int>();
            var stack = new Stack<int>();
            stack.Push(0);
            while (stack.Count > 0)
            {
                var n = stack.Pop();
                order.Add(n);
                if (tree.Right[n] >= 0)
                {
                    stack.Push(tree.Right[n]);
                }

                if (tree.Left[n] >= 0)
                {
                    stack.Push(tree.Left[n]);
                }
            }

            var newIndex = new int[tree.Feature.Length];
            for (var i = 0; i < order.Count; i++)
            {
                newIndex[order[i]] = nodeBase + i;
            }

            int Map(int child) => child >= 0 ? newIndex[child] : ~(~child + leafBase);
            foreach (var n in order)
            {
                feature.Add(tree.Feature[n]);
                threshold.Add(tree.Threshold[n]);
                left.Add(Map(tree.Left[n]));
                right.Add(Map(tree.Right[n]));
            }

            roots.Add(nodeBase);
        }

        _feature = [.. feature];
        _threshold = [.. threshold];
        _left = [.. left];
        _right = [.. right];
        _leaf = [.. leaves];
        _roots = [.. roots];
        Bias = bias;
        Slope = slope;
        Offset = offset;
    }

    public double Bias { get; }

    public double Slope { get; }

    public double Offset { get; }

    public int Trees => _roots.Length;

    public int Nodes => _feature.Length;

    /// <summary>True when some trees were not merged and may split on location-only features per arc.</summary>
    public bool ReadsLocationFeaturesPerArc => _roots.Length > 0;

    /// <summary>Trees merged into per-feature step functions.</summary>
    public int MergedSteps => _stepThresholds.Sum(t => t.Length);

    /// <summary>The raw ensemble score of one feature vector.</summary>
    public double Score(ReadOnlySpan<float> x)
    {
        var sum = Bias;
        for (var f = 0; f < _stepValues.Length; f++)
        {
            sum += Step(f, x[f]);
        }

        foreach (var root in _roots)
        {
            var n = root;
            while (n >= 0)
            {
                n = x[_feature[n]] <= _threshold[n] ? _left[n] : _right[n];
            }

            sum += _leaf[~n];
        }

        return sum;
    }

    /// <summary>The calibrated probability of one feature vector.</summary>
    public double Probability(ReadOnlySpan<float> x) => Calibrate(Score(x));

    public double Calibrate(double score) => 1 / (1 + Math.Exp((Slope * score) + Offset));

    /// <summary>Scratch space for one thread's specialisations.</summary>
    public Specialization NewSpecialization() => new(new int[_feature.Length], new int[_roots.Length]);

    /// <summary>
    /// Resolves every split on features that do not vary by location, for the youth part of
    /// <paramref name="x"/>: afterwards <see cref="Score(ReadOnlySpan{float}, Specialization, double)"/> gives
    /// the same score as <see cref="Score(ReadOnlySpan{float})"/> for any location part.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Specialize(ReadOnlySpan<float> x, Specialization s)
    {
        ArgumentNullException.ThrowIfNull(s);
        var skip = s.Skip;
        for (var n = _feature.Length - 1; n >= 0; n--)
        {
            var f = _feature[n];
            if (_roles[f] != FeatureRole.Youth)
            {
                skip[n] = n;
                continue;
            }

            var child = x[f] <= _threshold[n] ? _left[n] : _right[n];
            skip[n] = child < 0 ? child : skip[child];
        }

        var constant = Bias;
        for (var f = 0; f < _roles.Length; f++)
        {
            if (_roles[f] == FeatureRole.Youth)
            {
                constant += Step(f, x[f]);
            }
        }

        var count = 0;
        foreach (var root in _roots)
        {
            var r = root < 0 ? root : skip[root];
            if (r < 0)
            {
                constant += _leaf[~r];
            }
            else
            {
                s.Active[count++] = r;
            }
        }

        s.ActiveCount = count;
        s.Constant = constant;
    }

    /// <summary>The part of the score that depends on location-only features (merged trees); add it to <see cref="Score(ReadOnlySpan{float}, Specialization, double)"/>.</summary>
    public double LocationPart(ReadOnlySpan<float> x)
    {
        double sum = 0;
        for (var f = 0; f < _roles.Length; f++)
        {
            if (_roles[f] == FeatureRole.Location)
            {
                sum += Step(f, x[f]);
            }
        }

        return sum;
    }

    /// <summary>
    /// The score of a vector whose youth part was given to <see cref="Specialize"/> and whose location
    /// part gave <paramref name="locationPart"/> (<see cref="LocationPart"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double Score(ReadOnlySpan<float> x, Specialization s, double locationPart)
    {
        ArgumentNullException.ThrowIfNull(s);
        var sum = s.Constant + locationPart;
        foreach (var f in _pairStepFeatures)
        {
            sum += Step(f, x[f]);
        }

        var skip = s.Skip;
        var active = s.Active;
        var feature = _feature;
        var threshold = _threshold;
        var left = _left;
        var right = _right;
        for (var i = 0; i < s.ActiveCount; i++)
        {
            var n = active[i];
            while (n >= 0)
            {
                var child = x[feature[n]] <= threshold[n] ? left[n] : right[n];
                n = child < 0 ? child : skip[child];
            }

            sum += _leaf[~n];
        }

        return sum;
    }

    /// <summary>The merged single-feature trees' value at x: binary search for the interval.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private double Step(int feature, float x)
    {
        var thresholds = _stepThresholds[feature];
        var values = _stepValues[feature];
        if (values.Length == 0)
        {
            return 0;
        }

        // Index of the first threshold >= x (x <= threshold goes left, as in ML.NET).
        int lo = 0, hi = thresholds.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (thresholds[mid] < x)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return values[lo];
    }

    private static (float[][] Thresholds, double[][] Values) StepFunctions(List<(int[] Feature, float[] Threshold, int[] Left, int[] Right, double[] Leaf)> trees, int features)
    {
        var thresholds = new float[features][];
        var values = new double[features][];
        for (var f = 0; f < features; f++)
        {
            var mine = trees.Where(t => t.Feature[0] == f).ToList();
            if (mine.Count == 0)
            {
                thresholds[f] = [];
                values[f] = [];
                continue;
            }

            var cuts = mine.SelectMany(t => t.Threshold).Distinct().Order().ToArray();
            var sums = new double[cuts.Length + 1];
            for (var b = 0; b <= cuts.Length; b++)
            {
                // A point inside interval b: (cuts[b-1], cuts[b]], or above the last cut.
                var x = b < cuts.Length ? cuts[b] : float.PositiveInfinity;
                foreach (var t in mine)
                {
                    var n = 0;
                    while (n >= 0)
                    {
                        n = x <= t.Threshold[n] ? t.Left[n] : t.Right[n];
                    }

                    sums[b] += t.Leaf[~n];
                }
            }

            thresholds[f] = cuts;
            values[f] = sums;
        }

        return (thresholds, values);
    }

    /// <summary>Per-thread state of a specialisation: where each node leads once youth splits are resolved.</summary>
    internal sealed class Specialization(int[] skip, int[] active)
    {
        public int[] Skip { get; } = skip;

        public int[] Active { get; } = active;

        public int ActiveCount { get; set; }

        public double Constant { get; set; }
    }
}

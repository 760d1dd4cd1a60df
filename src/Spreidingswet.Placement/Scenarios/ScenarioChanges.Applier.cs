using System.Collections.Immutable;
using System.Globalization;
using Spreidingswet.Placement.Geography;
using Spreidingswet.Placement.Inputs;
using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Outputs;

namespace Spreidingswet.Placement.Scenarios;

// The Applier: the changes applied one by one to a working copy of the problem.
public static partial class ScenarioChanges
{
    private sealed class Applier
    {
        private readonly PlacementProblem _base;
        private readonly RegionMap _geography;
        private readonly string _source;
        private readonly IReadOnlyList<Policy>? _compare;
        private readonly DateOnly _date;
        private readonly List<Location> _locations;
        private readonly Dictionary<string, int> _locationIndex;
        private readonly List<Youth> _youths;
        private readonly Dictionary<string, int> _youthIndex;
        private readonly Dictionary<string, int> _closedBy = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int> _pinnedBy = new(StringComparer.Ordinal);
        private readonly Dictionary<string, (string File, int Line)> _sources = new(StringComparer.Ordinal);
        private readonly List<InputError> _errors = [];
        private readonly List<string> _warnings = [];
        private readonly List<AppliedChange> _applied = [];
        private readonly List<InputDigest> _inputs;
        private PlacementOptions _options;
        private bool _synthetic;

        public Applier(PlacementProblem problem, PlacementOptions options, RegionMap geography, string source, IReadOnlyList<Policy>? compare)
        {
            _base = problem;
            _options = options;
            _date = options.PlanningDate!.Value;
            _geography = geography;
            _source = source;
            _compare = compare is { Count: > 0 } ? compare : null;
            _locations = [.. problem.Locations];
            _locationIndex = new(StringComparer.Ordinal);
            for (var i = 0; i < _locations.Count; i++)
            {
                _locationIndex.TryAdd(_locations[i].Id, i);
            }

            _youths = [.. problem.Youths];
            _youthIndex = new(StringComparer.Ordinal);
            for (var i = 0; i < _youths.Count; i++)
            {
                _youthIndex.TryAdd(_youths[i].Id, i);
            }

            _inputs = [.. problem.Inputs];
            _synthetic = problem.IsSynthetic;
        }

        public LoadResult<ChangedProblem> Run(IReadOnlyList<ScenarioChange> changes)
        {
            for (var i = 0; i < changes.Count; i++)
            {
                var before = _errors.Count;
                Apply(i, changes[i]);
                if (_errors.Count == before)
                {
                    _applied.Add(new AppliedChange(i, changes[i].Kind, changes[i].Describe()));
                }
            }

            if (_errors.Count > 0)
            {
                return LoadResult<ChangedProblem>.Failure(_errors);
            }

            var records = new Dictionary<string, (string File, int Line)>(_base.Sources.Records, StringComparer.Ordinal);
            foreach (var (key, where) in _sources)
            {
                records[key] = where;
            }

            var problem = _base with
            {
                Youths = [.. _youths],
                Locations = [.. _locations],
                IsSynthetic = _synthetic,
                Inputs = [.. _inputs],
                Sources = _base.Sources with { Records = records },
            };
            return LoadResult<ChangedProblem>.Success(new ChangedProblem(problem, _options, [.. _applied], [.. _warnings]), _warnings);
        }

        private void Apply(int i, ScenarioChange change)
        {
            switch (change)
            {
                case CloseLocation close:
                    Close(i, close);
                    break;
                case ChangeCapacity capacity:
                    SetCapacity(i, capacity);
                    break;
                case OpenLocation open:
                    Open(i, open);
                    break;
                case AddArrivals arrivals:
                    AddListedArrivals(i, arrivals);
                    break;
                case GenerateArrivals generate:
                    AddGeneratedArrivals(i, generate);
                    break;
                case PinYouth pin:
                    Pin(i, pin);
                    break;
                case ReleaseYouth release:
                    Release(i, release);
                    break;
                case ChangeWeights weights:
                    OverlayWeights(i, weights);
                    break;
                case ChangePolicy policy:
                    SwitchPolicy(i, policy);
                    break;
                default:
                    throw new ArgumentException($"Unknown scenario change {change.GetType().Name}.", nameof(change));
            }
        }

        private void Close(int i, CloseLocation close)
        {
            if (LocationAt(i, close, "location", close.Location) is not { } c)
            {
                return;
            }

            if (_closedBy.TryGetValue(close.Location, out var earlier))
            {
                Error(i, close, "location", close.Location, $"is already closed by changes[{earlier}].", "Maybe remove one of the two closures?");
                return;
            }

            _closedBy[close.Location] = i;
            var from = close.From ?? _date;
            // A later closure is planned now: the location takes nobody and its residents must move.
            _locations[c] = _locations[c] with { ClosesOn = from < _date ? from : _date };
            foreach (var (youth, pinChange) in _pinnedBy.Where(p => _youths[_youthIndex[p.Key]].LockedLocation == close.Location).ToList())
            {
                Error(i, close, "location", close.Location, $"closes a location that changes[{pinChange}] pins {youth} to.", "Maybe pin the youth elsewhere or drop the pin?");
            }
        }

        private void SetCapacity(int i, ChangeCapacity capacity)
        {
            if (LocationAt(i, capacity, "location", capacity.Location) is not { } k)
            {
                return;
            }

            if (_closedBy.TryGetValue(capacity.Location, out var closed))
            {
                Error(i, capacity, "location", capacity.Location, $"is closed by changes[{closed}]: changing its capacity contradicts that.", "Maybe drop the closure or this change?");
                return;
            }

            if ((capacity.Delta is null) == (capacity.Set is null))
            {
                Error(i, capacity, capacity.Delta is null ? "delta" : "set", null, "give exactly one of delta and set.");
                return;
            }

            var l = _locations[k];
            var value = capacity.Set ?? (l.Capacity + capacity.Delta!.Value);
            if (value < 0)
            {
                Error(i, capacity, capacity.Set is null ? "delta" : "set", (capacity.Set ?? capacity.Delta)!.Value.ToString(CultureInfo.InvariantCulture),
                    $"would make the capacity of {l.Id} negative ({value}; it has {l.Capacity}).");
                return;
            }

            if (value < l.Reserved)
            {
                _warnings.Add($"changes[{i}]: {l.Id} gets {value} beds, fewer than its {l.Reserved} reserved beds (residents not in this run); those residents are not re-planned here.");
            }

            _locations[k] = l with { Capacity = value, Reserved = Math.Min(l.Reserved, value) };
        }

        private void Open(int i, OpenLocation open)
        {
            if (_locationIndex.ContainsKey(open.Location.Id))
            {
                Error(i, open, "id", open.Location.Id, "is already a location id.", "Maybe give the new location a new id?");
                return;
            }

            _locationIndex[open.Location.Id] = _locations.Count;
            _locations.Add(open.Location);
            _sources["location:" + open.Location.Id] = ($"{_source} changes[{i}].open", 0);
        }

        private void AddListedArrivals(int i, AddArrivals arrivals)
        {
            AddYouths(i, arrivals, arrivals.Youths, arrivals.Source);
            _inputs.Add(File.Exists(arrivals.Source) ? ProblemReader.Digest($"arrivals changes[{i}]", arrivals.Source) : new InputDigest($"arrivals changes[{i}]", null, ""));
        }

        private void AddGeneratedArrivals(int i, GenerateArrivals generate)
        {
            if (generate.Count is < 1 or > 100_000)
            {
                Error(i, generate, "count", generate.Count.ToString(CultureInfo.InvariantCulture), "must be between 1 and 100000.");
                return;
            }

            AddYouths(i, generate, SyntheticGenerator.Arrivals(generate.Count, generate.Seed, _date, _geography), null);
            _synthetic = true;
        }

        private void Pin(int i, PinYouth pin)
        {
            // Both ids are checked before giving up, so a change with two bad ids reports both.
            var y = YouthAt(i, pin, "youth", pin.Youth);
            var l = LocationAt(i, pin, "location", pin.Location);
            if (y is null || l is null)
            {
                return;
            }

            if (_closedBy.TryGetValue(pin.Location, out var closed))
            {
                Error(i, pin, "location", pin.Location, $"is closed by changes[{closed}]: a pin there can never be honoured.", "Maybe pin to an open location?");
                return;
            }

            _youths[y.Value] = _youths[y.Value] with { LockedLocation = pin.Location };
            _pinnedBy[pin.Youth] = i;
        }

        private void Release(int i, ReleaseYouth release)
        {
            if (YouthAt(i, release, "youth", release.Youth) is not { } r)
            {
                return;
            }

            if (_pinnedBy.TryGetValue(release.Youth, out var pinned))
            {
                Error(i, release, "youth", release.Youth, $"is pinned by changes[{pinned}] of this scenario: pinning and releasing contradict each other.", "Maybe drop both changes?");
                return;
            }

            if (_youths[r].LockedLocation is null)
            {
                Error(i, release, "youth", release.Youth, "has no pin to release.", "Maybe another youth was meant?");
                return;
            }

            _youths[r] = _youths[r] with { LockedLocation = null };
        }

        private void OverlayWeights(int i, ChangeWeights weights)
        {
            var (options, problems) = Overlay(_options, weights.Values);
            foreach (var (name, value, message, hint) in problems)
            {
                Error(i, weights, name, WeightNames.Text(value), message, hint);
            }

            if (problems.Count == 0)
            {
                _options = options;
            }
        }

        private void SwitchPolicy(int i, ChangePolicy policy)
        {
            if (_compare is not null && !_compare.Contains(policy.Policy))
            {
                Error(i, policy, null, PlacementEngine.PolicyName(policy.Policy),
                    $"is not among the compared policies ({string.Join(", ", _compare.Select(PlacementEngine.PolicyName))}).", "Maybe add it to compare?");
                return;
            }

            _options = _options with { Policy = policy.Policy };
        }

        private void AddYouths(int i, ScenarioChange change, ImmutableArray<Youth> youths, string? file)
        {
            var line = 1;
            foreach (var y in youths)
            {
                line++;
                if (_youthIndex.ContainsKey(y.Id))
                {
                    Error(i, change, file is null ? "generate" : "file", y.Id, "is already a youth id.", "Maybe the arrival is already in the base, or use another seed?");
                    continue;
                }

                if (y.CurrentLocation is not null)
                {
                    Error(i, change, "file", y.Id, $"has current_location {y.CurrentLocation}: an arrival has none.", "Maybe put this youth in the base youths.csv?");
                    continue;
                }

                _youthIndex[y.Id] = _youths.Count;
                _youths.Add(y);
                _sources["youth:" + y.Id] = file is null ? ($"{_source} changes[{i}].arrivals.generate", 0) : (file, line);
            }
        }

        private int? LocationAt(int i, ScenarioChange change, string field, string id)
        {
            if (_locationIndex.TryGetValue(id, out var index))
            {
                return index;
            }

            Error(i, change, field, id, "is not a location of the base or of an earlier open change.", "Maybe a typo in the id?");
            return null;
        }

        private int? YouthAt(int i, ScenarioChange change, string field, string id)
        {
            if (_youthIndex.TryGetValue(id, out var index))
            {
                return index;
            }

            Error(i, change, field, id, "is not a youth of the base or of an earlier arrivals change.", "Maybe a typo in the id?");
            return null;
        }

        private void Error(int i, ScenarioChange change, string? field, string? value, string message, string? hint = null)
            => _errors.Add(new InputError(_source, 0, FieldPath(i, change, field), value, message, hint));
    }

    /// <summary>The JSON path of a change's field as a scenario file writes it: <c>changes[0].close</c>, <c>changes[1].capacity.delta</c>.</summary>
    internal static string FieldPath(int i, ScenarioChange change, string? field) => (change, field) switch
    {
        (_, null) => $"changes[{i}].{change.Kind}",
        (CloseLocation, "location") => $"changes[{i}].close",
        (CloseLocation, _) => $"changes[{i}].{field}",
        (AddArrivals, "file") => $"changes[{i}].arrivals.file",
        (GenerateArrivals, _) => $"changes[{i}].arrivals.generate",
        (ChangeWeights, _) => $"changes[{i}].weights.{field}",
        _ => $"changes[{i}].{change.Kind}.{field}",
    };
}

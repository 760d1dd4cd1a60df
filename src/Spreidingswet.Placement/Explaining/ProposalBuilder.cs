using System.Collections.Immutable;
using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Preparation;
using Spreidingswet.Placement.Rules;

namespace Spreidingswet.Placement.Explaining;

/// <summary>
/// Turns a solved assignment into a <see cref="Proposal"/>'s content. <see cref="Build"/> is the
/// orchestration: youths' locations and loads from the units' locations, then per youth (in parallel,
/// over read-only state, kept in id order) either its assignment (criteria breakdown, education
/// region check, alternatives: ProposalBuilder.Alternatives.cs) or its unplaced reasons
/// (ProposalBuilder.Unplaced.cs), then the metrics (ProposalBuilder.Metrics.cs). Every number is
/// recomputed from the criteria and rules, never read back from the solver, so an explanation
/// agrees with the rules a planner can check.
/// </summary>
internal sealed partial class ProposalBuilder
{
    private readonly ResolvedProblem _problem;
    private readonly Units _units;
    private readonly PlacementOptions _options;
    private readonly ScoringContext _context;
    private readonly Language _language;

    public ProposalBuilder(ResolvedProblem problem, Units units, PlacementOptions options, ScoringContext context)
    {
        _problem = problem;
        _units = units;
        _options = options;
        _context = context;
        _language = options.Language;
        _allLocations = [.. problem.Locations.Select(l => l.Index)];
        _byIdRank = [.. problem.Locations.OrderBy(l => l.Location.Id, StringComparer.Ordinal).Select(l => l.Index)];
        _idRank = new long[_byIdRank.Length];
        for (var r = 0; r < _byIdRank.Length; r++)
        {
            _idRank[_byIdRank[r]] = r;
        }

        if (units.Pruning is not null)
        {
            _regionLocations = problem.Locations.Where(l => l.EducationRegion is not null)
                .GroupBy(l => l.EducationRegion!.Code, StringComparer.OrdinalIgnoreCase)
                .ToDictionary(g => g.Key, g => g.Select(l => l.Index).ToArray(), StringComparer.OrdinalIgnoreCase);
        }
    }

    private readonly int[] _allLocations;
    private readonly int[] _byIdRank;
    private readonly long[] _idRank;

    /// <summary>
    /// The proposal's assignments (with their criteria and alternatives), its unplaced youths (with
    /// their reasons) and its metrics, for the units placed as <paramref name="unitLocation"/> says.
    /// </summary>
    public (ImmutableArray<Assignment> Assignments, ImmutableArray<UnplacedYouth> Unplaced, ProposalMetrics Metrics) Build(int[] unitLocation)
    {
        var (youthLocation, load) = Placements(unitLocation);

        // Youths are explained independently (read-only state), in parallel, then kept in id order.
        var ordered = _problem.Youths.OrderBy(y => y.Youth.Id, StringComparer.Ordinal).ToArray();
        var placedResults = new Assignment?[ordered.Length];
        var unplacedResults = new UnplacedYouth?[ordered.Length];
        Parallel.For(0, ordered.Length, () => new Scratch(_allLocations.Length), (i, _, scratch) =>
        {
            var y = ordered[i];
            var l = youthLocation[y.Index];
            if (l < 0)
            {
                var reasons = UnplacedReasons(y, load).ToImmutableArray();
                unplacedResults[i] = new UnplacedYouth(y.Youth.Id, reasons) { BestInterests = BestInterestsOf(y, -1, youthLocation, load, reasons) };
            }
            else
            {
                var placed = Placed(y, l, youthLocation, load, scratch);
                placedResults[i] = placed with { BestInterests = BestInterestsOf(y, l, youthLocation, load, []) };
            }

            return scratch;
        }, _ => { });
        var assignments = placedResults.Where(a => a is not null).Select(a => a!).ToList();
        var unplaced = unplacedResults.Where(u => u is not null).Select(u => u!).ToList();

        return ([.. assignments], [.. unplaced], Metrics(youthLocation));
    }

    /// <summary>Each youth's location (-1 = unplaced) and each location's load, from the units' locations.</summary>
    private (int[] YouthLocation, int[] Load) Placements(int[] unitLocation)
    {
        var youthLocation = new int[_problem.Youths.Length];
        var load = new int[_problem.Locations.Length];
        for (var u = 0; u < _units.Count; u++)
        {
            foreach (var m in _units.Members[u])
            {
                youthLocation[m] = unitLocation[u];
                if (unitLocation[u] >= 0)
                {
                    load[unitLocation[u]]++;
                }
            }
        }

        return (youthLocation, load);
    }

    /// <summary>A placed youth's assignment: its criteria, education region check, school distance and alternatives.</summary>
    private Assignment Placed(ResolvedYouth y, int l, int[] youthLocation, int[] load, Scratch scratch)
    {
        var location = _problem.Locations[l];
        var criteria = Criteria(y, location);
        var alternatives = Alternatives(y, l, criteria, youthLocation, load, scratch);
        return new Assignment
        {
            Youth = y.Youth.Id,
            Location = location.Location.Id,
            From = y.Youth.CurrentLocation,
            Cost = criteria.Values.Sum(),
            Criteria = criteria,
            EducationRegion = y.SchoolRegion is { } school
                ? new EducationRegionCheck(school, location.EducationRegion?.Code, Rules.EducationRegion.Kept(school, location.EducationRegion?.Code))
                : null,
            SchoolDistanceKm = y.SchoolPoint is { } sp ? Math.Round(location.Location.Point.DistanceKm(sp), 1) : null,
            Alternatives = alternatives,
            PredictedProbability = Predicted(y, l),
        };
    }

    /// <summary>The learned probability at a location, rounded to 0.001; null without a model.</summary>
    private double? Predicted(ResolvedYouth youth, int location)
        => _context.Learned is { } learned ? Math.Round(learned.Probability(youth.Index, location), 3) : null;

    /// <summary>Adds the sum of <see cref="Criteria"/> for each of <paramref name="locations"/> (by position) to <paramref name="costs"/>.</summary>
    private void AddCosts(ResolvedYouth youth, int[] locations, long[] costs)
    {
        var w = _options.Weights;
        Policies.Move.AddCosts(youth, locations, w.Move, costs, _context);
        if (_options.Policy == Policy.CapacityOnly)
        {
            Policies.DistanceFromCurrent.AddCosts(youth, locations, 1, costs, _context);
            return;
        }

        Policies.EducationRegionBreak.AddCosts(youth, locations, w.EducationRegionBreak, costs, _context);
        Policies.SchoolTravel.AddCosts(youth, locations, 1, costs, _context);
        Policies.MoveDistance.AddCosts(youth, locations, 1, costs, _context);
        Policies.SmallScale.AddCosts(youth, locations, 1, costs, _context);
        Policies.LearnedContinuity.AddCosts(youth, locations, 1, costs, _context);
        if (_context.ViewsActive)
        {
            Policies.Views.AddCosts(youth, locations, 1, costs, _context);
            Policies.Stability.AddCosts(youth, locations, 1, costs, _context);
        }

        if (_context.Turning18Active)
        {
            Policies.Turning18.AddCosts(youth, locations, 1, costs, _context);
        }
    }

    /// <summary>The weighted cost of each reported criterion for a youth in a location.</summary>
    public ImmutableSortedDictionary<string, long> Criteria(ResolvedYouth youth, ResolvedLocation location)
    {
        var w = _options.Weights;
        var result = ImmutableSortedDictionary.CreateBuilder<string, long>(StringComparer.Ordinal);
        result[Policies.EducationRegionBreak.Name] = _options.Policy == Policy.CapacityOnly ? 0 : w.EducationRegionBreak * Policies.EducationRegionBreak.Cost(youth, location, _context);
        result[Policies.Move.Name] = w.Move * Policies.Move.Cost(youth, location, _context);
        result[Policies.SchoolTravel.Name] = _options.Policy == Policy.CapacityOnly ? 0 : Policies.SchoolTravel.Cost(youth, location, _context);
        result[Policies.MoveDistance.Name] = _options.Policy == Policy.CapacityOnly ? 0 : Policies.MoveDistance.Cost(youth, location, _context);
        result[Policies.SmallScale.Name] = _options.Policy == Policy.CapacityOnly ? 0 : Policies.SmallScale.Cost(youth, location, _context);
        if (_options.Policy == Policy.CapacityOnly)
        {
            result[Policies.DistanceFromCurrent.Name] = Policies.DistanceFromCurrent.Cost(youth, location, _context);
        }
        else if (_context.Learned is not null)
        {
            result[Policies.LearnedContinuity.Name] = Policies.LearnedContinuity.Cost(youth, location, _context);
        }

        if (_context.ViewsActive && _options.Policy != Policy.CapacityOnly)
        {
            result[Policies.Views.Name] = Policies.Views.Cost(youth, location, _context);
            result[Policies.Stability.Name] = Policies.Stability.Cost(youth, location, _context);
        }

        if (_context.Turning18Active && _options.Policy != Policy.CapacityOnly)
        {
            result[Policies.Turning18.Name] = Policies.Turning18.Cost(youth, location, _context);
        }

        return result.ToImmutable();
    }

}

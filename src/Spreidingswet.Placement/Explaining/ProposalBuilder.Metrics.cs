using System.Collections.Immutable;
using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Rules;

namespace Spreidingswet.Placement.Explaining;

/// <summary>The proposal's metrics: placed, moved, education region kept/broken/caused, school distances, fill per province.</summary>
internal sealed partial class ProposalBuilder
{
    /// <summary>Wishes stated and honoured, youths moved again within 12 months, youths turning 18 and those moved across regions.</summary>
    private ViewsMetrics ViewsMetrics(int[] youthLocation)
    {
        int stated = 0, honoured = 0, again = 0, turning = 0, across = 0;
        foreach (var y in _problem.Youths)
        {
            if (y.Views is not { } v)
            {
                continue;
            }

            var l = youthLocation[y.Index];
            var location = l >= 0 ? _problem.Locations[l] : null;
            if (v.HasWish)
            {
                stated++;
                honoured += location is not null && Rules.Criteria.ViewsCriterion.Met(y, location, _context.Views) == true ? 1 : 0;
            }

            var moved = location is not null && y.CurrentLocation >= 0 && l != y.CurrentLocation;
            again += moved && v.MovesLast12Months > 0 ? 1 : 0;
            if (v.Turns18On is not null)
            {
                turning++;
                across += moved && !EducationRegion.Same(location!.EducationRegion?.Code, v.HomeRegion) ? 1 : 0;
            }
        }

        return new ViewsMetrics(stated, honoured, again, turning, across);
    }

    private ProposalMetrics Metrics(int[] youthLocation)
    {
        int placed = 0, moved = 0, schoolGoing = 0, kept = 0, broken = 0, caused = 0;
        var distances = new List<double>();
        double probabilitySum = 0;
        foreach (var y in _problem.Youths)
        {
            var l = youthLocation[y.Index];
            if (y.IsSchoolGoing)
            {
                schoolGoing++;
            }

            if (l < 0)
            {
                continue;
            }

            placed++;
            probabilitySum += _context.Learned?.Probability(y.Index, l) ?? 0;
            if (y.CurrentLocation >= 0 && y.CurrentLocation != l)
            {
                moved++;
            }

            var location = _problem.Locations[l];
            if (y.SchoolRegion is { } school)
            {
                if (EducationRegion.Kept(school, location.EducationRegion?.Code))
                {
                    kept++;
                }
                else
                {
                    broken++;
                    if (y.CurrentLocation != l)
                    {
                        caused++;
                    }
                }
            }

            if (y.SchoolPoint is { } sp)
            {
                distances.Add(location.Location.Point.DistanceKm(sp));
            }
        }

        var fill = _problem.Locations.Where(l => l.Province is not null)
            .GroupBy(l => l.Province!.Code, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var beds = g.Sum(l => l.Closed ? 0 : l.Beds);
                var count = _problem.Youths.Count(y => youthLocation[y.Index] >= 0 && string.Equals(_problem.Locations[youthLocation[y.Index]].Province?.Code, g.Key, StringComparison.Ordinal));
                return new ProvinceFill(g.Key, g.First().Province!.Name, beds, count, beds == 0 ? 0 : Math.Round(count / (double)beds, 3));
            })
            .ToImmutableArray();
        return new ProposalMetrics
        {
            Youths = _problem.Youths.Length,
            Placed = placed,
            Unplaced = _problem.Youths.Length - placed,
            Moved = moved,
            SchoolGoing = schoolGoing,
            EducationRegionKept = kept,
            EducationRegionBroken = broken,
            EducationRegionBreaksCaused = caused,
            MeanSchoolDistanceKm = distances.Count == 0 ? null : Math.Round(distances.Average(), 1),
            MaxSchoolDistanceKm = distances.Count == 0 ? null : Math.Round(distances.Max(), 1),
            FillPerProvince = fill,
            Views = _context.ViewsActive || _context.Turning18Active ? ViewsMetrics(youthLocation) : null,
            MeanPredictedProbability = _context.Learned is null || placed == 0 ? null : Math.Round(probabilitySum / placed, 3),
        };
    }
}

using System.Globalization;
using System.Text;
using Spreidingswet.Placement.Geography;
using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Rules;

namespace Spreidingswet.Placement.Explaining;

/// <summary>
/// "Why here" and "why not there" for one youth of a proposal, in English or Dutch. With the
/// problem and geography the proposal was made from, any location can be explained (criteria and
/// hard rules recomputed); without them, the proposal's own alternatives are used.
/// </summary>
internal static class Explainer
{
    /// <summary>Explains a youth's placement, and optionally why not a given location.</summary>
    public static LoadResult<string> Explain(Proposal proposal, string youth, string? location, Language language,
        PlacementProblem? problem = null, RegionMap? geography = null)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        ArgumentNullException.ThrowIfNull(youth);
        var assignment = proposal.Assignments.FirstOrDefault(a => a.Youth == youth);
        var unplaced = proposal.Unplaced.FirstOrDefault(u => u.Youth == youth);
        if (assignment is null && unplaced is null)
        {
            return LoadResult<string>.Failure([new InputError("proposal.json", 0, "--youth", youth, "is not a youth of this proposal.", "Maybe a typo in the id?")]);
        }

        var sb = new StringBuilder();
        if (unplaced is not null)
        {
            sb.AppendLine(Texts.NotPlaced(youth, language));
            foreach (var r in unplaced.Reasons)
            {
                sb.AppendLine(CultureInfo.InvariantCulture, $"  [{r.Code}] {r.Text}");
            }

            BestInterests(sb, unplaced.BestInterests, language);
        }
        else
        {
            var a = assignment!;
            sb.AppendLine(Texts.GoesTo(youth, a.Location, a.From, language));
            if (a.EducationRegion is { } er)
            {
                sb.AppendLine(Texts.EducationRegionLine(er.School, er.Location, er.Kept, a.SchoolDistanceKm, language));
            }
            else
            {
                sb.AppendLine(Texts.NotEnrolled(language));
            }

            sb.AppendLine(Texts.CostPerCriterion(a.Cost, language));
            foreach (var (name, value) in a.Criteria.Where(kv => kv.Value != 0))
            {
                sb.AppendLine(CultureInfo.InvariantCulture, $"    {name}: {value}");
            }

            sb.AppendLine(Texts.NextBest(language));
            foreach (var alt in a.Alternatives)
            {
                sb.AppendLine("    " + Texts.AlternativeLine(alt, language));
            }

            BestInterests(sb, a.BestInterests, language);
        }

        if (location is not null)
        {
            if (assignment?.Location == location)
            {
                sb.AppendLine(Texts.IsProposed(location, language));
            }
            else if (problem is not null && geography is not null)
            {
                var text = WhyNot(proposal, problem, geography, youth, location, language);
                if (text.Value is null)
                {
                    return LoadResult<string>.Failure(text.Errors);
                }

                sb.Append(text.Value);
            }
            else if (assignment?.Alternatives.FirstOrDefault(x => x.Location == location) is { } alt)
            {
                sb.AppendLine(Texts.WhyNotAlternative(location, Texts.AlternativeLine(alt, language), language));
            }
            else
            {
                sb.AppendLine(Texts.NotAmongAlternatives(location, language));
            }
        }

        return LoadResult<string>.Success(sb.ToString());
    }

    /// <summary>The best-interests statement, rendered from its claims in the language asked for (absent when the run has none).</summary>
    private static void BestInterests(StringBuilder sb, BestInterests? bestInterests, Language language)
    {
        if (bestInterests is null)
        {
            return;
        }

        sb.AppendLine(Texts.BestInterestsHeading(language));
        sb.AppendLine("    " + Texts.BestInterests(bestInterests.Claims, language));
    }

    private static LoadResult<string> WhyNot(Proposal proposal, PlacementProblem problem, RegionMap geography, string youth, string location, Language language)
    {
        var created = PlacementState.Create(proposal, problem, geography, language);
        if (created.Value is not { } state)
        {
            return LoadResult<string>.Failure(created.Errors);
        }

        if (state.LocationIndex(location) is not { } li)
        {
            return LoadResult<string>.Failure([new InputError("command line", 0, "--location", location, "is not a location of this run.")]);
        }

        var yi = state.YouthIndex(youth)!.Value;
        var (y, loc) = (state.Problem.Youths[yi], state.Problem.Locations[li]);
        var blocked = state.BlockedBy(yi, li);
        var there = state.Builder.Criteria(y, loc);
        var sb = new StringBuilder();
        sb.AppendLine(Texts.WhyNotHeading(location, loc.Location.Name, loc.EducationRegion?.Code, language));
        foreach (var code in blocked)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"  [{code}] {state.Explain(code, yi, li, language)}");
        }

        var here = proposal.Assignments.FirstOrDefault(a => a.Youth == youth);
        var cost = there.Values.Sum();
        sb.AppendLine(Texts.CostThere(cost, here?.Cost, language));
        foreach (var (name, value) in there.Where(kv => kv.Value != 0 || (here?.Criteria.GetValueOrDefault(kv.Key) ?? 0) != 0))
        {
            sb.AppendLine(Texts.CriterionThere(name, value, here?.Criteria.GetValueOrDefault(name), language));
        }

        if (blocked.Length == 0 && here is not null)
        {
            sb.AppendLine(Texts.NoHardRuleForbids(language));
        }

        return LoadResult<string>.Success(sb.ToString());
    }
}

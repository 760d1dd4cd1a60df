using System.Globalization;
using System.Text;
using Spreidingswet.Placement.Geography;
using Spreidingswet.Placement.Model;

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
        var nl = language == Language.Dutch;
        var assignment = proposal.Assignments.FirstOrDefault(a => a.Youth == youth);
        var unplaced = proposal.Unplaced.FirstOrDefault(u => u.Youth == youth);
        if (assignment is null && unplaced is null)
        {
            return LoadResult<string>.Failure([new InputError("proposal.json", 0, "--youth", youth, "is not a youth of this proposal.", "Maybe a typo in the id?")]);
        }

        var sb = new StringBuilder();
        if (unplaced is not null)
        {
            sb.AppendLine(nl ? $"{youth} is niet geplaatst:" : $"{youth} is not placed:");
            foreach (var r in unplaced.Reasons)
            {
                sb.AppendLine(CultureInfo.InvariantCulture, $"  [{r.Code}] {r.Text}");
            }
        }
        else
        {
            var a = assignment!;
            sb.AppendLine(nl
                ? $"{youth} gaat naar {a.Location}{(a.From is null ? " (nieuwe aankomst)" : a.From == a.Location ? " en blijft waar hij/zij woont" : $" (nu in {a.From})")}."
                : $"{youth} goes to {a.Location}{(a.From is null ? " (new arrival)" : a.From == a.Location ? " and stays where they live" : $" (now in {a.From})")}.");
            if (a.EducationRegion is { } er)
            {
                sb.AppendLine(nl
                    ? $"  Onderwijsregio van de school: {er.School}; van de locatie: {er.Location}: {(er.Kept ? "behouden" : "NIET behouden")}. Afstand tot school {a.SchoolDistanceKm:0.0} km."
                    : $"  Education region of the school: {er.School}; of the location: {er.Location}: {(er.Kept ? "kept" : "NOT kept")}. School distance {a.SchoolDistanceKm:0.0} km.");
            }
            else
            {
                sb.AppendLine(nl ? "  Nog niet op school ingeschreven." : "  Not enrolled at a school yet.");
            }

            sb.AppendLine(nl ? $"  Kosten {a.Cost}, per criterium:" : $"  Cost {a.Cost}, per criterion:");
            foreach (var (name, value) in a.Criteria.Where(kv => kv.Value != 0))
            {
                sb.AppendLine(CultureInfo.InvariantCulture, $"    {name}: {value}");
            }

            sb.AppendLine(nl ? "  Beste alternatieven:" : "  Next best alternatives:");
            foreach (var alt in a.Alternatives)
            {
                sb.AppendLine("    " + AlternativeText(alt, nl));
            }
        }

        if (location is not null)
        {
            if (assignment?.Location == location)
            {
                sb.AppendLine(nl ? $"{location} is de voorgestelde locatie." : $"{location} is the proposed location.");
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
                sb.AppendLine((nl ? $"Waarom niet {location}: " : $"Why not {location}: ") + AlternativeText(alt, nl));
            }
            else
            {
                sb.AppendLine(nl
                    ? $"{location} staat niet bij de alternatieven en de invoer van deze run is niet beschikbaar om het te herberekenen."
                    : $"{location} is not among the listed alternatives, and this run's inputs are not available to recompute it.");
            }
        }

        return LoadResult<string>.Success(sb.ToString());
    }

    private static string AlternativeText(Alternative alt, bool nl)
    {
        var deltas = string.Join(", ", alt.CriteriaDelta.Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key} {(kv.Value > 0 ? "+" : "")}{kv.Value}")));
        var blocked = alt.BlockedBy.IsEmpty ? "" : (nl ? $"; niet mogelijk: {string.Join(", ", alt.BlockedBy)}" : $"; not possible: {string.Join(", ", alt.BlockedBy)}");
        return string.Create(CultureInfo.InvariantCulture, $"{alt.Location}: {(alt.CostDelta > 0 ? "+" : "")}{alt.CostDelta} ({(deltas.Length == 0 ? (nl ? "gelijk" : "equal") : deltas)}){blocked}");
    }

    private static LoadResult<string> WhyNot(Proposal proposal, PlacementProblem problem, RegionMap geography, string youth, string location, Language language)
    {
        var nl = language == Language.Dutch;
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
        sb.AppendLine(nl ? $"Waarom niet {location} ({loc.Location.Name}, onderwijsregio {loc.EducationRegion?.Code}):" : $"Why not {location} ({loc.Location.Name}, education region {loc.EducationRegion?.Code}):");
        foreach (var code in blocked)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"  [{code}] {state.Explain(code, yi, li, language)}");
        }

        var here = proposal.Assignments.FirstOrDefault(a => a.Youth == youth);
        var cost = there.Values.Sum();
        sb.AppendLine(CultureInfo.InvariantCulture, $"  {(nl ? "Kosten daar" : "Cost there")}: {cost}{(here is null ? "" : string.Create(CultureInfo.InvariantCulture, $" ({(cost - here.Cost >= 0 ? "+" : "")}{cost - here.Cost} {(nl ? "t.o.v. het voorstel" : "against the proposal")})"))}");
        foreach (var (name, value) in there.Where(kv => kv.Value != 0 || (here?.Criteria.GetValueOrDefault(kv.Key) ?? 0) != 0))
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"    {name}: {value}{(here is null ? "" : $" ({(nl ? "voorstel" : "proposal")} {here.Criteria.GetValueOrDefault(name)})")}");
        }

        if (blocked.Length == 0 && here is not null)
        {
            sb.AppendLine(nl
                ? "  Geen harde regel sluit deze locatie uit; het voorstel is goedkoper in de volgorde van het beleid (of even goed, met een stabiele keuze)."
                : "  No hard rule forbids it; the proposal is better in the policy's order of tiers (or equal, chosen stably).");
        }

        return LoadResult<string>.Success(sb.ToString());
    }
}

using System.Globalization;
using Spreidingswet.Placement.Model;

namespace Spreidingswet.Placement.Rules;

/// <summary>The "why here" and "why not there" explanation of one youth (placement explain).</summary>
internal static partial class Texts
{
    /// <summary>Heading of an unplaced youth's reasons.</summary>
    public static string NotPlaced(string youth, Language language) => Nl(language) ? $"{youth} is niet geplaatst:" : $"{youth} is not placed:";

    /// <summary>Where the youth goes: a new arrival, staying, or moving from <paramref name="from"/>.</summary>
    public static string GoesTo(string youth, string location, string? from, Language language) => Nl(language)
        ? $"{youth} gaat naar {location}{(from is null ? " (nieuwe aankomst)" : from == location ? " en blijft waar hij/zij woont" : $" (nu in {from})")}."
        : $"{youth} goes to {location}{(from is null ? " (new arrival)" : from == location ? " and stays where they live" : $" (now in {from})")}.";

    /// <summary>The education region check of an assignment and the school distance.</summary>
    public static string EducationRegionLine(string school, string? location, bool kept, double? schoolDistanceKm, Language language) => Nl(language)
        ? $"  Onderwijsregio van de school: {school}; van de locatie: {location}: {(kept ? "behouden" : "NIET behouden")}. Afstand tot school {schoolDistanceKm:0.0} km."
        : $"  Education region of the school: {school}; of the location: {location}: {(kept ? "kept" : "NOT kept")}. School distance {schoolDistanceKm:0.0} km.";

    /// <summary>The education region question does not apply: no school.</summary>
    public static string NotEnrolled(Language language) => Nl(language) ? "  Nog niet op school ingeschreven." : "  Not enrolled at a school yet.";

    /// <summary>Heading of an assignment's criteria breakdown.</summary>
    public static string CostPerCriterion(long cost, Language language) => Nl(language) ? $"  Kosten {cost}, per criterium:" : $"  Cost {cost}, per criterion:";

    /// <summary>Heading of an assignment's alternatives.</summary>
    public static string NextBest(Language language) => Nl(language) ? "  Beste alternatieven:" : "  Next best alternatives:";

    /// <summary>The asked-about location is the proposed one.</summary>
    public static string IsProposed(string location, Language language) => Nl(language) ? $"{location} is de voorgestelde locatie." : $"{location} is the proposed location.";

    /// <summary>"Why not" followed by an alternative's text.</summary>
    public static string WhyNotAlternative(string location, string alternative, Language language)
        => (Nl(language) ? $"Waarom niet {location}: " : $"Why not {location}: ") + alternative;

    /// <summary>The asked-about location cannot be explained without the run's inputs.</summary>
    public static string NotAmongAlternatives(string location, Language language) => Nl(language)
        ? $"{location} staat niet bij de alternatieven en de invoer van deze run is niet beschikbaar om het te herberekenen."
        : $"{location} is not among the listed alternatives, and this run's inputs are not available to recompute it.";

    /// <summary>One alternative: its cost difference, criteria differences and the codes that block it.</summary>
    public static string AlternativeLine(Alternative alt, Language language)
    {
        var nl = Nl(language);
        var deltas = string.Join(", ", alt.CriteriaDelta.Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key} {(kv.Value > 0 ? "+" : "")}{kv.Value}")));
        var blocked = alt.BlockedBy.IsEmpty ? "" : (nl ? $"; niet mogelijk: {string.Join(", ", alt.BlockedBy)}" : $"; not possible: {string.Join(", ", alt.BlockedBy)}");
        return string.Create(CultureInfo.InvariantCulture, $"{alt.Location}: {(alt.CostDelta > 0 ? "+" : "")}{alt.CostDelta} ({(deltas.Length == 0 ? (nl ? "gelijk" : "equal") : deltas)}){blocked}");
    }

    /// <summary>Heading of a recomputed "why not there".</summary>
    public static string WhyNotHeading(string location, string name, string? educationRegion, Language language) => Nl(language)
        ? $"Waarom niet {location} ({name}, onderwijsregio {educationRegion}):"
        : $"Why not {location} ({name}, education region {educationRegion}):";

    /// <summary>The cost there, and against the proposal's cost when the youth is placed.</summary>
    public static string CostThere(long cost, long? proposed, Language language)
    {
        var nl = Nl(language);
        return string.Create(CultureInfo.InvariantCulture, $"  {(nl ? "Kosten daar" : "Cost there")}: {cost}{(proposed is not { } here ? "" : string.Create(CultureInfo.InvariantCulture, $" ({(cost - here >= 0 ? "+" : "")}{cost - here} {(nl ? "t.o.v. het voorstel" : "against the proposal")})"))}");
    }

    /// <summary>One criterion there, and in the proposal when the youth is placed.</summary>
    public static string CriterionThere(string name, long value, long? proposed, Language language)
        => string.Create(CultureInfo.InvariantCulture, $"    {name}: {value}{(proposed is not { } here ? "" : $" ({(Nl(language) ? "voorstel" : "proposal")} {here})")}");

    /// <summary>No hard rule forbids the location: the proposal is simply better.</summary>
    public static string NoHardRuleForbids(Language language) => Nl(language)
        ? "  Geen harde regel sluit deze locatie uit; het voorstel is goedkoper in de volgorde van het beleid (of even goed, met een stabiele keuze)."
        : "  No hard rule forbids it; the proposal is better in the policy's order of tiers (or equal, chosen stably).";
}

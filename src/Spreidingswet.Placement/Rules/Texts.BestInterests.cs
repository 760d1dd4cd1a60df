using System.Collections.Immutable;
using System.Globalization;
using Spreidingswet.Placement.Model;

namespace Spreidingswet.Placement.Rules;

/// <summary>The best-interests statement: one sentence per claim, in English or Dutch, from the claim's values only.</summary>
internal static partial class Texts
{
    /// <summary>Heading of the best-interests statement in an explanation.</summary>
    public static string BestInterestsHeading(Language language) => Nl(language) ? "  In het belang van het kind afgewogen:" : "  Weighed in the child's best interests:";

    /// <summary>The statement of a youth: its claims in words, in their order.</summary>
    public static string BestInterests(ImmutableArray<BestInterestsClaim> claims, Language language)
        => string.Join(' ', claims.Select(c => Claim(c, language)).Where(s => s.Length > 0));

    /// <summary>One claim in words.</summary>
    public static string Claim(BestInterestsClaim c, Language language)
    {
        var nl = Nl(language);
        var because = Because(c.Because, language);
        return (c.Topic, c.Outcome) switch
        {
            ("placement", "unplaced") => nl ? $"Geen bed gevonden ({string.Join(", ", c.Because ?? [])})." : $"No bed found ({string.Join(", ", c.Because ?? [])}).",
            ("placement", "newArrival") => nl ? $"Nieuwe aankomst, geplaatst in {c.Got}." : $"New arrival, placed in {c.Got}.",
            ("placement", "stays") => nl ? $"Blijft in {c.Got}." : $"Stays in {c.Got}.",
            ("placement", _) => nl ? $"Verhuist naar {c.Got}." : $"Moves to {c.Got}.",
            ("educationRegion", "kept") => nl ? $"Onderwijsregio {c.Wanted} van de school behouden." : $"School region {c.Wanted} kept.",
            ("educationRegion", "broken") => nl ? $"Onderwijsregio {c.Wanted} van de school niet behouden ({c.Got}): {because}." : $"School region {c.Wanted} broken ({c.Got}): {because}.",
            ("educationRegion", "brokenBefore") => nl ? $"Woont al buiten onderwijsregio {c.Wanted} ({c.Got}) en blijft: geen nieuwe breuk." : $"Already lives outside school region {c.Wanted} ({c.Got}) and stays: no new break.",
            ("educationRegion", "unplaced") => nl ? $"Onderwijsregio {c.Wanted}: geen plaats: {because}." : $"School region {c.Wanted}: no place: {because}.",
            ("educationRegion", "regionUnknown") => nl ? "School in het buitenland: onderwijsregio onbekend." : "School abroad: education region unknown.",
            ("educationRegion", _) => nl ? "Nog niet op school ingeschreven." : "Not enrolled at a school yet.",
            ("siblings", "together") => nl ? $"Samen met de siblinggroep ({c.Count}) geplaatst." : $"Placed together with the sibling group ({c.Count}).",
            ("siblings", _) => nl ? $"De siblinggroep ({c.Count}) blijft samen en heeft samen geen bed." : $"The sibling group ({c.Count}) stays together and has no bed together.",
            ("views", "met") => nl ? $"De wens van de jongere ({c.Wanted}) is vervuld." : $"The youth's wish ({c.Wanted}) is met.",
            ("views", "notMet") => nl ? $"De wens van de jongere ({c.Wanted}) is niet vervuld: {because}." : $"The youth's wish ({c.Wanted}) is not met: {because}.",
            ("views", "unplaced") => nl ? $"De wens van de jongere ({c.Wanted}) is niet vervuld: {because}." : $"The youth's wish ({c.Wanted}) is not met: {because}.",
            ("views", "noWish") => nl ? $"Gehoord op {c.On:yyyy-MM-dd}: geen wens uitgesproken." : $"Heard on {c.On:yyyy-MM-dd}: no wish stated.",
            ("views", _) => nl ? "Geen wens vastgelegd." : "No views recorded.",
            ("schoolDistance", _) => nl ? string.Create(CultureInfo.InvariantCulture, $"Afstand tot school {c.Km:0.0} km.") : string.Create(CultureInfo.InvariantCulture, $"School {c.Km:0.0} km away."),
            ("moves", "moved") when c.Count is null => nl ? "Verhuizingen in de laatste 12 maanden: niet vastgelegd; deze verhuizing is een keuze." : "Moves in the last 12 months: not recorded; this move is a choice.",
            ("moves", "movedForced") when c.Count is null => nl ? "Verhuizingen in de laatste 12 maanden: niet vastgelegd; deze verhuizing is onvermijdelijk." : "Moves in the last 12 months: not recorded; this move is forced.",
            ("moves", "stays") when c.Count is null => nl ? "Verhuizingen in de laatste 12 maanden: niet vastgelegd; geen nieuwe verhuizing." : "Moves in the last 12 months: not recorded; no new move.",
            ("moves", _) when c.Count is null => nl ? "Verhuizingen in de laatste 12 maanden: niet vastgelegd." : "Moves in the last 12 months: not recorded.",
            ("moves", "moved") => nl ? $"Verhuizingen in de laatste 12 maanden: {c.Count}; deze verhuizing is een keuze (stabiliteit gewogen)." : $"Moves in the last 12 months: {c.Count}; this move is a choice (stability weighed).",
            ("moves", "movedForced") => nl ? $"Verhuizingen in de laatste 12 maanden: {c.Count}; deze verhuizing is onvermijdelijk." : $"Moves in the last 12 months: {c.Count}; this move is forced.",
            ("moves", "stays") => nl ? $"Verhuizingen in de laatste 12 maanden: {c.Count}; geen nieuwe verhuizing." : $"Moves in the last 12 months: {c.Count}; no new move.",
            ("moves", _) => nl ? $"Verhuizingen in de laatste 12 maanden: {c.Count}." : $"Moves in the last 12 months: {c.Count}.",
            ("turning18", "crossRegion") => nl ? $"Wordt 18 op {c.On:yyyy-MM-dd}; verhuist van onderwijsregio {c.Wanted} naar {c.Got}: {because}." : $"Turns 18 on {c.On:yyyy-MM-dd}; moves out of education region {c.Wanted} to {c.Got}: {because}.",
            ("turning18", "sameRegion") => nl ? $"Wordt 18 op {c.On:yyyy-MM-dd}; blijft in onderwijsregio {c.Wanted}." : $"Turns 18 on {c.On:yyyy-MM-dd}; stays in education region {c.Wanted}.",
            ("turning18", "stays") => nl ? $"Wordt 18 op {c.On:yyyy-MM-dd}; blijft waar hij/zij woont." : $"Turns 18 on {c.On:yyyy-MM-dd}; stays where they live.",
            ("turning18", _) => nl ? $"Wordt 18 op {c.On:yyyy-MM-dd}." : $"Turns 18 on {c.On:yyyy-MM-dd}.",
            _ => "",
        };
    }

    /// <summary>What stood in the way, in words: no bed, the sibling group, a hard rule, a higher tier or the weighing.</summary>
    public static string Because(ImmutableArray<string>? codes, Language language)
    {
        if (codes is not { IsDefaultOrEmpty: false } list)
        {
            return "";
        }

        var nl = Nl(language);
        var rules = list.Where(IsHardRule).ToList();
        var words = list.Where(c => !IsHardRule(c)).Select(code => code switch
        {
            ReasonCodes.Full => nl ? "geen bed (alle bedden bezet)" : "no bed (every bed is taken)",
            ReasonCodes.NoBeds => nl ? "geen bed" : "no bed",
            ReasonCodes.Closed => nl ? "de locatie sluit" : "the location closes",
            ReasonCodes.SiblingsDoNotFit or ReasonCodes.SiblingNotAllowed => nl ? "de siblinggroep" : "the sibling group",
            ReasonCodes.KeepApart => nl ? "een scheidingsregel" : "a keep-apart rule",
            BestInterestsCodes.NoLocation => nl ? "geen locatie van deze ronde voldoet" : "no location of this run meets it",
            _ when code.StartsWith(BestInterestsCodes.HigherTier, StringComparison.Ordinal) => nl ? $"een hogere laag ({code[BestInterestsCodes.HigherTier.Length..]})" : $"a higher tier ({code[BestInterestsCodes.HigherTier.Length..]})",
            _ when code.StartsWith(BestInterestsCodes.Weighed, StringComparison.Ordinal) => nl ? $"afgewogen tegen andere criteria ({code[BestInterestsCodes.Weighed.Length..]})" : $"outweighed by other criteria ({code[BestInterestsCodes.Weighed.Length..]})",
            _ when code.StartsWith(BestInterestsCodes.NotWeighed, StringComparison.Ordinal) => nl ? $"dit beleid weegt het niet mee ({code[BestInterestsCodes.NotWeighed.Length..]} besliste)" : $"this policy does not weigh it ({code[BestInterestsCodes.NotWeighed.Length..]} decided)",
            _ => code,
        }).Distinct(StringComparer.Ordinal).ToList();
        if (rules.Count > 0)
        {
            words.Add(nl ? $"{(rules.Count == 1 ? "een harde regel" : "harde regels")} ({string.Join(", ", rules)})" : $"{(rules.Count == 1 ? "a hard rule" : "hard rules")} ({string.Join(", ", rules)})");
        }

        return string.Join(", ", words);
    }

    /// <summary>True for a hard rule's code (AGE, GENDER, ...), which the statement groups; closed and no-beds read as their own words.</summary>
    private static bool IsHardRule(string code)
        => code is not (ReasonCodes.Full or ReasonCodes.NoBeds or ReasonCodes.Closed or ReasonCodes.SiblingsDoNotFit or ReasonCodes.SiblingNotAllowed or ReasonCodes.KeepApart or BestInterestsCodes.NoLocation)
            && !code.Contains(':', StringComparison.Ordinal);
}

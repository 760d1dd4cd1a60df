using System.Collections.Frozen;

namespace Spreidingswet.Placement.Web.Services;

/// <summary>
/// The pages' texts in Dutch (default) and English, chosen by the <c>lang</c> cookie (the language
/// switch). A small table rather than resource files: the app runs with invariant globalisation.
/// </summary>
public sealed class Texts(IHttpContextAccessor http)
{
    public const string Cookie = "lang";

    public bool English => http.HttpContext?.Request.Cookies[Cookie] == "en";

    public string Code => English ? "en" : "nl";

    public Model.Language Language => English ? Model.Language.English : Model.Language.Dutch;

    public string this[string key] => Table.TryGetValue(key, out var t) ? (English ? t.En : t.Nl) : key;

    public static bool Has(string key) => Table.ContainsKey(key);

    private static readonly FrozenDictionary<string, (string Nl, string En)> Table = new Dictionary<string, (string, string)>
    {
        ["app"] = ("Plaatsingen AMV", "AMV placements"),
        ["overview"] = ("Overzicht", "Overview"),
        ["audit"] = ("Audit", "Audit"),
        ["users"] = ("Gebruikers", "Users"),
        ["signin"] = ("Inloggen", "Sign in"),
        ["signout"] = ("Uitloggen", "Sign out"),
        ["username"] = ("Gebruikersnaam", "User name"),
        ["password"] = ("Wachtwoord", "Password"),
        ["signin.failed"] = ("Inloggen mislukt: gebruikersnaam of wachtwoord onjuist.", "Sign-in failed: wrong user name or password."),
        ["signin.locked"] = ("Dit account is tijdelijk geblokkeerd na te veel mislukte pogingen. Probeer het later opnieuw.", "This account is locked for a while after too many failed attempts. Try again later."),
        ["signin.noadmin"] = ("Er is nog geen beheerder. Zet PLACEMENT_WEB_ADMIN_USER en PLACEMENT_WEB_ADMIN_PASSWORD (minstens 12 tekens) en start de app opnieuw: dan wordt de eerste beheerder aangemaakt.", "There is no administrator yet. Set PLACEMENT_WEB_ADMIN_USER and PLACEMENT_WEB_ADMIN_PASSWORD (at least 12 characters) and restart the app: that creates the first administrator."),
        ["signin.oidc"] = ("Inloggen met", "Sign in with"),
        ["denied"] = ("Geen toegang: uw rol staat dit niet toe.", "Access denied: your role does not allow this."),
        ["situation"] = ("Huidige situatie", "Current situation"),
        ["situation.demo"] = ("Demo (synthetische gegevens, geen echte jongeren)", "Demo (synthetic data, not real young people)"),
        ["youths"] = ("Jongeren", "Youths"),
        ["locations"] = ("Locaties", "Locations"),
        ["newproposal"] = ("Nieuw voorstel", "New proposal"),
        ["policy"] = ("Beleid", "Policy"),
        ["planningdate"] = ("Planningsdatum", "Planning date"),
        ["timelimit"] = ("Tijdslimiet (s)", "Time limit (s)"),
        ["start"] = ("Start", "Start"),
        ["queue"] = ("Wachtrij en lopende berekeningen", "Queue and running proposals"),
        ["runs"] = ("Voorstellen", "Proposals"),
        ["run"] = ("Voorstel", "Proposal"),
        ["status"] = ("Status", "Status"),
        ["progress"] = ("Voortgang", "Progress"),
        ["cancel"] = ("Annuleren", "Cancel"),
        ["open"] = ("Openen", "Open"),
        ["time"] = ("Tijd (UTC)", "Time (UTC)"),
        ["placed"] = ("Geplaatst", "Placed"),
        ["decisions"] = ("Besluiten", "Decisions"),
        ["none"] = ("Nog niets.", "Nothing yet."),
        ["job.queued"] = ("In de wachtrij", "Queued"),
        ["job.running"] = ("Bezig", "Running"),
        ["job.done"] = ("Klaar", "Done"),
        ["job.failed"] = ("Mislukt", "Failed"),
        ["job.cancelled"] = ("Geannuleerd", "Cancelled"),
        ["metrics"] = ("Uitkomsten tegenover plaatsing alleen op capaciteit", "Metrics against capacity-only practice"),
        ["metric"] = ("Maat", "Metric"),
        ["thisproposal"] = ("Dit voorstel", "This proposal"),
        ["capacityonly"] = ("Alleen capaciteit", "Capacity only"),
        ["m.youths"] = ("jongeren", "youths"),
        ["m.placed"] = ("geplaatst", "placed"),
        ["m.unplaced"] = ("niet geplaatst", "unplaced"),
        ["m.moved"] = ("verhuisd", "moved"),
        ["m.schoolgoing"] = ("schoolgaand", "school-going"),
        ["m.kept"] = ("onderwijsregio behouden", "education region kept"),
        ["m.broken"] = ("onderwijsregio verbroken", "education region broken"),
        ["m.meankm"] = ("gem. afstand school (km)", "mean school distance (km)"),
        ["m.maxkm"] = ("max. afstand school (km)", "max school distance (km)"),
        ["map"] = ("Kaart", "Map"),
        ["map.legend"] = ("Onderwijsregio's; cirkels: locaties naar bezetting; lijnen: verhuizingen (groen: regio behouden, rood: regio verbroken). Klik op een locatie: wie er zit en wie verhuist.", "Education regions; circles: locations sized by load; lines: moves (green: region kept, red: region broken). Click a location: who is there and who moves."),
        ["filter"] = ("Filter", "Filter"),
        ["f.all"] = ("alle", "all"),
        ["f.moved"] = ("verhuisd", "moved"),
        ["f.unplaced"] = ("niet geplaatst", "unplaced"),
        ["f.broken"] = ("regio verbroken", "region broken"),
        ["youth"] = ("Jongere", "Youth"),
        ["current"] = ("Nu", "Now"),
        ["proposed"] = ("Voorgesteld", "Proposed"),
        ["region"] = ("Onderwijsregio", "Education region"),
        ["kept"] = ("behouden", "kept"),
        ["broken"] = ("verbroken", "broken"),
        ["decision"] = ("Besluit", "Decision"),
        ["explanation"] = ("Uitleg", "Explanation"),
        ["accept"] = ("Accepteren", "Accept"),
        ["change"] = ("Wijzigen naar locatie", "Change to location"),
        ["reject"] = ("Afwijzen", "Reject"),
        ["reason"] = ("Reden (geen namen van personen)", "Reason (no names of people)"),
        ["override"] = ("Regel bewust overschrijden", "Knowingly override rule"),
        ["record"] = ("Besluit vastleggen", "Record decision"),
        ["recorded"] = ("Besluit vastgelegd in het auditlog.", "Decision recorded in the audit log."),
        ["conflict"] = ("Een andere planner heeft intussen over deze jongere besloten; uw besluit is niet vastgelegd. Bekijk het nieuwe besluit hieronder en besluit opnieuw.", "Another planner decided this youth in the meantime; your decision was not recorded. See the new decision below and decide again."),
        ["rules"] = ("Uw besluit breekt een regel. Kies een andere locatie, of vink de regel aan en geef een reden.", "Your decision breaks a rule. Pick another location, or tick the rule and give a reason."),
        ["history"] = ("Eerdere besluiten", "Earlier decisions"),
        ["planner"] = ("Planner (pseudoniem)", "Planner (pseudonym)"),
        ["unplacedreasons"] = ("Niet geplaatst, omdat", "Not placed, because"),
        ["whynot"] = ("Waarom niet deze locatie", "Why not this location"),
        ["chain"] = ("Keten van het auditlog", "Audit log chain"),
        ["chain.ok"] = ("intact", "intact"),
        ["chain.broken"] = ("GEBROKEN", "BROKEN"),
        ["records"] = ("records", "records"),
        ["head"] = ("kop", "head"),
        ["adduser"] = ("Gebruiker toevoegen", "Add user"),
        ["roles"] = ("Rollen", "Roles"),
        ["add"] = ("Toevoegen", "Add"),
        ["useradded"] = ("Gebruiker toegevoegd.", "User added."),
        ["back"] = ("Terug", "Back"),
        ["synthetic"] = ("Synthetische gegevens: geen echte jongeren.", "Synthetic data: not real young people."),
        ["notfound"] = ("Niet gevonden.", "Not found."),
        ["nobaseline"] = ("(niet berekend)", "(not computed)"),
        ["kind"] = ("Soort", "Kind"),
        ["movesin"] = ("komen hierheen", "move here"),
        ["movesout"] = ("vertrekken hiervandaan", "move away"),
        ["siblings.together"] = ("Besluit voor de hele broer/zus-groep tegelijk (broers en zussen blijven samen)", "Decide for the whole sibling group at once (siblings stay together)"),
        ["acceptremaining"] = ("Alle overige accepteren", "Accept all remaining"),
        ["acceptremaining.confirm"] = ("Ik heb de overige voorgestelde plaatsingen bekeken", "I have reviewed the remaining proposed placements"),
        ["acceptremaining.done"] = ("besluiten vastgelegd (accepteren).", "decisions recorded (accept)."),
        ["download"] = ("Downloaden", "Download"),
        ["explainlocation"] = ("Waarom niet deze locatie?", "Why not this location?"),
    }.ToFrozenDictionary(StringComparer.Ordinal);
}

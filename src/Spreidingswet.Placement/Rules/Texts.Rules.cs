using Spreidingswet.Placement.Model;

namespace Spreidingswet.Placement.Rules;

/// <summary>Why a youth may not go to a location: the hard rules, and the checks given the proposal's other placements.</summary>
internal static partial class Texts
{
    /// <summary><see cref="ReasonCodes.Closed"/>.</summary>
    public static string Closed(string location, DateOnly? closesOn, Language language) => Nl(language)
        ? $"{location} is gesloten per {closesOn:yyyy-MM-dd}"
        : $"{location} is closed from {closesOn:yyyy-MM-dd}";

    /// <summary><see cref="ReasonCodes.NoBeds"/>.</summary>
    public static string NoBeds(string location, int capacity, int reserved, Language language) => Nl(language)
        ? $"{location} heeft geen bedden voor deze ronde (capaciteit {capacity}, gereserveerd {reserved})"
        : $"{location} has no beds for this run (capacity {capacity}, reserved {reserved})";

    /// <summary><see cref="ReasonCodes.PinnedElsewhere"/>.</summary>
    public static string PinnedElsewhere(string? pinnedTo, Language language) => Nl(language)
        ? $"de planner heeft deze jongere vastgezet op {pinnedTo}"
        : $"the planner pinned this youth to {pinnedTo}";

    /// <summary><see cref="ReasonCodes.Excluded"/>.</summary>
    public static string Excluded(string location, Language language) => Nl(language)
        ? $"{location} is uitgesloten voor deze jongere"
        : $"{location} is excluded for this youth";

    /// <summary><see cref="ReasonCodes.Age"/>.</summary>
    public static string AgeOutsideRange(string location, int minAge, int maxAge, int age, Language language) => Nl(language)
        ? $"{location} neemt leeftijd {minAge}-{maxAge}, de jongere is {age}"
        : $"{location} takes ages {minAge}-{maxAge}, the youth is {age}";

    /// <summary><see cref="ReasonCodes.Gender"/>.</summary>
    public static string GenderNotAccepted(string location, Language language) => Nl(language)
        ? $"{location} is niet ingericht voor dit geslacht"
        : $"{location} does not accept this gender";

    /// <summary><see cref="ReasonCodes.CareLevel"/>.</summary>
    public static string CareLevelNotOffered(string location, CareLevel level, Language language) => Nl(language)
        ? $"{location} biedt geen zorgniveau {Care(level, language)}"
        : $"{location} does not offer care level {Care(level, language)}";

    /// <summary><see cref="ReasonCodes.Needs"/>; <paramref name="missing"/> lists the needs not met.</summary>
    public static string NeedsNotMet(string location, string missing, Language language) => Nl(language)
        ? $"{location} biedt niet: {missing}"
        : $"{location} does not offer: {missing}";

    /// <summary><see cref="ReasonCodes.Turning18"/>.</summary>
    public static string Turning18Rule(string location, string? homeRegion, DateOnly? turns18On, Language language) => Nl(language)
        ? $"de jongere wordt 18 op {turns18On:yyyy-MM-dd} en blijft in onderwijsregio {homeRegion}; {location} ligt daarbuiten"
        : $"the youth turns 18 on {turns18On:yyyy-MM-dd} and stays in education region {homeRegion}; {location} lies outside it";

    /// <summary>
    /// The checks that depend on the proposal's other placements (<see cref="ReasonCodes.Full"/>,
    /// <see cref="ReasonCodes.KeepApart"/>, <see cref="ReasonCodes.SiblingsDoNotFit"/>); any other
    /// code reads as <see cref="ReasonCodes.SiblingNotAllowed"/>.
    /// </summary>
    public static string GivenProposal(string code, Language language) => code switch
    {
        ReasonCodes.Full => Nl(language) ? "alle bedden zijn in dit voorstel bezet" : "every bed is taken in this proposal",
        ReasonCodes.KeepApart => Nl(language) ? "een jongere van wie deze jongere gescheiden moet blijven, is daar geplaatst" : "a youth this youth must be kept apart from is placed there",
        ReasonCodes.SiblingsDoNotFit => Nl(language) ? "de siblinggroep past er niet samen in" : "the sibling group does not fit there together",
        _ => Nl(language) ? "een broer of zus mag daar niet heen" : "a sibling may not go there",
    };

    /// <summary><see cref="ReasonCodes.SiblingsApart"/> (planner decisions, English only); <paramref name="whereabouts"/> are "id in location" items, joined.</summary>
    public static string SiblingsApart(string whereabouts) => "the youth's sibling group would not be placed together: " + whereabouts;
}

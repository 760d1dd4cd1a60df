using Spreidingswet.Placement.Model;

namespace Spreidingswet.Placement.Rules;

/// <summary>Why a youth stays without a bed (proposal.json "unplaced").</summary>
internal static partial class Texts
{
    /// <summary><see cref="ReasonCodes.KeepApartInSiblingGroup"/>.</summary>
    public static string KeepApartInSiblingGroup(Language language) => Nl(language)
        ? "deze jongere moet gescheiden blijven van een broer of zus in dezelfde siblinggroep; de groep kan niet samen geplaatst worden"
        : "this youth must be kept apart from a sibling in the same sibling group, so the group cannot be placed together";

    /// <summary><see cref="ReasonCodes.PinNotHonoured"/>; <paramref name="broken"/> are the other rules' texts, joined.</summary>
    public static string PinNotHonoured(string pinnedTo, string broken, Language language) => Nl(language)
        ? $"vastgezet op {pinnedTo}, maar: {broken}"
        : $"pinned to {pinnedTo}, but {broken}";

    /// <summary><see cref="ReasonCodes.NoEligibleLocation"/>; <paramref name="blockers"/> are "CODE (count)" items, joined.</summary>
    public static string NoEligibleLocation(CareLevel level, int age, string blockers, Language language) => Nl(language)
        ? $"geen open locatie met bedden neemt zorgniveau {Care(level, language)} op leeftijd {age}; geblokkeerd door: {blockers}"
        : $"no open location with beds accepts care level {Care(level, language)} for age {age}; blocked by: {blockers}";

    /// <summary><see cref="ReasonCodes.SiblingGroupCannotBeHeld"/>.</summary>
    public static string SiblingGroupCannotBeHeld(int siblings, Language language) => Nl(language)
        ? $"geen locatie neemt alle {siblings} broers en zussen samen op"
        : $"no location can take all {siblings} siblings together";

    /// <summary><see cref="ReasonCodes.NoFreeBed"/>.</summary>
    public static string NoFreeBed(CareLevel level, int age, int suitableFull, Language language) => Nl(language)
        ? $"geen locatie met een vrij bed neemt zorgniveau {Care(level, language)} op leeftijd {age} ({suitableFull} geschikte locaties zijn vol)"
        : $"no location with a free bed accepts care level {Care(level, language)} for age {age} ({suitableFull} suitable locations are full)";

    /// <summary><see cref="ReasonCodes.KeepApartOrPriority"/>.</summary>
    public static string KeepApartOrPriority(Language language) => Nl(language)
        ? "de overgebleven vrije bedden zijn bezet door jongeren met voorrang of door jongeren van wie deze jongere gescheiden moet blijven"
        : "the remaining free beds went to youths with priority or to youths this youth must be kept apart from";
}

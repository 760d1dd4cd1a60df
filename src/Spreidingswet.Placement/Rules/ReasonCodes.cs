namespace Spreidingswet.Placement.Rules;

/// <summary>
/// Every stable reason code the engine writes (proposal.json, scenario diffs, audit checks), in one
/// place. The codes are part of the output contract: planners override them by name and reports
/// group by them, so a code is never renamed. Their English and Dutch texts live in <see cref="Texts"/>.
/// </summary>
internal static class ReasonCodes
{
    // Hard rules: an arc (youth, location) that breaks one is not a candidate.

    /// <summary>The location closes on or before the planning date.</summary>
    public const string Closed = "CLOSED";

    /// <summary>The location has no beds left for this run (capacity minus reserved).</summary>
    public const string NoBeds = "NO_BEDS";

    /// <summary>A planner pinned the youth to another location.</summary>
    public const string PinnedElsewhere = "PINNED_ELSEWHERE";

    /// <summary>The location is excluded for this youth.</summary>
    public const string Excluded = "EXCLUDED";

    /// <summary>The youth's age is outside the location's age range.</summary>
    public const string Age = "AGE";

    /// <summary>The location does not accept the youth's gender.</summary>
    public const string Gender = "GENDER";

    /// <summary>The location does not offer the youth's care level.</summary>
    public const string CareLevel = "CARE_LEVEL";

    /// <summary>The location lacks a tag the youth needs.</summary>
    public const string Needs = "NEEDS";

    /// <summary>The youth turns 18 within the horizon and may not leave the education region where it lives (option <c>--turning18-hard</c>).</summary>
    public const string Turning18 = "TURNING_18";

    // Given the proposal's other placements (alternatives, "why not there", planner decisions).

    /// <summary>Every bed of the location is taken in the proposal.</summary>
    public const string Full = "FULL";

    /// <summary>A youth this youth must be kept apart from is placed there.</summary>
    public const string KeepApart = "KEEP_APART";

    /// <summary>The youth's sibling group does not fit in the location together.</summary>
    public const string SiblingsDoNotFit = "SIBLINGS_DO_NOT_FIT";

    /// <summary>A sibling of the youth may not go to the location.</summary>
    public const string SiblingNotAllowed = "SIBLING_NOT_ALLOWED";

    /// <summary>A planner decision leaves a sibling group split.</summary>
    public const string SiblingsApart = "SIBLINGS_APART";

    // Why a youth stays unplaced (proposal.json "unplaced"), in the order they are tried.

    /// <summary>The youth must be kept apart from a member of its own sibling group.</summary>
    public const string KeepApartInSiblingGroup = "KEEP_APART_IN_SIBLING_GROUP";

    /// <summary>The pinned location breaks another hard rule.</summary>
    public const string PinNotHonoured = "PIN_NOT_HONOURED";

    /// <summary>No location passes every hard rule for the youth.</summary>
    public const string NoEligibleLocation = "NO_ELIGIBLE_LOCATION";

    /// <summary>No location can take the whole sibling group together.</summary>
    public const string SiblingGroupCannotBeHeld = "SIBLING_GROUP_CANNOT_BE_HELD";

    /// <summary>Every suitable location is full.</summary>
    public const string NoFreeBed = "NO_FREE_BED";

    /// <summary>The remaining beds went to youths with priority or to keep-apart partners.</summary>
    public const string KeepApartOrPriority = "KEEP_APART_OR_PRIORITY";

    // Why a youth's place differs between two situations (scenario diffs, see Scenarios.MoveReasons).

    /// <summary>A youth without a bed before gets one.</summary>
    public const string ArrivalPlaced = "ARRIVAL_PLACED";

    /// <summary>The youth had a bed and has none after.</summary>
    public const string Unplaced = "UNPLACED";

    /// <summary>Forced: the location it lived in closes.</summary>
    public const string Closure = "CLOSURE";

    /// <summary>Forced: its location now has fewer beds than residents.</summary>
    public const string Capacity = "CAPACITY";

    /// <summary>Forced: a planner pinned it to the new location.</summary>
    public const string Pin = "PIN";

    /// <summary>Forced: its location no longer fits it.</summary>
    public const string NotEligible = "NOT_ELIGIBLE";

    /// <summary>Moves with its sibling group, one of whom was forced.</summary>
    public const string SiblingGroup = "SIBLING_GROUP";

    /// <summary>Part of the optimum: its bed went to a sibling group that needed it.</summary>
    public const string FreedBedForSiblings = "FREED_BED_FOR_SIBLINGS";

    /// <summary>Part of the optimum: its bed went to another youth.</summary>
    public const string FreedBed = "FREED_BED";

    /// <summary>Part of the optimum: the policy's criteria prefer the new place.</summary>
    public const string Optimum = "OPTIMUM";

    /// <summary>The unplaced reasons that are also run warnings (a planner's wish that could not be met).</summary>
    public static bool IsWarning(string code) => code is PinNotHonoured or SiblingGroupCannotBeHeld or KeepApartInSiblingGroup;
}

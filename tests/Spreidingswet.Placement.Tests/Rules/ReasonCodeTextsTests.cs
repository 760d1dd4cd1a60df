using System.Reflection;
using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Rules;
using Spreidingswet.Placement.Rules.HardRules;
using static Spreidingswet.Placement.Tests.Support.TestProblems;

namespace Spreidingswet.Placement.Tests.Rules;

/// <summary>Every reason code has its texts in <see cref="Texts"/>: in English and in Dutch, or (scenario and decision reasons) documented as English only.</summary>
public sealed class ReasonCodeTextsTests
{
    private static readonly Dictionary<string, Func<Language, string>> Bilingual = new(StringComparer.Ordinal)
    {
        [ReasonCodes.Closed] = l => Texts.Closed("L1", Date, l),
        [ReasonCodes.NoBeds] = l => Texts.NoBeds("L1", 10, 10, l),
        [ReasonCodes.PinnedElsewhere] = l => Texts.PinnedElsewhere("L2", l),
        [ReasonCodes.Excluded] = l => Texts.Excluded("L1", l),
        [ReasonCodes.Age] = l => Texts.AgeOutsideRange("L1", 15, 17, 14, l),
        [ReasonCodes.Gender] = l => Texts.GenderNotAccepted("L1", l),
        [ReasonCodes.CareLevel] = l => Texts.CareLevelNotOffered("L1", CareLevel.Protected, l),
        [ReasonCodes.Needs] = l => Texts.NeedsNotMet("L1", "medical", l),
        [ReasonCodes.Turning18] = l => Texts.Turning18Rule("L1", "MC19", Date, l),
        [ReasonCodes.Full] = l => Texts.GivenProposal(ReasonCodes.Full, l),
        [ReasonCodes.KeepApart] = l => Texts.GivenProposal(ReasonCodes.KeepApart, l),
        [ReasonCodes.SiblingsDoNotFit] = l => Texts.GivenProposal(ReasonCodes.SiblingsDoNotFit, l),
        [ReasonCodes.SiblingNotAllowed] = l => Texts.GivenProposal(ReasonCodes.SiblingNotAllowed, l),
        [ReasonCodes.KeepApartInSiblingGroup] = Texts.KeepApartInSiblingGroup,
        [ReasonCodes.PinNotHonoured] = l => Texts.PinNotHonoured("L2", "x", l),
        [ReasonCodes.NoEligibleLocation] = l => Texts.NoEligibleLocation(CareLevel.Intensive, 16, "AGE (3)", l),
        [ReasonCodes.SiblingGroupCannotBeHeld] = l => Texts.SiblingGroupCannotBeHeld(3, l),
        [ReasonCodes.NoFreeBed] = l => Texts.NoFreeBed(CareLevel.Standard, 16, 4, l),
        [ReasonCodes.KeepApartOrPriority] = Texts.KeepApartOrPriority,
    };

    /// <summary>Scenario move reasons and the decision check's sibling reason are written in English only (scenario.json, audit).</summary>
    private static readonly string[] EnglishOnly =
    [
        ReasonCodes.SiblingsApart, ReasonCodes.ArrivalPlaced, ReasonCodes.Unplaced, ReasonCodes.Closure, ReasonCodes.Capacity, ReasonCodes.Pin,
        ReasonCodes.NotEligible, ReasonCodes.SiblingGroup, ReasonCodes.FreedBedForSiblings, ReasonCodes.FreedBed, ReasonCodes.Optimum,
    ];

    private static IEnumerable<string> AllCodes() => typeof(ReasonCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(string)).Select(f => (string)f.GetRawConstantValue()!);

    [Fact]
    public void EveryReasonCode_HasItsTexts()
    {
        foreach (var code in AllCodes())
        {
            Assert.True(Bilingual.ContainsKey(code) || EnglishOnly.Contains(code), $"{code} has no text in Texts");
        }
    }

    [Fact]
    public void ReasonCodes_AreDistinct()
        => Assert.Equal(AllCodes().Count(), AllCodes().Distinct(StringComparer.Ordinal).Count());

    [Fact]
    public void EveryBilingualCode_HasAnEnglishAndADifferentDutchText()
    {
        foreach (var (code, text) in Bilingual)
        {
            var (en, nl) = (text(Language.English), text(Language.Dutch));
            Assert.False(string.IsNullOrWhiteSpace(en), code);
            Assert.False(string.IsNullOrWhiteSpace(nl), code);
            Assert.NotEqual(en, nl);
        }
    }

    [Fact]
    public void EveryHardRule_HasABilingualCode()
    {
        foreach (var rule in HardRule.All)
        {
            Assert.Contains(rule.Code, Bilingual.Keys);
        }
    }
}

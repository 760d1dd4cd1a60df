using System.Globalization;
using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Preparation;
using Spreidingswet.Placement.Rules;
using Spreidingswet.Placement.Rules.HardRules;

namespace Spreidingswet.Placement.Explaining;

/// <summary>Why a youth stays unplaced: the first of the reasons, in a fixed order, that holds.</summary>
internal sealed partial class ProposalBuilder
{
    /// <summary>
    /// The reasons tried in order: a keep-apart pair inside the sibling group, a pin the other rules
    /// forbid, no eligible location at all, no location for the whole group, every suitable location
    /// full; else the free beds went to youths with priority or to keep-apart partners.
    /// </summary>
    private IEnumerable<Reason> UnplacedReasons(ResolvedYouth youth, int[] load)
    {
        var unit = _units.UnitOf[youth.Index];
        if (_units.KeepApartInside[unit])
        {
            yield return new Reason(ReasonCodes.KeepApartInSiblingGroup, Texts.KeepApartInSiblingGroup(_language));
            yield break;
        }

        if (youth.PinnedLocation >= 0)
        {
            var pinned = _problem.Locations[youth.PinnedLocation];
            var broken = HardRule.All.Where(r => r is not PinRule && !r.Allows(youth, pinned)).ToList();
            if (broken.Count > 0)
            {
                yield return new Reason(ReasonCodes.PinNotHonoured,
                    Texts.PinNotHonoured(pinned.Location.Id, string.Join("; ", broken.Select(r => r.Explain(youth, pinned, _language))), _language));
                yield break;
            }
        }

        var members = _units.Members[unit];
        var eligibleAlone = _problem.Locations.Where(l => HardRule.All.All(r => r.Allows(youth, l))).ToList();
        if (eligibleAlone.Count == 0)
        {
            var blockers = HardRule.All.Where(r => r is not NoBedsRule and not ClosedRule)
                .Select(r => (Rule: r, Count: _problem.Locations.Count(l => !l.Closed && l.Beds > 0 && !r.Allows(youth, l))))
                .Where(x => x.Count > 0)
                .OrderByDescending(x => x.Count)
                .Select(x => string.Create(CultureInfo.InvariantCulture, $"{x.Rule.Code} ({x.Count})"));
            yield return new Reason(ReasonCodes.NoEligibleLocation, Texts.NoEligibleLocation(youth.Youth.CareLevel, youth.Age, string.Join(", ", blockers), _language));
            yield break;
        }

        var candidates = _units.Candidates[unit].Where(l => !_problem.Locations[l].Closed).ToArray();
        if (members.Length > 1 && candidates.Length == 0)
        {
            yield return new Reason(ReasonCodes.SiblingGroupCannotBeHeld, Texts.SiblingGroupCannotBeHeld(members.Length, _language));
            yield break;
        }

        if (candidates.All(l => load[l] + members.Length > _problem.Locations[l].Beds))
        {
            yield return new Reason(ReasonCodes.NoFreeBed, Texts.NoFreeBed(youth.Youth.CareLevel, youth.Age, candidates.Length, _language));
            yield break;
        }

        yield return new Reason(ReasonCodes.KeepApartOrPriority, Texts.KeepApartOrPriority(_language));
    }
}

using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Rules;
using Spreidingswet.Placement.Rules.HardRules;

namespace Spreidingswet.Placement.Preparation;

// Candidate generation by the hard rules. A unit's candidates are the locations every member may
// go to under every hard rule and that have beds for the whole unit; a unit whose members must be
// kept apart from each other has none. Rules are evaluated by their scope so that the cost is
// locations + profiles x locations + (affected youths) x locations rather than youths x locations.

internal sealed partial class Units
{
    /// <summary>Every candidate location of a unit under the hard rules (pruned ones included), ascending, into <paramref name="into"/>; returns how many.</summary>
    internal int FullCandidates(int u, int[] into) => _rules.Candidates(u, into);

    /// <summary>
    /// Candidate locations of a unit: every member allowed by every hard rule, and beds for the whole
    /// unit. Rules are evaluated by scope: location rules once per location, profile rules once per
    /// (age, gender, care level) and location, youth rules only for youths they can affect.
    /// </summary>
    private sealed class CandidateRules
    {
        private readonly ResolvedProblem _problem;
        private readonly int[][] _members;
        private readonly bool[] _keepApartInside;
        private readonly HardRule[] _youthRules;
        private readonly ResolvedLocation[] _open = [];
        private readonly bool[][] _allowedByProfile;

        public CandidateRules(ResolvedProblem problem, int[][] members, bool[] keepApartInside)
        {
            (_problem, _members, _keepApartInside) = (problem, members, keepApartInside);
            var rules = HardRule.All;
            var locationRules = rules.Where(r => r.Scope == RuleScope.Location).ToArray();
            var profileRules = rules.Where(r => r.Scope == RuleScope.Profile).ToArray();
            _youthRules = [.. rules.Where(r => r.Scope == RuleScope.Youth)];
            _allowedByProfile = new bool[problem.Youths.Length][];
            if (problem.Youths.Length == 0)
            {
                return;
            }

            var any = problem.Youths[0];
            _open = [.. problem.Locations.Where(l => locationRules.All(r => r.Allows(any, l)))];
            var profiles = new Dictionary<(int Age, Gender Gender, CareLevel Care), bool[]>();
            foreach (var y in problem.Youths)
            {
                var key = (y.Age, y.Youth.Gender, y.Youth.CareLevel);
                if (!profiles.TryGetValue(key, out var mask))
                {
                    mask = new bool[problem.Locations.Length];
                    foreach (var l in _open)
                    {
                        mask[l.Index] = profileRules.All(r => r.Allows(y, l));
                    }

                    profiles[key] = mask;
                }

                _allowedByProfile[y.Index] = mask;
            }
        }

        /// <summary>An upper estimate of the candidate arcs: per unit, the open locations its first member's profile allows.</summary>
        public long EstimatedArcs()
        {
            var perMask = new Dictionary<bool[], long>(ReferenceEqualityComparer.Instance);
            long arcs = 0;
            foreach (var m in _members)
            {
                var mask = _allowedByProfile[m[0]];
                if (!perMask.TryGetValue(mask, out var count))
                {
                    count = mask.Count(x => x);
                    perMask[mask] = count;
                }

                arcs += count;
            }

            return arcs;
        }

        /// <summary>Writes the unit's candidate location indexes (ascending) into <paramref name="into"/>; returns how many.</summary>
        public int Candidates(int u, int[] into)
        {
            if (_keepApartInside[u])
            {
                return 0;
            }

            var members = _members[u];
            var size = members.Length;
            var own = members.Select(m => _youthRules.Where(r => !r.CannotBlock(_problem.Youths[m])).ToArray()).ToArray();
            var n = 0;
            foreach (var l in _open)
            {
                if (l.Beds < size)
                {
                    continue;
                }

                var ok = true;
                for (var i = 0; i < members.Length && ok; i++)
                {
                    var y = _problem.Youths[members[i]];
                    ok = _allowedByProfile[y.Index][l.Index];
                    foreach (var rule in own[i])
                    {
                        ok = ok && rule.Allows(y, l);
                    }
                }

                if (ok)
                {
                    into[n++] = l.Index;
                }
            }

            return n;
        }
    }
}

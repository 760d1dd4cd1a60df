using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Preparation;
using Spreidingswet.Placement.Rules;
using Spreidingswet.Placement.Rules.Criteria;
using Spreidingswet.Placement.Rules.HardRules;
using static Spreidingswet.Placement.Tests.Support.TestProblems;

namespace Spreidingswet.Placement.Tests.Rules;

/// <summary>
/// Verifies one hard rule or one criterion alone (after Timefold's ConstraintVerifier): given the
/// rule, a youth and the locations of a small problem (built with <see cref="Support.TestProblems"/>;
/// the first location is the one checked, the others are there to be current or pinned locations),
/// assert that it forbids or allows, penalises or not and by how much. A criterion's scalar
/// <see cref="Criterion.Cost"/> and its batch <see cref="Criterion.AddCosts"/> (the hot path) are
/// checked to agree on every location of the problem.
/// </summary>
internal static class RuleVerifier
{
    public static HardRuleCheck Verify(HardRule rule, Youth youth, params Location[] locations) => new(rule, Resolve(Problem([youth], locations)));

    public static CriterionCheck Verify(Criterion criterion, Youth youth, params Location[] locations) => Verify(criterion, Weights.Default, youth, locations);

    public static CriterionCheck Verify(Criterion criterion, Weights weights, Youth youth, params Location[] locations)
        => new(criterion, new ScoringContext(weights, Resolve(Problem([youth], locations))));

    /// <summary>A hard rule on the problem's youth and first location.</summary>
    public sealed class HardRuleCheck(HardRule rule, ResolvedProblem problem)
    {
        private ResolvedYouth Youth => problem.Youths[0];

        private ResolvedLocation Location => problem.Locations[0];

        public ResolvedProblem Problem => problem;

        /// <summary>Asserts the rule forbids the location and returns its English and Dutch reasons.</summary>
        public (string English, string Dutch) Forbids()
        {
            Assert.False(rule.Allows(Youth, Location), $"{rule.Code} should forbid {Location.Location.Id} for {Youth.Youth.Id}");
            Assert.False(rule.CannotBlock(Youth), $"{rule.Code} forbids, so it must not claim it cannot block");
            var (en, nl) = (rule.Explain(Youth, Location, Language.English), rule.Explain(Youth, Location, Language.Dutch));
            Assert.False(string.IsNullOrWhiteSpace(en));
            Assert.False(string.IsNullOrWhiteSpace(nl));
            Assert.NotEqual(en, nl);
            return (en, nl);
        }

        /// <summary>Asserts the rule allows the location.</summary>
        public void Allows() => Assert.True(rule.Allows(Youth, Location), $"{rule.Code} should allow {Location.Location.Id} for {Youth.Youth.Id}");

        /// <summary>Asserts the rule's verdict on another location of the problem.</summary>
        public HardRuleCheck AllowsAt(int location, bool allowed)
        {
            Assert.Equal(allowed, rule.Allows(Youth, problem.Locations[location]));
            return this;
        }
    }

    /// <summary>A criterion on the problem's youth and first location.</summary>
    public sealed class CriterionCheck(Criterion criterion, ScoringContext context)
    {
        private ResolvedYouth Youth => context.Problem.Youths[0];

        public ResolvedProblem Problem => context.Problem;

        /// <summary>The cost of leaving the youth unplaced.</summary>
        public long UnplacedCost => criterion.UnplacedCost(Youth, context);

        /// <summary>The cost at the first location, after checking that the batch path agrees on every location.</summary>
        public long Cost
        {
            get
            {
                var locations = context.Problem.Locations;
                var indices = locations.Select(l => l.Index).ToArray();
                const long weight = 3;
                var batch = new long[indices.Length];
                criterion.AddCosts(Youth, indices, weight, batch, context);
                for (var k = 0; k < indices.Length; k++)
                {
                    Assert.Equal(weight * criterion.Cost(Youth, locations[k], context), batch[k]);
                }

                return criterion.Cost(Youth, locations[0], context);
            }
        }

        /// <summary>Asserts the criterion costs exactly <paramref name="by"/> at the first location.</summary>
        public void Penalizes(long by) => Assert.Equal(by, Cost);

        /// <summary>Asserts the criterion's cost at the first location lies in a range (distances on real geography).</summary>
        public void PenalizesBetween(long low, long high) => Assert.InRange(Cost, low, high);

        /// <summary>Asserts the criterion costs nothing at the first location.</summary>
        public void DoesNotPenalize() => Assert.Equal(0, Cost);

        /// <summary>Asserts the cost of leaving the youth unplaced.</summary>
        public void PenalizesUnplaced(long by) => Assert.Equal(by, criterion.UnplacedCost(Youth, context));
    }
}

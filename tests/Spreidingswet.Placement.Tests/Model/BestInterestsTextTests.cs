using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Tests.Support;
using static Spreidingswet.Placement.Tests.Support.TestProblems;

namespace Spreidingswet.Placement.Tests.Model;

public sealed class BestInterestsTextTests
{
    [Fact]
    public void The_statement_in_the_runs_language_is_the_one_the_run_wrote_and_the_other_language_differs()
    {
        // Y1 moves out of a closing location, Y2 has nowhere to go: both statements, in both languages.
        var problem = Problem(
            [Kid("Y1", 16, current: "L1", school: Utrecht), Kid("Y2", 16, school: Utrecht), Kid("Y3", 16, school: Utrecht)],
            [Loc("L1", Utrecht, 0), Loc("L2", Zeist, 2)]);
        var proposal = Propose(problem);
        var statements = proposal.Assignments.Select(a => a.BestInterests).Concat(proposal.Unplaced.Select(u => u.BestInterests)).ToList();
        Assert.Equal(3, statements.Count);
        Assert.Single(proposal.Unplaced);
        foreach (var bi in statements)
        {
            Assert.NotNull(bi);
            Assert.Equal(bi.Statement, bi.StatementIn(Language.English)); // the options' default language
            var other = Language.Dutch;
            Assert.NotEqual(bi.Statement, bi.StatementIn(other));
            Assert.Equal(bi.StatementIn(other), string.Join(' ', bi.Claims.Select(c => c.SentenceIn(other)).Where(s => s.Length > 0)));
        }
    }
}

using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Spreidingswet.Placement.Geography;
using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Preparation;
using Spreidingswet.Placement.Rules;
using Spreidingswet.Placement.Rules.HardRules;

namespace Spreidingswet.Placement.Explaining;

/// <summary>
/// A proposal laid over the problem it was made from: where each youth is, the load of each
/// location, and the engine's own hard-rule, capacity, sibling and keep-apart checks for moving a
/// youth somewhere else. Used to explain "why not there" and to check a planner's decision.
/// </summary>
internal sealed class PlacementState
{
    private readonly Dictionary<string, int> _youths;
    private readonly Dictionary<string, int> _locations;

    private static readonly ConditionalWeakTable<Proposal, ConcurrentDictionary<Language, Prepared>> PreparedByProposal = new();

    private PlacementState(Prepared prepared)
    {
        Problem = prepared.Problem;
        Builder = prepared.Builder;
        Options = prepared.Options;
        _youths = prepared.Youths;
        _locations = prepared.Locations;
        At = (int[])prepared.At.Clone();
        Load = (int[])prepared.Load.Clone();
    }

    public ResolvedProblem Problem { get; }

    public ProposalBuilder Builder { get; }

    public PlacementOptions Options { get; }

    /// <summary>Location index per youth, -1 when unplaced.</summary>
    public int[] At { get; }

    /// <summary>Youths placed per location.</summary>
    public int[] Load { get; }

    /// <summary>
    /// Resolves the problem on the proposal's planning date, seed, policy and weights and places every youth as the proposal does.
    /// The resolved problem is kept with the proposal instance (for the same problem, geography and language), so that the
    /// next explanation or decision check of that proposal only copies the placements.
    /// </summary>
    public static LoadResult<PlacementState> Create(Proposal proposal, PlacementProblem problem, RegionMap geography, Language language)
    {
        var byLanguage = PreparedByProposal.GetValue(proposal, _ => new());
        if (byLanguage.TryGetValue(language, out var cached) && cached.IsFor(problem, geography))
        {
            return LoadResult<PlacementState>.Success(new PlacementState(cached));
        }

        // run.views is present when turning 18 applied, and enabled (or auto with views fields) when the views criteria did too.
        var views = proposal.Run.Views;
        var viewsActive = views?.AppliesTo(problem) == true;
        var resolved = Resolver.Resolve(problem, geography, proposal.Run.PlanningDate, proposal.Run.Seed, views);
        if (resolved.Value is not { } rp)
        {
            return LoadResult<PlacementState>.Failure(resolved.Errors);
        }

        var policy = PlacementEngine.ParsePolicy(proposal.Run.Policy) ?? Policy.EducationFirst;
        var options = new PlacementOptions
        {
            Policy = policy, Weights = proposal.Run.Weights, Language = language, PlanningDate = proposal.Run.PlanningDate, Seed = proposal.Run.Seed,
            Views = views ?? new ViewsOptions { Enabled = false },
        };
        var context = new ScoringContext(options.Weights, rp) { Views = options.Views, ViewsActive = viewsActive, Turning18Active = views is not null };
        var units = new Units(rp, Policies.Tiers(policy, options.Weights, viewsActive ? views : null, views is not null), context);
        var prepared = new Prepared(problem, geography, rp, new ProposalBuilder(rp, units, options, context), options);
        foreach (var a in proposal.Assignments)
        {
            if (prepared.Youths.TryGetValue(a.Youth, out var y) && prepared.Locations.TryGetValue(a.Location, out var l))
            {
                Place(prepared.At, prepared.Load, y, l);
            }
        }

        byLanguage[language] = prepared;
        return LoadResult<PlacementState>.Success(new PlacementState(prepared));
    }

    public int? YouthIndex(string id) => _youths.TryGetValue(id, out var i) ? i : null;

    public int? LocationIndex(string id) => _locations.TryGetValue(id, out var i) ? i : null;

    /// <summary>Puts a youth in a location (or nowhere, -1), keeping the loads right.</summary>
    public void Place(int youth, int location) => Place(At, Load, youth, location);

    private static void Place(int[] at, int[] load, int youth, int location)
    {
        if (at[youth] >= 0)
        {
            load[at[youth]]--;
        }

        at[youth] = location;
        if (location >= 0)
        {
            load[location]++;
        }
    }

    /// <summary>Rule codes that forbid the youth in the location given everyone else's placement (empty = allowed).</summary>
    public string[] BlockedBy(int youth, int location) => Builder.BlockedBy(Problem.Youths[youth], Problem.Locations[location], At, Load);

    /// <summary>The plain-words text of a rule code for this youth and location.</summary>
    public string Explain(string code, int youth, int location, Language language)
    {
        var (y, l) = (Problem.Youths[youth], Problem.Locations[location]);
        return HardRule.All.FirstOrDefault(r => r.Code == code) is { } rule ? rule.Explain(y, l, language) : Texts.GivenProposal(code, language);
    }

    /// <summary>The parts of a state that do not change: the resolved problem, the builder, the id indexes and the proposal's placements (copied per state; never written).</summary>
    private sealed class Prepared(PlacementProblem input, RegionMap geography, ResolvedProblem problem, ProposalBuilder builder, PlacementOptions options)
    {
        public ResolvedProblem Problem { get; } = problem;

        public ProposalBuilder Builder { get; } = builder;

        public PlacementOptions Options { get; } = options;

        public Dictionary<string, int> Youths { get; } = problem.Youths.ToDictionary(y => y.Youth.Id, y => y.Index, StringComparer.Ordinal);

        public Dictionary<string, int> Locations { get; } = problem.Locations.ToDictionary(l => l.Location.Id, l => l.Index, StringComparer.Ordinal);

        public int[] At { get; } = Enumerable.Repeat(-1, problem.Youths.Length).ToArray();

        public int[] Load { get; } = new int[problem.Locations.Length];

        public bool IsFor(PlacementProblem p, RegionMap g) => ReferenceEquals(p, input) && ReferenceEquals(g, geography);
    }
}

using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using Spreidingswet.Placement.Geography;
using Spreidingswet.Placement.Inputs;
using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Outputs;

namespace Spreidingswet.Placement.Audit;

/// <summary>The options of a run as stored (the planning date actually used, the time limit in seconds).</summary>
internal sealed record StoredOptions(string Policy, Weights Weights, DateOnly PlanningDate, double TimeLimitSeconds, int Seed, string Language, int Alternatives,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] ViewsOptions? Views = null,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] DemandForecast? Forecast = null)
{
    /// <summary>The options; the views options only when they differ from the defaults (older records have none: the defaults).</summary>
    public static StoredOptions From(PlacementOptions o) => new(PlacementEngine.PolicyName(o.Policy), o.Weights, o.PlanningDate ?? default, o.TimeLimit.TotalSeconds, o.Seed,
        o.Language == Placement.Model.Language.Dutch ? "nl" : "en", o.Alternatives, o.Views == ViewsOptions.Default ? null : o.Views, o.Forecast);

    public PlacementOptions ToOptions() => new()
    {
        Policy = PlacementEngine.ParsePolicy(Policy) ?? throw new InvalidOperationException($"Unknown stored policy '{Policy}'."),
        Weights = Weights,
        PlanningDate = PlanningDate,
        TimeLimit = TimeSpan.FromSeconds(TimeLimitSeconds),
        Seed = Seed,
        Language = Language == "nl" ? Placement.Model.Language.Dutch : Placement.Model.Language.English,
        Alternatives = Alternatives,
        Views = Views ?? ViewsOptions.Default,
        Forecast = Forecast,
    };
}

/// <summary>A run record's content.</summary>
internal sealed record StoredRun(
    int Format,
    string Kind,
    string? Scenario,
    string RunId,
    string EngineVersion,
    StoredOptions Options,
    GeographyOptions Geography,
    string? ModelVersion,
    ImmutableArray<InputDigest> Inputs,
    bool Synthetic,
    JsonElement Problem,
    JsonElement Proposal)
{
    private static readonly JsonSerializerOptions Compact = new(ProposalWriter.JsonOptions) { WriteIndented = false };

    public static string Serialize(string kind, string? scenario, RunToRecord run)
    {
        var proposal = run.Proposal;
        // Only the pseudonymous fields the engine reads: the fairness-only audit group is left out.
        var problem = run.Problem with { Youths = [.. run.Problem.Youths.Select(y => y with { AuditGroup = null })] };
        using var problemJson = JsonDocument.Parse(ProblemJson.Write(problem));
        using var proposalJson = JsonDocument.Parse(JsonSerializer.Serialize(proposal, Compact));
        var stored = new StoredRun(1, kind, scenario, proposal.Run.Id, proposal.Run.EngineVersion,
            StoredOptions.From(run.Options with { PlanningDate = proposal.Run.PlanningDate }), run.Geography ?? new GeographyOptions(), run.ModelVersion,
            proposal.Run.Inputs, proposal.Run.Synthetic, problemJson.RootElement, proposalJson.RootElement);
        return JsonSerializer.Serialize(stored, Compact);
    }

    public static AuditRun Deserialize(long sequence, string hash, string content)
    {
        var stored = JsonSerializer.Deserialize<StoredRun>(content, Compact) ?? throw new InvalidOperationException($"Record {sequence} is empty.");
        var problem = ProblemJson.Parse(Encoding.UTF8.GetBytes(stored.Problem.GetRawText()), $"audit record {sequence}").GetValueOrThrow();
        return new AuditRun
        {
            Sequence = sequence,
            Hash = hash,
            Kind = stored.Kind,
            Scenario = stored.Scenario,
            Options = stored.Options.ToOptions(),
            GeographySources = stored.Geography,
            ModelVersion = stored.ModelVersion,
            Problem = problem with { Inputs = stored.Inputs, IsSynthetic = stored.Synthetic },
            Proposal = stored.Proposal.Deserialize<Proposal>(Compact) ?? throw new InvalidOperationException($"Record {sequence} has no proposal."),
            Decisions = [],
        };
    }
}

/// <summary>A decision record's content.</summary>
internal sealed record StoredDecision(
    string RunId,
    string Youth,
    DecisionKind Decision,
    string? Location,
    string? ProposedLocation,
    string? Reason,
    string Planner,
    ImmutableArray<string> Overrides,
    ImmutableArray<string> BlockedBy)
{
    private static readonly JsonSerializerOptions Compact = new(ProposalWriter.JsonOptions) { WriteIndented = false };

    public static string Serialize(PlannerDecision d, string? proposed, ImmutableArray<string> blockedBy) =>
        JsonSerializer.Serialize(new StoredDecision(d.RunId, d.Youth, d.Kind, d.Location, proposed, d.Reason, d.Planner, d.Overrides.IsDefault ? [] : d.Overrides, blockedBy), Compact);

    public static RecordedDecision Deserialize(long sequence, DateTimeOffset time, string content)
    {
        var s = JsonSerializer.Deserialize<StoredDecision>(content, Compact) ?? throw new InvalidOperationException($"Record {sequence} is empty.");
        return new RecordedDecision(sequence, time, new PlannerDecision(s.RunId, s.Youth, s.Decision, s.Planner)
        {
            Location = s.Location,
            Reason = s.Reason,
            Overrides = s.Overrides.IsDefault ? [] : s.Overrides,
        }, s.ProposedLocation, s.BlockedBy.IsDefault ? [] : s.BlockedBy);
    }
}

/// <summary>An approval record's content.</summary>
internal sealed record StoredApproval(string RunId, string Approver, int Accepted, int Decisions, string? Reason)
{
    private static readonly JsonSerializerOptions Compact = new(ProposalWriter.JsonOptions) { WriteIndented = false };

    public static string Serialize(StoredApproval a) => JsonSerializer.Serialize(a, Compact);

    public static RecordedApproval Deserialize(long sequence, DateTimeOffset time, string content)
    {
        var s = JsonSerializer.Deserialize<StoredApproval>(content, Compact) ?? throw new InvalidOperationException($"Record {sequence} is empty.");
        return new RecordedApproval(sequence, time, s.RunId, s.Approver, s.Accepted, s.Decisions, s.Reason);
    }
}

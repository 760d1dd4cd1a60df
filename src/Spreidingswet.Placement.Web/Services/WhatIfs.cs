using System.Collections.Immutable;
using Spreidingswet.Placement.Audit;
using Spreidingswet.Placement.Geography;
using Spreidingswet.Placement.Inputs;
using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Scenarios;

namespace Spreidingswet.Placement.Web.Services;

/// <summary>Close a location, from a date (default the planning date).</summary>
public sealed record WhatIfClose(string Location, DateOnly? From);

/// <summary>Change a location's capacity by <see cref="Delta"/> beds or <see cref="Set"/> it (exactly one).</summary>
public sealed record WhatIfCapacity(string Location, int? Delta, int? Set);

/// <summary>Synthetic new arrivals (labelled synthetic), as <c>placement generate</c>'s arrivals.</summary>
public sealed record WhatIfArrivals(int Count, int Seed);

/// <summary>Pin a youth to a location.</summary>
public sealed record WhatIfPin(string Youth, string Location);

/// <summary>A what-if as the page's form or the API's JSON gives it; <see cref="Policies"/> are the two to compare.</summary>
/// <param name="ArrivalsCsv">New arrivals as the text of a youths.csv (the same columns; without current locations), at most <see cref="WhatIfs.MaxArrivalsCsvBytes"/>.</param>
public sealed record WhatIfBody(string? Name, string[]? Policies, DateOnly? PlanningDate, double? TimeLimitSeconds,
    WhatIfClose[]? Close, WhatIfCapacity[]? Capacity, WhatIfArrivals? Arrivals, WhatIfPin[]? Pin, string[]? Release, string? ArrivalsCsv = null);

/// <summary>Builds and checks what-ifs (the library's scenario changes on the current situation) and turns one policy's result into a recorded run.</summary>
public sealed class WhatIfs(Situation situation, AuditStore audit, RunStore runs, ProposalRunner queue)
{
    public const int MaxArrivals = 2000;

    /// <summary>The largest arrivals CSV a what-if takes (4 MiB: some 20,000 rows).</summary>
    public const int MaxArrivalsCsvBytes = 4 * 1024 * 1024;

    /// <summary>The name arrivals CSV errors carry.</summary>
    public const string ArrivalsFile = "arrivals.csv";

    /// <summary>The scenario the library's <see cref="ScenarioRunner"/> runs: the problem given in memory, the changes, the two policies.</summary>
    public static ScenarioDefinition Definition(WhatIfRequest request, PlacementProblem problem)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new ScenarioDefinition(request.Name, new ScenarioBase
        {
            InMemory = problem,
            PlanningDate = request.PlanningDate,
            Policy = request.First,
            TimeLimit = TimeSpan.FromSeconds(request.TimeLimitSeconds),
        }, request.Changes, [request.First, request.Second]);
    }

    /// <summary>The request from the body, or every error (the changes checked by <see cref="ScenarioChanges.Apply"/> on the current situation: unknown ids, contradictions).</summary>
    public (WhatIfRequest? Request, IReadOnlyList<InputError> Errors) Build(WhatIfBody body) =>
        Build(body, situation.Problem, situation.Geography, situation.DefaultPlanningDate);

    /// <summary>The request from the body on <paramref name="problem"/>, or every error.</summary>
    public static (WhatIfRequest? Request, IReadOnlyList<InputError> Errors) Build(WhatIfBody body, PlacementProblem problem, RegionMap geography, DateOnly defaultDate)
    {
        ArgumentNullException.ThrowIfNull(body);
        var errors = new List<InputError>();
        var policies = (body.Policies ?? ["education-first", "capacity-only"]).Select(p => (Name: p, Policy: PlacementEngine.ParsePolicy(p ?? ""))).ToArray();
        if (policies.Length != 2 || policies.Any(p => p.Policy is null) || policies[0].Policy == policies[1].Policy)
        {
            errors.Add(new InputError("what-if", 0, "policies", string.Join(",", policies.Select(p => p.Name)), "needs two different policies: education-first, weighted or capacity-only."));
        }

        var seconds = body.TimeLimitSeconds ?? 30;
        if (!(seconds > 0 && seconds <= 3600))
        {
            errors.Add(new InputError("what-if", 0, "timeLimitSeconds", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture), "must be more than 0 and at most 3600."));
        }

        var changes = new List<ScenarioChange>();
        foreach (var c in body.Close ?? [])
        {
            changes.Add(new CloseLocation(c.Location?.Trim() ?? "", c.From));
        }

        foreach (var c in body.Capacity ?? [])
        {
            changes.Add(new ChangeCapacity(c.Location?.Trim() ?? "", c.Delta, c.Set));
        }

        if (body.Arrivals is { Count: > 0 } a)
        {
            if (a.Count > MaxArrivals)
            {
                errors.Add(new InputError("what-if", 0, "arrivals.count", a.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), $"at most {MaxArrivals}."));
            }
            else
            {
                changes.Add(new GenerateArrivals(a.Count, a.Seed));
            }
        }

        if (!string.IsNullOrWhiteSpace(body.ArrivalsCsv))
        {
            if (System.Text.Encoding.UTF8.GetByteCount(body.ArrivalsCsv) > MaxArrivalsCsvBytes)
            {
                errors.Add(new InputError(ArrivalsFile, 0, "file", null, $"is larger than {MaxArrivalsCsvBytes / (1024 * 1024)} MiB."));
            }
            else
            {
                var folder = Directory.CreateTempSubdirectory("placement-arrivals-");
                try
                {
                    var path = Path.Combine(folder.FullName, ArrivalsFile);
                    File.WriteAllText(path, body.ArrivalsCsv);
                    var read = ProblemReader.ReadArrivals(path);
                    errors.AddRange(read.Errors.Select(e => e with { File = ArrivalsFile })); // the file's name only, never the temporary folder
                    if (read.Value is { } youths && read.Errors.Count == 0)
                    {
                        changes.Add(new AddArrivals([.. youths], ArrivalsFile));
                    }
                }
                finally
                {
                    folder.Delete(recursive: true);
                }
            }
        }

        foreach (var p in body.Pin ?? [])
        {
            changes.Add(new PinYouth(p.Youth?.Trim() ?? "", p.Location?.Trim() ?? ""));
        }

        foreach (var r in body.Release ?? [])
        {
            changes.Add(new ReleaseYouth(r?.Trim() ?? ""));
        }

        var date = body.PlanningDate ?? defaultDate;
        if (errors.Count == 0)
        {
            var options = new PlacementOptions { Policy = policies[0].Policy!.Value, PlanningDate = date };
            var applied = ScenarioChanges.Apply(problem, options, changes, geography, "what-if", [policies[0].Policy!.Value, policies[1].Policy!.Value]);
            errors.AddRange(applied.Errors);
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var name = string.IsNullOrWhiteSpace(body.Name) ? "what-if" : body.Name.Trim()[..Math.Min(120, body.Name.Trim().Length)];
        return (new WhatIfRequest(name, [.. changes], policies[0].Policy!.Value, policies[1].Policy!.Value, date, seconds) { Body = body }, []);
    }

    /// <summary>A what-if job by id (null for a proposal job or an unknown id).</summary>
    public ProposalJob? Find(string id) => queue.Find(id) is { WhatIf: not null } job ? job : null;

    /// <summary>
    /// "Turn into a proposal": records policy <paramref name="index"/>'s proposal with the changed problem as a
    /// run of kind <c>scenario</c> in the audit log (once: again returns the same run), so that planners decide on it.
    /// The other policy's proposal is its baseline when that one is capacity-only.
    /// </summary>
    public async Task<string?> AdoptAsync(ProposalJob job, int index, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (job.Scenario is not { } run || index < 0 || index >= run.Proposals.Length)
        {
            return null;
        }

        var proposal = run.Proposals[index];
        var options = index < run.Options.Length ? run.Options[index] : new PlacementOptions { Policy = PlacementEngine.ParsePolicy(proposal.Run.Policy) ?? Policy.EducationFirst, PlanningDate = run.Result.PlanningDate };
        await audit.WriteAsync(log =>
        {
            if (log.FindRun(proposal.Run.Id).Value is null)
            {
                log.RecordScenario(run.Result.Name, [new RunToRecord(proposal, run.Problem, options) { Geography = job.Layers?.Options }]);
            }

            return 0;
        }, cancellation);
        var baseline = run.Proposals.Where((p, k) => k != index && p.Run.Policy == PlacementEngine.PolicyName(Policy.CapacityOnly)).FirstOrDefault();
        runs.Add(new RunView(proposal, run.Problem, baseline, run.Geography));
        return proposal.Run.Id;
    }

    /// <summary>The view of one policy's proposal (for the map of the comparison).</summary>
    public static RunView View(ScenarioRun run, int index, RegionMap geography) => new(run.Proposals[index], run.Problem, null, geography);
}

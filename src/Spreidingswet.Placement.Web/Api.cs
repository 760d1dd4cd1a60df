using System.Collections.Immutable;
using Microsoft.AspNetCore.Antiforgery;
using Spreidingswet.Placement.Audit;
using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Outputs;
using Spreidingswet.Placement.Scenarios;
using Spreidingswet.Placement.Web.Services;

namespace Spreidingswet.Placement.Web;

/// <summary>The JSON API under /api (cookie sign-in; POSTs need the anti-forgery token in the RequestVerificationToken header, from GET /api/antiforgery).</summary>
public static class Api
{
    public sealed record ProposalBody(string? Policy, DateOnly? PlanningDate, double? TimeLimitSeconds, Weights? Weights = null, ViewsOptions? Views = null, string? ForecastCsv = null);

    public sealed record ApprovalBody(bool Confirm);

    public sealed record DecisionBody(string Youth, DecisionKind Kind, string? Location, string? Reason, string[]? Overrides, long ExpectedSequence);

    public static void Map(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var api = app.MapGroup("/api");

        api.MapGet("/antiforgery", (IAntiforgery af, HttpContext ctx) =>
        {
            var tokens = af.GetAndStoreTokens(ctx);
            return Results.Ok(new { token = tokens.RequestToken, header = tokens.HeaderName });
        });

        api.MapGet("/regions", (Situation situation) => Results.Bytes(situation.Layers.EducationRegionsGeoJson, "application/geo+json")).RequireAuthorization(Roles.Read);

        api.MapGet("/runs/{id}/regions", (string id, RunStore runs) => runs.Find(id) is { } run
            ? Results.Bytes(RegionLayers.EducationRegions(run.Geography), "application/geo+json")
            : Results.NotFound()).RequireAuthorization(Roles.Read);

        SituationApi.Map(api);

        api.MapGet("/runs", (AuditStore audit) => Results.Ok(audit.Read(log => log.ListRuns()))).RequireAuthorization(Roles.Read);

        api.MapGet("/runs/{id}", (string id, RunStore runs, Approvals approvals) => runs.Find(id) is { } run
            ? Results.Ok(new { id = run.Id, run.Proposal.Run, run.Proposal.Solver, run.Proposal.Metrics, baseline = run.Baseline?.Metrics, approval = approvals.Find(run.Id) })
            : Results.NotFound()).RequireAuthorization(Roles.Read);

        api.MapGet("/runs/{id}/map", (string id, RunStore runs) => runs.Find(id) is { } run ? Results.Ok(MapData(run)) : Results.NotFound()).RequireAuthorization(Roles.Read);

        api.MapGet("/runs/{id}/proposal.json", (string id, RunStore runs) => runs.Find(id) is { } run
            ? Results.File(System.Text.Encoding.UTF8.GetBytes(ProposalWriter.ToJson(run.Proposal)), "application/json", "proposal.json")
            : Results.NotFound()).RequireAuthorization(Roles.Read);

        api.MapGet("/runs/{id}/proposal.csv", (string id, RunStore runs) => runs.Find(id) is { } run
            ? Results.File(System.Text.Encoding.UTF8.GetBytes(ProposalWriter.ToCsv(run.Proposal)), "text/csv", "proposal.csv")
            : Results.NotFound()).RequireAuthorization(Roles.Read);

        api.MapGet("/runs/{id}/report.html", (string id, RunStore runs, HttpContext ctx) =>
        {
            if (runs.Find(id) is not { } run)
            {
                return Results.NotFound();
            }

            // The library's self-contained report (inline CSS and SVG, no script): shown in the browser under a policy
            // that allows only its inline styles and data images.
            ctx.Response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
            ctx.Response.Headers.ContentDisposition = "inline; filename=report.html";
            return Results.Text(Exports.ReportHtml(run), "text/html; charset=utf-8");
        }).RequireAuthorization(Roles.Read);

        api.MapGet("/runs/{id}/proposal.xlsx", (string id, RunStore runs, AuditStore audit) => runs.Find(id) is { } run
            ? Results.File(Exports.Workbook(run, audit.Read(log => log.FindRun(run.Id)).Value), Exports.XlsxType, "proposal.xlsx")
            : Results.NotFound()).RequireAuthorization(Roles.Read);

        api.MapGet("/jobs/{id}", (string id, ProposalRunner queue) => queue.Find(id) is { } job ? Results.Ok(JobData(job)) : Results.NotFound()).RequireAuthorization(Roles.Read);

        api.MapPost("/proposals", async (ProposalBody body, ProposalRunner queue, Situation situation, Uploads uploads, HttpContext ctx) =>
        {
            var policy = body.Policy is null ? Policy.EducationFirst : PlacementEngine.ParsePolicy(body.Policy);
            var seconds = body.TimeLimitSeconds ?? 30;
            if (policy is null || !(seconds > 0 && seconds <= 3600))
            {
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["policy/timeLimitSeconds"] = ["policy: education-first, weighted or capacity-only; time limit: 0 to 3600 s"] });
            }

            if (body.Weights?.Validate() is { Count: > 0 } problems)
            {
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["weights"] = [.. problems] });
            }

            if (body.Views?.Validate() is { Count: > 0 } viewsProblems)
            {
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["views"] = [.. viewsProblems] });
            }

            DemandForecast? forecast = null;
            if (body.ForecastCsv is { Length: > 0 } csv)
            {
                var bytes = System.Text.Encoding.UTF8.GetBytes(csv);
                using var stream = new MemoryStream(bytes);
                (forecast, var errors) = await uploads.ReadForecastAsync(stream, bytes.Length, "forecast.csv", ctx.RequestAborted);
                if (forecast is null)
                {
                    return Results.BadRequest(new { errors });
                }
            }

            var job = queue.Enqueue(new ProposalRequest(policy.Value, body.PlanningDate ?? situation.DefaultPlanningDate, seconds) { Weights = body.Weights ?? Weights.Default, Views = body.Views ?? ViewsOptions.Default, Forecast = forecast }, PlannerIds.Of(ctx.User));
            return Results.Accepted($"/api/jobs/{job.Id}", JobData(job));
        }).RequireAuthorization(Roles.Plan).AddEndpointFilter(ValidateAntiforgery);

        api.MapPost("/jobs/{id}/cancel", (string id, ProposalRunner queue) => queue.Cancel(id) ? Results.Ok(JobData(queue.Find(id)!)) : Results.NotFound())
            .RequireAuthorization(Roles.Plan).AddEndpointFilter(ValidateAntiforgery);

        api.MapPost("/runs/{id}/decisions", async (string id, DecisionBody body, DecisionService decisions, HttpContext ctx) =>
        {
            var outcome = await decisions.DecideAsync(id, new DecisionRequest(body.Youth, body.Kind, body.Location, body.Reason, [.. body.Overrides ?? []], body.ExpectedSequence),
                PlannerIds.Of(ctx.User), ctx.RequestAborted);
            return outcome switch
            {
                DecisionRecorded r => Results.Created($"/api/runs/{id}/decisions/{r.Decision.Sequence}", r.Decision),
                DecisionConflict c => Results.Conflict(new { message = "another decision was recorded for this youth after the version you saw", latest = c.Latest }),
                DecisionRefused f => Results.UnprocessableEntity(new { rules = f.Rules, errors = f.Errors }),
                _ => Results.NotFound(),
            };
        }).RequireAuthorization(Roles.Plan).AddEndpointFilter(ValidateAntiforgery);

        api.MapPost("/whatif", (WhatIfBody body, WhatIfs whatIfs, ProposalRunner queue, HttpContext ctx) =>
        {
            var (request, errors) = whatIfs.Build(body);
            if (request is null)
            {
                return Results.UnprocessableEntity(new { errors });
            }

            var job = queue.Enqueue(request, PlannerIds.Of(ctx.User));
            return Results.Accepted($"/api/whatif/{job.Id}", JobData(job));
        }).RequireAuthorization(Roles.Plan).AddEndpointFilter(ValidateAntiforgery);

        api.MapGet("/whatif/{id}", (string id, WhatIfs whatIfs) => whatIfs.Find(id) is not { } job ? Results.NotFound()
            : job.Scenario is { } run ? Results.Text(ScenarioWriter.ToJson([run.Result]), "application/json")
            : Results.Ok(JobData(job))).RequireAuthorization(Roles.Read);

        api.MapGet("/whatif/{id}/regions", (string id, WhatIfs whatIfs) => whatIfs.Find(id)?.Scenario is { } run
            ? Results.Bytes(RegionLayers.EducationRegions(run.Geography), "application/geo+json")
            : Results.NotFound()).RequireAuthorization(Roles.Read);

        api.MapGet("/whatif/{id}/map/{index:int}", (string id, int index, WhatIfs whatIfs) =>
            whatIfs.Find(id)?.Scenario is { } run && index >= 0 && index < run.Proposals.Length
                ? Results.Ok(MapData(WhatIfs.View(run, index, run.Geography)))
                : Results.NotFound()).RequireAuthorization(Roles.Read);

        api.MapPost("/whatif/{id}/adopt/{index:int}", async (string id, int index, WhatIfs whatIfs, HttpContext ctx) =>
            whatIfs.Find(id) is { } job && await whatIfs.AdoptAsync(job, index, ctx.RequestAborted) is { } runId
                ? Results.Created($"/api/runs/{runId}", new { runId })
                : Results.NotFound()).RequireAuthorization(Roles.Plan).AddEndpointFilter(ValidateAntiforgery);

        // A coordinator approves the whole run: the youths nobody decided are accepted in the coordinator's name, then the approval is kept with the audit head.
        api.MapPost("/runs/{id}/approval", async (string id, ApprovalBody body, Approvals approvals, HttpContext ctx) => !body.Confirm
            ? Results.ValidationProblem(new Dictionary<string, string[]> { ["confirm"] = ["approving accepts every youth without a decision in your name: send {\"confirm\": true}"] })
            : await approvals.ApproveAsync(id, PlannerIds.Of(ctx.User), ctx.RequestAborted) switch
            {
                Approved { Already: true } a => Results.Ok(a.Approval),
                Approved a => Results.Created($"/api/runs/{id}", a.Approval),
                ApprovalRefused { Reason: DecisionRefused f } => Results.UnprocessableEntity(new { rules = f.Rules, errors = f.Errors }),
                _ => Results.NotFound(),
            }).RequireAuthorization(Roles.Approve).AddEndpointFilter(ValidateAntiforgery);

        api.MapGet("/audit", (AuditStore audit) => Results.Ok(audit.Read(log => new { verification = log.Verify(), runs = log.ListRuns() })))
            .RequireAuthorization(Roles.Audit);

        // A run as the audit log holds it (inputs, proposal, decisions), as `placement audit export` writes it.
        api.MapGet("/audit/runs/{id}/export.json", (string id, AuditStore audit) => audit.Read(log => log.FindRun(id)).Value is { } run
            ? Results.File(System.Text.Encoding.UTF8.GetBytes(AuditLog.ExportJson(run)), "application/json", $"run-{id}.json")
            : Results.NotFound()).RequireAuthorization(Roles.Audit);
    }

    internal static object JobData(ProposalJob job) => new
    {
        id = job.Id,
        status = job.Status.ToString().ToLowerInvariant(),
        stage = job.Stage,
        step = job.Step,
        steps = job.Steps,
        runId = job.RunId,
        resultUrl = job.ResultUrl,
        whatIf = job.WhatIf is not null,
        error = job.Error,
        policy = PlacementEngine.PolicyName(job.Request.Policy),
    };

    /// <summary>The map's layers beside the regions: locations (WGS84) with their load, and moves grouped by from, to and kept/broken region.</summary>
    internal static object MapData(RunView run)
    {
        var load = run.Proposal.Assignments.GroupBy(a => a.Location, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var locations = run.Problem.Locations.ToDictionary(l => l.Id, StringComparer.Ordinal);
        // Who is at each location in the proposal, and who leaves it (for the map's pop-up).
        var placed = run.Proposal.Assignments.GroupBy(a => a.Location, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(a => a.Youth).Order(StringComparer.Ordinal).ToArray(), StringComparer.Ordinal);
        var from = run.Proposal.Assignments.Where(a => a.From is not null).ToDictionary(a => a.Youth, a => a.From!, StringComparer.Ordinal);
        var leaving = run.Proposal.Assignments.Where(a => a.From is not null && a.From != a.Location).GroupBy(a => a.From!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(a => a.Youth).Order(StringComparer.Ordinal).ToArray(), StringComparer.Ordinal);
        static double[] At(Location l)
        {
            var (lat, lon) = l.Point.ToWgs84();
            return [Math.Round(lat, 5), Math.Round(lon, 5)];
        }

        return new
        {
            locations = run.Problem.Locations.Select(l => new
            {
                id = l.Id,
                name = l.Name,
                at = At(l),
                load = load.GetValueOrDefault(l.Id),
                capacity = l.Capacity,
                closing = l.ClosesOn is not null,
                placed = placed.GetValueOrDefault(l.Id) ?? [],
                movesIn = placed.GetValueOrDefault(l.Id)?.Where(y => from.GetValueOrDefault(y) is { } f && f != l.Id).ToArray() ?? [],
                movesOut = leaving.GetValueOrDefault(l.Id) ?? [],
            }),
            moves = run.Proposal.Assignments
                .Where(a => a.From is not null && a.From != a.Location && locations.ContainsKey(a.From) && locations.ContainsKey(a.Location))
                .GroupBy(a => (From: a.From!, To: a.Location, Broken: a.EducationRegion is { Kept: false }))
                .OrderBy(g => g.Key.From, StringComparer.Ordinal).ThenBy(g => g.Key.To, StringComparer.Ordinal)
                .Select(g => new { from = At(locations[g.Key.From]), to = At(locations[g.Key.To]), fromId = g.Key.From, toId = g.Key.To, broken = g.Key.Broken, count = g.Count() }),
        };
    }

    internal static async ValueTask<object?> ValidateAntiforgery(EndpointFilterInvocationContext ctx, EndpointFilterDelegate next)
    {
        var af = ctx.HttpContext.RequestServices.GetRequiredService<IAntiforgery>();
        if (!await af.IsRequestValidAsync(ctx.HttpContext))
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "missing or invalid anti-forgery token (GET /api/antiforgery, then send it in the RequestVerificationToken header)");
        }

        return await next(ctx);
    }

    internal static ImmutableArray<string> Overrides(IEnumerable<string>? values) => [.. (values ?? []).Where(v => !string.IsNullOrWhiteSpace(v))];
}

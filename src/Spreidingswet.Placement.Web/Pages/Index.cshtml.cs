using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Spreidingswet.Placement.Audit;
using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Web.Services;

namespace Spreidingswet.Placement.Web.Pages;

/// <summary>The overview: the current situation, the form to start a proposal, the queue and the runs.</summary>
public sealed class IndexModel(Situation situation, ProposalRunner queue, AuditStore audit, IAuthorizationService authorization, Uploads uploads) : PageModel
{
    public Situation Situation => situation;

    public bool CanPlan { get; private set; }

    public bool CanRead { get; private set; }

    public IReadOnlyList<ProposalJob> Jobs { get; private set; } = [];

    public IReadOnlyList<AuditRunSummary> Runs { get; private set; } = [];

    public string? Error { get; private set; }

    public async Task OnGetAsync()
    {
        CanPlan = (await authorization.AuthorizeAsync(User, Roles.Plan)).Succeeded;
        CanRead = (await authorization.AuthorizeAsync(User, Roles.Read)).Succeeded;
        if (CanRead)
        {
            Jobs = queue.Jobs;
            Runs = [.. audit.Read(log => log.ListRuns()).OrderByDescending(r => r.Sequence)];
        }
    }

    public async Task<IActionResult> OnPostProposeAsync(string? policy, string? planningDate, double timeLimit)
    {
        if (!(await authorization.AuthorizeAsync(User, Roles.Plan)).Succeeded)
        {
            return Forbid();
        }

        var parsed = PlacementEngine.ParsePolicy(policy ?? "");
        string? Field(string name) => Request.HasFormContentType ? Request.Form[name].ToString() : null;
        var (weights, weightErrors) = WeightFields.Read(name => Field("w." + name));
        var (views, viewsErrors) = WeightFields.ReadViews(name => Field(name is "views" or "viewsTier" or "turning18Hard" ? name : "v." + name));
        if (parsed is null || !DateOnly.TryParseExact(planningDate, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) || !(timeLimit > 0 && timeLimit <= 3600) || weights is null || views is null)
        {
            Error = string.Join(" ", ["policy, date (yyyy-mm-dd), time limit (1-3600 s) and weights must be valid.", .. weightErrors, .. viewsErrors]);
            await OnGetAsync();
            return Page();
        }

        DemandForecast? forecast = null;
        if (Request.HasFormContentType && Request.Form.Files.GetFile("forecast") is { Length: > 0 } file)
        {
            await using var stream = file.OpenReadStream();
            (forecast, var forecastErrors) = await uploads.ReadForecastAsync(stream, file.Length, "forecast.csv", HttpContext.RequestAborted);
            if (forecast is null)
            {
                Error = string.Join(" ", forecastErrors.Select(e => e.ToString()));
                await OnGetAsync();
                return Page();
            }
        }

        var job = queue.Enqueue(new ProposalRequest(parsed.Value, date, timeLimit) { Weights = weights, Views = views, Forecast = forecast }, PlannerIds.Of(User));
        return Redirect($"/jobs/{job.Id}");
    }
}

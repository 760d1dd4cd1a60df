using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Web.Services;

namespace Spreidingswet.Placement.Web.Pages.WhatIf;

/// <summary>Build a what-if on the current situation (close, capacity, arrivals, pin, release; two policies) and queue it.</summary>
[RequestSizeLimit(WhatIfs.MaxArrivalsCsvBytes + (1024 * 1024))]
[RequestFormLimits(MultipartBodyLengthLimit = WhatIfs.MaxArrivalsCsvBytes + (1024 * 1024))]
public sealed class IndexModel(Situation situation, WhatIfs whatIfs, ProposalRunner queue) : PageModel
{
    public const int CapacityRows = 3;

    public Situation Situation => situation;

    public IReadOnlyList<InputError> Errors { get; private set; } = [];

    public IReadOnlyList<ProposalJob> Earlier { get; private set; } = [];

    public void OnGet() => Earlier = [.. queue.Jobs.Where(j => j.WhatIf is not null)];

    public async Task<IActionResult> OnPostAsync(string? name, string[]? close, string? closeFrom, string[]? capLocation, string[]? capDelta,
        int? arrivals, int? seed, string? pinYouth, string? pinLocation, string? release, string? policyA, string? policyB, string? planningDate, double? timeLimit,
        IFormFile? arrivalsFile)
    {
        string? arrivalsCsv = null;
        if (arrivalsFile is { Length: > 0 })
        {
            if (arrivalsFile.Length > WhatIfs.MaxArrivalsCsvBytes)
            {
                Errors = [new InputError(WhatIfs.ArrivalsFile, 0, "file", arrivalsFile.FileName, $"is larger than {WhatIfs.MaxArrivalsCsvBytes / (1024 * 1024)} MiB.")];
                OnGet();
                return Page();
            }

            using var reader = new StreamReader(arrivalsFile.OpenReadStream());
            arrivalsCsv = await reader.ReadToEndAsync(HttpContext.RequestAborted);
        }

        DateOnly? Date(string? s) => DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
        var from = Date(closeFrom);
        var capacity = new List<WhatIfCapacity>();
        for (var i = 0; i < Math.Min(capLocation?.Length ?? 0, capDelta?.Length ?? 0); i++)
        {
            if (!string.IsNullOrWhiteSpace(capLocation![i]) && int.TryParse(capDelta![i], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var delta) && delta != 0)
            {
                capacity.Add(new WhatIfCapacity(capLocation[i], delta, null));
            }
        }

        var body = new WhatIfBody(
            name,
            [policyA ?? "education-first", policyB ?? "capacity-only"],
            Date(planningDate),
            timeLimit,
            [.. (close ?? []).Where(c => !string.IsNullOrWhiteSpace(c)).Select(c => new WhatIfClose(c, from))],
            [.. capacity],
            arrivals is > 0 ? new WhatIfArrivals(arrivals.Value, seed ?? 1) : null,
            string.IsNullOrWhiteSpace(pinYouth) ? [] : [new WhatIfPin(pinYouth, pinLocation ?? "")],
            [.. (release ?? "").Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)],
            arrivalsCsv);
        var (request, errors) = whatIfs.Build(body);
        if (request is null)
        {
            Errors = errors;
            OnGet();
            return Page();
        }

        var job = queue.Enqueue(request, PlannerIds.Of(User));
        return Redirect($"/jobs/{job.Id}");
    }
}

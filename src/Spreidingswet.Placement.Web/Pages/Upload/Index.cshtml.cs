using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Web.Services;

namespace Spreidingswet.Placement.Web.Pages.Upload;

/// <summary>
/// Upload the current situation (planner, coordinator): youths.csv + locations.csv (+ isk_seats.csv,
/// targets.csv) or a problem JSON; or official region layers (GeoJSON, GeoPackage or a Shapefile .zip
/// per role). Read by the library's readers (<see cref="Uploads"/>); every error is shown per file,
/// line and field, and nothing is kept from an invalid upload.
/// </summary>
[RequestSizeLimit(Uploads.MaxRequestBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = Uploads.MaxRequestBytes)]
public sealed class IndexModel(Services.Situation situation, Uploads uploads) : PageModel
{
    public CurrentSituation Current => situation.Current;

    public RegionLayers Layers => situation.Layers;

    /// <summary>Set when the situation or layers kept before a restart could not be read back.</summary>
    public string? RestoreFailed => situation.RestoreFailed;

    public IReadOnlyList<InputError> Errors { get; private set; } = [];

    public IReadOnlyList<string> Warnings { get; private set; } = [];

    public bool Loaded { get; private set; }

    public bool LayersLoaded { get; private set; }

    public void OnGet(bool loaded = false, bool layers = false) => (Loaded, LayersLoaded) = (loaded, layers);

    public async Task<IActionResult> OnPostAsync(IFormFile? youths, IFormFile? locations, IFormFile? iskSeats, IFormFile? targets, IFormFile? problem)
    {
        var outcome = await uploads.ReplaceSituationAsync(new SituationFiles(youths, locations, iskSeats, targets, problem), PlannerIds.Of(User), HttpContext.RequestAborted);
        if (!outcome.Ok)
        {
            Errors = outcome.Errors;
            return Page();
        }

        return Redirect("/situation?loaded=true");
    }

    public async Task<IActionResult> OnPostLayersAsync()
    {
        if (await Uploads.ReadFormAsync(Request) is not { } form)
        {
            Errors = [Uploads.UnreadableForm];
            return Page();
        }

        var layers = Uploads.LayersFrom(form);
        var outcome = await uploads.ReplaceLayersAsync(layers, PlannerIds.Of(User), HttpContext.RequestAborted);
        if (!outcome.Ok)
        {
            (Errors, Warnings) = (outcome.Errors, outcome.Warnings);
            return Page();
        }

        return Redirect("/situation?layers=true");
    }

    public IActionResult OnPostDemo()
    {
        situation.ResetToDemo(PlannerIds.Of(User));
        return Redirect("/situation");
    }

    public IActionResult OnPostDefaultLayers()
    {
        situation.ResetLayers();
        return Redirect("/situation?layers=true");
    }
}

using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Spreidingswet.Placement.Inputs;
using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Web.Services;

namespace Spreidingswet.Placement.Web.Pages.Upload;

/// <summary>
/// Upload the current situation (planner, coordinator): youths.csv + locations.csv (+ isk_seats.csv,
/// targets.csv) or a problem JSON, read by the library's <see cref="ProblemReader"/> from a private
/// temporary folder that is always deleted; every error is shown per file, line and field, and
/// nothing is kept from an invalid upload.
/// </summary>
[RequestSizeLimit(MaxBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = MaxBytes)]
public sealed class IndexModel(Services.Situation situation) : PageModel
{
    private const int MaxBytes = 64 * 1024 * 1024;

    public CurrentSituation Current => situation.Current;

    public IReadOnlyList<InputError> Errors { get; private set; } = [];

    public bool Loaded { get; private set; }

    public void OnGet(bool loaded = false) => Loaded = loaded;

    public async Task<IActionResult> OnPostAsync(IFormFile? youths, IFormFile? locations, IFormFile? iskSeats, IFormFile? targets, IFormFile? problem)
    {
        var folder = Directory.CreateTempSubdirectory("placement-upload-");
        try
        {
            async Task<string?> Save(IFormFile? file, string name)
            {
                if (file is null || file.Length == 0)
                {
                    return null;
                }

                var path = Path.Combine(folder.FullName, name);
                await using var target = System.IO.File.Create(path);
                await file.CopyToAsync(target, HttpContext.RequestAborted);
                return path;
            }

            LoadResult<PlacementProblem> read;
            string source;
            if (problem is { Length: > 0 } && youths is null && locations is null)
            {
                read = ProblemReader.ReadJson((await Save(problem, "problem.json"))!);
                source = "problem.json";
            }
            else if (youths is { Length: > 0 } && locations is { Length: > 0 } && problem is null)
            {
                var files = new ProblemFiles((await Save(youths, "youths.csv"))!, (await Save(locations, "locations.csv"))!)
                {
                    IskSeats = await Save(iskSeats, "isk_seats.csv"),
                    Targets = await Save(targets, "targets.csv"),
                };
                read = ProblemReader.Read(files);
                source = string.Join(", ", new[] { "youths.csv", "locations.csv", files.IskSeats is null ? null : "isk_seats.csv", files.Targets is null ? null : "targets.csv" }.OfType<string>());
            }
            else
            {
                Errors = [new InputError("upload", 0, "files", null, "give youths.csv and locations.csv (and optionally isk_seats.csv, targets.csv), or one problem JSON.")];
                return Page();
            }

            if (read.Value is not { } loaded || read.Errors.Count > 0)
            {
                // File names only: never the temporary folder.
                Errors = [.. read.Errors.Select(e => e with { File = Path.GetFileName(e.File) })];
                return Page();
            }

            situation.Replace(loaded, source, PlannerIds.Of(User));
            return Redirect("/situation?loaded=true");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    public IActionResult OnPostDemo()
    {
        situation.ResetToDemo(PlannerIds.Of(User));
        return Redirect("/situation");
    }
}

using Microsoft.AspNetCore.Mvc;
using Spreidingswet.Placement.Web.Services;

namespace Spreidingswet.Placement.Web;

/// <summary>
/// The current situation and region layers under <c>/api/situation</c>: read them, upload files
/// (multipart, the same fields as the page), back to the demo or the embedded layers.
/// </summary>
public static class SituationApi
{
    public static void Map(RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/situation", (Situation situation) => Results.Ok(Describe(situation))).RequireAuthorization(Roles.Read);

        api.MapPost("/situation", async (HttpContext ctx, Situation situation, Uploads uploads) =>
        {
            if (!ctx.Request.HasFormContentType)
            {
                return Results.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "send multipart/form-data with youths and locations (and iskSeats, targets), or problem");
            }

            if (await Uploads.ReadFormAsync(ctx.Request) is not { } form)
            {
                return Results.BadRequest(new { errors = new[] { Uploads.UnreadableForm } });
            }

            var files = new SituationFiles(form.Files.GetFile("youths"), form.Files.GetFile("locations"), form.Files.GetFile("iskSeats"), form.Files.GetFile("targets"), form.Files.GetFile("problem"));
            var outcome = await uploads.ReplaceSituationAsync(files, PlannerIds.Of(ctx.User), ctx.RequestAborted);
            return outcome.Ok ? Results.Ok(Describe(situation)) : Results.BadRequest(new { errors = outcome.Errors });
        }).RequireAuthorization(Roles.Plan).AddEndpointFilter(Api.ValidateAntiforgery).WithMetadata(new RequestSizeLimitAttribute(Uploads.MaxRequestBytes));

        api.MapPost("/situation/demo", (HttpContext ctx, Situation situation) =>
        {
            situation.ResetToDemo(PlannerIds.Of(ctx.User));
            return Results.Ok(Describe(situation));
        }).RequireAuthorization(Roles.Plan).AddEndpointFilter(Api.ValidateAntiforgery);

        api.MapPost("/situation/layers", async (HttpContext ctx, Situation situation, Uploads uploads) =>
        {
            if (!ctx.Request.HasFormContentType)
            {
                return Results.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "send multipart/form-data with municipalities, provinces and/or education-regions files");
            }

            if (await Uploads.ReadFormAsync(ctx.Request) is not { } form)
            {
                return Results.BadRequest(new { errors = new[] { Uploads.UnreadableForm } });
            }

            var layers = Uploads.LayersFrom(form);
            var outcome = await uploads.ReplaceLayersAsync(layers, PlannerIds.Of(ctx.User), ctx.RequestAborted);
            return outcome.Ok ? Results.Ok(Describe(situation) with { Warnings = outcome.Warnings }) : Results.BadRequest(new { errors = outcome.Errors, warnings = outcome.Warnings });
        }).RequireAuthorization(Roles.Plan).AddEndpointFilter(Api.ValidateAntiforgery).WithMetadata(new RequestSizeLimitAttribute(Uploads.MaxRequestBytes));

        api.MapPost("/situation/layers/default", (Situation situation) =>
        {
            situation.ResetLayers();
            return Results.Ok(Describe(situation));
        }).RequireAuthorization(Roles.Plan).AddEndpointFilter(Api.ValidateAntiforgery);
    }

    /// <summary>The situation and layers as the API shows them (file names only, never a server path).</summary>
    public sealed record SituationData(string? Source, string? By, DateTimeOffset Since, int Youths, int Locations, LayersData Layers)
    {
        public IReadOnlyList<string> Warnings { get; init; } = [];
    }

    public sealed record LayersData(bool Embedded, string? Source, string? By, IReadOnlyList<LayerData> Layers);

    public sealed record LayerData(string Role, bool Embedded, string? File, string Crs, int Regions, string Sha256);

    private static SituationData Describe(Situation situation)
    {
        var now = situation.Current;
        var layers = situation.Layers;
        return new SituationData(now.Source, now.By, now.Since, now.Problem.Youths.Length, now.Problem.Locations.Length,
            new LayersData(layers.IsDefault, layers.Source, layers.By,
                [.. layers.Geography.Layers.Select(l => new LayerData(Uploads.Role(l.Role), l.IsDefault, l.File is null ? null : Path.GetFileName(l.File), l.Crs, l.Regions, l.Sha256))]));
    }
}

using System.Net;
using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Spreidingswet.Placement.Audit;
using Spreidingswet.Placement.Outputs;
using Spreidingswet.Placement.Web.Services;

namespace Spreidingswet.Placement.Web.Tests;

/// <summary>The downloads beside proposal.json and .csv (report.html, proposal.xlsx), a run's export from the audit view, and the OpenAPI document.</summary>
[Collection(WebGroup.Name)]
public sealed class ExportTests(WebFixture app)
{
    private RunView Run => app.Factory.Services.GetRequiredService<RunStore>().Find(app.RunId)!;

    /// <summary>Every sheet of the workbook as rows of cell texts (the OpenXML SDK reads it back).</summary>
    internal static Dictionary<string, List<string[]>> ReadWorkbook(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes);
        using var doc = SpreadsheetDocument.Open(stream, false);
        var book = doc.WorkbookPart!;
        return book.Workbook.Sheets!.Elements<Sheet>().ToDictionary(
            s => s.Name!.Value!,
            s => ((WorksheetPart)book.GetPartById(s.Id!.Value!)).Worksheet.GetFirstChild<SheetData>()!.Elements<Row>()
                .Select(r => r.Elements<Cell>().Select(c => c.InlineString?.Text?.Text ?? c.CellValue?.Text ?? "").ToArray()).ToList());
    }

    [Fact]
    public async Task The_workbook_has_a_sheet_per_table_matching_the_proposal()
    {
        using var client = await app.SignedIn("auditor1");
        using var response = await client.GetAsync($"/api/runs/{app.RunId}/proposal.xlsx");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Exports.XlsxType, response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("proposal.xlsx", response.Content.Headers.ContentDisposition!.FileNameStar ?? response.Content.Headers.ContentDisposition.FileName);
        var sheets = ReadWorkbook(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(Exports.Sheets, sheets.Keys);

        var run = Run;
        var proposal = run.Proposal;
        var youths = sheets["Youths"];
        Assert.Equal(["youth", "current_location", "proposed_location"], youths[0][..3]);
        Assert.Equal(run.Problem.Youths.Length, youths.Count - 1);
        var rows = youths.Skip(1).ToDictionary(r => r[0], StringComparer.Ordinal);
        foreach (var a in proposal.Assignments)
        {
            Assert.Equal(a.Location, rows[a.Youth][2]);
            Assert.Equal(a.From ?? "", rows[a.Youth][1]);
        }

        foreach (var u in proposal.Unplaced)
        {
            Assert.Equal("", rows[u.Youth][2]);
            Assert.Contains(u.Reasons[0].Code, rows[u.Youth][7], StringComparison.Ordinal);
        }

        var locations = sheets["Locations"].Skip(1).ToList();
        Assert.Equal(run.Problem.Locations.Length, locations.Count);
        Assert.Equal(proposal.Assignments.Length, locations.Sum(l => int.Parse(l[3], System.Globalization.CultureInfo.InvariantCulture)));

        var metrics = sheets["Metrics"].Skip(1).ToDictionary(r => r[0], StringComparer.Ordinal);
        Assert.Equal(proposal.Metrics.Placed.ToString(System.Globalization.CultureInfo.InvariantCulture), metrics["placed"][1]);
        Assert.Equal(run.Baseline!.Metrics.Placed.ToString(System.Globalization.CultureInfo.InvariantCulture), metrics["placed"][2]);
        Assert.Equal(proposal.Metrics.EducationRegionBroken.ToString(System.Globalization.CultureInfo.InvariantCulture), metrics["education region broken"][1]);

        var moves = sheets["Moves"].Skip(1).ToList();
        Assert.Equal(proposal.Assignments.Count(a => a.From is not null && a.From != a.Location), moves.Count);
        Assert.Equal(proposal.Metrics.Moved, moves.Count);
    }

    [Fact]
    public async Task Report_html_is_the_library_report_shown_under_a_policy_without_scripts()
    {
        using var client = await app.SignedIn("planner2");
        using var response = await client.GetAsync($"/api/runs/{app.RunId}/report.html");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.Contains("Metrics: this proposal against capacity-only practice", html, StringComparison.Ordinal);
        Assert.Contains("<svg", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("script-src", csp, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_audit_view_exports_a_run_as_the_audit_log_holds_it()
    {
        using var client = await app.SignedIn("auditor1");
        var page = await client.GetStringAsync("/audit");
        Assert.Contains($"/api/audit/runs/{app.RunId}/export.json", page, StringComparison.Ordinal);
        using var response = await client.GetAsync($"/api/audit/runs/{app.RunId}/export.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        var stored = app.Factory.Services.GetRequiredService<AuditStore>().Read(log => log.FindRun(app.RunId)).Value!;
        Assert.Equal(AuditLog.ExportJson(stored), text);
        using var doc = JsonDocument.Parse(text);
        Assert.Contains(app.RunId, text, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/audit/runs/no-such-run/export.json")).StatusCode);
    }

    [Fact]
    public async Task The_OpenAPI_document_lists_every_api_endpoint()
    {
        using var client = await app.SignedIn("planner1");
        using var doc = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json"));
        var paths = doc.RootElement.GetProperty("paths");
        var documented = paths.EnumerateObject().SelectMany(p => p.Value.EnumerateObject().Select(m => $"{m.Name.ToUpperInvariant()} {p.Name}")).ToHashSet(StringComparer.Ordinal);
        var endpoints = app.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.TrimStart('/').StartsWith("api/", StringComparison.Ordinal))
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? []).Select(m =>
                $"{m} /{System.Text.RegularExpressions.Regex.Replace(e.RoutePattern.RawText!.TrimStart('/'), ":[a-z]+}", "}")}"))
            .ToList();
        Assert.True(endpoints.Count >= 19, $"{endpoints.Count} api endpoints");
        var missing = endpoints.Where(e => !documented.Contains(e)).ToList();
        Assert.True(missing.Count == 0, "not in the OpenAPI document: " + string.Join(", ", missing));
        Assert.Contains("POST /api/whatif", documented);
        Assert.Contains("GET /api/runs/{id}/proposal.xlsx", documented);

        using var anonymous = app.Anonymous();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/openapi/v1.json")).StatusCode);
    }
}

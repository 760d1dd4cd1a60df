using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Spreidingswet.Placement.Audit;
using Spreidingswet.Placement.Geography;
using Spreidingswet.Placement.Web.Services;

namespace Spreidingswet.Placement.Web.Tests;

/// <summary>
/// Uploaded official region layers: a valid layer becomes the one new proposals use (recorded with the run,
/// drawn on the map, used by the decisions' checks), earlier runs keep theirs, an invalid upload is reported
/// per file and field and changes nothing, and the layers survive a restart.
/// </summary>
[Collection(WebGroup.Name)]
public sealed class LayerUploadTests(WebFixture app)
{
    private static readonly JsonSerializerOptions GeoJson = new() { Converters = { new NetTopologySuite.IO.Converters.GeoJsonConverterFactory() } };

    /// <summary>The embedded education regions with Utrecht's RMC region (MC19) merged into Flevoland's (MC18): another year's layer, in effect.</summary>
    internal static byte[] MergedEducationRegions()
    {
        var layer = JsonNode.Parse(File.ReadAllText(Path.Combine(WebFixture.Repository(), "geodata", "default", "education-regions.geojson")))!;
        var merged = 0;
        foreach (var feature in layer["features"]!.AsArray())
        {
            var props = feature!["properties"]!;
            if ((string?)props["statcode"] == "MC19")
            {
                props["statcode"] = "MC18";
                merged++;
            }
        }

        Assert.True(merged > 0, "the embedded layer has MC19");
        return JsonSerializer.SerializeToUtf8Bytes(layer);
    }

    private static Task<HttpResponseMessage> PostLayers(HttpClient client, string token, params (string Field, string FileName, byte[] Bytes)[] files) => PostLayers(client, token, files, []);

    private static async Task<HttpResponseMessage> PostLayers(HttpClient client, string token, (string Field, string FileName, byte[] Bytes)[] files, params (string Field, string Value)[] fields)
    {
        using var form = new MultipartFormDataContent();
        foreach (var (field, name, bytes) in files)
        {
            var content = new ByteArrayContent(bytes);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(content, field, name);
        }

        foreach (var (field, value) in fields)
        {
            form.Add(new StringContent(value), field);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/situation/layers") { Content = form };
        request.Headers.Add("RequestVerificationToken", token);
        return await client.SendAsync(request);
    }

    private static async Task<HttpResponseMessage> Post(HttpClient client, string token, string url, object? body = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body ?? new { }) };
        request.Headers.Add("RequestVerificationToken", token);
        return await client.SendAsync(request);
    }

    private static HashSet<string> Codes(JsonElement geoJson) =>
        [.. geoJson.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("properties").GetProperty("code").GetString()!)];

    [Fact]
    public async Task Uploaded_layers_are_used_recorded_drawn_and_checked_and_earlier_runs_keep_theirs()
    {
        var situation = app.Factory.Services.GetRequiredService<Services.Situation>();
        using var client = await app.SignedIn("planner2");
        var token = await WebFixture.ApiToken(client);
        var demoRun = app.Factory.Services.GetRequiredService<RunStore>().Find(app.RunId)!;
        Assert.Contains(demoRun.Proposal.Assignments, a => a.EducationRegion?.School == "MC19");
        var bytes = MergedEducationRegions();
        try
        {
            using var ok = await PostLayers(client, token, ("education-regions", "rmc_2026.geojson", bytes));
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            var body = await ok.Content.ReadFromJsonAsync<JsonElement>();
            var layers = body.GetProperty("layers");
            Assert.False(layers.GetProperty("embedded").GetBoolean());
            Assert.Contains("rmc_2026.geojson", layers.GetProperty("source").GetString(), StringComparison.Ordinal);
            var education = layers.GetProperty("layers").EnumerateArray().Single(l => l.GetProperty("role").GetString() == "education-regions");
            Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), education.GetProperty("sha256").GetString());
            Assert.Equal(RegionMap.LoadDefault().Regions(RegionRole.EducationRegion).Count - 1, education.GetProperty("regions").GetInt32());
            Assert.DoesNotContain('/', education.GetProperty("file").GetString()!);
            Assert.False(situation.Layers.IsDefault);

            // The map of new proposals draws the uploaded regions; the demo run keeps the embedded ones.
            var current = Codes(await client.GetFromJsonAsync<JsonElement>("/api/regions"));
            Assert.DoesNotContain("MC19", current);
            Assert.Contains("MC18", current);
            Assert.Contains("MC19", Codes(await client.GetFromJsonAsync<JsonElement>($"/api/runs/{app.RunId}/regions")));

            // A proposal now runs on the uploaded layers and records them.
            using var started = await Post(client, token, "/api/proposals", new { policy = "capacity-only", timeLimitSeconds = 5 });
            Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
            var job = await WhatIfTests.Finished(client, (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!);
            Assert.Equal("done", job.GetProperty("status").GetString());
            var runId = job.GetProperty("runId").GetString()!;
            var stored = app.Factory.Services.GetRequiredService<AuditStore>().Read(log => log.FindRun(runId)).Value!;
            var recorded = stored.Proposal.Run.Geodata.Layers.Single(l => l.Role == RegionRole.EducationRegion);
            Assert.False(recorded.IsDefault);
            Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), recorded.Sha256);
            Assert.True(File.Exists(stored.GeographySources.EducationRegions!.Path), "the layer file is kept where the run records it");
            Assert.DoesNotContain(stored.Proposal.Assignments, a => a.EducationRegion?.School == "MC19" || a.EducationRegion?.Location == "MC19");
            Assert.Contains(stored.Proposal.Assignments, a => a.EducationRegion?.School == "MC18");
            Assert.Equal(current, Codes(await client.GetFromJsonAsync<JsonElement>($"/api/runs/{runId}/regions")));

            // The same file again, read with another code property: the same folder, other layers; the run keeps its own.
            using var renamed = await PostLayers(client, token, [("education-regions", "rmc_2026.geojson", bytes)], ("education-regions.code", "statnaam"));
            Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
            Assert.Contains("Utrecht", Codes(await client.GetFromJsonAsync<JsonElement>("/api/regions")));
            Assert.NotSame(situation.Geography, situation.GeographyOf(stored));
            Assert.Contains("MC18", Codes(await client.GetFromJsonAsync<JsonElement>($"/api/runs/{runId}/regions")));
            Assert.Contains(situation.GeographyOf(stored).Regions(RegionRole.EducationRegion), r => r.Code == "MC18");

            // Back to the embedded layers: new proposals use them, the run keeps its own (and decisions on it check with them).
            using var reset = await Post(client, token, "/api/situation/layers/default");
            Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
            Assert.True(situation.Layers.IsDefault);
            Assert.Contains("MC19", Codes(await client.GetFromJsonAsync<JsonElement>("/api/regions")));
            Assert.Same(situation.DefaultLayers.Geography, situation.GeographyOf(app.Factory.Services.GetRequiredService<AuditStore>().Read(log => log.FindRun(app.RunId)).Value!));
            var runLayers = situation.GeographyOf(stored);
            Assert.Equal(recorded.Sha256, runLayers.Layers.Single(l => l.Role == RegionRole.EducationRegion).Sha256);
            Assert.Same(runLayers, situation.GeographyOf(stored));
            var youth = stored.Proposal.Assignments.First(a => a.EducationRegion?.School == "MC18").Youth;
            using var decided = await Post(client, token, $"/api/runs/{runId}/decisions", new { youth, kind = "accept", expectedSequence = 0 });
            Assert.Equal(HttpStatusCode.Created, decided.StatusCode);
        }
        finally
        {
            situation.ResetLayers();
        }
    }

    [Fact]
    public async Task An_invalid_layer_upload_names_the_file_field_and_value_and_changes_nothing()
    {
        var situation = app.Factory.Services.GetRequiredService<Services.Situation>();
        var uploads = app.Factory.Services.GetRequiredService<Uploads>();
        using var client = await app.SignedIn("planner2");
        var token = await WebFixture.ApiToken(client);
        var before = situation.Layers;
        var kept = Directory.Exists(uploads.LayersRoot) ? Directory.GetDirectories(uploads.LayersRoot).Length : 0;

        // A layer without the code property: named by the uploaded file's name and the property.
        var layer = JsonNode.Parse(MergedEducationRegions())!;
        foreach (var f in layer["features"]!.AsArray())
        {
            f!["properties"]!.AsObject().Remove("statcode");
        }

        using var missing = await PostLayers(client, token, ("education-regions", "rmc-no-codes.geojson", JsonSerializer.SerializeToUtf8Bytes(layer)));
        Assert.True(missing.StatusCode == HttpStatusCode.BadRequest, await missing.Content.ReadAsStringAsync());
        var error = (await missing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors")[0];
        Assert.Equal("rmc-no-codes.geojson", error.GetProperty("file").GetString());
        Assert.Contains("statcode", error.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain(uploads.LayersRoot, await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Not a layer format; a .zip that is no shapefile; a .zip with too many entries; no file at all.
        using var text = await PostLayers(client, token, ("municipalities", "gemeenten.txt", "hello"u8.ToArray()));
        Assert.Equal("gemeenten.txt", (await text.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors")[0].GetProperty("file").GetString());
        using var noShp = await PostLayers(client, token, ("provinces", "provincies.zip", Zip(("readme.txt", 10))));
        Assert.Contains("exactly one .shp", await noShp.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var many = await PostLayers(client, token, ("provinces", "many.zip", Zip([.. Enumerable.Range(0, 40).Select(i => ($"p{i}.dbf", 1))])));
        Assert.Contains("more than 16 entries", await many.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var damaged = await PostLayers(client, token, ("provinces", "damaged.zip", "PK not really a zip"u8.ToArray()));
        Assert.Contains("not a readable .zip", await damaged.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var none = await PostLayers(client, token);
        Assert.Equal(HttpStatusCode.BadRequest, none.StatusCode);
        foreach (var r in new[] { text, noShp, many, damaged })
        {
            Assert.True(r.StatusCode == HttpStatusCode.BadRequest, $"{r.StatusCode}: {await r.Content.ReadAsStringAsync()}");
        }

        Assert.Same(before, situation.Layers);
        Assert.Equal(kept, Directory.Exists(uploads.LayersRoot) ? Directory.GetDirectories(uploads.LayersRoot).Length : 0);
    }

    [Fact]
    public async Task A_shapefile_zip_is_unpacked_and_used_and_warnings_name_the_uploaded_file_never_a_server_path()
    {
        var situation = app.Factory.Services.GetRequiredService<Services.Situation>();
        var uploads = app.Factory.Services.GetRequiredService<Uploads>();
        using var client = await app.SignedIn("planner2");
        var token = await WebFixture.ApiToken(client);
        try
        {
            // The embedded provinces as a Shapefile (.shp, .shx, .dbf; no .prj: RD New from the coordinates), zipped in a folder.
            var provinces = JsonSerializer.Deserialize<NetTopologySuite.Features.FeatureCollection>(File.ReadAllText(Path.Combine(WebFixture.Repository(), "geodata", "default", "provinces.geojson")), GeoJson)!;
            var folder = Directory.CreateTempSubdirectory("placement-shp-");
            try
            {
                NetTopologySuite.IO.Esri.Shapefile.WriteAllFeatures(provinces, Path.Combine(folder.FullName, "provincie_2025.shp"));
                using var zipped = new MemoryStream();
                using (var zip = new ZipArchive(zipped, ZipArchiveMode.Create, leaveOpen: true))
                {
                    foreach (var part in Directory.GetFiles(folder.FullName))
                    {
                        zip.CreateEntryFromFile(part, "provincie_2025/" + Path.GetFileName(part));
                    }
                }

                using var ok = await PostLayers(client, token, ("provinces", "provincie_2025.zip", zipped.ToArray()));
                Assert.True(ok.StatusCode == HttpStatusCode.OK, await ok.Content.ReadAsStringAsync());
                var province = situation.Layers.Geography.Layers.Single(l => l.Role == RegionRole.Province);
                Assert.False(province.IsDefault);
                Assert.Equal(12, province.Regions);
                Assert.EndsWith("provinces.shp", province.File, StringComparison.Ordinal);
            }
            finally
            {
                folder.Delete(recursive: true);
            }

            // A region drawn as a bow-tie is repaired with a warning: it names the uploaded file, not where the app keeps it.
            var layer = JsonNode.Parse(MergedEducationRegions())!;
            var feature = layer["features"]!.AsArray().First(f => (string?)f!["properties"]!["statcode"] == "MC18")!;
            feature["geometry"] = JsonNode.Parse("{\"type\":\"Polygon\",\"coordinates\":[[[150000,480000],[160000,490000],[160000,480000],[150000,490000],[150000,480000]]]}");
            using var repaired = await PostLayers(client, token, ("education-regions", "rmc_bowtie.geojson", JsonSerializer.SerializeToUtf8Bytes(layer)));
            var text = await repaired.Content.ReadAsStringAsync();
            Assert.True(repaired.StatusCode == HttpStatusCode.OK, text);
            var warnings = JsonDocument.Parse(text).RootElement.GetProperty("warnings").EnumerateArray().Select(w => w.GetString()!).ToList();
            Assert.Contains(warnings, w => w.Contains("rmc_bowtie.geojson", StringComparison.Ordinal));
            Assert.DoesNotContain(uploads.LayersRoot, text, StringComparison.Ordinal);
            Assert.DoesNotContain(warnings, w => w.Contains("education-regions.geojson", StringComparison.Ordinal) || w.Contains('/'));
        }
        finally
        {
            situation.ResetLayers();
        }
    }

    [Fact]
    public async Task The_situation_page_uploads_layers_and_goes_back_to_the_embedded_ones()
    {
        var situation = app.Factory.Services.GetRequiredService<Services.Situation>();
        using var client = await app.SignedIn("planner2");
        try
        {
            var page = await client.GetStringAsync("/situation");
            Assert.Contains("id=\"layers-form\"", page, StringComparison.Ordinal);
            using var form = new MultipartFormDataContent { { new StringContent(WebFixture.FormToken(page)), "__RequestVerificationToken" } };
            form.Add(new ByteArrayContent(MergedEducationRegions()), "education-regions", "rmc_2026.geojson");
            using var ok = await client.PostAsync("/situation?handler=Layers", form);
            Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
            Assert.False(situation.Layers.IsDefault);
            var shown = WebUtility.HtmlDecode(await client.GetStringAsync("/situation?layers=true"));
            Assert.Contains("rmc_2026.geojson", shown, StringComparison.Ordinal);
            Assert.Contains("id=\"default-layers\"", shown, StringComparison.Ordinal);

            using var back = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = WebFixture.FormToken(shown) });
            using var reset = await client.PostAsync("/situation?handler=DefaultLayers", back);
            Assert.Equal(HttpStatusCode.Redirect, reset.StatusCode);
            Assert.True(situation.Layers.IsDefault);
        }
        finally
        {
            situation.ResetLayers();
        }
    }

    [Fact]
    public void The_uploaded_layers_are_kept_across_a_restart_and_a_lost_file_falls_back_to_the_embedded_ones()
    {
        var folder = Directory.CreateTempSubdirectory("placement-layers-");
        try
        {
            var file = Path.Combine(folder.FullName, "education-regions.geojson");
            File.WriteAllBytes(file, MergedEducationRegions());
            var options = new GeographyOptions { EducationRegions = new RegionLayerSource(file) };
            var geography = RegionMap.LoadDefault();
            var statePath = Path.Combine(folder.FullName, "web-state.db");
            using (var state = new WebState(statePath))
            {
                new Services.Situation(geography, state).ReplaceLayers(RegionMap.Load(options).GetValueOrThrow(), options, "education-regions: rmc.geojson", "p-1");
            }

            using (var state = new WebState(statePath))
            {
                var restarted = new Services.Situation(geography, state);
                Assert.False(restarted.Layers.IsDefault);
                Assert.Equal("education-regions: rmc.geojson", restarted.Layers.Source);
                Assert.Equal(file, restarted.Layers.Options!.EducationRegions!.Path);
                Assert.Null(restarted.RestoreFailed);
            }

            // The data folder moved (a redeploy): the content-named folder is found under the new layers folder.
            var before = Path.Combine(folder.FullName, "old", "layers", "0123abcd");
            Directory.CreateDirectory(before);
            var kept = Path.Combine(before, "education-regions.geojson");
            File.Copy(file, kept);
            var keptOptions = new GeographyOptions { EducationRegions = new RegionLayerSource(kept) };
            using (var state = new WebState(statePath))
            {
                new Services.Situation(geography, state).ReplaceLayers(RegionMap.Load(keptOptions).GetValueOrThrow(), keptOptions, "education-regions: rmc.geojson", "p-1");
            }

            var newRoot = Path.Combine(folder.FullName, "new", "layers");
            Directory.CreateDirectory(Path.GetDirectoryName(newRoot)!);
            Directory.Move(Path.Combine(folder.FullName, "old", "layers"), newRoot);
            using (var state = new WebState(statePath))
            {
                var moved = new Services.Situation(geography, state, newRoot);
                Assert.Null(moved.RestoreFailed);
                Assert.Equal(Path.Combine(newRoot, "0123abcd", "education-regions.geojson"), moved.Layers.Options!.EducationRegions!.Path);
            }

            using (var state = new WebState(statePath))
            {
                new Services.Situation(geography, state).ReplaceLayers(RegionMap.Load(options).GetValueOrThrow(), options, "education-regions: rmc.geojson", "p-1");
            }

            File.Delete(file);
            using (var state = new WebState(statePath))
            {
                var restarted = new Services.Situation(geography, state);
                Assert.True(restarted.Layers.IsDefault);
                Assert.Contains("region layers", restarted.RestoreFailed, StringComparison.Ordinal);
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
        }
    }

    private static byte[] Zip(params (string Name, int Bytes)[] entries)
    {
        using var memory = new MemoryStream();
        using (var zip = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, size) in entries)
            {
                using var s = zip.CreateEntry(name).Open();
                s.Write(new byte[size]);
            }
        }

        return memory.ToArray();
    }
}

using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Spreidingswet.Placement.Web.Services;

namespace Spreidingswet.Placement.Web.Tests;

/// <summary>Uploading the current situation: a valid pair of files replaces it; an invalid one shows every error per file, line and field and keeps nothing.</summary>
[Collection(WebGroup.Name)]
public sealed class UploadTests(WebFixture app)
{
    private static string Example(string file) => Path.Combine(WebFixture.Repository(), "examples", "scenario", file);

    private static MultipartFormDataContent Form(string token, string youths, string locations)
    {
        var form = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" } };
        foreach (var (name, text) in new[] { ("youths", youths), ("locations", locations) })
        {
            var file = new StringContent(text);
            file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
            form.Add(file, name, name + ".csv");
        }

        return form;
    }

    [Fact]
    public async Task A_valid_upload_becomes_the_situation_and_an_invalid_one_is_reported_per_line_and_kept_nowhere()
    {
        var situation = app.Factory.Services.GetRequiredService<Services.Situation>();
        try
        {
            using var client = await app.SignedIn("planner2");
            var page = await client.GetStringAsync("/situation");
            var youths = await File.ReadAllTextAsync(Example("youths.csv"));
            var locations = await File.ReadAllTextAsync(Example("locations.csv"));

            using var ok = await client.PostAsync("/situation", Form(WebFixture.FormToken(page), youths, locations));
            Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
            Assert.False(situation.Current.IsDemo);
            Assert.Equal(youths.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length - 1, situation.Current.Problem.Youths.Length);
            var loaded = situation.Current;

            // Line 3 gets a bad birth date and line 5 a bad care level: both are reported, the situation stays as it was.
            var lines = youths.Split('\n');
            lines[2] = lines[2].Replace("2012-04-25", "2012-13-45", StringComparison.Ordinal);
            lines[4] = string.Join(',', lines[4].Split(',').Select((c, i) => i == 3 ? "bogus" : c));
            page = await client.GetStringAsync("/situation");
            using var bad = await client.PostAsync("/situation", Form(WebFixture.FormToken(page), string.Join('\n', lines), locations));
            Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
            var html = WebUtility.HtmlDecode(await bad.Content.ReadAsStringAsync());
            Assert.Contains("id=\"upload-errors\"", html, StringComparison.Ordinal);
            Assert.Contains("<td>youths.csv</td><td>3</td>", html, StringComparison.Ordinal);
            Assert.Contains("<td>youths.csv</td><td>5</td>", html, StringComparison.Ordinal);
            Assert.DoesNotContain(Path.GetTempPath(), html, StringComparison.Ordinal);
            Assert.Same(loaded, situation.Current);

            // A proposal queued now starts from the uploaded situation.
            var job = app.Factory.Services.GetRequiredService<ProposalRunner>().Enqueue(new ProposalRequest(Model.Policy.CapacityOnly, new DateOnly(2026, 12, 1), 5), "test");
            Assert.Same(loaded.Problem, job.Problem);
            app.Factory.Services.GetRequiredService<ProposalRunner>().Cancel(job.Id);

            page = await client.GetStringAsync("/situation");
            using var demo = await client.PostAsync("/situation?handler=Demo", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = WebFixture.FormToken(page) }));
            Assert.Equal(HttpStatusCode.Redirect, demo.StatusCode);
            Assert.True(situation.Current.IsDemo);
        }
        finally
        {
            situation.ResetToDemo("test");
        }
    }

    [Fact]
    public async Task The_api_uploads_the_situation_reports_errors_per_line_and_goes_back_to_the_demo()
    {
        var situation = app.Factory.Services.GetRequiredService<Services.Situation>();
        try
        {
            using var client = await app.SignedIn("planner2");
            var token = await WebFixture.ApiToken(client);
            var youths = await File.ReadAllTextAsync(Example("youths.csv"));
            var locations = await File.ReadAllTextAsync(Example("locations.csv"));
            async Task<HttpResponseMessage> Send(string url, HttpContent content)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
                request.Headers.Add("RequestVerificationToken", token);
                return await client.SendAsync(request);
            }

            using var ok = await Send("/api/situation", Form(token, youths, locations));
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            var body = await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<System.Text.Json.JsonElement>(ok.Content);
            Assert.Equal(youths.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length - 1, body.GetProperty("youths").GetInt32());
            Assert.Equal("youths.csv, locations.csv", body.GetProperty("source").GetString());
            Assert.True(body.GetProperty("layers").GetProperty("embedded").GetBoolean());
            var loaded = situation.Current;

            var lines = youths.Split('\n');
            lines[2] = lines[2].Replace("2012-04-25", "2012-13-45", StringComparison.Ordinal);
            using var bad = await Send("/api/situation", Form(token, string.Join('\n', lines), locations));
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            var error = (await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<System.Text.Json.JsonElement>(bad.Content)).GetProperty("errors")[0];
            Assert.Equal(("youths.csv", 3, "2012-13-45"), (error.GetProperty("file").GetString(), error.GetProperty("line").GetInt32(), error.GetProperty("value").GetString()));
            Assert.Same(loaded, situation.Current);

            using var notForm = await Send("/api/situation", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, notForm.StatusCode);
            using var demo = await Send("/api/situation/demo", new StringContent(""));
            Assert.Equal(HttpStatusCode.OK, demo.StatusCode);
            Assert.True(situation.Current.IsDemo);
        }
        finally
        {
            situation.ResetToDemo("test");
        }
    }
}

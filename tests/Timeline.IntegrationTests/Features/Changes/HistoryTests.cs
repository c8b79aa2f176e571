using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Timeline.Api.Features.FollowUps;
using Timeline.IntegrationTests.Support;

namespace Timeline.IntegrationTests.Features.Changes;

/// <summary>
/// Every write path, one at a time: what it changed is in the log exactly once per changed record, at the version the
/// record now has, carrying exactly what the record's <c>GET</c> answers.
/// </summary>
public sealed class HistoryTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private string cursor = "";

    [Fact]
    public async Task Every_write_path_leaves_one_change_per_changed_record_with_the_view_GET_returns()
    {
        var editor = await api.As("editor");
        await api.AlertsMatchedAsync();
        cursor = (await ChangeFeed.ReadAllAsync(editor)).Cursor;
        var tag = Bodies.UniqueTag();
        var code = "H" + tag[1..8].ToUpperInvariant();

        await Write(editor, () => editor.PostAsJsonAsync("/api/actors", new { code, name = "A company", kind = "organisation" }),
            ("actor.recorded", $"/api/actors/{code}"));
        await Write(editor, () => Send(editor, HttpMethod.Patch, $"/api/actors/{code}", new { name = "A company, renamed" }, "\"1\""),
            ("actor.amended", $"/api/actors/{code}"));
        await Write(editor, () => editor.PostAsJsonAsync("/api/timelines", new { slug = tag, title = "T", filter = new { tag = new[] { tag } } }),
            ("timeline.saved", $"/api/timelines/{tag}"));

        var promise = await Created(editor, "/api/events", Bodies.Event(tag), "event.recorded", id => $"/api/events/{id}");
        await Write(editor, () => Send(editor, HttpMethod.Patch, $"/api/events/{promise}", new { status = "confirmed" }, "\"1\""),
            ("event.amended", $"/api/events/{promise}"));
        var expected = await Created(editor, $"/api/events/{promise}/follow-ups", new { description = "imagery", due = "2099" },
            "followup.expected", id => $"/api/follow-ups/{id}");

        // One write, two records: the event recorded and the follow-up it fulfils.
        var fulfilling = Bodies.Event(tag, type: "intelligence.release");
        fulfilling["fulfils"] = new[] { expected };
        var release = (string)(await editor.Record(fulfilling))["id"]!;
        await Logged(editor, ("event.recorded", $"/api/events/{release}"), ("followup.fulfilled", $"/api/follow-ups/{expected}"));

        var toCancel = await Created(editor, $"/api/events/{promise}/follow-ups", new { description = "a vote", due = "2099" },
            "followup.expected", id => $"/api/follow-ups/{id}");
        await Write(editor, () => editor.PostAsJsonAsync($"/api/follow-ups/{toCancel}/cancellation", new { reason = "no longer expected" }),
            ("followup.cancelled", $"/api/follow-ups/{toCancel}"));
        var toFulfil = await Created(editor, $"/api/events/{promise}/follow-ups", new { description = "a statement", due = "2099" },
            "followup.expected", id => $"/api/follow-ups/{id}");
        await Write(editor, () => editor.PostAsJsonAsync($"/api/follow-ups/{toFulfil}/fulfilment", new { eventId = release }),
            ("followup.fulfilled", $"/api/follow-ups/{toFulfil}"));

        var overdue = await Created(editor, $"/api/events/{promise}/follow-ups", new { description = "troops", due = "2024-10-30" },
            "followup.expected", id => $"/api/follow-ups/{id}");
        await using (var scope = api.Factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new CheckFollowUps());
        }

        await Logged(editor, ("followup.overdue", $"/api/follow-ups/{overdue}"));

        await Write(editor, () => editor.PostAsJsonAsync($"/api/events/{promise}/retraction", new { reason = "source withdrew it" }),
            ("event.retracted", $"/api/events/{promise}"));

        var line = System.Text.Json.JsonSerializer.Serialize(Bodies.Event(tag, title: "Imported"));
        var import = await editor.PostAsync("/api/events/import", new StringContent(line + "\n", Encoding.UTF8, "application/x-ndjson"));
        Assert.Equal(HttpStatusCode.OK, import.StatusCode);
        var imported = await LoggedOne(editor, "event.imported");
        await Logged(editor, ("event.imported", $"/api/events/{imported}"));

        var vessel = "ves-" + tag;
        var ftm = $$$"""{"id": "{{{vessel}}}", "schema": "Vessel", "properties": {"name": ["Vessel {{{tag}}}"]}}""" + "\n"
            + $$$"""{"id": "san-{{{tag}}}", "schema": "Sanction", "properties": {"entity": ["{{{vessel}}}"], "authority": ["US OFAC"], "program": ["DPRK3"], "listingDate": ["2024-03"], "sourceUrl": ["https://example.org/{{{tag}}}"]}}""" + "\n";
        var ftmImport = await editor.PostAsync("/api/events/import", new StringContent(ftm, Encoding.UTF8, "application/vnd.followthemoney+json"));
        Assert.True(ftmImport.StatusCode == HttpStatusCode.OK, await ftmImport.Content.ReadAsStringAsync());
        await api.AlertsMatchedAsync();
        var (changes, next) = await ChangeFeed.ReadAllAsync(editor, cursor);
        Assert.Equal(["actor.recorded", "event.imported"], changes.Select(c => (string)c["kind"]!).Order(StringComparer.Ordinal).ToArray());
        foreach (var change in changes)
        {
            var path = (string)change["entity"]! == "actor" ? $"/api/actors/{change["id"]}" : $"/api/events/{change["id"]}";
            await AssertIsGet(editor, change, path);
        }

        cursor = next;
    }

    private static async Task<HttpResponseMessage> Send(HttpClient client, HttpMethod method, string path, object body, string ifMatch)
    {
        var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return await client.SendAsync(request);
    }

    /// <summary>A write that answers 2xx, then the changes it logged: exactly these.</summary>
    private async Task Write(HttpClient client, Func<Task<HttpResponseMessage>> write, params (string Kind, string Path)[] expected)
    {
        var response = await write();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        await Logged(client, expected);
    }

    private async Task<string> Created(HttpClient client, string path, object body, string kind, Func<string, string> get)
    {
        var response = await client.PostAsJsonAsync(path, body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (string)(await response.Json())["id"]!;
        await Logged(client, (kind, get(id)));
        return id;
    }

    private async Task<string> LoggedOne(HttpClient client, string kind)
    {
        await api.AlertsMatchedAsync();
        var (changes, _) = await ChangeFeed.ReadAllAsync(client, cursor);
        return (string)Assert.Single(changes, c => (string)c["kind"]! == kind)["id"]!;
    }

    /// <summary>The changes since the last look are exactly these kinds, one per record, each as its GET answers now.</summary>
    private async Task Logged(HttpClient client, params (string Kind, string Path)[] expected)
    {
        await api.AlertsMatchedAsync();
        var (changes, next) = await ChangeFeed.ReadAllAsync(client, cursor);
        Assert.Equal(expected.Select(e => e.Kind).ToArray(), changes.Select(c => (string)c["kind"]!).ToArray());
        Assert.Equal(changes.Count, changes.Select(c => ((string)c["entity"]!, (string)c["id"]!)).Distinct().Count());
        for (var i = 0; i < expected.Length; i++)
        {
            await AssertIsGet(client, changes[i], expected[i].Path);
        }

        cursor = next;
    }

    private static async Task AssertIsGet(HttpClient client, JsonObject change, string path)
    {
        var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var view = await response.Json();
        Assert.True(JsonNode.DeepEquals(view, change["data"]), $"{change["kind"]}: the change's data is not what GET {path} answers:\n{change["data"]}\n{view}");
        if (view["version"] is { } version)
        {
            Assert.Equal((int)version, (int)change["version"]!);
        }
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Testing;
using Timeline.IntegrationTests.Support;

namespace Timeline.IntegrationTests.Features.Changes;

/// <summary>
/// Two writes to one record, however they interleave, end as one success and a 412 (the version read is stale) or 409
/// for the other: never a 500, never a lost or duplicated revision. Over real HTTP (Kestrel), many at once.
/// </summary>
public sealed class ConcurrentWriteTests(ApiFixture api) : IClassFixture<ApiFixture>, IAsyncLifetime
{
    private const int Rounds = 50;
    private static readonly HttpStatusCode[] Refusals = [HttpStatusCode.PreconditionFailed, HttpStatusCode.Conflict];

    private WebApplicationFactory<Program> kestrel = null!;
    private HttpClient editor = null!;

    public Task InitializeAsync()
    {
        kestrel = api.CreateFactory(api.ConnectionString, settings: ApiFixture.AnyLoopbackPort);
        kestrel.UseKestrel();
        kestrel.StartServer();
        editor = ApiFixture.Authorized(kestrel.CreateClient(), ApiFixture.AdminKey);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await kestrel.DisposeAsync();

    [Fact]
    public async Task Twenty_amendments_with_the_same_If_Match_make_one_revision_and_refuse_the_rest()
    {
        var tag = Bodies.UniqueTag();
        for (var round = 0; round < Rounds; round++)
        {
            var id = (await editor.Record(tag)).Id();
            var statuses = await AtOnce(Enumerable.Range(0, 20).Select(k => (Func<Task<HttpResponseMessage>>)(() =>
                Send(HttpMethod.Patch, $"/api/events/{id}", new { title = $"Round {round}, amendment {k}" }, "\"1\""))));

            AssertOneWinner(statuses, round);
            var revisions = await RevisionsAsync(id);
            Assert.Equal([1, 2], revisions.Select(r => (int)r["version"]!).ToArray());
            var current = await (await editor.GetAsync($"/api/events/{id}")).Json();
            Assert.Equal((string?)revisions[^1]["event"]!["title"], (string?)current["title"]);
            Assert.Equal(2, (int)current["version"]!);
        }
    }

    [Fact]
    public async Task An_amendment_against_a_retraction_is_one_revision_and_one_refusal()
    {
        var tag = Bodies.UniqueTag();
        for (var round = 0; round < Rounds; round++)
        {
            var id = (await editor.Record(tag)).Id();
            var statuses = await AtOnce(
            [
                () => Send(HttpMethod.Patch, $"/api/events/{id}", new { title = $"Round {round}, amended" }, "\"1\""),
                () => Send(HttpMethod.Post, $"/api/events/{id}/retraction", new { reason = "withdrawn" }, "\"1\""),
            ]);

            AssertOneWinner(statuses, round);
            var revisions = await RevisionsAsync(id);
            Assert.Equal([1, 2], revisions.Select(r => (int)r["version"]!).ToArray());
            Assert.Equal(statuses[0] == HttpStatusCode.OK ? "amended" : "retracted", (string?)revisions[^1]["change"]);
        }
    }

    [Fact]
    public async Task Actors_and_follow_ups_racing_writes_are_one_success_each()
    {
        var tag = Bodies.UniqueTag();
        for (var round = 0; round < 10; round++)
        {
            var code = "R" + tag[1..7].ToUpperInvariant() + round;
            Assert.Equal(HttpStatusCode.Created, (await editor.PostAsJsonAsync("/api/actors", new { code, name = "Racing", kind = "organisation" })).StatusCode);
            var amended = await AtOnce(Enumerable.Range(0, 10).Select(k => (Func<Task<HttpResponseMessage>>)(() =>
                Send(HttpMethod.Patch, $"/api/actors/{code}", new { name = $"Racing {k}" }, "\"1\""))));
            AssertOneWinner(amended, round);
            var actorRevisions = await (await editor.GetAsync($"/api/actors/{code}/revisions")).Content.ReadFromJsonAsync<JsonArray>();
            Assert.Equal([1, 2], actorRevisions!.Select(r => (int)r!["version"]!).Order().ToArray());

            var id = (await editor.Record(tag)).Id();
            var later = (await editor.Record(tag)).Id();
            var followUp = (string)(await (await editor.PostAsJsonAsync($"/api/events/{id}/follow-ups", new { description = "x", due = "2099" })).Json())["id"]!;
            var transitions = await AtOnce(
            [
                () => editor.PostAsJsonAsync($"/api/follow-ups/{followUp}/fulfilment", new { eventId = later }),
                () => editor.PostAsJsonAsync($"/api/follow-ups/{followUp}/cancellation", new { reason = "not expected" }),
                () => editor.PostAsJsonAsync("/api/events", Fulfilling(tag, followUp)),
            ]);
            Assert.DoesNotContain(transitions, s => (int)s >= 500);
            Assert.Equal(1, transitions.Count(s => s is HttpStatusCode.OK or HttpStatusCode.Created));
            var state = await (await editor.GetAsync($"/api/follow-ups/{followUp}")).Json();
            Assert.Equal(2, (int)state["version"]!);
        }
    }

    private static void AssertOneWinner(HttpStatusCode[] statuses, int round)
    {
        var said = string.Join(", ", statuses.Select(s => (int)s));
        Assert.True(statuses.All(s => s == HttpStatusCode.OK || Refusals.Contains(s)), $"round {round}: {said}");
        Assert.True(statuses.Count(s => s == HttpStatusCode.OK) == 1, $"round {round}: {said}");
    }

    /// <summary>The requests released together, their answers in the order given.</summary>
    private static async Task<HttpStatusCode[]> AtOnce(IEnumerable<Func<Task<HttpResponseMessage>>> requests)
    {
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sent = requests.Select(async send =>
        {
            await start.Task;
            using var response = await send();
            return response.StatusCode;
        }).ToList();
        start.SetResult();
        return await Task.WhenAll(sent);
    }

    private Task<HttpResponseMessage> Send(HttpMethod method, string path, object body, string ifMatch)
    {
        var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return editor.SendAsync(request);
    }

    private static Dictionary<string, object?> Fulfilling(string tag, string followUp)
    {
        var body = Bodies.Event(tag);
        body["fulfils"] = new[] { followUp };
        return body;
    }

    private async Task<List<JsonObject>> RevisionsAsync(string id)
    {
        var response = await editor.GetAsync($"/api/events/{id}/revisions");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return [.. (await response.Content.ReadFromJsonAsync<JsonArray>())!.Select(r => r!.AsObject()).OrderBy(r => (int)r["version"]!)];
    }
}

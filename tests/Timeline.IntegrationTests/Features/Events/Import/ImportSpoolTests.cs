using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Timeline.IntegrationTests.Features.Changes;
using Timeline.IntegrationTests.Support;

namespace Timeline.IntegrationTests.Features.Events.Import;

/// <summary>
/// The API as a process of its own behind Kestrel, so that a body is streamed as a client sends it; one import at once
/// per key, two overall.
/// </summary>
public sealed class ImportCapFixture : IAsyncLifetime
{
    private ApiInstance? api;

    public ApiInstance Api => api!;

    public async Task InitializeAsync()
    {
        var settings = new Dictionary<string, string>
        {
            ["ConnectionStrings__Timeline"] = await ApiFixture.CreateDatabaseAsync(),
            ["Timeline__AdminKey"] = ApiFixture.AdminKey,
            ["Timeline__DemoTimeline"] = "false",
            ["Timeline__RunJobs"] = "false",
        };
        foreach (var (key, value) in ApiFixture.Unthrottled)
        {
            settings[key.Replace(":", "__", StringComparison.Ordinal)] = value!;
        }

        settings["Timeline__Concurrency__Imports__PerKey"] = "1";
        settings["Timeline__Concurrency__Imports__Overall"] = "2";
        api = await ApiInstance.StartAsync(settings);
        foreach (var code in new[] { "KP", "RU" })
        {
            var actor = await Admin().PostAsJsonAsync("/api/actors", new { code, name = code, kind = "state" });
            Assert.Equal(HttpStatusCode.Created, actor.StatusCode);
        }
    }

    public HttpClient Admin() => api!.Client(ApiFixture.AdminKey);

    public async Task<HttpClient> EditorAsync() => api!.Client(await HttpSteps.NewKey(Admin(), "editor"));

    public async Task DisposeAsync()
    {
        if (api is not null)
        {
            await api.DisposeAsync();
        }
    }
}

/// <summary>
/// An import receives its body whole before its transaction opens: a client sending slowly holds back no one, and the
/// imports running at once are capped.
/// </summary>
[Collection(QuietCluster.Name)]
public sealed class ImportSpoolTests(ImportCapFixture api) : IClassFixture<ImportCapFixture>
{
    [Fact]
    public async Task A_new_change_reaches_the_change_log_within_2_s_while_a_slow_import_is_still_sending()
    {
        var editor = await api.EditorAsync();
        var (_, cursor) = await ChangeFeed.ReadAllAsync(editor);
        // More lines than a batch: written, they would have opened the import's transaction and taken its id.
        await using var slow = await SlowImport.StartAsync(editor, Enumerable.Range(0, 2_500).Select(i => Line(Bodies.UniqueTag(), $"Slow {i}")));
        var id = (string)(await editor.Record(Bodies.Event(Bodies.UniqueTag(), title: "Recorded during a slow import")))["id"]!;
        var clock = Stopwatch.StartNew();
        var seen = false;
        while (!seen && clock.Elapsed < TimeSpan.FromSeconds(2))
        {
            var (changes, _) = await ChangeFeed.ReadAllAsync(editor, cursor);
            seen = changes.Any(c => (string?)c["id"] == id);
        }

        Assert.True(seen, "the change was not in the log within 2 s of its write while the import was sending");
        Assert.False(slow.Answered, "the import was not still sending");
        var imported = await slow.FinishAsync();
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        Assert.Equal(2_500, (int)(await imported.Json())["imported"]!);
    }

    [Fact]
    public async Task Imports_past_the_cap_per_key_and_overall_are_429_naming_the_limit()
    {
        var first = await api.EditorAsync();
        var second = await api.EditorAsync();
        var third = await api.EditorAsync();
        await using var one = await SlowImport.StartAsync(first, [Line(Bodies.UniqueTag(), "One")]);

        var perKey = await HttpSteps.AssertProblem(await RefusedAsync(first), HttpStatusCode.TooManyRequests);
        Assert.Equal("Timeline:Concurrency:Imports:PerKey", (string?)perKey["limit"]);
        Assert.Contains("1 at once", (string?)perKey["detail"], StringComparison.Ordinal);
        await using var two = await SlowImport.StartAsync(second, [Line(Bodies.UniqueTag(), "Two")]);
        var overall = await HttpSteps.AssertProblem(await RefusedAsync(third), HttpStatusCode.TooManyRequests);
        Assert.Equal("Timeline:Concurrency:Imports:Overall", (string?)overall["limit"]);

        Assert.Equal(HttpStatusCode.OK, (await one.FinishAsync()).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await two.FinishAsync()).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Import(third, Line(Bodies.UniqueTag(), "Three"))).StatusCode);
    }

    [Fact]
    public async Task An_import_sent_with_an_Idempotency_Key_counts_against_the_cap_while_it_is_still_sending()
    {
        // Received by the import itself, within its limits: not buffered beforehand where no cap would see it.
        var editor = await api.EditorAsync();
        await using var slow = await SlowImport.StartAsync(editor, [Line(Bodies.UniqueTag(), "Slow, with a key")], idempotencyKey: Guid.NewGuid().ToString());

        var perKey = await HttpSteps.AssertProblem(await RefusedAsync(editor), HttpStatusCode.TooManyRequests);
        Assert.Equal("Timeline:Concurrency:Imports:PerKey", (string?)perKey["limit"]);
        Assert.Equal(HttpStatusCode.OK, (await slow.FinishAsync()).StatusCode);
    }

    [Fact]
    public async Task An_import_repeated_with_its_Idempotency_Key_is_answered_again_and_imports_nothing_twice()
    {
        var editor = await api.EditorAsync();
        var tag = Bodies.UniqueTag();
        var body = Line(tag, "Imported once") + "\n" + Line(tag, "Imported once too") + "\n";
        var key = Guid.NewGuid().ToString();

        var first = await Import(editor, body, key);
        var again = await Import(editor, body, key);
        var other = await Import(editor, Line(tag, "Another body"), key);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(2, (int)(await first.Json())["imported"]!);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal("true", again.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(2, (int)(await again.Json())["imported"]!);
        await HttpSteps.AssertProblem(other, HttpStatusCode.UnprocessableEntity);
        var timeline = await editor.GetFromJsonAsync<JsonElement>($"/api/timeline?tag={tag}");
        Assert.Equal(2, timeline.GetProperty("items").GetArrayLength());
    }

    /// <summary>
    /// Imports one line until refused: one sent before the slow import has reached the endpoint is still let through
    /// (and imports its line), the first refusal is the answer.
    /// </summary>
    private static async Task<HttpResponseMessage> RefusedAsync(HttpClient client)
    {
        HttpResponseMessage response = null!;
        await Wait.Eventually(async () =>
        {
            response = await Import(client, Line(Bodies.UniqueTag(), "Probe"));
            return response.StatusCode != HttpStatusCode.OK;
        }, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(50));
        return response;
    }

    private static string Line(string tag, string title) => JsonSerializer.Serialize(Bodies.Event(tag, title: title));

    private static Task<HttpResponseMessage> Import(HttpClient client, string body, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/events/import") { Content = new StringContent(body, Encoding.UTF8, "application/x-ndjson") };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return client.SendAsync(request);
    }

    /// <summary>An import whose body is sent in part (flushed, so it is on the wire), then held until <see cref="FinishAsync"/>.</summary>
    private sealed class SlowImport : HttpContent, IAsyncDisposable
    {
        private readonly byte[] sent;
        private readonly TaskCompletionSource rest = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource flushed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private Task<HttpResponseMessage> answer = null!;

        private SlowImport(IEnumerable<string> lines)
        {
            sent = Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n");
            Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-ndjson");
        }

        public bool Answered => answer.IsCompleted;

        public static async Task<SlowImport> StartAsync(HttpClient client, IEnumerable<string> lines, string? idempotencyKey = null)
        {
            var import = new SlowImport(lines);
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/events/import") { Content = import };
            if (idempotencyKey is not null)
            {
                request.Headers.Add("Idempotency-Key", idempotencyKey);
            }

            import.answer = client.SendAsync(request);
            await import.flushed.Task.WaitAsync(TimeSpan.FromSeconds(30));
            // Given the server a moment to take it in (and, before imports were received whole, to write a batch).
            // Stays: nothing outside shows the server has taken in the part sent; a slow sender is what is tested.
            await Task.Delay(1_000);
            return import;
        }

        protected override async Task SerializeToStreamAsync(System.IO.Stream stream, System.Net.TransportContext? context)
        {
            await stream.WriteAsync(sent);
            await stream.FlushAsync();
            flushed.TrySetResult();
            await rest.Task;
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }

        public async Task<HttpResponseMessage> FinishAsync()
        {
            rest.TrySetResult();
            return await answer;
        }

        public async ValueTask DisposeAsync()
        {
            rest.TrySetResult();
            try
            {
                await answer;
            }
            catch (HttpRequestException)
            {
            }

            Dispose();
        }
    }
}

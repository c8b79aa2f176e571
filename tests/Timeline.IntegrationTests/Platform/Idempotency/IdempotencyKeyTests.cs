using System.Net;
using System.Text.Json.Nodes;
using Timeline.IntegrationTests.Support;
using static Timeline.IntegrationTests.Features.Events.EventTestHelpers;
using static Timeline.IntegrationTests.Support.HttpSteps;

namespace Timeline.IntegrationTests.Platform.Idempotency;

public sealed class IdempotencyKeyTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private static Task<HttpResponseMessage> Post(HttpClient client, string key, string json)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/events") { Content = JsonBody(json) };
        request.Headers.Add("Idempotency-Key", key);
        return client.SendAsync(request);
    }

    [Fact]
    public async Task Repeating_a_write_with_the_same_key_and_body_answers_the_same_and_records_nothing_new()
    {
        var editor = await api.As("editor");
        var tag = Bodies.UniqueTag();
        var key = Guid.NewGuid().ToString();
        var json = Serialize(Bodies.Event(tag));

        var first = await Post(editor, key, json);
        var repeat = await Post(editor, key, json);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(first.StatusCode, repeat.StatusCode);
        Assert.Equal(first.Headers.Location, repeat.Headers.Location);
        Assert.Equal(first.Headers.ETag, repeat.Headers.ETag);
        var firstBody = JsonNode.Parse(await first.Content.ReadAsStringAsync());
        var repeatBody = JsonNode.Parse(await repeat.Content.ReadAsStringAsync());
        Assert.True(JsonNode.DeepEquals(firstBody, repeatBody), $"{firstBody}\n---\n{repeatBody}");
        Assert.Equal(1, await CountTagged(editor, tag));

        // And once more, later: still the same event.
        var third = await Post(editor, key, json);
        Assert.Equal(HttpStatusCode.Created, third.StatusCode);
        Assert.Equal((string?)firstBody!["id"], (string?)(await third.Json())["id"]);
        Assert.Equal(1, await CountTagged(editor, tag));
    }

    [Fact]
    public async Task A_replay_says_it_is_one_and_a_first_answer_does_not()
    {
        var editor = await api.As("editor");
        var key = Guid.NewGuid().ToString();
        var json = Serialize(Bodies.Event(Bodies.UniqueTag()));

        var first = await Post(editor, key, json);
        var repeat = await Post(editor, key, json);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(HttpStatusCode.Created, repeat.StatusCode);
        Assert.Equal(["true"], repeat.Headers.GetValues("Idempotent-Replayed"));
        Assert.True(JsonNode.DeepEquals(await first.Json(), await repeat.Json()));
    }

    [Fact]
    public async Task A_new_API_key_is_not_kept_in_clear_and_a_repeat_is_a_409_naming_what_was_created()
    {
        var idempotencyKey = Guid.NewGuid().ToString();
        HttpRequestMessage Create()
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/keys") { Content = JsonBody("""{"name": "idempotent-analyst", "role": "reader"}""") };
            request.Headers.Add("Idempotency-Key", idempotencyKey);
            return request;
        }

        var first = await api.Admin.SendAsync(Create());
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var created = await first.Json();
        var secret = (string)created["key"]!;

        var repeat = await api.Admin.SendAsync(Create());

        var problem = await AssertProblem(repeat, HttpStatusCode.Conflict);
        Assert.Contains((string)created["id"]!, (string?)problem["detail"], StringComparison.Ordinal);
        Assert.DoesNotContain(secret, await repeat.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(repeat.Headers.Contains("Idempotent-Replayed"));

        // The record of the first answer is there, without the secret.
        await using var connection = new Npgsql.NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT response::text FROM timeline.idempotency_keys WHERE key = @key", connection);
        command.Parameters.AddWithValue("key", idempotencyKey);
        var stored = (string?)await command.ExecuteScalarAsync();
        Assert.NotNull(stored);
        Assert.Contains((string)created["id"]!, stored, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, stored, StringComparison.Ordinal);
        Assert.DoesNotContain(secret[3..], stored, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_webhook_secret_is_not_kept_in_clear_while_a_subscription_without_one_replays()
    {
        var editor = await api.As("editor");
        async Task<HttpResponseMessage> Subscribe(string key, string body)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/subscriptions") { Content = JsonBody(body) };
            request.Headers.Add("Idempotency-Key", key);
            return await editor.SendAsync(request);
        }

        var hookKey = Guid.NewGuid().ToString();
        const string hook = """{"name": "hooked", "filter": {}, "webhookUrl": "http://127.0.0.1:9/hook"}""";
        var first = await Subscribe(hookKey, hook);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var created = await first.Json();
        var secret = (string)created["secret"]!;
        var repeat = await Subscribe(hookKey, hook);
        var problem = await AssertProblem(repeat, HttpStatusCode.Conflict);
        Assert.Contains((string)created["id"]!, (string?)problem["detail"], StringComparison.Ordinal);
        Assert.DoesNotContain(secret, await repeat.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await using var connection = new Npgsql.NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT response::text FROM timeline.idempotency_keys WHERE key = @key", connection);
        command.Parameters.AddWithValue("key", hookKey);
        var stored = (string?)await command.ExecuteScalarAsync();
        Assert.NotNull(stored);
        Assert.DoesNotContain(secret[6..], stored, StringComparison.Ordinal);

        var plainKey = Guid.NewGuid().ToString();
        const string plain = """{"name": "plain", "filter": {}}""";
        var plainFirst = await Subscribe(plainKey, plain);
        Assert.Equal(HttpStatusCode.Created, plainFirst.StatusCode);
        var plainRepeat = await Subscribe(plainKey, plain);
        Assert.Equal(HttpStatusCode.Created, plainRepeat.StatusCode);
        Assert.True(plainRepeat.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal((string?)(await plainFirst.Json())["id"], (string?)(await plainRepeat.Json())["id"]);
    }

    [Fact]
    public async Task Reusing_a_key_with_another_body_is_422_and_records_nothing()
    {
        var editor = await api.As("editor");
        var key = Guid.NewGuid().ToString();
        var firstTag = Bodies.UniqueTag();
        var otherTag = Bodies.UniqueTag();
        Assert.Equal(HttpStatusCode.Created, (await Post(editor, key, Serialize(Bodies.Event(firstTag)))).StatusCode);

        var reused = await Post(editor, key, Serialize(Bodies.Event(otherTag)));

        await AssertProblem(reused, HttpStatusCode.UnprocessableEntity);
        Assert.Equal(1, await CountTagged(editor, firstTag));
        Assert.Equal(0, await CountTagged(editor, otherTag));
    }

    [Fact]
    public async Task The_same_key_from_another_API_key_is_a_separate_write()
    {
        var first = await NewKey(api, "idempotency-first", "editor");
        var second = await NewKey(api, "idempotency-second", "editor");
        var tag = Bodies.UniqueTag();
        var key = Guid.NewGuid().ToString();
        var json = Serialize(Bodies.Event(tag));

        var a = await Post(first, key, json);
        var b = await Post(second, key, json);

        Assert.Equal(HttpStatusCode.Created, a.StatusCode);
        Assert.Equal(HttpStatusCode.Created, b.StatusCode);
        var aBody = await a.Json();
        var bBody = await b.Json();
        Assert.NotEqual((string?)aBody["id"], (string?)bBody["id"]);
        Assert.Equal("idempotency-first", (string?)aBody["recordedBy"]);
        Assert.Equal("idempotency-second", (string?)bBody["recordedBy"]);
        Assert.Equal(2, await CountTagged(first, tag));
    }

    [Fact]
    public async Task A_rejected_write_does_not_use_up_its_key()
    {
        var editor = await api.As("editor");
        var key = Guid.NewGuid().ToString();
        var tag = Bodies.UniqueTag();
        var invalid = Bodies.Event(tag);
        invalid["occurred"] = "2024-13";
        await AssertProblem(await Post(editor, key, Serialize(invalid)), HttpStatusCode.BadRequest, "occurred");

        var valid = await Post(editor, key, Serialize(Bodies.Event(tag)));

        Assert.Equal(HttpStatusCode.Created, valid.StatusCode);
        Assert.Equal(1, await CountTagged(editor, tag));
    }

    [Fact]
    public async Task Without_a_key_two_identical_writes_are_two_events()
    {
        var editor = await api.As("editor");
        var tag = Bodies.UniqueTag();
        var json = Serialize(Bodies.Event(tag));

        Assert.Equal(HttpStatusCode.Created, (await editor.PostAsync("/api/events", JsonBody(json))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await editor.PostAsync("/api/events", JsonBody(json))).StatusCode);

        Assert.Equal(2, await CountTagged(editor, tag));
    }

    [Fact]
    public async Task Two_concurrent_writes_with_the_same_key_record_one_event_and_answer_the_same_id()
    {
        var editor = await api.As("editor");
        for (var round = 0; round < 5; round++)
        {
            var tag = Bodies.UniqueTag();
            var key = Guid.NewGuid().ToString();
            var json = Serialize(Bodies.Event(tag));

            var responses = await Task.WhenAll(Post(editor, key, json), Post(editor, key, json));

            var bodies = new List<string>();
            foreach (var response in responses)
            {
                var text = await response.Content.ReadAsStringAsync();
                Assert.True(response.StatusCode == HttpStatusCode.Created, $"round {round}: {(int)response.StatusCode} {text}");
                bodies.Add((string)JsonNode.Parse(text)!["id"]!);
            }

            Assert.Equal(bodies[0], bodies[1]);
            Assert.Equal(responses[0].Headers.Location, responses[1].Headers.Location);
            Assert.Equal(1, await CountTagged(editor, tag));
        }
    }
}

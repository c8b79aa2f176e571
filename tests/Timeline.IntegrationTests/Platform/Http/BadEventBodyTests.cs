using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Timeline.IntegrationTests.Support;
using static Timeline.IntegrationTests.Features.Events.EventTestHelpers;
using static Timeline.IntegrationTests.Support.HttpSteps;

namespace Timeline.IntegrationTests.Platform.Http;

/// <summary>Bad bodies for POST /api/events: always a 4xx problem that names the field, never a 5xx, nothing written.</summary>
public sealed class BadEventBodyTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private static JsonObject ValidBody(string tag) => JsonSerializer.SerializeToNode(Bodies.Event(tag))!.AsObject();

    /// <summary>A valid body spoilt in one way; the tag stays in it so that a stray write would be found.</summary>
    private static JsonObject Spoilt(string tag, string how)
    {
        var body = ValidBody(tag);
        switch (how)
        {
            case "unknown member": body["colour"] = "red"; break;
            case "actors as a string": body["actors"] = "KP"; break;
            case "title as a number": body["title"] = 5; break;
            case "tags as an object": body["tags"] = new JsonObject { ["a"] = tag }; break;
            case "published not a date": body["sources"]![0]!["published"] = "yesterday"; break;
            case "related id not a uuid": body["related"] = new JsonArray(new JsonObject { ["eventId"] = "abc", ["relation"] = "confirms" }); break;
            case "unknown member in a source": body["sources"]![0]!["author"] = "someone"; break;
            case "title of 301 characters": body["title"] = new string('t', 301); break;
            case "ftp source url": body["sources"]![0]!["url"] = "ftp://x"; break;
            case "source url not a url": body["sources"]![0]!["url"] = "not a url"; break;
            case "relative source url": body["sources"]![0]!["url"] = "/analysis/x"; break;
            case "source without a title": body["sources"]![0]!.AsObject().Remove("title"); break;
            case "month 13": body["occurred"] = "2024-13"; break;
            case "season": body["occurred"] = "2024-21"; break;
            case "negative year": body["occurred"] = "-0100"; break;
            case "five-digit year": body["occurred"] = "20240"; break;
            case "time of day": body["occurred"] = "2024-06-19T10:00"; break;
            case "day 31 in June": body["occurred"] = "2024-06-31"; break;
            case "interval backwards": body["occurred"] = "2024-10-20/2024-10-14"; break;
            case "no title": body.Remove("title"); break;
            case "no date": body.Remove("occurred"); break;
            case "no type": body.Remove("type"); break;
            case "no actors": body["actors"] = new JsonArray(); break;
            case "no sources": body.Remove("sources"); break;
            case "status retracted": body["status"] = "retracted"; break;
            case "bad type": body["type"] = "Military Deployment"; break;
            case "lower-case actor": body["actors"] = new JsonArray("kp"); break;
            case "bad tag": body["tags"] = new JsonArray(tag, "no spaces allowed"); break;
            default: throw new ArgumentOutOfRangeException(nameof(how), how, null);
        }

        return body;
    }

    [Theory]
    [InlineData("unknown member", "colour", "not a known member")]
    [InlineData("unknown member in a source", "sources[0].author", "not a known member")]
    [InlineData("actors as a string", "actors", "array")]
    [InlineData("title as a number", "title", "string")]
    [InlineData("tags as an object", "tags", "array")]
    [InlineData("published not a date", "sources[0].published", "date")]
    [InlineData("related id not a uuid", "related[0].eventId", "UUID")]
    [InlineData("title of 301 characters", "title", "300")]
    [InlineData("ftp source url", "sources[0].url", "http")]
    [InlineData("source url not a url", "sources[0].url", "http")]
    [InlineData("relative source url", "sources[0].url", "http")]
    [InlineData("source without a title", "sources[0].title", "title")]
    [InlineData("month 13", "occurred", "month")]
    [InlineData("season", "occurred", "season")]
    [InlineData("negative year", "occurred", "negative")]
    [InlineData("five-digit year", "occurred", "four digits")]
    [InlineData("time of day", "occurred", "time")]
    [InlineData("day 31 in June", "occurred", "no day 31")]
    [InlineData("interval backwards", "occurred", "after it ends")]
    [InlineData("no title", "title", "required")]
    [InlineData("no date", "occurred", "required")]
    [InlineData("no type", "type", "required")]
    [InlineData("no actors", "actors", "actor")]
    [InlineData("no sources", "sources", "source")]
    [InlineData("status retracted", "status", "retraction")]
    [InlineData("bad type", "type", "dotted")]
    [InlineData("lower-case actor", "actors[0]", "actor code")]
    [InlineData("bad tag", "tags[1]", "not a tag")]
    public async Task A_bad_event_body_is_400_naming_the_field_and_records_nothing(string how, string field, string reason)
    {
        var editor = await api.As("editor");
        var tag = Bodies.UniqueTag();

        var response = await editor.PostAsync("/api/events", JsonBody(Spoilt(tag, how).ToJsonString()));

        await AssertProblem(response, HttpStatusCode.BadRequest, field, reason);
        Assert.Equal(0, await CountTagged(editor, tag));
    }

    [Fact]
    public async Task Every_missing_required_field_is_named_at_once()
    {
        var editor = await api.As("editor");
        var response = await editor.PostAsync("/api/events", JsonBody("{}"));

        var problem = await AssertProblem(response, HttpStatusCode.BadRequest);
        var errors = problem["errors"]!.AsObject();
        foreach (var field in new[] { "title", "occurred", "type", "actors", "sources" })
        {
            await AssertProblem(response, HttpStatusCode.BadRequest, field);
        }

        Assert.DoesNotContain("summary", errors.Select(e => e.Key));
        Assert.DoesNotContain("status", errors.Select(e => e.Key));
    }

    [Theory]
    [InlineData("""{ "title": "x", "occurred": }""")]
    [InlineData("""{ "title": "x" """)]
    [InlineData("""{ 'title': 'x' }""")]
    [InlineData("not json at all")]
    public async Task Malformed_JSON_is_400_saying_it_is_malformed(string json)
    {
        var editor = await api.As("editor");
        var response = await editor.PostAsync("/api/events", JsonBody(json));

        var problem = await AssertProblem(response, HttpStatusCode.BadRequest);
        var errors = problem["errors"] as JsonObject;
        Assert.True(errors is { Count: > 0 }, $"no errors: {problem}");
        Assert.Contains(errors!, e => e.Value!.AsArray().Any(r => ((string?)r)!.Contains("malformed", StringComparison.OrdinalIgnoreCase)));
    }

    [Fact]
    public async Task Malformed_JSON_carrying_a_tag_records_nothing()
    {
        var editor = await api.As("editor");
        var tag = Bodies.UniqueTag();
        var json = ValidBody(tag).ToJsonString();

        var response = await editor.PostAsync("/api/events", JsonBody(json[..^1] + ",}"));

        await AssertProblem(response, HttpStatusCode.BadRequest);
        Assert.Equal(0, await CountTagged(editor, tag));
    }

    [Fact]
    public async Task An_empty_body_is_400_naming_the_body()
    {
        var editor = await api.As("editor");
        var response = await editor.PostAsync("/api/events", JsonBody(""));
        await AssertProblem(response, HttpStatusCode.BadRequest, "body", "required");
    }

    [Fact]
    public async Task A_JSON_array_instead_of_an_object_is_400()
    {
        var editor = await api.As("editor");
        var response = await editor.PostAsync("/api/events", JsonBody("[]"));
        await AssertProblem(response, HttpStatusCode.BadRequest, "body");
    }

    [Fact]
    public async Task A_body_that_is_not_JSON_by_content_type_is_415()
    {
        var editor = await api.As("editor");
        var tag = Bodies.UniqueTag();
        var response = await editor.PostAsync("/api/events", JsonBody(ValidBody(tag).ToJsonString(), "text/plain"));

        await AssertProblem(response, HttpStatusCode.UnsupportedMediaType);
        Assert.Equal(0, await CountTagged(editor, tag));
    }

    /// <summary>
    /// The 1 MiB limit is Kestrel's (the server the API runs on); the in-memory test server does not enforce
    /// request body limits, so this runs the same app on Kestrel, on the fixture's database.
    /// </summary>
    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public async Task A_body_over_1_MiB_is_413(bool withIdempotencyKey, bool chunked)
    {
        await using var kestrel = api.CreateFactory(api.ConnectionString, settings: ApiFixture.AnyLoopbackPort);
        kestrel.UseKestrel();
        kestrel.StartServer();
        var admin = ApiFixture.Authorized(kestrel.CreateClient(), ApiFixture.AdminKey);
        var tag = Bodies.UniqueTag();
        var body = ValidBody(tag);
        body["summary"] = new string('s', 1024 * 1024 + 1);
        var bytes = System.Text.Encoding.UTF8.GetBytes(body.ToJsonString());
        HttpContent content = chunked ? new StreamContent(new UnknownLengthStream(bytes)) : new ByteArrayContent(bytes);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/events") { Content = content };
        if (withIdempotencyKey)
        {
            request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        }

        var response = await admin.SendAsync(request);

        await AssertProblem(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(0, await CountTagged(admin, tag));
    }

    /// <summary>A readable stream that will not tell its length, so the client sends it chunked.</summary>
    private sealed class UnknownLengthStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }

    [Fact]
    public async Task A_body_just_under_the_limit_is_judged_on_its_content()
    {
        var editor = await api.As("editor");
        var tag = Bodies.UniqueTag();
        var body = ValidBody(tag);
        body["summary"] = new string('s', 1024 * 1024 - 2048);

        var response = await editor.PostAsync("/api/events", JsonBody(body.ToJsonString()));

        // Not too large, but a summary is at most 10,000 characters.
        await AssertProblem(response, HttpStatusCode.BadRequest, "summary", "10000");
        Assert.Equal(0, await CountTagged(editor, tag));
    }
}

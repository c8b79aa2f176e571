using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Timeline.IntegrationTests.Support;
using static Timeline.IntegrationTests.Support.HttpSteps;

namespace Timeline.IntegrationTests.Features.Access;

/// <summary>Three feed tokens per key, so that the cap is reached in a test; every framework log line let through.</summary>
public sealed class FeedTokenFixture : ApiFixture
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Timeline:Limits:FeedTokensPerKey"] = "3",
        ["Logging:LogLevel:Microsoft"] = "Trace",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace",
        ["Logging:LogLevel:Timeline"] = "Trace",
    };
}

/// <summary>Feed tokens: minted by any key, taken as ?token= by the Atom feeds and the follow-ups calendar only.</summary>
public sealed class FeedTokenTests(FeedTokenFixture api) : IClassFixture<FeedTokenFixture>
{
    private static async Task<JsonObject> Mint(HttpClient client, string name = "my feed reader")
    {
        var response = await client.PostAsJsonAsync("/api/feed-tokens", new { name });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"minting answered {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    /// <summary>A saved timeline of one new event, with one follow-up due; its slug, title and the follow-up's description.</summary>
    private async Task<(string Slug, string Title, string FollowUp)> Timeline()
    {
        var editor = await api.As("editor");
        var tag = Bodies.UniqueTag();
        var slug = "tokens-" + tag;
        var saved = await editor.PostAsJsonAsync("/api/timelines", new { slug, title = "Token feed " + tag, filter = new { tag = new[] { tag } } });
        Assert.Equal(HttpStatusCode.Created, saved.StatusCode);
        var title = "Troops reported " + tag;
        var recorded = await editor.Record(Bodies.Event(tag, title: title));
        var followUp = "Imagery released " + tag;
        var expected = await editor.PostAsJsonAsync($"/api/events/{(string)recorded["id"]!}/follow-ups", new { description = followUp, due = "2024-11-20" });
        Assert.Equal(HttpStatusCode.Created, expected.StatusCode);
        return (slug, title, followUp);
    }

    private static async Task<string> Read(HttpClient client, string path, string mediaType)
    {
        var response = await client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path} answered {(int)response.StatusCode}: {text}");
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        return text;
    }

    private static async Task AssertUnauthorized(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{path} answered {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private static async Task<Guid> KeyIdOf(HttpClient client) => (Guid)(await (await client.GetAsync("/api/me")).Json())["id"]!;

    [Fact]
    public async Task A_reader_mints_a_token_shown_once_and_a_feed_reader_and_a_calendar_read_with_it_alone()
    {
        var (slug, title, followUp) = await Timeline();
        var reader = await api.As("reader");

        var minted = await Mint(reader, "Thunderbird on my laptop");
        var token = (string)minted["token"]!;
        Assert.Matches("^tlf_[A-Za-z0-9_-]{43}$", token);
        Assert.Equal(token[..8], (string)minted["prefix"]!);
        Assert.Equal("Thunderbird on my laptop", (string)minted["name"]!);
        Assert.True(DateTimeOffset.UtcNow - (DateTimeOffset)minted["createdAt"]! < TimeSpan.FromHours(1));

        var feedReader = api.Anonymous();
        var atom = await Read(feedReader, $"/api/timelines/{slug}/feed.atom?token={token}", "application/atom+xml");
        Assert.Contains(title, atom, StringComparison.Ordinal);
        var calendar = await Read(feedReader, $"/api/follow-ups.ics?token={token}", "text/calendar");
        Assert.Contains("SUMMARY:" + followUp, calendar, StringComparison.Ordinal);
        Assert.StartsWith("BEGIN:VCALENDAR", calendar, StringComparison.Ordinal);

        // The listing shows it, used, and never the token.
        var listed = await (await reader.GetAsync("/api/feed-tokens")).JsonArray();
        var entry = Assert.Single(listed, t => (Guid)t!["id"]! == (Guid)minted["id"]!)!;
        Assert.Equal(token[..8], (string)entry["prefix"]!);
        Assert.Equal("reader-key", (string)entry["keyName"]!);
        Assert.NotNull(entry["lastUsedAt"]);
        Assert.DoesNotContain(token, listed.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_token_a_wrong_one_or_an_API_key_in_the_address_is_a_401_on_the_feeds()
    {
        var (slug, _, _) = await Timeline();
        var anonymous = api.Anonymous();
        foreach (var feed in new[] { $"/api/timelines/{slug}/feed.atom", "/api/follow-ups.ics" })
        {
            await AssertUnauthorized(anonymous, feed);
            await AssertUnauthorized(anonymous, feed + "?token=");
            await AssertUnauthorized(anonymous, feed + "?token=tlf_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
            // An API key is a header, never part of an address.
            await AssertUnauthorized(anonymous, feed + "?token=" + ApiFixture.AdminKey);
        }
    }

    [Fact]
    public async Task A_valid_token_is_no_key_anywhere_but_the_feeds()
    {
        var editor = await api.As("editor");
        var recorded = await editor.Record(Bodies.Event(Bodies.UniqueTag()));
        var token = (string)(await Mint(await api.As("editor"), "everywhere?"))["token"]!;
        var anonymous = api.Anonymous();

        foreach (var path in new[] { "/api/timeline", $"/api/events/{(string)recorded["id"]!}", "/api/feed-tokens", "/api/timeline/download", "/api/me" })
        {
            await AssertUnauthorized(anonymous, $"{path}?token={token}");
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync($"/api/feed-tokens?token={token}", new { name = "more" })).StatusCode);
        // Nor is it a bearer key.
        var bearer = ApiFixture.Authorized(api.Factory.CreateClient(), token);
        await AssertUnauthorized(bearer, "/api/timeline");
        await AssertUnauthorized(bearer, "/api/follow-ups.ics");
    }

    [Fact]
    public async Task A_revoked_token_stops_at_once_and_so_do_the_tokens_of_a_revoked_key()
    {
        var feed = "/api/follow-ups.ics?token=";
        var anonymous = api.Anonymous();
        var key = await NewKey(api, "revoked-later-" + Bodies.UniqueTag(), "editor");
        var revoked = await Mint(key, "to be revoked");
        var kept = await Mint(key, "kept until the key goes");
        await Read(anonymous, feed + (string)revoked["token"]!, "text/calendar");
        await Read(anonymous, feed + (string)kept["token"]!, "text/calendar");

        Assert.Equal(HttpStatusCode.NoContent, (await key.DeleteAsync($"/api/feed-tokens/{(Guid)revoked["id"]!}")).StatusCode);
        await AssertUnauthorized(anonymous, feed + (string)revoked["token"]!);
        await Read(anonymous, feed + (string)kept["token"]!, "text/calendar");
        Assert.Equal(HttpStatusCode.NotFound, (await key.DeleteAsync($"/api/feed-tokens/{(Guid)revoked["id"]!}")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await api.Admin.DeleteAsync($"/api/keys/{await KeyIdOf(key)}")).StatusCode);
        await AssertUnauthorized(anonymous, feed + (string)kept["token"]!);
        Assert.DoesNotContain(await (await api.Admin.GetAsync("/api/feed-tokens")).JsonArray(), t => (Guid)t!["id"]! == (Guid)kept["id"]!);
    }

    [Fact]
    public async Task A_key_lists_and_revokes_only_its_own_tokens_and_an_admin_any()
    {
        var mine = await NewKey(api, "mine-" + Bodies.UniqueTag(), "reader");
        var theirs = await NewKey(api, "theirs-" + Bodies.UniqueTag(), "reader");
        var myToken = await Mint(mine, "mine");
        var theirToken = await Mint(theirs, "theirs");

        var myList = await (await mine.GetAsync("/api/feed-tokens")).JsonArray();
        Assert.Equal([(Guid)myToken["id"]!], myList.Select(t => (Guid)t!["id"]!));
        Assert.Equal(HttpStatusCode.NotFound, (await mine.DeleteAsync($"/api/feed-tokens/{(Guid)theirToken["id"]!}")).StatusCode);
        await Read(api.Anonymous(), $"/api/follow-ups.ics?token={(string)theirToken["token"]!}", "text/calendar");

        var all = await (await api.Admin.GetAsync("/api/feed-tokens")).JsonArray();
        Assert.Contains(all, t => (Guid)t!["id"]! == (Guid)myToken["id"]! && ((string)t["keyName"]!).StartsWith("mine-", StringComparison.Ordinal));
        Assert.Contains(all, t => (Guid)t!["id"]! == (Guid)theirToken["id"]! && ((string)t["keyName"]!).StartsWith("theirs-", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.NoContent, (await api.Admin.DeleteAsync($"/api/feed-tokens/{(Guid)theirToken["id"]!}")).StatusCode);
        Assert.Empty(await (await theirs.GetAsync("/api/feed-tokens")).JsonArray());
        await AssertUnauthorized(api.Anonymous(), $"/api/follow-ups.ics?token={(string)theirToken["token"]!}");
    }

    [Fact]
    public async Task A_key_past_its_token_cap_gets_a_409_naming_the_limit_until_it_revokes_one()
    {
        var key = await NewKey(api, "capped-" + Bodies.UniqueTag(), "reader");
        var first = await Mint(key, "one");
        await Mint(key, "two");
        await Mint(key, "three");

        var fourth = await key.PostAsJsonAsync("/api/feed-tokens", new { name = "four" });
        var problem = await fourth.Json();
        Assert.Equal(HttpStatusCode.Conflict, fourth.StatusCode);
        Assert.Equal("Timeline:Limits:FeedTokensPerKey", (string?)problem["limit"]);
        Assert.Contains("3", (string?)problem["detail"], StringComparison.Ordinal);
        // Another key is not held to this one's tokens.
        await Mint(await NewKey(api, "uncapped-" + Bodies.UniqueTag(), "reader"), "one of its own");

        Assert.Equal(HttpStatusCode.NoContent, (await key.DeleteAsync($"/api/feed-tokens/{(Guid)first["id"]!}")).StatusCode);
        await Mint(key, "four, now");
    }

    [Theory]
    [InlineData("")]
    [InlineData("tab\tin the name")]
    [InlineData("a name of more than a hundred characters, which is more than anyone needs to tell two feed readers apart, surely")]
    public async Task A_name_empty_too_long_or_with_a_control_character_is_a_400_naming_it(string name)
    {
        var response = await (await api.As("reader")).PostAsJsonAsync("/api/feed-tokens", new { name });
        var problem = await response.Json();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(problem["errors"]!.AsObject(), e => e.Key.Equals("name", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task The_token_is_in_no_table_even_minted_with_an_Idempotency_Key_whose_repeat_does_not_show_it()
    {
        using var mint = new HttpRequestMessage(HttpMethod.Post, "/api/feed-tokens") { Content = JsonContent.Create(new { name = "at rest" }) };
        mint.Headers.Add("Idempotency-Key", "feed-token-" + Bodies.UniqueTag());
        var reader = await api.As("reader");
        var minted = await reader.SendAsync(mint);
        Assert.Equal(HttpStatusCode.Created, minted.StatusCode);
        var token = (string)(await minted.Json())["token"]!;
        await Read(api.Anonymous(), $"/api/follow-ups.ics?token={token}", "text/calendar");

        using var again = new HttpRequestMessage(HttpMethod.Post, "/api/feed-tokens") { Content = JsonContent.Create(new { name = "at rest" }) };
        again.Headers.Add("Idempotency-Key", mint.Headers.GetValues("Idempotency-Key").Single());
        var repeat = await reader.SendAsync(again);
        Assert.Equal(HttpStatusCode.Conflict, repeat.StatusCode);
        Assert.DoesNotContain(token, await repeat.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var everything = await DatabaseDump.EveryRowAsTextAsync(api.ConnectionString);
        Assert.Contains(everything, row => row.Table == "timeline.feed_tokens");
        Assert.DoesNotContain(everything, row => row.Text.Contains(token[4..], StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_token_never_reaches_a_log_line_even_with_every_request_logged()
    {
        var (slug, _, _) = await Timeline();
        var token = (string)(await Mint(await api.As("reader"), "logged?"))["token"]!;
        var anonymous = api.Anonymous();
        await Read(anonymous, $"/api/timelines/{slug}/feed.atom?token={token}", "application/atom+xml");
        await Read(anonymous, $"/api/follow-ups.ics?token={token}&x=1", "text/calendar");
        await AssertUnauthorized(anonymous, $"/api/timeline?token={token}");
        await AssertUnauthorized(anonymous, "/api/follow-ups.ics?token=tlf_wrong-guess");

        var entries = api.Logs.Entries.ToList();
        // The request lines are written, with the address, and the value in it redacted.
        Assert.Contains(entries, e => e.Category == "Microsoft.AspNetCore.Hosting.Diagnostics"
            && e.Message.Contains("/api/follow-ups.ics?token=[redacted]&x=1", StringComparison.Ordinal));
        Assert.DoesNotContain(entries, e => e.Message.Contains(token[4..], StringComparison.Ordinal)
            || e.Message.Contains("tlf_wrong-guess", StringComparison.Ordinal)
            || e.Scope.Values.Any(v => v?.ToString()?.Contains(token[4..], StringComparison.Ordinal) == true));
    }
}

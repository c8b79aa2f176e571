using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Npgsql;
using Timeline.IntegrationTests.Support;

namespace Timeline.IntegrationTests.Features.Alerts.Matching;

/// <summary>
/// The matcher keeps its subscriptions parsed between pages, and the candidates under each key while no subscription, key or
/// timeline changes; a subscription's row changed by any path (here, by hand in the database, as an operator might) is matched
/// as it is now from the next page on, as is a saved timeline it follows, a key revoked, or a key no one had subscribed to.
/// </summary>
public sealed class KnownSubscriptionsTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private async Task<JsonArray> AlertsAsync(Guid subscription)
    {
        await api.AlertsMatchedAsync();
        var editor = await api.As("editor");
        return (await (await editor.GetAsync($"/api/alerts?subscription={subscription}&limit=100")).Json())["items"]!.AsArray();
    }

    private async Task ExecuteAsync(string sql, params object[] values)
    {
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        await command.ExecuteNonQueryAsync();
    }

    private async Task<Guid> VersionAsync()
    {
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT token FROM timeline.subscriptions_version", connection);
        return (Guid)(await command.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task A_key_offered_before_anyone_subscribed_to_it_is_heard_once_someone_does()
    {
        var editor = await api.As("editor");
        var tag = Bodies.UniqueTag();
        await editor.Record(tag, title: "Offered while no one follows the tag");
        await api.AlertsMatchedAsync();

        var subscription = Guid.Parse((await editor.SubscribeToTag(tag)).Id());
        var heard = (await editor.Record(tag, title: "Heard: someone follows the tag now")).Id();

        Assert.Equal([heard], (await AlertsAsync(subscription)).Select(a => (string?)a!["eventId"]));
    }

    [Fact]
    public async Task A_subscription_switched_off_or_whose_key_is_revoked_in_the_database_hears_nothing_more()
    {
        var editor = await api.As("editor");
        var (off, revoked) = (Bodies.UniqueTag(), Bodies.UniqueTag());
        var switchedOff = Guid.Parse((await editor.SubscribeToTag(off)).Id());
        var owner = await HttpSteps.MakeKey(api.Admin, "owner-" + revoked, "reader");
        var ownersClient = ApiFixture.Authorized(api.Factory.CreateClient(), (string)owner["key"]!);
        var ofRevoked = Guid.Parse((await ownersClient.SubscribeToTag(revoked)).Id());
        var first = (await editor.Record(off, title: "Heard while switched on")).Id();
        var second = (await editor.Record(revoked, title: "Heard while its key is live")).Id();
        Assert.Equal([first], (await AlertsAsync(switchedOff)).Select(a => (string?)a!["eventId"]));

        await ExecuteAsync("UPDATE timeline.subscriptions SET active = false WHERE id = $1", switchedOff);
        await ExecuteAsync("UPDATE timeline.api_keys SET revoked_at = now() WHERE id = $1", Guid.Parse((string)owner["id"]!));
        await editor.Record(off, title: "Not heard: switched off");
        await editor.Record(revoked, title: "Not heard: its key is revoked");
        await api.AlertsMatchedAsync();

        Assert.Equal([first], (await AlertsAsync(switchedOff)).Select(a => (string?)a!["eventId"]));
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT array_agg(event_id) FROM timeline.alerts WHERE subscription_id = $1", connection);
        count.Parameters.Add(new NpgsqlParameter { Value = ofRevoked });
        Assert.Equal([Guid.Parse(second!)], (Guid[])(await count.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task The_subscriptions_version_is_renewed_by_every_change_the_candidates_depend_on_and_by_nothing_else()
    {
        var editor = await api.As("editor");
        var tag = Bodies.UniqueTag();
        var subscription = Guid.Parse((await editor.SubscribeToTag(tag)).Id());
        var key = Guid.Parse((string)(await HttpSteps.MakeKey(api.Admin, "version-" + tag, "reader"))["id"]!);

        async Task Renews(string what, string sql, params object[] values)
        {
            var before = await VersionAsync();
            await ExecuteAsync(sql, values);
            Assert.True(before != await VersionAsync(), $"{what} left the version as it was");
        }

        await Renews("a subscription's update", "UPDATE timeline.subscriptions SET name = name || '.' WHERE id = $1", subscription);
        await Renews("a timeline saved", "INSERT INTO timeline.timelines (slug, title, filter, created_at, created_by) VALUES ($1, 't', '{}', now(), 'test')", tag);
        await Renews("a timeline deleted", "DELETE FROM timeline.timelines WHERE slug = $1", tag);
        await Renews("a key revoked", "UPDATE timeline.api_keys SET revoked_at = now() WHERE id = $1", key);
        await Renews("a key deleted", "DELETE FROM timeline.api_keys WHERE id = $1", key);
        await Renews("a subscription deleted", "DELETE FROM timeline.subscriptions WHERE id = $1", subscription);

        var unchanged = await VersionAsync();
        await editor.Record(tag, title: "An event, its change and its page matched");
        await api.AlertsMatchedAsync();
        await ExecuteAsync("UPDATE timeline.api_keys SET last_used_at = now()");
        Assert.Equal(unchanged, await VersionAsync());
    }

    [Fact]
    public async Task A_subscription_whose_row_changes_is_matched_by_its_new_filter_on_the_next_page()
    {
        var editor = await api.As("editor");
        var (before, after) = (Bodies.UniqueTag(), Bodies.UniqueTag());
        var subscription = Guid.Parse((await editor.SubscribeToTag(before)).Id());
        var first = (await editor.Record(before, title: "Heard under the first filter")).Id();
        Assert.Equal([first], (await AlertsAsync(subscription)).Select(a => (string?)a!["eventId"]));

        await ExecuteAsync("UPDATE timeline.subscriptions SET filter = jsonb_build_object('tag', jsonb_build_array($1::text)), match_keys = ARRAY['tag:' || $1] WHERE id = $2",
            after, subscription);
        await editor.Record(before, title: "Not heard: the filter no longer names this tag");
        var second = (await editor.Record(after, title: "Heard under the new filter")).Id();

        Assert.Equal([second, first], (await AlertsAsync(subscription)).Select(a => (string?)a!["eventId"]));
    }

    [Fact]
    public async Task A_subscription_to_a_saved_timeline_follows_the_timeline_when_only_the_timeline_row_changes()
    {
        var editor = await api.As("editor");
        var slug = Bodies.UniqueTag();
        (await editor.PostAsJsonAsync("/api/timelines", new { slug, title = "T", filter = new { tag = new[] { slug } } })).EnsureSuccessStatusCode();
        var subscription = Guid.Parse((await (await api.As("editor")).Subscribe(new { name = "t " + slug, timeline = slug })).Id());
        var first = (await editor.Record(slug, actors: ["UA"], title: "Heard under the timeline's first filter")).Id();
        Assert.Equal([first], (await AlertsAsync(subscription)).Select(a => (string?)a!["eventId"]));

        // The subscription's row (and its match keys, the tag) unchanged: only the timeline's row version tells the matcher.
        await ExecuteAsync("UPDATE timeline.timelines SET filter = jsonb_build_object('tag', jsonb_build_array($1::text), 'actor', jsonb_build_array('KP')) WHERE slug = $1",
            slug);
        await editor.Record(slug, actors: ["UA"], title: "Not heard: the timeline now asks for KP");
        var second = (await editor.Record(slug, actors: ["KP"], title: "Heard under the timeline's new filter")).Id();

        Assert.Equal([second, first], (await AlertsAsync(subscription)).Select(a => (string?)a!["eventId"]));
    }
}

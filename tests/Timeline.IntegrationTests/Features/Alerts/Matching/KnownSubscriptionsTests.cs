using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Npgsql;
using Timeline.IntegrationTests.Support;

namespace Timeline.IntegrationTests.Features.Alerts.Matching;

/// <summary>
/// The matcher keeps its subscriptions parsed between pages; a subscription's row changed by any path (here, by hand in the
/// database, as an operator might) is matched as it is now from the next page on, as is a saved timeline it follows.
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

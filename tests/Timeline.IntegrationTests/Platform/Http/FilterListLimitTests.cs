using System.Net;
using System.Net.Http.Json;
using Timeline.IntegrationTests.Support;

namespace Timeline.IntegrationTests.Platform.Http;

/// <summary>A filter's lists hold at most 50 values each, as an event's do: saved timelines and subscriptions are matched against every change.</summary>
public sealed class FilterListLimitTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private static string[] Tags(int count) => [.. Enumerable.Range(0, count).Select(i => $"tag-{i}")];

    [Fact]
    public async Task A_saved_timeline_with_51_tags_is_400_naming_the_list()
    {
        var editor = await api.As("editor");
        var slug = "many-" + Guid.NewGuid().ToString("N")[..10];

        var response = await editor.PostAsJsonAsync("/api/timelines", new { slug, title = "Many", filter = new { tag = Tags(51) } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Json())["errors"]!.AsObject();
        var error = Assert.Single(errors, e => e.Key.EndsWith("tag", StringComparison.OrdinalIgnoreCase));
        Assert.Contains("at most 50", error.Value!.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await editor.GetAsync($"/api/timelines/{slug}")).StatusCode);
    }

    [Fact]
    public async Task A_saved_timeline_with_50_tags_is_saved()
    {
        var editor = await api.As("editor");
        var slug = "fifty-" + Guid.NewGuid().ToString("N")[..10];

        var response = await editor.PostAsJsonAsync("/api/timelines", new { slug, title = "Fifty", filter = new { tag = Tags(50) } });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task A_subscription_with_51_types_is_400_naming_the_list()
    {
        var reader = await api.As("reader");
        var types = Enumerable.Range(0, 51).Select(i => $"military.kind-{i}").ToArray();

        var response = await reader.PostAsJsonAsync("/api/subscriptions", new { name = "many", filter = new { type = types } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Json())["errors"]!.AsObject();
        var error = Assert.Single(errors, e => e.Key.EndsWith("type", StringComparison.OrdinalIgnoreCase));
        Assert.Contains("at most 50", error.Value!.ToJsonString(), StringComparison.Ordinal);
    }
}

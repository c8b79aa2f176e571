using System.Net;
using System.Net.Http.Json;
using Timeline.IntegrationTests.Support;
using static Timeline.IntegrationTests.Support.HttpSteps;

namespace Timeline.IntegrationTests.Features.Places;

/// <summary>bbox, near and placeMatch: an event is where its places are, as precisely as its source says.</summary>
public sealed class PlaceFilterTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private async Task<(string Tag, string AtVladivostok, string InRussia, string Nowhere)> RecordAsync()
    {
        var editor = await api.As("editor");
        var (vladivostok, russia) = (PlaceTests.NewCode("vladivostok"), PlaceTests.NewCode("ru"));
        Assert.Equal(HttpStatusCode.Created, (await editor.PostAsJsonAsync("/api/places", PlaceTests.City(vladivostok))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await editor.PostAsJsonAsync("/api/places",
            new { code = russia, name = "Russia", kind = "country", area = PlaceTests.Outline(27, 41, 180, 78) })).StatusCode);

        var tag = Bodies.UniqueTag();
        async Task<string> Record(string title, object? places)
        {
            var body = Bodies.Event(tag, title: title);
            if (places is not null)
            {
                body["places"] = places;
            }

            var response = await editor.PostAsJsonAsync("/api/events", body);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            return (string)(await response.Json())["id"]!;
        }

        return (tag,
            await Record("At Vladivostok", new[] { new { place = vladivostok, role = "site", precision = "city", uncertaintyKm = 15.0 } }),
            await Record("Somewhere in Russia", new[] { new { place = russia, role = "site", precision = "country" } }),
            await Record("No place given", null));
    }

    private async Task<List<string>> Shown(string tag, string query)
    {
        var response = await (await api.As("reader")).GetAsync($"/api/timeline?tag={tag}&{query}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return [.. (await response.Json())["items"]!.AsArray().Select(e => (string)e!["id"]!)];
    }

    [Fact]
    public async Task An_event_at_Vladivostok_is_in_its_box_and_not_in_Ukraines()
    {
        var (tag, atVladivostok, inRussia, _) = await RecordAsync();

        Assert.Equal([atVladivostok, inRussia], (await Shown(tag, "bbox=131,42,133,44")).Order());
        Assert.DoesNotContain(atVladivostok, await Shown(tag, "bbox=30,50,32,52"));
        Assert.Equal([inRussia], await Shown(tag, "bbox=30,50,32,52"));
    }

    [Fact]
    public async Task An_event_placed_only_at_the_country_meets_a_city_box_but_does_not_lie_within_it()
    {
        var (tag, atVladivostok, inRussia, nowhere) = await RecordAsync();

        Assert.Contains(inRussia, await Shown(tag, "bbox=131,42,133,44&placeMatch=overlaps"));
        var within = await Shown(tag, "bbox=131,42,133,44&placeMatch=within");
        Assert.Equal([atVladivostok], within);
        Assert.DoesNotContain(nowhere, await Shown(tag, "bbox=-180,-90,180,90"));
        Assert.Contains(nowhere, await Shown(tag, ""));
    }

    [Fact]
    public async Task Near_widens_the_point_by_the_events_uncertainty()
    {
        var (tag, atVladivostok, _, _) = await RecordAsync();

        // 20 km east of the city's point: the 15 km of uncertainty and 10 km around the point overlap; 2 km do not.
        Assert.Contains(atVladivostok, await Shown(tag, "near=132.133,43.115,10"));
        Assert.DoesNotContain(atVladivostok, await Shown(tag, "near=132.133,43.115,2"));
        Assert.Contains(atVladivostok, await Shown(tag, "near=131.886,43.115,30&placeMatch=within"));
        Assert.DoesNotContain(atVladivostok, await Shown(tag, "near=131.886,43.115,10&placeMatch=within"));
    }

    [Theory]
    [InlineData("bbox=131,42,133", "bbox")]
    [InlineData("bbox=133,42,131,44", "bbox")]
    [InlineData("bbox=131,-95,133,44", "bbox")]
    [InlineData("near=131,43", "near")]
    [InlineData("near=131,43,0", "near")]
    [InlineData("near=131,43,10&bbox=131,42,133,44", "near")]
    [InlineData("bbox=131,42,133,44&placeMatch=inside", "placeMatch")]
    public async Task A_malformed_place_filter_is_a_400_naming_it(string query, string field) =>
        await AssertProblem(await (await api.As("reader")).GetAsync("/api/timeline?" + query), HttpStatusCode.BadRequest, field);

    [Fact]
    public async Task Amending_a_place_moves_the_events_placed_there()
    {
        var editor = await api.As("editor");
        var code = PlaceTests.NewCode("moving");
        var created = await editor.PostAsJsonAsync("/api/places", PlaceTests.City(code, "Moving", 131.886, 43.115));
        var tag = Bodies.UniqueTag();
        var body = Bodies.Event(tag);
        body["places"] = new[] { new { place = code, role = "site", precision = "exact" } };
        var id = (string)(await (await editor.PostAsJsonAsync("/api/events", body)).Json())["id"]!;
        Assert.Equal([id], await Shown(tag, "bbox=131,42,133,44"));

        var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/places/{code}") { Content = JsonContent.Create(new { point = new[] { 36.19, 51.73 } }) };
        patch.Headers.IfMatch.Add(created.Headers.ETag!);
        Assert.Equal(HttpStatusCode.OK, (await editor.SendAsync(patch)).StatusCode);

        Assert.Empty(await Shown(tag, "bbox=131,42,133,44"));
        Assert.Equal([id], await Shown(tag, "bbox=35,51,37,52"));
    }
}

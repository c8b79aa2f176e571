using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Timeline.IntegrationTests.Support;
using static Timeline.IntegrationTests.Support.HttpSteps;

namespace Timeline.IntegrationTests.Features.Places;

/// <summary>Places: recorded with a point, an area or both, checked, found by any of their names, kept with their history.</summary>
public sealed class PlaceTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    internal static string NewCode(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>A place as a client records it.</summary>
    internal static object City(string code, string name = "Vladivostok", double lon = 131.886, double lat = 43.115, string[]? aliases = null) => new
    {
        code, name, kind = "city", aliases = aliases ?? ["Владивосток"], point = new[] { lon, lat },
    };

    /// <summary>A rough outline, enough to tell places apart: a box as a GeoJSON Polygon.</summary>
    internal static object Outline(double minLon, double minLat, double maxLon, double maxLat) => new
    {
        type = "Polygon",
        coordinates = new[] { new[] { new[] { minLon, minLat }, new[] { maxLon, minLat }, new[] { maxLon, maxLat }, new[] { minLon, maxLat }, new[] { minLon, minLat } } },
    };

    [Fact]
    public async Task A_place_is_recorded_with_its_point_area_and_identifiers_and_read_back_as_GeoJSON()
    {
        var editor = await api.As("editor");
        var code = NewCode("kursk");
        var response = await editor.PostAsJsonAsync("/api/places", new
        {
            code, name = "Kursk oblast", kind = "region", aliases = new[] { "Курская область" }, point = new[] { 36.19, 51.73 },
            area = Outline(34.1, 50.8, 38.5, 52.4), identifiers = new { wikidata = "q" + Random.Shared.Next(100_000, 999_999), geonames = "538555" + Random.Shared.Next(10, 99) },
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal($"/api/places/{code}", response.Headers.Location!.OriginalString);
        var place = await (await (await api.As("reader")).GetAsync($"/api/places/{code}")).Json();
        Assert.Equal("region", (string?)place["kind"]);
        Assert.Equal([36.19, 51.73], place["point"]!.AsArray().Select(c => (double)c!));
        Assert.Equal("Polygon", (string?)place["area"]!["type"]);
        Assert.Equal(5, place["area"]!["coordinates"]![0]!.AsArray().Count);
        Assert.StartsWith("Q", (string?)place["identifiers"]!["wikidata"]);
        Assert.Equal(1, (int)place["version"]!);
    }

    [Theory]
    [InlineData("""{"name":"Nowhere","kind":"city","point":[200,43]}""", "point", "longitude")]
    [InlineData("""{"name":"Nowhere","kind":"city","point":[43]}""", "point", "[longitude, latitude]")]
    [InlineData("""{"name":"Nowhere","kind":"city"}""", "point", "a point, an area")]
    [InlineData("""{"name":"Nowhere","kind":"village","point":[1,2]}""", "kind", "kind must be")]
    [InlineData("""{"name":"Nowhere","kind":"region","area":{"type":"Point","coordinates":[1,2]}}""", "area", "Polygon")]
    [InlineData("""{"name":"Nowhere","kind":"region","area":{"type":"Polygon","coordinates":[[[0,0],[2,2],[2,0],[0,2],[0,0]]]}}""", "area", "not a valid geometry")]
    [InlineData("""{"name":"Nowhere","kind":"region","area":{"type":"Polygon","coordinates":[[[0,0],[0,95],[2,0],[0,0]]]}}""", "area", "latitudes")]
    [InlineData("""{"name":"Nowhere","kind":"city","point":[1,2],"identifiers":{"wikidata":"959"}}""", "identifiers.wikidata", "Q")]
    [InlineData("""{"name":"Nowhere","kind":"city","point":[1,2],"identifiers":{"osm":"1"}}""", "identifiers.osm", "wikidata")]
    public async Task A_place_out_of_range_or_invalid_is_a_400_naming_the_field(string body, string field, string reason)
    {
        var json = JsonNode.Parse(body)!.AsObject();
        json["code"] = NewCode("bad");
        var response = await (await api.As("editor")).PostAsync("/api/places", new StringContent(json.ToJsonString(), Encoding.UTF8, "application/json"));

        await AssertProblem(response, HttpStatusCode.BadRequest, field, reason);
        Assert.Equal(HttpStatusCode.NotFound, (await (await api.As("reader")).GetAsync($"/api/places/{json["code"]}")).StatusCode);
    }

    [Fact]
    public async Task A_place_is_found_by_any_of_its_names_across_scripts()
    {
        var editor = await api.As("editor");
        var code = NewCode("vladivostok");
        Assert.Equal(HttpStatusCode.Created, (await editor.PostAsJsonAsync("/api/places", City(code, "Zqvladivostok", aliases: ["Зqвладивосток"]))).StatusCode);
        var reader = await api.As("reader");

        foreach (var q in new[] { "zqvladivostok", "ZQVLADIVOSTOK!", "Зqвладивосток", code })
        {
            var items = (await (await reader.GetAsync($"/api/places?q={Uri.EscapeDataString(q)}")).Json())["items"]!.AsArray();
            Assert.True(items.Count > 0 && (string?)items[0]!["code"] == code, $"{q} does not find {code} first: {items.ToJsonString()}");
            Assert.True((double)items[0]!["match"]!["score"]! > 0.7);
        }
    }

    [Fact]
    public async Task Amending_a_place_keeps_its_history_in_revisions_and_the_change_log()
    {
        var editor = await api.As("editor");
        var code = NewCode("khasan");
        var created = await editor.PostAsJsonAsync("/api/places", new { code, name = "Khasan", kind = "site", point = new[] { 130.65, 42.43 } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/places/{code}")
        {
            Content = new StringContent("""{"name":"Tumangang–Khasan rail crossing","kind":"route","point":[130.64,42.42]}""", Encoding.UTF8, "application/merge-patch+json"),
        };
        patch.Headers.IfMatch.Add(created.Headers.ETag!);
        var amended = await editor.SendAsync(patch);
        Assert.Equal(HttpStatusCode.OK, amended.StatusCode);
        Assert.Equal("\"2\"", amended.Headers.ETag!.Tag);

        var stale = new HttpRequestMessage(HttpMethod.Patch, $"/api/places/{code}") { Content = new StringContent("""{"name":"Khasan"}""", Encoding.UTF8, "application/json") };
        stale.Headers.IfMatch.Add(created.Headers.ETag!);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await editor.SendAsync(stale)).StatusCode);

        var reader = await api.As("reader");
        var revisions = await (await reader.GetAsync($"/api/places/{code}/revisions")).JsonArray();
        Assert.Equal(["recorded", "amended"], revisions.Select(r => (string)r!["change"]!));
        Assert.Equal([130.65, 42.43], revisions[0]!["point"]!.AsArray().Select(c => (double)c!));
        Assert.Equal("route", (string?)revisions[1]!["kind"]);

        // The log is read below the oldest transaction running in the cluster: other tests' may hold it back a moment.
        var changes = new List<JsonNode?>();
        await Wait.Eventually(async () =>
        {
            changes = [.. (await (await reader.GetAsync("/api/changes?types=place&limit=500")).Json())["items"]!.AsArray().Where(c => (string?)c!["id"] == code)];
            return changes.Count == 2;
        }, TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(200), "the place's two changes never reached the log");
        Assert.Equal(["place.recorded", "place.amended"], changes.Select(c => (string)c!["kind"]!));
        Assert.Equal("Tumangang–Khasan rail crossing", (string?)changes[1]!["data"]!["name"]);
    }

    [Fact]
    public async Task An_event_names_its_places_with_their_precision_and_unknown_codes_or_words_are_400s()
    {
        var editor = await api.As("editor");
        var code = NewCode("vladivostok");
        Assert.Equal(HttpStatusCode.Created, (await editor.PostAsJsonAsync("/api/places", City(code))).StatusCode);

        var body = Bodies.Event(Bodies.UniqueTag());
        body["places"] = new[] { new { place = code, role = "destination", precision = "city", uncertaintyKm = 15.0 } };
        var recorded = await editor.PostAsJsonAsync("/api/events", body);
        Assert.Equal(HttpStatusCode.Created, recorded.StatusCode);
        var place = (await recorded.Json())["places"]![0]!;
        Assert.Equal((code, "destination", "city", 15.0), ((string)place["place"]!, (string)place["role"]!, (string)place["precision"]!, (double)place["uncertaintyKm"]!));

        body["places"] = new[] { new { place = "no-such-place", role = "site", precision = "city", uncertaintyKm = 15.0 } };
        await AssertProblem(await editor.PostAsJsonAsync("/api/events", body), HttpStatusCode.BadRequest, "places", "unknown place");
        body["places"] = new[] { new { place = code, role = "site", precision = "somewhere", uncertaintyKm = 15.0 } };
        await AssertProblem(await editor.PostAsJsonAsync("/api/events", body), HttpStatusCode.BadRequest, "places[0].precision", "exact, near, city");
        body["places"] = new[] { new { place = code, role = "site", precision = "near", uncertaintyKm = -3.0 } };
        await AssertProblem(await editor.PostAsJsonAsync("/api/events", body), HttpStatusCode.BadRequest, "places[0].uncertaintyKm", "kilometres");
        body["places"] = new[] { new { place = code, role = "arrival", precision = "near", uncertaintyKm = 3.0 } };
        await AssertProblem(await editor.PostAsJsonAsync("/api/events", body), HttpStatusCode.BadRequest, "places[0].role", "origin");
    }
}

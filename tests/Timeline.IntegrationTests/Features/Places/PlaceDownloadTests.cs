using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Timeline.IntegrationTests.Features.Exports;
using Timeline.IntegrationTests.Support;
using static Timeline.IntegrationTests.Features.Exports.DownloadSteps;

namespace Timeline.IntegrationTests.Features.Places;

/// <summary>Where events happened, in the downloads: GeoJSON read by Placemark's checker, the CSV's ACLED columns, FtM addresses, the NDJSON round trip.</summary>
public sealed class PlaceDownloadTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private static async Task<(string City, string Country)> RecordPlacesAsync(HttpClient editor, string? city = null, string? country = null)
    {
        city ??= PlaceTests.NewCode("vladivostok");
        country ??= PlaceTests.NewCode("russia");
        Assert.Equal(HttpStatusCode.Created, (await editor.PostAsJsonAsync("/api/places", PlaceTests.City(city))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await editor.PostAsJsonAsync("/api/places",
            new { code = country, name = "Russia", kind = "country", area = PlaceTests.Outline(27, 41, 180, 78) })).StatusCode);
        return (city, country);
    }

    private static async Task<(JsonObject Placed, JsonObject Unplaced)> RecordEventsAsync(HttpClient editor, string tag, string city, string country)
    {
        var placed = Bodies.Event(tag, title: "Ships carry troops to Vladivostok");
        placed["places"] = new object[]
        {
            new { place = country, role = "origin", precision = "country" },
            new { place = city, role = "destination", precision = "city", uncertaintyKm = 15.0 },
        };
        return (await editor.Record(placed), await editor.Record(Bodies.Event(tag, title: "Somewhere unsaid")));
    }

    [Fact]
    public async Task The_GeoJSON_download_is_one_feature_per_event_place_and_passes_a_GeoJSON_checker_written_elsewhere()
    {
        var editor = await api.As("editor");
        var (city, country) = await RecordPlacesAsync(editor);
        var tag = Bodies.UniqueTag();
        var (placed, _) = await RecordEventsAsync(editor, tag, city, country);

        var (body, response) = await Download(editor, $"/api/timeline/download?format=geojson&tag={tag}");
        Assert.Equal("application/geo+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("geojson: ok 2 features", await ExportChecks.NodeAsync("check-geojson.mjs", body), StringComparison.Ordinal);

        var features = JsonNode.Parse(body)!["features"]!.AsArray();
        var atCity = features.Single(f => (string?)f!["properties"]!["place"] == city)!;
        Assert.Equal("Point", (string?)atCity["geometry"]!["type"]);
        Assert.Equal([131.886, 43.115], atCity["geometry"]!["coordinates"]!.AsArray().Select(c => (double)c!));
        Assert.Equal(((string)placed["id"]!, "Ships carry troops to Vladivostok", "2024-10-23", "city", 15.0, 2),
            ((string)atCity["properties"]!["eventId"]!, (string)atCity["properties"]!["title"]!, (string)atCity["properties"]!["earliest"]!,
             (string)atCity["properties"]!["precision"]!, (double)atCity["properties"]!["uncertaintyKm"]!, (int)atCity["properties"]!["geo_precision"]!));
        var atCountry = features.Single(f => (string?)f!["properties"]!["place"] == country)!;
        Assert.Equal("Polygon", (string?)atCountry["geometry"]!["type"]);
        Assert.Equal("origin", (string?)atCountry["properties"]!["role"]);
    }

    [Fact]
    public async Task The_CSV_gives_the_main_places_latitude_longitude_and_ACLEDs_geo_precision()
    {
        var editor = await api.As("editor");
        var (city, country) = await RecordPlacesAsync(editor);
        var tag = Bodies.UniqueTag();
        var (placed, unplaced) = await RecordEventsAsync(editor, tag, city, country);

        var (body, _) = await Download(editor, $"/api/timeline/download?format=csv&tag={tag}");
        var rows = JsonNode.Parse(await ExportChecks.NodeAsync("parse-csv.mjs", body))!.AsArray().Select(r => r!.AsArray().Select(c => (string)c!).ToArray()).ToList();
        var header = rows[0].Select(h => h.TrimStart('\uFEFF')).ToList();
        string Cell(string id, string column) => rows.Single(r => r[0] == id)[header.IndexOf(column)];

        Assert.Equal(("43.115", "131.886", "2"), (Cell((string)placed["id"]!, "latitude"), Cell((string)placed["id"]!, "longitude"), Cell((string)placed["id"]!, "geo_precision")));
        Assert.Equal(("", "", ""), (Cell((string)unplaced["id"]!, "latitude"), Cell((string)unplaced["id"]!, "longitude"), Cell((string)unplaced["id"]!, "geo_precision")));
    }

    [Fact]
    public async Task The_FtM_download_gives_places_as_Addresses_and_country_places_as_the_events_country()
    {
        var editor = await api.As("editor");
        // A country's place code is its ISO 3166-1 alpha-2 code, which FtM's country property takes.
        const string country = "ru";
        if ((await (await api.As("reader")).GetAsync($"/api/places/{country}")).StatusCode == HttpStatusCode.NotFound)
        {
            Assert.Equal(HttpStatusCode.Created, (await editor.PostAsJsonAsync("/api/places",
                new { code = country, name = "Russia", kind = "country", area = PlaceTests.Outline(27, 41, 180, 78) })).StatusCode);
        }

        var city = PlaceTests.NewCode("vladivostok");
        Assert.Equal(HttpStatusCode.Created, (await editor.PostAsJsonAsync("/api/places", PlaceTests.City(city))).StatusCode);
        var tag = Bodies.UniqueTag();
        var (placed, _) = await RecordEventsAsync(editor, tag, city, country);
        var (body, _) = await Download(editor, $"/api/timeline/download?format=ftm&tag={tag}");
        Assert.Contains("ftm: ok", await ExportChecks.NodeAsync("check-ftm.mjs", body), StringComparison.Ordinal);

        var entities = Lines(body).Select(l => JsonNode.Parse(l)!).ToList();
        var address = entities.Single(e => (string?)e["id"] == "timeline-place-" + city);
        Assert.Equal("Address", (string?)address["schema"]);
        Assert.Equal("43.115", (string?)address["properties"]!["latitude"]![0]);
        var e = entities.Single(x => (string?)x["schema"] == "Event" && (string?)x["properties"]?["recordId"]?[0] == (string)placed["id"]!);
        Assert.Contains("timeline-place-" + city, e["properties"]!["addressEntity"]!.AsArray().Select(v => (string?)v));
        Assert.Equal([country], e["properties"]!["country"]!.AsArray().Select(v => (string?)v));
    }

    [Fact]
    public async Task Placed_events_come_back_placed_from_their_NDJSON_download_and_the_map_filters_find_them()
    {
        var editor = await api.As("editor");
        var (city, country) = await RecordPlacesAsync(editor);
        var tag = Bodies.UniqueTag();
        await RecordEventsAsync(editor, tag, city, country);
        var (first, _) = await Download(editor, $"/api/timeline/download?format=ndjson&tag={tag}");

        var empty = new ApiFixture();
        await empty.InitializeAsync();
        try
        {
            var other = await empty.As("editor");
            var refused = await other.PostAsync("/api/events/import", new StringContent(first, Encoding.UTF8, "application/x-ndjson"));
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
            Assert.Contains("unknown place", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

            await RecordPlacesAsync(other, city, country);
            var imported = await other.PostAsync("/api/events/import", new StringContent(first, Encoding.UTF8, "application/x-ndjson"));
            Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
            var (second, _) = await Download(other, $"/api/timeline/download?format=ndjson&tag={tag}");
            Assert.Equal(Lines(first).Select(l => JsonNode.Parse(l)!["places"]!.ToJsonString()).Order(), Lines(second).Select(l => JsonNode.Parse(l)!["places"]!.ToJsonString()).Order());

            var boxed = await (await other.GetAsync($"/api/timeline?tag={tag}&bbox=131,42,133,44&placeMatch=within")).Json();
            Assert.Empty(boxed["items"]!.AsArray());
            var near = await (await other.GetAsync($"/api/timeline?tag={tag}&near=131.886,43.115,20")).Json();
            Assert.Equal(["Ships carry troops to Vladivostok"], near["items"]!.AsArray().Select(i => (string)i!["title"]!));
        }
        finally
        {
            await empty.DisposeAsync();
        }
    }
}

using System.Net;
using System.Text.RegularExpressions;
using Timeline.IntegrationTests.Support;

namespace Timeline.IntegrationTests.Features.Places;

/// <summary>A fixture whose page's map takes tiles from a tile server.</summary>
public sealed class TiledMapFixture : ApiFixture
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Timeline:Map:TileUrl"] = "https://{s}.tiles.example.org/{z}/{x}/{y}.png",
        ["Timeline:Map:TileAttribution"] = "© Example tiles",
    };
}

/// <summary>Timeline:Map:TileUrl: the page's map is told the tile server, and its policy lets images come from that host alone.</summary>
public sealed class MapSettingsTests(TiledMapFixture tiled) : IClassFixture<TiledMapFixture>
{
    private static string Policy(HttpResponseMessage response) => string.Join(";", response.Headers.GetValues("Content-Security-Policy"));

    private static string MetaPolicy(string html) =>
        Regex.Match(html, "http-equiv=\"Content-Security-Policy\" content=\"([^\"]+)\"").Groups[1].Value;

    [Fact]
    public async Task With_a_tile_server_the_page_and_its_policy_name_that_host_and_no_other()
    {
        var map = await (await (await tiled.As("reader")).GetAsync("/api/map")).Json();
        Assert.Equal("https://{s}.tiles.example.org/{z}/{x}/{y}.png", (string?)map["tileUrl"]);
        Assert.Equal("© Example tiles", (string?)map["tileAttribution"]);

        var page = await tiled.Anonymous().GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("img-src 'self' data: https://*.tiles.example.org;", Policy(page), StringComparison.Ordinal);
        Assert.Contains("img-src 'self' data: https://*.tiles.example.org;", MetaPolicy(html), StringComparison.Ordinal);
        Assert.Contains("script-src 'self';", MetaPolicy(html), StringComparison.Ordinal);
        Assert.Contains("img-src 'self' data: https://*.tiles.example.org;", Policy(await tiled.Anonymous().GetAsync("/api/timeline")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_one_the_map_uses_the_outlines_shipped_with_the_page_and_the_policy_is_unchanged()
    {
        var plain = new ApiFixture();
        await plain.InitializeAsync();
        try
        {
            var map = await (await (await plain.As("reader")).GetAsync("/api/map")).Json();
            Assert.Null((string?)map["tileUrl"]);
            var page = await plain.Anonymous().GetAsync("/");
            Assert.Contains("img-src 'self' data:;", Policy(page), StringComparison.Ordinal);
            Assert.Contains("img-src 'self' data:;", MetaPolicy(await page.Content.ReadAsStringAsync()), StringComparison.Ordinal);
            var outlines = await plain.Anonymous().GetAsync("/vendor/world-atlas/countries-110m.json");
            Assert.Equal(HttpStatusCode.OK, outlines.StatusCode);
        }
        finally
        {
            await plain.DisposeAsync();
        }
    }
}

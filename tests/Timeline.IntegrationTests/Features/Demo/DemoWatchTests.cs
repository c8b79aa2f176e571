using System.Net.Http.Json;
using Timeline.IntegrationTests.Support;

namespace Timeline.IntegrationTests.Features.Demo;

public sealed class DemoWatchTests(DemoApiFixture api) : IClassFixture<DemoApiFixture>
{
    [Fact]
    public async Task The_demo_watch_checked_again_reads_its_own_feed_unchanged_rather_than_failing()
    {
        var editor = await api.As("editor");
        var watch = Assert.Single((await (await editor.GetAsync("/api/watches")).Json())["items"]!.AsArray())!;
        Assert.StartsWith("ok:", (string?)watch["lastStatus"], StringComparison.Ordinal);

        // Nothing listens on the demo's address here (the test server takes no connections), and by default the guard
        // refuses loopback: a check that succeeds read the file where the server serves it from.
        var check = await editor.PostAsJsonAsync($"/api/watches/{watch["id"]}/check", new { });
        var result = await check.Json();

        Assert.True(check.IsSuccessStatusCode, result.ToJsonString());
        Assert.Equal((0, 0), ((int)result["new"]!, (int)result["changed"]!));
        var after = await (await editor.GetAsync($"/api/watches/{watch["id"]}")).Json();
        Assert.Equal("ok: not modified since the last check", (string?)after["lastStatus"]);
        Assert.Equal(3, (await (await editor.GetAsync($"/api/leads?watch={watch["id"]}")).Json())["items"]!.AsArray().Count);
    }
}

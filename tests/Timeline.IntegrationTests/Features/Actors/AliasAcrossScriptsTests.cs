using System.Net;
using System.Net.Http.Json;
using System.Text;
using Timeline.IntegrationTests.Support;

namespace Timeline.IntegrationTests.Features.Actors;

/// <summary>What transliteration cannot bridge, an alias does: Russian's Korean names are not their Latin spellings letter by letter.</summary>
public sealed class AliasAcrossScriptsTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private async Task<List<string>> Codes(string q) =>
        [.. (await (await (await api.As("reader")).GetAsync($"/api/actors?q={Uri.EscapeDataString(q)}")).Json())["items"]!.AsArray().Select(a => (string)a!["code"]!)];

    [Fact]
    public async Task Kim_Jong_Un_finds_the_actor_written_in_cyrillic_only_once_it_has_the_alias()
    {
        var editor = await api.As("editor");
        var recorded = await editor.PostAsJsonAsync("/api/actors", new { code = "KIM-RU", name = "Ким Чен Ын", kind = "person" });
        Assert.Equal(HttpStatusCode.Created, recorded.StatusCode);

        Assert.DoesNotContain("KIM-RU", await Codes("Kim Jong Un"));
        Assert.Equal("KIM-RU", (await Codes("Kim Chen Yn"))[0]);

        var amend = new HttpRequestMessage(HttpMethod.Patch, "/api/actors/KIM-RU")
        {
            Content = new StringContent("""{"aliases": ["Kim Jong-un"]}""", Encoding.UTF8, "application/merge-patch+json"),
        };
        amend.Headers.TryAddWithoutValidation("If-Match", recorded.Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.OK, (await editor.SendAsync(amend)).StatusCode);

        var found = await (await (await api.As("reader")).GetAsync("/api/actors?q=Kim%20Jong%20Un")).Json();
        var first = found["items"]!.AsArray()[0]!.AsObject();
        Assert.Equal("KIM-RU", (string?)first["code"]);
        Assert.Equal("Kim Jong-un", (string?)first["match"]!["name"]);

        // The old name still finds it; a name dropped from the aliases no longer does.
        Assert.Equal("KIM-RU", (await Codes("Ким Чен Ын"))[0]);
        var drop = new HttpRequestMessage(HttpMethod.Patch, "/api/actors/KIM-RU")
        {
            Content = new StringContent("""{"aliases": []}""", Encoding.UTF8, "application/merge-patch+json"),
        };
        drop.Headers.TryAddWithoutValidation("If-Match", "\"2\"");
        Assert.Equal(HttpStatusCode.OK, (await editor.SendAsync(drop)).StatusCode);
        Assert.DoesNotContain("KIM-RU", await Codes("Kim Jong Un"));
    }
}

using System.Net;
using Timeline.IntegrationTests.Support;

namespace Timeline.IntegrationTests.Features.Access;

/// <summary><c>GET /api/keys/{id}</c>: one active key's metadata for an admin, as the list shows it, never its secret.</summary>
public sealed class KeyByIdTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task An_admin_reads_a_key_as_the_list_shows_it_and_never_its_secret()
    {
        var name = "by-id-" + Guid.NewGuid().ToString("N")[..8];
        var created = await HttpSteps.MakeKey(api.Admin, name, "reader");
        var id = (string)created["id"]!;

        var response = await api.Admin.GetAsync($"/api/keys/{id}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var key = await response.Json();
        var listed = (await (await api.Admin.GetAsync("/api/keys")).JsonArray()).Single(k => (string?)k!["id"] == id)!;
        Assert.Equal(listed.ToJsonString(), key.ToJsonString());
        Assert.Equal(name, (string?)key["name"]);
        Assert.Equal("reader", (string?)key["role"]);
        Assert.Equal(((string)created["key"]!)[..7], (string?)key["prefix"]);
        Assert.DoesNotContain(key, m => m.Key is "key" or "keyHash" or "hash" || m.Value?.ToString() == (string)created["key"]!);
    }

    [Fact]
    public async Task A_revoked_or_unknown_key_is_404_and_only_admins_may_ask()
    {
        var created = await HttpSteps.MakeKey(api.Admin, "gone-" + Guid.NewGuid().ToString("N")[..8], "editor");
        var id = (string)created["id"]!;
        Assert.Equal(HttpStatusCode.Forbidden, (await (await api.As("editor")).GetAsync($"/api/keys/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await api.Admin.DeleteAsync($"/api/keys/{id}")).StatusCode);

        var revoked = await api.Admin.GetAsync($"/api/keys/{id}");
        var unknown = await api.Admin.GetAsync($"/api/keys/{Guid.NewGuid()}");

        Assert.Equal(HttpStatusCode.NotFound, revoked.StatusCode);
        Assert.Equal("application/problem+json", revoked.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }
}

using System.Net;
using System.Net.Http.Json;
using Timeline.IntegrationTests.Support;
using static Timeline.IntegrationTests.Support.HttpSteps;

namespace Timeline.IntegrationTests.Features.SignIn;

/// <summary>Without a provider configured, keys are all there is, as before; a provider's settings are checked at start.</summary>
public sealed class KeyOnlyTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Without_an_authority_the_page_is_offered_keys_only_and_a_session_cookie_means_nothing()
    {
        var options = await (await api.Anonymous().GetAsync("/signin/options")).Json();
        Assert.Null((string?)options["provider"]);
        await AssertProblem(await api.Anonymous().GetAsync("/signin"), HttpStatusCode.NotFound);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/me");
        request.Headers.Add("Cookie", "timeline.session=anything");
        var refused = await api.Anonymous().SendAsync(request);
        var problem = await AssertProblem(refused, HttpStatusCode.Unauthorized);
        Assert.Contains("API key", (string)problem["detail"]!, StringComparison.Ordinal);

        var me = await (await api.Admin.GetAsync("/api/me")).Json();
        Assert.Equal("key", (string)me["kind"]!);
        Assert.Null((string?)me["antiforgery"]);
    }

    [Fact]
    public async Task A_key_name_is_never_given_again_not_even_after_revocation()
    {
        var name = $"once-{Guid.NewGuid():N}"[..20];
        var created = await (await api.Admin.PostAsJsonAsync("/api/keys", new { name, role = "reader" })).Json();
        Assert.Equal(HttpStatusCode.NoContent, (await api.Admin.DeleteAsync($"/api/keys/{created["id"]}")).StatusCode);

        await AssertProblem(await api.Admin.PostAsJsonAsync("/api/keys", new { name, role = "reader" }), HttpStatusCode.Conflict);
        var author = await (await api.Admin.GetAsync($"/api/authors/{name}")).Json();
        Assert.Equal("key", (string)author["kind"]!);
        Assert.Equal((string)created["id"]!, (string)author["id"]!);

        var audit = (await (await api.Admin.GetAsync("/api/audit?limit=500")).Json())["items"]!.AsArray();
        Assert.Contains(audit, e => (string)e!["action"]! == "key.minted" && (string)e["targetId"]! == (string)created["id"]! && (string)e["by"]! == "admin");
        Assert.Contains(audit, e => (string)e!["action"]! == "key.revoked" && (string)e["targetId"]! == (string)created["id"]!);
    }

    [Fact]
    public async Task The_key_list_says_when_each_key_was_last_used()
    {
        var name = $"used-{Guid.NewGuid():N}"[..20];
        var created = await (await api.Admin.PostAsJsonAsync("/api/keys", new { name, role = "reader" })).Json();
        JsonNodeOf(await (await api.Admin.GetAsync("/api/keys")).JsonArray(), name, out var before);
        Assert.Null((string?)before["lastUsedAt"]);

        var used = ApiFixture.Authorized(api.Anonymous(), (string)created["key"]!);
        Assert.Equal(HttpStatusCode.OK, (await used.GetAsync("/api/me")).StatusCode);

        JsonNodeOf(await (await api.Admin.GetAsync("/api/keys")).JsonArray(), name, out var after);
        Assert.NotNull((string?)after["lastUsedAt"]);
    }

    private static void JsonNodeOf(System.Text.Json.Nodes.JsonArray keys, string name, out System.Text.Json.Nodes.JsonNode key) =>
        key = keys.Single(k => (string)k!["name"]! == name)!;

    [Theory]
    [InlineData("https://idp.example", "", "secret", "Timeline:Oidc:ClientId")]
    [InlineData("https://idp.example", "timeline", "", "Timeline:Oidc:ClientSecret")]
    [InlineData("http://idp.example", "timeline", "secret", "Timeline:Oidc:Authority is http")]
    [InlineData("idp.example", "timeline", "secret", "Timeline:Oidc:Authority must be")]
    public async Task Settings_that_cannot_work_stop_the_start_with_a_message_naming_them(string authority, string client, string secret, string named)
    {
        await using var factory = api.CreateFactory(api.ConnectionString, settings: new Dictionary<string, string?>
        {
            ["Timeline:Oidc:Authority"] = authority,
            ["Timeline:Oidc:ClientId"] = client,
            ["Timeline:Oidc:ClientSecret"] = secret,
        });

        var failure = Record.Exception(() => factory.CreateClient());

        Assert.NotNull(failure);
        Assert.Contains(named, failure.ToString(), StringComparison.Ordinal);
        await Task.CompletedTask;
    }
}

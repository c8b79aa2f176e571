using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Timeline.Api.Features.Alerts.Webhooks;
using Timeline.Core.Alerts;
using Timeline.Core.Data;
using Timeline.IntegrationTests.Support;

namespace Timeline.IntegrationTests.Features.Alerts.Webhooks;

/// <summary>With private addresses refused (the production setting).</summary>
public sealed class WebhookGuardTests(GuardedWebhookFixture api) : IClassFixture<GuardedWebhookFixture>
{
    private readonly WebhookSteps steps = new(api);

    [Theory]
    [InlineData("http://127.0.0.1/")]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://10.1.2.3:8080/hook")]
    [InlineData("http://[::1]/")]
    [InlineData("http://localhost/hook")]
    [InlineData("ftp://example.org/")]
    public async Task A_webhook_into_the_servers_own_network_is_refused(string url)
    {
        var editor = await api.As("editor");
        var response = await editor.PostAsJsonAsync("/api/subscriptions",
            new { name = "inward", filter = new { tag = new[] { "x" } }, webhookUrl = url });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Json())["errors"]!.AsObject();
        Assert.Contains(errors, e => string.Equals(e.Key, "webhookUrl", StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("http://[64:ff9b::a9fe:a9fe]/latest/meta-data/")]
    [InlineData("http://[2002:a00:5::1]/hook")]
    [InlineData("http://[::10.0.0.5]/hook")]
    [InlineData("http://192.0.0.170/hook")]
    [InlineData("http://198.18.0.1/hook")]
    public async Task A_webhook_through_a_translated_or_reserved_address_is_refused(string url)
    {
        var editor = await api.As("editor");
        var response = await editor.PostAsJsonAsync("/api/subscriptions",
            new { name = "translated", filter = new { tag = new[] { "x" } }, webhookUrl = url });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains((await response.Json())["errors"]!.AsObject(), e => string.Equals(e.Key, "webhookUrl", StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("http://[::ffff:93.184.215.14]/hook")]
    [InlineData("http://[100::1]/hook")]
    [InlineData("http://[2001:db8::1]/hook")]
    [InlineData("http://[fd00:ec2::254]/latest/meta-data/")]
    public async Task An_IPv6_address_outside_public_global_unicast_is_refused(string url)
    {
        var response = await SubscribeAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains((await response.Json())["errors"]!.AsObject(), e => string.Equals(e.Key, "webhookUrl", StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("http://93.184.215.14:8080/hook")]
    [InlineData("https://93.184.215.14:22/hook")]
    public async Task A_public_address_on_a_port_other_than_80_or_443_is_refused(string url)
    {
        var response = await SubscribeAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Json())["errors"]!.AsObject();
        var error = Assert.Single(errors, e => string.Equals(e.Key, "webhookUrl", StringComparison.OrdinalIgnoreCase));
        Assert.Contains("Timeline:Webhooks:AllowedPorts", error.Value!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_public_address_on_443_is_accepted()
    {
        var response = await SubscribeAsync("https://93.184.215.14/hook");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    /// <summary>A name that does not resolve and one that resolves inward get the same words: no map of internal names.</summary>
    [Fact]
    public async Task A_name_that_does_not_resolve_and_a_reserved_address_get_the_same_refusal()
    {
        var unresolved = await SubscribeAsync("http://no-such-host.invalid/hook");
        var inward = await SubscribeAsync("http://localhost/hook");
        var metadata = await SubscribeAsync("http://169.254.169.254/hook");

        static async Task<string> ErrorOf(HttpResponseMessage response)
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var errors = (await response.Json())["errors"]!.AsObject();
            return Assert.Single(errors, e => string.Equals(e.Key, "webhookUrl", StringComparison.OrdinalIgnoreCase)).Value!.ToJsonString();
        }

        var expected = await ErrorOf(unresolved);
        Assert.Equal(expected, await ErrorOf(inward));
        Assert.Equal(expected, await ErrorOf(metadata));
        Assert.DoesNotContain("resolve to", expected, StringComparison.Ordinal);
    }

    private async Task<HttpResponseMessage> SubscribeAsync(string url)
    {
        var editor = await api.As("editor");
        return await editor.PostAsJsonAsync("/api/subscriptions", new { name = "where", filter = new { tag = new[] { "x" } }, webhookUrl = url });
    }

    [Fact]
    public async Task A_refusal_does_not_say_what_a_name_resolves_to()
    {
        var editor = await api.As("editor");
        var response = await editor.PostAsJsonAsync("/api/subscriptions",
            new { name = "inward", filter = new { tag = new[] { "x" } }, webhookUrl = "http://localhost/hook" });

        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain("127.0.0.1", text, StringComparison.Ordinal);
        Assert.DoesNotContain("::1", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_public_address_is_accepted()
    {
        var editor = await api.As("editor");
        await editor.Subscribe(new { name = "outward", filter = new { tag = new[] { "x" } }, webhookUrl = "http://93.184.215.14/hook" });
    }

    /// <summary>
    /// A host that passed the check when subscribing and resolves inward now (DNS rebinding) is refused when
    /// connecting: the subscription is written directly, as if <c>localhost</c> had been a public name then.
    /// </summary>
    [Fact]
    public async Task A_host_that_resolves_inward_at_delivery_time_is_not_connected_to()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var tag = Bodies.UniqueTag();
        var port = new Uri(receiver.Url).Port;
        var subscription = Guid.NewGuid();
        // The editor's, so that the steps (as the editor) read its delivery log.
        var owner = (Guid)(await (await (await api.As("editor")).GetAsync("/api/me")).Json())["id"]!;
        await using (var scope = api.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TimelineDbContext>();
            db.Subscriptions.Add(new Subscription
            {
                Id = subscription,
                Name = "rebound",
                Filter = $$"""{"tag": ["{{tag}}"]}""",
                Kinds = [AlertKinds.EventRecorded],
                WebhookUrl = $"http://localhost:{port}/hook",
                ProtectedWebhookSecret = scope.ServiceProvider.GetRequiredService<WebhookSecrets>().Protect(WebhookSecrets.New()),
                CreatedAt = DateTimeOffset.UtcNow,
                CreatedBy = "test",
                OwnerKeyId = owner,
            });
            await db.SaveChangesAsync();
        }

        await steps.RecordAsync(tag);
        await steps.DeliverAsync();

        Assert.Empty(receiver.Received);
        var delivery = Assert.Single(await steps.DeliveriesAsync(subscription))!;
        Assert.False((bool)delivery["succeeded"]!);
        Assert.Null((int?)delivery["statusCode"]);
        Assert.Contains("refused to connect to 'localhost'", (string?)delivery["error"], StringComparison.Ordinal);
        // The delivery log does not tell an editor what an internal name resolves to.
        Assert.DoesNotContain("127.0.0.1", (string?)delivery["error"], StringComparison.Ordinal);
        Assert.DoesNotContain("::1", (string?)delivery["error"], StringComparison.Ordinal);
        var alert = Assert.Single(await steps.AlertsAsync(subscription))!;
        Assert.Equal("pending", (string?)alert["deliveryState"]);
        Assert.Equal(1, (int)alert["attempts"]!);
    }
}

/// <summary>
/// With private addresses allowed (tests, intranets): loopback and private receivers on any port, but never link-local
/// or metadata addresses.
/// </summary>
public sealed class PrivateWebhookAddressTests(WebhookFixture api) : IClassFixture<WebhookFixture>
{
    [Theory]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://169.254.10.1:8080/hook")]
    [InlineData("http://[fe80::1]/hook")]
    [InlineData("http://[fd00:ec2::254]/latest/meta-data/")]
    [InlineData("http://100.100.100.200/latest/meta-data/")]
    [InlineData("http://[::ffff:127.0.0.1]/hook")]
    public async Task Link_local_and_metadata_addresses_stay_refused(string url)
    {
        var editor = await api.As("editor");
        var response = await editor.PostAsJsonAsync("/api/subscriptions", new { name = "meta", filter = new { tag = new[] { "x" } }, webhookUrl = url });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains((await response.Json())["errors"]!.AsObject(), e => string.Equals(e.Key, "webhookUrl", StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("http://127.0.0.1:5999/hook")]
    [InlineData("http://localhost:8080/hook")]
    [InlineData("http://10.1.2.3:8080/hook")]
    [InlineData("http://[::1]:9000/hook")]
    public async Task Loopback_and_private_addresses_are_accepted_on_any_port(string url)
    {
        var editor = await api.As("editor");
        await editor.Subscribe(new { name = "near", filter = new { tag = new[] { "x" } }, webhookUrl = url });
    }
}

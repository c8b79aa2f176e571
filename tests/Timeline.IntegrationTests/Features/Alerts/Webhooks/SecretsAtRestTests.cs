using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Timeline.Api.Features.Alerts.Webhooks;
using Timeline.IntegrationTests.Support;

namespace Timeline.IntegrationTests.Features.Alerts.Webhooks;

/// <summary>No API key or webhook secret is kept in plain text in any table, and every instance can still sign.</summary>
public sealed class SecretsAtRestTests(WebhookFixture api) : IClassFixture<WebhookFixture>
{
    private readonly WebhookSteps steps = new(api);

    [Fact]
    public async Task New_keys_and_webhook_secrets_appear_in_no_table_even_with_an_Idempotency_Key_and_deliveries_still_verify()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var tag = Bodies.UniqueTag();
        var editor = await api.As("editor");
        using var subscribe = new HttpRequestMessage(HttpMethod.Post, "/api/subscriptions")
        {
            Content = JsonContent.Create(new { name = "hook " + tag, filter = new { tag = new[] { tag } }, kinds = new[] { "event.recorded" }, webhookUrl = receiver.Url }),
        };
        subscribe.Headers.Add("Idempotency-Key", "subscribe-" + tag);
        var subscribed = await editor.SendAsync(subscribe);
        Assert.Equal(HttpStatusCode.Created, subscribed.StatusCode);
        var secret = (string)(await subscribed.Json())["secret"]!;
        receiver.Secret = secret;

        using var mint = new HttpRequestMessage(HttpMethod.Post, "/api/keys") { Content = JsonContent.Create(new { name = "minted-" + tag, role = "reader" }) };
        mint.Headers.Add("Idempotency-Key", "mint-" + tag);
        var minted = await api.Admin.SendAsync(mint);
        Assert.Equal(HttpStatusCode.Created, minted.StatusCode);
        var key = (string)(await minted.Json())["key"]!;

        await steps.RecordAsync(tag);
        await steps.DeliverUntilAsync(() => !receiver.Received.IsEmpty);
        Assert.True(Assert.Single(receiver.Received).SignatureValid, "the delivery is not signed with the secret shown at creation");

        var everything = await DatabaseDump.EveryRowAsTextAsync(api.ConnectionString);
        Assert.True(everything.Count > 10, "the dump read too few rows to mean anything");
        var secretBytes = secret[StandardWebhooks.SecretPrefix.Length..];
        Assert.DoesNotContain(everything, row => row.Text.Contains(secretBytes, StringComparison.Ordinal));
        Assert.DoesNotContain(everything, row => row.Text.Contains(key, StringComparison.Ordinal));
        Assert.Contains(everything, row => row.Table == "timeline.data_protection_keys");
    }

    [Fact]
    public async Task A_secret_protected_by_one_instance_is_read_by_another_on_the_same_database()
    {
        await using var other = api.CreateFactory(api.ConnectionString, settings: WebhookFixture.WebhookSettings);
        _ = other.Services; // started: it has read (not made) the key ring in the database
        var ours = api.Factory.Services.GetRequiredService<WebhookSecrets>();
        var theirs = other.Services.GetRequiredService<WebhookSecrets>();
        var secret = WebhookSecrets.New();

        Assert.Equal(secret, theirs.Unprotect(ours.Protect(secret)));
        Assert.Equal(secret, ours.Unprotect(theirs.Protect(secret)));
        Assert.Null(ours.Unprotect("CfDJ8not-a-payload"));
    }
}

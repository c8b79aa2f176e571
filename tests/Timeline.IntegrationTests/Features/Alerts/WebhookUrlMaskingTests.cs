using System.Net;
using System.Net.Http.Json;
using Timeline.IntegrationTests.Support;

namespace Timeline.IntegrationTests.Features.Alerts;

/// <summary>
/// A webhook URL may itself be a credential (a chat tool's incoming webhook): whole to the key that subscribed, masked
/// to an admin listing everyone's, and not kept whole in the idempotency row that replays the answer.
/// </summary>
public sealed class WebhookUrlMaskingTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task A_webhook_url_is_whole_to_its_subscriber_masked_to_an_admin_and_not_kept_in_the_idempotency_row()
    {
        var secretPath = "services/T0/B0/" + Guid.NewGuid().ToString("N");
        var url = $"http://127.0.0.1:5999/{secretPath}";
        var editor = await api.As("editor");
        using var subscribe = new HttpRequestMessage(HttpMethod.Post, "/api/subscriptions")
        {
            Content = JsonContent.Create(new { name = "chat", filter = new { tag = new[] { Bodies.UniqueTag() } }, webhookUrl = url }),
        };
        subscribe.Headers.Add("Idempotency-Key", "chat-" + Guid.NewGuid().ToString("N"));
        var created = await editor.SendAsync(subscribe);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var answer = await created.Json();
        var id = (Guid)answer["id"]!;
        Assert.Equal(url, (string?)answer["webhookUrl"]);

        var own = await (await editor.GetAsync($"/api/subscriptions/{id}")).Json();
        Assert.Equal(url, (string?)own["webhookUrl"]);
        var ownList = await (await editor.GetAsync("/api/subscriptions")).JsonArray();
        Assert.Equal(url, (string?)Assert.Single(ownList, s => (Guid)s!["id"]! == id)!["webhookUrl"]);

        var asAdmin = await (await api.Admin.GetAsync($"/api/subscriptions/{id}")).Json();
        Assert.Equal("http://127.0.0.1:5999/…", (string?)asAdmin["webhookUrl"]);
        var adminList = await (await api.Admin.GetAsync("/api/subscriptions")).JsonArray();
        Assert.Equal("http://127.0.0.1:5999/…", (string?)Assert.Single(adminList, s => (Guid)s!["id"]! == id)!["webhookUrl"]);

        var everything = await DatabaseDump.EveryRowAsTextAsync(api.ConnectionString);
        var idempotency = everything.Where(r => r.Table == "timeline.idempotency_keys").ToList();
        Assert.NotEmpty(idempotency);
        Assert.DoesNotContain(idempotency, row => row.Text.Contains(secretPath, StringComparison.Ordinal));
        // The subscription itself keeps it: deliveries go there.
        Assert.Contains(everything, row => row.Table == "timeline.subscriptions" && row.Text.Contains(secretPath, StringComparison.Ordinal));
    }
}

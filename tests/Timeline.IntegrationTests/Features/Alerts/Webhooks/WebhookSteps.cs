using System.Net;
using System.Text.Json.Nodes;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Timeline.Api.Features.Alerts.Webhooks;
using Timeline.IntegrationTests.Support;

namespace Timeline.IntegrationTests.Features.Alerts.Webhooks;

/// <summary>The steps the webhook tests share: subscribe a receiver, record a matching event, run the dispatcher.</summary>
public sealed class WebhookSteps(ApiFixture api)
{
    /// <summary>Subscribes the receiver to <c>event.recorded</c> for events tagged <paramref name="tag"/>; keeps the secret on the receiver.</summary>
    public async Task<Guid> SubscribeAsync(WebhookReceiver receiver, string tag) =>
        await SubscribeAsync(await api.As("editor"), receiver, tag);

    /// <summary>The same, as the key of <paramref name="client"/>.</summary>
    public static async Task<Guid> SubscribeAsync(HttpClient client, WebhookReceiver receiver, string tag)
    {
        var created = await client.SubscribeToTag(tag, ["event.recorded"], receiver.Url);
        receiver.Secret = (string)created["secret"]!;
        return (Guid)created["id"]!;
    }

    /// <summary>Records an event tagged <paramref name="tag"/> and waits until the matcher has written its alerts.</summary>
    public async Task<Guid> RecordAsync(string tag)
    {
        var id = (Guid)(await (await api.As("editor")).Record(tag))["id"]!;
        // Its alert is written once the matcher has seen the change: the steps that follow deliver it.
        await api.AlertsMatchedAsync();
        return id;
    }

    public async Task<WebhookDeliveryResult> DeliverAsync()
    {
        await using var scope = api.Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new DeliverWebhooks());
    }

    /// <summary>Runs the dispatcher every 50 ms until <paramref name="done"/> holds (or gives up after 15 s).</summary>
    public Task DeliverUntilAsync(Func<bool> done) => DeliverUntilAsync(() => Task.FromResult(done()));

    public async Task DeliverUntilAsync(Func<Task<bool>> done)
    {
        await Wait.Eventually(async () =>
        {
            if (await done())
            {
                return true;
            }

            await DeliverAsync();
            return false;
        }, TimeSpan.FromSeconds(15), TimeSpan.FromMilliseconds(50), "gave up waiting for webhook deliveries");
    }

    public async Task<JsonArray> AlertsAsync(Guid subscription)
    {
        await api.AlertsMatchedAsync();
        var editor = await api.As("editor");
        return (JsonArray)(await (await editor.GetAsync($"/api/alerts?subscription={subscription}")).Json())["items"]!;
    }

    public async Task<JsonArray> DeliveriesAsync(Guid subscription)
    {
        var editor = await api.As("editor");
        var response = await editor.GetAsync($"/api/subscriptions/{subscription}/deliveries");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (JsonArray)(await response.Json())["items"]!;
    }

    public async Task<JsonObject> SubscriptionAsync(Guid subscription)
    {
        var editor = await api.As("editor");
        var all = await (await editor.GetAsync("/api/subscriptions")).JsonArray();
        return (JsonObject)all.Single(s => (Guid)s!["id"]! == subscription)!;
    }
}

using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Timeline.IntegrationTests.Features.Alerts.Stream;
using Timeline.IntegrationTests.Support;

namespace Timeline.IntegrationTests.Features.Alerts;

/// <summary>
/// A subscription, its deliveries and its alerts belong to the key that made them: another key, editor or reader, finds
/// nothing (404, absent from lists and streams); an admin sees all. Being alerted is not writing: a reader subscribes.
/// </summary>
public sealed class OwnershipTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Theory]
    [InlineData("reader", "editor")]
    [InlineData("editor", "reader")]
    [InlineData("editor", "editor")]
    [InlineData("reader", "reader")]
    [InlineData("admin", "editor")]
    [InlineData("admin", "reader")]
    public async Task Only_the_owner_and_admins_see_a_subscription_its_deliveries_and_its_alerts(string ownerRole, string otherRole)
    {
        var owner = ApiFixture.Authorized(api.Factory.CreateClient(), await HttpSteps.NewKey(api.Admin, ownerRole));
        var other = ApiFixture.Authorized(api.Factory.CreateClient(), await HttpSteps.NewKey(api.Admin, otherRole));
        var editor = await api.As("editor");
        var tag = Bodies.UniqueTag();
        var subscription = (await owner.SubscribeToTag(tag)).Id();
        await editor.Record(tag);
        var alertIds = await AlertHelpers.AlertIds(owner, subscription);
        Assert.Single(alertIds);

        foreach (var (client, sees) in new[] { (owner, true), (api.Admin, true), (other, false) })
        {
            var expected = sees ? HttpStatusCode.OK : HttpStatusCode.NotFound;
            Assert.Equal(expected, (await client.GetAsync($"/api/subscriptions/{subscription}")).StatusCode);
            Assert.Equal(expected, (await client.GetAsync($"/api/subscriptions/{subscription}/deliveries")).StatusCode);
            Assert.Equal(sees, (await (await client.GetAsync("/api/subscriptions")).Content.ReadAsStringAsync()).Contains(subscription, StringComparison.Ordinal));
            var alerts = await (await client.GetAsync($"/api/alerts?subscription={subscription}")).Json();
            Assert.Equal(sees ? 1 : 0, alerts["items"]!.AsArray().Count);
            var all = await (await client.GetAsync("/api/alerts?limit=500")).Content.ReadAsStringAsync();
            Assert.Equal(sees, all.Contains(subscription, StringComparison.Ordinal));
            if (!sees)
            {
                await HttpSteps.AssertProblem(await client.GetAsync($"/api/alerts/stream?subscription={subscription}"), HttpStatusCode.NotFound);
                Assert.Equal(HttpStatusCode.NotFound,
                    (await client.PostAsync($"/api/subscriptions/{subscription}/deliveries/{Guid.NewGuid()}/redelivery", null)).StatusCode);
                Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync($"/api/subscriptions/{subscription}")).StatusCode);
            }
        }

        // The owner's stream replays its alert; another key's whole stream holds none of it.
        await using (var own = await SseConnection.Open(owner, $"/api/alerts/stream?subscription={subscription}", lastEventId: "0"))
        {
            Assert.Equal(subscription, (string)(await own.NextEvent()).Json["subscriptionId"]!);
        }

        await using (var others = await SseConnection.Open(other, "/api/alerts/stream", lastEventId: "0", seconds: 3))
        {
            await editor.Record(tag);
            var seen = new List<string>();
            try
            {
                while (true)
                {
                    seen.Add((string)(await others.NextEvent()).Json["subscriptionId"]!);
                }
            }
            catch (Xunit.Sdk.XunitException)
            {
                // The stream's deadline: nothing more came for this key.
            }

            Assert.DoesNotContain(subscription, seen);
        }

        Assert.Equal(HttpStatusCode.NoContent, (await owner.DeleteAsync($"/api/subscriptions/{subscription}")).StatusCode);
    }

    [Theory]
    [InlineData("reader", "editor")]
    [InlineData("editor", "reader")]
    [InlineData("editor", "editor")]
    [InlineData("reader", "reader")]
    public async Task Only_the_owner_and_admins_read_a_webhooks_real_deliveries_and_redeliver_them(string ownerRole, string otherRole)
    {
        await using var receiver = await Webhooks.WebhookReceiver.StartAsync();
        var owner = ApiFixture.Authorized(api.Factory.CreateClient(), await HttpSteps.NewKey(api.Admin, ownerRole));
        var other = ApiFixture.Authorized(api.Factory.CreateClient(), await HttpSteps.NewKey(api.Admin, otherRole));
        var tag = Bodies.UniqueTag();
        var subscription = (string)(await owner.Subscribe(new { name = "hook " + tag, filter = new { tag = new[] { tag } }, webhookUrl = receiver.Url }))["id"]!;
        await (await api.As("editor")).Record(tag);
        await api.AlertsMatchedAsync();
        await using (var scope = api.Factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<Mediator.IMediator>().Send(new Timeline.Api.Features.Alerts.Webhooks.DeliverWebhooks());
        }

        var deliveries = (await (await owner.GetAsync($"/api/subscriptions/{subscription}/deliveries")).Json())["items"]!.AsArray();
        var delivery = (string)Assert.Single(deliveries)!["id"]!;
        var redeliver = $"/api/subscriptions/{subscription}/deliveries/{delivery}/redelivery";

        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/subscriptions/{subscription}/deliveries")).StatusCode);
        await HttpSteps.AssertProblem(await other.PostAsync(redeliver, null), HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.Accepted, (await owner.PostAsync(redeliver, null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.Admin.GetAsync($"/api/subscriptions/{subscription}/deliveries")).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await api.Admin.PostAsync(redeliver, null)).StatusCode);
    }

    [Fact]
    public async Task A_reader_may_subscribe_but_not_write()
    {
        var reader = await api.As("reader");
        await reader.Subscribe(new { name = "mine", filter = new { actor = new[] { "KP" } } });
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.PostAsJsonAsync("/api/events", Bodies.Event(Bodies.UniqueTag()))).StatusCode);
    }
}

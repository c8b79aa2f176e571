using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Timeline.IntegrationTests.Support;
using static Timeline.IntegrationTests.Features.Measures.MeasureSteps;

namespace Timeline.IntegrationTests.Features.Measures;

public sealed class ClaimAlertTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private static string NewActor() => "ORG-" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();

    private static async Task<Guid> Subscribe(HttpClient editor, object filter, string[]? kinds = null)
    {
        return (Guid)(await editor.Subscribe(new { name = "claims " + Guid.NewGuid(), filter, kinds }))["id"]!;
    }

    private static async Task<JsonArray> Alerts(HttpClient editor, Guid subscription) =>
        (await (await editor.GetAsync($"/api/alerts?subscription={subscription}&limit=100")).Json())["items"]!.AsArray();

    [Fact]
    public async Task A_recorded_claim_alerts_the_subscriptions_that_follow_one_of_its_measures_actors_and_no_others()
    {
        var editor = await api.As("editor");
        var (followed, also, other) = (NewActor(), NewActor(), NewActor());
        foreach (var code in new[] { followed, also, other })
        {
            Assert.Equal(HttpStatusCode.Created, (await editor.PostAsJsonAsync("/api/actors", new { code, name = code, kind = "organisation" })).StatusCode);
        }

        var byActor = await Subscribe(editor, new { actor = new[] { followed } }, ["claim.recorded"]);
        var otherActor = await Subscribe(editor, new { actor = new[] { other } }, ["claim.recorded"]);
        var byTag = await Subscribe(editor, new { tag = new[] { Bodies.UniqueTag() } });
        var eventsOnly = await Subscribe(editor, new { actor = new[] { followed } }, ["event.recorded"]);
        var measure = NewCode();
        var recorded = await editor.PostAsJsonAsync("/api/measures",
            new { code = measure, name = "Personnel", unit = "persons", actors = new[] { followed, also } });
        Assert.Equal(HttpStatusCode.Created, recorded.StatusCode);

        var claim = await RecordClaim(editor, measure, WhiteHouse());
        await api.AlertsMatchedAsync();

        var alert = Assert.Single(await Alerts(editor, byActor))!;
        Assert.Equal("claim.recorded", (string?)alert["kind"]);
        Assert.Equal((string)claim["id"]!, (string?)alert["data"]!["claim"]!["id"]);
        Assert.Equal(3000m, (decimal)alert["data"]!["claim"]!["value"]!);
        Assert.Equal(measure, (string?)alert["data"]!["measure"]!["code"]);
        Assert.Empty(await Alerts(editor, otherActor));
        Assert.Empty(await Alerts(editor, byTag));
        Assert.Empty(await Alerts(editor, eventsOnly));
    }
}

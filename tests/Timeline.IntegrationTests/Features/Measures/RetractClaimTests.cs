using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Timeline.IntegrationTests.Support;
using static Timeline.IntegrationTests.Support.HttpSteps;
using static Timeline.IntegrationTests.Features.Measures.MeasureSteps;

namespace Timeline.IntegrationTests.Features.Measures;

/// <summary>Retracting a claim, and the summary as it was known before: on a clock the test holds.</summary>
public sealed class RetractClaimTests(ClockedApiFixture api) : IClassFixture<ClockedApiFixture>
{
    [Fact]
    public async Task A_retracted_claim_leaves_the_summary_keeps_its_reason_and_still_counts_as_known_before_its_retraction()
    {
        var editor = await api.As("editor");
        var code = await RecordMeasure(editor);
        var whiteHouse = await RecordClaim(editor, code, WhiteHouse());
        await RecordClaim(editor, code, PublicReports());
        // The app's clock moves on each time it is read: this instant is after the claims and before the retraction.
        var beforeRetraction = api.Clock.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);

        var retracted = await editor.PostAsJsonAsync($"/api/claims/{whiteHouse["id"]}/retraction", new { reason = "superseded by a later briefing" });
        Assert.Equal(HttpStatusCode.OK, retracted.StatusCode);
        var view = await retracted.Json();
        Assert.Equal("retracted", (string?)view["status"]);
        Assert.Equal("superseded by a later briefing", (string?)view["retractionReason"]);

        var now = await Summary(editor, code);
        Assert.Equal(10000m, (decimal)now["summary"]!["low"]!);
        Assert.Equal(1, (int)now["summary"]!["claims"]!);
        var then = await Summary(editor, code, beforeRetraction);
        Assert.Equal(3000m, (decimal)then["summary"]!["low"]!);
        Assert.Equal(2, (int)then["summary"]!["claims"]!);

        await AssertProblem(await editor.PostAsJsonAsync($"/api/claims/{whiteHouse["id"]}/retraction", new { reason = "again" }), HttpStatusCode.Conflict);
        await AssertProblem(await editor.PostAsJsonAsync($"/api/claims/{Guid.NewGuid()}/retraction", new { reason = "none" }), HttpStatusCode.NotFound);
        await AssertProblem(await editor.PostAsJsonAsync($"/api/claims/{whiteHouse["id"]}/retraction", new { reason = "" }),
            HttpStatusCode.BadRequest, "reason");
    }
}

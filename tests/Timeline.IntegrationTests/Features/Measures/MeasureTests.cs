using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Timeline.IntegrationTests.Support;
using static Timeline.IntegrationTests.Support.HttpSteps;
using static Timeline.IntegrationTests.Features.Events.EventTestHelpers;
using static Timeline.IntegrationTests.Features.Measures.MeasureSteps;

namespace Timeline.IntegrationTests.Features.Measures;

public sealed class MeasureTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task The_seed_case_is_between_3000_and_10000_from_two_sources_and_a_repeat_adds_a_claim_but_no_source()
    {
        var editor = await api.As("editor");
        var reader = await api.As("reader");
        var code = await RecordMeasure(editor);
        var before = DateTimeOffset.UtcNow.AddSeconds(-1).ToString("O", CultureInfo.InvariantCulture);

        var whiteHouse = await RecordClaim(editor, code, WhiteHouse());
        var reports = await RecordClaim(editor, code, PublicReports());

        Assert.Equal("editor-key", (string?)whiteHouse["recordedBy"]);
        Assert.NotNull(whiteHouse["recordedAt"]);
        var two = await Summary(reader, code);
        Assert.Equal(3000m, (decimal)two["summary"]!["low"]!);
        Assert.Equal(10000m, (decimal)two["summary"]!["high"]!);
        Assert.Equal(2, (int)two["summary"]!["claims"]!);
        Assert.Equal(2, (int)two["summary"]!["independentSources"]!);
        Assert.Equal("2024-10-25", (string?)two["summary"]!["latestAsOf"]);
        Assert.False(two["summary"]!.AsObject().ContainsKey("midpoint"));
        Assert.Equal([(string)whiteHouse["id"]!, (string)reports["id"]!], two["claims"]!.AsArray().Select(c => (string)c!["id"]!));

        await RecordClaim(editor, code, new
        {
            value = 10000, qualifier = "about", asOf = "2024-10-26", derivedFrom = (string)reports["id"]!,
            source = new { url = "https://outlet.example/story", title = "Outlet repeats the reports", reliability = "D" },
        });
        var three = await Summary(reader, code);
        Assert.Equal(3, (int)three["summary"]!["claims"]!);
        Assert.Equal(2, (int)three["summary"]!["independentSources"]!);

        var then = await Summary(reader, code, before);
        Assert.Empty(then["claims"]!.AsArray());
        Assert.Equal(0, (int)then["summary"]!["claims"]!);
        Assert.Null(then["summary"]!["low"]);
    }

    public static TheoryData<string, string, string> BadClaims => new()
    {
        { """{"value":1,"qualifier":"roughly","asOf":"2024","source":{"url":"https://a.example","title":"A"}}""", "qualifier", "at-least" },
        { """{"qualifier":"range","low":5,"asOf":"2024","source":{"url":"https://a.example","title":"A"}}""", "high", "low and high" },
        { """{"value":1,"qualifier":"about","low":5,"asOf":"2024","source":{"url":"https://a.example","title":"A"}}""", "low", "above" },
        { """{"value":9,"qualifier":"about","high":5,"asOf":"2024","source":{"url":"https://a.example","title":"A"}}""", "high", "below" },
        { """{"qualifier":"exact","asOf":"2024","source":{"url":"https://a.example","title":"A"}}""", "value", "required" },
        { """{"value":1,"qualifier":"exact","asOf":"23 Oct 2024","source":{"url":"https://a.example","title":"A"}}""", "asOf", "" },
        { """{"value":1,"qualifier":"exact","asOf":"2024","period":"last year","source":{"url":"https://a.example","title":"A"}}""", "period", "" },
        { """{"value":1,"qualifier":"exact","asOf":"2024"}""", "source", "source" },
        { """{"value":1,"qualifier":"exact","asOf":"2024","source":{"url":"https://a.example","title":"A","reliability":"G"}}""", "source.reliability", "A" },
        { """{"value":1,"qualifier":"exact","asOf":"2024","source":{"url":"ftp://a.example","title":"A"}}""", "source.url", "http" },
        { """{"value":1,"qualifier":"exact","asOf":"2024","eventId":"0193a000-0000-7000-8000-000000000000","source":{"url":"https://a.example","title":"A"}}""", "eventId", "no such event" },
        { """{"value":1,"qualifier":"exact","asOf":"2024","derivedFrom":"0193a000-0000-7000-8000-000000000000","source":{"url":"https://a.example","title":"A"}}""", "derivedFrom", "no such claim" },
    };

    [Theory]
    [MemberData(nameof(BadClaims))]
    public async Task A_bad_claim_is_a_400_naming_the_field_and_records_nothing(string body, string field, string reason)
    {
        var editor = await api.As("editor");
        var code = await RecordMeasure(editor);

        var response = await editor.PostAsync($"/api/measures/{code}/claims", JsonBody(body));

        await AssertProblem(response, HttpStatusCode.BadRequest, field, reason);
        Assert.Equal(0, (int)(await Summary(editor, code))["summary"]!["claims"]!);
    }

    [Fact]
    public async Task A_claim_derives_only_from_a_claim_of_the_same_measure_and_links_to_an_event_that_exists()
    {
        var editor = await api.As("editor");
        var (first, second) = (await RecordMeasure(editor), await RecordMeasure(editor));
        var other = await RecordClaim(editor, first, WhiteHouse());
        var e = await editor.Record(Bodies.Event(Bodies.UniqueTag()));

        var across = await editor.PostAsJsonAsync($"/api/measures/{second}/claims", new
        {
            value = 3000, qualifier = "exact", asOf = "2024-10-23", derivedFrom = (string)other["id"]!,
            source = new { url = "https://a.example", title = "A" },
        });
        await AssertProblem(across, HttpStatusCode.BadRequest, "derivedFrom", "same measure");

        var linked = await RecordClaim(editor, second, new
        {
            value = 3000, qualifier = "exact", asOf = "2024-10-23", eventId = (string)e["id"]!, source = new { url = "https://a.example", title = "A" },
        });
        Assert.Equal((string)e["id"]!, (string?)linked["eventId"]);
    }

    [Fact]
    public async Task Measures_are_listed_read_and_refused_when_unknown_duplicate_or_asked_as_of_a_non_instant()
    {
        var editor = await api.As("editor");
        var code = await RecordMeasure(editor);

        var list = await (await editor.GetAsync("/api/measures")).JsonArray();
        Assert.Contains(code, list.Select(m => (string)m!["code"]!));
        await AssertProblem(await editor.PostAsJsonAsync("/api/measures", new { code, name = "Again", unit = "persons" }), HttpStatusCode.Conflict);
        await AssertProblem(await editor.PostAsJsonAsync("/api/measures", new { code = "Bad Code", name = "X", unit = "persons" }),
            HttpStatusCode.BadRequest, "code");
        await AssertProblem(await editor.PostAsJsonAsync("/api/measures", new { code = NewCode(), name = "X", unit = "persons", actors = new[] { "ZZNOPE" } }),
            HttpStatusCode.BadRequest, "actors", "unknown");
        await AssertProblem(await editor.GetAsync("/api/measures/no-such-measure"), HttpStatusCode.NotFound);
        await AssertProblem(await editor.GetAsync($"/api/measures/{code}?asOf=yesterday"), HttpStatusCode.BadRequest, "asOf");
        await AssertProblem(await editor.PostAsJsonAsync("/api/measures/no-such-measure/claims", WhiteHouse()), HttpStatusCode.NotFound);
        await AssertProblem(await (await api.As("reader")).PostAsJsonAsync($"/api/measures/{code}/claims", WhiteHouse()), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Recording_and_retracting_are_in_the_change_log_with_the_claim_as_read()
    {
        var editor = await api.As("editor");
        var code = await RecordMeasure(editor);
        var claim = await RecordClaim(editor, code, WhiteHouse());
        await editor.PostAsJsonAsync($"/api/claims/{claim["id"]}/retraction", new { reason = "withdrawn" });
        // The log is read below the oldest running transaction: once the matcher has read past these writes, so can we.
        await api.AlertsMatchedAsync();

        var changes = await (await api.Admin.GetAsync("/api/changes?types=measure,claim&limit=1000")).Json();
        var ours = changes["items"]!.AsArray().Where(c => (string?)c!["id"] == code || (string?)c!["id"] == (string)claim["id"]!).ToList();
        Assert.Equal(["measure.recorded", "claim.recorded", "claim.retracted"], ours.Select(c => (string)c!["kind"]!));
        Assert.Equal(3000m, (decimal)ours[1]!["data"]!["value"]!);
        Assert.Equal("withdrawn", (string?)ours[2]!["data"]!["retractionReason"]);
    }
}

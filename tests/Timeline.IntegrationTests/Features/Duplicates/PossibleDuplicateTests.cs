using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Timeline.Api.Features.Duplicates;
using Timeline.Core.Data;
using Timeline.IntegrationTests.Support;

namespace Timeline.IntegrationTests.Features.Duplicates;

public sealed class PossibleDuplicateTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private static readonly string Tag = Bodies.UniqueTag();

    private static Dictionary<string, object?> Body(string title, string occurred, string url, string[]? actors = null, string summary = "")
    {
        var body = Bodies.Event(Tag, occurred: occurred, title: title, actors: actors ?? ["KP", "RU"]);
        body["summary"] = summary;
        body["sources"] = new[] { new Dictionary<string, object?> { ["url"] = url, ["title"] = title, ["publisher"] = "Press" } };
        return body;
    }

    private static async Task<JsonArray> Candidates(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Json())["items"]!.AsArray();
    }

    private static async Task<JsonObject> Record(HttpClient editor, Dictionary<string, object?> body)
    {
        var response = await editor.PostAsJsonAsync("/api/events", body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.Json();
    }

    [Fact]
    public async Task Two_editors_recording_one_development_are_shown_it_until_told_distinct_and_a_duplicate_merges_into_the_one_kept()
    {
        var a = await api.As("editor");
        var b = await HttpSteps.NewKey(api, "editor-b", "editor");
        var first = await Record(a, Body("DPRK troops shipped to Vladivostok", "2024-10-23", "https://press.example.org/a/vladivostok"));
        var unrelated = await Record(a, Body("UN vote on a resolution", "2024-03-28", "https://press.example.org/un", ["UN"]));

        var second = Body("North Korean soldiers transported to Vladivostok", "2024-10-22/2024-10-24", "https://press.example.org/b/soldiers");
        var before = await Candidates(await b.PostAsJsonAsync("/api/events/possible-duplicates", second));
        var top = before[0]!;
        Assert.Equal((string)first["id"]!, (string)top["eventId"]!);
        Assert.Equal(("DPRK troops shipped to Vladivostok", "2024-10-23"), ((string)top["title"]!, (string)top["occurred"]!));
        var reasons = top["reasons"]!.AsArray().Select(r => (string)r!).ToList();
        Assert.Contains("dates overlap", reasons);
        Assert.Contains("2 actors in common", reasons);
        Assert.DoesNotContain(before, c => (string)c!["eventId"]! == (string)unrelated["id"]!);
        Assert.InRange((double)top["score"]!, 0.5, 1);

        var recorded = await Record(b, second);
        var ofSecond = await Candidates(await b.GetAsync($"/api/events/{recorded["id"]}/possible-duplicates"));
        Assert.Equal([(string)first["id"]!], ofSecond.Select(c => (string)c!["eventId"]!));
        Assert.DoesNotContain(ofSecond, c => (string)c!["eventId"]! == (string)recorded["id"]!);

        // Said to be distinct: neither is suggested for the other again, from either side.
        var distinct = await b.PostAsJsonAsync($"/api/events/{recorded["id"]}/distinct-from", new { eventId = first["id"] });
        Assert.Equal(HttpStatusCode.OK, distinct.StatusCode);
        Assert.Empty(await Candidates(await b.GetAsync($"/api/events/{recorded["id"]}/possible-duplicates")));
        Assert.Empty(await Candidates(await a.GetAsync($"/api/events/{first["id"]}/possible-duplicates")));

        // A third telling, with the first's source: a duplicate of it.
        var third = await Record(b, Body("Troops from North Korea arrive in Vladivostok", "2024-10", "https://press.example.org/a/vladivostok"));
        var ofThird = await Candidates(await b.GetAsync($"/api/events/{third["id"]}/possible-duplicates"));
        Assert.Contains("the same source URL", ofThird.Single(c => (string)c!["eventId"]! == (string)first["id"]!)!["reasons"]!.AsArray().Select(r => (string)r!));
        var beforeMerge = DateTimeOffset.UtcNow;
        await Task.Delay(20);
        var merged = await b.PostAsJsonAsync($"/api/events/{recorded["id"]}/duplicate-of", new { eventId = first["id"] });
        Assert.True(merged.StatusCode == HttpStatusCode.OK, await merged.Content.ReadAsStringAsync());
        var gone = await merged.Json();
        Assert.Equal(("retracted", $"duplicate of {first["id"]}"), ((string)gone["status"]!, (string)gone["retractionReason"]!));
        Assert.Contains(gone["related"]!.AsArray(), r => (string)r!["eventId"]! == (string)first["id"]! && (string)r["relation"]! == "duplicates");
        var kept = await (await a.GetAsync($"/api/events/{first["id"]}")).Json();
        Assert.Equal(["https://press.example.org/a/vladivostok", "https://press.example.org/b/soldiers"],
            kept["sources"]!.AsArray().Select(s => (string)s!["url"]!));
        Assert.Contains(kept["related"]!.AsArray(), r => (string)r!["eventId"]! == (string)recorded["id"]! && (string)r["relation"]! == "duplicates");

        // One live event now; as recorded before the merge, two.
        var live = (await (await a.GetAsync($"/api/timeline?tag={Tag}&limit=500")).Json())["items"]!.AsArray().ToDictionary(x => (string)x!["id"]!, x => (string)x!["status"]!);
        Assert.Equal(("reported", "retracted"), (live[(string)first["id"]!], live[(string)recorded["id"]!]));
        var asOf = Uri.EscapeDataString(beforeMerge.ToString("O"));
        var then = (await (await a.GetAsync($"/api/timeline?tag={Tag}&limit=500&asOf={asOf}")).Json())["items"]!.AsArray().ToDictionary(x => (string)x!["id"]!, x => (string)x!["status"]!);
        Assert.Equal(("reported", "reported"), (then[(string)first["id"]!], then[(string)recorded["id"]!]));
        var ofKept = await Candidates(await b.GetAsync($"/api/events/{first["id"]}/possible-duplicates"));
        Assert.DoesNotContain(ofKept, c => (string)c!["eventId"]! == (string)recorded["id"]!);
    }

    [Fact]
    public async Task Dates_and_actors_alone_offer_an_event_told_over_about_the_same_dates_and_not_one_over_a_wider_span()
    {
        var editor = await api.As("editor");
        var sameDays = await Record(editor, Body("Cargo ship loads shells at Rajin", "1997-05-13", "https://press.example.org/1997/rajin"));
        var wholeYear = await Record(editor, Body("Annual review of arms transfers", "1997", "https://press.example.org/1997/annual"));
        var openEnded = await Record(editor, Body("Embargo on arms exports in force", "1997-01-01/..", "https://press.example.org/1997/embargo"));
        var alikeOverTheYear = await Record(editor, Body("Ammunition shipment from Rajin port", "1997", "https://press.example.org/1997/shipment"));
        var alikeSinceLongAgo = await Record(editor, Body("Ammunition shipments from Rajin port", "../1997-06", "https://press.example.org/1997/shipments"));

        var body = Body("Ammunition shipment leaves Rajin port", "1997-05-12/1997-05-14", "https://press.example.org/1997/new");
        var found = (await Candidates(await editor.PostAsJsonAsync("/api/events/possible-duplicates", body)))
            .ToDictionary(c => (string)c!["eventId"]!, c => c!["reasons"]!.AsArray().Select(r => (string)r!).ToList());

        // Both ends within a week and two actors in common: offered, though the titles share little.
        Assert.Contains("dates overlap", found[(string)sameDays["id"]!]);
        Assert.Contains("2 actors in common", found[(string)sameDays["id"]!]);
        // A year, or an open end, overlaps the body too, but dates and actors alone are no reason to offer it.
        Assert.False(found.ContainsKey((string)wholeYear["id"]!));
        Assert.False(found.ContainsKey((string)openEnded["id"]!));
        // Over the whole year but told alike: offered, its dates counted as the looser agreement they are.
        // Over the whole year, or since an unknown start, but told alike: offered, their dates counted as the looser
        // agreement they are. Each kind of span is searched in its own index.
        foreach (var wider in new[] { alikeOverTheYear, alikeSinceLongAgo })
        {
            var alike = found[(string)wider["id"]!];
            Assert.Contains("dates overlap, one over a wider span", alike);
            Assert.Contains(alike, r => r.StartsWith("titles alike", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task A_dated_bodys_title_alike_events_are_searched_in_the_index_of_each_kind_of_span()
    {
        await using var scope = api.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TimelineDbContext>();
        var probe = new DuplicateProbe("Ammunition shipment leaves Rajin port", "", new DateOnly(1997, 5, 12), new DateOnly(1997, 5, 14), ["KP"], []);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await connection.OpenAsync();
        // A test database is small enough that a sequential scan would win; without one, only a matching index serves a
        // branch, and a statement whose span predicates no longer matched an index's would show a (disabled) Seq Scan.
        await using (var off = new NpgsqlCommand("SET enable_seqscan = off", connection))
        {
            await off.ExecuteNonQueryAsync();
        }

        var statement = PossibleDuplicates.StatementOf(probe)!;
        statement.CommandText = "EXPLAIN " + statement.CommandText;
        await using var batch = new NpgsqlBatch(connection) { BatchCommands = { statement } };
        var plan = new List<string>();
        await using (var reader = await batch.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                plan.Add(reader.GetString(0));
            }
        }

        foreach (var index in new[] { "ix_events_span_title_trgm_weeks", "ix_events_span_title_trgm_year", "ix_events_span_title_trgm_longer" })
        {
            Assert.Contains(plan, line => line.Contains(index, StringComparison.Ordinal));
        }

        Assert.DoesNotContain(plan, line => line.Contains("Seq Scan on events", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_half_filled_form_is_compared_by_what_it_has_and_bad_requests_are_4xx()
    {
        var editor = await api.As("editor");
        await Record(editor, Body("Shoigu visits Pyongyang for talks", "2024-09-13", "https://press.example.org/shoigu"));
        var typing = await Candidates(await editor.PostAsJsonAsync("/api/events/possible-duplicates", new { title = "Shoigu visits Pyongyang for talks", occurred = "2024-09-1" }));
        Assert.Contains(typing, c => ((string)c!["reasons"]![0]!).StartsWith("titles alike", StringComparison.Ordinal));
        Assert.Empty(await Candidates(await editor.PostAsJsonAsync("/api/events/possible-duplicates", new { title = "" })));
        await HttpSteps.AssertProblem(await editor.PostAsJsonAsync("/api/events/possible-duplicates", new { titel = "x" }), HttpStatusCode.BadRequest);
        var id = Guid.NewGuid();
        await HttpSteps.AssertProblem(await editor.PostAsJsonAsync($"/api/events/{id}/distinct-from", new { eventId = id }), HttpStatusCode.BadRequest, "eventId");
        await HttpSteps.AssertProblem(await editor.GetAsync($"/api/events/{id}/possible-duplicates"), HttpStatusCode.NotFound);
    }
}

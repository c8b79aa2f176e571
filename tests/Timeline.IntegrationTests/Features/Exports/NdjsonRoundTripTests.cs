using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Timeline.IntegrationTests.Features.Measures;
using Timeline.IntegrationTests.Support;
using static Timeline.IntegrationTests.Features.Events.EventTestHelpers;
using static Timeline.IntegrationTests.Features.Exports.DownloadSteps;

namespace Timeline.IntegrationTests.Features.Exports;

/// <summary>An NDJSON download, imported unchanged into an empty database, downloads again the same, but for ids and times.</summary>
public sealed class NdjsonRoundTripTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    /// <summary>
    /// What may differ after the round trip: the ids and the times, and the version, since an imported event starts
    /// its own history (an amended or retracted one is imported at version 1, as it stands).
    /// </summary>
    private static readonly string[] IdsTimesAndVersion = ["id", "recordedAt", "updatedAt", "version"];

    private static Task<HttpResponseMessage> Import(HttpClient client, string ndjson) =>
        client.PostAsync("/api/events/import", new StringContent(ndjson, Encoding.UTF8, "application/x-ndjson"));

    private static async Task<JsonObject> Imported(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"the import answered {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    /// <summary>Varied events under one tag: graded sources, credibility, a designation, an amendment and a retraction.</summary>
    private static async Task RecordAsync(HttpClient editor, string tag)
    {
        await RecordVariedEvents(editor, tag);
        var designation = Bodies.Event(tag, "2024-11", type: "sanctions.designation", actors: ["US", "KP"], title: "A designation");
        designation["sanction"] = new { authority = "US OFAC", program = "DPRK3", reference = "KPe.061", listed = "2024-11", measures = new[] { "asset-freeze" }, reason = "arms transfers" };
        designation["credibility"] = 2;
        designation["sources"] = new[]
        {
            new { url = "https://ofac.treasury.gov/recent-actions/20241101", title = "Recent actions", publisher = "OFAC", published = "2024-11-01", quote = "designated today", reliability = "A" },
        };
        var designated = await editor.Record(designation);
        // A claim on the designation: its line carries it, and the import leaves it out (claims stay with their measure).
        var measure = await MeasureSteps.RecordMeasure(editor);
        await MeasureSteps.RecordClaim(editor, measure, EventClaimTests.LinkedTo(MeasureSteps.WhiteHouse(), (string)designated["id"]!));

        var amended = await editor.Record(Bodies.Event(tag, "2024-10-25", title: "Troops at the border"));
        var patch = await Patch(editor, (string)amended["id"]!, """{"status": "confirmed", "tags": ["amended", "TAG"]}""".Replace("TAG", tag, StringComparison.Ordinal), "\"1\"");
        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        var retracted = await editor.Record(Bodies.Event(tag, "2024-10-26", title: "Troops in Kursk, misreported"));
        var retraction = await editor.PostAsJsonAsync($"/api/events/{(string)retracted["id"]!}/retraction", new { reason = "the unit was misidentified" });
        Assert.Equal(HttpStatusCode.OK, retraction.StatusCode);
    }

    [Fact]
    public async Task A_download_imported_unchanged_into_an_empty_database_downloads_again_the_same_and_a_second_import_skips_it_all()
    {
        var editor = await api.As("editor");
        var tag = Bodies.UniqueTag();
        await RecordAsync(editor, tag);
        var (first, _) = await Download(editor, $"/api/timeline/download?format=ndjson&tag={tag}");
        Assert.Equal(8, Lines(first).Length);
        Assert.Contains(Lines(first), l => l.Contains("\"status\":\"retracted\"", StringComparison.Ordinal));
        Assert.Single(Lines(first), l => JsonNode.Parse(l)!.AsObject().ContainsKey("claims"));

        var empty = new ApiFixture();
        await empty.InitializeAsync();
        try
        {
            var otherEditor = await empty.As("editor");
            var imported = await Imported(await Import(otherEditor, first));
            Assert.Equal(8, (int)imported["imported"]!);
            Assert.Equal(0, (int)imported["skipped"]!);

            var (second, _) = await Download(otherEditor, $"/api/timeline/download?format=ndjson&tag={tag}");
            Assert.Equal(Lines(first).Select(WithoutClaims).Select(WithoutIdsTimesAndVersion).Order(StringComparer.Ordinal),
                Lines(second).Select(WithoutIdsTimesAndVersion).Order(StringComparer.Ordinal));
            Assert.All(Lines(second), l => Assert.Equal(1, (int)JsonNode.Parse(l)!["version"]!));
            Assert.All(Lines(second), l => Assert.False(JsonNode.Parse(l)!.AsObject().ContainsKey("claims")));

            // The downloaded ids became the imported events' externalIds: the same file again records nothing.
            var again = await Imported(await Import(otherEditor, first));
            Assert.Equal(0, (int)again["imported"]!);
            Assert.Equal(8, (int)again["skipped"]!);
        }
        finally
        {
            await empty.DisposeAsync();
        }

        // Back into the database it came from, it is all there already.
        var home = await Imported(await Import(editor, first));
        Assert.Equal(0, (int)home["imported"]!);
        Assert.Equal(8, (int)home["skipped"]!);
    }

    [Fact]
    public async Task A_downloaded_line_still_refuses_members_no_event_has_and_a_retraction_without_its_reason()
    {
        var editor = await api.As("editor");
        var tag = Bodies.UniqueTag();
        await editor.Record(Bodies.Event(tag));
        var (download, _) = await Download(editor, $"/api/timeline/download?format=ndjson&tag={tag}");
        var line = JsonNode.Parse(Lines(download).Single())!.AsObject();

        var unknown = line.DeepClone().AsObject();
        unknown["id"] = Guid.NewGuid().ToString();
        unknown["colour"] = "red";
        var retracted = line.DeepClone().AsObject();
        retracted["id"] = Guid.NewGuid().ToString();
        retracted["status"] = "retracted";
        var reasonAlone = line.DeepClone().AsObject();
        reasonAlone["id"] = Guid.NewGuid().ToString();
        reasonAlone["retractionReason"] = "but not retracted";
        var response = await Import(editor, string.Concat(new[] { unknown, retracted, reasonAlone }.Select(l => l.ToJsonString() + "\n")));

        var problem = await response.Json();
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var rejected = problem["rejected"]!.AsArray();
        Assert.Contains(rejected[0]!["errors"]!["colour"]!.AsArray(), r => ((string)r!).Contains("not a known member", StringComparison.Ordinal));
        Assert.NotNull(rejected[1]!["errors"]!["retractionReason"]);
        Assert.NotNull(rejected[2]!["errors"]!["retractionReason"]);
    }

    private static string WithoutClaims(string line)
    {
        var e = JsonNode.Parse(line)!.AsObject();
        e.Remove("claims");
        return e.ToJsonString();
    }

    private static string WithoutIdsTimesAndVersion(string line)
    {
        var e = JsonNode.Parse(line)!.AsObject();
        foreach (var member in IdsTimesAndVersion)
        {
            Assert.True(e.Remove(member), $"no {member} in {line}");
        }

        return e.ToJsonString();
    }
}

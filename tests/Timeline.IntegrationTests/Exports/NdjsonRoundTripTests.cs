using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Timeline.IntegrationTests.Support;
using static Timeline.IntegrationTests.Exports.DownloadSteps;

namespace Timeline.IntegrationTests.Exports;

/// <summary>An NDJSON download imported into an empty database downloads again the same, but for ids and times.</summary>
public sealed class NdjsonRoundTripTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    /// <summary>The members the server assigns, which an import does not take: dropped before importing.</summary>
    private static readonly string[] Assigned =
        ["id", "earliest", "latest", "precision", "uncertain", "approximate", "recordedAt", "recordedBy", "updatedAt", "updatedBy", "version", "retractionReason"];

    /// <summary>What may differ after the round trip: the ids and the times.</summary>
    private static readonly string[] IdsAndTimes = ["id", "recordedAt", "updatedAt"];

    [Fact]
    public async Task Export_import_into_an_empty_database_export_again_gives_the_same_events()
    {
        var editor = await api.As("editor");
        var tag = Bodies.UniqueTag();
        await RecordVariedEvents(editor, tag);
        var designation = Bodies.Event(tag, "2024-11", type: "sanctions.designation", actors: ["US", "KP"], title: "A designation");
        designation["sanction"] = new { authority = "US OFAC", program = "DPRK3", listed = "2024-11", measures = new[] { "asset-freeze" } };
        await Events.EventTestHelpers.Record(editor, designation);
        var (first, _) = await Download(editor, $"/api/timeline/download?format=ndjson&tag={tag}");

        var empty = new ApiFixture();
        await empty.InitializeAsync();
        try
        {
            var otherEditor = await empty.As("editor");
            var import = string.Concat(Lines(first).Select(line =>
            {
                var e = JsonNode.Parse(line)!.AsObject();
                foreach (var member in Assigned)
                {
                    e.Remove(member);
                }

                return e.ToJsonString() + "\n";
            }));
            var imported = await otherEditor.PostAsync("/api/events/import", new StringContent(import, Encoding.UTF8, "application/x-ndjson"));
            Assert.True(imported.StatusCode == HttpStatusCode.OK, await imported.Content.ReadAsStringAsync());

            var (second, _) = await Download(otherEditor, $"/api/timeline/download?format=ndjson&tag={tag}");

            Assert.Equal(Lines(first).Length, Lines(second).Length);
            Assert.Equal(Lines(first).Select(WithoutIdsAndTimes), Lines(second).Select(WithoutIdsAndTimes));
        }
        finally
        {
            await empty.DisposeAsync();
        }
    }

    private static string WithoutIdsAndTimes(string line)
    {
        var e = JsonNode.Parse(line)!.AsObject();
        foreach (var member in IdsAndTimes)
        {
            Assert.True(e.Remove(member), $"no {member} in {line}");
        }

        return e.ToJsonString();
    }
}

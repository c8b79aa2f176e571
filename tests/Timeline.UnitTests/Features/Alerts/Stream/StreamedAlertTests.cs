using System.Buffers;
using System.Text;
using System.Text.Json;
using Timeline.Api.Features.Alerts.Stream;

namespace Timeline.UnitTests.Features.Alerts.Stream;

public sealed class StreamedAlertTests
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    private static StreamedAlert Alert(long id, string kind, string data) =>
        new(id, Guid.CreateVersion7(), kind, Guid.CreateVersion7(), null, data, new DateTimeOffset(2024, 10, 23, 8, 0, 0, TimeSpan.Zero),
            "msg_" + id, "none", 0);

    private static List<string[]> Events(IEnumerable<StreamedAlert> alerts)
    {
        var output = new ArrayBufferWriter<byte>();
        StreamedAlert.WriteEvents(output, alerts, Web);
        var text = Encoding.UTF8.GetString(output.WrittenSpan);
        Assert.EndsWith("\n\n", text, StringComparison.Ordinal);
        return [.. text[..^2].Split("\n\n").Select(e => e.Split('\n'))];
    }

    [Fact]
    public void Each_alert_is_one_event_with_its_id_its_kind_and_itself_as_one_line_of_JSON()
    {
        var alerts = new[]
        {
            Alert(41, "event.recorded", """{"event":{"title":"DPRK troops shipped to Vladivostok"}}"""),
            Alert(1_234_567_890_123, "followUp.due", """{"followUp":{"due":"2024-11"},"event":{"title":"x"}}"""),
        };

        var events = Events(alerts);

        Assert.Equal(2, events.Count);
        for (var i = 0; i < alerts.Length; i++)
        {
            Assert.Equal(3, events[i].Length);
            Assert.Equal($"id: {alerts[i].Id}", events[i][0]);
            Assert.Equal($"event: {alerts[i].Kind}", events[i][1]);
            Assert.StartsWith("data: ", events[i][2], StringComparison.Ordinal);
            using var data = JsonDocument.Parse(events[i][2]["data: ".Length..]);
            var root = data.RootElement;
            Assert.Equal(alerts[i].Id, root.GetProperty("id").GetInt64());
            Assert.Equal(alerts[i].SubscriptionId, root.GetProperty("subscriptionId").GetGuid());
            Assert.Equal(alerts[i].CreatedAt, root.GetProperty("createdAt").GetDateTimeOffset());
            using var stored = JsonDocument.Parse(alerts[i].Data);
            Assert.True(JsonElement.DeepEquals(stored.RootElement, root.GetProperty("data")));
        }
    }

    [Fact]
    public void Stored_JSON_with_line_breaks_is_written_on_one_line_its_text_as_it_was()
    {
        // As PostgreSQL may hand back JSON written by hand: line breaks between tokens, an escaped one inside a string.
        var stored = "{\n  \"event\": {\n    \"title\": \"Шойгу in Pyongyang\\nsecond line\",\n    \"actors\": [\"RU\", \"KP\"]\n  }\n}";

        var events = Events([Alert(7, "event.amended", stored)]);

        var line = Assert.Single(events)[2];
        using var data = JsonDocument.Parse(line["data: ".Length..]);
        var title = data.RootElement.GetProperty("data").GetProperty("event").GetProperty("title").GetString();
        Assert.Equal("Шойгу in Pyongyang\nsecond line", title);
        using var expected = JsonDocument.Parse(stored);
        Assert.True(JsonElement.DeepEquals(expected.RootElement, data.RootElement.GetProperty("data")));
    }
}

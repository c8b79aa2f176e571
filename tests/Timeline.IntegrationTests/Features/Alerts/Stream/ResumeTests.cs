using System.Globalization;
using Timeline.IntegrationTests.Support;

namespace Timeline.IntegrationTests.Features.Alerts.Stream;

/// <summary>Batches of two, so catching up takes several reads and a lost batch boundary would show.</summary>
public sealed class SmallBatchFixture : ApiFixture
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Timeline:Stream:BatchSize"] = "2" };
}

public class ResumeTests(SmallBatchFixture api) : IClassFixture<SmallBatchFixture>
{
    private static string S(long id) => id.ToString(CultureInfo.InvariantCulture);

    private async Task<(HttpClient Editor, HttpClient Reader, string Tag, string Subscription, long[] Ids)> FiveAlerts()
    {
        var editor = await api.As("editor");
        var reader = await api.As("reader");
        var tag = Bodies.UniqueTag();
        var subscription = (await reader.SubscribeToTag(tag)).Id();
        for (var i = 0; i < 5; i++)
        {
            await editor.Record(tag, title: $"Event {i}");
        }

        var ids = await AlertHelpers.AlertIds(reader, subscription, atLeast: 5);
        Assert.Equal(5, ids.Length);
        return (editor, reader, tag, subscription, ids);
    }

    [Fact]
    public async Task Last_Event_ID_resumes_with_exactly_the_later_alerts_then_goes_live_without_repeats()
    {
        var (editor, reader, tag, subscription, ids) = await FiveAlerts();

        await using var stream = await SseConnection.Open(reader, $"/api/alerts/stream?subscription={subscription}", lastEventId: S(ids[1]));
        var caughtUp = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            var e = await stream.NextEvent();
            Assert.Equal(e.Id, S((long)e.Json["id"]!));
            caughtUp.Add(long.Parse(e.Id!, CultureInfo.InvariantCulture));
        }

        Assert.Equal(ids[2..], caughtUp);

        // Live after the catch-up: the next thing on the stream is the new alert, nothing sent twice in between.
        var eventId = (await editor.Record(tag, title: "Event 5")).Id();
        var live = await stream.NextEvent();
        var newest = (await AlertHelpers.AlertIds(reader, subscription))[^1];
        Assert.Equal(S(newest), live.Id);
        Assert.Equal(eventId, (string)live.Json["eventId"]!);
    }

    [Fact]
    public async Task The_lastEventId_parameter_resumes_too_and_the_header_wins_over_it()
    {
        var (_, reader, _, subscription, ids) = await FiveAlerts();

        await using (var byQuery = await SseConnection.Open(reader, $"/api/alerts/stream?subscription={subscription}&lastEventId={S(ids[0])}"))
        {
            var received = new List<string?>();
            for (var i = 0; i < 4; i++)
            {
                received.Add((await byQuery.NextEvent()).Id);
            }

            Assert.Equal(ids[1..].Select(S), received);
        }

        // A browser reconnecting sends the header with the newest id it saw, on the URL it first opened.
        await using var both = await SseConnection.Open(reader, $"/api/alerts/stream?subscription={subscription}&lastEventId={S(ids[0])}", lastEventId: S(ids[3]));
        Assert.Equal(S(ids[4]), (await both.NextEvent()).Id);
    }

    [Fact]
    public async Task A_new_client_without_Last_Event_ID_gets_what_happens_from_now_on()
    {
        var (editor, reader, tag, subscription, ids) = await FiveAlerts();

        await using var stream = await SseConnection.Open(reader, $"/api/alerts/stream?subscription={subscription}");
        var eventId = (await editor.Record(tag, title: "After connecting")).Id();

        var first = await stream.NextEvent();
        Assert.True(long.Parse(first.Id!, CultureInfo.InvariantCulture) > ids[^1], $"alert {first.Id} was raised before the client connected");
        Assert.Equal(eventId, (string)first.Json["eventId"]!);
    }

    [Fact]
    public async Task Last_Event_ID_zero_replays_everything_in_id_order()
    {
        var (_, reader, _, subscription, ids) = await FiveAlerts();

        await using var stream = await SseConnection.Open(reader, $"/api/alerts/stream?subscription={subscription}", lastEventId: "0");
        var received = new List<string?>();
        for (var i = 0; i < ids.Length; i++)
        {
            received.Add((await stream.NextEvent()).Id);
        }

        Assert.Equal(ids.Select(S), received);
    }
}

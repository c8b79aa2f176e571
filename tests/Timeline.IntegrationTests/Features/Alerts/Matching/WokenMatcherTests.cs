using System.Diagnostics;
using Npgsql;
using Timeline.IntegrationTests.Features.Alerts.Stream;
using Timeline.IntegrationTests.Support;

namespace Timeline.IntegrationTests.Features.Alerts.Matching;

/// <summary>A matcher that would look at the log only every two minutes: only a write's commit can wake it sooner.</summary>
public sealed class SleepyMatcherFixture : ApiFixture
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Timeline:Matcher:IntervalMilliseconds"] = "120000",
    };
}

/// <summary>The matcher is woken by the commit of a write through its instance, not by its interval.</summary>
public sealed class WokenMatcherTests(SleepyMatcherFixture api) : IClassFixture<SleepyMatcherFixture>
{
    [Fact]
    public async Task An_event_recorded_while_the_matcher_sleeps_reaches_the_stream_in_seconds_though_its_interval_is_two_minutes()
    {
        var editor = await api.As("editor");
        var reader = await api.As("reader");
        var tag = Bodies.UniqueTag();
        var subscription = (await reader.SubscribeToTag(tag)).Id();
        await using var stream = await SseConnection.Open(reader, $"/api/alerts/stream?subscription={subscription}", seconds: 60);

        // The first alert: after it the matcher has read the log to its end and sleeps for its interval.
        var first = (await editor.Record(tag, title: "First")).Id();
        Assert.Equal(first, (string)(await stream.NextEvent()).Json["eventId"]!);
        await Task.Delay(TimeSpan.FromSeconds(1));

        var clock = Stopwatch.StartNew();
        var second = (await editor.Record(tag, title: "Second")).Id();
        var received = await stream.NextEvent();
        var took = clock.Elapsed;

        Assert.Equal(second, (string)received.Json["eventId"]!);
        Assert.True(took < TimeSpan.FromSeconds(15), $"the alert took {took.TotalSeconds:0.0} s; the interval is 120 s");
    }

    [Fact]
    public async Task A_change_held_behind_an_older_transaction_when_it_woke_the_matcher_reaches_the_stream_once_that_ends()
    {
        var editor = await api.As("editor");
        var reader = await api.As("reader");
        var tag = Bodies.UniqueTag();
        var subscription = (await reader.SubscribeToTag(tag)).Id();
        await using var stream = await SseConnection.Open(reader, $"/api/alerts/stream?subscription={subscription}", seconds: 60);

        // A transaction that began before the write and ends after it: the write's change waits behind it (the log is read
        // below the horizon), and its end, not a command of this instance, wakes nothing.
        await using var other = new NpgsqlConnection(api.ConnectionString);
        await other.OpenAsync();
        await using var older = await other.BeginTransactionAsync();
        await using (var xid = new NpgsqlCommand("SELECT pg_current_xact_id()", other, older))
        {
            await xid.ExecuteScalarAsync();
        }

        var held = (await editor.Record(tag, title: "Held")).Id();
        // Stays: the matcher's woken turn has to run while the change is still held.
        await Task.Delay(TimeSpan.FromSeconds(1));
        await older.CommitAsync();
        var clock = Stopwatch.StartNew();
        var received = await stream.NextEvent();
        var took = clock.Elapsed;

        Assert.Equal(held, (string)received.Json["eventId"]!);
        Assert.True(took < TimeSpan.FromSeconds(8), $"the alert took {took.TotalSeconds:0.0} s after the older transaction ended; the interval is 120 s");
    }
}

using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.TestHost;
using Npgsql;
using Timeline.Api.Features.Changes;
using Timeline.IntegrationTests.Support;

namespace Timeline.IntegrationTests.Features.Changes;

/// <summary>A reader of the change log is a small class; two instances running it hand every change over once, in order.</summary>
public sealed class LogSubscriberTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    /// <summary>The whole of a second subscriber: its name, and what it does with a page.</summary>
    private sealed class Tally : ILogSubscriber
    {
        public static readonly ConcurrentQueue<long> Seen = new();

        public string Name => "test-tally";
        public int PageSize => 7;

        public Task HandleAsync(IReadOnlyList<ChangeRow> page, CancellationToken ct)
        {
            foreach (var change in page)
            {
                Seen.Enqueue(change.Sequence);
            }

            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task A_second_subscriber_sees_every_change_once_in_log_order_across_two_instances_and_its_lag_is_measured()
    {
        var lags = new ConcurrentBag<double>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == "timeline.subscriber.lag")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag is { Key: "subscriber", Value: "test-tally" })
                {
                    lags.Add(value);
                }
            }
        });
        listener.Start();

        await using var first = Instance();
        await using var second = Instance();
        var editor = await api.As("editor");
        var tag = Bodies.UniqueTag();
        for (var i = 0; i < 30; i++)
        {
            await editor.Record(Bodies.Event(tag));
        }

        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        await using var behind = new NpgsqlCommand(
            """
            SELECT count(*) FROM timeline.changes c
            WHERE NOT EXISTS (SELECT 1 FROM timeline.change_checkpoints k WHERE k.name = 'test-tally' AND (c.tx, c.sequence) <= (k.tx, k.sequence))
            """, connection);
        await Wait.Eventually(async () => (long)(await behind.ExecuteScalarAsync())! == 0, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(50));

        await using var all = new NpgsqlCommand("SELECT sequence FROM timeline.changes ORDER BY tx, sequence", connection);
        var log = new List<long>();
        await using (var reader = await all.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                log.Add(reader.GetInt64(0));
            }
        }

        Assert.True(log.Count >= 30);
        Assert.Equal(log, Tally.Seen.ToList());
        Assert.NotEmpty(lags);
        Assert.All(lags, lag => Assert.InRange(lag, 0, 60));
    }

    private Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> Instance()
    {
        var factory = api.CreateFactory(api.ConnectionString).WithWebHostBuilder(b =>
            b.ConfigureTestServices(services => services.AddLogSubscriber<Tally>()));
        _ = factory.Server;
        return factory;
    }
}

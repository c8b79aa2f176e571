using System.Diagnostics;
using Timeline.IntegrationTests.Support;
using Timeline.IntegrationTests.Features.Alerts.Webhooks;

namespace Timeline.IntegrationTests.Platform.Hosting;

/// <summary>
/// The API killed right after its start and started again, then its webhook receiver down for a minute: what was raised
/// meanwhile arrives once the receiver is back. Nothing here times a start-up, so it runs beside the other tests.
/// </summary>
public sealed class OutageRecoveryTests
{
    /// <summary>How often the drill asks again whether everything has arrived.</summary>
    private static readonly TimeSpan Every = TimeSpan.FromMilliseconds(200);

    private const int Alerts = 50;

    [Fact]
    public async Task After_a_restart_fifty_alerts_raised_while_the_receiver_was_down_a_minute_arrive_within_30_s_of_its_recovery()
    {
        var connectionString = await ApiFixture.CreateDatabaseAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        var first = await ApiInstance.StartAsync(CrashRecoveryTests.Environment(connectionString));
        await first.DisposeAsync(); // kill -9, right after its start: its jobs registered, its locks perhaps still held
        await using var api = await ApiInstance.StartAsync(CrashRecoveryTests.Environment(connectionString));
        var editor = await CrashRecoveryTests.EditorAsync(api);
        await WebhookSteps.SubscribeAsync(editor, receiver, "drill");
        var down = true;
        receiver.Answer = _ => Volatile.Read(ref down) ? 503 : 200;

        var clock = Stopwatch.StartNew();
        for (var i = 0; i < Alerts; i++)
        {
            await editor.Record(Bodies.Event("drill", title: $"Raised while down {i}"));
        }

        // Stays: the drill is a minute of the receiver being down, with the real retry schedule running through it.
        await Task.Delay(TimeSpan.FromMinutes(1) - clock.Elapsed);
        Assert.True(receiver.Received.Select(r => r.Id).Distinct().Count() == Alerts, "not every alert was tried while the receiver was down");
        Volatile.Write(ref down, false);
        var recovered = Stopwatch.StartNew();

        await Wait.Eventually(() => Task.FromResult(receiver.Received.Where(r => r.Answer == 200).Select(r => r.Id).Distinct().Count() == Alerts),
            TimeSpan.FromSeconds(30), Every, $"{receiver.Received.Where(r => r.Answer == 200).Select(r => r.Id).Distinct().Count()} of {Alerts} delivered within 30 s of the recovery:\n{api.Log()}");
        Assert.True(recovered.Elapsed < TimeSpan.FromSeconds(30));
    }
}

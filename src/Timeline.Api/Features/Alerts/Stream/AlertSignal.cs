namespace Timeline.Api.Features.Alerts.Stream;

/// <summary>
/// "Something new may be in the alerts table": a pulse every waiting stream client sees. A client takes
/// <see cref="Next"/> before it reads the table and waits on it after, so a pulse between the two is never lost.
/// </summary>
public sealed class AlertSignal
{
    private TaskCompletionSource next = NewSource();

    /// <summary>Completes at the next pulse.</summary>
    public Task Next => Volatile.Read(ref next).Task;

    /// <summary>Wakes everyone waiting on <see cref="Next"/> and arms a fresh one.</summary>
    public void Pulse() => Interlocked.Exchange(ref next, NewSource()).TrySetResult();

    private static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}

namespace Timeline.Api.Features.Changes;

/// <summary>
/// "The log may have grown": wakes this instance's log subscribers before their interval is up. Pulsed after every command
/// this instance commits (<see cref="WakeLogSubscribersBehaviour{TMessage, TResponse}"/>). A subscriber takes
/// <see cref="Next"/> before its turn and waits on it after, so a change committed during the turn is never slept through.
/// </summary>
public sealed class ChangeSignal
{
    private TaskCompletionSource next = NewSource();

    /// <summary>Completes at the next pulse.</summary>
    public Task Next => Volatile.Read(ref next).Task;

    /// <summary>Wakes everyone waiting on <see cref="Next"/> and arms a fresh one.</summary>
    public void Pulse() => Interlocked.Exchange(ref next, NewSource()).TrySetResult();

    private static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}

using Mediator;

namespace Timeline.Api.Features.Changes;

/// <summary>
/// After a command commits, wakes this instance's log subscribers (<see cref="ChangeSignal"/>): what it appended to the log
/// is matched now, not at the subscriber's next interval. Outside the transaction's behaviour, so the pulse comes after the
/// commit, when a turn can read the change. In process rather than by a <c>NOTIFY</c> from the writing transaction: a
/// notification takes PostgreSQL's commit-order lock, which serialises the commits (and their WAL flushes) of every
/// notifying transaction. A write through another instance wakes that instance's subscribers, which take the same turns.
/// </summary>
public sealed class WakeLogSubscribersBehaviour<TMessage, TResponse>(ChangeSignal signal) : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IBaseCommand
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        var response = await next(message, cancellationToken);
        signal.Pulse();
        return response;
    }
}

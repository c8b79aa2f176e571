using Mediator;

namespace Timeline.Api.Platform.Pipeline;

/// <summary>
/// How many queries may read the database at once (<c>Timeline:Database:ConcurrentReads</c>); the others wait their turn,
/// first come first served. A read is short and busy: more of them at once than the database's cores can run only move
/// the queue into the operating system's scheduler, where a read's backend and the API's threads take turns with every
/// other and a few reads wait many turns. With 16 actor searches at once on two cores the slowest hundredth took 123 and
/// 240 ms; taking turns six at a time, 15 and 35 ms at the same rate (docs/BENCHMARKS.md, "Reads take turns").
/// Commands do not wait here: a write mostly waits for its commit, and commits gain from running together.
/// </summary>
public sealed class ReadTurns(int concurrentReads) : IDisposable
{
    private readonly SemaphoreSlim turns = new(concurrentReads, concurrentReads);

    /// <summary>The default: three reads a processor, six on two cores.</summary>
    public static int Default => 3 * Environment.ProcessorCount;

    // SemaphoreSlim hands its asynchronous waiters their turn in the order they came.
    public Task WaitAsync(CancellationToken ct) => turns.WaitAsync(ct);

    public void Release() => turns.Release();

    public void Dispose() => turns.Dispose();
}

/// <summary>Whether this request's scope holds a read's turn already: a query sent inside another takes none of its own.</summary>
public sealed class ReadTurnHeld
{
    public bool Held { get; set; }
}

/// <summary>Every query takes its turn (<see cref="ReadTurns"/>) just before it runs, and gives it back when it is done.</summary>
public sealed class ReadTurnsBehaviour<TMessage, TResponse>(ReadTurns turns, ReadTurnHeld turn) : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IBaseQuery
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        if (turn.Held)
        {
            return await next(message, cancellationToken);
        }

        await turns.WaitAsync(cancellationToken);
        turn.Held = true;
        try
        {
            return await next(message, cancellationToken);
        }
        finally
        {
            turn.Held = false;
            turns.Release();
        }
    }
}

using Mediator;

namespace Timeline.Api.Platform.Pipeline;

/// <summary>
/// How many queries may read the database at once (<c>Timeline:Database:ConcurrentReads</c>); the others wait their turn,
/// first come first served. A read is short and busy: more of them at once than the database's cores can run only move
/// the queue into the operating system's scheduler, where a read's backend and the API's threads take turns with every
/// other and a few reads wait many turns. With 16 actor searches at once on two cores the slowest hundredth took 123 and
/// 240 ms; taking turns six at a time, 15 and 35 ms at the same rate (docs/BENCHMARKS.md, "Reads take turns").
/// A long read (<see cref="ILongRead"/>) takes two turns: six timeline pages at once on two cores kept the slowest
/// hundredth at twice three's, while six actor searches at once answer a quarter more a second than three.
/// Commands do not wait here: a write mostly waits for its commit, and commits gain from running together.
/// </summary>
public sealed class ReadTurns(int concurrentReads) : IDisposable
{
    private readonly SemaphoreSlim turns = new(concurrentReads, concurrentReads);

    // One reader at a time gathers its turns, so two long reads never each hold one of the last two, waiting on the other.
    private readonly SemaphoreSlim next = new(1, 1);

    /// <summary>The default: three turns a processor, six on two cores.</summary>
    public static int Default => 3 * Environment.ProcessorCount;

    /// <summary>
    /// Waits for a read's turns, as many as it weighs but never more than there are, and answers how many it took: the
    /// number to <see cref="Release"/>. SemaphoreSlim hands its asynchronous waiters their turn in the order they came.
    /// </summary>
    public async Task<int> WaitAsync(int weight, CancellationToken ct)
    {
        var count = Math.Min(weight, concurrentReads);
        await next.WaitAsync(ct);
        var taken = 0;
        try
        {
            for (; taken < count; taken++)
            {
                await turns.WaitAsync(ct);
            }

            return count;
        }
        catch
        {
            // Given up while waiting: the turns already taken go back.
            if (taken > 0)
            {
                turns.Release(taken);
            }

            throw;
        }
        finally
        {
            next.Release();
        }
    }

    public void Release(int count) => turns.Release(count);

    public void Dispose()
    {
        turns.Dispose();
        next.Dispose();
    }
}

/// <summary>
/// A query that reads for long enough to take two of <see cref="ReadTurns"/>: a timeline page, some 1.1 ms of
/// PostgreSQL's CPU and 0.5 ms of the API's, three times an actor search's.
/// </summary>
public interface ILongRead;

/// <summary>
/// Whether this request's scope holds a read's turn already: a query sent inside another takes none of its own. A request
/// holding a stream's place (<see cref="Http.ConcurrencyCaps.Streams"/>) holds it from the start: streams are counted by
/// their own cap, and one whose first page waits on a lock would otherwise keep a turn from the short reads meanwhile.
/// </summary>
public sealed class ReadTurnHeld
{
    public bool Held { get; set; }
}

/// <summary>Every query takes its turn (<see cref="ReadTurns"/>; two if it is long) just before it runs, and gives it back when it is done.</summary>
public sealed class ReadTurnsBehaviour<TMessage, TResponse>(ReadTurns turns, ReadTurnHeld turn) : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IBaseQuery
{
    private static readonly int Weight = typeof(ILongRead).IsAssignableFrom(typeof(TMessage)) ? 2 : 1;

    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        if (turn.Held)
        {
            return await next(message, cancellationToken);
        }

        var count = await turns.WaitAsync(Weight, cancellationToken);
        turn.Held = true;
        try
        {
            return await next(message, cancellationToken);
        }
        finally
        {
            turn.Held = false;
            turns.Release(count);
        }
    }
}

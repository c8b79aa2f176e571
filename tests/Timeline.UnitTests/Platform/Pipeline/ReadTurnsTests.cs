using Mediator;
using Timeline.Api.Platform.Pipeline;

namespace Timeline.UnitTests.Platform.Pipeline;

public sealed class ReadTurnsTests
{
    private sealed record Read(int Number) : IQuery<int>;

    private sealed record LongRead(int Number) : IQuery<int>, ILongRead;

    /// <summary>Each read runs until its gate is opened, and says when it started.</summary>
    private sealed class Reads
    {
        private readonly object gate = new();
        public List<int> Started { get; } = [];
        public Dictionary<int, TaskCompletionSource> Finish { get; } = [];

        public MessageHandlerDelegate<Read, int> Handler => async (read, _) =>
        {
            TaskCompletionSource finish;
            lock (gate)
            {
                Started.Add(read.Number);
                finish = Finish[read.Number] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            await finish.Task;
            return read.Number;
        };

        public MessageHandlerDelegate<LongRead, int> LongHandler => (read, ct) => Handler(new Read(read.Number), ct);

        public int[] StartedNow()
        {
            lock (gate)
            {
                return [.. Started];
            }
        }

        public void Open(int number)
        {
            lock (gate)
            {
                Finish[number].SetResult();
            }
        }
    }

    private static async Task<int[]> StartedAfterSettling(Reads reads, int expected)
    {
        for (var i = 0; i < 200 && reads.StartedNow().Length < expected; i++)
        {
            await Task.Delay(10);
        }

        await Task.Delay(50); // long enough for one more to start, were it let in
        return reads.StartedNow();
    }

    [Fact]
    public async Task At_most_the_set_number_read_at_once_and_the_others_go_in_the_order_they_came()
    {
        using var turns = new ReadTurns(2);
        var reads = new Reads();
        var running = new List<Task<int>>();
        for (var n = 1; n <= 5; n++)
        {
            // Each read in its own request scope.
            running.Add(new ReadTurnsBehaviour<Read, int>(turns, new ReadTurnHeld()).Handle(new Read(n), reads.Handler, CancellationToken.None).AsTask());
            await Task.Delay(5); // they arrive one after another
        }

        Assert.Equal(new[] { 1, 2 }, await StartedAfterSettling(reads, 2));
        reads.Open(2);
        Assert.Equal(new[] { 1, 2, 3 }, await StartedAfterSettling(reads, 3));
        reads.Open(1);
        Assert.Equal(new[] { 1, 2, 3, 4 }, await StartedAfterSettling(reads, 4));
        reads.Open(3);
        Assert.Equal(new[] { 1, 2, 3, 4, 5 }, await StartedAfterSettling(reads, 5));
        reads.Open(4);
        reads.Open(5);
        Assert.Equal(new[] { 1, 2, 3, 4, 5 }, await Task.WhenAll(running));
    }

    [Fact]
    public async Task A_read_sent_inside_another_takes_no_turn_of_its_own()
    {
        using var turns = new ReadTurns(1);
        var held = new ReadTurnHeld();
        var inner = new ReadTurnsBehaviour<Read, int>(turns, held);
        var outer = new ReadTurnsBehaviour<Read, int>(turns, held);
        var answer = outer.Handle(new Read(1), async (read, ct) => await inner.Handle(new Read(2), (r, _) => ValueTask.FromResult(r.Number * 10), ct) + read.Number,
            CancellationToken.None).AsTask();

        Assert.Same(answer, await Task.WhenAny(answer, Task.Delay(TimeSpan.FromSeconds(10))));
        Assert.Equal(21, await answer);
        Assert.False(held.Held);
    }

    [Fact]
    public async Task A_read_that_fails_gives_its_turn_back()
    {
        using var turns = new ReadTurns(1);
        await Assert.ThrowsAsync<InvalidOperationException>(async () =>
            await new ReadTurnsBehaviour<Read, int>(turns, new ReadTurnHeld()).Handle(new Read(1), (_, _) => throw new InvalidOperationException("the read failed"), CancellationToken.None));

        var next = new ReadTurnsBehaviour<Read, int>(turns, new ReadTurnHeld()).Handle(new Read(2), (r, _) => ValueTask.FromResult(r.Number), CancellationToken.None).AsTask();
        Assert.Same(next, await Task.WhenAny(next, Task.Delay(TimeSpan.FromSeconds(10))));
        Assert.Equal(2, await next);
    }

    [Fact]
    public async Task A_read_given_up_while_waiting_leaves_the_queue()
    {
        using var turns = new ReadTurns(1);
        var reads = new Reads();
        var first = new ReadTurnsBehaviour<Read, int>(turns, new ReadTurnHeld()).Handle(new Read(1), reads.Handler, CancellationToken.None).AsTask();
        using var giveUp = new CancellationTokenSource();
        var waiting = new ReadTurnsBehaviour<Read, int>(turns, new ReadTurnHeld()).Handle(new Read(2), reads.Handler, giveUp.Token).AsTask();
        await giveUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);

        var third = new ReadTurnsBehaviour<Read, int>(turns, new ReadTurnHeld()).Handle(new Read(3), reads.Handler, CancellationToken.None).AsTask();
        Assert.Equal(new[] { 1 }, await StartedAfterSettling(reads, 1));
        reads.Open(1);
        Assert.Equal(new[] { 1, 3 }, await StartedAfterSettling(reads, 2));
        reads.Open(3);
        Assert.Equal(1, await first);
        Assert.Equal(3, await third);
    }

    [Fact]
    public async Task A_long_read_takes_two_turns_and_short_reads_behind_it_wait_in_their_order()
    {
        using var turns = new ReadTurns(3);
        var reads = new Reads();
        var first = Short(turns, reads, 1);
        await Task.Delay(5);
        var longRead = Long(turns, reads, 2, CancellationToken.None);
        await Task.Delay(5);
        var third = Short(turns, reads, 3);
        await Task.Delay(5);
        var fourth = Short(turns, reads, 4);

        // 1 and the long read hold all three turns; 3 and 4 wait.
        Assert.Equal(new[] { 1, 2 }, await StartedAfterSettling(reads, 2));
        reads.Open(1);
        Assert.Equal(new[] { 1, 2, 3 }, await StartedAfterSettling(reads, 3));
        reads.Open(2);
        // The long read's two turns come back: 4 starts beside 3.
        Assert.Equal(new[] { 1, 2, 3, 4 }, await StartedAfterSettling(reads, 4));
        reads.Open(3);
        reads.Open(4);
        Assert.Equal(new[] { 1, 2, 3, 4 }, await Task.WhenAll(first, longRead, third, fourth));
    }

    [Fact]
    public async Task A_long_read_waiting_for_its_second_turn_keeps_its_place_and_gives_back_its_first_when_given_up()
    {
        using var turns = new ReadTurns(2);
        var reads = new Reads();
        var first = Short(turns, reads, 1);
        await Task.Delay(5);
        using var giveUp = new CancellationTokenSource();
        var longRead = Long(turns, reads, 2, giveUp.Token);
        await Task.Delay(5);
        var third = Short(turns, reads, 3);

        // One turn is free, but the long read came before 3 and holds it while it waits for the other.
        Assert.Equal(new[] { 1 }, await StartedAfterSettling(reads, 1));
        await giveUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => longRead);
        // Given up: its turn goes back, and 3 starts beside 1.
        Assert.Equal(new[] { 1, 3 }, await StartedAfterSettling(reads, 2));
        reads.Open(1);
        reads.Open(3);
        Assert.Equal(new[] { 1, 3 }, await Task.WhenAll(first, third));
    }

    [Fact]
    public async Task A_long_read_with_one_turn_set_takes_the_one_and_gives_it_back()
    {
        using var turns = new ReadTurns(1);
        var reads = new Reads();
        var longRead = Long(turns, reads, 1, CancellationToken.None);
        Assert.Equal(new[] { 1 }, await StartedAfterSettling(reads, 1));
        reads.Open(1);
        Assert.Equal(1, await longRead);

        var next = Short(turns, reads, 2);
        Assert.Equal(new[] { 1, 2 }, await StartedAfterSettling(reads, 2));
        reads.Open(2);
        Assert.Equal(2, await next);
    }

    private static Task<int> Long(ReadTurns turns, Reads reads, int number, CancellationToken ct) =>
        new ReadTurnsBehaviour<LongRead, int>(turns, new ReadTurnHeld()).Handle(new LongRead(number), reads.LongHandler, ct).AsTask();

    private static Task<int> Short(ReadTurns turns, Reads reads, int number) =>
        new ReadTurnsBehaviour<Read, int>(turns, new ReadTurnHeld()).Handle(new Read(number), reads.Handler, CancellationToken.None).AsTask();
}

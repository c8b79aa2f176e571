using System.Globalization;

namespace Timeline.Benchmarks;

/// <summary>
/// What the process's garbage collector did between two readings: bytes allocated on every thread, collections of each
/// generation and the time every thread was stopped for them. Allocation is what a change to a path's code moves, where
/// its wall clock follows the load of a shared machine.
/// </summary>
public readonly record struct GcMeter(long Allocated, int Gen0, int Gen1, int Gen2, TimeSpan Paused)
{
    public static GcMeter Take() => new(GC.GetTotalAllocatedBytes(precise: true), GC.CollectionCount(0), GC.CollectionCount(1),
        GC.CollectionCount(2), GC.GetTotalPauseDuration());

    public static GcMeter operator -(GcMeter after, GcMeter before) => new(after.Allocated - before.Allocated, after.Gen0 - before.Gen0,
        after.Gen1 - before.Gen1, after.Gen2 - before.Gen2, after.Paused - before.Paused);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Allocated / 1e6:0.0} MB allocated, GC {Gen0}/{Gen1}/{Gen2} (gen0/1/2) paused {Paused.TotalMilliseconds:0} ms");
}

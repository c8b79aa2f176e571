using System.Buffers;
using System.Runtime.CompilerServices;

namespace Timeline.Api.Features.Measures;

/// <summary>Bytes in arrays rented from the shared pool: a page's half a megabyte of claims would be a new large object each time.</summary>
public sealed class PooledBuffer : IBufferWriter<byte>, IDisposable
{
    /// <summary>
    /// What the last page written needed (at least 64 KiB): a measure's pages are read again and again, and growing
    /// 64 KiB at a time to half a megabyte copied most of it three times.
    /// </summary>
    private static int lastSize = 64 * 1024;

    private byte[] bytes = ArrayPool<byte>.Shared.Rent(lastSize);

    public int WrittenCount { get; private set; }

    public ReadOnlySpan<byte> Written => bytes.AsSpan(0, WrittenCount);

    public void Advance(int count) => WrittenCount += count;

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return bytes.AsMemory(WrittenCount);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Span<byte> GetSpan(int sizeHint = 0)
    {
        if (bytes.Length - WrittenCount < Math.Max(sizeHint, 1))
        {
            Ensure(sizeHint);
        }

        return bytes.AsSpan(WrittenCount);
    }

    public void Dispose()
    {
        if (bytes.Length > 0)
        {
            lastSize = Math.Clamp(WrittenCount, 64 * 1024, 16 * 1024 * 1024);
            ArrayPool<byte>.Shared.Return(bytes);
            bytes = [];
        }
    }

    private void Ensure(int sizeHint)
    {
        if (bytes.Length - WrittenCount >= Math.Max(sizeHint, 1))
        {
            return;
        }

        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(bytes.Length * 2, WrittenCount + sizeHint));
        Written.CopyTo(larger);
        ArrayPool<byte>.Shared.Return(bytes);
        bytes = larger;
    }
}

using System.Buffers;
using Npgsql;

namespace Timeline.Api.Features.Measures;

/// <summary>
/// A text column's bytes as PostgreSQL sent them (UTF-8), copied into one pooled array reused for every column: a page
/// written as JSON from its rows (a measure's, the timeline's) makes no string of them.
/// </summary>
public sealed class TextColumns : IDisposable
{
    private byte[] bytes = ArrayPool<byte>.Shared.Rent(4096);

    /// <summary>The column's bytes, valid until the next read.</summary>
    public ReadOnlySpan<byte> Read(NpgsqlDataReader r, int ordinal)
    {
        var length = (int)r.GetBytes(ordinal, 0, bytes, 0, bytes.Length);
        if (length == bytes.Length)
        {
            // Perhaps cut: read it whole into an array large enough.
            var whole = (int)r.GetBytes(ordinal, 0, null, 0, 0);
            if (whole > length)
            {
                ArrayPool<byte>.Shared.Return(bytes);
                bytes = ArrayPool<byte>.Shared.Rent(whole);
                length = (int)r.GetBytes(ordinal, 0, bytes, 0, whole);
            }
        }

        return bytes.AsSpan(0, length);
    }

    public void Dispose()
    {
        if (bytes.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(bytes);
            bytes = [];
        }
    }
}

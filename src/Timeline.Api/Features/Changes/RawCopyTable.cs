using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using Npgsql;

namespace Timeline.Api.Features.Changes;

/// <summary>One column of a <see cref="RawCopyTable{TRow}"/>: its name and how a row's value is encoded into it.</summary>
public sealed record RawColumn<TRow>(string Name, Action<CopyRowWriter, TRow> Write);

/// <summary>
/// A table written with binary COPY from rows encoded here beforehand, in PostgreSQL's own binary COPY format, then sent
/// as they are (as <c>COPY … FROM STDIN (FORMAT BINARY)</c> reads a file). Unlike <see cref="CopyTable{TRow}"/>, which
/// converts every value as it is sent, the encoding can run on another thread while the connection is busy with another
/// statement, and sending the rows costs the connection no more than the server's own reading of them. Its columns are
/// listed once with the values they take, so that the statement's column list and the values cannot drift apart.
/// </summary>
public sealed class RawCopyTable<TRow>(string table, IReadOnlyList<RawColumn<TRow>> columns)
{
    /// <summary><c>PGCOPY\n\377\r\n\0</c>: the format's signature.</summary>
    private static ReadOnlySpan<byte> Signature => [0x50, 0x47, 0x43, 0x4F, 0x50, 0x59, 0x0A, 0xFF, 0x0D, 0x0A, 0x00];

    public string Table { get; } = table;

    /// <summary>The column list, as the COPY statement names it.</summary>
    public string ColumnList { get; } = string.Join(", ", columns.Select(c => c.Name));

    /// <summary>The rows as a binary COPY stream: header, one tuple a row, trailer; in a pooled buffer the caller disposes once they are sent.</summary>
    public EncodedRows Encode(IEnumerable<TRow> rows, int sizeHint = 4096)
    {
        using var writer = new CopyRowWriter(sizeHint);
        writer.Raw(Signature);
        writer.Int32(0); // flags: no OIDs
        writer.Int32(0); // no header extension
        foreach (var row in rows)
        {
            writer.Int16((short)columns.Count);
            foreach (var column in columns)
            {
                column.Write(writer, row);
            }
        }

        writer.Int16(-1);
        return writer.Finish();
    }

    /// <summary>Sends rows <see cref="Encode"/> made, in the connection's transaction.</summary>
    public async Task WriteAsync(NpgsqlConnection connection, EncodedRows encoded, CancellationToken ct)
    {
        await using var copy = await connection.BeginRawBinaryCopyAsync($"COPY {Table} ({ColumnList}) FROM STDIN (FORMAT BINARY)", ct);
        await copy.WriteAsync(encoded.Memory, ct);
    }
}

/// <summary>
/// Rows <see cref="RawCopyTable{TRow}.Encode"/> made, in a buffer rented from the shared pool: a check's rows are megabytes,
/// which as a new array each time landed on the large-object heap and brought full collections. Disposing returns it.
/// </summary>
public sealed class EncodedRows(byte[] buffer, int length) : IDisposable
{
    private byte[]? buffer = buffer;

    public ReadOnlyMemory<byte> Memory => (buffer ?? throw new ObjectDisposedException(nameof(EncodedRows))).AsMemory(0, length);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref buffer, null) is { } rented)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}

/// <summary>
/// Fields of binary COPY rows as PostgreSQL's receive functions read them: a field is its length (big-endian, -1 for
/// NULL) and its bytes; text as UTF-8 (characters that cannot be encoded replaced, as Npgsql does).
/// </summary>
public sealed class CopyRowWriter(int sizeHint) : IDisposable
{
    private static readonly DateOnly Epoch = new(2000, 1, 1);
    private static readonly long EpochTicks = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;
    private static readonly UTF8Encoding Utf8 = new(false, false);

    /// <summary>The OID of <c>text</c>, which a <c>text[]</c> field names as its element type.</summary>
    private const int TextOid = 25;

    private readonly PooledBufferWriter buffer = new(sizeHint);

    /// <summary>Writes JSON values into the rows, made at the first one (with the options of the serializer it was made for).</summary>
    private Utf8JsonWriter? json;
    private JsonSerializerOptions? jsonOptions;

    public void Null() => Int32(-1);

    public void Uuid(Guid value)
    {
        var span = buffer.GetSpan(20);
        BinaryPrimitives.WriteInt32BigEndian(span, 16);
        value.TryWriteBytes(span[4..], bigEndian: true, out _);
        buffer.Advance(20);
    }

    public void Text(string? value)
    {
        if (value is null)
        {
            Null();
            return;
        }

        var span = buffer.GetSpan(4 + Utf8.GetMaxByteCount(value.Length));
        var length = Utf8.GetBytes(value, span[4..]);
        BinaryPrimitives.WriteInt32BigEndian(span, length);
        buffer.Advance(4 + length);
    }

    /// <summary><c>json</c> is received as its text.</summary>
    public void Json(string value) => Text(value);

    /// <summary>
    /// A value as <c>json</c>, serialized straight into the row: the same UTF-8 as <c>JsonSerializer.Serialize(value, options)</c>
    /// written by <see cref="Json(string)"/>, without the string.
    /// </summary>
    public void Json<T>(T value, JsonSerializerOptions options)
    {
        var lengthAt = buffer.WrittenCount;
        Int32(0); // the field's length, filled in below
        if (json is null || !ReferenceEquals(options, jsonOptions))
        {
            // As the serializer makes its own writer from the options when it writes a string.
            json = new Utf8JsonWriter(buffer, new JsonWriterOptions
            {
                Encoder = options.Encoder, Indented = options.WriteIndented, IndentCharacter = options.IndentCharacter,
                IndentSize = options.IndentSize, NewLine = options.NewLine, MaxDepth = options.MaxDepth,
            });
            jsonOptions = options;
        }
        else
        {
            json.Reset(buffer);
        }

        JsonSerializer.Serialize(json, value, options);
        json.Flush();
        BinaryPrimitives.WriteInt32BigEndian(buffer.WrittenAt(lengthAt, 4), buffer.WrittenCount - lengthAt - 4);
    }

    /// <summary><c>jsonb</c> is received as a version byte (1) and its text.</summary>
    public void Jsonb(string value)
    {
        var span = buffer.GetSpan(5 + Utf8.GetMaxByteCount(value.Length));
        span[4] = 1;
        var length = Utf8.GetBytes(value, span[5..]);
        BinaryPrimitives.WriteInt32BigEndian(span, length + 1);
        buffer.Advance(5 + length);
    }

    public void Int4(int value)
    {
        Int32(4);
        Int32(value);
    }

    public void Boolean(bool value)
    {
        var span = buffer.GetSpan(5);
        BinaryPrimitives.WriteInt32BigEndian(span, 1);
        span[4] = value ? (byte)1 : (byte)0;
        buffer.Advance(5);
    }

    /// <summary>Days since 2000-01-01.</summary>
    public void Date(DateOnly? value)
    {
        if (value is not { } day)
        {
            Null();
            return;
        }

        Int32(4);
        Int32(day.DayNumber - Epoch.DayNumber);
    }

    /// <summary>Microseconds since 2000-01-01 UTC.</summary>
    public void TimestampTz(DateTimeOffset value)
    {
        var span = buffer.GetSpan(12);
        BinaryPrimitives.WriteInt32BigEndian(span, 8);
        BinaryPrimitives.WriteInt64BigEndian(span[4..], (value.UtcTicks - EpochTicks) / TimeSpan.TicksPerMicrosecond);
        buffer.Advance(12);
    }

    /// <summary>
    /// A one-dimensional <c>text[]</c> without nulls: dimensions, null flag, element type, then per dimension its length and
    /// lower bound (1), then the elements as text fields; an empty array has no dimension.
    /// </summary>
    public void TextArray(IReadOnlyList<string> values)
    {
        var lengthAt = buffer.WrittenCount;
        Int32(0); // the field's length, filled in below
        Int32(values.Count == 0 ? 0 : 1);
        Int32(0);
        Int32(TextOid);
        if (values.Count > 0)
        {
            Int32(values.Count);
            Int32(1);
            foreach (var value in values)
            {
                Text(value);
            }
        }

        var length = buffer.WrittenCount - lengthAt - 4;
        BinaryPrimitives.WriteInt32BigEndian(buffer.WrittenAt(lengthAt, 4), length);
    }

    internal void Int16(short value)
    {
        BinaryPrimitives.WriteInt16BigEndian(buffer.GetSpan(2), value);
        buffer.Advance(2);
    }

    internal void Int32(int value)
    {
        BinaryPrimitives.WriteInt32BigEndian(buffer.GetSpan(4), value);
        buffer.Advance(4);
    }

    internal void Raw(ReadOnlySpan<byte> bytes) => buffer.Write(bytes);

    /// <summary>What was written, handed over with its buffer; the writer is done.</summary>
    internal EncodedRows Finish()
    {
        json?.Dispose();
        return buffer.Finish();
    }

    /// <summary>A buffer not handed over (the rows failed to encode) goes back to the pool.</summary>
    public void Dispose()
    {
        json?.Dispose();
        buffer.Release();
    }
}

/// <summary>An <see cref="IBufferWriter{T}"/> over arrays rented from the shared pool, growing by doubling.</summary>
internal sealed class PooledBufferWriter(int sizeHint) : IBufferWriter<byte>
{
    private byte[] array = ArrayPool<byte>.Shared.Rent(Math.Max(sizeHint, 256));

    public int WrittenCount { get; private set; }

    public void Advance(int count) => WrittenCount += count;

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return array.AsMemory(WrittenCount);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return array.AsSpan(WrittenCount);
    }

    /// <summary>Bytes already written, to fill in a length once what it measures is written.</summary>
    public Span<byte> WrittenAt(int at, int length) => array.AsSpan(at, length);

    public EncodedRows Finish()
    {
        var rows = new EncodedRows(array, WrittenCount);
        array = [];
        return rows;
    }

    public void Release()
    {
        if (array.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(array);
            array = [];
        }
    }

    private void Ensure(int sizeHint)
    {
        var needed = WrittenCount + Math.Max(sizeHint, 1);
        if (needed <= array.Length)
        {
            return;
        }

        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, array.Length * 2));
        array.AsSpan(0, WrittenCount).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(array);
        array = larger;
    }
}

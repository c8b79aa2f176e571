using Npgsql;
using NpgsqlTypes;

namespace Timeline.Api.Features.Changes;

/// <summary>
/// One column of a binary COPY: its name and how a row's value is written to it (null as SQL NULL), by COPY or as the
/// parameter of a single row's INSERT.
/// </summary>
public sealed record CopyColumn<TRow>(string Name, Func<NpgsqlBinaryImporter, TRow, CancellationToken, Task> Write, Func<TRow, NpgsqlParameter> Parameter)
{
    public static CopyColumn<TRow> Of<TValue>(string name, NpgsqlDbType type, Func<TRow, TValue> value) =>
        new(name, (importer, row, ct) => value(row) is { } v ? importer.WriteAsync(v, type, ct) : importer.WriteNullAsync(ct),
            row => value(row) is { } v
                ? new NpgsqlParameter<TValue> { NpgsqlDbType = type, TypedValue = v }
                : new NpgsqlParameter { NpgsqlDbType = type, Value = DBNull.Value });
}

/// <summary>
/// A table written with binary COPY, its columns listed once with the values they take, so that the statement's
/// column list and the order of the values written cannot drift apart.
/// </summary>
public sealed class CopyTable<TRow>(string table, IReadOnlyList<CopyColumn<TRow>> columns)
{
    public string Table { get; } = table;

    /// <summary>The column list, as the COPY statement names it.</summary>
    public string ColumnList { get; } = string.Join(", ", columns.Select(c => c.Name));

    /// <summary>The INSERT of one row, with the same columns as the COPY, its values as positional parameters.</summary>
    public string InsertSql { get; } =
        $"INSERT INTO {table} ({string.Join(", ", columns.Select(c => c.Name))}) VALUES ({string.Join(", ", columns.Select((_, i) => $"${i + 1}"))})";

    /// <summary>One row as an INSERT, for a batch of the caller's (a single write, where a COPY's own round trips would cost more).</summary>
    public NpgsqlBatchCommand Insert(TRow row)
    {
        var command = new NpgsqlBatchCommand(InsertSql);
        foreach (var column in columns)
        {
            command.Parameters.Add(column.Parameter(row));
        }

        return command;
    }

    public async Task WriteAsync(NpgsqlConnection connection, IEnumerable<TRow> rows, CancellationToken ct)
    {
        await using var importer = await connection.BeginBinaryImportAsync($"COPY {Table} ({ColumnList}) FROM STDIN (FORMAT BINARY)", ct);
        foreach (var row in rows)
        {
            await importer.StartRowAsync(ct);
            foreach (var column in columns)
            {
                await column.Write(importer, row, ct);
            }
        }

        await importer.CompleteAsync(ct);
    }
}

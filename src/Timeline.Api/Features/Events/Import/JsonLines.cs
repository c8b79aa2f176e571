using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Timeline.Api.Platform.Http;

namespace Timeline.Api.Features.Events.Import;

/// <summary>A line of JSON lines: the value it holds, or why it could not be read (1-based line numbers; blank lines are left out).</summary>
public readonly record struct JsonLine<T>(int Line, T? Value, Dictionary<string, string[]>? Errors);

/// <summary>
/// JSON lines read as they arrive, one value per line, never the whole body at once: an overlong line is rejected
/// without being held, a malformed one is rejected alone and the next line read.
/// </summary>
/// <param name="what">What a line holds, for the rejection of one that holds no object ("an event", "an entity").</param>
public sealed class JsonLines<T>(JsonSerializerOptions json, string what) where T : class
{
    public async IAsyncEnumerable<JsonLine<T>> ReadAsync(Stream body, [EnumeratorCancellation] CancellationToken ct)
    {
        var reader = PipeReader.Create(body, new StreamPipeReaderOptions(bufferSize: 64 * 1024, minimumReadSize: 16 * 1024));
        var number = 0;
        var overlong = false;
        try
        {
            while (true)
            {
                var read = await reader.ReadAsync(ct);
                var buffer = read.Buffer;
                while (buffer.PositionOf((byte)'\n') is { } end)
                {
                    var line = buffer.Slice(0, end);
                    buffer = buffer.Slice(buffer.GetPosition(1, end));
                    number++;
                    if (overlong)
                    {
                        overlong = false;
                        yield return TooLong(number);
                    }
                    else if (ParseJson(line, number) is { } parsed)
                    {
                        yield return parsed;
                    }
                }

                if (buffer.Length > IImportReader.MaxLineBytes)
                {
                    // Drop what is held of the line; the rest of it is dropped up to its newline.
                    overlong = true;
                    buffer = buffer.Slice(buffer.End);
                }

                if (read.IsCompleted)
                {
                    if (overlong)
                    {
                        yield return TooLong(number + 1);
                    }
                    else if (buffer.Length > 0 && ParseJson(buffer, number + 1) is { } last)
                    {
                        yield return last;
                    }

                    break;
                }

                reader.AdvanceTo(buffer.Start, buffer.End);
            }
        }
        finally
        {
            await reader.CompleteAsync();
        }
    }

    private static JsonLine<T> TooLong(int line) =>
        new(line, default, new() { ["body"] = [$"the line is longer than {IImportReader.MaxLineBytes / 1024} KiB"] });

    private JsonLine<T>? ParseJson(ReadOnlySequence<byte> bytes, int line)
    {
        byte[]? rented = null;
        try
        {
            ReadOnlySpan<byte> span;
            if (bytes.IsSingleSegment)
            {
                span = bytes.FirstSpan;
            }
            else
            {
                rented = ArrayPool<byte>.Shared.Rent((int)bytes.Length);
                bytes.CopyTo(rented);
                span = rented.AsSpan(0, (int)bytes.Length);
            }

            if (line == 1 && span.StartsWith("\uFEFF"u8))
            {
                span = span[3..];
            }

            span = span.Trim(" \t\r"u8);
            if (span.IsEmpty)
            {
                return null;
            }

            try
            {
                var parsed = JsonSerializer.Deserialize<T>(span, json);
                return parsed is null
                    ? new JsonLine<T>(line, default, new() { ["body"] = [$"each line is one JSON object: {what}"] })
                    : new JsonLine<T>(line, parsed, null);
            }
            catch (JsonException ex)
            {
                var problem = JsonProblems.From(ex);
                var errors = problem.Errors!.ToDictionary(e => e.Key, e => e.Value.Select(r => r.Replace("at line 1, position", "at position", StringComparison.Ordinal)).ToArray());
                return new JsonLine<T>(line, default, errors);
            }
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}

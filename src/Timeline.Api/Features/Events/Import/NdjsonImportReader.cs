using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Timeline.Api.Features.Events.Import;

/// <summary>NDJSON: one JSON object per line, an event as <c>POST /api/events</c> takes it plus its <c>externalId</c>.</summary>
public sealed class NdjsonImportReader(JsonSerializerOptions json) : IImportReader
{
    private readonly JsonLines<ImportLine> lines = new(json, "an event");

    public string NothingToImport => "no events: send one JSON object per line";

    public async IAsyncEnumerable<ParsedLine> ReadAsync(Stream body, [EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var line in lines.ReadAsync(body, ct))
        {
            yield return new ParsedLine(line.Line, line.Value, line.Errors);
        }
    }
}

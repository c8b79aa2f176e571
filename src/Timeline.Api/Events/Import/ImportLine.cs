namespace Timeline.Api.Events.Import;

/// <summary>One line of an import: an event as <c>POST /api/events</c> takes it, plus the importer's own id.</summary>
public sealed record ImportLine : EventFields
{
    /// <summary>The importer's id for the event (at most 200 characters): a line whose id is already recorded is skipped.</summary>
    public string? ExternalId { get; init; }
}

/// <summary>A line of the body: the event it holds, or why it could not be read.</summary>
public readonly record struct ParsedLine(int Line, ImportLine? Event, Dictionary<string, string[]>? Errors)
{
    public static ParsedLine Rejected(int line, string field, string reason) => new(line, null, new() { [field] = [reason] });
}

/// <summary>Reads one format of import body as it arrives, line by line: never the whole body at once.</summary>
public interface IImportReader
{
    /// <summary>The longest line read; a longer one is rejected without being held in memory.</summary>
    const int MaxLineBytes = 1024 * 1024;

    /// <summary>What the answer says when the body held no line to import.</summary>
    string NothingToImport { get; }

    IAsyncEnumerable<ParsedLine> ReadAsync(Stream body, CancellationToken ct);
}

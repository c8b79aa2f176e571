using Timeline.Core.Events;

namespace Timeline.Api.Features.Events.Import;

/// <summary>
/// One line of an import: an event as <c>POST /api/events</c> takes it, plus the importer's own id. A line of an
/// NDJSON download (an event as <c>GET /api/events/{id}</c> returns it) is one too, taken unchanged: the members the
/// server fills are accepted and ignored, but for <see cref="Id"/>, which identifies the event, and a retraction.
/// </summary>
public sealed record ImportLine : EventFields
{
    /// <summary>The importer's id for the event (at most 200 characters): a line whose id is already recorded is skipped.</summary>
    public string? ExternalId { get; init; }

    /// <summary>
    /// The event's id where it was downloaded: its <see cref="ExternalId"/> when none is given, so importing the file
    /// again skips it; a line whose id is an event of this database is skipped too (it is already here).
    /// </summary>
    public Guid? Id { get; init; }

    /// <summary>With <c>"status": "retracted"</c>, why: the event is imported retracted, with this reason.</summary>
    public string? RetractionReason { get; init; }

    // Filled by the server from the rest, or by the import itself: taken, and ignored.
    public DateOnly? Earliest { get; init; }
    public DateOnly? Latest { get; init; }
    public string? Precision { get; init; }
    public bool? Uncertain { get; init; }
    public bool? Approximate { get; init; }
    public DateTimeOffset? RecordedAt { get; init; }
    public string? RecordedBy { get; init; }
    public DateTimeOffset? UpdatedAt { get; init; }
    public string? UpdatedBy { get; init; }
    public int? Version { get; init; }

    /// <summary>
    /// The event's claims, as the download writes them: taken, and not imported. A claim is recorded with its measure
    /// (<c>POST /api/measures/{code}/claims</c>), which the importing database may not hold.
    /// </summary>
    public System.Text.Json.JsonElement? Claims { get; init; }

    /// <summary>The id a repeat is known by: the importer's own, else the downloaded event's.</summary>
    public string? ImportedExternalId() => ExternalId ?? Id?.ToString("D");

    public bool IsRetracted() => Status == EventStatuses.Retracted;

    /// <summary>The line as the rules of recording see it: a retracted event as it was recorded, before its retraction.</summary>
    public ImportLine AsRecorded() => IsRetracted() ? this with { Status = null } : this;
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

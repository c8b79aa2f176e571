namespace Timeline.Api.Features.Watches;

/// <summary>
/// One item of a watched source, as plain text. <see cref="Entities"/> are the FtM ids of the entities a sanction names (a
/// recorded actor with that <c>opensanctions</c> identifier is named by it), <see cref="Names"/> the names they go by.
/// </summary>
public sealed record WatchItem(string ItemId, string? Url, string Title, string Text, DateOnly? Published)
{
    public IReadOnlyList<string> Entities { get; init; } = [];
    public IReadOnlyList<string> Names { get; init; } = [];
}

/// <summary>A source's document could not be read as any format a watch knows; the message says why.</summary>
public sealed class UnreadableSourceException(string message) : Exception(message);

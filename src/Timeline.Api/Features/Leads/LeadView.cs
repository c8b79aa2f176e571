using System.Text.Json;
using System.Text.Json.Serialization;
using Timeline.Api.Features.Changes;
using Timeline.Api.Features.Duplicates;
using Timeline.Core.Changes;
using Timeline.Core.Leads;

namespace Timeline.Api.Features.Leads;

/// <summary>
/// A lead as the API answers it. <c>possibleDuplicates</c> are worked out when the lead is read, so that an event recorded
/// after the lead was found is among them; the change log's copy carries none. <c>previous</c> (its earlier texts) is in a
/// single lead's answer, not in lists.
/// </summary>
public sealed record LeadView(Guid Id, Guid WatchId, string ItemId, string? Url, string Title, string Text, DateOnly? Published,
    DateTimeOffset FoundAt, string Status, bool Changed, string[] Actors, IReadOnlyList<PossibleDuplicate> PossibleDuplicates, Guid? EventId,
    string? Reason)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<PreviousText>? Previous { get; init; }

    public int Version { get; init; }
}

/// <summary>A lead's earlier title and text, and when it was last seen so.</summary>
public sealed record PreviousText(string Title, string Text, DateTimeOffset SeenAt);

public static class LeadViews
{
    private static readonly JsonSerializerOptions Stored = new(JsonSerializerDefaults.Web);

    public static LeadView ToView(this Lead l, IReadOnlyList<PossibleDuplicate>? duplicates = null, bool withPrevious = false) =>
        new(l.Id, l.WatchId, l.ItemId, l.Url, l.Title, l.Text, l.Published, l.FoundAt, l.Status, l.Changed, l.Actors, duplicates ?? [], l.EventId, l.Reason)
        {
            Previous = withPrevious ? PreviousOf(l) : null,
            Version = l.Version,
        };

    public static List<PreviousText> PreviousOf(Lead l) =>
        l.Previous == "[]" ? [] : JsonSerializer.Deserialize<List<PreviousText>>(l.Previous, Stored) ?? []; // most leads never changed

    public static string StoredPrevious(IEnumerable<PreviousText> previous) => JsonSerializer.Serialize(previous, Stored);

    /// <summary>What a lead is compared with events by: its title and text, its link, its actors, the week up to its publication.</summary>
    public static DuplicateProbe ProbeOf(Lead l)
    {
        var day = l.Published ?? DateOnly.FromDateTime(l.FoundAt.UtcDateTime);
        return new DuplicateProbe(l.Title, l.Text, day.AddDays(-7), day, l.Actors, l.Url is null ? [] : [l.Url]);
    }
}

/// <summary>Leads in history: each transition a new version and a change-log entry (leads keep no revision rows).</summary>
public sealed class LeadHistory : HistoryOf<Lead, LeadView>
{
    public static readonly LeadHistory Kind = new();

    public override string Entity => ChangeEntities.Lead;
    public override string IdOf(Lead record) => record.Id.ToString();
    public override LeadView ViewOf(Lead record) => record.ToView(withPrevious: true);
}

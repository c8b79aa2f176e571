namespace Timeline.Core.Changes;

/// <summary>
/// How far a named reader of the change log inside the service (a log subscriber: the alert matcher, …) has come: the
/// position of the last change it handled. Its row is locked while a page is handled, so one instance reads at a time.
/// </summary>
public sealed class ChangeCheckpoint
{
    public const string AlertMatcher = "alert-matcher";

    public string Name { get; set; } = "";
    public ulong Transaction { get; set; }
    public long Sequence { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

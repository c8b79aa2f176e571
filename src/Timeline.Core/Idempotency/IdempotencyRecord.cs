namespace Timeline.Core.Idempotency;

/// <summary>
/// The first answer to a write sent with an <c>Idempotency-Key</c>. Inserted in the same transaction as
/// the write, under a unique key, so two racing requests cannot both write.
/// </summary>
public sealed class IdempotencyRecord
{
    public string Caller { get; set; } = "";
    public string Key { get; set; } = "";
    public string RequestHash { get; set; } = "";
    public string? Response { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

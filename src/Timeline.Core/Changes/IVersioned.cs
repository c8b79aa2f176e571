namespace Timeline.Core.Changes;

/// <summary>
/// A record that is revised: each write makes its next version, stamped with who made it and when. The version is
/// the record's ETag and its optimistic-concurrency token.
/// </summary>
public interface IVersioned
{
    int Version { get; set; }
    DateTimeOffset UpdatedAt { get; set; }
    string UpdatedBy { get; set; }
}

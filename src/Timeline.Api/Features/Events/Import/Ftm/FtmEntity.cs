namespace Timeline.Api.Features.Events.Import.Ftm;

/// <summary>
/// A FollowTheMoney entity as one line of OpenSanctions' <c>entities.ftm.json</c> or an Aleph export holds it:
/// <c>{ "id", "schema", "properties": { name: [values] } }</c>. Other members (caption, datasets, …) are ignored.
/// </summary>
public sealed record FtmEntity
{
    public string? Id { get; init; }
    public string? Schema { get; init; }
    public Dictionary<string, List<string?>?>? Properties { get; init; }

    /// <summary>A property's values, trimmed, blanks left out.</summary>
    public IReadOnlyList<string> Values(string property) =>
        [.. (Properties?.GetValueOrDefault(property) ?? []).Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!.Trim())];

    public string? First(string property) => Values(property) is [var first, ..] ? first : null;
}

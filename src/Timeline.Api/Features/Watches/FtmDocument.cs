using System.Text.Json;
using Timeline.Api.Features.Events.Import.Ftm;

namespace Timeline.Api.Features.Watches;

/// <summary>
/// FtM JSON lines as a watched source: a dataset's entities (<c>entities.ftm.json</c>, an entity a line) or an
/// OpenSanctions delta (<c>{ "op": "ADD"|"MOD"|"DEL", "entity": {…} }</c> a line). Each added or modified <c>Sanction</c> is
/// an item naming its entity: by the names the same file gives it, and by its id (a recorded actor with that
/// <c>opensanctions</c> identifier).
/// </summary>
public static class FtmDocument
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private sealed record DeltaLine(string? Op, FtmEntity? Entity);

    /// <summary>Whether the first line is an FtM entity or a delta's operation (a JSON Feed is one object over many lines).</summary>
    public static bool Is(string text)
    {
        var first = text.AsSpan().TrimStart();
        var end = first.IndexOf('\n');
        var line = (end < 0 ? first : first[..end]).Trim();
        try
        {
            using var document = JsonDocument.Parse(line.ToString());
            return document.RootElement.ValueKind == JsonValueKind.Object
                && (document.RootElement.TryGetProperty("op", out _) || document.RootElement.TryGetProperty("schema", out _));
        }
        catch (JsonException)
        {
            return false;
        }
    }

    public static List<WatchItem> Read(string text)
    {
        var entities = new Dictionary<string, FtmEntity>(StringComparer.Ordinal);
        var sanctions = new List<FtmEntity>();
        var number = 0;
        foreach (var raw in text.Split('\n'))
        {
            number++;
            var line = raw.Trim();
            if (line.Length == 0)
            {
                continue;
            }

            FtmEntity? entity;
            try
            {
                var delta = JsonSerializer.Deserialize<DeltaLine>(line, Json);
                entity = delta?.Op is null ? JsonSerializer.Deserialize<FtmEntity>(line, Json)
                    : delta.Op is "ADD" or "MOD" ? delta.Entity
                    : null; // DEL carries only the id: a lead once found stays
            }
            catch (JsonException ex)
            {
                throw new UnreadableSourceException($"line {number} is not FtM JSON ({ex.Message})");
            }

            if (entity?.Id is not { Length: > 0 } id)
            {
                continue;
            }

            entities[id] = entity;
            if (entity.Schema == "Sanction")
            {
                sanctions.Add(entity);
            }
        }

        return [.. sanctions.Select(s => ItemOf(s, entities))];
    }

    private static WatchItem ItemOf(FtmEntity sanction, Dictionary<string, FtmEntity> entities)
    {
        var named = sanction.Values("entity");
        var names = named.SelectMany(id => entities.TryGetValue(id, out var e) ? FtmActor.AllNames(e) : []).Distinct(StringComparer.Ordinal).ToList();
        var who = names.Count > 0 ? names[0] : named.Count > 0 ? named[0] : "an entity";
        var authority = sanction.First("authority");
        var program = sanction.First("program") ?? sanction.First("programId");
        var title = $"{authority ?? "Sanction"}: {who}{(program is null ? "" : $" ({program})")}";
        var text = string.Join("\n", new[]
        {
            sanction.First("reason"), sanction.First("provisions"), sanction.First("summary"),
            names.Count > 1 ? "Also known as: " + string.Join("; ", names.Skip(1)) : null,
        }.Where(t => !string.IsNullOrWhiteSpace(t)));
        var url = sanction.Values("sourceUrl").FirstOrDefault(u => Uri.TryCreate(u, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https");
        var listed = sanction.First("listingDate") ?? sanction.First("startDate") ?? sanction.First("date");
        // FtM values are text, not HTML: nothing to reduce.
        return new WatchItem(sanction.Id!, url, Cut(title.ReplaceLineEndings(" "), FeedDocument.MaxTitle), Cut(text, PlainText.MaxLength), Day(listed))
        {
            Entities = named,
            Names = names,
        };
    }

    private static string Cut(string text, int max) => text.Length <= max ? text : text[..max];

    private static DateOnly? Day(string? value) =>
        value is { Length: >= 10 } && DateOnly.TryParseExact(value[..10], "yyyy-MM-dd", out var day) ? day : null;
}

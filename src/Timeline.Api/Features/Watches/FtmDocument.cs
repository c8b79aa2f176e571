using System.Text;
using System.Text.Json;

namespace Timeline.Api.Features.Watches;

/// <summary>
/// FtM JSON lines as a watched source: a dataset's entities (<c>entities.ftm.json</c>, an entity a line) or an
/// OpenSanctions delta (<c>{ "op": "ADD"|"MOD"|"DEL", "entity": {…} }</c> a line). Each added or modified <c>Sanction</c> is
/// an item naming its entity: by the names the same file gives it, and by its id (a recorded actor with that
/// <c>opensanctions</c> identifier). A delta can bring tens of thousands of lines in one check, so lines are read as the
/// UTF-8 they arrive in, into the few properties an item is made of (generated code, no dictionary of every property),
/// a large document in two halves at once.
/// </summary>
public static class FtmDocument
{
    /// <summary>Whether the first line is an FtM entity or a delta's operation (a JSON Feed is one object over many lines).</summary>
    public static bool Is(ReadOnlySpan<byte> utf8)
    {
        var end = utf8.IndexOf((byte)'\n');
        var line = (end < 0 ? utf8 : utf8[..end]).Trim(" \t\r"u8);
        try
        {
            using var document = JsonDocument.Parse(line.ToArray());
            return document.RootElement.ValueKind == JsonValueKind.Object
                && (document.RootElement.TryGetProperty("op", out _) || document.RootElement.TryGetProperty("schema", out _));
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>Documents from this size on are read in two halves at once, each on a core.</summary>
    private const int TwoHalvesFrom = 256 * 1024;

    public static List<WatchItem> Read(ReadOnlyMemory<byte> utf8)
    {
        // A delta's lines are independent until its sanctions are matched with the names of their entities: its two halves
        // are read at once, then their entities taken in the file's order (a later line about an entity wins, as before).
        var halves = Halves(utf8);
        var read = new (List<Entity>? Entities, UnreadableSourceException? Error)[halves.Count];
        if (halves.Count == 1)
        {
            read[0] = (Entities(halves[0].Lines, halves[0].FirstLine), null);
        }
        else
        {
            Parallel.For(0, halves.Count, h =>
            {
                try
                {
                    read[h] = (Entities(halves[h].Lines, halves[h].FirstLine), null);
                }
                catch (UnreadableSourceException ex)
                {
                    read[h] = (null, ex);
                }
            });
        }

        var names = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var sanctions = new List<(string Id, FtmProperties Properties)>();
        foreach (var (entities, error) in read)
        {
            // The first line that is not FtM JSON is the one the document is refused for.
            if (error is not null)
            {
                throw error;
            }

            foreach (var entity in entities!)
            {
                names[entity.Id] = entity.Names;
                if (entity.Sanction)
                {
                    sanctions.Add((entity.Id, entity.Properties));
                }
            }
        }

        var items = new WatchItem[sanctions.Count];
        Parallel.For(0, halves.Count, h =>
        {
            for (var i = sanctions.Count * h / halves.Count; i < sanctions.Count * (h + 1) / halves.Count; i++)
            {
                items[i] = ItemOf(sanctions[i].Id, sanctions[i].Properties, names);
            }
        });
        return [.. items];
    }

    /// <summary>An added, modified or listed entity of a line: its id, whether it is a sanction, its names and properties.</summary>
    private sealed record Entity(string Id, bool Sanction, IReadOnlyList<string> Names, FtmProperties Properties);

    /// <summary>The document whole, or cut in two at the line end nearest its middle; each part with the number of its first line.</summary>
    private static List<(ReadOnlyMemory<byte> Lines, int FirstLine)> Halves(ReadOnlyMemory<byte> utf8)
    {
        var middle = utf8.Length < TwoHalvesFrom ? -1 : utf8.Span[(utf8.Length / 2)..].IndexOf((byte)'\n');
        if (middle < 0)
        {
            return [(utf8, 1)];
        }

        var cut = utf8.Length / 2 + middle + 1;
        return [(utf8[..cut], 1), (utf8[cut..], utf8.Span[..cut].Count((byte)'\n') + 1)];
    }

    /// <summary>An entity without properties; never written to.</summary>
    private static readonly FtmProperties Unnamed = new();

    private static List<Entity> Entities(ReadOnlyMemory<byte> lines, int firstLine)
    {
        var entities = new List<Entity>();
        var utf8 = lines.Span;
        var number = firstLine - 1;
        while (!utf8.IsEmpty)
        {
            number++;
            var end = utf8.IndexOf((byte)'\n');
            var line = (end < 0 ? utf8 : utf8[..end]).Trim(" \t\r"u8);
            utf8 = end < 0 ? [] : utf8[(end + 1)..];
            if (line.IsEmpty)
            {
                continue;
            }

            var read = Line(line, number);
            // DEL carries only the id: a lead once found stays.
            var entity = read?.Op is null ? read : read.Op is "ADD" or "MOD" ? read.Entity : null;
            if (entity?.Id is not { Length: > 0 } id)
            {
                continue;
            }

            var properties = entity.Properties ?? Unnamed;
            // Only a sanction's properties are kept past its line: the others' names are all the check needs of them.
            var sanction = entity.Schema == "Sanction";
            entities.Add(new Entity(id, sanction, properties.AllNames(), sanction ? properties : Unnamed));
        }

        return entities;
    }

    private static FtmLine? Line(ReadOnlySpan<byte> line, int number)
    {
        try
        {
            return FtmLine.Read(line);
        }
        catch (JsonException) when (Encoding.UTF8.GetString(line) is var text && !Encoding.UTF8.GetBytes(text).AsSpan().SequenceEqual(line))
        {
            // Bytes that are not UTF-8 are read as the replacement character, as a document decoded as text would be.
            return Line(Encoding.UTF8.GetBytes(text), number);
        }
        catch (JsonException ex)
        {
            throw new UnreadableSourceException($"line {number} is not FtM JSON ({ex.Message})");
        }
    }

    private static WatchItem ItemOf(string id, FtmProperties sanction, Dictionary<string, IReadOnlyList<string>> namesOf)
    {
        var named = FtmProperties.Values(sanction.Entity);
        var names = named.SelectMany(e => namesOf.GetValueOrDefault(e) ?? []).Distinct(StringComparer.Ordinal).ToList();
        var who = names.Count > 0 ? names[0] : named.Count > 0 ? named[0] : "an entity";
        var authority = FtmProperties.First(sanction.Authority);
        var program = FtmProperties.First(sanction.Program) ?? FtmProperties.First(sanction.ProgramId);
        var title = $"{authority ?? "Sanction"}: {who}{(program is null ? "" : $" ({program})")}";
        var text = string.Join("\n", new[]
        {
            FtmProperties.First(sanction.Reason), FtmProperties.First(sanction.Provisions), FtmProperties.First(sanction.Summary),
            names.Count > 1 ? "Also known as: " + string.Join("; ", names.Skip(1)) : null,
        }.Where(t => !string.IsNullOrWhiteSpace(t)));
        var url = FtmProperties.Values(sanction.SourceUrl).FirstOrDefault(u => Uri.TryCreate(u, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https");
        var listed = FtmProperties.First(sanction.ListingDate) ?? FtmProperties.First(sanction.StartDate) ?? FtmProperties.First(sanction.Date);
        // FtM values are text, not HTML: nothing to reduce.
        return new WatchItem(id, url, Cut(title.ReplaceLineEndings(" "), FeedDocument.MaxTitle), Cut(text, PlainText.MaxLength), Day(listed))
        {
            Entities = named,
            Names = names,
        };
    }

    private static string Cut(string text, int max) => text.Length <= max ? text : text[..max];

    private static DateOnly? Day(string? value) =>
        value is { Length: >= 10 } && DateOnly.TryParseExact(value[..10], "yyyy-MM-dd", out var day) ? day : null;
}

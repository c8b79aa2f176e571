using System.Globalization;
using System.Runtime.InteropServices;
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

        // Sized once: a delta is tens of thousands of entities, and each doubling left the smaller table behind.
        var count = read.Sum(r => r.Entities?.Count ?? 0);
        var names = new Dictionary<string, IReadOnlyList<string>>(count, StringComparer.Ordinal);
        var sanctions = new List<(string Id, FtmProperties Properties)>(count / 2);
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
        // Loops rather than LINQ: this runs once per sanction of a delta, ten thousand times in a check.
        var named = FtmProperties.Values(sanction.Entity);
        var names = NamesOf(named, namesOf);
        var who = names.Count > 0 ? names[0] : named.Count > 0 ? named[0] : "an entity";
        var authority = FtmProperties.First(sanction.Authority);
        var program = FtmProperties.First(sanction.Program) ?? FtmProperties.First(sanction.ProgramId);
        var title = $"{authority ?? "Sanction"}: {who}{(program is null ? "" : $" ({program})")}";
        var text = new StringBuilder();
        ReadOnlySpan<string?> parts = [FtmProperties.First(sanction.Reason), FtmProperties.First(sanction.Provisions), FtmProperties.First(sanction.Summary)];
        foreach (var part in parts)
        {
            Line(text, part);
        }

        if (names.Count > 1)
        {
            Line(text, "Also known as: " + string.Join("; ", names.Skip(1)));
        }

        var url = FirstWebAddress(sanction.SourceUrl);
        var listed = FtmProperties.First(sanction.ListingDate) ?? FtmProperties.First(sanction.StartDate) ?? FtmProperties.First(sanction.Date);
        // FtM values are text, not HTML: nothing to reduce.
        return new WatchItem(id, url, Cut(title.ReplaceLineEndings(" "), FeedDocument.MaxTitle), Cut(text.ToString(), PlainText.MaxLength), Day(listed))
        {
            Entities = named,
            Names = names,
        };
    }

    /// <summary>The names the file gives the entities a sanction names, each once, in the entities' order.</summary>
    private static IReadOnlyList<string> NamesOf(IReadOnlyList<string> named, Dictionary<string, IReadOnlyList<string>> namesOf)
    {
        if (named.Count == 1)
        {
            // One entity (the usual sanction): its names are already each given once.
            return namesOf.GetValueOrDefault(named[0]) ?? [];
        }

        var names = new List<string>();
        var once = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entity in named)
        {
            foreach (var name in namesOf.GetValueOrDefault(entity) ?? [])
            {
                if (once.Add(name))
                {
                    names.Add(name);
                }
            }
        }

        return names;
    }

    /// <summary>A line of an item's text, blank ones left out.</summary>
    private static void Line(StringBuilder text, string? line)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            return;
        }

        if (text.Length > 0)
        {
            text.Append('\n');
        }

        text.Append(line);
    }

    /// <summary>The first of the values (trimmed) that is an absolute http or https address.</summary>
    private static string? FirstWebAddress(List<string?>? values)
    {
        foreach (var value in CollectionsMarshal.AsSpan(values))
        {
            if (!string.IsNullOrWhiteSpace(value) && value.Trim() is var url && Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
            {
                return url;
            }
        }

        return null;
    }

    private static string Cut(string text, int max) => text.Length <= max ? text : text[..max];

    /// <summary>The day a value starts with, written <c>yyyy-MM-dd</c> (as <c>DateOnly.TryParseExact</c> reads it, without its cost a value).</summary>
    private static DateOnly? Day(string? value)
    {
        if (value is not { Length: >= 10 } || value[4] != '-' || value[7] != '-'
            || !int.TryParse(value.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            || !int.TryParse(value.AsSpan(5, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var month)
            || !int.TryParse(value.AsSpan(8, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var day))
        {
            return null;
        }

        return year >= 1 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month) ? new DateOnly(year, month, day) : null;
    }
}

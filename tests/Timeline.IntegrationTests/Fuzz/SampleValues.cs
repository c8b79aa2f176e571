using System.Globalization;
using System.Text.Json.Nodes;

namespace Timeline.IntegrationTests.Fuzz;

/// <summary>
/// Values that fit an operation's schemas. The document types many strings as anything (they pass through the
/// API's text converter), and says nothing of EDTF dates or known actor codes, so a member's name picks a value
/// the API takes; the schema decides the shape (object, array, scalar) and fills in the rest.
/// </summary>
public sealed class SampleValues(ApiDocument document, FuzzTargets targets, Random random)
{
    /// <summary>Members left out of a sample unless chance brings them in: they make a valid request invalid.</summary>
    private static readonly HashSet<string> Sometimes = new(StringComparer.OrdinalIgnoreCase)
        { "cursor", "after", "lastEventId", "Last-Event-ID", "since", "asOf", "fulfils", "related", "webhookUrl", "timeline", "externalId", "Timeline-Consistency",
            // A filter gives a box or a circle, not both.
            "bbox", "near",
            // A filter names actors or a saved timeline's actors, not both.
            "actorsOf" };

    public JsonNode? For(JsonObject schema, string name, string path)
    {
        schema = document.Resolve(schema);
        if (path.StartsWith("/api/places", StringComparison.Ordinal) && Place(name) is { } place)
        {
            return place;
        }

        if ((schema["oneOf"] ?? schema["anyOf"]) is JsonArray alternatives)
        {
            var typed = alternatives.Select(a => document.Resolve(a!.AsObject())).Where(a => (string?)a["type"] != "null").ToList();
            return typed.Count == 0 ? null : For(typed[random.Next(typed.Count)], name, path);
        }

        // The document lists the values (a download's format, its grouping): any of them will do.
        if (schema["enum"] is JsonArray { Count: > 0 } values)
        {
            return values[random.Next(values.Count)]?.DeepClone();
        }

        var types = schema["type"] is JsonArray many ? many.Select(t => (string)t!).ToList()
            : schema["type"] is JsonValue one ? [(string)one!] : [];
        if (types.Contains("object") || schema["properties"] is not null)
        {
            return Object(schema, path);
        }

        if (types.Contains("array") && name == "point")
        {
            return Point();
        }

        if (types.Contains("array"))
        {
            var items = schema["items"] as JsonObject ?? [];
            return new JsonArray(Enumerable.Range(0, random.Next(1, 3)).Select(_ => For(items, name, path)).ToArray());
        }

        if (types.Contains("integer") && name == "credibility")
        {
            return random.Next(1, 7);
        }

        if (types.Contains("integer"))
        {
            var min = (int?)schema["minimum"] ?? 0;
            var max = (int?)schema["maximum"] ?? 100;
            return random.Next(min, Math.Min(max, 100) + 1);
        }

        if (types.Contains("number"))
        {
            return Number(schema, name, path);
        }

        return types.Contains("boolean") ? random.Next(2) == 0 : Text(name, path, (string?)schema["format"]);
    }

    /// <summary>A place's shapes and identifiers, which the schema types only as numbers, anything and text.</summary>
    private JsonNode? Place(string name) => name switch
    {
        "point" => Point(),
        // A box around Vladivostok, closed, in GeoJSON order.
        "area" => new JsonObject
        {
            ["type"] = "Polygon",
            ["coordinates"] = new JsonArray(new JsonArray(
                new JsonArray(131.0, 42.0), new JsonArray(133.0, 42.0), new JsonArray(133.0, 44.0), new JsonArray(131.0, 44.0), new JsonArray(131.0, 42.0))),
        },
        "identifiers" => new JsonObject { ["wikidata"] = $"Q{random.Next(1, 1_000_000)}", ["geonames"] = random.Next(1, 10_000_000).ToString(CultureInfo.InvariantCulture) },
        _ => null,
    };

    /// <summary>[longitude, latitude] near Vladivostok: inside the sample box and circle.</summary>
    private JsonArray Point() => new(Math.Round(131 + (random.NextDouble() * 2), 3), Math.Round(42 + (random.NextDouble() * 2), 3));

    private JsonNode Number(JsonObject schema, string name, string path) => (path, name.ToLowerInvariant()) switch
    {
        // In order, so that low ≤ value ≤ high holds whichever the qualifier is.
        ("/api/measures/{code}/claims", "low") => 100,
        ("/api/measures/{code}/claims", "value") => 200,
        ("/api/measures/{code}/claims", "high") => 300,
        (_, "uncertaintykm") => random.Next(1, 101),
        _ => Math.Round(Math.Clamp(random.NextDouble() * 100, (double?)schema["minimum"] ?? 0, (double?)schema["maximum"] ?? 100), 2),
    };

    public bool Include(string name, bool required) => required || !Sometimes.Contains(name) || random.Next(5) == 0;

    private JsonObject Object(JsonObject schema, string path)
    {
        var required = (schema["required"] as JsonArray ?? []).Select(r => (string)r!).ToHashSet();
        var obj = new JsonObject();
        foreach (var (name, member) in schema["properties"] as JsonObject ?? [])
        {
            // A claim's asOf is what it says when the figure held: without one it is only ever a 400.
            if (Include(name, required.Contains(name) || (path.EndsWith("/claims", StringComparison.Ordinal) && name == "asOf")))
            {
                obj[name] = For(member!.AsObject(), name, path);
            }
        }

        // A subscription is to a filter or to a timeline, not both.
        if (obj.ContainsKey("timeline"))
        {
            obj.Remove("filter");
        }

        return obj;
    }

    private string Text(string name, string path, string? format) => (path, name.ToLowerInvariant()) switch
    {
        ("/api/keys", "name") => $"fuzz-key-{random.Next(1_000_000)}",
        ("/api/measures", "code") => "fuzz-" + Letters(8),
        ("/api/measures/{code}/claims", "qualifier") => Pick("exact", "about", "at-least", "at-most", "range"),
        // Numbers pass as strings; in order, so that low ≤ value ≤ high holds whichever the qualifier is.
        ("/api/measures/{code}/claims", "low") => "100",
        ("/api/measures/{code}/claims", "value") => "200",
        ("/api/measures/{code}/claims", "high") => "300",
        ("/api/measures/{code}/claims", "asof") => Pick("2024-10-23", "2024-10", "2024"),
        ("/api/measures/{code}/claims", "period") => Pick("2020/2024", "2024"),
        ("/api/measures/{code}/claims", "derivedfrom") => targets.ClaimId.ToString(),
        ("/api/measures/{code}/download", "format") => "csv",
        ("/api/places", "code") => "fuzz-" + Letters(8),
        ("/api/places" or "/api/places/{code}", "kind") => Pick("site", "city", "region", "country", "route"),
        (_, "place") => targets.PlaceCode,
        // An event's place has a role; so has a key, below.
        (var events, "role") when events.StartsWith("/api/events", StringComparison.Ordinal) => Pick("site", "origin", "destination", "route"),
        (_, "precision") => Pick("exact", "near", "city", "region", "country"),
        (_, "bbox") => Pick("131,42,133,44", "-180,-90,180,90"),
        (_, "near") => Pick("131.9,43.1,50", "131.9,43.1,500"),
        (_, "placematch") => Pick("overlaps", "within"),
        (_, "bom") => Pick("true", "false"),
        ("/api/watches" or "/api/watches/{id}", "url") => "http://127.0.0.1:9/fuzz-feed",
        (_, "every") => Pick("PT15M", "PT1H", "P1D"),
        ("/api/leads", "status") => Pick("new", "accepted", "dismissed"),
        (_, "watch") => targets.WatchId.ToString(),
        ("/api/events/{id}/distinct-from" or "/api/events/{id}/duplicate-of" or "/api/leads/{id}/attachment", "eventid") => targets.KeptEventId.ToString(),
        (_, "reliability") => Pick("A", "B", "F"),
        (_, "credibility") => Pick("1", "2", "6"),
        (_, "actorsof") => targets.Slug,
        ("/api/follow-ups", "status") => Pick("open", "overdue", "open,overdue"),
        ("/api/alerts", "kind") or (_, "kinds") => Pick("event.recorded", "followup.due"),
        ("/api/changes", "types") => Pick("event", "followUp,actor"),
        (_, "title" or "summary" or "description" or "reason" or "name" or "quote" or "publisher" or "aliases" or "alias") =>
            $"Fuzz {name} {random.Next(1_000_000)}",
        (_, "occurred" or "due" or "listed" or "ends") => Pick("2024-10-23", "2024-06", "2024-10-14/2024-10-20", "2024-06~", "202X", "../2024-10", "2025"),
        (_, "from" or "to") => Pick("2024", "2024-10", "2024-10-23"),
        (_, "type") => Pick("statement", "military.deployment"),
        (_, "status") => Pick("reported", "confirmed", "disputed"),
        (_, "actor" or "actors") => Pick("KP", "RU", targets.ActorCode),
        (_, "tag" or "tags") => "fuzz",
        (_, "relation") => Pick("confirms", "follows"),
        (_, "url") => $"https://example.org/fuzz/{random.Next(1000)}",
        (_, "webhookurl") => "https://hooks.example.invalid/fuzz",
        ("/api/feed-tokens", "scope") => Pick("calendar", "timeline:" + targets.Slug),
        (_, "code") => "FZ" + Letters(4).ToUpperInvariant(),
        (_, "kind") => Pick("organisation", "person", "company", "vessel", "aircraft"),
        (_, "slug") => "fuzz-" + Letters(8),
        (_, "timeline-consistency") => Pick("0/0", "0/16B3748", "FFFFFFFF/FFFFFFFF"),
        (_, "role") => Pick("reader", "editor", "admin"),
        (_, "eventid") => targets.EventId.ToString(),
        (_, "fulfils" or "fulfil") => targets.FollowUpId.ToString(),
        (_, "timeline") => targets.Slug,
        (_, "subscription") => targets.SubscriptionId.ToString(),
        (_, "match") => Pick("overlaps", "within"),
        (_, "order") => Pick("asc", "desc"),
        (_, "q") => Pick("troops", "satellite imagery", "DPRK"),
        (_, "mode") => Pick("partial", "all"),
        (_, "asof" or "since") => DateTimeOffset.UtcNow.AddMinutes(-random.Next(600)).ToString("O", CultureInfo.InvariantCulture),
        _ => format switch
        {
            "uuid" => new Guid(Bytes(16)).ToString(),
            "date" => "2024-10-23",
            "date-time" => DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
            _ => "fuzz-" + Letters(6),
        },
    };

    private string Pick(params string[] choices) => choices[random.Next(choices.Length)];

    private string Letters(int count) => new([.. Enumerable.Range(0, count).Select(_ => (char)('a' + random.Next(26)))]);

    private byte[] Bytes(int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }
}

using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Timeline.Api.Features.Events;
using Timeline.Api.Features.Measures;
using Timeline.Api.Features.Places;
using Timeline.Core.Places;
using Timeline.Core.Actors;
using Timeline.Core.Data;
using Timeline.Core.Dates;

namespace Timeline.Api.Features.Exports;

/// <summary>
/// FollowTheMoney entities, one JSON object a line (<c>{ "id", "schema", "properties" }</c>): each actor once, as the
/// schema of its kind, before the first event that names it; each event as an <c>Event</c> involving its actors (naming its vessels and aircraft); each
/// designation as a <c>Sanction</c> of its designated actors; each claim linked to an event as a <c>Note</c> on it (FtM
/// has no schema for an estimate: the figure is carried in words). Ids are stable (the same actor, event or designation
/// has the same id in every download), so every reference resolves inside the file.
/// </summary>
public sealed class FtmDownload(Stream body, TimelineDbContext db, DateTimeOffset? at) : DownloadFormat, IAsyncDisposable
{
    private readonly HashSet<string> actorsWritten = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Kind, string Name)> written = new(StringComparer.Ordinal);
    private readonly PlaceBook places = new(db);
    private readonly HashSet<string> placesWritten = new(StringComparer.Ordinal);

    // One buffer for every page: a page's bytes are sent with one write.
    private readonly MemoryStream page = new();

    public override string Name => DownloadFormats.Ftm;
    public override string MediaType => NdjsonDownload.Type;
    public override string Extension => "ftm.json";

    public static string ActorId(string code) => "timeline-actor-" + code;
    public static string EventId(Guid id) => "timeline-event-" + id.ToString("D");
    public static string SanctionId(Guid id, string code) => $"timeline-sanction-{id:D}-{code}";
    public static string ClaimId(Guid id) => "timeline-claim-" + id.ToString("D");
    public static string AddressId(string place) => "timeline-place-" + place;

    /// <summary>The FtM schema of each actor kind.</summary>
    public static string SchemaOf(string kind) => kind switch
    {
        Actor.State => "PublicBody",
        "person" => "Person",
        "company" => "Company",
        "vessel" => "Vessel",
        "aircraft" => "Airplane",
        _ => "Organization",
    };

    // What the page being written needs beside its events, read by PrepareAsync.
    private readonly DownloadClaims claimsOf = new(db, at);
    private List<Actor> newActors = [];
    private Dictionary<Guid, List<EventClaimView>> claims = [];

    public override async Task PrepareAsync(IReadOnlyList<EventView> events, CancellationToken ct)
    {
        var unseen = events.SelectMany(e => e.Actors).Where(a => !actorsWritten.Contains(a)).Distinct().ToList();
        newActors = unseen.Count == 0 ? [] : await db.Actors.AsNoTracking().Include(a => a.Identifiers).Where(a => unseen.Contains(a.Code)).ToListAsync(ct);
        await places.ReadAsync(events, ct);
        claims = await claimsOf.OfAsync(events, ct);
    }

    public override async Task WritePageAsync(IReadOnlyList<EventView> events, CancellationToken ct)
    {
        page.SetLength(0);
        await using (var json = new Utf8JsonWriter(page))
        {
            foreach (var actor in newActors)
            {
                WriteActor(json, page, actor);
                actorsWritten.Add(actor.Code);
                written[actor.Code] = (actor.Kind, actor.Name);
            }

            foreach (var place in events.SelectMany(e => e.Places).Select(p => p.Place).Distinct().Where(placesWritten.Add))
            {
                if (places.Places.GetValueOrDefault(place) is { } known)
                {
                    WriteAddress(json, page, known);
                }
            }

            foreach (var e in events)
            {
                WriteEvent(json, page, e);
                if (e.Sanction is not null)
                {
                    WriteSanctions(json, page, e);
                }

                foreach (var claim in claims.GetValueOrDefault(e.Id, []))
                {
                    WriteClaim(json, page, e, claim);
                }
            }
        }

        await body.WriteAsync(page.GetBuffer().AsMemory(0, (int)page.Length), ct);
        await body.FlushAsync(ct);
    }

    public ValueTask DisposeAsync() => page.DisposeAsync();

    private static void WriteActor(Utf8JsonWriter json, Stream page, Actor actor)
    {
        var schema = SchemaOf(actor.Kind);
        var properties = new Dictionary<string, IEnumerable<string>>
        {
            ["name"] = [actor.Name],
            ["alias"] = actor.Aliases,
        };
        foreach (var id in actor.Identifiers)
        {
            switch (id.Scheme)
            {
                case "wikidata":
                    properties["wikidataId"] = [id.Value];
                    break;
                case "iso3166":
                    properties["country"] = [id.Value.ToLowerInvariant()];
                    break;
                case "imo" when schema is "Vessel" or "Organization" or "Company" or "PublicBody":
                    properties["imoNumber"] = ["IMO" + id.Value];
                    break;
                case "un":
                    properties["programId"] = [id.Value];
                    break;
                default:
                    if (schema is not ("Vessel" or "Airplane"))
                    {
                        properties["idNumber"] = [.. properties.GetValueOrDefault("idNumber", []), $"{id.Scheme}:{id.Value}"];
                    }

                    break;
            }
        }

        if (actor.Kind == Actor.State && !properties.ContainsKey("country") && actor.Code.Length == 2)
        {
            properties["country"] = [actor.Code.ToLowerInvariant()];
        }

        WriteEntity(json, page, ActorId(actor.Code), schema, properties);
    }

    /// <summary>Vessels and aircraft are not legal entities, which FtM's <c>involved</c> takes: the event mentions them by name.</summary>
    private bool IsVehicle(string code) => written.GetValueOrDefault(code).Kind is "vessel" or "aircraft";

    private void WriteEvent(Utf8JsonWriter json, Stream page, EventView e)
    {
        var properties = new Dictionary<string, IEnumerable<string>>
        {
            ["name"] = [e.Title],
            ["summary"] = [e.Summary],
            ["involved"] = e.Actors.Where(a => !IsVehicle(a)).Select(ActorId),
            ["namesMentioned"] = e.Actors.Where(IsVehicle).Select(a => written[a].Name),
            ["keywords"] = [e.Type, .. e.Tags],
            ["sourceUrl"] = e.Sources.Select(s => s.Url),
            ["publisher"] = e.Sources.Select(s => s.Publisher).OfType<string>().Distinct(),
            ["recordId"] = [e.Id.ToString("D")],
            ["modifiedAt"] = [e.UpdatedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture)],
        };
        var at = e.Places.Select(p => places.Places.GetValueOrDefault(p.Place)).OfType<Place>().ToList();
        properties["addressEntity"] = at.Select(p => AddressId(p.Code));
        properties["location"] = at.Select(p => p.Name);
        properties["country"] = at.Select(CountryOf).OfType<string>();
        AddDates(properties, e.Earliest, e.Latest, e.Precision, "date");
        WriteEntity(json, page, EventId(e.Id), "Event", properties);
    }

    /// <summary>A place as FtM's <c>Address</c>: its name, its point, and its country when it is one.</summary>
    private static void WriteAddress(Utf8JsonWriter json, Stream page, Place place)
    {
        var point = PlaceBook.PointOf(place);
        WriteEntity(json, page, AddressId(place.Code), "Address", new Dictionary<string, IEnumerable<string>>
        {
            ["full"] = [place.Name],
            ["city"] = place.Kind == "city" ? [place.Name] : [],
            ["region"] = place.Kind == "region" ? [place.Name] : [],
            ["country"] = CountryOf(place) is { } country ? [country] : [],
            ["latitude"] = point is null ? [] : [point.Y.ToString("0.#####", CultureInfo.InvariantCulture)],
            ["longitude"] = point is null ? [] : [point.X.ToString("0.#####", CultureInfo.InvariantCulture)],
        });
    }

    /// <summary>FtM's country code of a country place whose code is its ISO 3166-1 alpha-2 code (<c>ru</c>), else none.</summary>
    private static string? CountryOf(Place place) => place.Kind == "country" && place.Code.Length == 2 ? place.Code : null;

    /// <summary>One <c>Sanction</c> per designated actor: the actors other than states, or every actor when all are states.</summary>
    private void WriteSanctions(Utf8JsonWriter json, Stream page, EventView e)
    {
        var sanction = e.Sanction!;
        var designated = e.Actors.Where(a => written.GetValueOrDefault(a).Kind != Actor.State).ToList();
        foreach (var code in designated.Count > 0 ? designated : [.. e.Actors])
        {
            var properties = new Dictionary<string, IEnumerable<string>>
            {
                ["entity"] = [ActorId(code)],
                ["authority"] = [sanction.Authority],
                ["program"] = sanction.Program is { } p ? [p] : [],
                ["authorityId"] = sanction.Reference is { } r ? [r] : [],
                ["provisions"] = sanction.Measures,
                ["reason"] = sanction.Reason is { } why ? [why] : [],
                ["summary"] = [e.Title],
                ["sourceUrl"] = e.Sources.Select(s => s.Url),
                ["recordId"] = [e.Id.ToString("D")],
                ["status"] = [e.Type == "sanctions.delisting" ? "delisted" : "listed"],
            };
            if (Bounds(sanction.Listed) is { } listed)
            {
                properties["listingDate"] = [Day(listed.Earliest ?? listed.Latest!.Value, listed.Precision)];
            }

            if (Bounds(sanction.Ends) is { } ends)
            {
                properties["endDate"] = [Day(ends.Latest ?? ends.Earliest!.Value, ends.Precision)];
            }

            if (!properties.ContainsKey("listingDate"))
            {
                AddDates(properties, e.Earliest, e.Latest, e.Precision, "listingDate");
            }

            WriteEntity(json, page, SanctionId(e.Id, code), "Sanction", properties);
        }
    }

    /// <summary>
    /// A claim as a <c>Note</c> on its event: FtM has no schema for a quantity or an estimate (its <c>Value</c> is abstract
    /// and holds the money amounts of payments and contracts), so the figure is carried in words in <c>description</c>
    /// ("at least 3000 persons, as of 2024-10-23"), the measure's name as the note's <c>name</c>, its code and the
    /// qualifier as <c>keywords</c>, the source as <c>sourceUrl</c>, <c>publisher</c> and the quote as <c>summary</c>.
    /// </summary>
    private static void WriteClaim(Utf8JsonWriter json, Stream page, EventView e, EventClaimView claim)
    {
        var properties = new Dictionary<string, IEnumerable<string>>
        {
            ["entity"] = [EventId(e.Id)],
            ["name"] = [claim.MeasureName],
            ["description"] = [claim.Words()],
            ["keywords"] = [claim.Measure, claim.Qualifier],
            ["sourceUrl"] = claim.Source.Url is { } url ? [url] : [],
            ["publisher"] = claim.Source.Publisher is { } publisher ? [publisher] : [],
            ["summary"] = claim.Source.Quote is { } quote ? [quote] : [],
            ["notes"] = claim.Note is { } note ? [note] : [],
        };
        WriteEntity(json, page, ClaimId(claim.Id), "Note", properties);
    }

    private static EdtfDate? Bounds(string? text) =>
        text is not null && EdtfDate.TryParse(text, out var date, out _) && (date.Earliest ?? date.Latest) is not null ? date : null;

    /// <summary>One date when both ends read the same at the event's precision, else a start and an end (each when known).</summary>
    private static void AddDates(Dictionary<string, IEnumerable<string>> properties, DateOnly? earliest, DateOnly? latest, string precision, string single)
    {
        var p = Enum.Parse<EdtfPrecision>(precision, ignoreCase: true);
        var start = earliest is { } a ? Day(a, p) : null;
        var end = latest is { } b ? Day(b, p) : null;
        if (start is not null && start == end)
        {
            properties[single] = [start];
            return;
        }

        properties["startDate"] = start is null ? [] : [start];
        properties["endDate"] = end is null ? [] : [end];
    }

    /// <summary>An FtM date: as many parts as are known (<c>2024</c>, <c>2024-06</c>, <c>2024-06-19</c>).</summary>
    private static string Day(DateOnly day, EdtfPrecision precision) => precision switch
    {
        EdtfPrecision.Day => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        EdtfPrecision.Month => day.ToString("yyyy-MM", CultureInfo.InvariantCulture),
        _ => day.ToString("yyyy", CultureInfo.InvariantCulture),
    };

    private static void WriteEntity(Utf8JsonWriter json, Stream page, string id, string schema, Dictionary<string, IEnumerable<string>> properties)
    {
        json.Reset(page);
        json.WriteStartObject();
        json.WriteString("id", id);
        json.WriteString("schema", schema);
        json.WriteStartObject("properties");
        foreach (var (name, values) in properties)
        {
            // A property is written only when it has a value that is not blank; the array opens at the first such value.
            var open = false;
            foreach (var value in values)
            {
                if (string.IsNullOrWhiteSpace(value))
                {
                    continue;
                }

                if (!open)
                {
                    json.WriteStartArray(name);
                    open = true;
                }

                json.WriteStringValue(value);
            }

            if (open)
            {
                json.WriteEndArray();
            }
        }

        json.WriteEndObject();
        json.WriteEndObject();
        json.Flush();
        page.WriteByte((byte)'\n');
    }
}

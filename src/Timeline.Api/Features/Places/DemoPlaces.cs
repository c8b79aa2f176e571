using System.Text.Json;
using Mediator;
using Timeline.Api.Features.Events;
using Timeline.Core.Data;

namespace Timeline.Api.Features.Places;

/// <summary>
/// The demo's places and where the seed article puts its events: Vladivostok (where ships carry troops), the
/// Tumangang–Khasan rail crossing (the rail connections between the two countries), Kursk oblast, and the two countries
/// with outlines from Natural Earth (world-atlas, 1:110m). Identifiers only where checked.
/// </summary>
public static class DemoPlaces
{
    public const string Vladivostok = "vladivostok";
    public const string RailCrossing = "tumangang-khasan-crossing";
    public const string Kursk = "kursk-oblast";
    public const string Russia = "ru";
    public const string NorthKorea = "kp";

    public static async Task LoadAsync(IMediator mediator, TimelineDbContext db, string recordedBy, CancellationToken ct)
    {
        await using var stream = typeof(DemoPlaces).Assembly.GetManifestResourceStream("Timeline.Api.Features.Places.DemoOutlines.json")!;
        var outlines = await JsonSerializer.DeserializeAsync<Dictionary<string, JsonElement>>(stream, cancellationToken: ct);
        RecordPlace[] places =
        [
            new() { Code = Vladivostok, Name = "Vladivostok", Kind = "city", Aliases = ["Владивосток"], Point = [131.886, 43.115],
                Identifiers = new() { ["wikidata"] = "Q959", ["geonames"] = "2013348" } },
            new() { Code = RailCrossing, Name = "Tumangang–Khasan rail crossing", Kind = "site",
                Aliases = ["Khasan–Tumangang", "Korea–Russia Friendship Bridge", "Хасан", "두만강역"], Point = [130.64, 42.42] },
            // Q3178: the item Wikidata's own queries take for the oblast (settlements located in it, P131); no GeoNames id checked.
            new() { Code = Kursk, Name = "Kursk oblast", Kind = "region", Aliases = ["Kursk region", "Курская область"], Point = [36.017, 51.75],
                Identifiers = new() { ["wikidata"] = "Q3178" } },
            new() { Code = Russia, Name = "Russia", Kind = "country", Aliases = ["Russian Federation", "Россия"], Point = [37.618, 55.751],
                Area = outlines!["RU"], Identifiers = new() { ["wikidata"] = "Q159", ["geonames"] = "2017370" } },
            new() { Code = NorthKorea, Name = "North Korea", Kind = "country", Aliases = ["DPRK", "조선민주주의인민공화국", "Северная Корея"], Point = [125.754, 39.034],
                Area = outlines["KP"], Identifiers = new() { ["wikidata"] = "Q423", ["geonames"] = "1873107" } },
        ];
        foreach (var place in places)
        {
            if (await db.Places.FindAsync([place.Code], ct) is null)
            {
                await mediator.Send(place with { RecordedBy = recordedBy }, ct);
            }
        }
    }

    /// <summary>Where the article puts an event, by the demo event's title; nothing where it does not say.</summary>
    public static List<EventPlaceFields> Of(string title) => title switch
    {
        // "traffic along the rail connections between the two countries": the one rail crossing, near it.
        "Unprecedented rail traffic between DPRK and Russia" => [At(RailCrossing, "route", "near", 20)],
        // "ships carrying troops going to Vladivostok, Russia, and other areas": the city, from North Korea.
        "White House promises intelligence and satellite imagery of DPRK troop movements" =>
            [At(NorthKorea, "origin", "country"), At(Vladivostok, "destination", "city", 15)],
        // "moved at least 3,000 soldiers into eastern Russia": no nearer than the country.
        "US confirms DPRK troops in Russia" => [At(NorthKorea, "origin", "country"), At(Russia, "destination", "country")],
        "South Korea says DPRK is sending troops to Russia" or "Ukraine says DPRK troops are in Russia"
            or "Public reports put DPRK troops for Russia at some 10,000"
            or "DPRK ships 8 million rounds of artillery munitions and scores of ballistic missiles to Russia" =>
            [At(NorthKorea, "origin", "country"), At(Russia, "destination", "country")],
        _ => [],
    };

    private static EventPlaceFields At(string place, string role, string precision, double? uncertaintyKm = null) =>
        new() { Place = place, Role = role, Precision = precision, UncertaintyKm = uncertaintyKm };
}

using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Timeline.Benchmarks;

/// <summary>
/// A deterministic, seeded, realistic set of events: event <c>i</c> is the same on every run and machine, whatever
/// the size asked for, so the same rows can be generated again for each figure without holding them in memory.
/// The proportions follow public sanctions trackers: most events are designations, statements and trade; Russia,
/// Ukraine, the US, the EU and China dominate the actors; most dates are days, recent years much denser than old.
/// </summary>
public sealed class DataSet(int seed = 20241023)
{
    public sealed record Actor(string Code, string Name, string Kind, double Weight);

    public static readonly Actor[] Actors =
    [
        new("RU", "Russia", "state", 18), new("UA", "Ukraine", "state", 11), new("US", "United States", "state", 10),
        new("EU", "European Union", "organisation", 7), new("CN", "China", "state", 6), new("KP", "North Korea", "state", 6),
        new("IR", "Iran", "state", 5), new("GB", "United Kingdom", "state", 4), new("BY", "Belarus", "state", 3),
        new("UN", "United Nations", "organisation", 3), new("KR", "South Korea", "state", 2.5), new("JP", "Japan", "state", 2.5),
        new("DE", "Germany", "state", 2), new("FR", "France", "state", 2), new("TR", "Turkey", "state", 2),
        new("SY", "Syria", "state", 1.5), new("IN", "India", "state", 1.5), new("AE", "United Arab Emirates", "state", 1.5),
        new("VE", "Venezuela", "state", 1), new("CU", "Cuba", "state", 0.8), new("MM", "Myanmar", "state", 0.8),
        new("KZ", "Kazakhstan", "state", 0.8), new("GE", "Georgia", "state", 0.6), new("AM", "Armenia", "state", 0.6),
        new("SA", "Saudi Arabia", "state", 0.6), new("IL", "Israel", "state", 0.6), new("CH", "Switzerland", "state", 0.5),
        new("CA", "Canada", "state", 0.5), new("AU", "Australia", "state", 0.5), new("NATO", "NATO", "organisation", 1),
        new("G7", "Group of Seven", "organisation", 0.6), new("FATF", "Financial Action Task Force", "organisation", 0.3),
        new("IAEA", "International Atomic Energy Agency", "organisation", 0.4), new("MSMT", "Multilateral Sanctions Monitoring Team", "organisation", 0.2),
        new("WAGNER", "Wagner Group", "organisation", 0.5), new("HEZBOLLAH", "Hezbollah", "organisation", 0.4), new("HOUTHIS", "Ansar Allah", "organisation", 0.4),
        new("OFAC", "Office of Foreign Assets Control", "organisation", 1.5), new("SECCO", "UN Security Council", "organisation", 1),
        new("LAZARUS", "Lazarus Group", "organisation", 0.3),
    ];

    internal static readonly (string Type, double Weight, string Verb)[] Types =
    [
        ("sanctions.designation", 30, "designates"), ("statement", 15, "states"), ("sanctions.enforcement", 11, "enforces sanctions against"),
        ("trade.flow", 10, "ships"), ("military.supply", 8, "supplies"), ("military.deployment", 6, "deploys to"),
        ("intelligence.release", 5, "releases intelligence on"), ("un.vote", 4, "votes on"), ("treaty.signed", 3, "signs a treaty with"),
        ("institution.formed", 1.5, "forms"), ("un.veto", 1, "vetoes"), ("military.exercise", 2.5, "exercises with"),
        ("sanctions.delisting", 1.5, "delists"), ("trade.seizure", 1.5, "seizes"),
    ];

    private static readonly string[] Objects =
    [
        "oil tanker", "shipping network", "front companies", "bank", "crypto exchange", "arms shipment", "artillery shells",
        "ballistic missiles", "drone components", "semiconductors", "dual-use goods", "vessel", "procurement network",
        "defence ministry", "refinery", "port operator", "insurance firm", "trading house", "airline", "shadow fleet",
        "coal exports", "luxury goods", "machine tools", "rail shipments", "troops", "satellite imagery", "laundering scheme",
        "IT workers", "gold exports", "fertiliser", "diamonds", "price cap", "export controls", "asset freeze", "travel ban",
    ];

    private static readonly string[] Places =
    [
        "Kursk", "Vladivostok", "Rajin", "Nampo", "Primorsky", "Novorossiysk", "Tartus", "Bandar Abbas", "Dubai", "Istanbul",
        "Hong Kong", "Shenzhen", "Minsk", "Almaty", "Tbilisi", "Yerevan", "Crimea", "Donetsk", "Kharkiv", "Odesa", "Kherson",
        "Zaporizhzhia", "Baltic Sea", "Black Sea", "Red Sea", "Strait of Hormuz", "Caracas", "Havana", "Yangon", "Pyongyang",
        "Moscow", "Tehran", "Damascus", "Beijing", "Brussels", "Washington", "London", "Geneva", "New York", "Seoul", "Tokyo",
    ];

    private static readonly string[] Filler =
    [
        "according to officials", "citing intelligence assessments", "in a joint statement", "after months of negotiation",
        "amid reports of evasion", "under the new executive order", "in coordination with allies", "following media reports",
        "despite earlier denials", "as monitors documented", "with immediate effect", "pending review", "in breach of resolutions",
        "through intermediaries", "using ship-to-ship transfers", "via third countries", "with falsified documents",
    ];

    private static readonly (string Name, string Domain)[] Publishers =
    [
        ("Reuters", "reuters.com"), ("Associated Press", "apnews.com"), ("US Treasury", "home.treasury.gov"), ("Official Journal of the EU", "eur-lex.europa.eu"),
        ("UN Security Council", "un.org"), ("CSIS", "csis.org"), ("38 North", "38north.org"), ("NK News", "nknews.org"),
        ("Financial Times", "ft.com"), ("Kyiv Independent", "kyivindependent.com"), ("RUSI", "rusi.org"), ("Yonhap", "yna.co.kr"),
        ("UK Government", "gov.uk"), ("Bloomberg", "bloomberg.com"), ("The Moscow Times", "themoscowtimes.com"), ("OpenSanctions", "opensanctions.org"),
    ];

    internal static readonly string[] Tags = BuildTags();

    private static string[] BuildTags()
    {
        string[] core =
        [
            "troops", "oil", "shipping", "finance", "crypto", "arms", "missiles", "drones", "semiconductors", "dual-use",
            "shadow-fleet", "price-cap", "export-controls", "asset-freeze", "evasion", "nuclear", "cyber", "gold", "coal",
            "banking", "swift", "insurance", "luxury", "energy", "gas", "lng", "wheat", "fertiliser", "diamonds", "aviation",
        ];
        // A long tail, as real trackers grow: campaign, programme and case tags.
        return [.. core, .. Enumerable.Range(1, 170).Select(i => $"case-{i:000}")];
    }

    private readonly double[] actorCumulative = Cumulative(Actors.Select(a => a.Weight));
    private readonly double[] typeCumulative = Cumulative(Types.Select(t => t.Weight));

    // Zipf-like: tag k has weight 1/(k+1).
    private readonly double[] tagCumulative = Cumulative(Tags.Select((_, k) => 1.0 / (k + 1)));

    private static double[] Cumulative(IEnumerable<double> weights)
    {
        var sum = 0.0;
        var cumulative = weights.Select(w => sum += w).ToArray();
        return [.. cumulative.Select(c => c / sum)];
    }

    private static int Pick(double[] cumulative, Random random)
    {
        var x = random.NextDouble();
        var i = Array.BinarySearch(cumulative, x);
        return Math.Min(i < 0 ? ~i : i, cumulative.Length - 1);
    }

    public sealed record Source(string Url, string Title, string? Publisher, string? Published, string? Quote);

    /// <summary>One of an event's places as the import takes it (<c>places</c>).</summary>
    public sealed record EventPlace(string Place, string Role, string Precision, double? UncertaintyKm);

    /// <summary>An event as the import takes it; its <c>places</c> are null (left out of the line) for an unplaced event.</summary>
    public sealed record Event(string ExternalId, string Title, string Summary, string Occurred, string Type, string Status,
        string[] Actors, string[] Tags, Source[] Sources, EventPlace[]? Places = null);

    /// <summary>A seed for one item that is the same in every process (<c>HashCode.Combine</c>'s changes with each one).</summary>
    public static int StableSeed(int seed, long index) => unchecked((int)((ulong)index * 0x9E3779B97F4A7C15UL >> 33) ^ seed);

    public Event Generate(long index)
    {
        var random = new Random(StableSeed(seed, index));
        var actorCount = random.NextDouble() switch { < 0.30 => 1, < 0.70 => 2, < 0.90 => 3, _ => 4 };
        var actors = new List<string>();
        while (actors.Count < actorCount)
        {
            var code = Actors[Pick(actorCumulative, random)].Code;
            if (!actors.Contains(code))
            {
                actors.Add(code);
            }
        }

        var (type, _, verb) = Types[Pick(typeCumulative, random)];
        var tagCount = random.NextDouble() switch { < 0.15 => 0, < 0.50 => 1, < 0.80 => 2, < 0.95 => 3, _ => 4 };
        var tags = new HashSet<string>();
        for (var t = 0; t < tagCount; t++)
        {
            tags.Add(Tags[Pick(tagCumulative, random)]);
        }

        var (occurred, day) = Date(random);
        var subject = Actors.First(a => a.Code == actors[0]).Name;
        var obj = Objects[random.Next(Objects.Length)];
        var place = Places[random.Next(Places.Length)];
        var title = $"{subject} {verb} {obj} near {place}";
        var summary = new StringBuilder();
        var sentences = 1 + random.Next(3);
        for (var s = 0; s < sentences; s++)
        {
            var other = Actors[Pick(actorCumulative, random)].Name;
            summary.Append(CultureInfo.InvariantCulture, $"{other} {Types[Pick(typeCumulative, random)].Verb} {Objects[random.Next(Objects.Length)]} {Filler[random.Next(Filler.Length)]}, ")
                .Append(CultureInfo.InvariantCulture, $"linked to {Places[random.Next(Places.Length)]} and {tags.FirstOrDefault() ?? "regional"} activity. ");
        }

        var sourceCount = random.NextDouble() switch { < 0.60 => 1, < 0.90 => 2, _ => 3 };
        var sources = new Source[sourceCount];
        for (var s = 0; s < sourceCount; s++)
        {
            var (publisher, domain) = Publishers[random.Next(Publishers.Length)];
            var published = day?.AddDays(random.Next(0, 30)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            sources[s] = new Source(
                $"https://www.{domain}/{(day?.Year ?? 2020).ToString(CultureInfo.InvariantCulture)}/{index}-{s}",
                $"{subject} and {obj}: {Filler[random.Next(Filler.Length)]}",
                random.NextDouble() < 0.9 ? publisher : null,
                random.NextDouble() < 0.85 ? published : null,
                random.NextDouble() < 0.3 ? $"\"{title}\", {Filler[random.Next(Filler.Length)]}." : null);
        }

        var status = random.NextDouble() switch { < 0.55 => "reported", < 0.93 => "confirmed", _ => "disputed" };
        return new Event($"bench-{index}", title, summary.ToString().TrimEnd(), occurred, type, status, [.. actors], [.. tags], sources, PlacesOf(index));
    }

    /// <summary>
    /// A third of the events are placed, drawn apart from the rest of the event (so the unplaced ones stay as they were):
    /// mostly one site, some an origin and a destination; a site exact or near (within 1–10 km), a city as a city, near it
    /// (within 5–50 km) or exactly, a region or sea as a region, a country as a country.
    /// </summary>
    public EventPlace[]? PlacesOf(long index)
    {
        var random = new Random(StableSeed(seed ^ 0x51ACE5, index));
        if (random.NextDouble() >= 1.0 / 3)
        {
            return null;
        }

        return random.NextDouble() < 0.85
            ? [Place(random, "site")]
            : [Place(random, "origin"), Place(random, "destination")];
    }

    private static readonly double[] SiteKm = [1, 2, 5, 10];
    private static readonly double[] CityKm = [5, 10, 15, 25, 50];

    private static EventPlace Place(Random random, string role)
    {
        T From<T>(T[] items) => items[random.Next(items.Length)];
        var kind = random.NextDouble();
        var precision = random.NextDouble();
        if (kind < 0.30)
        {
            var site = From(DataSetPlaces.Sites);
            return precision < 0.55 ? new EventPlace(site.Code, role, "exact", null) : new EventPlace(site.Code, role, "near", From(SiteKm));
        }

        if (kind < 0.70)
        {
            var city = From(DataSetPlaces.Cities);
            return precision switch
            {
                < 0.5 => new EventPlace(city.Code, role, "city", null),
                < 0.8 => new EventPlace(city.Code, role, "near", From(CityKm)),
                _ => new EventPlace(city.Code, role, "exact", null),
            };
        }

        return kind < 0.90
            ? new EventPlace(From(DataSetPlaces.Areas).Code, role, "region", null)
            : new EventPlace(From(DataSetPlaces.Countries).Code, role, "country", null);
    }

    /// <summary>1990–2025, denser towards now; days mostly, then months, years, intervals, qualifiers and open ends.</summary>
    private static (string Occurred, DateOnly? Day) Date(Random random)
    {
        // Exponential towards the present: about half of all events fall in the last six years.
        var yearsBack = Math.Min(35, (int)(-Math.Log(1 - random.NextDouble()) * 8.5));
        var year = 2025 - yearsBack;
        var start = new DateOnly(year, 1, 1).AddDays(random.Next(year == 2025 ? 300 : 365));
        var kind = random.NextDouble();
        var qualifier = random.NextDouble() switch { < 0.05 => "?", < 0.09 => "~", < 0.10 => "%", _ => "" };
        string text = kind switch
        {
            < 0.70 => start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + qualifier,
            < 0.88 => start.ToString("yyyy-MM", CultureInfo.InvariantCulture) + qualifier,
            < 0.95 => start.ToString("yyyy", CultureInfo.InvariantCulture) + qualifier,
            < 0.985 => $"{start:yyyy-MM-dd}/{start.AddDays(1 + random.Next(20)):yyyy-MM-dd}",
            < 0.993 => $"../{start:yyyy-MM}",
            _ => $"{start:yyyy-MM-dd}/..",
        };
        return (text, start);
    }

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Events <paramref name="from"/> (inclusive) to <paramref name="to"/> (exclusive) as an NDJSON body.</summary>
    public byte[] Ndjson(long from, long to)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            for (var i = from; i < to; i++)
            {
                JsonSerializer.Serialize(writer, Generate(i), Json);
                writer.Flush();
                buffer.WriteByte((byte)'\n');
                writer.Reset();
            }
        }

        return buffer.ToArray();
    }
}

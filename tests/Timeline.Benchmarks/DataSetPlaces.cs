using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Timeline.Benchmarks;

/// <summary>
/// The places the data set's events name, recorded before the import as an analyst would (<c>POST /api/places</c>):
/// some 420 of them, where sanctions trackers put events — Russia, Ukraine and the two Koreas first, then the ports
/// and capitals of evasion and diplomacy. Cities are points (approximate to a hundredth of a degree); sites (ports,
/// rail yards, depots, airfields) are points a few kilometres from their city; regions and seas have a round outline
/// of their rough extent; Russia and North Korea have the demo's Natural Earth outlines, Ukraine, South Korea and
/// Belarus coarse hand-drawn ones. Generated alike on every run.
/// </summary>
public static class DataSetPlaces
{
    public sealed record Place(string Code, string Name, string Kind, double Lon, double Lat, JsonNode? Area);

    // (name, lon, lat): the cities and named sites, by country.
    private static readonly (string Name, double Lon, double Lat)[] Russia =
    [
        ("Moscow", 37.62, 55.75), ("Saint Petersburg", 30.32, 59.94), ("Kursk", 36.19, 51.73), ("Belgorod", 36.59, 50.60),
        ("Bryansk", 34.36, 53.24), ("Voronezh", 39.20, 51.67), ("Rostov-on-Don", 39.72, 47.23), ("Krasnodar", 38.98, 45.04),
        ("Novorossiysk", 37.77, 44.72), ("Sevastopol", 33.52, 44.62), ("Simferopol", 34.10, 44.95), ("Kerch", 36.47, 45.36),
        ("Taganrog", 38.90, 47.21), ("Volgograd", 44.51, 48.71), ("Astrakhan", 48.03, 46.35), ("Makhachkala", 47.50, 42.98),
        ("Kazan", 49.11, 55.79), ("Nizhny Novgorod", 44.00, 56.33), ("Samara", 50.10, 53.20), ("Yekaterinburg", 60.60, 56.84),
        ("Chelyabinsk", 61.40, 55.16), ("Perm", 56.23, 58.01), ("Ufa", 55.96, 54.74), ("Omsk", 73.37, 54.99),
        ("Novosibirsk", 82.92, 55.03), ("Krasnoyarsk", 92.87, 56.01), ("Irkutsk", 104.28, 52.29), ("Ulan-Ude", 107.58, 51.83),
        ("Chita", 113.50, 52.03), ("Khabarovsk", 135.07, 48.48), ("Vladivostok", 131.89, 43.12), ("Nakhodka", 132.87, 42.82),
        ("Vostochny", 133.05, 42.75), ("Kozmino", 132.97, 42.73), ("Khasan", 130.64, 42.43), ("Ussuriysk", 131.95, 43.80),
        ("Komsomolsk-on-Amur", 137.01, 50.55), ("Blagoveshchensk", 127.53, 50.27), ("Vanino", 140.25, 49.09),
        ("Yuzhno-Sakhalinsk", 142.74, 46.96), ("Petropavlovsk-Kamchatsky", 158.65, 53.02), ("Murmansk", 33.08, 68.97),
        ("Arkhangelsk", 40.52, 64.54), ("Kaliningrad", 20.51, 54.71), ("Ust-Luga", 28.39, 59.68), ("Primorsk", 28.61, 60.36),
        ("Tuapse", 39.07, 44.10), ("Engels", 46.17, 51.48), ("Alabuga", 52.05, 55.76), ("Izhevsk", 53.20, 56.85),
        ("Tula", 37.62, 54.19), ("Smolensk", 32.05, 54.78), ("Pskov", 28.33, 57.82), ("Kozelsk", 35.78, 54.03),
        ("Orenburg", 55.10, 51.77), ("Sudzha", 35.27, 51.19), ("Rylsk", 34.69, 51.57), ("Lgov", 35.27, 51.69), ("Kurchatov", 35.65, 51.66),
    ];

    private static readonly (string Name, double Lon, double Lat)[] Ukraine =
    [
        ("Kyiv", 30.52, 50.45), ("Kharkiv", 36.23, 49.99), ("Odesa", 30.73, 46.48), ("Dnipro", 35.05, 48.46), ("Donetsk", 37.80, 48.00),
        ("Luhansk", 39.31, 48.57), ("Zaporizhzhia", 35.14, 47.84), ("Kherson", 32.62, 46.64), ("Mykolaiv", 31.99, 46.98),
        ("Lviv", 24.03, 49.84), ("Mariupol", 37.55, 47.10), ("Melitopol", 35.37, 46.85), ("Berdiansk", 36.80, 46.76),
        ("Bakhmut", 38.00, 48.59), ("Avdiivka", 37.75, 48.14), ("Pokrovsk", 37.18, 48.28), ("Kramatorsk", 37.56, 48.72),
        ("Sloviansk", 37.62, 48.85), ("Sumy", 34.80, 50.91), ("Chernihiv", 31.29, 51.49), ("Poltava", 34.55, 49.59),
        ("Vinnytsia", 28.47, 49.23), ("Izmail", 28.83, 45.35), ("Pivdennyi", 31.02, 46.62), ("Chornomorsk", 30.66, 46.30),
        ("Kupiansk", 37.61, 49.71), ("Vuhledar", 37.25, 47.78), ("Enerhodar", 34.66, 47.50), ("Kryvyi Rih", 33.39, 47.91),
        ("Zhytomyr", 28.66, 50.25), ("Uzhhorod", 22.29, 48.62), ("Rivne", 26.25, 50.62),
    ];

    private static readonly (string Name, double Lon, double Lat)[] Korea =
    [
        ("Pyongyang", 125.75, 39.03), ("Nampo", 125.38, 38.74), ("Rajin", 130.30, 42.25), ("Chongjin", 129.78, 41.80),
        ("Hamhung", 127.54, 39.92), ("Wonsan", 127.44, 39.15), ("Sinuiju", 124.40, 40.10), ("Kaesong", 126.55, 37.97),
        ("Yongbyon", 125.75, 39.80), ("Sohae", 124.71, 39.66), ("Punggye-ri", 129.08, 41.28), ("Kimchaek", 129.19, 40.67),
        ("Hyesan", 128.18, 41.40), ("Tumangang", 130.60, 42.42), ("Sinpo", 128.18, 40.03),
        ("Seoul", 126.98, 37.57), ("Busan", 129.08, 35.18), ("Incheon", 126.71, 37.46), ("Ulsan", 129.31, 35.54),
        ("Pohang", 129.36, 36.02), ("Gunsan", 126.71, 35.97), ("Pyeongtaek", 127.11, 36.99), ("Mokpo", 126.39, 34.81),
        ("Yeosu", 127.66, 34.76), ("Daegu", 128.60, 35.87), ("Panmunjom", 126.68, 37.96),
    ];

    private static readonly (string Name, double Lon, double Lat)[] Elsewhere =
    [
        ("Beijing", 116.40, 39.90), ("Shanghai", 121.47, 31.23), ("Dandong", 124.39, 40.13), ("Hunchun", 130.37, 42.87),
        ("Shenzhen", 114.06, 22.54), ("Hong Kong", 114.17, 22.32), ("Dalian", 121.61, 38.91), ("Qingdao", 120.38, 36.07),
        ("Zhoushan", 122.21, 29.99), ("Yantai", 121.45, 37.46), ("Minsk", 27.56, 53.90), ("Brest", 23.70, 52.10),
        ("Almaty", 76.95, 43.24), ("Tbilisi", 44.79, 41.72), ("Yerevan", 44.51, 40.18), ("Baku", 49.87, 40.41),
        ("Istanbul", 28.98, 41.01), ("Ankara", 32.85, 39.93), ("Dubai", 55.27, 25.20), ("Fujairah", 56.33, 25.12),
        ("Bandar Abbas", 56.27, 27.18), ("Tehran", 51.39, 35.69), ("Tartus", 35.89, 34.89), ("Latakia", 35.78, 35.52),
        ("Damascus", 36.29, 33.51), ("Port Said", 32.30, 31.26), ("Caracas", -66.90, 10.48), ("Havana", -82.37, 23.11),
        ("Yangon", 96.16, 16.87), ("Brussels", 4.35, 50.85), ("Washington", -77.04, 38.91), ("London", -0.13, 51.51),
        ("Geneva", 6.14, 46.20), ("New York", -74.01, 40.71), ("Tokyo", 139.69, 35.69), ("Laconian Gulf", 22.70, 36.60),
    ];

    // (name, lon, lat, radius km): regions and seas, as a round outline of their rough extent.
    private static readonly (string Name, double Lon, double Lat, double Km)[] Regions =
    [
        ("Kursk oblast", 36.0, 51.75, 90), ("Belgorod oblast", 37.3, 50.7, 90), ("Bryansk oblast", 33.5, 53.0, 100),
        ("Donetsk oblast", 37.8, 48.0, 110), ("Luhansk oblast", 39.0, 48.8, 110), ("Zaporizhzhia oblast", 35.5, 47.3, 100),
        ("Kherson oblast", 33.5, 46.7, 100), ("Kharkiv oblast", 36.5, 49.6, 110), ("Sumy oblast", 34.3, 51.0, 100),
        ("Crimea", 34.1, 45.3, 130), ("Rostov oblast", 41.0, 47.8, 180), ("Krasnodar krai", 39.5, 45.3, 160),
        ("Kaliningrad oblast", 21.2, 54.7, 80), ("Primorsky krai", 134.0, 45.0, 300), ("Amur oblast", 128.0, 53.0, 300),
        ("Rason", 130.4, 42.3, 25), ("North Hamgyong", 129.5, 41.5, 90), ("South Pyongan", 125.8, 39.4, 70),
        ("Gyeonggi", 127.2, 37.4, 60), ("Baltic Sea", 19.0, 57.5, 250), ("Black Sea", 34.0, 43.3, 300),
        ("Sea of Azov", 36.5, 46.0, 120), ("Red Sea", 38.5, 20.0, 300), ("Strait of Hormuz", 56.4, 26.6, 60),
        ("Yellow Sea", 123.0, 36.0, 250), ("Sea of Japan", 134.0, 40.0, 400), ("Gulf of Finland", 26.5, 60.0, 80),
    ];

    private static readonly string[] SiteKinds = ["port", "rail yard", "depot", "airfield", "refinery", "warehouse"];

    /// <summary>Ukraine, South Korea and Belarus, coarsely (enough for a box or a circle to meet them where they are).</summary>
    private static readonly (string Code, string Name, double Lon, double Lat, double[][] Ring)[] CoarseCountries =
    [
        ("ua", "Ukraine", 30.52, 50.45, [[22.1, 48.4], [22.7, 49.6], [24.0, 50.9], [24.1, 51.6], [26.0, 51.9], [28.0, 51.6], [30.5, 51.6],
            [31.8, 52.1], [33.8, 52.3], [35.4, 50.6], [38.2, 50.1], [40.1, 49.6], [40.0, 47.9], [38.2, 47.1], [36.6, 46.6], [35.0, 45.6],
            [36.5, 45.3], [33.5, 44.4], [32.5, 45.3], [33.6, 46.0], [31.6, 46.6], [30.7, 46.4], [29.6, 45.3], [28.2, 45.5], [28.7, 46.5],
            [29.7, 47.8], [27.5, 48.4], [26.6, 48.2], [24.9, 47.7], [22.9, 47.9], [22.1, 48.4]]),
        ("kr", "South Korea", 126.98, 37.57, [[126.1, 37.7], [126.7, 37.8], [127.1, 38.3], [128.4, 38.6], [129.4, 37.1], [129.5, 35.5],
            [129.0, 35.0], [127.6, 34.6], [126.3, 34.3], [126.1, 35.2], [126.6, 36.0], [126.1, 36.8], [126.1, 37.7]]),
        ("by", "Belarus", 27.56, 53.90, [[23.5, 52.0], [23.2, 53.9], [25.5, 54.3], [26.6, 55.7], [28.2, 56.1], [30.9, 55.6], [32.7, 53.3],
            [31.4, 53.2], [31.5, 52.1], [30.6, 51.3], [25.3, 51.9], [23.5, 52.0]]),
    ];

    public static readonly Place[] All = Build();

    /// <summary>The places by kind, for the data set to draw from.</summary>
    public static readonly Place[] Sites = [.. All.Where(p => p.Kind == "site")];
    public static readonly Place[] Cities = [.. All.Where(p => p.Kind == "city")];
    public static readonly Place[] Areas = [.. All.Where(p => p.Kind == "region")];
    public static readonly Place[] Countries = [.. All.Where(p => p.Kind == "country")];

    private static Place[] Build()
    {
        var places = new List<Place>();
        var random = new Random(4326);
        foreach (var (name, lon, lat) in Russia.Concat(Ukraine).Concat(Korea).Concat(Elsewhere))
        {
            places.Add(new Place(Code(name), name, "city", lon, lat, null));
        }

        // Two sites near each city of the four countries, 3–15 km away.
        foreach (var (name, lon, lat) in Russia.Concat(Ukraine).Concat(Korea))
        {
            foreach (var kind in SiteKinds.OrderBy(_ => random.Next()).Take(2))
            {
                var km = 3 + random.NextDouble() * 12;
                var angle = random.NextDouble() * 2 * Math.PI;
                var siteLat = lat + km / 111.32 * Math.Sin(angle);
                var siteLon = lon + km / (111.32 * Math.Cos(lat * Math.PI / 180)) * Math.Cos(angle);
                places.Add(new Place(Code($"{name} {kind}"), $"{name} {kind}", "site", Math.Round(siteLon, 4), Math.Round(siteLat, 4), null));
            }
        }

        foreach (var (name, lon, lat, km) in Regions)
        {
            places.Add(new Place(Code(name), name, "region", lon, lat, Polygon(Round(lon, lat, km))));
        }

        using (var stream = typeof(Timeline.Api.Features.Places.DemoPlaces).Assembly.GetManifestResourceStream("Timeline.Api.Features.Places.DemoOutlines.json")!)
        {
            var outlines = JsonNode.Parse(stream)!;
            places.Add(new Place("ru", "Russia", "country", 37.62, 55.75, outlines["RU"]!.DeepClone()));
            places.Add(new Place("kp", "North Korea", "country", 125.75, 39.03, outlines["KP"]!.DeepClone()));
        }

        places.AddRange(CoarseCountries.Select(c => new Place(c.Code, c.Name, "country", c.Lon, c.Lat, Polygon(c.Ring))));
        return [.. places];
    }

    private static string Code(string name) =>
        new string([.. name.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-')]).Replace("--", "-", StringComparison.Ordinal);

    private static double[][] Round(double lon, double lat, double km)
    {
        const int sides = 16;
        var ring = new double[sides + 1][];
        for (var i = 0; i < sides; i++)
        {
            var angle = 2 * Math.PI * i / sides;
            ring[i] = [Math.Round(lon + km / (111.32 * Math.Cos(lat * Math.PI / 180)) * Math.Cos(angle), 4), Math.Round(lat + km / 111.32 * Math.Sin(angle), 4)];
        }

        ring[sides] = ring[0];
        return ring;
    }

    private static JsonObject Polygon(double[][] ring) =>
        new JsonObject { ["type"] = "Polygon", ["coordinates"] = JsonSerializer.SerializeToNode(new[] { ring }) };

    /// <summary>The body of <c>POST /api/places</c> for a place.</summary>
    public static JsonObject Body(Place p)
    {
        var body = new JsonObject
        {
            ["code"] = p.Code,
            ["name"] = p.Name,
            ["kind"] = p.Kind,
            ["point"] = new JsonArray(p.Lon, p.Lat),
        };
        if (p.Area is { } area)
        {
            body["area"] = area.DeepClone();
        }

        return body;
    }

    public static string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{All.Length} places ({Cities.Length} cities, {Sites.Length} sites, {Areas.Length} regions and seas, {Countries.Length} countries)");
}

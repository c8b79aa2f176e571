namespace Timeline.Core.Places;

/// <summary>Where an event happened: a recorded place, the part it played, and how precisely the source puts it there.</summary>
public sealed record EventPlace
{
    /// <summary>The place's code.</summary>
    public string Place { get; set; } = "";

    /// <summary><c>site</c>, <c>origin</c>, <c>destination</c> or <c>route</c>.</summary>
    public string Role { get; set; } = "";

    /// <summary><c>exact</c>, <c>near</c>, <c>city</c>, <c>region</c> or <c>country</c>: as precisely as the source says.</summary>
    public string Precision { get; set; } = "";

    /// <summary>How far from the place's point it may have been, in kilometres.</summary>
    public double? UncertaintyKm { get; set; }
}

public static class PlaceWords
{
    public static readonly string[] Roles = ["site", "origin", "destination", "route"];
    public static readonly string[] Precisions = ["exact", "near", "city", "region", "country"];

    /// <summary>ACLED's <c>geo_precision</c>: 1 exact or near, 2 a city or region, 3 a country.</summary>
    public static int GeoPrecision(string precision) => precision switch
    {
        "exact" or "near" => 1,
        "city" or "region" => 2,
        _ => 3,
    };
}

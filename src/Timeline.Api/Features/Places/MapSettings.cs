using Microsoft.Extensions.Options;
using Timeline.Api.Platform.Hosting;

namespace Timeline.Api.Features.Places;

/// <summary>What the page's map needs to know: the tile server, if any.</summary>
public sealed record MapSettingsView(string? TileUrl, string? TileAttribution);

public static class MapSettings
{
    public static void AddMapSettings(this WebApplicationBuilder builder) =>
        builder.Services.AddOptions<MapOptions>().Bind(builder.Configuration.GetSection("Timeline:Map"))
            .Validate(o => string.IsNullOrWhiteSpace(o.TileUrl) || o.TileSource() is not null,
                "Timeline:Map:TileUrl must be an absolute http(s) URL template with {z}, {x} and {y}, e.g. https://tile.example.org/{z}/{x}/{y}.png")
            .ValidateOnStart();

    public static void MapMapSettings(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/map", (IOptions<MapOptions> options) =>
                TypedResults.Ok(new MapSettingsView(options.Value.TileSource() is null ? null : options.Value.TileUrl, options.Value.TileAttribution)))
            .WithTags("Places")
            .WithSummary("The page's map: the tile server Timeline:Map:TileUrl names, or none (the country outlines shipped with the page)");
}

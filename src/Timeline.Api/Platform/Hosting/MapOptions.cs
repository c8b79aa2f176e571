namespace Timeline.Api.Platform.Hosting;

/// <summary>
/// <c>Timeline:Map</c>: the page's map draws Natural Earth's country outlines, shipped with it, unless a tile server is
/// named; then its host is the one other origin the page's Content-Security-Policy lets images come from.
/// </summary>
public sealed class MapOptions
{
    /// <summary>A tile URL template, <c>https://{s}.tile.example.org/{z}/{x}/{y}.png</c> (Leaflet's), or none for the outlines.</summary>
    public string? TileUrl { get; set; }

    /// <summary>The tiles' attribution, as their licence asks (e.g. "© OpenStreetMap contributors").</summary>
    public string? TileAttribution { get; set; }

    /// <summary>The tile server's origin as a CSP source (<c>https://*.tile.example.org</c> for a <c>{s}</c> subdomain), or null.</summary>
    public string? TileSource()
    {
        if (string.IsNullOrWhiteSpace(TileUrl))
        {
            return null;
        }

        var url = TileUrl.Replace("{s}", "subdomain", StringComparison.Ordinal);
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http") || !TileUrl.Contains("{z}", StringComparison.Ordinal))
        {
            return null;
        }

        var host = TileUrl.Contains("{s}.", StringComparison.Ordinal) ? "*." + uri.Host[(uri.Host.IndexOf('.', StringComparison.Ordinal) + 1)..] : uri.Host;
        return $"{uri.Scheme}://{host}{(uri.IsDefaultPort ? "" : ":" + uri.Port)}";
    }
}

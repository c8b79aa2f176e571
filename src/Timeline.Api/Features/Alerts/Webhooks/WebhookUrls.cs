namespace Timeline.Api.Features.Alerts.Webhooks;

/// <summary>
/// A webhook URL is often a credential itself (a chat tool's incoming webhook carries its secret in the path or the
/// query), so outside the subscription's own answers it is shown masked: scheme, host and port, and nothing after.
/// </summary>
public static class WebhookUrls
{
    public const string Hidden = "…";

    /// <summary><c>https://hooks.example.com/…</c> for <c>https://hooks.example.com/services/T0/B0/secret</c>.</summary>
    public static string Masked(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) ? $"{uri.GetLeftPart(UriPartial.Authority)}/{Hidden}" : Hidden;

    /// <summary>The URL as the caller may see it: whole to the key that subscribed, masked to anyone else (an admin).</summary>
    public static string? AsSeenBy(string? url, Guid? owner, Access.Owner caller) =>
        url is null || owner == caller.KeyId ? url : Masked(url);
}

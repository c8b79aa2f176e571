using System.Net;

namespace Timeline.Api.Features.SignIn;

/// <summary>
/// The <c>Timeline:Oidc</c> section: the organisation's OpenID Connect provider. Without <see cref="Authority"/> there is
/// no sign-in with it, and the page signs in with an API key only.
/// </summary>
public sealed class OidcOptions
{
    public const string Section = "Timeline:Oidc";

    /// <summary>The provider's issuer address; its discovery document is <c>{Authority}/.well-known/openid-configuration</c>.</summary>
    public string? Authority { get; set; }
    public string? ClientId { get; set; }
    public string? ClientSecret { get; set; }

    /// <summary>
    /// The claim whose values hold <c>reader</c>, <c>editor</c> or <c>admin</c> (the highest wins; none of them: reader). A dotted
    /// path reads into a JSON claim (Keycloak's <c>realm_access.roles</c>). Empty: no role is read, everyone starts a reader.
    /// </summary>
    public string? RoleClaim { get; set; } = "roles";

    /// <summary>The button's words: "Sign in with {DisplayName}".</summary>
    public string DisplayName { get; set; } = "your organisation";

    /// <summary>Discovery and keys over HTTPS only; set false only for a provider on loopback (tests, a laptop).</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority);

    /// <summary>What is wrong with the settings, each naming its setting; empty when they can be used.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (!Uri.TryCreate(Authority, UriKind.Absolute, out var authority) || authority.Scheme is not ("https" or "http"))
        {
            problems.Add($"{Section}:Authority must be the provider's absolute https address (its issuer), not '{Authority}'");
        }
        else if (authority.Scheme == "http" && RequireHttpsMetadata)
        {
            problems.Add($"{Section}:Authority is http: the provider's keys would come unprotected; use https, or set {Section}:RequireHttpsMetadata=false for a provider on loopback");
        }
        else if (authority.Scheme == "http" && !IsLoopback(authority))
        {
            problems.Add($"{Section}:RequireHttpsMetadata=false is only for a provider on loopback, not {authority.Host}: use https");
        }

        if (string.IsNullOrWhiteSpace(ClientId))
        {
            problems.Add($"{Section}:ClientId is missing: the client id registered with the provider");
        }

        if (string.IsNullOrWhiteSpace(ClientSecret))
        {
            problems.Add($"{Section}:ClientSecret is missing: Timeline signs in as a confidential client (see docs/SIGN-IN.md)");
        }

        if (!string.IsNullOrWhiteSpace(RoleClaim) && RoleClaim.Split('.').Any(string.IsNullOrWhiteSpace))
        {
            problems.Add($"{Section}:RoleClaim '{RoleClaim}' is not a claim name or a dotted path such as realm_access.roles");
        }

        if (string.IsNullOrWhiteSpace(DisplayName) || DisplayName.Length > 60)
        {
            problems.Add($"{Section}:DisplayName must be 1 to 60 characters: the button reads 'Sign in with <DisplayName>'");
        }

        return problems;
    }

    private static bool IsLoopback(Uri address) =>
        address.IsLoopback || (IPAddress.TryParse(address.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
}

using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Timeline.IntegrationTests.Support;

namespace Timeline.IntegrationTests.Features.SignIn;

/// <summary>
/// The API on Kestrel (a real loopback address the provider redirects back to) with sign-in configured against a real
/// OpenID provider, and a browser-like client that signs in through the provider's own login page.
/// </summary>
public class SignInFixture : ApiFixture
{
    private SignInProvider? provider;
    private WebApplicationFactory<Program>? served;

    public SignInProvider Provider => provider ?? throw new InvalidOperationException("not started");

    /// <summary>Where the served API listens: the address a browser would use.</summary>
    public Uri Served { get; private set; } = null!;

    /// <summary>What the served API logs.</summary>
    public LogCapture ServedLogs { get; } = new();

    protected override IDictionary<string, string?> Settings => Provider.Settings();

    public override async Task InitializeAsync()
    {
        provider = await SignInProvider.StartAsync();
        await base.InitializeAsync();
        served = CreateFactory(ConnectionString, settings: AnyLoopbackPort).WithWebHostBuilder(b => b.ConfigureLogging(l => l.AddProvider(ServedLogs)));
        served.UseKestrel();
        served.StartServer();
        Served = new Uri(served.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single());
    }

    /// <summary>A client with its own cookie jar, as a browser is, not signed in.</summary>
    public (HttpClient Client, CookieContainer Cookies) Browser()
    {
        var cookies = new CookieContainer();
        return (new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = Served }, cookies);
    }

    /// <summary>
    /// Signs in as <paramref name="login"/>: <c>GET /signin</c>, the redirects to the provider, its login form filled and
    /// posted, the redirects back through <c>/signin-oidc</c>; returns the client and where it landed.
    /// </summary>
    public async Task<(HttpClient Client, Uri Landed, CookieContainer Cookies)> SignInAsync(string login)
    {
        var (client, cookies) = Browser();
        var at = new Uri(Served, "/signin");
        var response = await client.GetAsync(at);
        for (var step = 0; step < 20; step++)
        {
            if ((int)response.StatusCode is >= 300 and < 400)
            {
                at = new Uri(at, response.Headers.Location!);
                response = await client.GetAsync(at);
                continue;
            }

            var html = await response.Content.ReadAsStringAsync();
            var form = Regex.Match(html, "<form[^>]*action=\"([^\"]+)\"[^>]*method=\"post\"");
            if (response.StatusCode != HttpStatusCode.OK || !form.Success || !html.Contains("name=\"login\"", StringComparison.Ordinal))
            {
                return (client, at, cookies);
            }

            // The provider's own login page: any password, the login name picks the person.
            at = new Uri(at, WebUtility.HtmlDecode(form.Groups[1].Value));
            response = await client.PostAsync(at, new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["prompt"] = "login",
                ["login"] = login,
                ["password"] = "any",
            }));
        }

        throw new InvalidOperationException($"signing in as {login} did not end (last at {at})");
    }

    public override async Task DisposeAsync()
    {
        if (served is not null)
        {
            await served.DisposeAsync();
        }

        await base.DisposeAsync();
        if (provider is not null)
        {
            await provider.DisposeAsync();
        }
    }
}

using System.Net.Http.Headers;
using System.Net.Http.Json;
using Mediator;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Playwright;
using Npgsql;
using Timeline.Api.Features.FollowUps;

namespace Timeline.BrowserTests.Support;

/// <summary>
/// The API as a real HTTP server (Kestrel on a free port, in-process) on its own fresh database, and one headless
/// Chromium (Debian's, see STACK.md) that the tests open pages in. Everything is stopped on dispose.
/// </summary>
public class PageServer : IAsyncLifetime
{
    public const string AdminKey = "tl_browser-admin-key-0123456789abcdefghij";

    private WebApplicationFactory<Program>? factory;
    private IPlaywright? playwright;
    private IBrowser? browser;

    public Uri BaseAddress { get; private set; } = null!;
    public HttpClient Admin { get; private set; } = null!;
    public IBrowser Browser => browser ?? throw new InvalidOperationException("not started");
    public IServiceProvider Services => factory?.Services ?? throw new InvalidOperationException("not started");

    /// <summary>Whether the demo timeline is loaded into the fresh database.</summary>
    protected virtual bool LoadDemoTimeline => true;

    /// <summary>Settings of a subclass's own (e.g. an identity provider to sign in with), read before the server starts.</summary>
    protected virtual Task<IDictionary<string, string?>> SettingsAsync() => Task.FromResult<IDictionary<string, string?>>(new Dictionary<string, string?>());

    public async Task InitializeAsync()
    {
        var connectionString = await CreateDatabaseAsync();
        var extra = await SettingsAsync();
        var configured = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            foreach (var (key, value) in extra)
            {
                builder.UseSetting(key, value);
            }

            // A free port on loopback, chosen by the system (UseKestrel(0) alone still binds the default 5000).
            builder.UseUrls("http://127.0.0.1:0");
            builder.UseSetting("ConnectionStrings:Timeline", connectionString);
            builder.UseSetting("Timeline:AdminKey", AdminKey);
            builder.UseSetting("Timeline:DemoTimeline", LoadDemoTimeline ? "true" : "false");
            builder.UseSetting("Timeline:RunJobs", "false");
            // Webhooks here point at loopback; no job runs to call them.
            builder.UseSetting("Timeline:Webhooks:AllowPrivateAddresses", "true");
            // A page makes many requests quickly (scrolling, live alerts): not what the rate limits are for here.
            builder.UseSetting("Timeline:RateLimits:PerKey:TokenLimit", "1000000");
            builder.UseSetting("Timeline:RateLimits:PerKey:TokensPerPeriod", "1000000");
            builder.UseSetting("Timeline:RateLimits:PerAddress:TokenLimit", "1000000");
            builder.UseSetting("Timeline:RateLimits:PerAddress:TokensPerPeriod", "1000000");
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
            builder.UseEnvironment("Testing");
            builder.UseDefaultServiceProvider(o =>
            {
                o.ValidateScopes = true;
                o.ValidateOnBuild = true;
            });
        });
        configured.UseKestrel();
        configured.StartServer();
        factory = configured;
        BaseAddress = new Uri(configured.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single());
        Admin = new HttpClient { BaseAddress = BaseAddress };
        Admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);

        playwright = await Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        });
        await PrepareAsync();
    }

    /// <summary>Debian's Chromium (script/test installs it when missing); TIMELINE_CHROMIUM overrides.</summary>
    private static string ChromiumPath => Environment.GetEnvironmentVariable("TIMELINE_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    /// <summary>
    /// The demo timeline as a reader finds it today: the follow-up check (the app's own command, which its job runs
    /// every minute) has marked the follow-ups of 2024 overdue, and one more is open, due in the future.
    /// </summary>
    protected virtual async Task PrepareAsync()
    {
        await SendAsync(async m => await m.Send(new CheckFollowUps()));
        var treaty = (await Admin.TimelineTitlesAsync("q=treaty")).Count == 1
            ? (await Admin.GetJsonAsync("/api/timeline?q=treaty")).GetProperty("items")[0].GetProperty("id").GetString()
            : throw new InvalidOperationException("the demo timeline has no treaty");
        await Admin.PostJsonAsync($"/api/events/{treaty}/follow-ups", new
        {
            description = "DPRK and Russia hold the first joint exercise under the treaty",
            due = "2099-06~",
        });
    }

    /// <summary>Sends a command or query through the app's own mediator, as its endpoints and jobs do.</summary>
    public async Task<T> SendAsync<T>(Func<IMediator, Task<T>> send)
    {
        await using var scope = Services.CreateAsyncScope();
        return await send(scope.ServiceProvider.GetRequiredService<IMediator>());
    }

    /// <summary>A new API key of a role, straight from the API (the key is shown once).</summary>
    public async Task<string> CreateKeyAsync(string name, string role)
    {
        var response = await Admin.PostAsJsonAsync("/api/keys", new { name, role });
        response.EnsureSuccessStatusCode();
        var created = await response.Content.ReadFromJsonAsync<CreatedKey>();
        return created!.Key;
    }

    /// <summary>A fresh browser context (its own sessionStorage) with one page, not yet signed in.</summary>
    public async Task<BrowserPage> OpenAsync(int width = 1280, int height = 900)
    {
        var context = await Browser.NewContextAsync(new()
        {
            BaseURL = BaseAddress.ToString(),
            ViewportSize = new() { Width = width, Height = height },
            Locale = "en-GB",
            TimezoneId = "UTC",
        });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        return new BrowserPage(context, page, this);
    }

    /// <summary>Opens the page and signs in with a key (the admin's unless given).</summary>
    public async Task<BrowserPage> SignedInAsync(string? key = null, int width = 1280, int height = 900)
    {
        var browserPage = await OpenAsync(width, height);
        await browserPage.SignInAsync(key ?? AdminKey);
        return browserPage;
    }

    private BrowserPage? modulePage;

    /// <summary>
    /// Runs <paramref name="function"/> (JavaScript: <c>(module, arg) =&gt; …</c>) with one of the page's ES modules
    /// imported, in a page of its own that stays open for the fixture's life (the collection's tests run one at a time).
    /// </summary>
    public async Task<T> WithModuleAsync<T>(string module, string function, object? arg)
    {
        if (modulePage is null)
        {
            modulePage = await OpenAsync();
            await modulePage.Page.GotoAsync("/");
        }

        return await modulePage.Page.EvaluateAsync<T>(
            $"async ([module, arg]) => ({function})(await import(module), arg)", new object?[] { "/" + module, arg });
    }

    /// <summary>A new, empty database on the cluster that <c>ConnectionStrings__Timeline</c> names (script/test starts one).</summary>
    private static async Task<string> CreateDatabaseAsync()
    {
        var server = Environment.GetEnvironmentVariable("ConnectionStrings__Timeline")
            ?? throw new InvalidOperationException("ConnectionStrings__Timeline is not set: run the tests through script/test");
        var name = $"timeline_browser_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
                    await create.ExecuteNonQueryAsync();
                    break;
                }
                catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ObjectInUse && attempt < 10)
                {
                    // Another CREATE DATABASE on the cluster is copying template1 right now: wait a moment.
                    await Task.Delay(200 * attempt);
                }
            }
        }

        return new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    public virtual async Task DisposeAsync()
    {
        // The browser first (it holds the alert streams open), then the driver, then the server.
        if (modulePage is not null)
        {
            await modulePage.DisposeAsync();
        }

        if (browser is not null)
        {
            await browser.CloseAsync();
        }

        playwright?.Dispose();
        Admin?.Dispose();
        if (factory is not null)
        {
            await factory.DisposeAsync();
        }

        NpgsqlConnection.ClearAllPools();
    }

    private sealed record CreatedKey(Guid Id, string Name, string Role, string Key);
}

/// <summary>All the browser tests share one server and one browser, and run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<PageServer>
{
    public const string Name = "browser";
}

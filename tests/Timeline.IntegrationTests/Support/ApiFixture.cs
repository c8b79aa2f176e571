using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Timeline.IntegrationTests.Support;

/// <summary>
/// The API on its own fresh PostgreSQL database, created on the cluster that <c>ConnectionStrings__Timeline</c>
/// names (script/test starts one), migrated by the app's own start-up.
/// </summary>
public class ApiFixture : IAsyncLifetime
{
    public const string AdminKey = "tl_test-admin-key-0123456789abcdefghij";

    private readonly Dictionary<string, HttpClient> clients = [];
    private WebApplicationFactory<Program>? factory;

    public string ConnectionString { get; private set; } = "";

    /// <summary>What the fixture's host logs (not that of other instances a test starts), at the levels their settings let through (Warning, unless a subclass says).</summary>
    public LogCapture Logs { get; } = new();

    /// <summary>Whether the demo timeline loads at start; off except where a test is about it.</summary>
    protected virtual bool LoadDemoTimeline => false;

    public WebApplicationFactory<Program> Factory => factory ?? throw new InvalidOperationException("not started");

    public virtual async Task InitializeAsync()
    {
        ConnectionString = await CreateDatabaseAsync();
        // Only this host's lines: a capture takes the scopes of the one host it is added to.
        factory = CreateFactory(ConnectionString).WithWebHostBuilder(b => b.ConfigureLogging(l => l.AddProvider(Logs)).ConfigureTestServices(ConfigureServices));
        Admin = Authorized(factory.CreateClient(), AdminKey);
        if (!LoadDemoTimeline)
        {
            // The demo timeline records these actors itself.
            await CreateActorsAsync();
        }
    }

    public HttpClient Admin { get; private set; } = null!;

    /// <summary>An unauthenticated client.</summary>
    public HttpClient Anonymous() => Factory.CreateClient();

    /// <summary>A client holding a key of the given role (reader, editor, admin), created once per fixture.</summary>
    public async Task<HttpClient> As(string role)
    {
        if (clients.TryGetValue(role, out var existing))
        {
            return existing;
        }

        var response = await Admin.PostAsJsonAsync("/api/keys", new { name = $"{role}-key", role });
        response.EnsureSuccessStatusCode();
        var created = await response.Content.ReadFromJsonAsync<CreatedKeyBody>();
        var client = Authorized(Factory.CreateClient(), created!.Key);
        clients[role] = client;
        return client;
    }

    /// <summary>Whether this instance runs its Hangfire server; off except where a test is about jobs.</summary>
    protected virtual bool RunJobs => false;

    /// <summary>Services a fixture subclass puts in place of the app's own (in the fixture's host only).</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    /// <summary>Extra configuration for a fixture subclass.</summary>
    protected virtual IDictionary<string, string?> Settings => new Dictionary<string, string?>();

    public WebApplicationFactory<Program> CreateFactory(string connectionString, bool? demo = null, IDictionary<string, string?>? settings = null) =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseSetting("Timeline:RunJobs", RunJobs ? "true" : "false");
            builder.UseSetting("Timeline:Webhooks:AllowPrivateAddresses", "true");
            // Tests send many requests at once from one key and one address: limits far above what they reach,
            // unless a test sets its own (below).
            foreach (var (key, value) in Unthrottled)
            {
                builder.UseSetting(key, value);
            }

            // Readiness is checked in the background: often here, so that tests see a change soon.
            builder.UseSetting("Timeline:Readiness:IntervalSeconds", "0.2");
            foreach (var (key, value) in Settings.Concat(settings ?? new Dictionary<string, string?>()))
            {
                builder.UseSetting(key, value);
            }

            builder.UseSetting("ConnectionStrings:Timeline", connectionString);
            builder.UseSetting("Timeline:AdminKey", AdminKey);
            builder.UseSetting("Timeline:DemoTimeline", (demo ?? LoadDemoTimeline) ? "true" : "false");
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
            builder.UseEnvironment("Testing");
            builder.UseDefaultServiceProvider(o =>
            {
                o.ValidateScopes = true;
                o.ValidateOnBuild = true;
            });
        });

    public static readonly IDictionary<string, string?> Unthrottled = new Dictionary<string, string?>
    {
        ["Timeline:RateLimits:PerKey:TokenLimit"] = "1000000",
        ["Timeline:RateLimits:PerKey:TokensPerPeriod"] = "1000000",
        ["Timeline:RateLimits:PerAddress:TokenLimit"] = "1000000",
        ["Timeline:RateLimits:PerAddress:TokensPerPeriod"] = "1000000",
        ["Timeline:Concurrency:Streams:PerKey"] = "1000",
        ["Timeline:Concurrency:Streams:Overall"] = "1000",
        ["Timeline:Concurrency:Imports:PerKey"] = "1000",
        ["Timeline:Concurrency:Imports:Overall"] = "1000",
    };

    /// <summary>For a factory served by Kestrel: a free loopback port, so parallel test classes never collide.</summary>
    public static readonly IDictionary<string, string?> AnyLoopbackPort = new Dictionary<string, string?> { ["urls"] = "http://127.0.0.1:0" };

    public static HttpClient Authorized(HttpClient client, string key)
    {
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    /// <summary>A new, empty database owned by the app's role on the test cluster.</summary>
    public static async Task<string> CreateDatabaseAsync()
    {
        var server = Environment.GetEnvironmentVariable("ConnectionStrings__Timeline")
            ?? throw new InvalidOperationException("ConnectionStrings__Timeline is not set: run the tests through script/test");
        var name = $"timeline_test_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    private async Task CreateActorsAsync()
    {
        foreach (var (code, kind) in new[] { ("KP", "state"), ("RU", "state"), ("US", "state"), ("KR", "state"), ("UA", "state"), ("UN", "organisation") })
        {
            var response = await Admin.PostAsJsonAsync("/api/actors", new { code, name = code, kind });
            response.EnsureSuccessStatusCode();
        }
    }

    /// <summary>
    /// Waits until the alert matcher has handled every change committed so far: alerts are written after the change
    /// commits, so a test that reads them waits for this first.
    /// </summary>
    public Task AlertsMatchedAsync() => AlertsMatchedAsync(ConnectionString);

    public static async Task AlertsMatchedAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var pending = new NpgsqlCommand(
            """
            SELECT EXISTS (SELECT 1 FROM timeline.changes c, timeline.change_checkpoints k
                           WHERE k.name = 'alert-matcher' AND (c.tx, c.sequence) > (k.tx, k.sequence))
            """, connection);
        if (!await Wait.Eventually(async () => !(bool)(await pending.ExecuteScalarAsync())!, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(20)))
        {
            throw new TimeoutException("the alert matcher did not catch up with the change log within 30 s");
        }
    }

    public virtual async Task DisposeAsync()
    {
        if (factory is not null)
        {
            await factory.DisposeAsync();
        }

        NpgsqlConnection.ClearAllPools();
    }

    private sealed record CreatedKeyBody(Guid Id, string Name, string Role, string Key);
}

using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Timeline.Core.Data;
using Timeline.IntegrationTests.Support;

namespace Timeline.IntegrationTests.Platform.Hosting;

public sealed class OperationsTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Liveness_answers_200()
    {
        var response = await api.Anonymous().GetAsync("/health/live");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Readiness_answers_200_once_the_schema_is_migrated()
    {
        var response = await api.Anonymous().GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());

        // Every migration this build knows is in the history table.
        var known = KnownMigrations(api.Factory.Services);
        Assert.NotEmpty(known);
        Assert.Equal(known, await AppliedMigrations(api.ConnectionString));
    }

    [Fact]
    public async Task Readiness_answers_503_when_a_migration_is_missing()
    {
        var connectionString = await ApiFixture.CreateDatabaseAsync();
        await using var factory = api.CreateFactory(connectionString);
        var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);

        var last = KnownMigrations(factory.Services)[^1];
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var delete = new NpgsqlCommand("DELETE FROM timeline.__ef_migrations_history WHERE migration_id = @id", connection);
            delete.Parameters.AddWithValue("id", last);
            Assert.Equal(1, await delete.ExecuteNonQueryAsync());
        }

        await ReadinessPoll.UntilAsync(client, HttpStatusCode.ServiceUnavailable);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
    }

    [Fact]
    public async Task The_OpenAPI_document_lists_every_api_path_and_describes_the_event_body()
    {
        var response = await api.Anonymous().GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var document = await response.Json();
        Assert.StartsWith("3.", (string)document["openapi"]!, StringComparison.Ordinal);

        var paths = document["paths"]!.AsObject();
        var expected = new Dictionary<string, string[]>
        {
            ["/api/events"] = ["post"],
            ["/api/events/{id}"] = ["get", "patch"],
            ["/api/events/{id}/retraction"] = ["post"],
            ["/api/events/{id}/revisions"] = ["get"],
            ["/api/timeline"] = ["get"],
            ["/api/actors"] = ["get", "post"],
            ["/api/actors/{code}"] = ["get", "patch"],
            ["/api/actors/{code}/revisions"] = ["get"],
            ["/api/timelines"] = ["get", "post"],
            ["/api/timelines/{slug}"] = ["get"],
            ["/api/timelines/{slug}/events"] = ["get"],
            ["/api/keys"] = ["get", "post"],
            ["/api/keys/{id}"] = ["get", "delete"],
        };
        foreach (var (path, methods) in expected)
        {
            Assert.True(paths.ContainsKey(path), $"the OpenAPI document lacks {path}; it has {string.Join(", ", paths.Select(p => p.Key))}");
            foreach (var method in methods)
            {
                Assert.True(paths[path]!.AsObject().ContainsKey(method), $"the OpenAPI document lacks {method.ToUpperInvariant()} {path}");
            }
        }

        // The timeline query's parameters are described.
        var timelineParameters = paths["/api/timeline"]!["get"]!["parameters"]!.AsArray().Select(p => (string)p!["name"]!).ToList();
        foreach (var name in new[] { "actor", "actorsOf", "type", "tag", "status", "authority", "program", "reliability", "credibility",
                     "from", "to", "match", "q", "asOf", "order", "limit", "cursor" })
        {
            Assert.Contains(name, timelineParameters, StringComparer.OrdinalIgnoreCase);
        }

        // POST /api/events takes a component schema with the event's writable members.
        var requestSchema = paths["/api/events"]!["post"]!["requestBody"]!["content"]!["application/json"]!["schema"]!;
        var reference = (string?)requestSchema["$ref"];
        Assert.NotNull(reference);
        Assert.StartsWith("#/components/schemas/", reference, StringComparison.Ordinal);
        var schemas = document["components"]!["schemas"]!.AsObject();
        var eventBody = schemas[reference["#/components/schemas/".Length..]]!.AsObject();
        var properties = eventBody["properties"]!.AsObject();
        foreach (var member in new[] { "title", "summary", "occurred", "type", "status", "actors", "tags", "sources", "related", "credibility", "sanction" })
        {
            Assert.True(properties.ContainsKey(member), $"the event body schema lacks '{member}'");
        }

        // Entities, designations and credibility are explained, each with an example.
        foreach (var (path, method, words) in new[]
        {
            ("/api/actors", "post", "identifiers"), ("/api/events", "post", "sanction"), ("/api/timeline", "get", "credibility"),
        })
        {
            var description = (string?)paths[path]![method]!["description"] ?? "";
            Assert.Contains(words, description, StringComparison.Ordinal);
            Assert.Contains("curl", description, StringComparison.Ordinal);
        }

        Assert.False(properties.ContainsKey("recordedBy"), "recordedBy comes from the key, not the body");
        // Sources are described too, by a schema of their own.
        Assert.Contains(schemas, s => s.Value!["properties"] is JsonObject p && p.ContainsKey("url") && p.ContainsKey("publisher") && p.ContainsKey("quote"));
        Assert.NotNull(document["components"]!["securitySchemes"]);
    }

    [Fact]
    public async Task The_docs_page_is_html()
    {
        var response = await api.Anonymous().GetAsync("/docs");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<html", html, StringComparison.OrdinalIgnoreCase);
        // The page loads the OpenAPI document and its own scripts, all without a key.
        Assert.Contains("openapi/v1.json", html, StringComparison.Ordinal);
        var page = response.RequestMessage!.RequestUri!;
        foreach (var script in System.Text.RegularExpressions.Regex.Matches(html, "<script[^>]* src=\"([^\"]+)\"").Select(m => m.Groups[1].Value))
        {
            var asset = await api.Anonymous().GetAsync(new Uri(page, script));
            Assert.True(asset.StatusCode == HttpStatusCode.OK, $"the docs page's script {script} answered {(int)asset.StatusCode}");
        }
    }

    [Fact]
    public async Task Two_instances_started_at_once_on_a_fresh_database_both_come_up_and_migrate_once()
    {
        var connectionString = await ApiFixture.CreateDatabaseAsync();
        await using var first = api.CreateFactory(connectionString);
        await using var second = api.CreateFactory(connectionString);

        var clients = await Task.WhenAll(Task.Run(() => first.CreateClient()), Task.Run(() => second.CreateClient()));

        foreach (var client in clients)
        {
            var ready = await client.GetAsync("/health/ready");
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        }

        var known = KnownMigrations(first.Services);
        Assert.Equal(known, await AppliedMigrations(connectionString));

        // One admin key, usable on both.
        foreach (var client in clients)
        {
            ApiFixture.Authorized(client, ApiFixture.AdminKey);
            var keys = await client.GetAsync("/api/keys");
            Assert.Equal(HttpStatusCode.OK, keys.StatusCode);
            Assert.Single(await keys.JsonArray(), k => (string?)k!["role"] == "admin");
        }
    }

    [Fact]
    public async Task An_instance_waiting_on_another_instances_migration_starts_even_if_a_third_stopped_meanwhile()
    {
        // Several instances in one process (as in these tests) each start while others come and go.
        var connectionString = await ApiFixture.CreateDatabaseAsync();
        await using var holder = new NpgsqlConnection(connectionString);
        await holder.OpenAsync();
        await using (var lockCommand = new NpgsqlCommand($"SELECT pg_advisory_lock({StartupLockId})", holder))
        {
            await lockCommand.ExecuteNonQueryAsync();
        }

        await using var waiting = api.CreateFactory(connectionString);
        var start = Task.Run(() => waiting.CreateClient());
        await WaitUntilBlockedOnTheStartupLock(connectionString, start);

        // Meanwhile another instance starts and stops on its own database.
        await using (var other = api.CreateFactory(await ApiFixture.CreateDatabaseAsync()))
        {
            Assert.Equal(HttpStatusCode.OK, (await other.CreateClient().GetAsync("/health/ready")).StatusCode);
        }

        await using (var unlock = new NpgsqlCommand($"SELECT pg_advisory_unlock({StartupLockId})", holder))
        {
            await unlock.ExecuteNonQueryAsync();
        }

        var client = await start.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
        ApiFixture.Authorized(client, ApiFixture.AdminKey);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/timeline")).StatusCode);

        // Its recurring jobs are scheduled in its own database, not the other instance's.
        // They are registered in the background once it has started: soon, not necessarily yet.
        await using var jobs = new NpgsqlCommand("SELECT count(*) FROM hangfire.set WHERE key = 'recurring-jobs'", holder);
        await Wait.Eventually(async () => (long)(await jobs.ExecuteScalarAsync())! > 0, TimeSpan.FromSeconds(15), TimeSpan.FromMilliseconds(100));

        Assert.True((long)(await jobs.ExecuteScalarAsync())! > 0, "the waiting instance scheduled its recurring jobs in its own database");
    }

    /// <summary>The advisory lock instances take turns on while preparing the database (Platform/Hosting/DatabaseStartup).</summary>
    private const long StartupLockId = 0x7443_6d6c_6e65;

    private static async Task WaitUntilBlockedOnTheStartupLock(string connectionString, Task starting)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted", connection);
        await Wait.Eventually(async () =>
        {
            if (starting.IsCompleted)
            {
                await starting; // surfaces a start-up failure
                Assert.Fail("the instance started without waiting for the start-up lock");
            }

            return (long)(await command.ExecuteScalarAsync())! > 0;
        }, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(100), "the instance never waited for the start-up lock");
    }

    private static string[] KnownMigrations(IServiceProvider services)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TimelineDbContext>();
        return [.. db.Database.GetMigrations().Order(StringComparer.Ordinal)];
    }

    private static async Task<string[]> AppliedMigrations(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT migration_id FROM timeline.__ef_migrations_history ORDER BY migration_id", connection);
        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetString(0));
        }

        return [.. ids];
    }
}

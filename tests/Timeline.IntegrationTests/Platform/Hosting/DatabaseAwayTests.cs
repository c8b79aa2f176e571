using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Timeline.IntegrationTests.Support;
using static Timeline.IntegrationTests.Features.Events.EventTestHelpers;
using static Timeline.IntegrationTests.Support.HttpSteps;

namespace Timeline.IntegrationTests.Platform.Hosting;

/// <summary>
/// While the database is away (stopped, restarting) every request is a 503 problem with Retry-After, logged in one
/// line without a stack trace, and readiness says why; when it is back, requests succeed again.
/// </summary>
public sealed class DatabaseAwayTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Requests_while_the_database_is_away_are_503_with_Retry_After_and_succeed_once_it_is_back()
    {
        var database = new NpgsqlConnectionStringBuilder(api.ConnectionString);
        await using var relay = TcpRelay.Start(database.Host!, database.Port);
        var throughRelay = new NpgsqlConnectionStringBuilder(api.ConnectionString) { Host = "127.0.0.1", Port = relay.Port, Pooling = true }.ConnectionString;
        var logs = new LogCapture();
        await using var factory = api.CreateFactory(throughRelay).WithWebHostBuilder(b => b.ConfigureLogging(l => l.AddProvider(logs)));
        var client = ApiFixture.Authorized(factory.CreateClient(), ApiFixture.AdminKey);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/timeline")).StatusCode);

        await relay.CutAsync();

        var read = await client.GetAsync("/api/timeline");
        var write = await client.PostAsync("/api/events", JsonBody(Serialize(Bodies.Event(Bodies.UniqueTag()))));
        var unknownKey = await ApiFixture.Authorized(factory.CreateClient(), "tl_never-seen-before-0123456789abcdefghijklmn").GetAsync("/api/timeline");

        foreach (var response in new[] { read, write, unknownKey })
        {
            var problem = await AssertProblem(response, HttpStatusCode.ServiceUnavailable);
            Assert.Contains("database", (string?)problem["detail"], StringComparison.Ordinal);
            Assert.Equal(TimeSpan.FromSeconds(5), response.Headers.RetryAfter?.Delta);
        }

        // The client holds the admin key: readiness tells it why.
        Assert.Equal("Unhealthy\nschema: the database is unreachable", await ReadinessPoll.UntilAsync(client, HttpStatusCode.ServiceUnavailable));

        var unavailable = logs.Entries.Where(e => e.Category.EndsWith("ProblemDetailsExceptionHandler", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, unavailable.Count);
        Assert.All(unavailable, e =>
        {
            Assert.Equal(LogLevel.Warning, e.Level);
            Assert.Null(e.Exception);
            Assert.Contains("Database unavailable", e.Message, StringComparison.Ordinal);
        });
        var traced = logs.Entries.Where(e => e.Exception is not null && e.Level >= LogLevel.Warning
            && (e.Category.StartsWith("Microsoft.", StringComparison.Ordinal) || e.Category.StartsWith("Timeline.Api.Platform.Http", StringComparison.Ordinal)));
        Assert.Empty(traced.Select(e => $"{e.Category}: {e.Message}"));

        relay.Restore();
        await Wait.Eventually(async () => (await client.GetAsync("/api/timeline")).StatusCode == HttpStatusCode.OK,
            TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(250), "the timeline did not answer 200 within 10 s of the database coming back");
        await ReadinessPoll.UntilAsync(client, HttpStatusCode.OK);
    }
}

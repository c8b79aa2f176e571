using System.Net;
using System.Net.Http.Json;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Timeline.Api.Features.Retention;
using Timeline.IntegrationTests.Support;

namespace Timeline.IntegrationTests.Features.Retention;

/// <summary>Batches of two, so a sweep takes several statements.</summary>
public sealed class SmallBatchRetentionFixture : ApiFixture
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Timeline:Retention:BatchSize"] = "2" };
}

public sealed class RetentionTests(SmallBatchRetentionFixture api) : IClassFixture<SmallBatchRetentionFixture>
{
    [Fact]
    public async Task The_sweep_deletes_what_has_expired_in_batches_and_keeps_the_rest_and_the_change_log()
    {
        var editor = await api.As("editor");
        var tag = Bodies.UniqueTag();
        await editor.Subscribe(new { name = "r", filter = new { tag = new[] { tag } } });
        for (var i = 0; i < 6; i++)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/events") { Content = JsonContent.Create(Bodies.Event(tag)) };
            request.Headers.Add("Idempotency-Key", $"{tag}-{i}");
            Assert.Equal(HttpStatusCode.Created, (await editor.SendAsync(request)).StatusCode);
        }

        await api.AlertsMatchedAsync();
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        async Task<long> Count(string sql) => (long)(await new NpgsqlCommand(sql, connection).ExecuteScalarAsync())!;
        async Task Run(string sql) => await new NpgsqlCommand(sql, connection).ExecuteNonQueryAsync();

        // Five of six made long ago; one old alert still waits for its webhook.
        await Run("UPDATE timeline.idempotency_keys SET created_at = now() - interval '25 hours' WHERE key NOT LIKE '%-5'");
        await Run("UPDATE timeline.alerts SET created_at = now() - interval '91 days' WHERE id IN (SELECT id FROM timeline.alerts ORDER BY id LIMIT 5)");
        await Run("UPDATE timeline.alerts SET delivery_state = 'pending' WHERE id = (SELECT min(id) FROM timeline.alerts)");
        var changes = await Count("SELECT count(*) FROM timeline.changes");

        await using (var scope = api.Factory.Services.CreateAsyncScope())
        {
            var swept = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new SweepExpiredRecords());
            Assert.Equal(5, swept.IdempotencyRecords);
            Assert.Equal(4, swept.Alerts);
        }

        Assert.Equal(1, await Count("SELECT count(*) FROM timeline.idempotency_keys"));
        Assert.Equal(2, await Count("SELECT count(*) FROM timeline.alerts"));
        Assert.Equal(1, await Count("SELECT count(*) FROM timeline.alerts WHERE delivery_state = 'pending'"));
        Assert.Equal(changes, await Count("SELECT count(*) FROM timeline.changes"));
    }
}

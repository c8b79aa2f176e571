using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Timeline.IntegrationTests.Support;
using static Timeline.IntegrationTests.Features.Events.EventTestHelpers;
using static Timeline.IntegrationTests.Support.HttpSteps;

namespace Timeline.IntegrationTests.Platform.Hosting;

/// <summary>The app's connections carry lock_timeout and statement_timeout, so no request waits forever on the database.</summary>
public sealed class DatabaseTimeoutTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private static async Task<string> Show(IServiceProvider services, string setting)
    {
        await using var connection = await services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync();
        await using var command = new NpgsqlCommand($"SHOW {setting}", connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task Every_connection_has_a_statement_timeout_and_a_lock_timeout_by_default()
    {
        Assert.Equal("30s", await Show(api.Factory.Services, "statement_timeout"));
        Assert.Equal("10s", await Show(api.Factory.Services, "lock_timeout"));
    }

    [Fact]
    public async Task Every_connection_plans_without_JIT_compilation()
    {
        // Compiling a plan's expressions cost the follow-up check more than running it (49 of 87 ms at 1 M).
        Assert.Equal("off", await Show(api.Factory.Services, "jit"));
    }

    [Fact]
    public async Task The_change_log_is_not_vacuumed_after_inserts_so_it_is_appended_at_its_end()
    {
        await using var connection = await api.Factory.Services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync();
        await using var command = new NpgsqlCommand("SELECT reloptions FROM pg_class WHERE oid = 'timeline.changes'::regclass", connection);
        Assert.Contains("autovacuum_vacuum_insert_threshold=-1", (string[])(await command.ExecuteScalarAsync())!);
    }

    [Theory]
    [InlineData("1", "0", "statement_timeout")]
    [InlineData("0", "1", "lock_timeout")]
    public async Task A_write_stuck_behind_a_lock_gives_up_with_a_503_naming_the_limit(string statementSeconds, string lockSeconds, string limit)
    {
        await using var factory = api.CreateFactory(api.ConnectionString, settings: new Dictionary<string, string?>
        {
            ["Timeline:Database:StatementTimeoutSeconds"] = statementSeconds,
            ["Timeline:Database:LockTimeoutSeconds"] = lockSeconds,
        });
        var editor = ApiFixture.Authorized(factory.CreateClient(), ApiFixture.AdminKey);
        editor.Timeout = TimeSpan.FromSeconds(30);
        var id = (string)(await editor.Record(Bodies.Event(Bodies.UniqueTag())))["id"]!;

        // Another session holds the event's row, as a long transaction would.
        await using var holder = new NpgsqlConnection(api.ConnectionString);
        await holder.OpenAsync();
        await using var transaction = await holder.BeginTransactionAsync();
        await using (var hold = new NpgsqlCommand("SELECT 1 FROM timeline.events WHERE id = @id FOR UPDATE", holder, transaction))
        {
            hold.Parameters.AddWithValue("id", Guid.Parse(id));
            await hold.ExecuteScalarAsync();
        }

        var response = await editor.PostAsync($"/api/events/{id}/retraction", JsonBody("""{"reason": "withdrawn"}"""));

        var problem = await AssertProblem(response, HttpStatusCode.ServiceUnavailable);
        Assert.Contains(limit, (string?)problem["detail"], StringComparison.Ordinal);
        Assert.NotNull(response.Headers.RetryAfter?.Delta);
        await transaction.RollbackAsync();
        Assert.Equal("reported", (string?)(await Get(editor, id))["status"]);
    }
}

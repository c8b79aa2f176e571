using System.Net;
using System.Net.Http.Json;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Timeline.Api.Features.FollowUps;
using Timeline.Core.Data;
using Timeline.IntegrationTests.Support;

namespace Timeline.IntegrationTests.Features.FollowUps;

public sealed class FollowUpTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private static string Day(int offset) => DateOnly.FromDateTime(DateTime.UtcNow).AddDays(offset).ToString("yyyy-MM-dd");

    private async Task<Guid> ExpectAsync(Guid eventId, string due, string description = "Satellite imagery released")
    {
        var editor = await api.As("editor");
        var response = await editor.PostAsJsonAsync($"/api/events/{eventId}/follow-ups", new { description, due });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (Guid)(await response.Json())["id"]!;
    }

    private async Task<FollowUpCheckResult> CheckAsync()
    {
        await using var scope = api.Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new CheckFollowUps());
    }

    [Fact]
    public async Task A_follow_up_is_expected_listed_and_fulfilled_by_a_later_event()
    {
        var tag = Bodies.UniqueTag();
        var promise = (Guid)(await (await api.As("editor")).Record(tag))["id"]!;
        var followUp = await ExpectAsync(promise, "2099-11");
        var reader = await api.As("reader");

        var open = await (await reader.GetAsync($"/api/follow-ups?status=open&eventId={promise}")).JsonArray();
        var listed = Assert.Single(open);
        Assert.Equal("2099-11-01", (string?)listed!["dueEarliest"]);
        Assert.Equal("2099-11-30", (string?)listed["dueLatest"]);

        var fulfilment = (Guid)(await (await api.As("editor")).Record(tag))["id"]!;
        var editor = await api.As("editor");
        var fulfilled = await editor.PostAsJsonAsync($"/api/follow-ups/{followUp}/fulfilment", new { eventId = fulfilment });
        Assert.Equal(HttpStatusCode.OK, fulfilled.StatusCode);
        var body = await fulfilled.Json();
        Assert.Equal("fulfilled", (string?)body["status"]);
        Assert.Equal(fulfilment, (Guid)body["fulfilledBy"]!);

        var again = await editor.PostAsJsonAsync($"/api/follow-ups/{followUp}/fulfilment", new { eventId = fulfilment });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Empty(await (await reader.GetAsync($"/api/follow-ups?status=open&eventId={promise}")).JsonArray());
    }

    [Fact]
    public async Task A_follow_up_is_cancelled_with_a_reason_and_bad_input_is_a_400()
    {
        var promise = (Guid)(await (await api.As("editor")).Record(Bodies.UniqueTag()))["id"]!;
        var editor = await api.As("editor");

        var badDue = await editor.PostAsJsonAsync($"/api/events/{promise}/follow-ups", new { description = "x", due = "2024-21" });
        Assert.Equal(HttpStatusCode.BadRequest, badDue.StatusCode);
        Assert.Contains("season", (string?)(await badDue.Json())["errors"]!["due"]![0], StringComparison.Ordinal);
        var unknownEvent = await editor.PostAsJsonAsync($"/api/events/{Guid.NewGuid()}/follow-ups", new { description = "x", due = "2099" });
        Assert.Equal(HttpStatusCode.NotFound, unknownEvent.StatusCode);

        var followUp = await ExpectAsync(promise, "2099");
        var noReason = await editor.PostAsJsonAsync($"/api/follow-ups/{followUp}/cancellation", new { reason = "" });
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        var cancelled = await editor.PostAsJsonAsync($"/api/follow-ups/{followUp}/cancellation", new { reason = "superseded" });
        Assert.Equal("cancelled", (string?)(await cancelled.Json())["status"]);
        Assert.Equal("superseded", (string?)(await (await editor.GetAsync($"/api/follow-ups/{followUp}")).Json())["cancellationReason"]);
    }

    [Fact]
    public async Task The_check_marks_past_due_follow_ups_overdue_and_alerts_once_however_often_it_runs()
    {
        var tag = Bodies.UniqueTag();
        var editor = await api.As("editor");
        var subscriptionId = (Guid)(await editor.Subscribe(new { name = "follow-ups " + tag, filter = new { tag = new[] { tag } }, kinds = new[] { "followup.due", "followup.overdue" } }))["id"]!;

        var promise = (Guid)(await (await api.As("editor")).Record(tag))["id"]!;
        var late = await ExpectAsync(promise, "2024-10-30");         // the coming days after 23 Oct 2024: long past
        var soon = await ExpectAsync(promise, Day(1));               // inside the three-day window
        var later = await ExpectAsync(promise, Day(30));             // not yet due
        var open = await ExpectAsync(promise, "2024-10-30/..");      // open-ended: never overdue

        // Two servers at once, then once more: each follow-up is raised exactly once.
        await Task.WhenAll(CheckAsync(), CheckAsync());
        await CheckAsync();

        var reader = await api.As("reader");
        await api.AlertsMatchedAsync();
        var alerts = (await (await editor.GetAsync($"/api/alerts?subscription={subscriptionId}&limit=100")).Json())["items"]!.AsArray();
        Assert.Equal(2, alerts.Count);
        Assert.Single(alerts, a => (string?)a!["kind"] == "followup.overdue" && (Guid)a["followUpId"]! == late);
        Assert.Single(alerts, a => (string?)a!["kind"] == "followup.due" && (Guid)a["followUpId"]! == soon);

        Assert.Equal("overdue", (string?)(await (await reader.GetAsync($"/api/follow-ups/{late}")).Json())["status"]);
        Assert.Equal("open", (string?)(await (await reader.GetAsync($"/api/follow-ups/{soon}")).Json())["status"]);
        Assert.Equal("open", (string?)(await (await reader.GetAsync($"/api/follow-ups/{later}")).Json())["status"]);
        Assert.Equal("open", (string?)(await (await reader.GetAsync($"/api/follow-ups/{open}")).Json())["status"]);
    }

    [Fact]
    public async Task The_check_reads_open_follow_ups_through_the_due_day_index()
    {
        await using var scope = api.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TimelineDbContext>();
        var promise = (Guid)(await (await api.As("editor")).Record(Bodies.UniqueTag()))["id"]!;
        // Enough closed and far-off follow-ups that reading them all would show in the plan.
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO timeline.follow_ups (id, event_id, description, due, due_earliest, due_latest, status, created_at, created_by, updated_at, updated_by)
            SELECT gen_random_uuid(), {promise}, 'bulk', '2100', DATE '2100-01-01', DATE '2100-12-31',
                   CASE WHEN g % 4 = 0 THEN 'open' ELSE 'fulfilled' END, now(), 'test', now(), 'test'
            FROM generate_series(1, 20000) AS g
            """);
        await db.Database.ExecuteSqlRawAsync("ANALYZE timeline.follow_ups");

        // The check's own statement, as it sends it: EXPLAIN without ANALYZE plans it and changes nothing.
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var explain = new NpgsqlCommand("EXPLAIN " + CheckFollowUpsHandler.ClaimSql, connection);
        explain.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = today });
        explain.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = today.AddDays(3) });
        explain.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = DateTimeOffset.UtcNow });
        explain.Parameters.Add(new NpgsqlParameter<string> { TypedValue = "followup.overdue" });
        explain.Parameters.Add(new NpgsqlParameter<string> { TypedValue = "followup.due" });
        var plan = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                plan.Add(reader.GetString(0));
            }
        }

        Assert.Contains(plan, line => line.Contains("ix_follow_ups_open_due_latest", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, line => line.Contains("Seq Scan", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_checks_change_rows_are_the_follow_ups_as_they_stand_in_the_apis_json_and_in_due_order()
    {
        var promise = (Guid)(await (await api.As("editor")).Record(Bodies.UniqueTag()))["id"]!;
        var soon = await ExpectAsync(promise, Day(2), "Sanctions list update \"phase 2\" <EU> & UK, né");
        var late = await ExpectAsync(promise, "2024-10-30");
        var later = await ExpectAsync(promise, "2024-11");
        await CheckAsync();

        await using var scope = api.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TimelineDbContext>();
        var log = scope.ServiceProvider.GetRequiredService<Timeline.Api.Features.Changes.ChangeLog>();
        string[] ids = [late.ToString(), later.ToString(), soon.ToString()];
        var rows = await db.Changes.AsNoTracking().Where(c => ids.Contains(c.EntityId) && c.Kind != "followup.expected")
            .OrderBy(c => c.Transaction).ThenBy(c => c.Sequence).ToListAsync();

        // Log order is due order: 30 Oct 2024, then November 2024 (both overdue), then the one due in two days.
        Assert.Equal(ids, rows.Select(r => r.EntityId).ToArray());
        Assert.Equal(["followup.overdue", "followup.overdue", "followup.due"], rows.Select(r => r.Kind).ToArray());
        Assert.Single(rows.Select(r => r.Transaction).Distinct());
        foreach (var row in rows)
        {
            var id = Guid.Parse(row.EntityId);
            var view = await db.FollowUps.AsNoTracking().Where(f => f.Id == id).ToViews().SingleAsync();
            var notice = await db.FollowUpNotices.AsNoTracking().SingleAsync(n => n.FollowUpId == id);
            // Byte for byte what the API's own change entry of the follow-up, as GET now shows it, would be.
            var expected = log.For(row.Kind, "followUp", view.Id.ToString(), view.Version, notice.RaisedAt, view);
            Assert.Equal(expected.Data, row.Data);
            Assert.Equal(expected.At, row.At);
            Assert.Equal("followUp", row.Entity);
            Assert.Equal(view.Version, row.Version);
        }

        var reader = await api.As("reader");
        var shown = await (await reader.GetAsync($"/api/follow-ups/{late}")).Json();
        Assert.Equal("overdue", (string?)shown["status"]);
        Assert.Equal(2, (int)shown["version"]!);
        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(shown, System.Text.Json.Nodes.JsonNode.Parse(rows[0].Data)));
    }
}

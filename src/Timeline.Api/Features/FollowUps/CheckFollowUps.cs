using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using Timeline.Api.Features.Changes;
using Timeline.Core.Changes;
using Timeline.Core.Data;
using Timeline.Core.FollowUps;

namespace Timeline.Api.Features.FollowUps;

public sealed class FollowUpCheckOptions
{
    /// <summary>Hangfire cron for the check; five fields, or six for seconds.</summary>
    public string Cron { get; set; } = "* * * * *";

    /// <summary>Days after the due date's last day before a follow-up is overdue.</summary>
    public int GraceDays { get; set; }

    /// <summary>Days before the due date's last day within which <c>followup.due</c> is raised.</summary>
    public int DueWindowDays { get; set; } = 3;
}

public sealed record FollowUpCheckResult(int Due, int Overdue);

/// <summary>
/// Marks open follow-ups past their due date's last day (plus grace) overdue, appending <c>followup.overdue</c> to the
/// change log, and appends <c>followup.due</c> for those within the window; the alert matcher turns both into alerts.
/// Each at most once: a notice's primary key decides.
/// </summary>
public sealed record CheckFollowUps : ICommand<FollowUpCheckResult>;

public sealed class CheckFollowUpsHandler(TimelineDbContext db, TimeProvider clock, History history, IOptions<FollowUpCheckOptions> options)
    : ICommandHandler<CheckFollowUps, FollowUpCheckResult>
{
    /// <summary>
    /// Claims, marks and reads back in one round trip: the open follow-ups due by $2 (through the partial index on open
    /// follow-ups by due day, so the million not yet due are never read) get a notice — overdue before $1, due
    /// otherwise — and only those whose notice this statement inserted come back, so a second run (or server) raises
    /// nothing. The overdue are marked in the same statement; each row comes back as it now stands, in log order.
    /// </summary>
    public const string ClaimSql = """
        WITH candidates AS (
          SELECT f.*, CASE WHEN f.due_latest < $1 THEN $4 ELSE $5 END AS kind
          FROM timeline.follow_ups f
          WHERE f.status = 'open' AND f.due_latest <= $2
        ), claimed AS (
          INSERT INTO timeline.follow_up_notices (follow_up_id, kind, raised_at)
          SELECT id, kind, $3 FROM candidates
          ON CONFLICT DO NOTHING
          RETURNING follow_up_id, kind
        ), marked AS (
          UPDATE timeline.follow_ups f SET status = 'overdue', updated_at = $3, version = f.version + 1
          FROM claimed c
          WHERE f.id = c.follow_up_id AND c.kind = $4 AND f.status = 'open'
          RETURNING f.id, f.status, f.updated_at, f.version
        )
        SELECT c.kind, k.id, k.event_id, k.description, k.due, k.due_earliest, k.due_latest,
               coalesce(m.status, k.status), k.fulfilled_by, k.cancellation_reason, k.created_at, k.created_by,
               coalesce(m.updated_at, k.updated_at), coalesce(m.version, k.version)
        FROM claimed c
        JOIN candidates k ON k.id = c.follow_up_id
        LEFT JOIN marked m ON m.id = c.follow_up_id
        ORDER BY k.due_latest, k.id
        """;

    public async ValueTask<FollowUpCheckResult> Handle(CheckFollowUps command, CancellationToken cancellationToken)
    {
        // The database keeps microseconds: the change rows carry the instant as it is stored, as a reload would show it.
        var now = TruncateToMicroseconds(clock.GetUtcNow());
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var overdueBefore = today.AddDays(-options.Value.GraceDays);
        var dueBy = today.AddDays(options.Value.DueWindowDays);

        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var claimed = new List<Change>();
            int due = 0, overdue = 0;
            await using (var claim = new NpgsqlCommand(ClaimSql, connection))
            {
                claim.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = overdueBefore });
                claim.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = dueBy });
                claim.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now });
                claim.Parameters.Add(new NpgsqlParameter<string> { TypedValue = ChangeKinds.FollowUpOverdue });
                claim.Parameters.Add(new NpgsqlParameter<string> { TypedValue = ChangeKinds.FollowUpDue });
                await using var reader = await claim.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    var kind = reader.GetString(0);
                    _ = kind == ChangeKinds.FollowUpOverdue ? overdue++ : due++;
                    claimed.Add(history.ChangeOf(FollowUpHistory.Kind, Read(reader), kind, now));
                }
            }

            if (claimed.Count > 0)
            {
                // In due order, as claimed: the log's sequences follow it.
                await ChangeLog.AppendAsync(connection, claimed, cancellationToken);
            }

            return new FollowUpCheckResult(due, overdue);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>The follow-up as it now stands, from the claim's columns 1–13.</summary>
    private static FollowUp Read(NpgsqlDataReader r) => new()
    {
        Id = r.GetGuid(1),
        EventId = r.GetGuid(2),
        Description = r.GetString(3),
        Due = r.GetString(4),
        DueEarliest = r.GetFieldValue<DateOnly>(5),
        DueLatest = r.GetFieldValue<DateOnly>(6),
        Status = r.GetString(7),
        FulfilledBy = r.IsDBNull(8) ? null : r.GetGuid(8),
        CancellationReason = r.IsDBNull(9) ? null : r.GetString(9),
        CreatedAt = r.GetFieldValue<DateTimeOffset>(10),
        CreatedBy = r.GetString(11),
        UpdatedAt = r.GetFieldValue<DateTimeOffset>(12),
        Version = r.GetInt32(13),
    };

    private static DateTimeOffset TruncateToMicroseconds(DateTimeOffset t) => t.AddTicks(-(t.Ticks % 10));
}

/// <summary>The Hangfire job: thin, it sends the command.</summary>
public sealed class FollowUpCheckJob(IMediator mediator, ILogger<FollowUpCheckJob> logger)
{
    public const string Id = "follow-up-check";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var result = await mediator.Send(new CheckFollowUps(), cancellationToken);
        // A run that found nothing due is the usual case: quiet unless asked for.
        logger.Log(result.Due + result.Overdue > 0 ? LogLevel.Information : LogLevel.Debug,
            "Follow-up check: {Due} became due, {Overdue} overdue", result.Due, result.Overdue);
    }
}

using System.Text.RegularExpressions;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Timeline.Api.Features.Changes;
using Timeline.Api.Features.Watches;
using Timeline.Api.Platform.Http;
using Timeline.Core.Changes;
using Timeline.Core.Data;
using Timeline.Core.Leads;

namespace Timeline.Api.Features.Leads;

/// <summary>What one check of a watch did with the items it found.</summary>
public sealed record CheckResult(int New, int Changed, int Unchanged, int Skipped, string? LastStatus = null, DateTimeOffset? NextCheckAt = null);

/// <summary>
/// The items a check fetched become leads, in one transaction with the watch's new state: new items are new leads
/// (<c>lead.found</c>), items seen before with other text are marked <c>changed</c> and keep what they said before
/// (<c>lead.changed</c>), items left out by the watch's <c>include</c>/<c>exclude</c> are skipped. The watch's row is
/// locked first, so two checks of one watch (two instances, or the poller and "check now") take turns and the second
/// finds the first's leads; the unique key on (watch, item) stands behind that.
/// </summary>
public sealed record RecordLeads(Guid WatchId, IReadOnlyList<WatchItem> Items, string? ETag, string? LastModified) : ICommand<CheckResult>;

public sealed class RecordLeadsHandler(TimelineDbContext db, TimeProvider clock, History history) : ICommandHandler<RecordLeads, CheckResult>
{
    /// <summary>Who a watch's writes are by in the log.</summary>
    public const string By = "watch";

    private static readonly RawCopyTable<Lead> Rows = new("timeline.leads",
    [
        new("id", (w, l) => w.Uuid(l.Id)),
        new("watch_id", (w, l) => w.Uuid(l.WatchId)),
        new("item_id", (w, l) => w.Text(l.ItemId)),
        new("url", (w, l) => w.Text(l.Url)),
        new("title", (w, l) => w.Text(l.Title)),
        new("text", (w, l) => w.Text(l.Text)),
        new("published", (w, l) => w.Date(l.Published)),
        new("found_at", (w, l) => w.TimestampTz(l.FoundAt)),
        new("status", (w, l) => w.Text(l.Status)),
        new("changed", (w, l) => w.Boolean(l.Changed)),
        new("actors", (w, l) => w.TextArray(l.Actors)),
        new("previous", (w, l) => w.Jsonb(l.Previous)),
        new("version", (w, l) => w.Int4(l.Version)),
        new("updated_at", (w, l) => w.TimestampTz(l.UpdatedAt)),
        new("updated_by", (w, l) => w.Text(l.UpdatedBy)),
    ]);

    public async ValueTask<CheckResult> Handle(RecordLeads command, CancellationToken cancellationToken)
    {
        var watch = await db.Watches.FromSql($"SELECT * FROM timeline.watches WHERE id = {command.WatchId} FOR UPDATE").SingleOrDefaultAsync(cancellationToken)
            ?? throw ProblemException.NotFound($"watch {command.WatchId}");
        // The database keeps microseconds: the log's copies carry the instant as a reload shows it.
        var now = clock.GetUtcNow();
        now = now.AddTicks(-(now.Ticks % 10));
        var include = Matcher(watch.Include);
        var exclude = Matcher(watch.Exclude);
        var passing = command.Items.Where(i => (include is null || include.IsMatch(i.Title + "\n" + i.Text)) && (exclude is null || !exclude.IsMatch(i.Title + "\n" + i.Text)))
            .ToList();
        var skipped = command.Items.Count - passing.Count;
        var wanted = passing.DistinctBy(i => i.ItemId, StringComparer.Ordinal).ToList();
        var ids = wanted.Select(i => i.ItemId).ToArray();
        // What each item names is worked out on another core while the database looks up the items seen before.
        var naming = Task.Run(() => wanted.Select(LeadActors.NamedBy).ToList(), cancellationToken);
        // The ids joined as a table (see LeadActors.FindAsync): "= ANY" of ten thousand ids cost more planning than running.
        var seen = await db.Database.SqlQuery<SeenLead>(
                $"SELECT l.id, l.item_id, l.title, l.text FROM unnest({ids}) AS wanted (item_id) JOIN timeline.leads l ON l.watch_id = {watch.Id} AND l.item_id = wanted.item_id")
            .ToDictionaryAsync(l => l.ItemId, StringComparer.Ordinal, cancellationToken);
        var named = await naming;
        var fresh = new List<WatchItem>();
        var edited = new List<WatchItem>();
        List<LeadActors.Named> freshNamed = [], editedNamed = [];
        for (var i = 0; i < wanted.Count; i++)
        {
            var item = wanted[i];
            if (!seen.TryGetValue(item.ItemId, out var s))
            {
                fresh.Add(item);
                freshNamed.Add(named[i]);
            }
            else if (s.Title != item.Title || s.Text != item.Text)
            {
                edited.Add(item);
                editedNamed.Add(named[i]);
            }
        }

        var actors = await LeadActors.FindAsync(db, [.. fresh, .. edited], [.. freshNamed, .. editedNamed], cancellationToken);

        // New leads by COPY, with their change rows: an FtM delta can bring ten thousand at once. Both are encoded on other
        // cores while the edited leads and the watch are written, and the change rows still while the leads are sent.
        // Newest first lists a check's leads in the feed's order (feeds put their newest first): the first item gets the
        // highest of the check's ids, which share a millisecond and differ in their random bits.
        var leadIds = fresh.Select(_ => Guid.CreateVersion7(now)).Order().Reverse().ToList();
        var leads = fresh.Select((item, i) => new Lead
        {
            Id = leadIds[i], WatchId = watch.Id, ItemId = item.ItemId, Url = item.Url, Title = item.Title, Text = item.Text,
            Published = item.Published, FoundAt = now, Status = LeadStatuses.New, Actors = actors[i], Version = 1, UpdatedAt = now, UpdatedBy = By,
        }).ToList();
        var leadRows = leads.Count == 0 ? null : Task.Run(() => Rows.Encode(leads, leads.Count * 512), cancellationToken);
        var changeRows = leads.Count == 0 ? null
            : Task.Run(() => ViewChanges.Rows<LeadView>().Encode(leads.Select(l => history.ViewChangeOf(LeadHistory.Kind, l, ChangeKinds.LeadFound)),
                leads.Count * 768), cancellationToken);

        // The edited leads in one statement, locked: triage (accept, attach, dismiss) takes turns with this check.
        var editedIds = edited.Select(i => seen[i.ItemId].Id).ToArray();
        var editedLeads = editedIds.Length == 0 ? new Dictionary<Guid, Lead>()
            : await db.Leads.FromSql($"SELECT * FROM timeline.leads WHERE id = ANY({editedIds}) ORDER BY id FOR UPDATE")
                .ToDictionaryAsync(l => l.Id, cancellationToken);
        for (var i = 0; i < edited.Count; i++)
        {
            var item = edited[i];
            var lead = editedLeads[editedIds[i]];
            lead.Previous = LeadViews.StoredPrevious([.. LeadViews.PreviousOf(lead), new PreviousText(lead.Title, lead.Text, now)]);
            lead.Title = item.Title;
            lead.Text = item.Text;
            lead.Url = item.Url;
            lead.Published = item.Published ?? lead.Published;
            lead.Changed = true;
            lead.Actors = actors[fresh.Count + i];
            await history.ReviseLockedAsync(LeadHistory.Kind, lead, new(ChangeKinds.LeadChanged, By, At: now), cancellationToken);
        }

        watch.LastCheckedAt = now;
        watch.Failures = 0;
        watch.NextCheckAt = now.AddSeconds(watch.EverySeconds);
        watch.ETag = command.ETag;
        watch.LastModified = command.LastModified;
        var result = new CheckResult(fresh.Count, edited.Count, passing.Count - fresh.Count - edited.Count, skipped);
        watch.LastStatus = $"ok: {result.New} new, {result.Changed} changed, {result.Unchanged} unchanged, {result.Skipped} skipped";
        await db.SaveChangesAsync(cancellationToken);

        if (leadRows is not null && changeRows is not null)
        {
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            // The encoded rows' buffers go back to the pool once sent.
            using (var encoded = await leadRows)
            {
                await Rows.WriteAsync(connection, encoded, cancellationToken);
            }

            using (var encoded = await changeRows)
            {
                await ViewChanges.Rows<LeadView>().WriteAsync(connection, encoded, cancellationToken);
            }
        }

        return result with { LastStatus = watch.LastStatus, NextCheckAt = watch.NextCheckAt };
    }

    /// <summary>A lead of the watch an item was seen as before (its columns by the model's snake-case names).</summary>
    private sealed class SeenLead
    {
        public Guid Id { get; init; }
        public string ItemId { get; init; } = "";
        public string Title { get; init; } = "";
        public string Text { get; init; } = "";
    }

    /// <summary>Any of the words or phrases, whole, case-insensitive; null when there are none.</summary>
    private static Regex? Matcher(string[] words) => words.Length == 0 ? null
        : new Regex(@"(?<![\p{L}\p{N}])(" + string.Join('|', words.Select(Regex.Escape)) + @")(?![\p{L}\p{N}])",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
}

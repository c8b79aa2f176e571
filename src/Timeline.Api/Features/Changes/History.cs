using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Timeline.Api.Platform.Http;
using Timeline.Core.Changes;
using Timeline.Core.Data;

namespace Timeline.Api.Features.Changes;

/// <summary>
/// A kind of record that has history: its name in the change log, its id there, its <c>GET</c> view, and the revision
/// rows a version adds (none unless the kind keeps them). A new kind of record is one small subclass of this, beside
/// its feature; <see cref="History"/> does the rest.
/// </summary>
public abstract class HistoryOf<TEntity, TView> where TEntity : class
{
    /// <summary>The entity's name in the log (<see cref="ChangeEntities"/>).</summary>
    public abstract string Entity { get; }

    /// <summary>How problems name it, e.g. "follow-up".</summary>
    public virtual string Noun => Entity;

    public abstract string IdOf(TEntity record);

    /// <summary>Its version: a revised record's own (<see cref="IVersioned"/>); 1 for a record that is only ever saved once.</summary>
    public virtual int VersionOf(TEntity record) => record is IVersioned versioned ? versioned.Version : 1;

    /// <summary>When the version was made, the change's time in the log: a revised record's last stamp.</summary>
    public virtual DateTimeOffset AtOf(TEntity record) =>
        record is IVersioned versioned ? versioned.UpdatedAt : throw new NotSupportedException($"{Entity}: say when it was made (AtOf)");

    /// <summary>The record as its <c>GET</c> answers.</summary>
    public abstract TView ViewOf(TEntity record);

    /// <summary>
    /// Adds the revision of the record's current version, closing the one it follows, for kinds that keep revisions.
    /// <paramref name="change"/> is the revision's word: <c>recorded</c>, <c>amended</c>, <c>retracted</c>.
    /// </summary>
    public virtual Task AddRevisionAsync(TimelineDbContext db, TEntity record, string change, string? reason, CancellationToken ct) =>
        Task.CompletedTask;
}

/// <summary>A new version of a record: what happened (a <see cref="ChangeKinds"/> kind), by whom, and why.</summary>
/// <param name="IfMatch">The client named the version it read (an ETag): a lost race is then a 412, else a 409.</param>
/// <param name="At">When, if not now (writes that share one instant, e.g. an event and the follow-ups it fulfils).</param>
public sealed record Revision(string Kind, string By, string? Reason = null, bool IfMatch = false, DateTimeOffset? At = null);

/// <summary>
/// A recorded or revised record is its new version, its revision and its change-log row carrying its <c>GET</c> view,
/// all added to the caller's transaction (the caller saves). Handlers load, decide, and hand the record here.
/// </summary>
public sealed class History(TimelineDbContext db, TimeProvider clock, ChangeLog log)
{
    /// <summary>A new record, as the caller made it at version 1: added, with its first revision and its change.</summary>
    public async Task<TView> RecordAsync<TEntity, TView>(HistoryOf<TEntity, TView> kind, TEntity record, string changeKind, CancellationToken ct)
        where TEntity : class
    {
        db.Add(record);
        await kind.AddRevisionAsync(db, record, RevisionWord(changeKind), null, ct);
        return Append(kind, record, changeKind, kind.AtOf(record));
    }

    /// <summary>
    /// The next version of a record this transaction loaded and changed: the version the caller decided on is checked
    /// under the row's lock, then the version bumped and stamped, its revision and its change added.
    /// </summary>
    public async Task<TView> ReviseAsync<TEntity, TView>(HistoryOf<TEntity, TView> kind, TEntity record, Revision revision, CancellationToken ct)
        where TEntity : class, IVersioned
    {
        await LockAsync(kind, record, revision.IfMatch, ct);
        return await ReviseLockedAsync(kind, record, revision, ct);
    }

    /// <summary>
    /// As <see cref="ReviseAsync"/>, for a record this transaction loaded under its row's lock (<c>SELECT … FOR UPDATE</c>):
    /// no other write can have made a newer version since, so there is nothing to look up again. Writers of many records
    /// lock them all in one statement.
    /// </summary>
    public async Task<TView> ReviseLockedAsync<TEntity, TView>(HistoryOf<TEntity, TView> kind, TEntity record, Revision revision, CancellationToken ct)
        where TEntity : class, IVersioned
    {
        record.Version++;
        record.UpdatedAt = revision.At ?? clock.GetUtcNow();
        record.UpdatedBy = revision.By;
        await kind.AddRevisionAsync(db, record, RevisionWord(revision.Kind), revision.Reason, ct);
        return Append(kind, record, revision.Kind, record.UpdatedAt);
    }

    /// <summary>The change a record's current version makes, for writers of many rows (COPY through <see cref="ChangeLog.Rows"/>).</summary>
    public Change ChangeOf<TEntity, TView>(HistoryOf<TEntity, TView> kind, TEntity record, string changeKind, DateTimeOffset? at = null)
        where TEntity : class =>
        log.For(changeKind, kind.Entity, kind.IdOf(record), kind.VersionOf(record), at ?? kind.AtOf(record), kind.ViewOf(record));

    /// <summary>As <see cref="ChangeOf"/>, its view serialized only as its COPY row is encoded (<see cref="ViewChanges"/>): no string a change.</summary>
    public ViewChange<TView> ViewChangeOf<TEntity, TView>(HistoryOf<TEntity, TView> kind, TEntity record, string changeKind, DateTimeOffset? at = null)
        where TEntity : class =>
        log.ViewFor(changeKind, kind.Entity, kind.IdOf(record), kind.VersionOf(record), at ?? kind.AtOf(record), kind.ViewOf(record));

    private TView Append<TEntity, TView>(HistoryOf<TEntity, TView> kind, TEntity record, string changeKind, DateTimeOffset at)
        where TEntity : class
    {
        var view = kind.ViewOf(record);
        db.Changes.Add(log.For(changeKind, kind.Entity, kind.IdOf(record), kind.VersionOf(record), at, view));
        return view;
    }

    /// <summary>
    /// Two writes to one record are serialised here: the row is locked (<c>SELECT … FOR UPDATE</c>) and its version
    /// compared with the one the caller loaded and decided on. The second writer waits for the first to commit, then
    /// finds a newer version and is told so (412 or 409) before it writes anything. Chosen over comparing the version in
    /// the <c>UPDATE</c> (EF Core's concurrency token) because a revision closes the open one and inserts the next before
    /// that <c>UPDATE</c> runs, and the loser then hit the revisions' unique key (a 500); and over mapping that
    /// violation, which would leave the answer to whichever statement happens to fail first.
    /// </summary>
    private async Task LockAsync<TEntity, TView>(HistoryOf<TEntity, TView> kind, TEntity record, bool ifMatch, CancellationToken ct)
        where TEntity : class, IVersioned
    {
        var type = db.Model.FindEntityType(typeof(TEntity))!;
        var table = StoreObjectIdentifier.Table(type.GetTableName()!, type.GetSchema());
        var key = type.FindPrimaryKey()!.Properties.Single();
        var version = type.FindProperty(nameof(IVersioned.Version))!;
        var id = db.Entry(record).Property(key.Name).CurrentValue!;
        // Names from the model, never from input; the id is a parameter.
        var sql = $"""SELECT {version.GetColumnName(table)} AS "Value" FROM {table.Schema}.{table.Name} WHERE {key.GetColumnName(table)} = """
            + "{0} FOR UPDATE";
        var current = await db.Database.SqlQueryRaw<int>(sql, id)
            .ToListAsync(ct);
        if (current is not [var now] || now != record.Version)
        {
            throw ifMatch && current is [var newer]
                ? ProblemException.PreconditionFailed(newer, kind.Noun)
                : ProblemException.Conflict($"the {kind.Noun} was changed by another write meanwhile; read it again and retry");
        }
    }

    /// <summary>The revision's word is the change kind's verb: <c>event.amended</c> → <c>amended</c>.</summary>
    private static string RevisionWord(string changeKind) => changeKind[(changeKind.IndexOf('.', StringComparison.Ordinal) + 1)..];
}

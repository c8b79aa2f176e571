using System.Threading.Channels;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using Timeline.Api.Features.Changes;
using Timeline.Api.Features.Events.Import.Ftm;
using Timeline.Api.Platform.Http;
using Timeline.Core.Changes;
using Timeline.Core.Data;
using Timeline.Core.Places;

namespace Timeline.Api.Features.Events.Import;

public enum ImportFormat
{
    Ndjson,
    Csv,

    /// <summary>FollowTheMoney entities, one per line: actors, and the designations and events that name them.</summary>
    Ftm,
}

/// <summary>
/// Records many events from one body: each line validated with the rules of recording, written with binary COPY
/// (events, their first revisions and their change-log entries) in the command's transaction.
/// All or nothing unless <see cref="Partial"/>.
/// </summary>
public sealed record ImportEvents(Stream Body, ImportFormat Format, bool Partial, string RecordedBy) : ICommand<ImportResult>;

/// <summary>
/// What an import did: events recorded, lines skipped (their externalId already recorded), lines rejected and why;
/// for FtM, what became of the entities (null for NDJSON and CSV).
/// </summary>
public sealed record ImportResult(int Imported, int Skipped, int RejectedCount, IReadOnlyList<ImportRejection> Rejected,
    ImportedEntities? Entities = null);

/// <summary>
/// The entities of an FtM import: actors recorded, actors already recorded (by their code), and the entities of other
/// schemata, skipped, counted by schema; the names entities already recorded brought, added to their actors' aliases.
/// </summary>
public sealed record ImportedEntities(int Actors, int ActorsAlreadyRecorded, IReadOnlyDictionary<string, int> OtherSchemata,
    IReadOnlyList<ActorAliasesAdded> AliasesAdded);

/// <summary>A rejected line: its number in the body (1-based; a CSV's header is line 1) and the reasons per field.</summary>
public sealed record ImportRejection(int Line, IDictionary<string, string[]> Errors);

/// <summary>An all-or-nothing import with rejected lines: thrown so that the transaction records nothing.</summary>
public sealed class ImportRejectedException(ImportResult result) : Exception($"{result.RejectedCount} lines were rejected")
{
    public ImportResult Result { get; } = result;
}

public sealed class ImportEventsHandler(TimelineDbContext db, TimeProvider clock, History history, ImportLineRules rules,
    IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, IOptions<ImportLimits> limits, Audit.AuditLog audit) : ICommandHandler<ImportEvents, ImportResult>
{
    /// <summary>
    /// Lines validated, looked up and copied together: one query per look-up per batch. A batch's rows are held until
    /// copied, and three batches are at most in hand (one copied, one waiting, one being read), so this bounds an
    /// import's memory, whatever the size of its body.
    /// </summary>
    public const int BatchSize = 500;

    /// <summary>Rejections listed in the answer; past that they are only counted.</summary>
    public const int MaxListedRejections = 1_000;

    private readonly HashSet<string> externalIdsSeen = new(StringComparer.Ordinal);
    private readonly List<ImportRejection> rejected = [];
    private HashSet<string> knownActors = [];
    private Dictionary<string, Place> knownPlaces = [];
    private int imported;
    private int skipped;
    private int rejectedCount;
    private int lines;
    private string nothingToImport = "";

    /// <summary>A line read and checked without the database, with its rows built when it passed.</summary>
    private sealed record Prepared(int Line, ImportLine? Fields, Dictionary<string, List<string>>? Errors, EventRows? Rows);

    public async ValueTask<ImportResult> Handle(ImportEvents command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        knownActors = [.. await db.Actors.AsNoTracking().Select(a => a.Code).ToListAsync(cancellationToken)];
        // Places are few beside events: all of them, once, to check the lines' codes and place their footprints.
        knownPlaces = await db.Places.AsNoTracking().ToDictionaryAsync(p => p.Code, cancellationToken);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        IAsyncEnumerable<ParsedLine> source;
        ImportedEntities? entities = null;
        if (command.Format == ImportFormat.Ftm)
        {
            (source, entities) = await ActorsFirstAsync(command.Body, command.RecordedBy, now, cancellationToken);
        }
        else
        {
            IImportReader reader = command.Format == ImportFormat.Csv ? new CsvImportReader() : new NdjsonImportReader(json.Value.SerializerOptions);
            source = reader.ReadAsync(command.Body, stop.Token);
            nothingToImport = reader.NothingToImport;
        }

        // Two stages that overlap: reading, parsing, validating and building rows (CPU, here) runs one batch ahead of
        // the look-ups and COPY on the transaction's connection (PostgreSQL's work), so neither waits for the other; one
        // batch waits between them, no more: batches waiting hold memory and gain nothing when PostgreSQL is the slower.
        var batches = Channel.CreateBounded<List<Prepared>>(new BoundedChannelOptions(1) { SingleReader = true, SingleWriter = true });
        var producer = Task.Run(() => ProduceAsync(source, command.RecordedBy, now, batches.Writer, stop.Token), stop.Token);
        try
        {
            await foreach (var batch in batches.Reader.ReadAllAsync(cancellationToken))
            {
                await WriteAsync(batch, command.Partial, cancellationToken);
            }
        }
        finally
        {
            await stop.CancelAsync();
            try
            {
                await producer;
            }
            catch (OperationCanceledException)
            {
            }
        }

        if (lines == 0 && entities is null)
        {
            throw ProblemException.BadRequest("body", nothingToImport);
        }

        var result = new ImportResult(imported, skipped, rejectedCount, rejected, entities);
        if (!command.Partial && rejectedCount > 0)
        {
            throw new ImportRejectedException(result with { Imported = 0 });
        }

        await audit.WriteAsync(Timeline.Core.People.AuditActions.Imported, "events", null,
            $"{command.Format}: {imported} imported, {skipped} skipped, {rejectedCount} rejected", cancellationToken);
        return result;
    }

    /// <summary>
    /// FtM: the whole body is read and planned, its new actors copied first (in the same transaction, so an import
    /// rejected later records none of them), and its designations and events handed on as lines that name them.
    /// </summary>
    private async Task<(IAsyncEnumerable<ParsedLine>, ImportedEntities?)> ActorsFirstAsync(Stream body, string recordedBy, DateTimeOffset now, CancellationToken ct)
    {
        var (plan, read) = await new FtmImport(json.Value.SerializerOptions, limits.Value.MaxFtmEntities, limits.Value.TooManyFtmEntities).PlanAsync(body, db, ct);
        if (read == 0)
        {
            nothingToImport = FtmImport.NothingToImport;
            return (AsyncEnumerable.Empty<ParsedLine>(), null);
        }

        try
        {
            await FtmActorCopy.WriteAsync(Connection(), plan.NewActors, recordedBy, now, history, ct);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw ProblemException.Conflict("another import or request recorded some of these actors meanwhile; send the body again and they will be taken as recorded");
        }

        var aliases = await FtmAliases.AddAsync(db, plan.NamesOfRecorded, recordedBy, now, history, ct);
        knownActors.UnionWith(plan.NewActors.Select(a => a.Code));
        return (plan.Lines.ToAsyncEnumerable(), new ImportedEntities(plan.NewActors.Count, plan.ActorsAlreadyRecorded, plan.OtherSchemata, aliases));
    }

    private async Task ProduceAsync(IAsyncEnumerable<ParsedLine> source, string recordedBy, DateTimeOffset now, ChannelWriter<List<Prepared>> batches, CancellationToken ct)
    {
        try
        {
            var batch = new List<Prepared>(BatchSize);
            await foreach (var line in source)
            {
                batch.Add(Prepare(line, recordedBy, now));
                if (batch.Count == BatchSize)
                {
                    await batches.WriteAsync(batch, ct);
                    batch = new List<Prepared>(BatchSize);
                }
            }

            if (batch.Count > 0)
            {
                await batches.WriteAsync(batch, ct);
            }

            batches.TryComplete();
        }
        catch (Exception ex)
        {
            batches.TryComplete(ex);
        }
    }

    private Prepared Prepare(ParsedLine line, string recordedBy, DateTimeOffset now)
    {
        if (line.Errors is { } parseErrors)
        {
            return new Prepared(line.Line, null, parseErrors.ToDictionary(e => e.Key, e => e.Value.ToList()), null);
        }

        var fields = line.Event!;
        var errors = rules.Check(fields, knownActors);
        var unknownPlaces = (fields.Places ?? []).Select(p => p?.Place).OfType<string>().Where(c => !knownPlaces.ContainsKey(c)).Distinct().ToList();
        if (unknownPlaces.Count > 0)
        {
            (errors ??= []).TryAdd("places", []);
            errors["places"].Add($"unknown {(unknownPlaces.Count == 1 ? "place" : "places")}: {string.Join(", ", unknownPlaces)} (record {(unknownPlaces.Count == 1 ? "it" : "them")} at POST /api/places first)");
        }

        if (errors is not null)
        {
            return new Prepared(line.Line, fields, errors, null);
        }

        var e = fields.NewEvent(recordedBy, now, fields.ImportedExternalId());
        e.RetractionReason = fields.IsRetracted() ? fields.RetractionReason!.Trim() : null;
        e.Footprint = Footprint.Of(e.Places, knownPlaces);
        var rows = EventRows.Of(e, history.ChangeOf(EventHistory.Kind, e, ChangeKinds.EventImported));
        return new Prepared(line.Line, fields, null, rows);
    }

    private async Task WriteAsync(List<Prepared> batch, bool partial, CancellationToken ct)
    {
        lines += batch.Count;
        var errors = batch.Select(p => p.Errors).ToArray();
        await CheckRelatedAsync(batch, errors, ct);

        var accepted = new List<EventRows>(batch.Count);
        var withExternalId = new List<string>();
        for (var i = 0; i < batch.Count; i++)
        {
            if (errors[i] is { } lineErrors)
            {
                rejectedCount++;
                if (rejected.Count < MaxListedRejections)
                {
                    rejected.Add(new ImportRejection(batch[i].Line, lineErrors.ToDictionary(e => e.Key, e => e.Value.Distinct().ToArray())));
                }

                continue;
            }

            var rows = batch[i].Rows!;
            if (rows.Event.ExternalId is { } externalId)
            {
                // A repeat within the body is skipped like one already recorded.
                if (!externalIdsSeen.Add(externalId))
                {
                    skipped++;
                    continue;
                }

                withExternalId.Add(externalId);
            }

            accepted.Add(rows);
        }

        var recorded = await RecordedExternalIdsAsync(withExternalId, ct);
        if (recorded.Count > 0)
        {
            skipped += accepted.RemoveAll(r => r.Event.ExternalId is { } id && recorded.Contains(id));
        }

        // All or nothing: once a line is rejected nothing will commit, so the rest is only validated.
        if (accepted.Count == 0 || (!partial && rejectedCount > 0))
        {
            return;
        }

        try
        {
            await EventTables.CopyAsync(Connection(), accepted, ct);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw ProblemException.Conflict("another import recorded some of these externalIds meanwhile; send the body again and they will be skipped");
        }

        imported += accepted.Count;
    }

    /// <summary>The related events the batch names, looked up in one query.</summary>
    private async Task CheckRelatedAsync(List<Prepared> batch, Dictionary<string, List<string>>?[] errors, CancellationToken ct)
    {
        static IEnumerable<Guid> RelatedIds(ImportLine? line) =>
            (line?.Related ?? []).Where(r => r?.EventId is not null).Select(r => r.EventId!.Value);

        var ids = batch.SelectMany(p => RelatedIds(p.Fields)).Distinct().ToList();
        if (ids.Count == 0)
        {
            return;
        }

        var found = (await db.Events.AsNoTracking().Where(e => ids.Contains(e.EventId)).Select(e => e.EventId).ToListAsync(ct)).ToHashSet();
        for (var i = 0; i < batch.Count; i++)
        {
            var missing = RelatedIds(batch[i].Fields).Distinct().Where(id => !found.Contains(id)).ToList();
            if (missing.Count > 0)
            {
                var lineErrors = errors[i] ??= [];
                (lineErrors.TryGetValue("related", out var reasons) ? reasons : lineErrors["related"] = []).Add($"no such event: {string.Join(", ", missing)}");
            }
        }
    }

    private async Task<HashSet<string>> RecordedExternalIdsAsync(List<string> ids, CancellationToken ct)
    {
        if (ids.Count == 0)
        {
            return [];
        }

        // An id that is an event's own here too: a download imported back into the database it came from.
        await using var command = new NpgsqlCommand("SELECT external_id FROM timeline.events WHERE external_id = ANY(@ids) " +
            "UNION SELECT id::text FROM timeline.events WHERE id = ANY(@events)", Connection());
        command.Parameters.Add(new NpgsqlParameter<string[]>("ids", [.. ids]));
        command.Parameters.Add(new NpgsqlParameter<Guid[]>("events", [.. ids.Select(i => Guid.TryParse(i, out var id) ? id : Guid.Empty).Where(id => id != Guid.Empty)]));
        var recorded = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            recorded.Add(reader.GetString(0));
        }

        return recorded;
    }

    /// <summary>The DbContext's connection, opened by the transaction behaviour: COPY runs inside the command's transaction.</summary>
    private NpgsqlConnection Connection() =>
        db.Database.CurrentTransaction is null
            ? throw new InvalidOperationException("an import runs inside the command's transaction")
            : (NpgsqlConnection)db.Database.GetDbConnection();
}

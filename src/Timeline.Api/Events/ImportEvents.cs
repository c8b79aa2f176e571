using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using System.Text.Json;
using FluentValidation;
using FluentValidation.Internal;
using FluentValidation.Validators;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using Timeline.Api.Access;
using Timeline.Api.Changes;
using Timeline.Api.Hosting.OpenApi;
using Timeline.Api.Http;
using Timeline.Core.Changes;
using Timeline.Core.Data;
using Timeline.Core.Events;

namespace Timeline.Api.Events;

/// <summary>One line of an import: an event as <c>POST /api/events</c> takes it, plus the importer's own id.</summary>
public sealed record ImportLine : EventFields
{
    /// <summary>The importer's id for the event (at most 200 characters): a line whose id is already recorded is skipped.</summary>
    public string? ExternalId { get; init; }
}

public enum ImportFormat
{
    Ndjson,
    Csv,
}

/// <summary>
/// Records many events from one NDJSON or CSV body: each line validated with the rules of recording, written with
/// binary COPY (events, their first revisions and their change-log entries) in the command's transaction.
/// All or nothing unless <see cref="Partial"/>.
/// </summary>
public sealed record ImportEvents(Stream Body, ImportFormat Format, bool Partial, string RecordedBy) : ICommand<ImportResult>;

/// <summary>What an import did: lines recorded, lines skipped (their externalId already recorded), lines rejected and why.</summary>
public sealed record ImportResult(int Imported, int Skipped, int RejectedCount, IReadOnlyList<ImportRejection> Rejected);

/// <summary>A rejected line: its number in the body (1-based; a CSV's header is line 1) and the reasons per field.</summary>
public sealed record ImportRejection(int Line, IDictionary<string, string[]> Errors);

/// <summary>An all-or-nothing import with rejected lines: thrown so that the transaction records nothing.</summary>
public sealed class ImportRejectedException(ImportResult result) : Exception($"{result.RejectedCount} lines were rejected")
{
    public ImportResult Result { get; } = result;
}

/// <summary>
/// The rules of recording, run on each line without their two database look-ups (which actors exist, which related
/// events exist): the importer answers those once per batch instead of once per line.
/// </summary>
public sealed class ImportLineRules : EventRules<ImportLine>
{
    /// <summary>The properties whose database rules <see cref="ImportEventsHandler"/> checks in batches.</summary>
    internal static readonly string[] BatchedProperties = [nameof(EventFields.Actors), nameof(EventFields.Related)];

    private readonly SkipRules skipDatabaseRules;

    public ImportLineRules(TimelineDbContext db, KnownActors actors) : base(db, actors)
    {
        RuleFor(x => x.ExternalId).Must(id => !string.IsNullOrWhiteSpace(id)).When(x => x.ExternalId is not null)
            .WithMessage("an externalId, when given, is not blank").MaximumLength(200);

        // Found once, by what they are: the rules that can only run asynchronously (they query the database).
        var databaseRules = this.Where(IsDatabaseRule).ToList();

        // A database rule added to EventRules later must be batched here too, or it would be skipped silently.
        var unbatched = databaseRules.Select(r => r.PropertyName).Except(BatchedProperties).ToList();
        if (unbatched.Count > 0)
        {
            throw new InvalidOperationException($"EventRules has database rules the importer does not batch: {string.Join(", ", unbatched)}");
        }

        skipDatabaseRules = new SkipRules(databaseRules.ToHashSet(ReferenceEqualityComparer.Instance));
    }

    /// <summary>Validates one line with every rule that needs no database.</summary>
    public FluentValidation.Results.ValidationResult ValidateWithoutDatabase(ImportLine line) =>
        Validate(new ValidationContext<ImportLine>(line, new PropertyChain(), skipDatabaseRules));

    private static bool IsDatabaseRule(IValidationRule rule) =>
        rule.Components.Any(c => Implements(c.Validator, typeof(IAsyncPropertyValidator<,>)) && !Implements(c.Validator, typeof(IPropertyValidator<,>)));

    private static bool Implements(IPropertyValidator validator, Type generic) =>
        validator.GetType().GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == generic);

    private sealed class SkipRules(HashSet<object?> skipped) : IValidatorSelector
    {
        public bool CanExecute(IValidationRule rule, string propertyPath, IValidationContext context) => !skipped.Contains(rule);
    }
}

public sealed class ImportEventsHandler(TimelineDbContext db, TimeProvider clock, ChangeEntries changes, ImportLineRules rules,
    IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json) : ICommandHandler<ImportEvents, ImportResult>
{
    /// <summary>Lines validated, looked up and copied together: one query per look-up per batch.</summary>
    public const int BatchSize = 2_000;

    /// <summary>Rejections listed in the answer; past that they are only counted.</summary>
    public const int MaxListedRejections = 1_000;

    /// <summary>The JSON shape EF Core writes for the owned JSON collections (sources, related): CLR member names.</summary>
    private static readonly JsonSerializerOptions StoredJson = new() { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.Never };

    private readonly HashSet<string> externalIdsSeen = new(StringComparer.Ordinal);
    private readonly List<ImportRejection> rejected = [];
    private HashSet<string> knownActors = [];
    private int imported;
    private int skipped;
    private int rejectedCount;
    private int lines;

    /// <summary>A line read and checked without the database, with its event built when it passed.</summary>
    private sealed record Prepared(int Line, ImportLine? Fields, Dictionary<string, List<string>>? Errors, Event? Event, string? Sources, string? Related);

    public async ValueTask<ImportResult> Handle(ImportEvents command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        knownActors = [.. await db.Actors.AsNoTracking().Select(a => a.Code).ToListAsync(cancellationToken)];

        // Two stages that overlap: reading, parsing, validating and building rows (CPU, here) runs one batch ahead of
        // the look-ups and COPY on the transaction's connection (PostgreSQL's work), so neither waits for the other.
        var batches = System.Threading.Channels.Channel.CreateBounded<List<Prepared>>(new System.Threading.Channels.BoundedChannelOptions(2) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var producer = Task.Run(() => ProduceAsync(command, now, batches.Writer, stop.Token), stop.Token);
        try
        {
            await foreach (var batch in batches.Reader.ReadAllAsync(cancellationToken))
            {
                await WriteAsync(batch, command, cancellationToken);
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

        if (lines == 0)
        {
            throw ProblemException.BadRequest("body", command.Format == ImportFormat.Csv
                ? "no events: the CSV holds a header and no rows"
                : "no events: send one JSON object per line");
        }

        var result = new ImportResult(imported, skipped, rejectedCount, rejected);
        if (!command.Partial && rejectedCount > 0)
        {
            throw new ImportRejectedException(result with { Imported = 0 });
        }

        return result;
    }

    private async Task ProduceAsync(ImportEvents command, DateTimeOffset now, System.Threading.Channels.ChannelWriter<List<Prepared>> batches, CancellationToken ct)
    {
        try
        {
            var parser = new ImportParser(json.Value.SerializerOptions);
            var source = command.Format == ImportFormat.Csv ? parser.ReadCsv(command.Body, ct) : parser.ReadNdjson(command.Body, ct);
            var batch = new List<Prepared>(BatchSize);
            await foreach (var line in source)
            {
                batch.Add(Prepare(line, command.RecordedBy, now));
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
            return new Prepared(line.Line, null, parseErrors.ToDictionary(e => e.Key, e => e.Value.ToList()), null, null, null);
        }

        var fields = line.Event!;
        if (Validate(fields) is { } errors)
        {
            return new Prepared(line.Line, fields, errors, null, null, null);
        }

        var e = new Event
        {
            EventId = Guid.CreateVersion7(now),
            RecordedAt = now,
            RecordedBy = recordedBy,
            UpdatedAt = now,
            UpdatedBy = recordedBy,
            Version = 1,
            ExternalId = fields.ExternalId,
        };
        fields.ApplyTo(e);
        return new Prepared(line.Line, fields, null, e, JsonSerializer.Serialize(e.Sources, StoredJson), JsonSerializer.Serialize(e.Related, StoredJson));
    }

    private async Task WriteAsync(List<Prepared> batch, ImportEvents command, CancellationToken ct)
    {
        lines += batch.Count;
        var errors = batch.Select(p => p.Errors).ToArray();
        await CheckRelatedAsync(batch, errors, ct);

        var accepted = new List<Prepared>(batch.Count);
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

            if (batch[i].Event!.ExternalId is { } externalId)
            {
                // A repeat within the body is skipped like one already recorded.
                if (!externalIdsSeen.Add(externalId))
                {
                    skipped++;
                    continue;
                }

                withExternalId.Add(externalId);
            }

            accepted.Add(batch[i]);
        }

        var recorded = await RecordedExternalIdsAsync(withExternalId, ct);
        if (recorded.Count > 0)
        {
            skipped += accepted.RemoveAll(p => p.Event!.ExternalId is { } id && recorded.Contains(id));
        }

        // All or nothing: once a line is rejected nothing will commit, so the rest is only validated.
        if (accepted.Count == 0 || (!command.Partial && rejectedCount > 0))
        {
            return;
        }

        try
        {
            await CopyEventsAsync(accepted, ct);
            await CopyRevisionsAsync(accepted, ct);
            await CopyChangesAsync(accepted, ct);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw ProblemException.Conflict("another import recorded some of these externalIds meanwhile; send the body again and they will be skipped");
        }

        imported += accepted.Count;
    }

    private Dictionary<string, List<string>>? Validate(ImportLine line)
    {
        Dictionary<string, List<string>>? errors = null;
        void Add(string field, string reason) => ((errors ??= [])
            .TryGetValue(field, out var reasons) ? reasons : errors[field] = []).Add(reason);

        foreach (var failure in rules.ValidateWithoutDatabase(line).Errors)
        {
            Add(JsonProblems.JsonField(failure.PropertyName), failure.ErrorMessage);
        }

        // The rule of recording, against the actors loaded once for the whole import.
        var unknown = (line.Actors ?? [])
            .Where(c => c is not null && System.Text.RegularExpressions.Regex.IsMatch(c, EventRules<EventFields>.ActorPattern) && !knownActors.Contains(c))
            .Distinct().ToList();
        if (unknown.Count > 0)
        {
            Add("actors", $"unknown actor {(unknown.Count == 1 ? "code" : "codes")}: {string.Join(", ", unknown)} (record {(unknown.Count == 1 ? "it" : "them")} at POST /api/actors first)");
        }

        return errors;
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

        var connection = Connection();
        await using var command = new NpgsqlCommand("SELECT external_id FROM timeline.events WHERE external_id = ANY(@ids)", connection);
        command.Parameters.Add(new NpgsqlParameter<string[]>("ids", [.. ids]));
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

    private const string StateColumns =
        "title, summary, occurred, earliest, latest, precision, uncertain, approximate, type, status, actors, tags, source_titles, " +
        "recorded_at, recorded_by, updated_at, updated_by, version, retraction_reason, related, sources, credibility, sanction, source_reliabilities";

    private async Task CopyEventsAsync(List<Prepared> rows, CancellationToken ct)
    {
        await using var importer = await Connection().BeginBinaryImportAsync(
            $"COPY timeline.events (id, {StateColumns}, external_id) FROM STDIN (FORMAT BINARY)", ct);
        foreach (var row in rows)
        {
            await importer.StartRowAsync(ct);
            await importer.WriteAsync(row.Event!.EventId, NpgsqlDbType.Uuid, ct);
            await WriteStateAsync(importer, row, ct);
            await WriteNullableAsync(importer, row.Event.ExternalId, NpgsqlDbType.Varchar, ct);
        }

        await importer.CompleteAsync(ct);
    }

    private async Task CopyRevisionsAsync(List<Prepared> rows, CancellationToken ct)
    {
        await using var importer = await Connection().BeginBinaryImportAsync(
            $"COPY timeline.event_revisions (id, valid_from, valid_to, change, reason, event_id, {StateColumns}) FROM STDIN (FORMAT BINARY)", ct);
        foreach (var row in rows)
        {
            var e = row.Event!;
            await importer.StartRowAsync(ct);
            await importer.WriteAsync(Guid.CreateVersion7(e.UpdatedAt), NpgsqlDbType.Uuid, ct);
            await importer.WriteAsync(e.UpdatedAt, NpgsqlDbType.TimestampTz, ct);
            await importer.WriteNullAsync(ct);
            await importer.WriteAsync("recorded", NpgsqlDbType.Text, ct);
            await importer.WriteNullAsync(ct);
            await importer.WriteAsync(e.EventId, NpgsqlDbType.Uuid, ct);
            await WriteStateAsync(importer, row, ct);
        }

        await importer.CompleteAsync(ct);
    }

    /// <summary>One <c>event.imported</c> change per event; the log fills in the transaction id and the sequence.</summary>
    private async Task CopyChangesAsync(List<Prepared> rows, CancellationToken ct)
    {
        await using var importer = await Connection().BeginBinaryImportAsync(
            "COPY timeline.changes (at, kind, entity, entity_id, version, data) FROM STDIN (FORMAT BINARY)", ct);
        foreach (var row in rows)
        {
            var e = row.Event!;
            await importer.StartRowAsync(ct);
            await importer.WriteAsync(e.UpdatedAt, NpgsqlDbType.TimestampTz, ct);
            await importer.WriteAsync(ChangeKinds.EventImported, NpgsqlDbType.Varchar, ct);
            await importer.WriteAsync(ChangeEntities.Event, NpgsqlDbType.Varchar, ct);
            await importer.WriteAsync(e.EventId.ToString(), NpgsqlDbType.Varchar, ct);
            await importer.WriteAsync(e.Version, NpgsqlDbType.Integer, ct);
            await importer.WriteAsync(changes.EventData(e.ToView()), NpgsqlDbType.Json, ct);
        }

        await importer.CompleteAsync(ct);
    }

    /// <summary>The columns events and revisions share, as EF Core writes them (open date ends are ±infinity).</summary>
    private static async Task WriteStateAsync(NpgsqlBinaryImporter importer, Prepared row, CancellationToken ct)
    {
        var e = row.Event!;
        await importer.WriteAsync(e.Title, NpgsqlDbType.Varchar, ct);
        await importer.WriteAsync(e.Summary, NpgsqlDbType.Varchar, ct);
        await importer.WriteAsync(e.Occurred, NpgsqlDbType.Varchar, ct);
        await importer.WriteAsync(e.Earliest, NpgsqlDbType.Date, ct);
        await importer.WriteAsync(e.Latest, NpgsqlDbType.Date, ct);
        await importer.WriteAsync(e.Precision, NpgsqlDbType.Varchar, ct);
        await importer.WriteAsync(e.Uncertain, NpgsqlDbType.Boolean, ct);
        await importer.WriteAsync(e.Approximate, NpgsqlDbType.Boolean, ct);
        await importer.WriteAsync(e.Type, NpgsqlDbType.Varchar, ct);
        await importer.WriteAsync(e.Status, NpgsqlDbType.Varchar, ct);
        await importer.WriteAsync(e.Actors, NpgsqlDbType.Array | NpgsqlDbType.Text, ct);
        await importer.WriteAsync(e.Tags, NpgsqlDbType.Array | NpgsqlDbType.Text, ct);
        await importer.WriteAsync(e.SourceTitles, NpgsqlDbType.Text, ct);
        await importer.WriteAsync(e.RecordedAt, NpgsqlDbType.TimestampTz, ct);
        await importer.WriteAsync(e.RecordedBy, NpgsqlDbType.Varchar, ct);
        await importer.WriteAsync(e.UpdatedAt, NpgsqlDbType.TimestampTz, ct);
        await importer.WriteAsync(e.UpdatedBy, NpgsqlDbType.Varchar, ct);
        await importer.WriteAsync(e.Version, NpgsqlDbType.Integer, ct);
        await WriteNullableAsync(importer, e.RetractionReason, NpgsqlDbType.Varchar, ct);
        await importer.WriteAsync(row.Related!, NpgsqlDbType.Jsonb, ct);
        await importer.WriteAsync(row.Sources!, NpgsqlDbType.Jsonb, ct);
        if (e.Credibility is { } grade)
        {
            await importer.WriteAsync(grade, NpgsqlDbType.Integer, ct);
        }
        else
        {
            await importer.WriteNullAsync(ct);
        }

        await WriteNullableAsync(importer, e.Sanction is null ? null : JsonSerializer.Serialize(e.Sanction, StoredJson), NpgsqlDbType.Jsonb, ct);
        await importer.WriteAsync(e.SourceReliabilities, NpgsqlDbType.Array | NpgsqlDbType.Text, ct);
    }

    private static async Task WriteNullableAsync(NpgsqlBinaryImporter importer, string? value, NpgsqlDbType type, CancellationToken ct)
    {
        if (value is null)
        {
            await importer.WriteNullAsync(ct);
        }
        else
        {
            await importer.WriteAsync(value, type, ct);
        }
    }
}

/// <summary>A line of the body: the event it holds, or why it could not be read.</summary>
public readonly record struct ParsedLine(int Line, ImportLine? Event, Dictionary<string, string[]>? Errors);

/// <summary>Reads an import body as it arrives, line by line: never the whole body at once.</summary>
public sealed class ImportParser(JsonSerializerOptions json)
{
    /// <summary>The longest line read; a longer one is rejected without being held in memory.</summary>
    public const int MaxLineBytes = 1024 * 1024;

    public async IAsyncEnumerable<ParsedLine> ReadNdjson(Stream body, [EnumeratorCancellation] CancellationToken ct)
    {
        var reader = PipeReader.Create(body, new StreamPipeReaderOptions(bufferSize: 64 * 1024, minimumReadSize: 16 * 1024));
        var number = 0;
        var overlong = false;
        try
        {
            while (true)
            {
                var read = await reader.ReadAsync(ct);
                var buffer = read.Buffer;
                while (buffer.PositionOf((byte)'\n') is { } end)
                {
                    var line = buffer.Slice(0, end);
                    buffer = buffer.Slice(buffer.GetPosition(1, end));
                    number++;
                    if (overlong)
                    {
                        overlong = false;
                        yield return TooLong(number);
                    }
                    else if (ParseJson(line, number) is { } parsed)
                    {
                        yield return parsed;
                    }
                }

                if (buffer.Length > MaxLineBytes)
                {
                    // Drop what is held of the line; the rest of it is dropped up to its newline.
                    overlong = true;
                    buffer = buffer.Slice(buffer.End);
                }

                if (read.IsCompleted)
                {
                    if (overlong)
                    {
                        yield return TooLong(number + 1);
                    }
                    else if (buffer.Length > 0 && ParseJson(buffer, number + 1) is { } last)
                    {
                        yield return last;
                    }

                    break;
                }

                reader.AdvanceTo(buffer.Start, buffer.End);
            }
        }
        finally
        {
            await reader.CompleteAsync();
        }
    }

    private static ParsedLine TooLong(int line) =>
        new(line, null, new() { ["body"] = [$"the line is longer than {MaxLineBytes / 1024} KiB"] });

    private ParsedLine? ParseJson(ReadOnlySequence<byte> bytes, int line)
    {
        byte[]? rented = null;
        try
        {
            ReadOnlySpan<byte> span;
            if (bytes.IsSingleSegment)
            {
                span = bytes.FirstSpan;
            }
            else
            {
                rented = ArrayPool<byte>.Shared.Rent((int)bytes.Length);
                bytes.CopyTo(rented);
                span = rented.AsSpan(0, (int)bytes.Length);
            }

            if (line == 1 && span.StartsWith("\uFEFF"u8))
            {
                span = span[3..];
            }

            span = span.Trim(" \t\r"u8);
            if (span.IsEmpty)
            {
                return null;
            }

            try
            {
                var parsed = JsonSerializer.Deserialize<ImportLine>(span, json);
                return parsed is null
                    ? new ParsedLine(line, null, new() { ["body"] = ["each line is one JSON object: an event"] })
                    : new ParsedLine(line, parsed, null);
            }
            catch (JsonException ex)
            {
                var problem = JsonProblems.From(ex);
                var errors = problem.Errors!.ToDictionary(e => e.Key, e => e.Value.Select(r => r.Replace("at line 1, position", "at position", StringComparison.Ordinal)).ToArray());
                return new ParsedLine(line, null, errors);
            }
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>The CSV columns, in the order the documentation gives them; a header may hold any of them in any order.</summary>
    public static readonly string[] CsvColumns =
        ["title", "summary", "occurred", "type", "status", "actors", "tags", "source_url", "source_title", "source_publisher", "source_published", "externalId"];

    public async IAsyncEnumerable<ParsedLine> ReadCsv(Stream body, [EnumeratorCancellation] CancellationToken ct)
    {
        var options = new CsvHelper.CsvReaderOptions
        {
            Separator = ',',
            HasHeader = true,
            TrackLineNumbers = true,
            MaxRecordSize = MaxLineBytes,
            MalformedData = CsvHelper.CsvMalformedDataHandling.Throw,
            FieldCountMismatch = CsvHelper.CsvFieldCountHandling.Allow,
        };
        await using var csv = CsvHelper.CsvReader.Create(body, options, true);
        await Csv(() => csv.ReadHeaderAsync(ct));
        var header = csv.Headers ?? [];
        if (header.Count == 0)
        {
            yield break;
        }

        var unknown = header.Where(h => !CsvColumns.Contains(h.Trim(), StringComparer.OrdinalIgnoreCase)).ToList();
        if (unknown.Count > 0)
        {
            throw ProblemException.BadRequest("header", $"unknown column{(unknown.Count == 1 ? "" : "s")}: {string.Join(", ", unknown.Select(EchoedValue.Cut))}; the columns are {string.Join(",", CsvColumns)}");
        }

        var columns = header.Select(h => CsvColumns.First(c => c.Equals(h.Trim(), StringComparison.OrdinalIgnoreCase))).ToArray();
        var duplicate = columns.GroupBy(c => c).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw ProblemException.BadRequest("header", $"the column {duplicate.Key} is there twice");
        }

        while (await Csv(() => csv.ReadAsync(ct)))
        {
            var line = (int)csv.LineNumber;
            if (csv.FieldCount != columns.Length)
            {
                yield return new ParsedLine(line, null, new() { ["body"] = [$"the row has {csv.FieldCount} fields; the header has {columns.Length}"] });
                continue;
            }

            var record = new string?[columns.Length];
            Dictionary<string, string[]>? forbidden = null;
            for (var i = 0; i < record.Length; i++)
            {
                record[i] = csv.GetString(i);
                if (record[i] is { } cell && StoredText.Problem(cell) is { } problem)
                {
                    (forbidden ??= [])[columns[i]] = [problem];
                }
            }

            yield return forbidden is null ? FromCsv(line, columns, record) : new ParsedLine(line, null, forbidden);
        }
    }

    /// <summary>Malformed CSV (bad quoting, an overlong record) cannot be resynchronised: the whole body is a 400.</summary>
    private static async ValueTask<T> Csv<T>(Func<ValueTask<T>> read)
    {
        try
        {
            return await read();
        }
        catch (CsvHelper.CsvFormatException ex)
        {
            throw ProblemException.BadRequest("body", ex.LineNumber > 0 ? $"malformed CSV at line {ex.LineNumber}: {ex.Message}" : $"malformed CSV: {ex.Message}");
        }
    }

    private static async ValueTask Csv(Func<ValueTask> read) => await Csv(async () =>
    {
        await read();
        return true;
    });

    private static ParsedLine FromCsv(int line, string[] columns, string?[] record)
    {
        var cells = new Dictionary<string, string?>(StringComparer.Ordinal);
        for (var i = 0; i < columns.Length; i++)
        {
            cells[columns[i]] = string.IsNullOrWhiteSpace(record[i]) ? null : record[i];
        }

        static List<string> Split(string? cell) =>
            cell is null ? [] : [.. cell.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];

        var urls = Split(cells.GetValueOrDefault("source_url"));
        var errors = new Dictionary<string, string[]>();

        // With one source a cell is taken whole (a title may hold ';'); with several, each cell lists them by position.
        List<string?> PerSource(string column, string field)
        {
            var cell = cells.GetValueOrDefault(column);
            if (urls.Count <= 1)
            {
                return [cell?.Trim()];
            }

            if (cell is null)
            {
                return [.. urls.Select(_ => (string?)null)];
            }

            var parts = cell.Split(';').Select(p => string.IsNullOrWhiteSpace(p) ? null : p.Trim()).ToList();
            if (parts.Count != urls.Count)
            {
                errors[field] = [$"{urls.Count} source URLs but {parts.Count} values in {column}: with several sources, list one per source, separated by ';'"];
                return [.. urls.Select(_ => (string?)null)];
            }

            return parts;
        }

        var titles = PerSource("source_title", "sources");
        var publishers = PerSource("source_publisher", "sources");
        var published = PerSource("source_published", "sources");
        List<SourceFields>? sources = null;
        if (urls.Count > 0 || titles.Any(t => t is not null))
        {
            sources = [];
            for (var i = 0; i < Math.Max(urls.Count, 1); i++)
            {
                DateOnly? day = null;
                if (published[i] is { } text)
                {
                    if (DateOnly.TryParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var parsed))
                    {
                        day = parsed;
                    }
                    else
                    {
                        errors[$"sources[{i}].published"] = [$"'{EchoedValue.Cut(text)}' is not a date (YYYY-MM-DD)"];
                    }
                }

                sources.Add(new SourceFields { Url = urls.ElementAtOrDefault(i), Title = titles[i], Publisher = publishers[i], Published = day });
            }
        }

        if (errors.Count > 0)
        {
            return new ParsedLine(line, null, errors);
        }

        return new ParsedLine(line, new ImportLine
        {
            Title = cells.GetValueOrDefault("title"),
            Summary = cells.GetValueOrDefault("summary"),
            Occurred = cells.GetValueOrDefault("occurred")?.Trim(),
            Type = cells.GetValueOrDefault("type")?.Trim(),
            Status = cells.GetValueOrDefault("status")?.Trim(),
            Actors = cells.GetValueOrDefault("actors") is null ? null : Split(cells["actors"]),
            Tags = cells.GetValueOrDefault("tags") is null ? null : Split(cells["tags"]),
            Sources = sources,
            ExternalId = cells.GetValueOrDefault("externalId")?.Trim(),
        }, null);
    }
}

public static class ImportEndpoints
{
    /// <summary>The largest import body: a few hundred thousand events; larger histories go in several files.</summary>
    public const long MaxBodyBytes = 256L * 1024 * 1024;

    public static RouteHandlerBuilder MapImportEvents(this RouteGroupBuilder events) =>
        events.MapPost("/import", async (HttpContext http, IMediator mediator, IOptions<ImportLimits> limits, string? mode, CancellationToken ct) =>
        {
            if (mode is not (null or "all" or "partial"))
            {
                throw ProblemException.BadRequest("mode", "mode is all (the default: any rejected line rejects the import) or partial (keep the good lines)");
            }

            var format = http.Request.ContentType?.Split(';')[0].Trim().ToLowerInvariant() switch
            {
                "application/x-ndjson" or "application/jsonl" or "application/jsonlines" => ImportFormat.Ndjson,
                "text/csv" => ImportFormat.Csv,
                _ => throw new ProblemException(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                    "send the events as application/x-ndjson (one JSON object per line) or text/csv (with a header row)"),
            };

            limits.Value.ApplyMinimumRate(http);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
            deadline.CancelAfter(TimeSpan.FromSeconds(limits.Value.MaxSeconds));
            try
            {
                var result = await mediator.Send(new ImportEvents(http.Request.Body, format, mode == "partial", http.User.AnalystName()), deadline.Token);
                return Results.Ok(result);
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested && !ct.IsCancellationRequested)
            {
                throw limits.Value.TimeLimitExceeded();
            }
            catch (Exception ex) when (ex is BadHttpRequestException { StatusCode: StatusCodes.Status408RequestTimeout }
                || ex.InnerException is BadHttpRequestException { StatusCode: StatusCodes.Status408RequestTimeout })
            {
                // Kestrel's minimum data rate (set above) stopped reading the body.
                throw new ProblemException(StatusCodes.Status408RequestTimeout, "Request timeout", limits.Value.TooSlow());
            }
            catch (ImportRejectedException rejected)
            {
                return ImportRejectedProblem.Answer(rejected.Result);
            }
        }).RequireAuthorization(Policies.Editor)
          .WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes))
          .Accepts<ImportLine>("application/x-ndjson", "text/csv")
          .Produces<ImportResult>()
          .Produces<ImportRejectedProblem>(StatusCodes.Status422UnprocessableEntity, ErrorResponses.ProblemMediaType)
          .Answers(StatusCodes.Status408RequestTimeout, "the body arrived too slowly, or the import took too long (the problem names the limit); nothing was imported")
          .Answers(StatusCodes.Status409Conflict, "another import recorded some of these externalIds meanwhile; send the body again")
          .Answers(StatusCodes.Status422UnprocessableEntity, "a line was rejected, so nothing was imported (without ?mode=partial): the body lists the rejected lines")
          .WithSummary("Import events from NDJSON or CSV: all or nothing, or ?mode=partial; lines whose externalId is recorded are skipped");
}

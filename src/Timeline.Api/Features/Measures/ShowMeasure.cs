using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Timeline.Api.Platform.Http;
using Timeline.Core.Data;
using Timeline.Core.Measures;

namespace Timeline.Api.Features.Measures;

/// <summary>
/// A measure's page as <c>GET /api/measures/{code}</c> answers it: what <see cref="GetMeasure"/> reads, written as JSON
/// while its claims are read. A measure may have a thousand claims; reading them into entities and views and serialising
/// those cost the API four times PostgreSQL's CPU for the same statements. Here each row is written as the claim's JSON
/// as it arrives (only claims shown, as they are shown), and only what the summary needs is kept beside it.
/// </summary>
/// <param name="AsOf">An instant (ISO 8601 with an offset, e.g. <c>2024-10-22T00:00:00Z</c>): the claims as recorded and not yet retracted then.</param>
public sealed record ShowMeasure(string Code, string? AsOf = null) : IQuery<MeasurePage>
{
    internal DateTimeOffset? At => MeasureAsOf.Parse(AsOf);
}

public sealed class ShowMeasureValidator : AbstractValidator<ShowMeasure>
{
    public ShowMeasureValidator() =>
        RuleFor(x => x.AsOf).Must(MeasureAsOf.IsInstant).When(x => x.AsOf is not null).WithMessage(MeasureAsOf.Message);
}

public sealed class ShowMeasureHandler(TimelineDbContext db) : IQueryHandler<ShowMeasure, MeasurePage>
{
    /// <summary>The measure itself, sent in one batch with <see cref="ClaimsSql"/> (one round trip, no EF Core query to build).</summary>
    public const string MeasureSql = """
        SELECT code, name, unit, actors, description, recorded_at, recorded_by
        FROM timeline.measures
        WHERE code = $1
        """;

    /// <summary>
    /// A measure's claims, retracted ones included (an <c>asOf</c> read may still count them), the source's members taken
    /// out of its JSON by PostgreSQL. Sent as a plain command (the rows are read by hand): the benchmark runs it as it is.
    /// </summary>
    public const string ClaimsSql = """
        SELECT id, value, qualifier, low, high, as_of, source ->> 'Url', derived_from, recorded_at, retracted_at, as_of_earliest,
               as_of_latest, period, source ->> 'Title', source ->> 'Publisher', CAST(source ->> 'Published' AS date),
               source ->> 'Quote', source ->> 'Reliability', event_id, note, recorded_by
        FROM timeline.claims
        WHERE measure_code = $1
        """;

    public async ValueTask<MeasurePage> Handle(ShowMeasure query, CancellationToken cancellationToken)
    {
        var at = query.At;
        await db.Database.OpenConnectionAsync(cancellationToken);
        MeasurePage? page = null;
        var text = new TextColumns();
        try
        {
            await using var batch = ((NpgsqlConnection)db.Database.GetDbConnection()).CreateBatch();
            batch.BatchCommands.Add(new NpgsqlBatchCommand(MeasureSql) { Parameters = { new NpgsqlParameter { Value = query.Code } } });
            batch.BatchCommands.Add(new NpgsqlBatchCommand(ClaimsSql) { Parameters = { new NpgsqlParameter { Value = query.Code } } });
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                throw ProblemException.NotFound($"measure {EchoedValue.Cut(query.Code)}");
            }

            page = new MeasurePage(new Measure
            {
                Code = reader.GetString(0),
                Name = reader.GetString(1),
                Unit = reader.GetString(2),
                Actors = reader.GetFieldValue<string[]>(3),
                Description = reader.IsDBNull(4) ? null : reader.GetString(4),
                RecordedAt = reader.GetFieldValue<DateTimeOffset>(5),
                RecordedBy = reader.GetString(6),
            });
            await reader.NextResultAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                Read(reader, page, at, text);
            }

            page.Summarise(at);
            return page;
        }
        catch
        {
            page?.Dispose();
            throw;
        }
        finally
        {
            text.Dispose();
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// One claim's row: its text columns go from the row's UTF-8 bytes to the JSON writer (a string per text column per row
    /// was a tenth of the page's CPU, in allocating and collecting them and in converting to UTF-16 and back); only the
    /// address and <c>asOf</c>, which the summary keeps, become strings. Columns are read in their order (no seeking back):
    /// what the summary needs first, then the rest in the order the JSON has them.
    /// </summary>
    private static void Read(NpgsqlDataReader r, MeasurePage page, DateTimeOffset? at, TextColumns text)
    {
        var id = r.GetGuid(0);
        var value = r.IsDBNull(1) ? (decimal?)null : r.GetDecimal(1);
        var qualifier = Qualifier(text.Read(r, 2));
        var low = r.IsDBNull(3) ? (decimal?)null : r.GetDecimal(3);
        var high = r.IsDBNull(4) ? (decimal?)null : r.GetDecimal(4);
        var asOf = r.GetString(5);
        var url = r.IsDBNull(6) ? null : r.GetString(6);
        var derivedFrom = r.IsDBNull(7) ? (Guid?)null : r.GetGuid(7);
        var recordedAt = r.GetFieldValue<DateTimeOffset>(8);
        var retractedAt = r.IsDBNull(9) ? (DateTimeOffset?)null : r.GetFieldValue<DateTimeOffset>(9);
        var facts = new ClaimFacts(id, derivedFrom, url, qualifier, value, low, high, asOf,
            r.IsDBNull(10) ? null : r.GetFieldValue<DateOnly>(10), r.IsDBNull(11) ? null : r.GetFieldValue<DateOnly>(11), recordedAt, retractedAt);
        if ((at is not null && recordedAt > at) || !facts.IsCurrentAt(at))
        {
            // Counted by the summary (its lineage and address may join others), not shown.
            page.Add(facts);
            return;
        }

        var json = page.BeginClaim(facts);
        json.WriteStartObject();
        json.WriteString(Names.Id, id);
        json.WriteString(Names.Measure, page.EncodedCode);
        Number(json, Names.Value, value);
        json.WriteString(Names.Qualifier, qualifier);
        Number(json, Names.Low, low);
        Number(json, Names.High, high);
        json.WriteString(Names.AsOf, asOf);
        Text(json, Names.Period, r, 12, text);
        json.WriteStartObject(Names.Source);
        json.WriteString(Names.Url, url);
        Text(json, Names.Title, r, 13, text);
        Text(json, Names.Publisher, r, 14, text);
        if (r.IsDBNull(15))
        {
            json.WriteNull(Names.Published);
        }
        else
        {
            Span<byte> day = stackalloc byte[10];
            r.GetFieldValue<DateOnly>(15).TryFormat(day, out var written, "O", CultureInfo.InvariantCulture);
            json.WriteString(Names.Published, day[..written]);
        }

        Text(json, Names.Quote, r, 16, text);
        Text(json, Names.Reliability, r, 17, text);
        json.WriteEndObject();
        Id(json, Names.DerivedFrom, derivedFrom);
        Id(json, Names.EventId, r.IsDBNull(18) ? null : r.GetGuid(18));
        Text(json, Names.Note, r, 19, text);
        json.WriteString(Names.RecordedAt, recordedAt);
        json.WriteString(Names.RecordedBy, text.Read(r, 20));
        // A claim retracted after the instant asked about is shown as it was then: current.
        json.WriteString(Names.Status, MeasureViews.Current);
        json.WriteNull(Names.RetractedAt);
        json.WriteNull(Names.RetractionReason);
        json.WriteEndObject();
        page.EndClaim();
    }

    /// <summary>The qualifier as one of <see cref="ClaimQualifiers"/>' strings (a claim's is always one of them): no string per row.</summary>
    private static string Qualifier(ReadOnlySpan<byte> utf8) =>
        utf8.SequenceEqual("exact"u8) ? ClaimQualifiers.Exact
        : utf8.SequenceEqual("about"u8) ? ClaimQualifiers.About
        : utf8.SequenceEqual("at-least"u8) ? ClaimQualifiers.AtLeast
        : utf8.SequenceEqual("at-most"u8) ? ClaimQualifiers.AtMost
        : utf8.SequenceEqual("range"u8) ? ClaimQualifiers.Range
        : Encoding.UTF8.GetString(utf8);

    private static void Number(Utf8JsonWriter json, JsonEncodedText name, decimal? value)
    {
        if (value is { } v)
        {
            json.WriteNumber(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static void Id(Utf8JsonWriter json, JsonEncodedText name, Guid? value)
    {
        if (value is { } v)
        {
            json.WriteString(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static void Text(Utf8JsonWriter json, JsonEncodedText name, NpgsqlDataReader r, int ordinal, TextColumns text)
    {
        if (r.IsDBNull(ordinal))
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, text.Read(r, ordinal));
        }
    }

    /// <summary>A text column's bytes as PostgreSQL sent them (UTF-8), copied into one pooled array reused for every column.</summary>
    private sealed class TextColumns : IDisposable
    {
        private byte[] bytes = ArrayPool<byte>.Shared.Rent(4096);

        public ReadOnlySpan<byte> Read(NpgsqlDataReader r, int ordinal)
        {
            var length = (int)r.GetBytes(ordinal, 0, bytes, 0, bytes.Length);
            if (length == bytes.Length)
            {
                // Perhaps cut: read it whole into an array large enough.
                var whole = (int)r.GetBytes(ordinal, 0, null, 0, 0);
                if (whole > length)
                {
                    ArrayPool<byte>.Shared.Return(bytes);
                    bytes = ArrayPool<byte>.Shared.Rent(whole);
                    length = (int)r.GetBytes(ordinal, 0, bytes, 0, whole);
                }
            }

            return bytes.AsSpan(0, length);
        }

        public void Dispose()
        {
            if (bytes.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(bytes);
                bytes = [];
            }
        }
    }

    /// <summary>A claim's members, as <see cref="ClaimView"/> and <see cref="Events.SourceFields"/> are written (camelCase).</summary>
    private static class Names
    {
        public static readonly JsonEncodedText Id = JsonEncodedText.Encode("id");
        public static readonly JsonEncodedText Measure = JsonEncodedText.Encode("measure");
        public static readonly JsonEncodedText Value = JsonEncodedText.Encode("value");
        public static readonly JsonEncodedText Qualifier = JsonEncodedText.Encode("qualifier");
        public static readonly JsonEncodedText Low = JsonEncodedText.Encode("low");
        public static readonly JsonEncodedText High = JsonEncodedText.Encode("high");
        public static readonly JsonEncodedText AsOf = JsonEncodedText.Encode("asOf");
        public static readonly JsonEncodedText Period = JsonEncodedText.Encode("period");
        public static readonly JsonEncodedText Source = JsonEncodedText.Encode("source");
        public static readonly JsonEncodedText Url = JsonEncodedText.Encode("url");
        public static readonly JsonEncodedText Title = JsonEncodedText.Encode("title");
        public static readonly JsonEncodedText Publisher = JsonEncodedText.Encode("publisher");
        public static readonly JsonEncodedText Published = JsonEncodedText.Encode("published");
        public static readonly JsonEncodedText Quote = JsonEncodedText.Encode("quote");
        public static readonly JsonEncodedText Reliability = JsonEncodedText.Encode("reliability");
        public static readonly JsonEncodedText DerivedFrom = JsonEncodedText.Encode("derivedFrom");
        public static readonly JsonEncodedText EventId = JsonEncodedText.Encode("eventId");
        public static readonly JsonEncodedText Note = JsonEncodedText.Encode("note");
        public static readonly JsonEncodedText RecordedAt = JsonEncodedText.Encode("recordedAt");
        public static readonly JsonEncodedText RecordedBy = JsonEncodedText.Encode("recordedBy");
        public static readonly JsonEncodedText Status = JsonEncodedText.Encode("status");
        public static readonly JsonEncodedText RetractedAt = JsonEncodedText.Encode("retractedAt");
        public static readonly JsonEncodedText RetractionReason = JsonEncodedText.Encode("retractionReason");
    }
}

using System.Text;
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
        var value = r.GetFieldValue<decimal?>(1);
        var qualifier = Qualifier(text.Read(r, 2));
        var low = r.GetFieldValue<decimal?>(3);
        var high = r.GetFieldValue<decimal?>(4);
        var asOf = r.GetString(5);
        var url = r.IsDBNull(6) ? null : r.GetString(6);
        var derivedFrom = r.GetFieldValue<Guid?>(7);
        var recordedAt = r.GetFieldValue<DateTimeOffset>(8);
        var retractedAt = r.GetFieldValue<DateTimeOffset?>(9);
        var facts = new ClaimFacts(id, derivedFrom, url, qualifier, value, low, high, asOf,
            r.GetFieldValue<DateOnly?>(10), r.GetFieldValue<DateOnly?>(11), recordedAt, retractedAt);
        if ((at is not null && recordedAt > at) || !facts.IsCurrentAt(at))
        {
            // Counted by the summary (its lineage and address may join others), not shown.
            page.Add(facts);
            return;
        }

        var json = page.BeginClaim(facts);
        json.Start(id);
        json.Number(",\"value\":"u8, value);
        json.Text(",\"qualifier\":"u8, qualifier);
        json.Number(",\"low\":"u8, low);
        json.Number(",\"high\":"u8, high);
        json.Text(",\"asOf\":"u8, asOf);
        Text(json, ",\"period\":"u8, r, 12, text);
        json.Text(",\"source\":{\"url\":"u8, url);
        Text(json, ",\"title\":"u8, r, 13, text);
        Text(json, ",\"publisher\":"u8, r, 14, text);
        json.Day(",\"published\":"u8, r.GetFieldValue<DateOnly?>(15));
        Text(json, ",\"quote\":"u8, r, 16, text);
        Text(json, ",\"reliability\":"u8, r, 17, text);
        json.Id("},\"derivedFrom\":"u8, derivedFrom);
        json.Id(",\"eventId\":"u8, r.GetFieldValue<Guid?>(18));
        Text(json, ",\"note\":"u8, r, 19, text);
        json.Instant(",\"recordedAt\":"u8, recordedAt);
        json.Text(",\"recordedBy\":"u8, text.Read(r, 20));
        // A claim retracted after the instant asked about is shown as it was then: current.
        json.Raw(ClaimJson.ShownAsCurrent);
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

    private static void Text(ClaimJson json, ReadOnlySpan<byte> name, NpgsqlDataReader r, int ordinal, TextColumns text)
    {
        if (r.IsDBNull(ordinal))
        {
            json.Null(name);
        }
        else
        {
            json.Text(name, text.Read(r, ordinal));
        }
    }
}

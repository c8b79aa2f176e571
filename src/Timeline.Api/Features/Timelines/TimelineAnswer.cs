using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Timeline.Api.Features.Events;
using Timeline.Api.Features.Measures;
using Timeline.Core.Data;

namespace Timeline.Api.Features.Timelines;

/// <summary>
/// A timeline page as <c>GET /api/timeline</c> answers it, written as JSON while its rows are read: the bytes
/// System.Text.Json writes for the <see cref="TimelinePage"/> of the same rows (camelCase members in the view's order,
/// its escaping, its forms of days, instants and ids), without making a view, a string per text column or the objects
/// of the JSON columns first. Making those and serialising them by reflection was two fifths of the read's CPU.
/// The SQL, its parameters and its filters stay EF Core's (<see cref="TimelineQueryHandler.Views"/>, through <see cref="TimelinePageCommand"/>).
/// </summary>
public sealed class TimelineAnswer : IResult, IDisposable
{
    private static readonly JsonEncodedText Items = JsonEncodedText.Encode("items"), NextCursor = JsonEncodedText.Encode("nextCursor"),
        Id = JsonEncodedText.Encode("id"), Title = JsonEncodedText.Encode("title"), Summary = JsonEncodedText.Encode("summary"),
        Occurred = JsonEncodedText.Encode("occurred"), Earliest = JsonEncodedText.Encode("earliest"), Latest = JsonEncodedText.Encode("latest"),
        Precision = JsonEncodedText.Encode("precision"), Uncertain = JsonEncodedText.Encode("uncertain"), Approximate = JsonEncodedText.Encode("approximate"),
        Type = JsonEncodedText.Encode("type"), Status = JsonEncodedText.Encode("status"), Actors = JsonEncodedText.Encode("actors"),
        Tags = JsonEncodedText.Encode("tags"), Sources = JsonEncodedText.Encode("sources"), Related = JsonEncodedText.Encode("related"),
        Credibility = JsonEncodedText.Encode("credibility"), Sanction = JsonEncodedText.Encode("sanction"), RecordedAt = JsonEncodedText.Encode("recordedAt"),
        RecordedBy = JsonEncodedText.Encode("recordedBy"), UpdatedAt = JsonEncodedText.Encode("updatedAt"), UpdatedBy = JsonEncodedText.Encode("updatedBy"),
        Version = JsonEncodedText.Encode("version"), RetractionReason = JsonEncodedText.Encode("retractionReason"), Places = JsonEncodedText.Encode("places");

    private readonly PooledBuffer json = new();

    private TimelineAnswer()
    {
    }

    /// <summary>
    /// The page <paramref name="command"/> reads (one row more than <paramref name="limit"/>, which only says there is a next
    /// page) as its answer; null when the rows are not in the shape <see cref="EventViewReader"/> knows (the projection changed).
    /// </summary>
    /// <param name="command">The page's command (<see cref="TimelinePageCommand"/>), disposed here.</param>
    /// <param name="encoder">The HTTP answers' encoder (<see cref="JsonSerializerOptions.Encoder"/>), so that text is escaped as theirs is.</param>
    public static async Task<TimelineAnswer?> ReadAsync(System.Data.Common.DbCommand command, TimelineDbContext db, int limit, bool descending,
        JavaScriptEncoder? encoder, CancellationToken ct)
    {
        await using var disposed = command;
        await db.Database.OpenConnectionAsync(ct);
        var answer = new TimelineAnswer();
        try
        {
            await using var reader = (NpgsqlDataReader)await command.ExecuteReaderAsync(ct);
            if (!EventViewReader.HasTheProjectionsShape(reader))
            {
                answer.Dispose();
                return null;
            }

            using var text = new TextColumns();
            await using var w = new Utf8JsonWriter(answer.json, new JsonWriterOptions { SkipValidation = true, Encoder = encoder });
            w.WriteStartObject();
            w.WriteStartArray(Items);
            var count = 0;
            string? next = null;
            (DateOnly? Earliest, DateOnly? Latest, Guid Id) last = default;
            while (await reader.ReadAsync(ct))
            {
                if (count == limit)
                {
                    next = new TimelineCursor(last.Earliest ?? DateOnly.MinValue, last.Latest ?? DateOnly.MaxValue, last.Id, descending).Encode();
                    break;
                }

                last = Write(w, reader, text);
                count++;
            }

            w.WriteEndArray();
            w.WriteString(NextCursor, next);
            w.WriteEndObject();
            w.Flush();
            return answer;
        }
        catch
        {
            answer.Dispose();
            throw;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>Sent with its length: the headers first, then the bytes copied once into the response's buffers.</summary>
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        try
        {
            var response = httpContext.Response;
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = "application/json; charset=utf-8";
            response.ContentLength = json.WrittenCount;
            await response.StartAsync(httpContext.RequestAborted);
            response.BodyWriter.Write(json.Written);
            await response.BodyWriter.FlushAsync(httpContext.RequestAborted);
        }
        finally
        {
            Dispose();
        }
    }

    public void Dispose() => json.Dispose();

    /// <summary>One event, its columns in the order <see cref="EventViewProjection.ToViews{T}"/> selects them, which is the view's.</summary>
    private static (DateOnly?, DateOnly?, Guid) Write(Utf8JsonWriter w, NpgsqlDataReader r, TextColumns text)
    {
        var id = r.GetGuid(0);
        w.WriteStartObject();
        w.WriteString(Id, id);
        w.WriteString(Title, text.Read(r, 1));
        w.WriteString(Summary, text.Read(r, 2));
        w.WriteString(Occurred, text.Read(r, 3));
        var earliest = r.GetFieldValue<DateOnly?>(4);
        var latest = r.GetFieldValue<DateOnly?>(5);
        Day(w, Earliest, earliest);
        Day(w, Latest, latest);
        w.WriteString(Precision, text.Read(r, 6));
        w.WriteBoolean(Uncertain, r.GetBoolean(7));
        w.WriteBoolean(Approximate, r.GetBoolean(8));
        w.WriteString(Type, text.Read(r, 9));
        w.WriteString(Status, text.Read(r, 10));
        Strings(w, Actors, r.GetFieldValue<string?[]>(11));
        Strings(w, Tags, r.GetFieldValue<string?[]>(12));
        w.WritePropertyName(Sources);
        StoredJsonAnswer.Sources(w, r, 13);
        w.WritePropertyName(Related);
        StoredJsonAnswer.Related(w, r, 14);
        if (r.IsDBNull(15))
        {
            w.WriteNull(Credibility);
        }
        else
        {
            w.WriteNumber(Credibility, r.GetInt32(15));
        }

        w.WritePropertyName(Sanction);
        StoredJsonAnswer.Sanction(w, r, 16);
        w.WriteString(RecordedAt, r.GetFieldValue<DateTimeOffset>(17));
        w.WriteString(RecordedBy, text.Read(r, 18));
        w.WriteString(UpdatedAt, r.GetFieldValue<DateTimeOffset>(19));
        w.WriteString(UpdatedBy, text.Read(r, 20));
        w.WriteNumber(Version, r.GetInt32(21));
        if (r.IsDBNull(22))
        {
            w.WriteNull(RetractionReason);
        }
        else
        {
            w.WriteString(RetractionReason, text.Read(r, 22));
        }

        w.WritePropertyName(Places);
        StoredJsonAnswer.Places(w, r, 23);
        w.WriteEndObject();
        return (earliest, latest, id);
    }

    /// <summary>A day as System.Text.Json writes a <see cref="DateOnly"/>: its "O" form.</summary>
    private static void Day(Utf8JsonWriter w, JsonEncodedText name, DateOnly? day)
    {
        if (day is not { } d)
        {
            w.WriteNull(name);
            return;
        }

        Span<byte> utf8 = stackalloc byte[16];
        d.TryFormat(utf8, out var written, "O", CultureInfo.InvariantCulture);
        w.WriteString(name, utf8[..written]);
    }

    private static void Strings(Utf8JsonWriter w, JsonEncodedText name, string?[] values)
    {
        w.WriteStartArray(name);
        foreach (var value in values)
        {
            w.WriteStringValue(value);
        }

        w.WriteEndArray();
    }
}

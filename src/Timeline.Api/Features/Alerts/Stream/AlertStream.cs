using Timeline.Api.Platform.Replica;
using System.Globalization;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Timeline.Api.Features.Access;
using Timeline.Api.Platform.Http;
using Timeline.Core.Data;
using Timeline.Api.Platform.Hosting.OpenApi;
using Timeline.Api.Features.Alerts.Subscriptions;

namespace Timeline.Api.Features.Alerts.Stream;

/// <summary>The <c>Timeline:Stream</c> configuration section.</summary>
public sealed class AlertStreamOptions
{
    /// <summary>Seconds of quiet after which a <c>: keep-alive</c> comment is sent; also the fallback poll interval.</summary>
    public double KeepAliveSeconds { get; set; } = 15;

    /// <summary>Alerts read per query while catching up.</summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>Milliseconds a browser waits before reconnecting (the stream's <c>retry:</c> field).</summary>
    public int RetryMilliseconds { get; set; } = 3_000;
}

/// <summary>
/// Where a stream starts: after the client's <c>Last-Event-ID</c>, or after the newest alert now (a fresh client
/// wants what happens from here on). An unknown subscription is a 404. It reads the primary, as the stream does: its
/// LISTEN must be there (NOTIFY does not reach standbys), and where it starts must agree with what wakes it.
/// </summary>
public sealed record OpenAlertStream(long? After, Guid? Subscription, Owner Owner) : IQuery<long>, IReadsPrimary;

public sealed class OpenAlertStreamValidator : AbstractValidator<OpenAlertStream>
{
    public OpenAlertStreamValidator() =>
        RuleFor(x => x.After).GreaterThanOrEqualTo(0).OverridePropertyName("lastEventId");
}

public sealed class OpenAlertStreamHandler(TimelineDbContext db) : IQueryHandler<OpenAlertStream, long>
{
    public async ValueTask<long> Handle(OpenAlertStream query, CancellationToken cancellationToken)
    {
        if (query.Subscription is { } id && !await db.Subscriptions.OwnedBy(query.Owner).AnyAsync(s => s.Id == id, cancellationToken))
        {
            throw ProblemException.NotFound($"subscription {id}");
        }

        return query.After ?? await db.Alerts.MaxAsync(a => (long?)a.Id, cancellationToken) ?? 0;
    }
}

/// <summary>
/// The stream's read: alerts after an id, in id order, one batch. Not a mediator message: a connected client runs it
/// at every wake-up and poll, and one log line per client per poll would drown the log.
/// </summary>
public sealed class AlertStreamReader(TimelineDbContext db)
{
    public async Task<List<StreamedAlert>> ReadAfterAsync(long after, Guid? subscription, Owner owner, int limit, CancellationToken ct)
    {
        // Only the alerts of the caller's own subscriptions (an admin's: all). Each alert's owner is looked up by its
        // subscription's key as the read goes (a sub-plan per row): a semi-join let the planner hash every subscription
        // of the owner at every read, 23 ms a read for a key with 10 000 of them while alerts were arriving.
        var alerts = db.Alerts.AsNoTracking().OwnedByEach(db.Subscriptions, owner).Where(a => a.Id > after);

        if (subscription is { } id)
        {
            alerts = alerts.Where(a => a.SubscriptionId == id);
        }

        var rows = await alerts.OrderBy(a => a.Id).Take(limit).Stored(db.Changes).ToListAsync(ct);
        return [.. rows.Select(StreamedAlert.Of)];
    }
}

public static partial class AlertStreamEndpoints
{
    /// <summary>How long a new stream waits for this instance's listener to be up before relying on polling alone.</summary>
    private static readonly TimeSpan ListenerGrace = TimeSpan.FromSeconds(5);

    public static IServiceCollection AddAlertStream(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AlertStreamOptions>().Bind(configuration.GetSection("Timeline:Stream"))
            .Validate(o => o.KeepAliveSeconds > 0 && o.BatchSize > 0 && o.RetryMilliseconds >= 0,
                "Timeline:Stream needs KeepAliveSeconds > 0, BatchSize > 0 and RetryMilliseconds >= 0")
            .ValidateOnStart();
        services.AddOptions<AlertLimits>().Bind(configuration.GetSection("Timeline:Limits"))
            .Validate(o => o.IsValid, "Timeline:Limits needs StreamsPerKey > 0 and SubscriptionsPerKey > 0")
            .ValidateOnStart();
        services.AddSingleton<OpenStreams>();
        services.AddSingleton<AlertSignal>();
        services.AddSingleton<AlertListener>();
        services.AddHostedService(sp => sp.GetRequiredService<AlertListener>());
        services.AddScoped<AlertStreamReader>();
        return services;
    }

    public static void MapAlertStream(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/alerts/stream", StreamAsync)
            .RequireAuthorization(Policies.Reader)
            .WithTags("Alerts")
            .Answers(StatusCodes.Status404NotFound, "the subscription does not exist, or is not the caller's")
            .WithSummary("Alerts as Server-Sent Events; resumes after Last-Event-ID (header) or ?lastEventId=")
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream");

    private static async Task StreamAsync(
        HttpContext http,
        [FromHeader(Name = "Last-Event-ID")] string? lastEventIdHeader,
        [FromQuery] string? lastEventId,
        [FromQuery] Guid? subscription,
        IMediator mediator,
        AlertStreamReader reader,
        AlertSignal signal,
        AlertListener listener,
        OpenStreams streams,
        IOptions<AlertStreamOptions> options,
        IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json,
        IHostApplicationLifetime lifetime,
        TimeProvider clock,
        ILoggerFactory loggers)
    {
        // The header is what a browser sends on reconnecting, so it wins over the URL it first connected with.
        var after = ParseLastEventId(string.IsNullOrWhiteSpace(lastEventIdHeader) ? lastEventId : lastEventIdHeader);
        var owner = http.User.Owner();
        var last = await mediator.Send(new OpenAlertStream(after, subscription, owner), http.RequestAborted);
        using var open = streams.Open(owner.KeyId);

        // Right after start the listener may not be up yet: give it a moment, so a notification is not missed
        // (polling would still find the alert, only later).
        await listener.Listening.WaitAsync(ListenerGrace, clock, http.RequestAborted).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);

        var settings = options.Value;
        var keepAlive = TimeSpan.FromSeconds(settings.KeepAliveSeconds);
        var response = http.Response;
        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache, no-store";
        response.Headers["X-Accel-Buffering"] = "no";

        // Ends when the client leaves, the app stops, or the key is revoked.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, lifetime.ApplicationStopping, open.Revoked);
        var ct = stop.Token;
        var logger = loggers.CreateLogger("Timeline.Api.Features.Alerts.AlertStream");
        try
        {
            await response.StartAsync(ct);
            await response.WriteAsync($"retry: {settings.RetryMilliseconds.ToString(CultureInfo.InvariantCulture)}\n\n", ct);
            await response.Body.FlushAsync(ct);
            var quietSince = clock.GetTimestamp();
            while (!ct.IsCancellationRequested)
            {
                // Taken before reading: a notification during the read wakes the wait below at once.
                var wake = signal.Next;
                List<StreamedAlert> batch;
                do
                {
                    batch = await reader.ReadAfterAsync(last, subscription, owner, settings.BatchSize, ct);
                    if (batch.Count == 0)
                    {
                        break;
                    }

                    StreamedAlert.WriteEvents(response.BodyWriter, batch, json.Value.SerializerOptions);
                    await response.BodyWriter.FlushAsync(ct);
                    last = batch[^1].Id;
                    quietSince = clock.GetTimestamp();
                }
                while (batch.Count == settings.BatchSize);

                var quiet = clock.GetElapsedTime(quietSince);
                if (quiet >= keepAlive)
                {
                    await response.WriteAsync(": keep-alive\n\n", ct);
                    await response.Body.FlushAsync(ct);
                    quietSince = clock.GetTimestamp();
                    quiet = TimeSpan.Zero;
                }

                // A notification, or the next keep-alive (which is also the fallback poll), whichever comes first.
                await wake.WaitAsync(keepAlive - quiet, clock, ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client left, the app is stopping or the key was revoked: the stream simply ends.
        }
        catch (IOException) when (http.RequestAborted.IsCancellationRequested)
        {
            // The client left mid-write.
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or InvalidOperationException && !ct.IsCancellationRequested)
        {
            // The database failed under a started response: end the stream; the client reconnects with Last-Event-ID.
            LogStreamFailed(logger, ex, last);
        }
    }

    private static long? ParseLastEventId(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return long.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? id
            : throw ProblemException.BadRequest("lastEventId", "Last-Event-ID is the id of an alert this stream sent, a whole number");
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert stream ended after alert {LastId} by a failure; the client will resume")]
    private static partial void LogStreamFailed(ILogger logger, Exception exception, long lastId);
}

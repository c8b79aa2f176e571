using Mediator;
using Timeline.Api.Platform.Http;
using Timeline.Core.Data;
using Timeline.Core.Leads;

namespace Timeline.Api.Features.Watches;

/// <summary>Watch a source: its first check is due at once.</summary>
public sealed record RecordWatch : WatchFields, ICommand<WatchView>
{
    /// <summary>The API key's name; set by the endpoint, never by the body.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string CreatedBy { get; init; } = "";
}

public sealed class RecordWatchValidator : WatchRules<RecordWatch>;

public sealed class RecordWatchHandler(TimelineDbContext db, TimeProvider clock, WatchAddress address) : ICommandHandler<RecordWatch, WatchView>
{
    public async ValueTask<WatchView> Handle(RecordWatch command, CancellationToken cancellationToken)
    {
        await address.CheckAsync(command.Url!, cancellationToken);
        var now = clock.GetUtcNow();
        var watch = new Watch { Id = Guid.CreateVersion7(now), CreatedAt = now, CreatedBy = command.CreatedBy, NextCheckAt = now };
        command.ApplyTo(watch);
        db.Watches.Add(watch);
        await db.SaveChangesAsync(cancellationToken);
        return watch.ToView();
    }
}

/// <summary>Where a watch may point: where a webhook may (the same guard and the same switches), said in a watch's words.</summary>
public sealed class WatchAddress(Alerts.Webhooks.WebhookAddressGuard guard)
{
    public async Task CheckAsync(string url, CancellationToken ct)
    {
        if (await guard.CheckAsync(url, ct) is { } refused)
        {
            throw ProblemException.BadRequest("url", refused.Replace("a webhook URL", "a watch's URL", StringComparison.Ordinal));
        }
    }
}

public static class WatchFieldsApplied
{
    /// <summary>Writes validated fields onto a watch; a changed schedule takes effect from the last check (or now).</summary>
    public static void ApplyTo(this WatchFields fields, Watch watch)
    {
        watch.Name = fields.Name!.Trim();
        if (watch.Url != fields.Url!.Trim())
        {
            // Another source: its validators are not this one's.
            watch.Url = fields.Url!.Trim();
            watch.ETag = null;
            watch.LastModified = null;
        }

        watch.Every = fields.Every!.Trim();
        watch.EverySeconds = WatchFields.Seconds(watch.Every)!.Value;
        watch.Include = [.. (fields.Include ?? []).Select(w => w.Trim()).Where(w => w.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase)];
        watch.Exclude = [.. (fields.Exclude ?? []).Select(w => w.Trim()).Where(w => w.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase)];
        watch.Reliability = fields.Reliability;
    }

    public static WatchFields FieldsOf(Watch w) => new()
    {
        Name = w.Name, Url = w.Url, Every = w.Every, Include = [.. w.Include], Exclude = [.. w.Exclude], Reliability = w.Reliability,
    };
}

using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Timeline.Api.Features.Access;
using Timeline.Api.Features.Alerts.Webhooks;
using Timeline.Api.Features.Demo;
using Timeline.Core.Access;
using Timeline.Core.Data;

namespace Timeline.Api.Platform.Hosting;

/// <summary>
/// Before the server takes requests: migrate, make sure an admin key exists, load the demo timeline into an
/// empty database. Under a PostgreSQL advisory lock, so instances starting together take turns.
/// </summary>
public static class DatabaseStartup
{
    private const long LockId = 0x7443_6d6c_6e65; // "timeline", any stable number

    public static async Task PrepareDatabaseAsync(this WebApplication app, CancellationToken ct = default)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<TimelineDbContext>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Timeline.Startup");
        var options = services.GetRequiredService<IOptions<TimelineOptions>>().Value;

        await db.Database.OpenConnectionAsync(ct);
        try
        {
            // Waiting for another instance's migration, and migrating, may take longer than a request's statements may,
            // and than Npgsql's 30 s command timeout on a loaded machine.
            await db.Database.ExecuteSqlRawAsync("SET statement_timeout = 0; SET lock_timeout = 0", ct);
            db.Database.SetCommandTimeout(TimeSpan.FromMinutes(30));
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_lock({LockId})", ct);
            if (SchemaOwner.Configured(app.Configuration))
            {
                await SchemaOwner.MigrateAsync(app.Configuration, ct);
            }
            else
            {
                await db.Database.MigrateAsync(ct);
            }

            // Hangfire makes its schema when its storage is first made; instances starting together would race to
            // create the same tables, so this one makes it here, under the lock (with a schema owner, it was made above).
            _ = services.GetService<Hangfire.JobStorage>();
            await EnsureAdminKeyAsync(db, options, services.GetRequiredService<TimeProvider>(), logger, ct);
            await ProtectWebhookSecretsAsync(db, services.GetRequiredService<WebhookSecrets>(), logger, ct);
            if (await Features.Actors.ActorNameBackfill.RunAsync(db, ct) is > 0 and var keyed)
            {
                logger.LogInformation("Gave the names of {Count} actors their search keys", keyed);
            }

            if (options.DemoTimeline && !await db.Events.AnyAsync(ct))
            {
                await DemoTimelineLoader.LoadAsync(services.GetRequiredService<IMediator>(), db, ct);
                await DemoWatch.LoadAsync(services, db, ct);
                logger.LogInformation("Loaded the demo timeline");
            }
        }
        finally
        {
            // The pool does not reset connections (DatabaseOptions): this one goes back with the session's own limits.
            await db.Database.ExecuteSqlRawAsync("RESET statement_timeout; RESET lock_timeout", CancellationToken.None);
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_unlock({LockId})", CancellationToken.None);
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// Encrypts any webhook secret still kept in plain text (written before secrets were encrypted at rest). It also
    /// makes the Data Protection key ring here, under the lock, so that instances starting together share one key.
    /// </summary>
    private static async Task ProtectWebhookSecretsAsync(TimelineDbContext db, WebhookSecrets secrets, ILogger logger, CancellationToken ct)
    {
        _ = secrets.Protect("key ring");
        var plain = await db.Subscriptions.Where(s => s.ProtectedWebhookSecret != null && s.ProtectedWebhookSecret.StartsWith(StandardWebhooks.SecretPrefix))
            .ToListAsync(ct);
        foreach (var subscription in plain)
        {
            subscription.ProtectedWebhookSecret = secrets.Protect(subscription.ProtectedWebhookSecret!);
        }

        if (plain.Count > 0)
        {
            await db.SaveChangesAsync(ct);
            logger.LogInformation("Encrypted {Count} webhook secrets kept in plain text", plain.Count);
        }
    }

    private static async Task EnsureAdminKeyAsync(TimelineDbContext db, TimelineOptions options, TimeProvider clock, ILogger logger, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (!string.IsNullOrWhiteSpace(options.AdminKey))
        {
            var hash = ApiKeyAuthentication.HashOf(options.AdminKey);
            var existing = await db.ApiKeys.Where(k => k.KeyHash == hash).Select(k => new { k.RevokedAt }).SingleOrDefaultAsync(ct);
            if (existing is not null)
            {
                if (existing.RevokedAt is not null)
                {
                    // A revocation holds across restarts: configure a new key to install one.
                    logger.LogWarning("The admin key from configuration was revoked; it stays revoked");
                }

                return;
            }

            // The configured key wins: an earlier bootstrap key of the same name gives way to it.
            await db.ApiKeys.Where(k => k.Name == "admin" && k.RevokedAt == null)
                .ExecuteUpdateAsync(k => k.SetProperty(x => x.RevokedAt, now), ct);
            await AddAdminAsync(db, NewAdmin(options.AdminKey, hash, now), ct);
            await db.SaveChangesAsync(ct);
            logger.LogInformation("Admin key from configuration installed");
            return;
        }

        // Generated once, for a database that never had an admin key: once there has been one, revoking the last is an
        // admin's decision that a restart must not undo (a new key then comes from configuration).
        if (await db.ApiKeys.AnyAsync(k => k.Role == Roles.Admin, ct))
        {
            if (!await db.ApiKeys.AnyAsync(k => k.Role == Roles.Admin && k.RevokedAt == null, ct))
            {
                logger.LogWarning("No admin key is active; set Timeline:AdminKey to install one");
            }

            return;
        }

        var secret = ApiKeyAuthentication.NewKey();
        var path = Path.GetFullPath(options.AdminKeyFile);
        // Written where only this user can read it, never to the console or the log, which others may read.
        WriteOwnerOnly(path, secret);
        await AddAdminAsync(db, NewAdmin(secret, ApiKeyAuthentication.HashOf(secret), now), ct);
        await db.SaveChangesAsync(ct);
        logger.LogWarning("Generated the admin key and wrote it to {Path} (readable by this user only); keep it, then delete the file", path);
    }

    private static void WriteOwnerOnly(string path, string secret)
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            if (OperatingSystem.IsWindows())
            {
                File.WriteAllText(path, secret + Environment.NewLine);
                return;
            }

            const UnixFileMode ownerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            using (var file = new FileStream(path, new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, UnixCreateMode = ownerOnly }))
            using (var writer = new StreamWriter(file))
            {
                writer.WriteLine(secret);
            }

            File.SetUnixFileMode(path, ownerOnly); // a file that was already there keeps its mode otherwise
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"Cannot write the generated admin key to {path} ({ex.Message}); set Timeline:AdminKeyFile " +
                "to a path this user may write, or Timeline:AdminKey to a key of your own", ex);
        }
    }

    /// <summary>
    /// The installation's admin key. Its name, "admin", is the one name keys share: records it signs name the installation's
    /// configured admin, whichever key that is now; the author keeps the first such key's id.
    /// </summary>
    private static async Task AddAdminAsync(TimelineDbContext db, ApiKey key, CancellationToken ct)
    {
        db.ApiKeys.Add(key);
        if (!await db.Authors.AnyAsync(a => a.Name == key.Name, ct))
        {
            db.Authors.Add(new Timeline.Core.People.Author { Name = key.Name, Kind = Timeline.Core.People.Author.Key, Id = key.Id, CreatedAt = key.CreatedAt });
        }
    }

    private static ApiKey NewAdmin(string secret, byte[] hash, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        Name = "admin",
        Role = Roles.Admin,
        KeyHash = hash,
        Prefix = secret[..Math.Min(7, secret.Length)],
        CreatedAt = now,
    };
}

using System.Security.Cryptography;
using System.Text.Json;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Timeline.Api.Platform.Http;
using Timeline.Core.Data;

using Timeline.Api.Platform.Pipeline;

namespace Timeline.Api.Platform.Idempotency;

/// <summary>The <c>Idempotency-Key</c> of the current request, if it sent one.</summary>
public sealed class IdempotencyContext
{
    public string? Key { get; private set; }
    public string Caller { get; private set; } = "";
    public string RequestHash { get; private set; } = "";

    /// <summary>The request's key and caller; its fingerprint too, unless the endpoint receives the body itself (then <see cref="Fingerprinted"/>).</summary>
    public void Set(string key, string caller, string? requestHash) => (Key, Caller, RequestHash) = (key, caller, requestHash ?? "");

    /// <summary>The fingerprint of a body its endpoint received itself, once received whole.</summary>
    public void Fingerprinted(string requestHash) => RequestHash = requestHash;

    /// <summary>The path a fingerprint covers: the path and the query.</summary>
    public static string PathOf(HttpContext http) => http.Request.Path + http.Request.QueryString;

    /// <summary>The request's fingerprint: a repeat must be the same method, path and body.</summary>
    public static async Task<string> FingerprintAsync(string method, string path, Stream body, CancellationToken ct)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(System.Text.Encoding.UTF8.GetBytes($"{method} {path}\n"));
        var buffer = new byte[81_920];
        int read;
        while ((read = await body.ReadAsync(buffer, ct)) > 0)
        {
            sha.AppendData(buffer, 0, read);
        }

        return Convert.ToHexString(sha.GetHashAndReset());
    }

    /// <summary>Whether the answer is the first answer to this key, given again: the response says so in a header.</summary>
    public bool Replayed { get; set; }

    /// <summary>A request is one write: the first command takes the key, so nested commands don't.</summary>
    public string? Take()
    {
        var key = Key;
        Key = null;
        return key;
    }
}

/// <summary>
/// Inside the command's transaction: claims the key with an insert that a unique index guards, so a racing
/// twin waits for the first to commit and then replays its answer instead of writing again.
/// </summary>
public sealed class IdempotencyBehaviour<TMessage, TResponse>(TimelineDbContext db, IdempotencyContext context,
    TimeProvider clock, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IBaseCommand
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        var key = context.Take();
        if (key is null)
        {
            return await next(message, cancellationToken);
        }

        if (context.RequestHash.Length == 0)
        {
            throw new InvalidOperationException("an endpoint that receives its own body sent its command before fingerprinting the body");
        }

        var claimed = await db.Database.ExecuteSqlAsync(
            $"""
             INSERT INTO timeline.idempotency_keys (caller, key, request_hash, created_at)
             VALUES ({context.Caller}, {key}, {context.RequestHash}, {clock.GetUtcNow()})
             ON CONFLICT DO NOTHING
             """, cancellationToken);
        if (claimed == 0)
        {
            var first = await db.IdempotencyRecords.AsNoTracking()
                .Where(r => r.Caller == context.Caller && r.Key == key)
                .Select(r => new { r.RequestHash, r.Response })
                .SingleAsync(cancellationToken);
            if (first.RequestHash != context.RequestHash)
            {
                throw new ProblemException(StatusCodes.Status422UnprocessableEntity, "Idempotency key reused",
                    "this Idempotency-Key was already used with a different request; use a new key for a new write");
            }

            var firstAnswer = System.Text.Json.Nodes.JsonNode.Parse(first.Response!);
            if (firstAnswer?["secretWithheld"]?.GetValue<bool>() == true)
            {
                var created = firstAnswer["id"]?.ToString();
                throw ProblemException.Conflict(
                    $"this Idempotency-Key was already used by a request that created {created}; its answer held a secret, which is shown " +
                    "only once and never stored, so it cannot be replayed. If the secret was lost, revoke what was created and create it again");
            }

            context.Replayed = true;
            return JsonSerializer.Deserialize<TResponse>(first.Response!, json.Value.SerializerOptions)!;
        }

        var response = await next(message, cancellationToken);
        // An answer with a secret is kept without it (see IShowsSecretOnce).
        object stored = response is IShowsSecretOnce { HasSecret: true } secret ? secret.WithoutSecret() : response!;
        var body = JsonSerializer.Serialize(stored, stored.GetType(), json.Value.SerializerOptions);
        await db.Database.ExecuteSqlAsync(
            $"UPDATE timeline.idempotency_keys SET response = {body}::jsonb WHERE caller = {context.Caller} AND key = {key}",
            cancellationToken);
        return response;
    }

}

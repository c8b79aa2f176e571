using NpgsqlTypes;

using Timeline.Api.Platform.Http;

namespace Timeline.Api.Platform.Replica;

/// <summary>
/// Read-your-writes across the primary and its replica, for one request: the WAL position a write committed at
/// (answered as <c>Timeline-Consistency</c>), the position a read must see (the same header, sent back), and where
/// the request's queries were served from (<c>Timeline-Read-From</c>).
/// </summary>
public sealed class ReadConsistency
{
    public const string TokenHeader = "Timeline-Consistency";
    public const string ReadFromHeader = "Timeline-Read-From";

    /// <summary>The position the caller's earlier write reached: reads must see at least that far.</summary>
    public NpgsqlLogSequenceNumber? After { get; set; }

    /// <summary>
    /// Whether the replica has already been found to have replayed <see cref="After"/> (true), or not within the wait
    /// (false), in this request: a request waits at most once, and later queries need not ask again.
    /// </summary>
    public bool? ReplicaReached { get; set; }

    /// <summary>Where this request's last write committed, once it has.</summary>
    public NpgsqlLogSequenceNumber? Written { get; set; }

    /// <summary><c>replica</c> when every query of the request read the replica; <c>primary</c> once any did not.</summary>
    public string? ReadFrom { get; private set; }

    public void Read(bool fromReplica) => ReadFrom = fromReplica && ReadFrom != "primary" ? "replica" : "primary";

    /// <summary>The token a client sends back: a PostgreSQL LSN as <c>pg_current_wal_lsn()</c> prints it, e.g. <c>0/16B3748</c>.</summary>
    public static bool TryParse(string text, out NpgsqlLogSequenceNumber lsn)
    {
        lsn = default;
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        return slash is > 0 and <= 8 && text.Length - slash - 1 is > 0 and <= 8
            && text.All(c => c == '/' || char.IsAsciiHexDigit(c))
            && NpgsqlLogSequenceNumber.TryParse(text, out lsn);
    }
}

/// <summary>Reads the request's consistency token and writes the answer's headers (see <see cref="ReadConsistency"/>).</summary>
public sealed class ReadConsistencyMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext http, ReadConsistency consistency)
    {
        if (http.Request.Headers.TryGetValue(ReadConsistency.TokenHeader, out var sent))
        {
            if (sent.Count != 1 || !ReadConsistency.TryParse(sent.ToString().Trim(), out var after))
            {
                throw ProblemException.BadRequest(ReadConsistency.TokenHeader,
                    "must be one token as a write answered it, a WAL position such as 0/16B3748");
            }

            consistency.After = after;
        }

        http.Response.OnStarting(() =>
        {
            if (consistency.Written is { } written)
            {
                http.Response.Headers[ReadConsistency.TokenHeader] = written.ToString();
            }

            if (consistency.ReadFrom is { } from)
            {
                http.Response.Headers[ReadConsistency.ReadFromHeader] = from;
            }

            return Task.CompletedTask;
        });
        return next(http);
    }
}

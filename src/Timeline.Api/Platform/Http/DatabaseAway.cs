using System.Net.Sockets;
using Npgsql;

namespace Timeline.Api.Platform.Http;

/// <summary>
/// Failures that mean the database cannot answer now (stopped, restarting, out of connections, or a statement past
/// its time limit) rather than that the request or the code is wrong: a 503 to retry, not a 500 to investigate.
/// </summary>
public static class DatabaseAway
{
    /// <summary>Why the database could not answer, in words fit for a client; null when the failure is something else.</summary>
    public static string? Reason(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case PostgresException { SqlState: PostgresErrorCodes.QueryCanceled } p when p.MessageText.Contains("statement timeout", StringComparison.Ordinal):
                    return "a database statement ran past its time limit (statement_timeout)";
                case PostgresException { SqlState: PostgresErrorCodes.LockNotAvailable }:
                    return "a database lock was not granted within its time limit (lock_timeout)";
                case PostgresException { SqlState: PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow }:
                    return "the database is restarting";
                case PostgresException { SqlState: PostgresErrorCodes.TooManyConnections or PostgresErrorCodes.ConfigurationLimitExceeded }:
                    return "the database has no connection to spare";
                case PostgresException p when p.SqlState.StartsWith("08", StringComparison.Ordinal):
                    return "the connection to the database failed";
                case PostgresException:
                    return null;
                case NpgsqlException when e.InnerException is SocketException or TimeoutException or IOException or null:
                    return "the database is unreachable";
            }
        }

        return null;
    }
}

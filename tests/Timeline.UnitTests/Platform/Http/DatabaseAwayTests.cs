using System.Net.Sockets;
using Npgsql;
using Timeline.Api.Platform.Http;

namespace Timeline.UnitTests.Platform.Http;

public sealed class DatabaseAwayTests
{
    private static PostgresException Postgres(string sqlState, string message = "failed") =>
        new(message, "FATAL", "FATAL", sqlState);

    [Theory]
    [InlineData(PostgresErrorCodes.AdminShutdown, "terminating connection due to administrator command", "restarting")]
    [InlineData(PostgresErrorCodes.CannotConnectNow, "the database system is starting up", "restarting")]
    [InlineData(PostgresErrorCodes.TooManyConnections, "sorry, too many clients already", "no connection to spare")]
    [InlineData(PostgresErrorCodes.LockNotAvailable, "canceling statement due to lock timeout", "lock_timeout")]
    [InlineData(PostgresErrorCodes.QueryCanceled, "canceling statement due to statement timeout", "statement_timeout")]
    [InlineData(PostgresErrorCodes.ConnectionFailure, "connection failure", "connection")]
    public void A_database_that_cannot_answer_now_is_told_apart(string sqlState, string message, string reason)
    {
        var wrapped = new InvalidOperationException("outer", new Microsoft.EntityFrameworkCore.DbUpdateException("saving", Postgres(sqlState, message)));

        Assert.Contains(reason, DatabaseAway.Reason(wrapped), StringComparison.Ordinal);
    }

    [Fact]
    public void A_refused_connection_is_the_database_being_unreachable() =>
        Assert.Equal("the database is unreachable",
            DatabaseAway.Reason(new NpgsqlException("Failed to connect", new SocketException((int)SocketError.ConnectionRefused))));

    [Theory]
    [InlineData(PostgresErrorCodes.UniqueViolation)]
    [InlineData(PostgresErrorCodes.CharacterNotInRepertoire)]
    [InlineData(PostgresErrorCodes.UndefinedTable)]
    [InlineData(PostgresErrorCodes.QueryCanceled)] // cancelled by the client, not by a time limit
    public void A_failure_of_the_request_or_the_code_is_not(string sqlState) =>
        Assert.Null(DatabaseAway.Reason(new Microsoft.EntityFrameworkCore.DbUpdateException("saving", Postgres(sqlState, "canceling statement due to user request"))));

    [Fact]
    public void Anything_else_is_not() =>
        Assert.Null(DatabaseAway.Reason(new InvalidOperationException("a bug")));
}

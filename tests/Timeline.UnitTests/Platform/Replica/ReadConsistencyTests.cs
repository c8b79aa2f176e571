using Npgsql;
using NpgsqlTypes;
using Timeline.Api.Platform.Replica;

namespace Timeline.UnitTests.Platform.Replica;

public sealed class ReadConsistencyTests
{
    [Theory]
    [InlineData("0/16B3748", 0x16B3748UL)]
    [InlineData("1/0", 0x1_0000_0000UL)]
    [InlineData("ff/a", 0xFF_0000_000AUL)]
    [InlineData("FFFFFFFF/FFFFFFFF", ulong.MaxValue)]
    public void A_token_is_a_WAL_position_as_PostgreSQL_prints_it(string token, ulong position)
    {
        Assert.True(ReadConsistency.TryParse(token, out var lsn));
        Assert.Equal(new NpgsqlLogSequenceNumber(position), lsn);
    }

    [Theory]
    [InlineData("")]
    [InlineData("yesterday")]
    [InlineData("0/")]
    [InlineData("/0")]
    [InlineData("1/2/3")]
    [InlineData("123456789/0")]
    [InlineData("0/123456789")]
    [InlineData("-1/0")]
    [InlineData("+1/0")]
    [InlineData(" 0/1")]
    [InlineData("0x1/0")]
    public void Anything_else_is_refused(string token) => Assert.False(ReadConsistency.TryParse(token, out _));

    [Fact]
    public void An_answer_reads_from_the_replica_only_while_every_query_did()
    {
        var consistency = new ReadConsistency();
        Assert.Null(consistency.ReadFrom);
        consistency.Read(fromReplica: true);
        Assert.Equal("replica", consistency.ReadFrom);
        consistency.Read(fromReplica: false);
        consistency.Read(fromReplica: true);
        Assert.Equal("primary", consistency.ReadFrom);
    }

    [Theory]
    [InlineData(PostgresErrorCodes.SerializationFailure, true)]   // canceled by a recovery conflict
    [InlineData(PostgresErrorCodes.AdminShutdown, true)]
    [InlineData(PostgresErrorCodes.InvalidCatalogName, true)]     // the database has not reached the replica yet
    [InlineData(PostgresErrorCodes.ConnectionFailure, true)]
    [InlineData(PostgresErrorCodes.QueryCanceled, false)]         // statement_timeout: the primary would take as long
    [InlineData(PostgresErrorCodes.UndefinedColumn, false)]
    public void Only_a_replica_that_cannot_answer_sends_the_query_to_the_primary(string sqlState, bool failed) =>
        Assert.Equal(failed, ReplicaReads.Failed(new InvalidOperationException("outer", new PostgresException("failed", "ERROR", "ERROR", sqlState))));
}

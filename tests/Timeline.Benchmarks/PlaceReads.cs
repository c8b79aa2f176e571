using Npgsql;

namespace Timeline.Benchmarks;

/// <summary>The timeline with a <c>bbox</c>, a third of the events placed, beside pgbench running its SQL.</summary>
public sealed record PlaceReadsResult(long Placed, string Box, long Matches, Throughput Api, Throughput Pgbench);

/// <summary>
/// Places at scale: the data set places a third of its events at its places (<see cref="DataSetPlaces"/>), and the
/// import recorded them with their footprints; the timeline is asked for what a map of the front shows.
/// </summary>
public static class PlaceReads
{
    /// <summary>The box the run sends: eastern Ukraine and the Russian regions beside it (Kursk, Belgorod, Rostov), as the page's "only what the map shows" would.</summary>
    public const string Box = "33,46,40,52";

    /// <summary>The events placed, and those whose footprint meets the box (as the API's filter compares them).</summary>
    public static async Task<(long Placed, long Matches)> CountAsync(string cs)
    {
        await using var connection = new NpgsqlConnection(cs);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"""
            SELECT count(*) FILTER (WHERE footprint IS NOT NULL),
                   count(*) FILTER (WHERE ST_Intersects(footprint, ST_MakeEnvelope({Box}, 4326)))
            FROM timeline.events
            """, connection) { CommandTimeout = 600 };
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }
}

using System.Globalization;
using Npgsql;

namespace Timeline.Benchmarks;

/// <summary>The timeline with a <c>bbox</c>, a third of the events placed, beside pgbench running its SQL.</summary>
public sealed record PlaceReadsResult(long Placed, string Box, long Matches, Throughput Api, Throughput Pgbench);

/// <summary>
/// Places at scale: 200 places (points across the northern hemisphere, Vladivostok among them) and a third of the
/// events placed at one of them, as recording would store them (the place in <c>places</c>, its point as the footprint
/// of an exact place), written by SQL so the seeding takes seconds, then analysed.
/// </summary>
public static class PlaceReads
{
    public const int Places = 200;

    /// <summary>The box the run sends: around Vladivostok, as the page's "only what the map shows" would.</summary>
    public const string Box = "131,42,133,44";

    public static async Task<long> SeedAsync(string cs)
    {
        await using var connection = new NpgsqlConnection(cs);
        await connection.OpenAsync();
        var sql = string.Create(CultureInfo.InvariantCulture, $"""
            INSERT INTO timeline.places (code, name, kind, aliases, point, recorded_at, updated_at, updated_by, version)
            SELECT 'bench-place-' || i, 'Bench place ' || i, 'city', ARRAY[]::text[],
                   CASE WHEN i = 0 THEN ST_SetSRID(ST_MakePoint(131.886, 43.115), 4326)
                        ELSE ST_SetSRID(ST_MakePoint(-170 + (i * 37 % 340), 5 + (i * 13 % 65)), 4326) END,
                   now(), now(), 'bench', 1
            FROM generate_series(0, {Places - 1}) AS i
            ON CONFLICT DO NOTHING;
            UPDATE timeline.events e
            SET places = jsonb_build_array(jsonb_build_object('Place', p.code, 'Role', 'site', 'Precision', 'exact', 'UncertaintyKm', NULL)),
                footprint = ST_ForceCollection(p.point)
            FROM timeline.places p
            WHERE p.code = 'bench-place-' || (abs(hashtext(e.id::text)) / 3 % {Places})
              AND abs(hashtext(e.id::text)) % 3 = 0;
            ANALYZE timeline.events;
            """);
        await using (var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 })
        {
            await command.ExecuteNonQueryAsync();
        }

        await using var count = new NpgsqlCommand("SELECT count(*) FROM timeline.events WHERE footprint IS NOT NULL", connection);
        return (long)(await count.ExecuteScalarAsync())!;
    }

    public static async Task<long> CountAsync(string cs) =>
        await BenchDatabase.ScalarAsync<long>(cs,
            "SELECT count(*) FROM timeline.events WHERE footprint && ST_MakeEnvelope(131, 42, 133, 44, 4326) AND ST_Intersects(footprint, ST_MakeEnvelope(131, 42, 133, 44, 4326))");
}

using System.Globalization;
using Npgsql;
using Timeline.Api.Actors;
using Timeline.Api.Events.Import.Ftm;
using Timeline.Core.Actors;

namespace Timeline.Benchmarks;

/// <summary>Actor search at <see cref="Actors"/> actors, each with three aliases in other scripts, beside pgbench running its SQL.</summary>
public sealed record NameSearchResult(int Actors, string Query, long Matches, Throughput Api, Throughput Pgbench);

public static class NameSearch
{
    public const int Actors = 100_000;

    /// <summary>A name as one source writes it and as a list in other scripts has it: the query the run sends.</summary>
    public const string Query = "Son Hui Choe";

    // Korean names, as Latin, Hangul and Cyrillic sources write them; Russian and Chinese ones in their scripts too.
    private static readonly (string Latin, string Hangul, string Cyrillic)[] Family =
        [("Kim", "김", "Ким"), ("Ri", "리", "Ри"), ("Pak", "박", "Пак"), ("Choe", "최", "Цой"), ("Jong", "정", "Чон"), ("Kang", "강", "Кан"), ("Han", "한", "Хан"), ("O", "오", "О")];
    private static readonly (string Latin, string Hangul, string Cyrillic)[] Given =
        [("Son", "선", "Сон"), ("Hui", "희", "Хи"), ("Chol", "철", "Чхоль"), ("Yong", "영", "Ён"), ("Min", "민", "Мин"), ("Su", "수", "Су"), ("Il", "일", "Ир"), ("Nam", "남", "Нам"), ("Ho", "호", "Хо"), ("Gwang", "광", "Гван")];
    private static readonly string[] Russian = ["Сергей", "Андрей", "Иван", "Олег", "Дмитрий", "Николай", "Алексей", "Юрий"];
    private static readonly string[] RussianFamily = ["Шойгу", "Лавров", "Белоусов", "Герасимов", "Козлов", "Соколов", "Волков", "Морозов", "Новиков"];
    private static readonly string[] Han = ["金", "李", "朴", "崔", "正", "恩", "成", "日", "善", "姬", "光", "哲"];

    /// <summary>Records the actors by COPY, their names keyed as the API keys them (the API's own code).</summary>
    public static async Task SeedAsync(string cs)
    {
        var random = new Random(25);
        var now = DateTimeOffset.UtcNow;
        var actors = new List<ImportedActor>(Actors);
        for (var i = 0; i < Actors; i++)
        {
            var f = Family[random.Next(Family.Length)];
            var g1 = Given[random.Next(Given.Length)];
            var g2 = Given[random.Next(Given.Length)];
            var russian = $"{RussianFamily[random.Next(RussianFamily.Length)]} {Russian[random.Next(Russian.Length)]} {Russian[random.Next(Russian.Length)]}ович";
            var han = string.Concat(Enumerable.Range(0, 3).Select(_ => Han[random.Next(Han.Length)]));
            var korean = i % 2 == 0;
            var actor = new Actor
            {
                Code = "NS-" + i.ToString("D6", CultureInfo.InvariantCulture),
                Name = korean ? $"{f.Latin} {g1.Latin} {g2.Latin} {i}" : $"{russian} {i}",
                Kind = "person",
                Aliases = korean ? [f.Hangul + g1.Hangul + g2.Hangul, $"{f.Cyrillic} {g1.Cyrillic} {g2.Cyrillic}", han] : [$"Person {i}", han, f.Hangul + g1.Hangul],
                RecordedAt = now,
                UpdatedAt = now,
                UpdatedBy = "bench",
            };
            actor.SearchNames = string.Join(' ', actor.Aliases);
            actor.KeepNamesInStep();
            actors.Add(new ImportedActor(actor, null!, ""));
        }

        await using var connection = new NpgsqlConnection(cs);
        await connection.OpenAsync();
        await using (var tx = await connection.BeginTransactionAsync())
        {
            await FtmActorCopy.Actors.WriteAsync(connection, actors, CancellationToken.None);
            await FtmActorCopy.Names.WriteAsync(connection, actors.SelectMany(a => a.Actor.Names), CancellationToken.None);
            await tx.CommitAsync();
        }

        await using var analyze = new NpgsqlCommand("VACUUM ANALYZE timeline.actors, timeline.actor_names", connection) { CommandTimeout = 3600 };
        await analyze.ExecuteNonQueryAsync();
    }

    /// <summary>The API's search SQL with the query's parameters written in as literals, for pgbench and EXPLAIN.</summary>
    public static string Sql(int limit)
    {
        var sql = ActorSearch.Sql;
        foreach (var p in ActorSearch.Parameters(Query, null, limit).OrderByDescending(p => p.ParameterName.Length))
        {
            var literal = p.Value switch
            {
                DBNull => "NULL::varchar",
                string text => Quote(text),
                string[] texts => $"ARRAY[{string.Join(", ", texts.Select(Quote))}]::text[]",
                double d => d.ToString(CultureInfo.InvariantCulture),
                int n => n.ToString(CultureInfo.InvariantCulture),
                var other => throw new InvalidOperationException($"no literal for {other}"),
            };
            sql = sql.Replace("@" + p.ParameterName, literal, StringComparison.Ordinal);
        }

        return sql;
    }

    private static string Quote(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";
}

using System.Globalization;
using Npgsql;
using Timeline.Api.Features.Actors;
using Timeline.Api.Features.Events.Import.Ftm;
using Timeline.Core.Actors;

namespace Timeline.Benchmarks;

/// <summary>Actor search at <see cref="Actors"/> actors, each with three aliases in other scripts, beside pgbench running its SQL.</summary>
public sealed record NameSearchResult(int Actors, string Query, long Matches, Throughput Api, Throughput Pgbench);

public static class NameSearch
{
    public const int Actors = 100_000;

    /// <summary>A name as one source writes it and as a list in other scripts has it: the query the run sends.</summary>
    public const string Query = "Son Hui Choe";

    // Korean names as Latin, Hangul and Cyrillic sources write them (family names by their frequency in Korea, given
    // names of two syllables from forty), Russian names with patronymics, Chinese names in Han.
    private static readonly (string Latin, string Hangul, string Cyrillic)[] Family =
    [
        ("Kim", "김", "Ким"), ("Ri", "리", "Ри"), ("Pak", "박", "Пак"), ("Choe", "최", "Цой"), ("Jong", "정", "Чон"), ("Kang", "강", "Кан"),
        ("Jo", "조", "Чо"), ("Yun", "윤", "Юн"), ("Jang", "장", "Чан"), ("Rim", "림", "Рим"), ("Han", "한", "Хан"), ("O", "오", "О"),
        ("So", "서", "Со"), ("Sin", "신", "Син"), ("Kwon", "권", "Квон"), ("Hwang", "황", "Хван"), ("An", "안", "Ан"), ("Song", "송", "Сон"),
    ];
    private static readonly (string Latin, string Hangul, string Cyrillic)[] Given =
    [
        ("Son", "선", "Сон"), ("Hui", "희", "Хи"), ("Chol", "철", "Чхоль"), ("Yong", "영", "Ён"), ("Min", "민", "Мин"), ("Su", "수", "Су"),
        ("Il", "일", "Ир"), ("Nam", "남", "Нам"), ("Ho", "호", "Хо"), ("Gwang", "광", "Гван"), ("Myong", "명", "Мён"), ("Hyok", "혁", "Хёк"),
        ("Jin", "진", "Чин"), ("Sok", "석", "Сок"), ("Ung", "웅", "Ун"), ("Gyong", "경", "Гён"), ("Hak", "학", "Хак"), ("Chun", "춘", "Чхун"),
        ("Ok", "옥", "Ок"), ("Sun", "순", "Сун"), ("Hwa", "화", "Хва"), ("Ryong", "룡", "Рён"), ("Thae", "태", "Тхэ"), ("Gil", "길", "Киль"),
        ("Mun", "문", "Мун"), ("Bok", "복", "Пок"), ("Dok", "덕", "Ток"), ("Pyong", "평", "Пхён"), ("Sung", "성", "Сон"), ("Un", "은", "Ын"),
        ("Jun", "준", "Чун"), ("Hun", "훈", "Хун"), ("Yon", "연", "Ён"), ("Rye", "례", "Ре"), ("Mi", "미", "Ми"), ("Kyu", "규", "Кю"),
        ("Tong", "동", "Тон"), ("Chang", "창", "Чхан"), ("Pom", "범", "Пом"), ("Sam", "삼", "Сам"),
    ];
    private static readonly string[] Russian =
        ["Сергей", "Андрей", "Иван", "Олег", "Дмитрий", "Николай", "Алексей", "Юрий", "Владимир", "Михаил", "Павел", "Виктор", "Геннадий", "Борис", "Евгений", "Игорь"];
    private static readonly string[] RussianFamily =
    [
        "Шойгу", "Лавров", "Белоусов", "Герасимов", "Козлов", "Соколов", "Волков", "Морозов", "Новиков", "Фёдоров", "Егоров", "Павлов",
        "Степанов", "Никитин", "Орлов", "Андреев", "Макаров", "Захаров", "Зайцев", "Борисов", "Яковлев", "Григорьев", "Романов", "Воробьёв",
    ];
    private static readonly string[] Han = ["金", "李", "朴", "崔", "正", "恩", "成", "日", "善", "姬", "光", "哲", "明", "英", "哲", "浩", "龙", "春", "玉", "顺"];

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
            actors.Add(new ImportedActor(actor, null!, null!));
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

        // The threshold the API sets before each search, for the counts and plans taken on connections of their own.
        var findsAt = ActorSearch.FindsAt.ToString(CultureInfo.InvariantCulture);
        await using var threshold = new NpgsqlCommand(
            $"DO $$ BEGIN PERFORM word_similarity('a', 'a'); EXECUTE format('ALTER DATABASE %I SET pg_trgm.word_similarity_threshold = {findsAt}', current_database()); END $$", connection);
        await threshold.ExecuteNonQueryAsync();
    }

    /// <summary>The actors the query finds, counted on a session with the API's threshold (a pooled one may predate the database's).</summary>
    public static async Task<long> CountAsync(string cs)
    {
        await using var connection = new NpgsqlConnection(cs);
        await connection.OpenAsync();
        await using (var threshold = new NpgsqlCommand(ActorSearch.Threshold, connection))
        {
            await threshold.ExecuteNonQueryAsync();
        }

        await using var count = new NpgsqlCommand($"SELECT count(*) FROM ({Sql(1_000_000)}) m", connection) { CommandTimeout = 600 };
        return (long)(await count.ExecuteScalarAsync())!;
    }

    /// <summary>What the API sends for a search, its threshold then its query, for pgbench.</summary>
    public static string Script(int limit) => ActorSearch.Threshold + ";\n" + Sql(limit);

    /// <summary>The API's search SQL with the query's parameters written in as literals (the database's own threshold is the API's, <see cref="SeedAsync"/>).</summary>
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

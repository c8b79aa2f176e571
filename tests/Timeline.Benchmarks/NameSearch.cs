using System.Globalization;
using Npgsql;
using Timeline.Api.Features.Actors;
using Timeline.Api.Features.Events.Import.Ftm;
using Timeline.Core.Actors;

namespace Timeline.Benchmarks;

/// <summary>Actor search at <see cref="Actors"/> actors, each with three aliases in other scripts (<see cref="NameSearchNames"/>), beside pgbench running its SQL.</summary>
public sealed record NameSearchResult(int Actors, string Query, long Matches, Throughput Api, Throughput Pgbench);

public static class NameSearch
{
    public const int Actors = 100_000;

    /// <summary>A name as one source writes it and as a list in other scripts has it: the query the run sends.</summary>
    public const string Query = "Son Hui Choe";

    /// <summary>People the lists name, among the generated ones: the query's and the contract's examples.</summary>
    private static readonly NameSearchNames.Person[] Known =
    [
        new("Choe Son Hui", ["최선희", "Цой Сон Хи", "崔善姬"]),
        new("Kim Jong Un", ["김정은", "Ким Чен Ын", "金正恩"]),
        new("Шойгу Сергей Кужугетович", ["Sergey Kuzhugetovich Shoygu", "Sergei Shoigu", "Шойгу С. К."]),
        new("Лавров Сергей Викторович", ["Sergey Viktorovich Lavrov", "Sergei Lavrov", "Лавров С. В."]),
    ];

    /// <summary>Records the actors by COPY, their names keyed as the API keys them (the API's own code).</summary>
    public static async Task SeedAsync(string cs)
    {
        // A database an earlier run left (--existing true) has them already.
        if (await BenchDatabase.ScalarAsync<long>(cs, "SELECT count(*) FROM timeline.actors WHERE code LIKE 'NS-%'") == Actors)
        {
            return;
        }

        var names = new NameSearchNames(25);
        var now = DateTimeOffset.UtcNow;
        var actors = new List<ImportedActor>(Actors);
        for (var i = 0; i < Actors; i++)
        {
            // Half North Korean, half Russian, as the lists the page tracks are.
            var person = i < Known.Length ? Known[i] : i % 2 == 0 ? names.Korean() : names.Russian();
            var actor = new Actor
            {
                Code = "NS-" + i.ToString("D6", CultureInfo.InvariantCulture),
                Name = person.Name,
                Kind = "person",
                Aliases = [.. person.Aliases],
                RecordedAt = now,
                UpdatedAt = now,
                UpdatedBy = "bench",
            };
            actor.SearchNames = string.Join(' ', actor.Aliases);
            actor.KeepNamesInStep();
            actors.Add(new ImportedActor(actor, null!, null!));
        }

        // 400 000 names and their words into their indexes in one COPY: more than a statement's default 30 s on a loaded machine.
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(cs) { CommandTimeout = 3600 }.ConnectionString);
        await connection.OpenAsync();
        await using (var tx = await connection.BeginTransactionAsync())
        {
            await FtmActorCopy.Actors.WriteAsync(connection, actors, CancellationToken.None);
            await FtmActorCopy.Names.WriteAsync(connection, actors.SelectMany(a => a.Actor.Names), CancellationToken.None);
            await tx.CommitAsync();
        }

        await using var analyze = new NpgsqlCommand("VACUUM ANALYZE timeline.actors, timeline.actor_names, timeline.actor_name_words", connection) { CommandTimeout = 3600 };
        await analyze.ExecuteNonQueryAsync();
    }

    /// <summary>The actors the query finds.</summary>
    public static async Task<long> CountAsync(string cs)
    {
        await using var connection = new NpgsqlConnection(cs);
        await connection.OpenAsync();
        // A page larger than any search's finds: the names spelt alike are counted too.
        await using var count = new NpgsqlCommand($"SELECT count(*) FROM ({Sql(1_000_000)}) m", connection) { CommandTimeout = 600 };
        return (long)(await count.ExecuteScalarAsync())!;
    }

    /// <summary>What the API sends for a search's first page of <paramref name="page"/>, for pgbench.</summary>
    public static string Script(int page) => Sql(page);

    /// <summary>
    /// The API's search SQL with the query's parameters written in as literals, as the API sends it for a first page of
    /// <paramref name="page"/> actors: one more asked for, to know whether there is a next page; names spelt alike
    /// looked for (in the same statement) only when the query's words find fewer than the page.
    /// </summary>
    public static string Sql(int page)
    {
        var sql = ActorSearch.Sql;
        foreach (var p in ActorSearch.Parameters(Query, null, page, page + 1).OrderByDescending(p => p.ParameterName.Length))
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

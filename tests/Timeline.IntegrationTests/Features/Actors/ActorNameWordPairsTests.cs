using Npgsql;
using NpgsqlTypes;
using Timeline.Core.Actors;
using Timeline.IntegrationTests.Support;

namespace Timeline.IntegrationTests.Features.Actors;

/// <summary>
/// A name's words are kept with every pair of them (<see cref="NameWords"/>), and a query of two words or more asks for
/// pairs: PostgreSQL must find exactly the names holding every word of the query, as written or as it sounds.
/// </summary>
public sealed class ActorNameWordPairsTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    // Few syllables, so that names share words, a query's word and sound are often both in a name, and a word is often
    // another's sound.
    private static readonly string[] Syllables = ["choe", "xoe", "son", "hui", "kim", "jong", "un", "yn", "ri", "li", "pak", "bak"];

    private static string Words(Random random, int count) =>
        string.Join(' ', Enumerable.Range(0, count).Select(_ => Syllables[random.Next(Syllables.Length)]));

    [Fact]
    public async Task A_query_finds_exactly_the_names_holding_each_of_its_words_as_written_or_as_it_sounds()
    {
        var random = new Random(20261206);
        var names = Enumerable.Range(0, 400).Select(_ => (Key: Words(random, random.Next(1, 5)), Sound: Words(random, random.Next(1, 5)))).ToList();

        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        await using (var create = new NpgsqlCommand("CREATE TEMP TABLE names (id int, words text[])", connection))
        {
            await create.ExecuteNonQueryAsync();
        }

        await using (var writer = await connection.BeginBinaryImportAsync("COPY names (id, words) FROM STDIN (FORMAT BINARY)"))
        {
            for (var i = 0; i < names.Count; i++)
            {
                await writer.StartRowAsync();
                await writer.WriteAsync(i, NpgsqlDbType.Integer);
                await writer.WriteAsync(NameWords.Of(names[i].Key, names[i].Sound), NpgsqlDbType.Array | NpgsqlDbType.Text);
            }

            await writer.CompleteAsync();
        }

        var compared = 0;
        var found = 0;
        for (var q = 0; q < 300; q++)
        {
            var count = random.Next(1, 5);
            var words = Words(random, count).Split(' ');
            var sounds = Words(random, count).Split(' ');

            var expected = names.Select((n, i) => (Lexemes: $"{n.Key} {n.Sound}".Split(' ').ToHashSet(), Id: i))
                .Where(n => words.Zip(sounds).All(ws => n.Lexemes.Contains(ws.First) || n.Lexemes.Contains(ws.Second)))
                .Select(n => n.Id).ToList();

            await using var search = new NpgsqlCommand(
                "SELECT id FROM names WHERE array_to_tsvector(words) @@ $1::tsquery ORDER BY id", connection);
            search.Parameters.Add(new NpgsqlParameter { Value = NameWords.Query(words, sounds) });
            var actual = new List<int>();
            await using (var reader = await search.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    actual.Add(reader.GetInt32(0));
                }
            }

            Assert.True(expected.SequenceEqual(actual), $"query {string.Join(' ', words)} / {string.Join(' ', sounds)}: expected [{string.Join(", ", expected)}], found [{string.Join(", ", actual)}]");
            compared++;
            found += actual.Count;
        }

        // The queries must have found names, or the comparison proves nothing.
        Assert.Equal(300, compared);
        Assert.True(found > 300, $"the queries found {found} names in all");
    }
}

using Npgsql;
using Timeline.IntegrationTests.Features.Watches;
using Timeline.IntegrationTests.Support;
using static Timeline.IntegrationTests.Features.Watches.WatchSteps;

namespace Timeline.IntegrationTests.Features.Leads;

public sealed class LeadActorTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    /// <summary>An OpenSanctions delta of one person and the sanction naming it.</summary>
    private static string Sanction(string run, string person, string name) =>
        "{\"op\":\"ADD\",\"entity\":{\"id\":\"" + person + "\",\"schema\":\"Person\",\"properties\":{\"name\":[\"" + name + "\"]}}}\n"
        + "{\"op\":\"ADD\",\"entity\":{\"id\":\"NK-s-" + run + "\",\"schema\":\"Sanction\",\"properties\":{\"entity\":[\"" + person
        + "\"],\"authority\":[\"US OFAC\"],\"startDate\":[\"2024-10-23\"]}}}\n";

    [Fact]
    public async Task A_sanction_names_the_actor_recorded_under_its_entitys_name_among_few_names_and_among_many()
    {
        var editor = await api.As("editor");
        var officer = await RecordActor(editor, "Ri Song-hyok", ["Ri Song Hyok"], kind: "person");
        await using var server = await FeedServer.StartAsync();

        // Few names, never analysed: the statement joins the keys to the names.
        var few = await CreateWatch(editor, server.Serve("few.json", new ServedDocument(Sanction("few", "NK-p-1", "RI Song Hyok"), "application/json")));
        AssertCounts(await Check(editor, few), @new: 1, changed: 0, unchanged: 0, skipped: 0);
        Assert.Equal([officer], (await LeadsOf(editor, few)).Single()["actors"]!.AsArray().Select(a => (string)a!));

        // Many more names than the check has keys, by the table's statistics: each key is looked up through the index.
        foreach (var other in new[] { "Kim Yong Chol", "Pak Jong Chon", "Choe Son Hui", "Jo Yong Won" })
        {
            await RecordActor(editor, other, [other + " Jr"], kind: "person");
        }

        await using (var connection = new NpgsqlConnection(api.ConnectionString))
        {
            await connection.OpenAsync();
            await using var analyse = new NpgsqlCommand("ANALYZE timeline.actor_names", connection);
            await analyse.ExecuteNonQueryAsync();
            await using var count = new NpgsqlCommand("SELECT reltuples FROM pg_class WHERE oid = 'timeline.actor_names'::regclass", connection);
            Assert.True((float)(await count.ExecuteScalarAsync())! > 2, "the statistics count more names than twice the check's keys");
        }

        var many = await CreateWatch(editor, server.Serve("many.json", new ServedDocument(Sanction("many", "NK-p-2", "Song-Hyok Ri"), "application/json")));
        AssertCounts(await Check(editor, many), @new: 1, changed: 0, unchanged: 0, skipped: 0);
        Assert.Equal([officer], (await LeadsOf(editor, many)).Single()["actors"]!.AsArray().Select(a => (string)a!));

        var nobody = await CreateWatch(editor, server.Serve("nobody.json", new ServedDocument(Sanction("nobody", "NK-p-3", "Han Song Ryol"), "application/json")));
        AssertCounts(await Check(editor, nobody), @new: 1, changed: 0, unchanged: 0, skipped: 0);
        Assert.Empty((await LeadsOf(editor, nobody)).Single()["actors"]!.AsArray());
    }
}

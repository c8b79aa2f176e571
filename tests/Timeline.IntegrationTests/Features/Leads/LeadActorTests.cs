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

    /// <summary>The same delta, the sanction giving a reason.</summary>
    private static string Sanction(string run, string person, string name, string reason) =>
        Sanction(run, person, name).Replace("\"startDate\"", "\"reason\":[\"" + reason + "\"],\"startDate\"", StringComparison.Ordinal);

    private async Task<float> Analysed(string table)
    {
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand($"SELECT reltuples FROM pg_class WHERE oid = '{table}'::regclass", connection);
        return (float)(await count.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task A_sanction_names_the_actors_recorded_under_its_entitys_id_and_the_imo_number_it_writes_among_few_identifiers_and_among_many()
    {
        var editor = await api.As("editor");
        var company = await RecordActor(editor, "Korea Ryonbong General Corporation", identifiers: new { opensanctions = "NK-ids-1" });
        var vessel = await RecordActor(editor, "Chon Ma San", identifiers: new { imo = "9179842" }, kind: "vessel");
        string[] both = [.. new[] { company, vessel }.Order(StringComparer.Ordinal)];
        await using var server = await FeedServer.StartAsync();
        const string Reason = "Operates the vessel IMO 9179842";

        // Few identifiers, never analysed: the statement joins the check's two values (an id, an IMO number) to them.
        Assert.True(await Analysed("timeline.actor_identifiers") <= 4, "the statistics do not count more identifiers than twice the check's values");
        var few = await CreateWatch(editor, server.Serve("few-ids.json", new ServedDocument(Sanction("few-ids", "NK-ids-1", "Pak Chol Min", Reason), "application/json")));
        AssertCounts(await Check(editor, few), @new: 1, changed: 0, unchanged: 0, skipped: 0);
        Assert.Equal(both, (await LeadsOf(editor, few)).Single()["actors"]!.AsArray().Select(a => (string)a!));

        // Many more identifiers than the check has values, by the table's statistics: each is looked up through the index.
        var fronts = new List<string>();
        for (var n = 2; n <= 6; n++)
        {
            fronts.Add(await RecordActor(editor, $"Ryonbong front company {n}", identifiers: new { opensanctions = $"NK-ids-{n}" }));
        }

        await using (var connection = new NpgsqlConnection(api.ConnectionString))
        {
            await connection.OpenAsync();
            await using var analyse = new NpgsqlCommand("ANALYZE timeline.actor_identifiers", connection);
            await analyse.ExecuteNonQueryAsync();
        }

        Assert.True(await Analysed("timeline.actor_identifiers") > 4, "the statistics count more identifiers than twice the check's values");
        var many = await CreateWatch(editor, server.Serve("many-ids.json", new ServedDocument(Sanction("many-ids", "NK-ids-1", "Pak Chol Min", Reason), "application/json")));
        AssertCounts(await Check(editor, many), @new: 1, changed: 0, unchanged: 0, skipped: 0);
        Assert.Equal(both, (await LeadsOf(editor, many)).Single()["actors"]!.AsArray().Select(a => (string)a!));

        var front = await CreateWatch(editor, server.Serve("front-ids.json", new ServedDocument(Sanction("front-ids", "NK-ids-4", "Pak Chol Min"), "application/json")));
        AssertCounts(await Check(editor, front), @new: 1, changed: 0, unchanged: 0, skipped: 0);
        Assert.Equal([fronts[2]], (await LeadsOf(editor, front)).Single()["actors"]!.AsArray().Select(a => (string)a!));

        var nobody = await CreateWatch(editor, server.Serve("nobody-ids.json", new ServedDocument(Sanction("nobody-ids", "NK-ids-99", "Pak Chol Min", "IMO 9999999"), "application/json")));
        AssertCounts(await Check(editor, nobody), @new: 1, changed: 0, unchanged: 0, skipped: 0);
        Assert.Empty((await LeadsOf(editor, nobody)).Single()["actors"]!.AsArray());
    }

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

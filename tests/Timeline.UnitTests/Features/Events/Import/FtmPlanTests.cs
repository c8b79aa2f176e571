using System.Text;
using System.Text.Json;
using Timeline.Api.Features.Events.Import;
using Timeline.Api.Features.Events.Import.Ftm;

namespace Timeline.UnitTests.Features.Events.Import;

public sealed class FtmPlanTests
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Skip,
        AllowDuplicateProperties = false,
    };

    private static readonly Dictionary<string, RecordedActor> Recorded = new() { ["KP"] = new("KP", "North Korea"), ["RU"] = new("RU", "Russia") };

    private static async Task<FtmPlan> Plan(params string[] lines)
    {
        var read = new List<JsonLine<FtmEntity>>();
        await foreach (var line in new JsonLines<FtmEntity>(Json, "an FtM entity").ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(string.Join("\n", lines))), CancellationToken.None))
        {
            read.Add(line);
        }

        return FtmPlan.From(read, Recorded);
    }

    private const string Angara = """{"id": "ves-angara", "schema": "Vessel", "properties": {"name": ["Angara"], "alias": ["Ангара"], "imoNumber": ["IMO 9179842"], "flag": ["ru"]}, "datasets": ["sample"]}""";

    [Fact]
    public async Task Rejected_lines_past_the_listed_ones_are_counted_and_share_one_reason_instead_of_each_keeping_its_own()
    {
        // Rejected in both passes: entities without an id, and sanctions of an entity found nowhere.
        var lines = Enumerable.Range(0, 800).Select(_ => "{}")
            .Concat(Enumerable.Range(0, 800).Select(i => $$$"""{"id": "san-{{{i}}}", "schema": "Sanction", "properties": {"entity": ["nobody"], "startDate": ["2022-05"]}}"""))
            .ToArray();

        var plan = await Plan(lines);

        Assert.Equal(1_600, plan.Lines.Count(l => l.Errors is not null));
        var kept = plan.Lines.Where(l => l.Errors is not null && !ReferenceEquals(l.Errors, FtmPlan.Unlisted)).ToList();
        Assert.Equal(ImportEventsHandler.MaxListedRejections, kept.Count);
        Assert.Equal(ImportEventsHandler.MaxListedRejections, kept.Select(l => l.Errors).Distinct().Count());
    }

    [Fact]
    public async Task A_sanction_before_its_entity_designates_it_with_the_date_as_precise_as_given()
    {
        var plan = await Plan(
            """{"id": "san-1", "schema": "Sanction", "properties": {"entity": ["ves-angara"], "authority": ["US Government"], "program": ["RUSSIA-EO14024"], "startDate": ["2022-05"], "sourceUrl": ["https://example.org/angara"]}}""",
            Angara);

        var actor = Assert.Single(plan.NewActors);
        Assert.Equal(("IMO9179842", "Angara", 2), (actor.Code, actor.Name, actor.Line));
        Assert.Equal(["Ангара"], actor.Aliases);
        Assert.Equal("9179842", actor.Identifiers["imo"]);
        Assert.Equal("ves-angara", actor.Identifiers["opensanctions"]);

        var line = Assert.Single(plan.Lines);
        Assert.Equal(1, line.Line);
        var designation = line.Event!;
        Assert.Equal("san-1", designation.ExternalId);
        Assert.Equal("sanctions.designation", designation.Type);
        Assert.Equal("2022-05", designation.Occurred);
        Assert.Equal(["IMO9179842"], designation.Actors);
        Assert.Equal(("US Government", "RUSSIA-EO14024", "2022-05"), (designation.Sanction!.Authority, designation.Sanction.Program, designation.Sanction.Listed));
        Assert.Equal("vessel", actor.Kind);
        Assert.Equal("https://example.org/angara", Assert.Single(designation.Sources!).Url);
        Assert.Contains("Angara", designation.Title, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_event_names_its_involved_entities_from_the_file_and_recorded_and_spans_its_dates()
    {
        var plan = await Plan(Angara,
            """{"id": "evt-1", "schema": "Event", "properties": {"name": ["Angara moored at a Chinese shipyard"], "involved": ["ves-angara", "RU"], "startDate": ["2024-02-09"], "endDate": ["2024-04-25T10:00:00Z"], "keywords": ["military.supply"], "sourceUrl": ["https://example.org/moored"]}}""");

        var happening = Assert.Single(plan.Lines).Event!;
        Assert.Equal("2024-02-09/2024-04-25", happening.Occurred);
        Assert.Equal(["IMO9179842", "RU"], happening.Actors);
        Assert.Equal("military.supply", happening.Type);
        Assert.Equal("evt-1", happening.ExternalId);
    }

    [Fact]
    public async Task A_reference_neither_in_the_file_nor_recorded_rejects_its_line_naming_it()
    {
        var plan = await Plan("""{"id": "san-2", "schema": "Sanction", "properties": {"entity": ["NK-missing"], "startDate": ["2024"], "sourceUrl": ["https://example.org/x"]}}""");

        var line = Assert.Single(plan.Lines);
        Assert.Null(line.Event);
        Assert.Contains("NK-missing", Assert.Single(line.Errors!["properties.entity"]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reference_to_an_entity_that_is_not_an_actor_is_rejected_and_other_schemata_are_counted()
    {
        var plan = await Plan(
            """{"id": "addr-1", "schema": "Address", "properties": {"full": ["Rajin"]}}""",
            """{"id": "addr-2", "schema": "Address", "properties": {"full": ["Vladivostok"]}}""",
            """{"id": "own-1", "schema": "Ownership", "properties": {}}""",
            """{"id": "evt-2", "schema": "Event", "properties": {"name": ["Loading"], "involved": ["addr-1"], "date": ["2024-07-12"], "sourceUrl": ["https://example.org/y"]}}""");

        Assert.Equal(new Dictionary<string, int> { ["Address"] = 2, ["Ownership"] = 1 }, plan.OtherSchemata);
        var line = Assert.Single(plan.Lines);
        Assert.Equal(4, line.Line);
        Assert.Contains("is a Address, not an actor", line.Errors!["properties.involved"][0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Actors_already_recorded_are_not_planned_again_and_entities_without_a_name_or_id_are_rejected()
    {
        var plan = await Plan(
            """{"id": "kp", "schema": "PublicBody", "properties": {"name": ["DPRK"]}}""",
            """{"id": "nameless", "schema": "Person", "properties": {}}""",
            """{"schema": "Person", "properties": {"name": ["No id"]}}""",
            """{"id": "nameless", "schema": "Company", "properties": {"name": ["Twice"]}}""");

        Assert.Empty(plan.NewActors);
        Assert.Equal(1, plan.ActorsAlreadyRecorded);
        Assert.Equal([2, 3, 4], plan.Lines.Select(l => l.Line));
        Assert.True(plan.Lines[0].Errors!.ContainsKey("properties.name"));
        Assert.True(plan.Lines[1].Errors!.ContainsKey("id"));
        Assert.Contains("already used at line 2", plan.Lines[2].Errors!["id"][0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_entity_already_recorded_brings_every_name_it_gives_for_its_actor()
    {
        var plan = await Plan(
            """{"id": "kp", "schema": "PublicBody", "properties": {"name": ["DPRK", "North Korea"], "alias": ["조선민주주의인민공화국"], "weakAlias": ["Corea del Norte"], "previousName": ["Korea"], "country": ["kp"]}}""");

        Assert.Empty(plan.NewActors);
        var (code, names) = Assert.Single(plan.NamesOfRecorded);
        Assert.Equal("KP", code);
        Assert.Equal(["DPRK", "North Korea", "조선민주주의인민공화국", "Corea del Norte", "Korea"], names);
    }

    [Theory]
    [InlineData("2024", "2024")]
    [InlineData("2024-05", "2024-05")]
    [InlineData("2024-05-16", "2024-05-16")]
    [InlineData("2024-05-16T09:30:00", "2024-05-16")]
    [InlineData("2024-05-16T09:30:00+09:00", "2024-05-16")]
    public void Partial_iso_dates_become_edtf_as_precise_as_given(string ftm, string edtf)
    {
        Assert.True(FtmDates.TryEdtf(ftm, out var text, out _));
        Assert.Equal(edtf, text);
    }

    [Theory]
    [InlineData("May 2024")]
    [InlineData("2024-13")]
    [InlineData("24-05-16")]
    public void Other_dates_are_refused(string ftm) => Assert.False(FtmDates.TryEdtf(ftm, out _, out _));

    [Theory]
    [InlineData("2024-02", null, "2024-02")]
    [InlineData("2024-02", "2024-04", "2024-02/2024-04")]
    [InlineData(null, "2024-04", "../2024-04")]
    [InlineData("2024", "2024", "2024")]
    public void Start_and_end_make_an_interval(string? start, string? end, string interval) =>
        Assert.Equal(interval, FtmDates.Interval(start, end));

    [Theory]
    [InlineData("9179842", "9179842")]
    [InlineData("IMO 9179842", "9179842")]
    [InlineData("9179843", null)]
    [InlineData("917984", null)]
    public void Imo_numbers_need_their_check_digit(string value, string? digits) => Assert.Equal(digits, FtmActor.Imo(value));

    [Theory]
    [InlineData("ves-x", "9179842", null, "IMO9179842")]
    [InlineData("ves-x", null, "Q159", "Q159")]
    [InlineData("kp", null, null, "KP")]
    [InlineData("NK-2J4mXw", null, null, "FTM")]
    public void Codes_are_stable_and_readable_where_they_can_be(string id, string? imo, string? wikidata, string code)
    {
        var identifiers = new Dictionary<string, string>();
        if (imo is not null)
        {
            identifiers["imo"] = imo;
        }

        if (wikidata is not null)
        {
            identifiers["wikidata"] = wikidata;
        }

        var made = FtmActor.CodeFor(id, identifiers);
        Assert.StartsWith(code, made, StringComparison.Ordinal);
        Assert.Equal(made, FtmActor.CodeFor(id, identifiers));
    }
}

using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Timeline.Core.Actors;
using Timeline.IntegrationTests.Support;
using static Timeline.IntegrationTests.Support.HttpSteps;

namespace Timeline.IntegrationTests.Features.Actors;

public sealed class ActorIdentifierTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    /// <summary>A fresh, valid IMO number, so that tests never clash with each other's vessels.</summary>
    internal static string NewImo()
    {
        var six = Random.Shared.Next(0, 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
        return six + ImoNumber.CheckDigit(six).ToString(CultureInfo.InvariantCulture);
    }

    internal static string NewCode(string prefix) => prefix + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();

    [Fact]
    public async Task A_vessel_is_recorded_with_its_identifiers_in_their_stored_form_and_found_by_one()
    {
        var editor = await api.As("editor");
        var (code, imo) = (NewCode("VESSEL-"), NewImo());

        var response = await editor.PostAsJsonAsync("/api/actors", new
        {
            code, name = "Chon Ma San", kind = "vessel", aliases = new[] { "Cheonmasan" },
            identifiers = new Dictionary<string, string> { ["imo"] = "IMO " + imo, ["wikidata"] = "q999" + imo },
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("\"1\"", response.Headers.ETag!.Tag);
        var created = await response.Json();
        Assert.Equal(imo, (string?)created["identifiers"]!["imo"]);
        Assert.Equal("Q999" + imo, (string?)created["identifiers"]!["wikidata"]);

        var found = await (await api.As("reader")).GetAsync($"/api/actors?q=imo:{imo}");
        Assert.Equal(HttpStatusCode.OK, found.StatusCode);
        var items = (await found.Json())["items"]!.AsArray();
        Assert.Equal([code], items.Select(a => (string)a!["code"]!));
    }

    [Fact]
    public async Task An_identifier_another_actor_has_is_a_409_naming_that_actor_and_records_nothing()
    {
        var editor = await api.As("editor");
        var (first, second, imo) = (NewCode("FIRST-"), NewCode("SECOND-"), NewImo());
        Assert.Equal(HttpStatusCode.Created, (await editor.PostAsJsonAsync("/api/actors",
            new { code = first, name = "First", kind = "vessel", identifiers = new { imo } })).StatusCode);

        var clash = await editor.PostAsJsonAsync("/api/actors", new { code = second, name = "Second", kind = "vessel", identifiers = new { imo } });

        var problem = await AssertProblem(clash, HttpStatusCode.Conflict);
        Assert.Contains($"imo:{imo}", (string)problem["detail"]!, StringComparison.Ordinal);
        Assert.Contains(first, (string)problem["detail"]!, StringComparison.Ordinal);
        await AssertProblem(await editor.GetAsync($"/api/actors/{second}"), HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("imo", "9179843", "vessel", "identifiers.imo", "check digit")]
    [InlineData("imo", "9179842", "company", "identifiers.imo", "vessel")]
    [InlineData("wikidata", "423", "person", "identifiers.wikidata", "Q")]
    [InlineData("un", "KP-066", "person", "identifiers.un", "KPi.066")]
    [InlineData("iso3166", "KP", "organisation", "identifiers.iso3166", "state")]
    [InlineData("isin", "X", "company", "identifiers.isin", "schemes")]
    public async Task An_identifier_outside_its_schemes_rules_is_a_400_naming_it(string scheme, string value, string kind, string field, string reason)
    {
        var editor = await api.As("editor");
        var code = NewCode("BAD-");

        var response = await editor.PostAsJsonAsync("/api/actors",
            new { code, name = "Bad", kind, identifiers = new Dictionary<string, string> { [scheme] = value } });

        await AssertProblem(response, HttpStatusCode.BadRequest, field, reason);
        await AssertProblem(await editor.GetAsync($"/api/actors/{code}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_state_is_known_by_its_ISO_3166_code()
    {
        var actor = await (await (await api.As("reader")).GetAsync("/api/actors/KP")).Json();

        Assert.Equal("KP", (string?)actor["identifiers"]!["iso3166"]);
    }

    [Fact]
    public async Task Searching_finds_actors_by_words_of_their_name_alias_or_code_a_page_at_a_time()
    {
        var editor = await api.As("editor");
        var word = "zq" + Guid.NewGuid().ToString("N")[..8];
        var codes = new List<string>();
        foreach (var (name, alias) in new[] { ($"{word} Trading Corporation", "KMDC"), ("Korea Ryonbong", $"{word}-group"), ("Green Pine", $"The {word}") })
        {
            var code = NewCode("CO-");
            codes.Add(code);
            Assert.Equal(HttpStatusCode.Created, (await editor.PostAsJsonAsync("/api/actors",
                new { code, name, kind = "company", aliases = new[] { alias } })).StatusCode);
        }

        var reader = await api.As("reader");
        var first = await (await reader.GetAsync($"/api/actors?q={word[..6]}&limit=2")).Json();
        var second = await (await reader.GetAsync($"/api/actors?q={word[..6]}&limit=2&cursor={(string)first["nextCursor"]!}")).Json();

        var found = first["items"]!.AsArray().Concat(second["items"]!.AsArray()).Select(a => (string)a!["code"]!).ToList();
        Assert.Equal(codes.Order(StringComparer.Ordinal), found);
        Assert.Null((string?)second["nextCursor"]);
        var both = await (await reader.GetAsync($"/api/actors?q={Uri.EscapeDataString(word + " trad")}")).Json();
        Assert.Equal([codes[0]], both["items"]!.AsArray().Select(a => (string)a!["code"]!));
    }

    [Theory]
    [InlineData("q=imo:123", "q")]
    [InlineData("q=%20%2B%2B", "q")]
    [InlineData("cursor=!!", "cursor")]
    [InlineData("limit=0", "limit")]
    [InlineData("kind=vessel", "kind")]
    public async Task A_bad_search_is_a_400_naming_the_parameter(string query, string field)
    {
        var response = await (await api.As("reader")).GetAsync("/api/actors?" + query);

        await AssertProblem(response, HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task The_timeline_takes_an_identifier_for_the_actor_that_has_it()
    {
        var editor = await api.As("editor");
        var (code, imo, tag) = (NewCode("SHIP-"), NewImo(), Bodies.UniqueTag());
        Assert.Equal(HttpStatusCode.Created, (await editor.PostAsJsonAsync("/api/actors",
            new { code, name = "A tanker", kind = "vessel", identifiers = new { imo } })).StatusCode);
        var theirs = await editor.Record(Bodies.Event(tag, type: "sanctions.enforcement", actors: [code, "KP"]));
        await editor.Record(Bodies.Event(tag, actors: ["KP"]));

        var reader = await api.As("reader");
        var page = await (await reader.GetAsync($"/api/timeline?tag={tag}&actor=imo:{imo}")).Json();

        Assert.Equal([(string)theirs["id"]!], page["items"]!.AsArray().Select(e => (string)e!["id"]!));
        await AssertProblem(await reader.GetAsync($"/api/timeline?actor=imo:{NewImo()}"), HttpStatusCode.BadRequest, "actor", "no actor has");
        await AssertProblem(await reader.GetAsync("/api/timeline?actor=imo:1234568"), HttpStatusCode.BadRequest, "actor[0]");
    }
}

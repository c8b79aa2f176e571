using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Timeline.IntegrationTests.Support;

namespace Timeline.IntegrationTests.Features.Actors;

/// <summary>Actors recorded as their sources write them, found by the spellings analysts type, with no aliases added.</summary>
public sealed class ActorNameSearchTests(ActorNameSearchTests.Fixture api) : IClassFixture<ActorNameSearchTests.Fixture>
{
    public sealed class Fixture : ApiFixture
    {
        public static readonly (string Code, string Name, string Kind)[] People =
        [
            ("SHOIGU", "Шойгу Сергей Кужугетович", "person"),
            ("LAVROV", "Лавров Сергей Викторович", "person"),
            ("CHOE-SON-HUI", "최선희", "person"),
            ("CHOE-RYONG-HAE", "최룡해", "person"),
            ("KIM-JONG-UN", "Kim Jong-un", "person"),
            ("KIM-YO-JONG", "Kim Yo-jong", "person"),
            ("KIM-JONG-IL", "Kim Jong-il", "person"),
            ("KIM-CHEN-YN", "Ким Чен Ын", "person"),
            ("Q-HOLDING", "Ocean Holding", "company"),
        ];

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            var editor = await As("editor");
            foreach (var (code, name, kind) in People)
            {
                object body = code == "Q-HOLDING"
                    ? new { code, name, kind, identifiers = new Dictionary<string, string> { ["wikidata"] = "Q98765431" } }
                    : new { code, name, kind };
                (await editor.PostAsJsonAsync("/api/actors", body)).EnsureSuccessStatusCode();
            }
        }
    }

    private async Task<List<JsonObject>> Search(string q) =>
        [.. (await (await (await api.As("reader")).GetAsync($"/api/actors?q={Uri.EscapeDataString(q)}")).Json())["items"]!.AsArray().Select(a => a!.AsObject())];

    [Theory]
    [InlineData("Sergei Shoigu", "SHOIGU", "Шойгу Сергей Кужугетович")]
    [InlineData("Шойгу", "SHOIGU", "Шойгу Сергей Кужугетович")]
    [InlineData("Choe Son Hui", "CHOE-SON-HUI", "최선희")]
    [InlineData("kim jong un", "KIM-JONG-UN", "Kim Jong-un")]
    [InlineData("KIM Jong-Un", "KIM-JONG-UN", "Kim Jong-un")]
    [InlineData("Jong Un Kim", "KIM-JONG-UN", "Kim Jong-un")]
    [InlineData("Kim Chen Yn", "KIM-CHEN-YN", "Ким Чен Ын")]
    [InlineData("Kim Yo Jong", "KIM-YO-JONG", "Kim Yo-jong")]
    public async Task A_name_finds_its_actor_first_in_whatever_script_it_was_recorded(string q, string code, string name)
    {
        var found = await Search(q);

        Assert.NotEmpty(found);
        Assert.Equal(code, (string?)found[0]["code"]);
        Assert.Equal(name, (string?)found[0]["match"]!["name"]);
        var score = (double)found[0]["match"]!["score"]!;
        Assert.InRange(score, ActorSearchFindsAt, 1.0);
        Assert.All(found.Skip(1), a => Assert.True((double)a["match"]!["score"]! <= score, $"{a["code"]} ranks below a better match"));
    }

    private const double ActorSearchFindsAt = 0.75;

    [Fact]
    public async Task A_name_written_exactly_scores_one_and_its_namesakes_less()
    {
        var found = await Search("Kim Jong-un");

        Assert.Equal(1.0, (double)found[0]["match"]!["score"]!);
        Assert.DoesNotContain(found.Skip(1), a => (double)a["match"]!["score"]! >= 1.0);
    }

    [Fact]
    public async Task Russian_spelling_of_a_korean_name_is_not_its_latin_one()
    {
        var found = await Search("Kim Jong Un");

        Assert.DoesNotContain(found, a => (string?)a["code"] == "KIM-CHEN-YN");
    }

    [Fact]
    public async Task A_name_is_found_by_the_words_the_query_begins_or_spells_a_little_differently()
    {
        // Shoi begins the sound of Шойгу (xoigu); Choi is Choe spelt another way; Jongun runs two words together.
        Assert.Equal("SHOIGU", (string?)(await Search("Shoi"))[0]["code"]);
        Assert.Contains(await Search("Choi Son Hui"), a => (string?)a["code"] == "CHOE-SON-HUI");
        Assert.Contains(await Search("Kim Jongun"), a => (string?)a["code"] == "KIM-JONG-UN");
    }

    [Fact]
    public async Task A_word_of_the_query_that_a_name_lacks_leaves_the_name_out()
    {
        var found = (await Search("Choe Ryong")).Select(a => (string?)a["code"]).ToList();

        Assert.Contains("CHOE-RYONG-HAE", found);
        Assert.DoesNotContain("CHOE-SON-HUI", found);
    }

    [Fact]
    public async Task An_exact_code_comes_before_names_that_contain_it()
    {
        var found = await Search("un");

        Assert.Equal("UN", (string?)found[0]["code"]);
        Assert.Contains(found, a => (string?)a["code"] == "KIM-JONG-UN");
    }

    [Fact]
    public async Task An_identifier_without_its_scheme_finds_its_actor_first()
    {
        var found = await Search("q98765431");

        Assert.Equal("Q-HOLDING", (string?)found[0]["code"]);
    }

    [Fact]
    public async Task Listing_without_a_query_says_nothing_of_a_match()
    {
        var response = await (await api.As("reader")).GetAsync("/api/actors?limit=500");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.All((await response.Json())["items"]!.AsArray(), a => Assert.False(a!.AsObject().ContainsKey("match")));
    }
}

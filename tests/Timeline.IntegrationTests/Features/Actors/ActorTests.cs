using System.Net;
using System.Net.Http.Json;
using Timeline.IntegrationTests.Support;
using static Timeline.IntegrationTests.Support.HttpSteps;

namespace Timeline.IntegrationTests.Features.Actors;

public sealed class ActorTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Creating_an_actor_answers_201_with_its_location_and_it_can_be_read_back()
    {
        var editor = await api.As("editor");

        var response = await editor.PostAsJsonAsync("/api/actors", new
        {
            code = "MSMT",
            name = "Multilateral Sanctions Monitoring Team",
            kind = "organisation",
            aliases = new[] { "Monitoring Team" },
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("/api/actors/MSMT", response.Headers.Location!.OriginalString);
        var created = await response.Json();
        Assert.Equal("MSMT", (string?)created["code"]);
        Assert.Equal("Multilateral Sanctions Monitoring Team", (string?)created["name"]);
        Assert.Equal("organisation", (string?)created["kind"]);
        Assert.Equal(["Monitoring Team"], created["aliases"]!.AsArray().Select(a => (string)a!));

        var read = await (await api.As("reader")).GetAsync("/api/actors/MSMT");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        var actor = await read.Json();
        Assert.Equal("Multilateral Sanctions Monitoring Team", (string?)actor["name"]);
        Assert.Equal("organisation", (string?)actor["kind"]);
        Assert.Equal(["Monitoring Team"], actor["aliases"]!.AsArray().Select(a => (string)a!));
    }

    [Fact]
    public async Task A_new_actor_can_be_used_on_an_event_at_once()
    {
        var editor = await api.As("editor");
        var created = await editor.PostAsJsonAsync("/api/actors", new { code = "NATO", name = "NATO", kind = "organisation" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var recorded = await editor.Record(Bodies.Event(Bodies.UniqueTag(), actors: ["NATO", "KP"]));

        Assert.Equal(["NATO", "KP"], recorded["actors"]!.AsArray().Select(a => (string)a!));
    }

    [Fact]
    public async Task Listing_actors_gives_every_actor_by_code()
    {
        var editor = await api.As("editor");
        Assert.Equal(HttpStatusCode.Created,
            (await editor.PostAsJsonAsync("/api/actors", new { code = "JP", name = "Japan", kind = "state" })).StatusCode);

        var response = await (await api.As("reader")).GetAsync("/api/actors");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var actors = (await response.Json())["items"]!.AsArray().Select(a => a!.AsObject()).ToList();
        var codes = actors.Select(a => (string)a["code"]!).ToList();
        foreach (var code in new[] { "KP", "RU", "US", "KR", "UA", "UN", "JP" })
        {
            Assert.Contains(code, codes);
        }

        Assert.Equal(codes.Order(StringComparer.Ordinal), codes);
        var japan = actors.Single(a => (string?)a["code"] == "JP");
        Assert.Equal("Japan", (string?)japan["name"]);
        Assert.Equal("state", (string?)japan["kind"]);
        Assert.Empty(japan["aliases"]!.AsArray());
    }

    [Fact]
    public async Task Getting_a_seeded_actor_answers_it()
    {
        var response = await (await api.As("reader")).GetAsync("/api/actors/KP");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var actor = await response.Json();
        Assert.Equal("KP", (string?)actor["code"]);
        Assert.Equal("state", (string?)actor["kind"]);
    }

    [Fact]
    public async Task Creating_an_actor_twice_is_409_and_keeps_the_first()
    {
        var editor = await api.As("editor");
        Assert.Equal(HttpStatusCode.Created,
            (await editor.PostAsJsonAsync("/api/actors", new { code = "CN", name = "China", kind = "state" })).StatusCode);

        var again = await editor.PostAsJsonAsync("/api/actors", new { code = "CN", name = "Someone else", kind = "organisation" });

        await AssertProblem(again, HttpStatusCode.Conflict);
        var actor = await (await editor.GetAsync("/api/actors/CN")).Json();
        Assert.Equal("China", (string?)actor["name"]);
        Assert.Equal("state", (string?)actor["kind"]);
    }

    [Fact]
    public async Task Creating_the_same_actor_concurrently_gives_one_201_and_409s_never_a_5xx()
    {
        var editor = await api.As("editor");
        for (var round = 0; round < 5; round++)
        {
            var code = $"RACE{round}";
            var responses = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ =>
                editor.PostAsJsonAsync("/api/actors", new { code, name = code, kind = "organisation" })));

            var statuses = responses.Select(r => (int)r.StatusCode).Order().ToList();
            Assert.True(statuses.SequenceEqual([201, 409, 409]), $"round {round}: {string.Join(", ", statuses)}");
            foreach (var conflict in responses.Where(r => r.StatusCode == HttpStatusCode.Conflict))
            {
                await AssertProblem(conflict, HttpStatusCode.Conflict);
            }
        }
    }

    [Theory]
    [InlineData("kp", "state")]
    [InlineData("K", "state")]
    [InlineData("K-P", "state")]
    [InlineData("KPR", "state")]
    [InlineData("", "state")]
    [InlineData("chon-ma-san", "vessel")]
    [InlineData("A_B", "company")]
    [InlineData("ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJKLM", "company")]
    public async Task Creating_an_actor_with_a_bad_code_is_400(string code, string kind)
    {
        var editor = await api.As("editor");
        var response = await editor.PostAsJsonAsync("/api/actors", new { code, name = "Bad", kind });
        await AssertProblem(response, HttpStatusCode.BadRequest, "code");
    }

    [Theory]
    [InlineData("country")]
    [InlineData("State")]
    [InlineData("")]
    public async Task Creating_an_actor_with_a_bad_kind_is_400(string kind)
    {
        var editor = await api.As("editor");
        var response = await editor.PostAsJsonAsync("/api/actors", new { code = "BADKIND", name = "Bad kind", kind });

        await AssertProblem(response, HttpStatusCode.BadRequest, "kind", "organisation");
        await AssertProblem(await editor.GetAsync("/api/actors/BADKIND"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Creating_an_actor_without_a_name_is_400()
    {
        var editor = await api.As("editor");
        var response = await editor.PostAsJsonAsync("/api/actors", new { code = "NONAME", kind = "organisation" });
        await AssertProblem(response, HttpStatusCode.BadRequest, "name");
    }

    [Fact]
    public async Task Getting_an_unknown_actor_is_404()
    {
        var response = await (await api.As("reader")).GetAsync("/api/actors/XX");
        await AssertProblem(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Creating_an_actor_needs_an_editor_key()
    {
        var response = await (await api.As("reader")).PostAsJsonAsync("/api/actors", new { code = "READER", name = "x", kind = "organisation" });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.Admin.GetAsync("/api/actors/READER")).StatusCode);
    }
}

using System.Net;
using System.Net.Http.Json;
using Timeline.IntegrationTests.Support;
using static Timeline.IntegrationTests.Features.Actors.ActorIdentifierTests;
using static Timeline.IntegrationTests.Features.Events.EventTestHelpers;
using static Timeline.IntegrationTests.Support.HttpSteps;

namespace Timeline.IntegrationTests.Features.Actors;

public sealed class AmendActorTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private static Task<HttpResponseMessage> PatchActor(HttpClient client, string code, string json, string? ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/actors/{code}") { Content = JsonBody(json, "application/merge-patch+json") };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return client.SendAsync(request);
    }

    private static async Task<string> RecordVesselAsync(HttpClient editor, string imo)
    {
        var code = NewCode("V-");
        var response = await editor.PostAsJsonAsync("/api/actors", new { code, name = "Ship", kind = "vessel", identifiers = new { imo } });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return code;
    }

    [Fact]
    public async Task An_amendment_needs_the_current_ETag_and_is_kept_as_a_revision_and_a_change()
    {
        var editor = await api.As("editor");
        var code = await RecordVesselAsync(editor, NewImo());

        await AssertProblem(await PatchActor(editor, code, """{"name":"Renamed"}""", null), (HttpStatusCode)428);
        await AssertProblem(await PatchActor(editor, code, """{"name":"Renamed"}""", "\"7\""), HttpStatusCode.PreconditionFailed);
        var amended = await PatchActor(editor, code, """{"name":"Renamed","aliases":["Old name"]}""", "\"1\"");

        Assert.Equal(HttpStatusCode.OK, amended.StatusCode);
        Assert.Equal("\"2\"", amended.Headers.ETag!.Tag);
        var actor = await (await editor.GetAsync($"/api/actors/{code}")).Json();
        Assert.Equal(("Renamed", 2, "editor-key"), ((string)actor["name"]!, (int)actor["version"]!, (string)actor["updatedBy"]!));
        var revisions = await (await editor.GetAsync($"/api/actors/{code}/revisions")).JsonArray();
        Assert.Equal([("recorded", "Ship"), ("amended", "Renamed")], revisions.Select(r => ((string)r!["change"]!, (string)r["name"]!)));
        await AssertProblem(await PatchActor(editor, code, """{"name":"Again"}""", "\"1\""), HttpStatusCode.PreconditionFailed);

        var mine = await Changes.ChangeFeed.WaitForAsync(editor, "limit=500&types=actor", c => (string?)c["id"] == code, 2);
        Assert.Equal([("actor.recorded", 1), ("actor.amended", 2)], mine.Select(c => ((string)c!["kind"]!, (int)c["version"]!)));
        Assert.Equal("Renamed", (string?)mine[1]!["data"]!["name"]);
    }

    [Fact]
    public async Task An_identifier_removed_from_one_actor_can_be_given_to_another_but_not_before()
    {
        var editor = await api.As("editor");
        var imo = NewImo();
        var first = await RecordVesselAsync(editor, imo);
        var second = await RecordVesselAsync(editor, NewImo());

        var clash = await PatchActor(editor, second, $$$"""{"identifiers":{"imo":"{{{imo}}}"}}""", "\"1\"");
        var problem = await AssertProblem(clash, HttpStatusCode.Conflict);
        Assert.Contains(first, (string)problem["detail"]!, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, (await PatchActor(editor, first, """{"identifiers":{"imo":null}}""", "\"1\"")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PatchActor(editor, second, $$$"""{"identifiers":{"imo":"{{{imo}}}"}}""", "\"1\"")).StatusCode);

        var found = await (await editor.GetAsync($"/api/actors?q=imo:{imo}")).Json();
        Assert.Equal([second], found["items"]!.AsArray().Select(a => (string)a!["code"]!));
        Assert.Empty((await (await editor.GetAsync($"/api/actors/{first}")).Json())["identifiers"]!.AsObject());
    }

    [Fact]
    public async Task An_amendment_is_held_to_the_same_rules_as_recording()
    {
        var editor = await api.As("editor");
        var code = await RecordVesselAsync(editor, NewImo());

        await AssertProblem(await PatchActor(editor, code, """{"kind":"company"}""", "\"1\""), HttpStatusCode.BadRequest, "identifiers.imo", "vessel");
        await AssertProblem(await PatchActor(editor, code, """{"name":""}""", "\"1\""), HttpStatusCode.BadRequest, "name");
        await AssertProblem(await PatchActor(editor, code, """{"code":"OTHER"}""", "\"1\""), HttpStatusCode.BadRequest);

        var actor = await (await editor.GetAsync($"/api/actors/{code}")).Json();
        Assert.Equal(("vessel", 1), ((string)actor["kind"]!, (int)actor["version"]!));
        await AssertProblem(await PatchActor(editor, "NOSUCHACTOR", """{"name":"x"}""", "\"1\""), HttpStatusCode.NotFound);
    }
}

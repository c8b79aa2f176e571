using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Timeline.IntegrationTests.Support;
using static Timeline.IntegrationTests.Support.HttpSteps;

namespace Timeline.IntegrationTests.Platform.Http;

/// <summary>
/// A body well over the 1 MiB limit, sent whole with its length, is answered with a 413 problem the client reads, not a
/// connection closed under it. Over Kestrel, whose limit it is.
/// </summary>
public sealed class OversizedBodyTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Theory]
    [InlineData("/api/actors", 2)]
    [InlineData("/api/subscriptions", 3)]
    [InlineData("/api/events", 3)]
    public async Task A_body_of_several_MiB_is_a_413_problem(string path, int mebibytes)
    {
        await using var kestrel = api.CreateFactory(api.ConnectionString, settings: ApiFixture.AnyLoopbackPort);
        kestrel.UseKestrel();
        kestrel.StartServer();
        var admin = ApiFixture.Authorized(kestrel.CreateClient(), ApiFixture.AdminKey);
        var name = new string('n', mebibytes * 1024 * 1024);
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes($$$"""{"name": "{{{name}}}", "code": "ZZ", "kind": "organisation", "filter": {}}"""));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        var response = await admin.PostAsync(path, content);

        var problem = await AssertProblem(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("1 MiB", (string?)problem["detail"], StringComparison.Ordinal);

        // The connection is still good for the next request.
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/actors?limit=1")).StatusCode);
    }
}

using System.Net;
using Timeline.IntegrationTests.Support;
using static Timeline.IntegrationTests.Support.HttpSteps;

namespace Timeline.IntegrationTests.Platform.Http;

/// <summary>An error is RFC 9457 problem details whatever the client says it accepts: a browser's page, an EventSource.</summary>
public sealed class ProblemWhateverAcceptTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private static HttpRequestMessage Get(string url, string accept, string? key = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("Accept", accept);
        if (key is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", $"Bearer {key}");
        }

        return request;
    }

    [Theory]
    [InlineData("text/html")]
    [InlineData("text/event-stream")]
    [InlineData("image/png")]
    public async Task A_page_that_is_not_there_is_a_404_problem(string accept)
    {
        var response = await api.Anonymous().SendAsync(Get("/api/no-such-thing", accept, ApiFixture.AdminKey));
        await AssertProblem(response, HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("text/html")]
    [InlineData("text/event-stream")]
    public async Task A_request_without_a_key_is_a_401_problem(string accept)
    {
        var response = await api.Anonymous().SendAsync(Get("/api/timeline", accept));
        await AssertProblem(response, HttpStatusCode.Unauthorized);
    }

    /// <summary>A browser's EventSource always sends Accept: text/event-stream, so a bad key must still be told why.</summary>
    [Fact]
    public async Task The_alert_stream_with_an_unknown_key_is_a_401_problem()
    {
        var response = await api.Anonymous().SendAsync(Get("/api/alerts/stream", "text/event-stream", "tl_not-a-key"));

        var problem = await AssertProblem(response, HttpStatusCode.Unauthorized);
        Assert.Contains("API key", (string?)problem["detail"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_role_too_small_is_a_403_problem_for_a_page()
    {
        var reader = await api.As("reader");
        var request = Get("/api/keys", "text/html");
        request.Headers.Authorization = reader.DefaultRequestHeaders.Authorization;

        await AssertProblem(await reader.SendAsync(request), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_bad_parameter_is_a_400_problem_naming_it_for_a_page()
    {
        var reader = await api.As("reader");
        var request = Get("/api/timeline?limit=0", "text/html");
        request.Headers.Authorization = reader.DefaultRequestHeaders.Authorization;

        await AssertProblem(await reader.SendAsync(request), HttpStatusCode.BadRequest, "limit");
    }
}

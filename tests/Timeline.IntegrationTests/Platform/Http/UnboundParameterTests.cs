using System.Net;
using Timeline.IntegrationTests.Support;
using static Timeline.IntegrationTests.Support.HttpSteps;

namespace Timeline.IntegrationTests.Platform.Http;

/// <summary>
/// A query value the framework cannot bind (a UUID or a number that is not one) is a 400 naming the parameter, with
/// the value cut: the framework's own message named no field and repeated the value whole.
/// </summary>
public sealed class UnboundParameterTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Theory]
    [InlineData("/api/alerts?subscription=x", "subscription", "a UUID")]
    [InlineData("/api/alerts?limit=1.5", "limit", "a whole number")]
    [InlineData("/api/follow-ups?eventId=2024-02-30", "eventId", "a UUID")]
    [InlineData("/api/changes?limit=many", "limit", "a whole number")]
    [InlineData("/api/alerts/stream?subscription=zz", "subscription", "a UUID")]
    public async Task A_value_that_cannot_be_bound_is_400_naming_the_parameter(string url, string parameter, string expected)
    {
        var reader = await api.As("reader");

        var response = await reader.GetAsync(url);

        await AssertProblem(response, HttpStatusCode.BadRequest, parameter, expected);
    }

    [Fact]
    public async Task The_value_is_repeated_cut()
    {
        var reader = await api.As("reader");

        var response = await reader.GetAsync($"/api/alerts?subscription={new string('x', 20_000)}");

        var problem = await AssertProblem(response, HttpStatusCode.BadRequest, "subscription");
        Assert.True(problem.ToJsonString().Length < 1_000, problem.ToJsonString());
    }
}

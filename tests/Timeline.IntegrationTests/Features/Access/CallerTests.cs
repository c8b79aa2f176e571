using System.Net;
using Timeline.IntegrationTests.Support;

namespace Timeline.IntegrationTests.Features.Access;

public sealed class CallerTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Theory]
    [InlineData("reader")]
    [InlineData("editor")]
    [InlineData("admin")]
    public async Task A_key_learns_its_own_name_and_role_and_nothing_answers_without_one(string role)
    {
        var client = role == "admin" ? api.Admin : await api.As(role);
        var me = await (await client.GetAsync("/api/me")).Json();
        Assert.Equal(role, (string?)me["role"]);
        Assert.Equal(role == "admin" ? "admin" : $"{role}-key", (string?)me["name"]);
        Assert.NotEqual(Guid.Empty, (Guid)me["id"]!);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.Anonymous().GetAsync("/api/me")).StatusCode);
    }
}

using System.Net;
using Timeline.IntegrationTests.Support;

namespace Timeline.IntegrationTests.Platform.Hosting;

public class JobDashboardTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Without_a_key_the_dashboard_is_401()
    {
        var response = await api.Anonymous().GetAsync("/hangfire");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain("Hangfire Dashboard", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("reader")]
    [InlineData("editor")]
    public async Task A_reader_or_editor_key_is_403(string role)
    {
        var client = await api.As(role);
        foreach (var path in new[] { "/hangfire", "/hangfire/jobs/enqueued", "/hangfire/stats" })
        {
            var response = await (path == "/hangfire/stats" ? client.PostAsync(path, new FormUrlEncodedContent([])) : client.GetAsync(path));
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{role} on {path}: {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task An_admin_key_gets_the_dashboard_as_html()
    {
        var response = await api.Admin.GetAsync("/hangfire");
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"admin got {(int)response.StatusCode}: {html[..Math.Min(500, html.Length)]}");
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Hangfire", html, StringComparison.Ordinal);

        var jobs = await api.Admin.GetAsync("/hangfire/recurring");
        Assert.Equal(HttpStatusCode.OK, jobs.StatusCode);
    }
}

using System.Net;
using Timeline.IntegrationTests.Support;

namespace Timeline.IntegrationTests.Platform.Hosting;

/// <summary>
/// Every answer says how a browser may treat it: a Content-Security-Policy header (no other site may frame the page),
/// no MIME sniffing, no referrer; HSTS only when served over HTTPS.
/// </summary>
public sealed class SecurityHeadersTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : throw new Xunit.Sdk.XunitException($"no {name} header on {response.RequestMessage?.RequestUri}");

    [Theory]
    [InlineData("/")]
    [InlineData("/app.js")]
    [InlineData("/api/timeline")]
    [InlineData("/api/no-such-thing")]
    [InlineData("/health/ready")]
    public async Task Every_answer_carries_the_pages_policy_with_frame_ancestors_none(string path)
    {
        var response = await api.Admin.GetAsync(path);

        var policy = Header(response, "Content-Security-Policy");
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.Contains("default-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
        Assert.False(response.Headers.Contains("Strict-Transport-Security"), "HSTS over plain HTTP");
    }

    /// <summary>The header says what the page's &lt;meta&gt; tag says, and more: the page must keep working under either.</summary>
    [Fact]
    public async Task The_header_policy_keeps_every_rule_of_the_pages_meta_tag()
    {
        var html = await api.Anonymous().GetStringAsync("/");
        var meta = System.Text.RegularExpressions.Regex.Match(html, "http-equiv=\"Content-Security-Policy\" content=\"([^\"]+)\"").Groups[1].Value;
        Assert.NotEmpty(meta);

        var header = Header(await api.Anonymous().GetAsync("/"), "Content-Security-Policy");

        var rules = header.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        foreach (var rule in meta.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            Assert.Contains(rule, rules);
        }
    }

    [Fact]
    public async Task An_error_answer_carries_the_headers_too()
    {
        var response = await api.Anonymous().GetAsync("/api/timeline");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("frame-ancestors 'none'", Header(response, "Content-Security-Policy"), StringComparison.Ordinal);
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
    }

    /// <summary>
    /// The API reference and the job dashboard share the page's origin, where "remember me" keeps a key: they run their
    /// own scripts and the inline ones they were served with (named by hash), never script from elsewhere or eval.
    /// </summary>
    [Theory]
    [InlineData("/docs/v1", false)]
    [InlineData("/hangfire", true)]
    public async Task The_library_pages_run_only_their_own_scripts_and_may_not_be_framed(string path, bool admin)
    {
        var response = await (admin ? api.Admin : api.Anonymous()).GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var policy = Header(response, "Content-Security-Policy");
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.Contains("object-src 'none'", policy, StringComparison.Ordinal);
        var scriptSrc = Assert.Single(policy.Split(';', StringSplitOptions.TrimEntries), r => r.StartsWith("script-src ", StringComparison.Ordinal));
        var sources = scriptSrc.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
        Assert.Contains("'self'", sources);
        Assert.All(sources, s => Assert.True(s == "'self'" || s.StartsWith("'sha256-", StringComparison.Ordinal), $"script-src allows {s}"));
        var html = await response.Content.ReadAsStringAsync();
        foreach (System.Text.RegularExpressions.Match inline in System.Text.RegularExpressions.Regex.Matches(html,
                     @"<script(?![^>]*\bsrc\s*=)[^>]*>(.*?)</script>", System.Text.RegularExpressions.RegexOptions.Singleline))
        {
            var hash = Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(inline.Groups[1].Value)));
            Assert.Contains($"'sha256-{hash}'", sources);
        }
    }

    [Fact]
    public async Task Over_HTTPS_answers_carry_HSTS()
    {
        var client = api.Factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost") });

        var response = await client.GetAsync("/health/live");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("max-age=31536000", Header(response, "Strict-Transport-Security"));
    }
}

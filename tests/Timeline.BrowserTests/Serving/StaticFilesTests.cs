using System.Net;
using Timeline.BrowserTests.Support;

namespace Timeline.BrowserTests.Serving;

/// <summary>The page and its assets are served to anyone (they hold no data); the API still wants a key.</summary>
[Collection(BrowserCollection.Name)]
public sealed class StaticFilesTests(PageServer server)
{
    [Theory]
    [InlineData("/", "text/html")]
    [InlineData("/index.html", "text/html")]
    [InlineData("/app.js", "text/javascript")]
    [InlineData("/shared/edtf-words.js", "text/javascript")]
    [InlineData("/shared/edtf.js", "text/javascript")]
    [InlineData("/views/timeline.js", "text/javascript")]
    [InlineData("/chart/chart.js", "text/javascript")]
    [InlineData("/fields/fields.js", "text/javascript")]
    [InlineData("/styles.css", "text/css")]
    public async Task The_page_and_its_assets_answer_without_a_key(string path, string mediaType)
    {
        using var anonymous = new HttpClient { BaseAddress = server.BaseAddress };
        using var response = await anonymous.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        Assert.NotEmpty(await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_page_holds_no_data_and_the_API_still_needs_a_key()
    {
        using var anonymous = new HttpClient { BaseAddress = server.BaseAddress };
        var html = await anonymous.GetStringAsync("/");
        Assert.DoesNotContain("DPRK", html, StringComparison.Ordinal);

        using var timeline = await anonymous.GetAsync("/api/timeline");
        Assert.Equal(HttpStatusCode.Unauthorized, timeline.StatusCode);
        using var missing = await anonymous.GetAsync("/no-such-file.js");
        Assert.NotEqual(HttpStatusCode.OK, missing.StatusCode);
    }

    [Fact]
    public async Task Every_module_the_page_imports_is_served()
    {
        using var anonymous = new HttpClient { BaseAddress = server.BaseAddress };
        // Modules import each other by relative paths across their folders (views/, chart/, fields/, shared/).
        var pending = new Queue<Uri>([new Uri(server.BaseAddress, "/app.js")]);
        var seen = new HashSet<string>();
        while (pending.TryDequeue(out var module))
        {
            if (!seen.Add(module.AbsolutePath))
            {
                continue;
            }

            var source = await anonymous.GetStringAsync(module);
            foreach (System.Text.RegularExpressions.Match import in System.Text.RegularExpressions.Regex.Matches(source, @"from '(\.{1,2}/[a-z0-9/-]+\.js)'"))
            {
                pending.Enqueue(new Uri(module, import.Groups[1].Value));
            }
        }

        Assert.Contains("/shared/edtf-words.js", seen);
        Assert.Contains("/views/timeline.js", seen);
        Assert.Contains("/chart/chart.js", seen);
        Assert.Contains("/fields/fields.js", seen);
        Assert.True(seen.Count > 30, string.Join(", ", seen));
    }
}

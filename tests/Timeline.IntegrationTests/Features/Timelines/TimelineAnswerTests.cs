using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Timeline.Api.Features.Timelines;
using Timeline.Core.Data;
using Timeline.IntegrationTests.Support;

namespace Timeline.IntegrationTests.Features.Timelines;

/// <summary>
/// <c>GET /api/timeline</c> writes its page as JSON while it reads the rows (<see cref="TimelineAnswer"/>): the answer must
/// be, byte for byte, the page of views that the same query reads, serialised with the API's JSON options — awkward text,
/// nulls, open ends, sanctions, related events, retractions and the paging cursor included.
/// </summary>
public sealed class TimelineAnswerTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Each_page_written_from_its_rows_is_the_serialised_views_byte_for_byte()
    {
        var editor = await api.As("editor");
        var tag = "answer-" + Guid.NewGuid().ToString("N")[..8];
        var odd = await editor.Record(new
        {
            title = "Quotes \"q\" <b>&amp;</b> + 'apos' `tick` back\\slash",
            summary = "Non-ASCII: Ünïcödé — 北朝鮮, an emoji 🚀, U+2028 [\u2028], a tab\tand a new\nline",
            occurred = "../2024-03-01",
            type = "military.deployment",
            status = "reported",
            actors = new[] { "KP", "RU" },
            tags = new[] { tag },
            credibility = 2,
            sources = new object[]
            {
                new { url = "https://example.org/a?b=c&d=e", title = "Sörce \"title\" <x>", publisher = "Pub & Co", published = "2024-02-01", quote = "«quoted» ‘text’", reliability = "B" },
                new { url = "https://example.org/plain", title = "Plain" },
            },
        });
        await editor.Record(new
        {
            title = "Designation with its sanction", summary = "s", occurred = "2024-01-05", type = "sanctions.designation", status = "confirmed",
            actors = new[] { "KP" }, tags = new[] { tag }, sources = new[] { new { url = "https://example.org/s", title = "S" } },
            sanction = new { authority = "US OFAC", program = "DPRK3", reference = "Ref \"1\" é", listed = "2024-01-05", measures = new[] { "asset-freeze", "travel-ban" }, reason = "Reason <&> ✓" },
        });
        var retracted = await editor.Record(new
        {
            title = "To retract", summary = "r", occurred = "2024-01-01/2024-02-01", type = "statement", status = "reported", actors = new[] { "KP" },
            tags = new[] { tag }, sources = new[] { new { url = "https://example.org/r", title = "R" } },
        });
        using (var retraction = await editor.PostAsJsonAsync($"/api/events/{retracted["id"]}/retraction", new { reason = "Wrong \"source\" — é" }))
        {
            Assert.Equal(HttpStatusCode.OK, retraction.StatusCode);
        }

        await editor.Record(new
        {
            title = "Related one", summary = "rel", occurred = "2023-12-31/..", type = "statement", status = "disputed", actors = new[] { "KP" },
            tags = new[] { tag }, sources = new[] { new { url = "https://example.org/x", title = "X", published = "2023-12-31" } },
            related = new[] { new { eventId = (string)odd["id"]!, relation = "contradicts" } },
        });

        var options = api.Factory.Services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        string? cursor = null;
        var pages = 0;
        do
        {
            var path = $"/api/timeline?tag={tag}&limit=3" + (cursor is null ? "" : $"&cursor={cursor}");
            using var response = await editor.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType?.ToString());
            var written = await response.Content.ReadAsStringAsync();

            using var scope = api.Factory.Services.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<TimelineDbContext>();
            var views = await TimelineQueryHandler.ReadPageAsync(db, new TimelineQuery { Tag = [tag], Limit = "3", Cursor = cursor }, CancellationToken.None);
            Assert.Equal(Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(views, options)), written);

            cursor = (string?)JsonNode.Parse(written)!["nextCursor"];
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(2, pages);
    }
}

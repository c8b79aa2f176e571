using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Timeline.IntegrationTests.Support;

namespace Timeline.IntegrationTests.Features.Events.Import;

/// <summary>An FtM body is planned whole, so it is capped in bytes and in entities: junk cannot make it hold gigabytes.</summary>
public sealed class FtmMemoryTests
{
    private const long JunkBytes = 32L * 1024 * 1024;

    [Fact]
    public async Task A_32_MiB_body_of_junk_lines_is_refused_at_the_entity_cap_and_the_api_grows_less_than_64_MiB()
    {
        var settings = new Dictionary<string, string>
        {
            ["ConnectionStrings__Timeline"] = await ApiFixture.CreateDatabaseAsync(),
            ["Timeline__AdminKey"] = ApiFixture.AdminKey,
            ["Timeline__DemoTimeline"] = "false",
            ["Timeline__RunJobs"] = "false",
        };
        await using var api = await ApiInstance.StartAsync(settings);
        var admin = api.Client(ApiFixture.AdminKey);
        // The import's code run once before measuring: what it costs to load is not what a body costs.
        var warm = await admin.PostAsync("/api/events/import", new StringContent("{}\n{}\n", Encoding.UTF8, "application/vnd.followthemoney+json"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, warm.StatusCode);
        var before = Status(api.ProcessId, "VmRSS");
        // From here, the peak is this request's.
        await File.WriteAllTextAsync($"/proc/{api.ProcessId}/clear_refs", "5");

        var content = new StreamContent(new JunkLines(JunkBytes));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.followthemoney+json");
        var refused = await admin.PostAsync("/api/events/import", content);

        var problem = await HttpSteps.AssertProblem(refused, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal("Timeline:Import:MaxFtmEntities", (string?)problem["limit"]);
        var growth = Status(api.ProcessId, "VmHWM") - before;
        Assert.True(growth < 64L * 1024 * 1024, $"the API grew {growth / 1024 / 1024} MiB reading {JunkBytes / 1024 / 1024} MiB of junk");
    }

    /// <summary>A line of <c>/proc/{id}/status</c>, in bytes.</summary>
    private static long Status(int process, string field)
    {
        var line = File.ReadLines($"/proc/{process}/status").Single(l => l.StartsWith(field + ":", StringComparison.Ordinal));
        return long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) * 1024;
    }

    /// <summary><c>{}</c> lines, made as they are read: the test holds none of them.</summary>
    private sealed class JunkLines(long length) : System.IO.Stream
    {
        private static readonly byte[] Line = "{}\n"u8.ToArray();
        private long position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => length;

        public override long Position
        {
            get => position;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, length - position);
            for (var i = 0; i < n; i++)
            {
                buffer[offset + i] = Line[(position + i) % Line.Length];
            }

            position += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

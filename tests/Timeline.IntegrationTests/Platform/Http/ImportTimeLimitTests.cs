using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Timeline.IntegrationTests.Support;
using static Timeline.IntegrationTests.Features.Events.EventTestHelpers;

namespace Timeline.IntegrationTests.Platform.Http;

/// <summary>
/// An import holds a transaction while it reads: a body that trickles, or an import past its overall time, is a 408
/// naming the limit, and nothing is recorded. Both limits are Kestrel's to act on (it reads the body), so these tests
/// run the app on Kestrel and play a client that sends one line of a long body and then stalls.
/// </summary>
public sealed class ImportTimeLimitTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task An_import_past_its_overall_time_limit_is_408_naming_it_and_records_nothing()
    {
        var tag = Bodies.UniqueTag();
        var (status, problem) = await StallingImportAsync(tag, new Dictionary<string, string?>
        {
            ["Timeline:Import:MaxSeconds"] = "1",
            ["Timeline:Import:MinBytesPerSecond"] = "1",
            ["Timeline:Import:MinRateGraceSeconds"] = "60",
        });

        Assert.Equal(HttpStatusCode.RequestTimeout, status);
        Assert.Contains("Timeline:Import:MaxSeconds", (string?)problem["detail"], StringComparison.Ordinal);
        Assert.Equal(0, await CountTagged(api.Admin, tag));
    }

    [Fact]
    public async Task A_body_that_arrives_too_slowly_is_408_naming_the_limit_and_records_nothing()
    {
        var tag = Bodies.UniqueTag();
        var (status, problem) = await StallingImportAsync(tag, new Dictionary<string, string?>
        {
            ["Timeline:Import:MinBytesPerSecond"] = "1000",
            ["Timeline:Import:MinRateGraceSeconds"] = "2",
        });

        Assert.Equal(HttpStatusCode.RequestTimeout, status);
        Assert.Contains("Timeline:Import:MinBytesPerSecond", (string?)problem["detail"], StringComparison.Ordinal);
        Assert.Equal(0, await CountTagged(api.Admin, tag));
    }

    /// <summary>Sends the headers of a 1 MB import and its first line, then nothing, and reads the answer (30 s at most).</summary>
    private async Task<(HttpStatusCode Status, JsonObject Problem)> StallingImportAsync(string tag, Dictionary<string, string?> limits)
    {
        await using var kestrel = api.CreateFactory(api.ConnectionString, settings: new Dictionary<string, string?>(limits.Concat(ApiFixture.AnyLoopbackPort)));
        kestrel.UseKestrel();
        kestrel.StartServer();
        var address = new Uri(kestrel.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single());
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        using var tcp = new TcpClient();
        await tcp.ConnectAsync(address.Host, address.Port, deadline.Token);
        var stream = tcp.GetStream();
        var line = Encoding.UTF8.GetBytes(Serialize(Bodies.Event(tag)) + "\n");
        var head = $"POST /api/events/import HTTP/1.1\r\nHost: {address.Authority}\r\nAuthorization: Bearer {ApiFixture.AdminKey}\r\n" +
                   $"Content-Type: application/x-ndjson\r\nContent-Length: {1_000_000}\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head), deadline.Token);
        await stream.WriteAsync(line, deadline.Token);

        var reader = new StreamReader(stream, Encoding.UTF8);
        var statusLine = await reader.ReadLineAsync(deadline.Token) ?? throw new InvalidOperationException("no answer");
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var header = await reader.ReadLineAsync(deadline.Token); !string.IsNullOrEmpty(header); header = await reader.ReadLineAsync(deadline.Token))
        {
            headers[header[..header.IndexOf(':', StringComparison.Ordinal)]] = header[(header.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
        }

        Assert.Equal("application/problem+json", headers["Content-Type"].Split(';')[0]);
        var body = new StringBuilder();
        if (headers.TryGetValue("Content-Length", out var length))
        {
            var chars = new char[int.Parse(length, System.Globalization.CultureInfo.InvariantCulture)];
            await reader.ReadBlockAsync(chars, deadline.Token);
            body.Append(chars);
        }
        else
        {
            // Chunked: a hexadecimal size line, that many bytes, a blank line; a size of 0 ends it (the body is ASCII here).
            for (var size = Convert.ToInt32(await reader.ReadLineAsync(deadline.Token), 16); size > 0; size = Convert.ToInt32(await reader.ReadLineAsync(deadline.Token), 16))
            {
                var chunk = new char[size];
                await reader.ReadBlockAsync(chunk, deadline.Token);
                body.Append(chunk);
                await reader.ReadLineAsync(deadline.Token);
            }
        }

        return ((HttpStatusCode)int.Parse(statusLine.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture), JsonNode.Parse(body.ToString())!.AsObject());
    }
}

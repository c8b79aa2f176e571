using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Timeline.IntegrationTests.Support;

namespace Timeline.IntegrationTests.Platform.Hosting;

/// <summary>
/// A client generated from the OpenAPI document (openapi-typescript and openapi-fetch, tests/openapi-client) performs
/// the curl tour of docs/TOUR.md against the API on a real port: the document is good enough to work from, not merely valid.
/// </summary>
[Collection(JobServers.Name)]
public sealed class OpenApiClientTourTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private static readonly string Project = Path.Combine(ChildProcess.RepositoryRoot(), "tests", "openapi-client");

    [Fact]
    public async Task A_client_generated_from_the_document_performs_the_curl_tour()
    {
        await using var server = api.CreateFactory(api.ConnectionString, settings: new Dictionary<string, string?>(ApiFixture.AnyLoopbackPort)
        {
            // The tour reads a webhook's delivery log: this instance delivers, giving up on the unreachable receiver soon.
            ["Timeline:RunJobs"] = "true",
            ["Timeline:Webhooks:TimeoutSeconds"] = "1",
        });
        server.UseKestrel();
        server.StartServer();
        var address = server.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        var environment = new Dictionary<string, string> { ["TIMELINE_API"] = address, ["TIMELINE_ADMIN_KEY"] = ApiFixture.AdminKey };

        // The lockfile's versions, from npm's cache once it has them (script/test installs node and npm when missing).
        await Step("npm ci (tests/openapi-client)", ["ci", "--prefer-offline", "--no-audit", "--no-fund"], TimeSpan.FromMinutes(5));
        await Step("generating the client's types from /openapi/v1.json", ["run", "generate"], TimeSpan.FromMinutes(1), environment);
        await Step("type-checking the tour against the generated types", ["run", "build"], TimeSpan.FromMinutes(2));
        var output = await Step("the tour through the generated client", ["run", "tour"], TimeSpan.FromMinutes(3), environment);

        Assert.Contains("tour: done", output, StringComparison.Ordinal);
    }

    private static async Task<string> Step(string what, string[] npm, TimeSpan timeout, IDictionary<string, string>? environment = null)
    {
        int code;
        string output;
        try
        {
            (code, output) = await ChildProcess.RunAsync("npm", npm, Project, timeout, environment);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"{what}: npm could not be started ({e.Message}); script/test installs Node.js and npm when they are missing", e);
        }


        Assert.True(code == 0, $"{what} failed (npm {string.Join(' ', npm)}, exit {code}):\n{output}");
        return output;
    }
}

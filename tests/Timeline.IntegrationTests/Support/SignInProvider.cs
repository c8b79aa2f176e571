using System.Diagnostics;
using System.Text.Json;

namespace Timeline.IntegrationTests.Support;

/// <summary>
/// A real OpenID Connect provider, oidc-provider (OpenID Certified) under node (tests/sign-in-provider/provider.mjs),
/// installed from npm's lockfile on first use. Its discovery document, keys, token and userinfo endpoints are the
/// library's own, over HTTP on loopback; its login page accepts any password, and the login name picks the person.
/// </summary>
public sealed class SignInProvider : IAsyncDisposable
{
    public const string ClientId = "timeline";
    public const string ClientSecret = "sign-in-tests-client-secret-0123456789";

    private readonly Process process;

    public string Issuer { get; }

    private SignInProvider(Process process, string issuer)
    {
        this.process = process;
        Issuer = issuer;
    }

    public static async Task<SignInProvider> StartAsync()
    {
        var directory = Path.Combine(ChildProcess.RepositoryRoot(), "tests", "sign-in-provider");
        var (code, output) = await ChildProcess.RunAsync("bash", ["install.sh"], directory, TimeSpan.FromMinutes(5));
        Assert.True(code == 0, $"npm could not install oidc-provider: {output}");
        var start = new ProcessStartInfo("node")
        {
            ArgumentList = { "provider.mjs", ClientId, ClientSecret },
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = Process.Start(start)!;
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var line = await process.StandardOutput.ReadLineAsync(wait.Token)
            ?? throw new InvalidOperationException("the OpenID provider stopped before it listened");
        return new SignInProvider(process, JsonDocument.Parse(line).RootElement.GetProperty("issuer").GetString()!);
    }

    /// <summary>The settings that point a Timeline at this provider (<c>Timeline:Oidc:*</c>).</summary>
    public Dictionary<string, string?> Settings(string roleClaim = "roles") => new()
    {
        ["Timeline:Oidc:Authority"] = Issuer,
        ["Timeline:Oidc:ClientId"] = ClientId,
        ["Timeline:Oidc:ClientSecret"] = ClientSecret,
        ["Timeline:Oidc:RoleClaim"] = roleClaim,
        ["Timeline:Oidc:DisplayName"] = "Test Provider",
        ["Timeline:Oidc:RequireHttpsMetadata"] = "false",
    };

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }
}

using System.Diagnostics;
using System.Text.Json;

namespace Timeline.BrowserTests.Support;

/// <summary>
/// The page's server with sign-in configured against a real OpenID provider: oidc-provider (OpenID Certified) under node
/// (tests/sign-in-provider/provider.mjs, installed from npm's lockfile), whose own login page the browser fills in.
/// </summary>
public sealed class SignInServer : PageServer
{
    private Process? provider;

    protected override async Task<IDictionary<string, string?>> SettingsAsync()
    {
        var directory = Path.Combine(Path.GetDirectoryName(Screenshots.Directory)!, "..", "tests", "sign-in-provider");
        using (var install = Process.Start(new ProcessStartInfo("bash", ["install.sh"]) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true })!)
        {
            var output = install.StandardOutput.ReadToEndAsync();
            var errors = install.StandardError.ReadToEndAsync();
            await install.WaitForExitAsync();
            Assert.True(install.ExitCode == 0, $"npm could not install oidc-provider: {await output}{await errors}");
        }

        provider = Process.Start(new ProcessStartInfo("node", ["provider.mjs", "timeline", ClientSecret])
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        provider.ErrorDataReceived += (_, _) => { };
        provider.BeginErrorReadLine();
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var line = await provider.StandardOutput.ReadLineAsync(wait.Token) ?? throw new InvalidOperationException("the OpenID provider did not start");
        return new Dictionary<string, string?>
        {
            ["Timeline:Oidc:Authority"] = JsonDocument.Parse(line).RootElement.GetProperty("issuer").GetString(),
            ["Timeline:Oidc:ClientId"] = "timeline",
            ["Timeline:Oidc:ClientSecret"] = ClientSecret,
            ["Timeline:Oidc:RoleClaim"] = "roles",
            ["Timeline:Oidc:DisplayName"] = "Example Identity",
            ["Timeline:Oidc:RequireHttpsMetadata"] = "false",
        };
    }

    private const string ClientSecret = "browser-sign-in-client-secret-0123456789";

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (provider is { HasExited: false })
        {
            provider.Kill(entireProcessTree: true);
            await provider.WaitForExitAsync();
        }

        provider?.Dispose();
    }
}

/// <summary>The sign-in tests share a server configured with a provider.</summary>
[CollectionDefinition(Name)]
public sealed class SignInCollection : ICollectionFixture<SignInServer>
{
    public const string Name = "sign-in";
}

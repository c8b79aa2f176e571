using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Timeline.IntegrationTests.Support;

/// <summary>
/// The API as a process of its own (the build next to this test's), as it runs in production: its own Hangfire
/// server, alert listener and connection pools. Hangfire's storage is process-wide, so only separate processes
/// show what several instances on one database do.
/// </summary>
public sealed class ApiInstance : IAsyncDisposable
{
    private readonly Process process;
    private readonly List<string> log = [];

    public Uri BaseAddress { get; }

    /// <summary>The process's id, to read what the system says of it (<c>/proc/{id}/status</c>).</summary>
    public int ProcessId => process.Id;

    private ApiInstance(Process process, Uri baseAddress)
    {
        this.process = process;
        BaseAddress = baseAddress;
    }

    /// <summary>Starts one instance and waits until it is ready (migrated, listening).</summary>
    public static async Task<ApiInstance> StartAsync(IDictionary<string, string> environment)
    {
        // The configuration this test was built in: the API next to it was built in it too.
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var dll = Path.Combine(ChildProcess.RepositoryRoot(), "src", "Timeline.Api", "bin", configuration, "net10.0", "Timeline.Api.dll");
        Assert.True(File.Exists(dll), $"the API is not built at {dll}");
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { dll, "--urls", $"http://127.0.0.1:{port}" },
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Timeline__DataProtection__AllowUnencryptedKeys"] = "true";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var instance = new ApiInstance(Process.Start(start)!, new Uri($"http://127.0.0.1:{port}"));
        instance.process.OutputDataReceived += (_, e) => instance.Keep(e.Data);
        instance.process.ErrorDataReceived += (_, e) => instance.Keep(e.Data);
        instance.process.BeginOutputReadLine();
        instance.process.BeginErrorReadLine();
        try
        {
            await instance.WaitReadyAsync();
        }
        catch
        {
            // Nothing outlives a failed start.
            await instance.DisposeAsync();
            throw;
        }

        return instance;
    }

    public HttpClient Client(string key) =>
        ApiFixture.Authorized(new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) }, key);

    /// <summary>What the process wrote, for a failure's message.</summary>
    public string Log()
    {
        lock (log)
        {
            return string.Join('\n', log.TakeLast(40));
        }
    }

    private void Keep(string? line)
    {
        if (line is not null)
        {
            lock (log)
            {
                log.Add(line);
            }
        }
    }

    private async Task WaitReadyAsync()
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var ready = await Wait.Eventually(async () =>
        {
            Assert.False(process.HasExited, $"the API exited with {(process.HasExited ? process.ExitCode : 0)} while starting:\n{Log()}");
            try
            {
                return (await http.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                return false; // Not listening yet.
            }
        }, TimeSpan.FromSeconds(120), TimeSpan.FromMilliseconds(200));
        Assert.True(ready, $"the API was not ready within 120 s:\n{Log()}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

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

using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Timeline.Benchmarks;

/// <summary>The API as a process of its own (the Release build), on a loopback port, against one database.</summary>
public sealed class ApiProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StreamWriter log;

    public string BaseUrl { get; }
    public string AdminKey { get; }
    public int Pid => process.Id;

    private ApiProcess(Process process, StreamWriter log, string baseUrl, string adminKey)
    {
        this.process = process;
        this.log = log;
        BaseUrl = baseUrl;
        AdminKey = adminKey;
    }

    public static async Task<ApiProcess> StartAsync(string apiDll, string connectionString, string logPath, string logLevel, bool runJobs = false,
        IDictionary<string, string>? environment = null)
    {
        var port = FreePort();
        var adminKey = "tl_bench-admin-" + Guid.NewGuid().ToString("N");
        // In a session of its own, as a service manager starts it. Where the kernel groups runnable processes by session
        // for fairness (sched_autogroup), the API would otherwise share one group's CPU with wrk, started from the same
        // session, while every PostgreSQL backend (each calls setsid) has a group to itself: the reads' tails measured
        // that, not the API. setsid(1) execs in place (this child leads no group), so the pid stays the API's.
        var start = new ProcessStartInfo("setsid")
        {
            ArgumentList = { "dotnet", Path.GetFullPath(apiDll), "--urls", $"http://127.0.0.1:{port}" },
            WorkingDirectory = Path.GetDirectoryName(Path.GetFullPath(apiDll))!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ConnectionStrings__Timeline"] = connectionString;
        start.Environment["Timeline__AdminKey"] = adminKey;
        start.Environment["Timeline__DemoTimeline"] = "false";
        start.Environment["Timeline__RunJobs"] = runJobs ? "true" : "false";
        // The load runs as fast as the API answers, from one key: measured, not throttled.
        start.Environment["Timeline__RateLimits__PerKey__TokenLimit"] = "1000000000";
        start.Environment["Timeline__RateLimits__PerKey__TokensPerPeriod"] = "1000000000";
        // The benchmark's 10 000 subscriptions belong to one key, far past the cap a user's key has.
        start.Environment["Timeline__Limits__SubscriptionsPerKey"] = "1000000";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Timeline__DataProtection__AllowUnencryptedKeys"] = "true";
        start.Environment["Logging__LogLevel__Default"] = logLevel;
        start.Environment["DOTNET_gcServer"] = null;
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var log = new StreamWriter(logPath, append: true) { AutoFlush = true };
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the API");
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (log) { log.WriteLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (log) { log.WriteLine(e.Data); } } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var api = new ApiProcess(process, log, $"http://127.0.0.1:{port}", adminKey);
        EndsWithHarness(api);
        try
        {
            await api.WaitReadyAsync();
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException)
        {
            await api.DisposeAsync();
            var tail = string.Join('\n', File.ReadLines(logPath).TakeLast(30));
            throw new InvalidOperationException($"{ex.Message}; the end of its log ({logPath}):\n{tail}", ex);
        }

        return api;
    }

    private async Task WaitReadyAsync()
    {
        using var http = new HttpClient { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(90))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"the API exited with {process.ExitCode} while starting; see its log");
            }

            try
            {
                if ((await http.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
            }

            await Task.Delay(200);
        }

        throw new TimeoutException("the API did not become ready within 90 s");
    }

    public HttpClient Client(string key, TimeSpan? timeout = null)
    {
        var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 })
        {
            BaseAddress = new Uri(BaseUrl),
            Timeout = timeout ?? TimeSpan.FromMinutes(30),
        };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return http;
    }

    public async Task<string> CreateKeyAsync(string role) => (await CreateKeyWithIdAsync(role)).Key;

    /// <summary>A new key of the role, and its id (what owns the subscriptions it makes).</summary>
    public async Task<(string Key, Guid Id)> CreateKeyWithIdAsync(string role)
    {
        using var admin = Client(AdminKey);
        var response = await admin.PostAsJsonAsync("/api/keys", new { name = $"bench-{role}-{Guid.NewGuid():N}"[..30], role });
        response.EnsureSuccessStatusCode();
        var created = await response.Content.ReadFromJsonAsync<Dictionary<string, object>>();
        return (created!["key"].ToString()!, Guid.Parse(created["id"].ToString()!));
    }

    /// <summary>Peak resident memory (VmHWM) and current (VmRSS) of the API process, in MiB.</summary>
    public (double PeakMiB, double CurrentMiB) Memory()
    {
        double Field(string name)
        {
            var line = File.ReadLines($"/proc/{process.Id}/status").FirstOrDefault(l => l.StartsWith(name + ":", StringComparison.Ordinal));
            return line is null ? double.NaN : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024;
        }

        return (Field("VmHWM"), Field("VmRSS"));
    }

    /// <summary>The API's garbage collections and their pauses so far, from its own <c>/metrics</c> (the runtime's meter).</summary>
    public async Task<GcMeter> GcAsync()
    {
        using var admin = Client(AdminKey);
        var metrics = await admin.GetStringAsync("/metrics");
        double Value(string name, string? generation = null) => metrics.Split('\n')
            .Where(l => l.StartsWith(name + "{", StringComparison.Ordinal) && (generation is null || l.Contains($"gc_heap_generation=\"{generation}\"", StringComparison.Ordinal)))
            .Select(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture)).DefaultIfEmpty(double.NaN).First();
        return new GcMeter((long)Value("dotnet_gc_heap_total_allocated_bytes_total"), (int)Value("dotnet_gc_collections_total", "gen0"),
            (int)Value("dotnet_gc_collections_total", "gen1"), (int)Value("dotnet_gc_collections_total", "gen2"),
            TimeSpan.FromSeconds(Value("dotnet_gc_pause_time_seconds_total")));
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static readonly HashSet<ApiProcess> Running = [];
    private static PosixSignalRegistration[]? stops;

    /// <summary>
    /// Outside this process's group (setsid), the API would outlive a signal that stops this process (a Ctrl-C, the
    /// scripts' TERM to the group): the signal ends every API this process started, then this process as it would have.
    /// </summary>
    private static void EndsWithHarness(ApiProcess api)
    {
        lock (Running)
        {
            Running.Add(api);
            stops ??= [.. new[] { PosixSignal.SIGTERM, PosixSignal.SIGINT, PosixSignal.SIGQUIT }.Select(s => PosixSignalRegistration.Create(s, _ =>
            {
                lock (Running)
                {
                    foreach (var running in Running)
                    {
                        running.Kill();
                    }
                }
            }))];
        }
    }

    private void Kill()
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Already gone.
        }
    }

    public async ValueTask DisposeAsync()
    {
        lock (Running)
        {
            Running.Remove(this);
        }

        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
        lock (log)
        {
            log.Dispose();
        }
    }
}

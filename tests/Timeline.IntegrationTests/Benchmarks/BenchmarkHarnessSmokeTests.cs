using System.Diagnostics;

namespace Timeline.IntegrationTests.Benchmarks;

/// <summary>
/// The benchmark harness (tests/Timeline.Benchmarks, run in full by script/bench) at 10 000 events, end to end: its
/// data set, the API as a process of its own, one bulk import and one timeline measurement. Kept in the test run so
/// that the harness cannot rot.
/// </summary>
public sealed class BenchmarkHarnessSmokeTests
{
    [Fact]
    public async Task The_harness_generates_imports_and_measures_10000_events()
    {
        var server = Environment.GetEnvironmentVariable("ConnectionStrings__Timeline")
            ?? throw new InvalidOperationException("ConnectionStrings__Timeline is not set: run the tests through script/test");
        var root = RepositoryRoot();
        // The configuration this test was built in: the API next to it was built in it too.
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var harness = Path.Combine(root, "tests", "Timeline.Benchmarks");
        var api = Path.Combine(root, "src", "Timeline.Api", "bin", configuration, "net10.0", "Timeline.Api.dll");
        Assert.True(File.Exists(api), $"the API is not built at {api}");

        // Up to date after a solution build (script/test); built here when only this test project was.
        var (built, buildOutput) = await Run("dotnet", ["build", Path.Combine(harness, "Timeline.Benchmarks.csproj"), "-c", configuration,
            "--no-dependencies", "--nologo", "-v", "q", "-nodeReuse:false", "-p:UseSharedCompilation=false"], root, TimeSpan.FromMinutes(5));
        Assert.True(built == 0, $"building the harness failed:\n{buildOutput}");

        var (code, output) = await Run("dotnet", [Path.Combine(harness, "bin", configuration, "net10.0", "Timeline.Benchmarks.dll"),
            "smoke", "--connection", server, "--api-dll", api, "--size", "10000"], root, TimeSpan.FromMinutes(3));

        Assert.True(code == 0, $"the smoke run failed ({code}):\n{output}");
        Assert.Contains("smoke: imported 10000 events", output, StringComparison.Ordinal);
        Assert.Contains("smoke: ok", output, StringComparison.Ordinal);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Timeline.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Timeline.sln not found above " + AppContext.BaseDirectory);
    }

    private static async Task<(int Code, string Output)> Run(string file, string[] args, string cwd, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = cwd, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} took longer than {timeout}:\n{await stdout}\n{await stderr}");
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}

using Timeline.IntegrationTests.Support;

namespace Timeline.IntegrationTests.Features.Exports;

/// <summary>tests/export-checks: Node scripts that read the downloads with the libraries of their formats.</summary>
public static class ExportChecks
{
    public static readonly string Project = Path.Combine(ChildProcess.RepositoryRoot(), "tests", "export-checks");

    /// <summary>The lockfile's versions, once for every test assembly (install.sh; script/test installs node and npm when missing).</summary>
    public static Task InstallAsync() => RunAsync("bash", ["install.sh"], TimeSpan.FromMinutes(5));

    /// <summary>Runs a script of the project on a download written to a file; fails the test with the script's output when it fails.</summary>
    public static async Task<string> NodeAsync(string script, string download)
    {
        await InstallAsync();
        var file = Path.Combine(Path.GetTempPath(), $"timeline-download-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(file, download);
        try
        {
            return await RunAsync("node", [script, file], TimeSpan.FromMinutes(1));
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static async Task<string> RunAsync(string file, string[] args, TimeSpan timeout)
    {
        int code;
        string output;
        try
        {
            (code, output) = await ChildProcess.RunAsync(file, args, Project, timeout);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"{file} could not be started ({e.Message}); script/test installs Node.js and npm when they are missing", e);
        }

        Assert.True(code == 0, $"{file} {string.Join(' ', args)} failed (exit {code}):\n{output}");
        return output;
    }
}

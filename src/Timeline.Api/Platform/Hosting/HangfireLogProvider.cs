using Hangfire.AspNetCore;
using Hangfire.Logging;

namespace Timeline.Api.Platform.Hosting;

/// <summary>
/// Hangfire logs through one process-wide provider (a static), which every host sets as it starts. Where several
/// hosts share a process (the integration tests start many), the one set last may have stopped since, and its
/// disposed logger factory would make Hangfire fail to create loggers for the hosts still running — failing their
/// start-up or a request. This provider answers with a silent logger then.
/// </summary>
internal sealed class HangfireLogProvider(ILoggerFactory loggerFactory) : ILogProvider
{
    private readonly AspNetCoreLogProvider inner = new(loggerFactory);

    public ILog GetLogger(string name)
    {
        try
        {
            return inner.GetLogger(name);
        }
        catch (ObjectDisposedException)
        {
            return Silent.Instance;
        }
    }

    private sealed class Silent : ILog
    {
        public static readonly Silent Instance = new();

        public bool Log(Hangfire.Logging.LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null) => false;
    }
}

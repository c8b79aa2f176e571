using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Timeline.IntegrationTests.Support;

/// <summary>Keeps every log entry an app writes, with the scope values it was written under, for tests about logging.</summary>
public sealed class LogCapture : ILoggerProvider, ISupportExternalScope
{
    public sealed record Entry(string Category, LogLevel Level, string Message, Exception? Exception, IReadOnlyDictionary<string, object?> Scope);

    private IExternalScopeProvider? scopes;

    public ConcurrentQueue<Entry> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, this);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class Logger(string category, LogCapture capture) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => capture.scopes?.Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var scope = new Dictionary<string, object?>();
            capture.scopes?.ForEachScope((value, into) =>
            {
                if (value is IEnumerable<KeyValuePair<string, object?>> pairs)
                {
                    foreach (var (key, item) in pairs)
                    {
                        into[key] = item;
                    }
                }
            }, scope);
            capture.Entries.Enqueue(new Entry(category, logLevel, formatter(state, exception), exception, scope));
        }
    }
}

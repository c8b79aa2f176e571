using System.Collections;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Timeline.Api.Platform.Telemetry;

/// <summary>
/// A feed token travels in the address (<c>?token=</c>), and addresses get logged: ASP.NET Core's request lines (at
/// Information) print the query string, and spans carry <c>url.query</c>. Whatever the log levels, such a value is
/// written as <c>[redacted]</c>: every <c>token=</c> value in a query, and anything shaped like a feed token.
/// </summary>
public static partial class SecretRedaction
{
    public const string Redacted = "[redacted]";

    [GeneratedRegex(@"(?<=(?:^|[?&])token=)[^&#\s""]+|tlf_[A-Za-z0-9_\-]+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Secret();

    public static bool Holds(string? text) =>
        text is not null && (text.Contains("token=", StringComparison.OrdinalIgnoreCase) || text.Contains("tlf_", StringComparison.Ordinal));

    public static string Redact(string text) => Holds(text) ? Secret().Replace(text, Redacted) : text;

    /// <summary>Every logger of the app redacts: the framework's own too.</summary>
    public static void AddSecretRedaction(this IServiceCollection services) =>
        services.Replace(ServiceDescriptor.Singleton<ILoggerFactory, RedactingLoggerFactory>());

    /// <summary><c>url.query</c> on request spans, redacted here too, even where the instrumentation's own redaction is turned off.</summary>
    public static void RedactQuery(System.Diagnostics.Activity activity, HttpRequest request)
    {
        if (request.QueryString.Value is { } query && Holds(query))
        {
            activity.SetTag("url.query", Redact(query));
        }
    }
}

/// <summary>The framework's logger factory, with every logger it makes wrapped in a <see cref="RedactingLogger"/>.</summary>
public sealed class RedactingLoggerFactory(IEnumerable<ILoggerProvider> providers, IOptionsMonitor<LoggerFilterOptions> filters,
    IOptions<LoggerFactoryOptions> options, IExternalScopeProvider? scopes = null) : ILoggerFactory
{
    private readonly LoggerFactory inner = new(providers, filters, options, scopes);

    public ILogger CreateLogger(string categoryName) => new RedactingLogger(inner.CreateLogger(categoryName));

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    public void Dispose() => inner.Dispose();
}

/// <summary>
/// Passes an entry through unchanged unless one of its values holds a secret; then its message and values are
/// redacted. Only string-like values are read, so an ordinary entry costs a scan of its strings and nothing more.
/// </summary>
public sealed class RedactingLogger(ILogger inner) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => inner.BeginScope(state);

    public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!inner.IsEnabled(logLevel))
        {
            return;
        }

        var values = state as IReadOnlyList<KeyValuePair<string, object?>>;
        var secret = values is null ? SecretRedaction.Holds(state?.ToString()) : values.Any(v => SecretRedaction.Holds(TextOf(v.Value)));
        if (!secret)
        {
            inner.Log(logLevel, eventId, state, exception, formatter);
            return;
        }

        var redacted = new RedactedState(SecretRedaction.Redact(formatter(state, exception)),
            [.. (values ?? []).Select(v => new KeyValuePair<string, object?>(v.Key, TextOf(v.Value) is { } text ? SecretRedaction.Redact(text) : v.Value))]);
        inner.Log(logLevel, eventId, redacted, exception, (s, _) => s.Message);
    }

    private static string? TextOf(object? value) => value switch
    {
        string s => s,
        QueryString or PathString or Uri => value.ToString(),
        _ => null,
    };

    private sealed class RedactedState(string message, IReadOnlyList<KeyValuePair<string, object?>> values) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        public string Message => message;

        public int Count => values.Count;

        public KeyValuePair<string, object?> this[int index] => values[index];

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => values.GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => message;
    }
}

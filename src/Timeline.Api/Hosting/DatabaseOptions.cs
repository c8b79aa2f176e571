namespace Timeline.Api.Hosting;

/// <summary>The <c>Timeline:Database</c> configuration section: what a client is told when the database is away.</summary>
public sealed class DatabaseOptions
{
    /// <summary>The <c>Retry-After</c> of a 503 while the database is away.</summary>
    public int RetryAfterSeconds { get; set; } = 5;
}

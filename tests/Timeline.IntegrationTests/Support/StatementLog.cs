using System.Collections.Concurrent;
using System.Diagnostics;
using Npgsql;

namespace Timeline.IntegrationTests.Support;

/// <summary>
/// The SQL statements the API sends to one test database while this lives, from Npgsql's own trace spans (its
/// <c>Npgsql</c> activity source): other test classes, on other databases, are not counted.
/// </summary>
public sealed class StatementLog : IDisposable
{
    private readonly ActivityListener listener;
    private readonly ConcurrentQueue<string> statements = new();

    public StatementLog(string connectionString)
    {
        var database = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                var tags = activity.TagObjects.Select(t => t.Value?.ToString() ?? "").ToList();
                if (tags.Contains(database))
                {
                    statements.Enqueue(string.Join(" ", tags.Where(t => t.Contains(' ', StringComparison.Ordinal))) + " " + activity.DisplayName);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
    }

    /// <summary>The statements seen so far that mention <paramref name="text"/> (a table's name, say).</summary>
    public int Count(string text) => statements.Count(s => s.Contains(text, StringComparison.OrdinalIgnoreCase));

    /// <summary>Every statement seen so far.</summary>
    public int Total => statements.Count;

    public void Dispose() => listener.Dispose();
}

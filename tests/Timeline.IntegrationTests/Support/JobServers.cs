namespace Timeline.IntegrationTests.Support;

/// <summary>
/// Test classes that start a Hangfire job server. Hangfire's configuration is process-wide (its storage is a static
/// that each host sets as it starts), so two hosts starting job servers at once could swap databases: these classes
/// run one at a time, apart from the others.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class JobServers
{
    public const string Name = "Job servers";
}

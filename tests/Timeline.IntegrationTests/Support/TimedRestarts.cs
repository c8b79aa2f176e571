namespace Timeline.IntegrationTests.Support;

/// <summary>
/// Test classes that time how soon an API process started again is ready. Starting is a few CPU-seconds of JIT on
/// two shared cores, so beside the other tests' processes the time would measure the machine's load, not whether the
/// start-up waited on something: these classes run alone, apart from the others.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimedRestarts
{
    public const string Name = "Timed restarts";
}

namespace Timeline.IntegrationTests.Support;

/// <summary>
/// Test classes that time how soon a change reaches the change log. The log's horizon is the oldest transaction running
/// anywhere in the cluster (transaction ids are the cluster's, not a database's), so another test's long transaction in
/// its own database would hold it back too: these classes run alone, apart from the others.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class QuietCluster
{
    public const string Name = "Quiet cluster";
}

namespace Timeline.Api.Platform.Replica;

/// <summary>The <c>Timeline:Replica</c> configuration section; the replica itself is <c>ConnectionStrings:TimelineReplica</c>.</summary>
public sealed class ReplicaOptions
{
    /// <summary>
    /// How long a read that sends a consistency token waits for the replica to replay that far before it is served
    /// by the primary instead.
    /// </summary>
    public int MaxWaitMilliseconds { get; set; } = 200;

    /// <summary>After the replica fails to answer, seconds during which reads go straight to the primary.</summary>
    public int RetryAfterSeconds { get; set; } = 5;
}

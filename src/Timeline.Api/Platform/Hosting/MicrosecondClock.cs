namespace Timeline.Api.Platform.Hosting;

/// <summary>
/// The system clock to the microsecond, PostgreSQL's precision: an instant the service writes reads back equal, so an
/// entity in the change log and the same entity read from its table are the same to the last digit.
/// </summary>
public sealed class MicrosecondClock : TimeProvider
{
    public override DateTimeOffset GetUtcNow()
    {
        var now = TimeProvider.System.GetUtcNow();
        return new DateTimeOffset(now.UtcTicks - (now.UtcTicks % 10), TimeSpan.Zero);
    }
}

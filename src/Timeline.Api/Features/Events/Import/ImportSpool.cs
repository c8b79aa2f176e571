namespace Timeline.Api.Features.Events.Import;

/// <summary>
/// An import's body, received whole into a temporary file (deleted when closed) before any transaction opens: a client
/// that sends slowly holds a file, not a connection and a transaction whose snapshot would hold back the change log's
/// horizon (alerts, streams and <c>/api/changes</c>) for everyone. The body's size is bounded by the endpoint's request
/// size limit, the time it takes by the import's minimum rate and time limit.
/// </summary>
public static class ImportSpool
{
    public static async Task<FileStream> ReceiveAsync(Stream body, CancellationToken ct)
    {
        var file = new FileStream(Path.Combine(Path.GetTempPath(), $"timeline-import-{Guid.NewGuid():N}"), FileMode.CreateNew, FileAccess.ReadWrite,
            FileShare.None, 64 * 1024, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        try
        {
            await body.CopyToAsync(file, 64 * 1024, ct);
            file.Position = 0;
            return file;
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
    }
}

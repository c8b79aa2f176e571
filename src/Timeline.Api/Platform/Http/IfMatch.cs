namespace Timeline.Api.Platform.Http;

public static class IfMatch
{
    /// <summary>If-Match carries the ETag the client read: <c>"3"</c> (or weak <c>W/"3"</c>); amending without it is a 428.</summary>
    public static int ExpectedVersion(string ifMatch, string what)
    {
        if (string.IsNullOrWhiteSpace(ifMatch))
        {
            throw ProblemException.PreconditionRequired(what);
        }

        var tag = ifMatch.Trim();
        if (tag.StartsWith("W/", StringComparison.Ordinal))
        {
            tag = tag[2..];
        }

        return int.TryParse(tag.Trim('"'), out var version)
            ? version
            : throw new ProblemException(StatusCodes.Status412PreconditionFailed, "Precondition failed",
                $"If-Match {EchoedValue.Cut(ifMatch)} is not an ETag of this {what}");
    }
}

namespace Timeline.Api.Platform.Http;

/// <summary>A failure the client can act on, written as RFC 9457 problem details by <see cref="ProblemDetailsExceptionHandler"/>.</summary>
public sealed class ProblemException(int status, string title, string detail, IDictionary<string, string[]>? errors = null,
    string? limit = null)
    : Exception(detail)
{
    public int Status { get; } = status;
    public string Title { get; } = title;
    public IDictionary<string, string[]>? Errors { get; } = errors;

    /// <summary>The setting of the limit that was reached, written as the problem's <c>limit</c> member.</summary>
    public string? Limit { get; } = limit;

    /// <summary>A per-key cap reached: <paramref name="status"/> 429 for what frees itself (streams), 409 for what the
    /// caller must remove (subscriptions).</summary>
    public static ProblemException LimitReached(int status, string limit, string detail) =>
        new(status, status == StatusCodes.Status429TooManyRequests ? "Too many requests" : "Limit reached", detail, null, limit);

    public static ProblemException NotFound(string what) =>
        new(StatusCodes.Status404NotFound, "Not found", $"{what} was not found");

    public static ProblemException Conflict(string detail) =>
        new(StatusCodes.Status409Conflict, "Conflict", detail);

    public static ProblemException BadRequest(string field, string reason) =>
        new(StatusCodes.Status400BadRequest, "Invalid request", $"{field}: {reason}",
            new Dictionary<string, string[]> { [field] = [reason] });

    public static ProblemException PreconditionRequired(string what = "event") =>
        new(StatusCodes.Status428PreconditionRequired, "Precondition required",
            $"send If-Match with the {what}'s ETag to amend it, so that nobody's change is overwritten unseen");

    public static ProblemException PreconditionFailed(int current, string what = "event") =>
        new(StatusCodes.Status412PreconditionFailed, "Precondition failed",
            $"the {what} has changed since you read it (it is now at version {current}); read it again and reapply your change");
}

namespace Timeline.Api.Platform.Http;

/// <summary>
/// The address's text passes <see cref="StoredText"/> too: query values become filters and route values become
/// look-ups (a slug, an actor code), and PostgreSQL answers a NUL in either with an error instead of no match.
/// </summary>
public sealed class RequestTextCheck(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext http)
    {
        foreach (var (name, values) in http.Request.Query)
        {
            if (StoredText.Problem(name) is { } nameProblem)
            {
                throw ProblemException.BadRequest("query", $"a parameter name {nameProblem}");
            }

            foreach (var value in values)
            {
                if (value is not null && StoredText.Problem(value) is { } problem)
                {
                    throw ProblemException.BadRequest(name, problem);
                }
            }
        }

        return StoredText.Problem(http.Request.Path.Value) is { } pathProblem
            ? throw ProblemException.BadRequest("path", pathProblem)
            : next(http);
    }
}

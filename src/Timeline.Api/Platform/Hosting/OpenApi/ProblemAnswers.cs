namespace Timeline.Api.Platform.Hosting.OpenApi;

/// <summary>An error status only this endpoint answers, and why: <see cref="ErrorResponses"/> documents it as problem details.</summary>
public sealed record ProblemAnswer(int Status, string Why);

public static class ProblemAnswers
{
    /// <summary>Declares that the endpoint answers <paramref name="status"/> with problem details, for the reason given.</summary>
    public static TBuilder Answers<TBuilder>(this TBuilder endpoint, int status, string why)
        where TBuilder : IEndpointConventionBuilder =>
        endpoint.WithMetadata(new ProblemAnswer(status, why));
}

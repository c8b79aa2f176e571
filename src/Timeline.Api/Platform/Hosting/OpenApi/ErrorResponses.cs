using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.OpenApi;
using Timeline.Api.Platform.Http;
using Timeline.Core.Access;

namespace Timeline.Api.Platform.Hosting.OpenApi;

/// <summary>
/// Every error status an operation can answer, as problem details. What the whole pipeline answers is derived from
/// the endpoint as it is mapped (its key and role, its path, its method and body, its rate limit), so a new endpoint
/// is described as the middleware will treat it; what only some endpoints answer they declare with
/// <see cref="ProblemAnswers.Answers{TBuilder}"/>.
/// </summary>
public static class ErrorResponses
{
    public const string ProblemMediaType = "application/problem+json";

    public static Task DescribeAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        var document = context.Document ?? throw new InvalidOperationException("operation transformers run within a document");
        operation.Responses ??= new OpenApiResponses();
        // The endpoint's own reasons first: they are the specific ones.
        foreach (var answer in context.Description.ActionDescriptor.EndpointMetadata.OfType<ProblemAnswer>().Concat(Derived(context.Description))
                     .GroupBy(a => a.Status).OrderBy(g => g.Key))
        {
            Add(operation.Responses, answer.Key, string.Join("; ", answer.Select(a => a.Why)), document);
        }

        return Task.CompletedTask;
    }

    /// <summary>What the middleware and the pipeline answer for this endpoint, in the order of Program.cs.</summary>
    private static IEnumerable<ProblemAnswer> Derived(ApiDescription description)
    {
        var metadata = description.ActionDescriptor.EndpointMetadata;
        var method = description.HttpMethod ?? HttpMethods.Get;
        var needsKey = !metadata.OfType<IAllowAnonymous>().Any();
        var writes = HttpMethods.IsPost(method) || HttpMethods.IsPut(method) || HttpMethods.IsPatch(method);

        // RequestTextCheck reads every query and path; binding and validation answer the rest.
        yield return new(400, "a parameter or the body is invalid: the problem's errors name each field and why");
        if (needsKey)
        {
            yield return new(401, "no API key (Authorization: Bearer <key>), or an unknown or revoked one");
            // The fallback policy admits every role (reader is the least), so only a higher policy can refuse a key.
            var roles = metadata.OfType<IAuthorizeData>().Select(a => a.Policy).Where(p => p is not null).Select(p => p!).ToList();
            if (roles.Count > 0 && roles.Max(Roles.Rank) > Roles.Rank(Roles.Reader))
            {
                yield return new(403, $"the key's role is below {roles.MaxBy(Roles.Rank)}");
            }
        }

        if (description.RelativePath?.Contains('{', StringComparison.Ordinal) == true)
        {
            yield return new(404, "nothing is at this address: no such id, or not the caller's");
        }

        // IdempotencyMiddleware reads (and hashes) the body of any POST that carries an Idempotency-Key.
        if (HttpMethods.IsPost(method) || description.ParameterDescriptions.Any(p => p.Source == BindingSource.Body)
            || description.SupportedRequestFormats.Count > 0)
        {
            var limit = metadata.OfType<IRequestSizeLimitMetadata>().LastOrDefault()?.MaxRequestBodySize ?? RequestLimits.MaxBodyBytes;
            yield return new(413, $"the body is larger than the {limit / 1024 / 1024} MiB allowed");
        }

        if (writes)
        {
            yield return new(415, "the body's Content-Type is not one this operation takes, or its charset is not UTF-8");
        }

        if (HttpMethods.IsPost(method) && needsKey)
        {
            yield return new(422, "the Idempotency-Key was already used with a different request");
        }

        if (!metadata.OfType<DisableRateLimitingAttribute>().Any())
        {
            yield return new(429, "the rate limit named in the problem's limit is used up; Retry-After says when to try again");
        }

        if (needsKey)
        {
            // Every key is looked up in the database (then remembered for a few seconds).
            yield return new(503, "the database cannot answer now; Retry-After says when to try again");
        }
    }

    /// <summary>A problem-details answer; beside a body of the endpoint's own (an import's rejection), either one.</summary>
    private static void Add(OpenApiResponses responses, int status, string why, OpenApiDocument document)
    {
        var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        IOpenApiSchema problem = new OpenApiSchemaReference(ProblemSchema.Name, document);
        if (responses.TryGetValue(key, out var declared) && declared is OpenApiResponse { Content: { } content }
            && content.TryGetValue(ProblemMediaType, out var own) && own.Schema is OpenApiSchemaReference { Reference.Id: { } id } ownSchema
            && id != ProblemSchema.Name)
        {
            problem = new OpenApiSchema { AnyOf = [ownSchema, problem] };
        }

        var response = new OpenApiResponse
        {
            Description = why,
            Content = new Dictionary<string, OpenApiMediaType> { [ProblemMediaType] = new() { Schema = problem } },
        };
        if (status is 429 or 503)
        {
            response.Headers = new Dictionary<string, IOpenApiHeader>
            {
                ["Retry-After"] = new OpenApiHeader { Description = "seconds to wait", Schema = new OpenApiSchema { Type = JsonSchemaType.Integer } },
            };
        }

        responses[key] = response;
    }
}

using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Timeline.Api.Http;

namespace Timeline.Api.Hosting.OpenApi;

/// <summary>The request headers the API reads that binding does not declare: Idempotency-Key on writes, If-Match on amendments.</summary>
public static class RequestHeaders
{
    /// <summary>IdempotencyMiddleware takes the header on every POST made with a key.</summary>
    public static Task IdempotencyKeyAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        if (HttpMethods.IsPost(context.Description.HttpMethod ?? "")
            && !context.Description.ActionDescriptor.EndpointMetadata.OfType<IAllowAnonymous>().Any())
        {
            (operation.Parameters ??= []).Add(Header(IdempotencyMiddleware.Header, required: false,
                "1 to 200 characters: a repeat with the same key and body records nothing and answers as the first did"));
        }

        return Task.CompletedTask;
    }

    /// <summary>Declares the If-Match header the endpoint requires (428 without it, 412 when it is stale).</summary>
    public static TBuilder RequiresIfMatch<TBuilder>(this TBuilder endpoint) where TBuilder : IEndpointConventionBuilder =>
        endpoint
            .Answers(StatusCodes.Status412PreconditionFailed, "If-Match is not the current ETag: it changed since it was read")
            .Answers(StatusCodes.Status428PreconditionRequired, "If-Match is missing")
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                (operation.Parameters ??= []).Add(Header("If-Match", required: true, "the ETag last read, e.g. \"3\""));
                return Task.CompletedTask;
            });

    private static OpenApiParameter Header(string name, bool required, string description) => new()
    {
        Name = name,
        In = ParameterLocation.Header,
        Required = required,
        Description = description,
        Schema = new OpenApiSchema { Type = JsonSchemaType.String },
    };
}

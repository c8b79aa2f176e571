using Timeline.Api.Platform.Idempotency;
using Timeline.Api.Platform.Replica;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Timeline.Api.Platform.Hosting.OpenApi;

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

    /// <summary>
    /// Reads take the consistency token a write answered (and say where they read); writes answer one. See
    /// ReadConsistency and ReadOnReplicaBehaviour. A document transformer, so that it sees each operation's answers as
    /// the endpoints' own transformers leave them; every /api/ operation takes a key.
    /// </summary>
    public static Task ConsistencyAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken ct)
    {
        foreach (var (path, item) in document.Paths ?? [])
        {
            if (!path.StartsWith("/api/", StringComparison.Ordinal) || item is not OpenApiPathItem { Operations: { } operations })
            {
                continue;
            }

            foreach (var (method, operation) in operations)
            {
                Describe(operation, reads: method == HttpMethod.Get);
            }
        }

        return Task.CompletedTask;
    }

    private static void Describe(OpenApiOperation operation, bool reads)
    {
        if (reads)
        {
            var token = Header(ReadConsistency.TokenHeader, required: false,
                "the Timeline-Consistency of the caller's last write: the read waits briefly until the replica has replayed that far, " +
                "or is served by the primary, so it never sees older data than the caller wrote");
            token.Schema = new OpenApiSchema { Type = JsonSchemaType.String, Pattern = "^[0-9A-Fa-f]{1,8}/[0-9A-Fa-f]{1,8}$" };
            (operation.Parameters ??= []).Add(token);
        }

        foreach (var (_, response) in (operation.Responses ?? []).Where(r => r.Key.StartsWith('2')))
        {
            if (response is not OpenApiResponse answer)
            {
                continue;
            }

            answer.Headers ??= new Dictionary<string, IOpenApiHeader>();
            answer.Headers[reads ? ReadConsistency.ReadFromHeader : ReadConsistency.TokenHeader] = new OpenApiHeader
            {
                Description = reads
                    ? "where the answer's queries read: replica, or primary (no replica configured, the replica behind the token or away)"
                    : "the WAL position the write committed at (e.g. 0/16B3748): send it back on reads to see the write",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            };
        }
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

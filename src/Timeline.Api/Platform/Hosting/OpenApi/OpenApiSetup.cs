using Microsoft.OpenApi;

namespace Timeline.Api.Platform.Hosting.OpenApi;

/// <summary>The OpenAPI document at /openapi/v1.json, made to say what the API really takes and answers.</summary>
public static class OpenApiSetup
{
    public const string ApiKeyScheme = "apiKey";
    public const string FeedTokenScheme = "feedToken";

    public static IServiceCollection AddTimelineOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(o => o
            .AddSchemaTransformer(StringSchemas.DescribeAsync)
            .AddOperationTransformer(QueryParameterNames.CamelCaseAsync)
            .AddOperationTransformer(LimitParameter.DescribeAsInteger)
            .AddOperationTransformer(RequestHeaders.IdempotencyKeyAsync)
            .AddOperationTransformer(ErrorResponses.DescribeAsync)
            .AddDocumentTransformer(ProblemSchema.DescribeAsync)
            .AddDocumentTransformer(HealthPaths.DescribeAsync)
            .AddDocumentTransformer(RequestHeaders.ConsistencyAsync)
            .AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "Timeline";
                document.Info.Description = "Sourced, honestly dated sanctions events; chronological timelines.";
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[ApiKeyScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    Description = "An API key: Authorization: Bearer <key>",
                };
                document.Components.SecuritySchemes[FeedTokenScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.ApiKey,
                    In = ParameterLocation.Query,
                    Name = "token",
                    Description = "A feed token (POST /api/feed-tokens) in the address, ?token=tlf_…: read-only, and taken only by the Atom feeds and the follow-ups calendar",
                };
                document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeyScheme, document)] = [] }];
                return Task.CompletedTask;
            }));
}

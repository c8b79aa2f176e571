using Mediator;
using Timeline.Api.Features.Access;
using Timeline.Core.Actors;

namespace Timeline.Api.Features.Actors;

/// <summary>
/// <c>/api/reconcile</c>: the actors as a service of the W3C Entity Reconciliation API, version 0.2 (the one OpenRefine
/// speaks). The manifest is open, as OpenRefine reads it before it asks for a key (its <c>authentication</c> says how
/// to send one); the queries are reads and take a reader's key. The W3C specification describes the service (its
/// form-encoded batches are not this API's JSON), so it stays out of the OpenAPI document.
/// </summary>
public static class ReconciliationEndpoints
{
    public const string Version = "0.2";

    public static void MapReconciliationEndpoints(this IEndpointRouteBuilder app)
    {
        var reconcile = app.MapGroup("/api/reconcile").WithTags("Reconciliation").ExcludeFromDescription();
        reconcile.MapGet("/", (HttpContext http, string? queries, IMediator mediator, CancellationToken ct) =>
                queries is null ? Task.FromResult(Results.Json(Manifest(http.Request))) : AnswerAsync(queries, http, mediator, ct))
            .AllowAnonymous()
            .WithSummary("The service manifest (W3C Entity Reconciliation API 0.2); with queries=, a batch of queries (a reader's key)");
        reconcile.MapPost("/", async (HttpContext http, IMediator mediator, CancellationToken ct) =>
            {
                string? queries;
                if (http.Request.HasFormContentType)
                {
                    queries = (await http.Request.ReadFormAsync(ct))["queries"].FirstOrDefault();
                }
                else
                {
                    using var reader = new StreamReader(http.Request.Body);
                    queries = await reader.ReadToEndAsync(ct);
                }

                return await AnswerAsync(queries, http, mediator, ct);
            })
            .RequireAuthorization(Policies.Reader)
            .Accepts<Dictionary<string, object>>("application/x-www-form-urlencoded", "application/json")
            .Produces<Dictionary<string, ReconciliationResult>>()
            .WithSummary("Reconcile a batch of names: the form field queries (as OpenRefine sends it) or the same JSON as the body")
            .WithDescription("""
                {"q0": {"query": "Kim Jong Un", "type": "person", "limit": 3, "properties": [{"pid": "wikidata", "v": "Q56226"}]}}
                answers {"q0": {"result": [{"id": "<actor code>", "name", "score" (0-1), "match", "type": [{"id", "name"}]}]}}.
                A property is an identifier scheme (wikidata, opensanctions, imo, ofac, un, iso3166): an actor with that
                identifier is the match; one with another value in that scheme is left out. match is true for one
                candidate only: the identifier agrees, or its name scores 0.9 or more and 0.2 above the next.
                """);
    }

    private static async Task<IResult> AnswerAsync(string? queries, HttpContext http, IMediator mediator, CancellationToken ct)
    {
        if (http.User.Identity?.IsAuthenticated != true)
        {
            return Results.Challenge();
        }

        return Results.Json(await mediator.Send(ReconcileActors.Parse(queries), ct));
    }

    /// <summary>The manifest; its addresses are this server's, as the request reached it.</summary>
    public static object Manifest(HttpRequest request)
    {
        var origin = $"{request.Scheme}://{request.Host}{request.PathBase}";
        return new
        {
            versions = new[] { Version },
            name = "Timeline actors",
            identifierSpace = $"{origin}/api/actors/",
            schemaSpace = $"{origin}/api/reconcile/kinds",
            documentation = $"{origin}/docs",
            defaultTypes = Actor.Kinds.Select(ReconcileActors.TypeOf),
            view = new { url = $"{origin}/#/actors/{{{{id}}}}" },
            authentication = new { type = "apiKey", name = "Authorization", @in = "header" },
        };
    }
}

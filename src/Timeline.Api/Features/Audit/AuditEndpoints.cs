using System.Globalization;
using Mediator;
using Timeline.Api.Features.Access;
using Timeline.Api.Platform.Http;

namespace Timeline.Api.Features.Audit;

public static class AuditEndpoints
{
    public static void MapAuditEndpoints(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/audit", async (int? limit, string? cursor, IMediator mediator, CancellationToken ct) =>
            {
                long? before = null;
                if (cursor is not null)
                {
                    before = long.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0
                        ? id
                        : throw ProblemException.BadRequest("cursor", "'cursor' must be the nextCursor of an earlier page");
                }

                return TypedResults.Ok(await mediator.Send(new ListAudit(limit ?? 100, before), ct));
            })
            .RequireAuthorization(Policies.Admin).WithTags("Audit")
            .WithSummary("The audit log, newest first: keys minted and revoked, roles changed, people first seen, failed sign-ins, removals by others, imports");
}

using System.Globalization;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Timeline.Api.Features.Access;
using Timeline.Api.Features.Changes;
using Timeline.Api.Platform.Http;
using Timeline.Core.Changes;
using Timeline.Core.Data;
using Timeline.Core.Dates;
using Timeline.Core.FollowUps;
using Timeline.Api.Platform.Hosting.OpenApi;

namespace Timeline.Api.Features.FollowUps;

public sealed record FollowUpView(Guid Id, Guid EventId, string Description, string Due, DateOnly? DueEarliest, DateOnly? DueLatest,
    string Status, Guid? FulfilledBy, string? CancellationReason, DateTimeOffset CreatedAt, string CreatedBy, DateTimeOffset UpdatedAt, int Version);

public static class FollowUpProjection
{
    public static IQueryable<FollowUpView> ToViews(this IQueryable<FollowUp> followUps) =>
        followUps.Select(f => new FollowUpView(f.Id, f.EventId, f.Description, f.Due,
            f.DueEarliest == DateOnly.MinValue ? null : f.DueEarliest,
            f.DueLatest == DateOnly.MaxValue ? null : f.DueLatest,
            f.Status, f.FulfilledBy, f.CancellationReason, f.CreatedAt, f.CreatedBy, f.UpdatedAt, f.Version));

    public static FollowUpView ToView(this FollowUp f) => new(f.Id, f.EventId, f.Description, f.Due,
        f.DueEarliest == DateOnly.MinValue ? null : f.DueEarliest,
        f.DueLatest == DateOnly.MaxValue ? null : f.DueLatest,
        f.Status, f.FulfilledBy, f.CancellationReason, f.CreatedAt, f.CreatedBy, f.UpdatedAt, f.Version);
}

/// <summary>Expect a development after an event, by a due date.</summary>
public sealed record ExpectFollowUp(Guid EventId, string? Description, string? Due, string By) : ICommand<FollowUpView>;

public sealed class ExpectFollowUpValidator : AbstractValidator<ExpectFollowUp>
{
    public ExpectFollowUpValidator()
    {
        RuleFor(x => x.Description).NotEmpty().WithMessage("a description of what is expected is required").MaximumLength(2_000);
        RuleFor(x => x.Due).NotEmpty().WithMessage("a due date is required (EDTF, e.g. 2024-10-30 or 2024-11~)").MaximumLength(100)
            .Custom((text, context) =>
            {
                if (!string.IsNullOrEmpty(text) && !EdtfDate.TryParse(text, out _, out var error))
                {
                    context.AddFailure(error);
                }
            });
    }
}

public sealed class ExpectFollowUpHandler(TimelineDbContext db, TimeProvider clock, History history) : ICommandHandler<ExpectFollowUp, FollowUpView>
{
    public async ValueTask<FollowUpView> Handle(ExpectFollowUp command, CancellationToken cancellationToken)
    {
        if (!await db.Events.AnyAsync(e => e.EventId == command.EventId, cancellationToken))
        {
            throw ProblemException.NotFound($"event {command.EventId}");
        }

        var due = EdtfDate.Parse(command.Due!);
        var now = clock.GetUtcNow();
        var followUp = new FollowUp
        {
            Id = Guid.CreateVersion7(now),
            EventId = command.EventId,
            Description = command.Description!.Trim(),
            Due = due.Text,
            DueEarliest = due.Earliest ?? DateOnly.MinValue,
            DueLatest = due.Latest ?? DateOnly.MaxValue,
            CreatedAt = now,
            CreatedBy = command.By,
            UpdatedAt = now,
            UpdatedBy = command.By,
        };
        var view = await history.RecordAsync(FollowUpHistory.Kind, followUp, ChangeKinds.FollowUpExpected, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return view;
    }
}

public sealed record GetFollowUp(Guid Id) : IQuery<FollowUpView>;

public sealed class GetFollowUpHandler(TimelineDbContext db) : IQueryHandler<GetFollowUp, FollowUpView>
{
    public async ValueTask<FollowUpView> Handle(GetFollowUp query, CancellationToken cancellationToken) =>
        await db.FollowUps.AsNoTracking().Where(f => f.Id == query.Id).ToViews().SingleOrDefaultAsync(cancellationToken)
        ?? throw ProblemException.NotFound($"follow-up {query.Id}");
}

/// <summary>Follow-ups by status, soonest due first.</summary>
public sealed record ListFollowUps(string? Status, Guid? EventId, string? Limit) : IQuery<IReadOnlyList<FollowUpView>>;

public sealed class ListFollowUpsValidator : AbstractValidator<ListFollowUps>
{
    public ListFollowUpsValidator()
    {
        RuleFor(x => x.Status).Must(s => s is null || s.Split(',').All(FollowUpStatuses.All.Contains))
            .WithMessage($"status must be one or more of {string.Join(", ", FollowUpStatuses.All)}, comma-separated");
        RuleFor(x => x.Limit).Must(l => int.TryParse(l, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 500)
            .When(x => x.Limit is not null).WithMessage("limit must be a whole number from 1 to 500");
    }
}

public sealed class ListFollowUpsHandler(TimelineDbContext db) : IQueryHandler<ListFollowUps, IReadOnlyList<FollowUpView>>
{
    public async ValueTask<IReadOnlyList<FollowUpView>> Handle(ListFollowUps query, CancellationToken cancellationToken)
    {
        var followUps = db.FollowUps.AsNoTracking();
        if (query.Status is { } status)
        {
            var statuses = status.Split(',');
            followUps = followUps.Where(f => statuses.Contains(f.Status));
        }

        if (query.EventId is { } eventId)
        {
            followUps = followUps.Where(f => f.EventId == eventId);
        }

        var limit = query.Limit is null ? 100 : int.Parse(query.Limit, CultureInfo.InvariantCulture);
        return await followUps.OrderBy(f => f.DueLatest).ThenBy(f => f.Id).Take(limit).ToViews().ToListAsync(cancellationToken);
    }
}

/// <summary>Close a follow-up with the later event that fulfils it.</summary>
public sealed record FulfilFollowUp(Guid Id, Guid? EventId, string By) : ICommand<FollowUpView>;

public sealed class FulfilFollowUpValidator : AbstractValidator<FulfilFollowUp>
{
    public FulfilFollowUpValidator() => RuleFor(x => x.EventId).NotEmpty().WithMessage("eventId of the fulfilling event is required");
}

public sealed class FulfilFollowUpHandler(TimelineDbContext db, TimeProvider clock, History history) : ICommandHandler<FulfilFollowUp, FollowUpView>
{
    public async ValueTask<FollowUpView> Handle(FulfilFollowUp command, CancellationToken cancellationToken)
    {
        var followUp = await db.FollowUps.SingleOrDefaultAsync(f => f.Id == command.Id, cancellationToken)
            ?? throw ProblemException.NotFound($"follow-up {command.Id}");
        var view = await FulfilAsync(db, history, followUp, command.EventId!.Value, command.By, clock.GetUtcNow(), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return view;
    }

    /// <summary>Shared with recording an event that names the follow-ups it fulfils.</summary>
    public static async Task<FollowUpView> FulfilAsync(TimelineDbContext db, History history, FollowUp followUp, Guid eventId, string by,
        DateTimeOffset now, CancellationToken ct)
    {
        if (followUp.Status is not (FollowUpStatuses.Open or FollowUpStatuses.Overdue))
        {
            throw ProblemException.Conflict($"the follow-up is {followUp.Status}; only open or overdue follow-ups can be fulfilled");
        }

        if (eventId == followUp.EventId)
        {
            throw ProblemException.BadRequest("eventId", "a follow-up is fulfilled by a later event, not the one it follows");
        }

        // The fulfilling event may be the one being recorded in this same transaction.
        if (!db.Events.Local.Any(e => e.EventId == eventId) && !await db.Events.AnyAsync(e => e.EventId == eventId, ct))
        {
            throw ProblemException.BadRequest("eventId", $"no such event: {eventId}");
        }

        followUp.Status = FollowUpStatuses.Fulfilled;
        followUp.FulfilledBy = eventId;
        return await history.ReviseAsync(FollowUpHistory.Kind, followUp, new(ChangeKinds.FollowUpFulfilled, by, At: now), ct);
    }
}

/// <summary>Close a follow-up that will not happen or no longer matters, with a reason.</summary>
public sealed record CancelFollowUp(Guid Id, string? Reason, string By) : ICommand<FollowUpView>;

public sealed class CancelFollowUpValidator : AbstractValidator<CancelFollowUp>
{
    public CancelFollowUpValidator() => RuleFor(x => x.Reason).NotEmpty().WithMessage("a reason is required").MaximumLength(2_000);
}

public sealed class CancelFollowUpHandler(TimelineDbContext db, History history) : ICommandHandler<CancelFollowUp, FollowUpView>
{
    public async ValueTask<FollowUpView> Handle(CancelFollowUp command, CancellationToken cancellationToken)
    {
        var followUp = await db.FollowUps.SingleOrDefaultAsync(f => f.Id == command.Id, cancellationToken)
            ?? throw ProblemException.NotFound($"follow-up {command.Id}");
        if (followUp.Status is not (FollowUpStatuses.Open or FollowUpStatuses.Overdue))
        {
            throw ProblemException.Conflict($"the follow-up is already {followUp.Status}");
        }

        followUp.Status = FollowUpStatuses.Cancelled;
        followUp.CancellationReason = command.Reason!.Trim();
        var view = await history.ReviseAsync(FollowUpHistory.Kind, followUp, new(ChangeKinds.FollowUpCancelled, command.By, command.Reason), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return view;
    }
}

public static class FollowUpEndpoints
{
    public sealed record FollowUpRequest(string? Description, string? Due);
    public sealed record FulfilmentRequest(Guid? EventId);
    public sealed record CancellationRequest(string? Reason);

    public static void MapFollowUpEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/events/{id:guid}/follow-ups", async (Guid id, FollowUpRequest body, HttpContext http, IMediator mediator, CancellationToken ct) =>
        {
            var followUp = await mediator.Send(new ExpectFollowUp(id, body.Description, body.Due, http.User.AnalystName()), ct);
            return TypedResults.Created($"/api/follow-ups/{followUp.Id}", followUp);
        }).RequireAuthorization(Policies.Editor).WithTags("Follow-ups").WithSummary("Expect a development after an event, by a due date");

        var followUps = app.MapGroup("/api/follow-ups").WithTags("Follow-ups");
        followUps.MapGet("/", async (string? status, Guid? eventId, string? limit, IMediator mediator, CancellationToken ct) =>
            TypedResults.Ok(await mediator.Send(new ListFollowUps(status, eventId, limit), ct)))
            .WithSummary("Follow-ups by status (open, fulfilled, overdue, cancelled; comma-separated), soonest due first");
        followUps.MapGet("/{id:guid}", async (Guid id, IMediator mediator, CancellationToken ct) =>
            TypedResults.Ok(await mediator.Send(new GetFollowUp(id), ct))).WithSummary("Read one follow-up");
        followUps.MapPost("/{id:guid}/fulfilment", async (Guid id, FulfilmentRequest body, HttpContext http, IMediator mediator, CancellationToken ct) =>
            TypedResults.Ok(await mediator.Send(new FulfilFollowUp(id, body.EventId, http.User.AnalystName()), ct)))
            .RequireAuthorization(Policies.Editor)
            .Answers(StatusCodes.Status409Conflict, "the follow-up is neither open nor overdue")
            .WithSummary("Fulfil a follow-up with a later event");
        followUps.MapPost("/{id:guid}/cancellation", async (Guid id, CancellationRequest body, HttpContext http, IMediator mediator, CancellationToken ct) =>
            TypedResults.Ok(await mediator.Send(new CancelFollowUp(id, body.Reason, http.User.AnalystName()), ct)))
            .RequireAuthorization(Policies.Editor)
            .Answers(StatusCodes.Status409Conflict, "the follow-up is already fulfilled or cancelled")
            .WithSummary("Cancel a follow-up with a reason");
    }
}

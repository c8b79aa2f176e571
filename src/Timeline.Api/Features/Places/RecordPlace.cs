using FluentValidation;
using Mediator;
using Timeline.Api.Features.Changes;
using Timeline.Api.Features.Events;
using Timeline.Core.Changes;
using Timeline.Core.Data;
using Timeline.Core.Places;

namespace Timeline.Api.Features.Places;

/// <summary>Record a place; its first revision and its change-log entry are written with it.</summary>
public sealed record RecordPlace : PlaceFields, ICommand<PlaceView>
{
    /// <summary>The stable handle events name it by: lower-case letters, digits and '-' (<c>vladivostok</c>, <c>tumangang-khasan-crossing</c>).</summary>
    public string? Code { get; init; }

    /// <summary>The API key's name; set by the endpoint, never by the body.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string RecordedBy { get; init; } = "";
}

public sealed class RecordPlaceValidator : PlaceRules<RecordPlace>
{
    public RecordPlaceValidator() =>
        RuleFor(x => x.Code).NotEmpty().Matches(EventRules<EventFields>.PlacePattern)
            .WithMessage("a place code is 1–100 lower-case letters, digits or '-', e.g. vladivostok");
}

public sealed class RecordPlaceHandler(TimelineDbContext db, TimeProvider clock, History history) : ICommandHandler<RecordPlace, PlaceView>
{
    public async ValueTask<PlaceView> Handle(RecordPlace command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var place = new Place { Code = command.Code!, RecordedAt = now, UpdatedAt = now, UpdatedBy = command.RecordedBy, Version = 1 };
        command.ApplyTo(place);
        var view = await history.RecordAsync(PlaceHistory.Kind, place, ChangeKinds.PlaceRecorded, cancellationToken);
        await PlaceFields.SaveAsync(db, place.Code, cancellationToken);
        return view;
    }
}
